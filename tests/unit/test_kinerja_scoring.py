"""PKP scoring: cakupan, kinerja, categories and their edges, ranking, and `hitung` on a small set
computed by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from evidence.errors import InputError
from evidence.kinerja import (
    NilaiIndikator,
    SelfAssessment,
    Thresholds,
    cakupan,
    hitung,
    kategori,
    kelompok,
    kinerja,
    parse_perangkat,
    parse_score,
    peringkat,
)

SMALL = parse_perangkat("""
sumber: uji
bagian:
- kode: A
  section: spm
  judul: SPM
  variabel:
  - kode: ""
    nama: SPM
    indikator:
    - {nomor: "1", nama: Ibu hamil, satuan: "%", target: "100"}
    - {nomor: "2", nama: Balita, satuan: "%", target: "100"}
- kode: B
  section: ukm_esensial
  judul: UKM esensial
  variabel:
  - kode: A1
    nama: Pemberdayaan
    indikator:
    - {nomor: "1", nama: Posyandu mandiri, satuan: "%", target: "28"}
    - {nomor: "2", nama: Poskestren aktif, satuan: "%", target: "50"}
  - kode: C6
    nama: Gizi
    indikator:
    - {nomor: "1", nama: Prevalensi stunting, satuan: "%", target: "21", arah: lower}
    - {nomor: "2", nama: Gizi buruk dirawat, satuan: "%", target: "100"}
- kode: E
  section: mutu
  judul: Mutu
  variabel:
  - kode: B1
    nama: INM
    indikator:
    - {nomor: "1a", nama: Kebersihan tangan, satuan: "%", target: "100%"}
    - {nomor: "1b", nama: APD, satuan: "%", target: "100%"}
manajemen:
- kode: A1
  nama: Umum
  butir:
  - {nomor: "1", nama: Ijin, level: [belum, diajukan, diverifikasi, ada]}
  - {nomor: "2", nama: SO, level: [tidak, separuh, lengkap, dilaksanakan]}
  - {nomor: "3", nama: RSB, level: [tidak punya, null, null, punya]}
  - {nomor: "4", nama: RUK, level: [tidak, beberapa, sebagian, seluruh]}
""")


def n(sasaran: float, pencapaian: float) -> NilaiIndikator:
    return NilaiIndikator(sasaran=sasaran, pencapaian=pencapaian)


SA = SelfAssessment(
    puskesmas="PKM-UJI", tahun=2025,
    indikator={"A.1": n(200, 180), "A.2": n(400, 420), "B.A1.1": n(50, 7), "B.A1.2": n(4, 2),
               "B.C6.1": n(1000, 300), "B.C6.2": n(0, 0), "E.B1.1a": n(100, 85), "E.B1.1b": n(50, 48)},
    manajemen={"E.A1.1": 10, "E.A1.2": 7, "E.A1.3": 0},
)


# -- single indicators ------------------------------------------------------------------------
def test_cakupan_is_pencapaian_over_sasaran_times_factor():
    assert cakupan(180, 200) == 90.0  # 180 / 200 x 100
    assert cakupan(1, 770, 100000) == pytest.approx(129.87, abs=0.01)  # 1 / 770 x 100.000


def test_cakupan_refuses_sasaran_zero_and_negative_values():
    with pytest.raises(InputError, match="Sasaran 0"):
        cakupan(0, 0)
    with pytest.raises(InputError, match="negatif"):
        cakupan(-1, 10)


def test_kinerja_higher_is_better_is_capped_at_100():
    assert kinerja(14, 28) == 50.0  # 14 / 28 x 100
    assert kinerja(105, 100) == 100.0  # 105 % of target, capped
    assert kinerja(40, 28) == 100.0


def test_kinerja_lower_is_better():
    assert kinerja(30, 21, "lower") == pytest.approx(70.0)  # above target: 21 / 30 x 100
    assert kinerja(21, 21, "lower") == 100.0  # meeting the bound counts as met
    assert kinerja(14.5, 21, "lower") == 100.0  # below target
    assert kinerja(0, 21, "lower") == 100.0
    assert kinerja(0, 0, "lower") == 100.0  # target 0 (angka kematian malaria), nothing happened
    assert kinerja(0.5, 0, "lower") == 0.0  # target 0, something happened


def test_kinerja_refuses_target_zero_when_higher_is_better_and_unknown_direction():
    with pytest.raises(InputError, match="Target 0"):
        kinerja(10, 0)
    with pytest.raises(InputError, match="Arah"):
        kinerja(10, 10, "naik")


# -- categories --------------------------------------------------------------------------------
@pytest.mark.parametrize(("layanan", "expected"), [
    (100, "Baik"), (91, "Baik"), (90.99, "Cukup"), (90.5, "Cukup"), (81, "Cukup"), (80.99, "Kurang"),
    (80.5, "Kurang"), (0, "Kurang"),
])
def test_layanan_and_mutu_edges(layanan, expected):
    assert kategori(layanan, 10, 100)["layanan"] == expected
    assert kategori(100, 10, layanan)["mutu"] == expected


@pytest.mark.parametrize(("manajemen", "expected"), [
    (10, "Baik"), (8.5, "Baik"), (8.49, "Cukup"), (8.45, "Cukup"), (5.5, "Cukup"), (5.49, "Kurang"),
    (0, "Kurang"),
])
def test_manajemen_edges(manajemen, expected):
    assert kategori(100, manajemen, 100)["manajemen"] == expected


def test_puskesmas_category_is_the_lowest_of_the_three():
    assert kategori(95, 9, 95)["puskesmas"] == "Baik"
    assert kategori(95, 8.49, 95)["puskesmas"] == "Cukup"
    assert kategori(85, 9, 70)["puskesmas"] == "Kurang"
    assert kategori(95, 5.49, 85) == {"layanan": "Baik", "manajemen": "Kurang", "mutu": "Cukup",
                                      "puskesmas": "Kurang"}


def test_thresholds_are_configuration():
    strict = Thresholds(layanan_baik=95, layanan_cukup=85)
    assert kategori(93, 9, 95, strict)["layanan"] == "Cukup"
    assert kategori(93, 9, 95)["layanan"] == "Baik"
    with pytest.raises(ValueError, match="cukup < baik"):
        Thresholds(manajemen_baik=5, manajemen_cukup=6)


@pytest.mark.parametrize(("args", "message"), [
    ((101, 9, 90), "Nilai layanan 101 di luar rentang 0–100"),
    ((90, 11, 90), "Nilai manajemen 11 di luar rentang 0–10"),
    ((90, 9, -1), "Nilai mutu -1 di luar rentang 0–100"),
    ((90, 10.5, 90), "Nilai manajemen 10,5 di luar rentang 0–10"),
    ((90, float("nan"), 90), "Nilai manajemen 'nan' bukan angka"),
    (("90", 9, 90), "Nilai layanan '90' bukan angka"),
])
def test_kategori_refuses_values_out_of_range(args, message):
    with pytest.raises(InputError, match=message):
        kategori(*args)


def test_parse_score_accepts_comma_decimal_and_percent():
    assert parse_score("8,5", "manajemen", 10) == 8.5
    assert parse_score(" 8.5 ", "manajemen", 10) == 8.5
    assert parse_score("91%", "layanan", 100) == 91.0


@pytest.mark.parametrize(("text", "maximum", "message"), [
    ("abc", 10, "Nilai manajemen 'abc' bukan angka"),
    ("", 10, "Nilai manajemen '' bukan angka"),
    ("11", 10, "Nilai manajemen 11 di luar rentang 0–10"),
    ("-0,5", 10, "Nilai manajemen -0,5 di luar rentang 0–10"),
    ("1.234", 100, "ambigu"),
    ("nan", 10, "bukan angka"),
])
def test_parse_score_refuses(text, maximum, message):
    with pytest.raises(InputError, match=message):
        parse_score(text, "manajemen", maximum)


# -- ranking ------------------------------------------------------------------------------------
def test_kelompok_follows_the_category():
    assert [kelompok(k) for k in ("Baik", "Cukup", "Kurang")] == ["I", "II", "III"]
    with pytest.raises(InputError):
        kelompok("Sedang")


def test_ranking_sorts_by_category_then_mean_score():
    def pkm(kode, layanan, manajemen, mutu):
        return SimpleNamespace(puskesmas=kode, layanan=layanan, manajemen=manajemen, mutu=mutu)

    ranked = peringkat([
        pkm("PKM-C", 99, 8.0, 99),  # Cukup (manajemen); mean (99 + 99 + 80) / 3 = 92.67
        pkm("PKM-D", 85, 6.0, 70),  # Kurang (mutu); mean 71.67
        pkm("PKM-B", 92, 8.6, 99),  # Baik; mean (92 + 99 + 86) / 3 = 92.33
        pkm("PKM-E", 82, 6.0, 82),  # Cukup; mean 74.67
        pkm("PKM-A", 95, 9.0, 95),  # Baik; mean (95 + 95 + 90) / 3 = 93.33
    ])
    assert [r.puskesmas for r in ranked] == ["PKM-A", "PKM-B", "PKM-C", "PKM-E", "PKM-D"]
    assert [r.kelompok for r in ranked] == ["I", "I", "II", "II", "III"]
    assert [r.urutan for r in ranked] == [1, 2, 3, 4, 5]
    assert ranked[2].nilai_rata == pytest.approx(92.667, abs=0.001)


# -- hitung on the small set --------------------------------------------------------------------
def test_hitung_small_set_by_hand():
    r = hitung(SA, SMALL)
    kin = {i.kode: i.kinerja for i in r.indikator}
    # A.1: 180/200 x 100 = 90 -> kinerja 90;  A.2: 420/400 x 100 = 105 -> capped at 100
    assert kin["A.1"] == pytest.approx(90) and kin["A.2"] == 100
    # B.A1.1: 7/50 x 100 = 14 -> 14/28 x 100 = 50;  B.A1.2: 2/4 x 100 = 50 -> 50/50 x 100 = 100
    assert kin["B.A1.1"] == pytest.approx(50) and kin["B.A1.2"] == pytest.approx(100)
    # B.C6.1 (lower, target 21): 300/1000 x 100 = 30 > 21 -> 21/30 x 100 = 70
    assert kin["B.C6.1"] == pytest.approx(70)
    # B.C6.2: sasaran 0, pencapaian 0 -> tidak berlaku, outside every mean
    assert kin["B.C6.2"] is None and r.tidak_berlaku == ("B.C6.2",)
    variabel = {v.kode: v.rata for v in r.variabel}
    # SPM (90 + 100) / 2 = 95;  A1 (50 + 100) / 2 = 75;  C6 = 70 (only the applicable indicator)
    assert variabel == pytest.approx({"A": 95, "B.A1": 75, "B.C6": 70, "E.B1": 90.5})
    # UKM esensial = mean of its variabel means (75 + 70) / 2 = 72.5, not the flat 73.33
    assert r.section_rata("ukm_esensial") == pytest.approx(72.5)
    # layanan = mean of section means (95 + 72.5) / 2 = 83.75
    assert r.layanan == 83.75
    # mutu: 85/100 -> 85; 48/50 -> 96; (85 + 96) / 2 = 90.5
    assert r.mutu == 90.5
    # manajemen: (10 + 7 + 0) / 3 = 5.666.. -> 5.67
    assert r.manajemen == 5.67
    assert r.kategori == {"layanan": "Cukup", "manajemen": "Cukup", "mutu": "Cukup", "puskesmas": "Cukup"}
    assert r.kelompok == "II"
    assert r.tidak_dinilai == ("E.A1.4",)
    assert r.butir_manajemen[0].uraian == "ada"


def test_hitung_refuses_unknown_kode_bad_score_and_missing_parts():
    with pytest.raises(InputError, match="Kode tidak dikenal.*X.9"):
        hitung(SA.model_copy(update={"indikator": {**SA.indikator, "X.9": n(1, 1)}}), SMALL)
    with pytest.raises(InputError, match=r"E.A1.3 = 4; yang boleh: 0, 10"):
        hitung(SA.model_copy(update={"manajemen": {"E.A1.3": 4}}), SMALL)
    with pytest.raises(InputError, match="pencapaian 3 tanpa sasaran"):
        hitung(SA.model_copy(update={"indikator": {**SA.indikator, "B.C6.2": n(0, 3)}}), SMALL)
    with pytest.raises(InputError, match="belum memuat nilai manajemen"):
        hitung(SA.model_copy(update={"manajemen": {}}), SMALL)
    with pytest.raises(InputError, match="Kode ganda"):
        hitung(SA.model_copy(update={"manajemen": {"E.A1.1": 10, "e.a1.1": 7}}), SMALL)
