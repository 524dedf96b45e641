"""The packaged PKP instrument (Kabupaten Pati) and the rules used to read any instrument YAML."""

from __future__ import annotations

import re

import pytest

from evidence.errors import CatalogueError
from evidence.kinerja import load_perangkat, parse_perangkat, parse_target
from evidence.kinerja.model import faktor_satuan

P = load_perangkat()
# Rates of bad outcomes: the name says so, the direction must be lower (model.py, rule 2).
BAD_OUTCOME = re.compile(r"angka kematian|angka kesakitan|prevalensi|gizi buruk$|bumil kek$|anemia"
                         r"|berat badan lahir rendah|rujukan", re.IGNORECASE)
NOT_BAD = re.compile(r"skrining|diskrining|mendapat|ditangani", re.IGNORECASE)

MINI = """
sumber: uji
bagian:
- kode: A
  section: spm
  judul: SPM
  variabel:
  - kode: ""
    nama: SPM
    indikator:
    - {nomor: "1", nama: Satu, satuan: "%", target: "100"}
    {extra}
manajemen:
- kode: A1
  nama: Umum
  butir:
  - {nomor: "1", nama: Ijin, level: [tidak, sebagian, hampir, ada]}
"""


def mini(extra: str = "") -> str:
    return MINI.replace("{extra}", extra)


def test_packaged_set_has_the_twelve_spm_indicators_in_order():
    spm = P.section("spm")
    assert [i.kode for i in spm] == [f"A.{n}" for n in range(1, 13)]
    assert spm[0].nama == "Pelayanan kesehatan ibu hamil"
    assert spm[-1].nama == "Pelayanan kesehatan orang dengan risiko terinfeksi HIV"
    assert all(i.target == 100 and i.arah == "higher" and i.faktor == 100 for i in spm)


def test_packaged_set_covers_every_section_and_the_management_items():
    counts = {s: len(P.section(s)) for s in ("spm", "ukm_esensial", "ukm_pengembangan", "ukp", "mutu")}
    assert counts == {"spm": 12, "ukm_esensial": 133, "ukm_pengembangan": 12, "ukp": 25, "mutu": 6}
    variabel = {i.variabel_kode for i in P.section("ukm_esensial")}
    for kode in ("A1", "A4", "B1", "B4", "C1", "C6", "D1", "D6", "E1", "E4", "F1", "F2", "G", "H", "I"):
        assert f"B.{kode}" in variabel
    kelompok = [b.kelompok_kode for b in P.manajemen]
    assert sorted(set(kelompok)) == ["E.A1", "E.A2", "E.A3", "E.A4", "E.A5", "E.A6", "E.B2", "E.B3"]
    assert len(P.manajemen) == 38
    assert P.cari_indikator("b.a1.1").variabel == "A1 Pemberdayaan Masyarakat"


def test_management_levels_carry_the_decree_texts_and_only_described_scores():
    ijin = P.cari_butir("E.A1.1")
    assert ijin.level[0] == "Belum mengajukan ijin"
    assert ijin.level[10] == "Sudah ada ijin operasional"
    assert ijin.nilai_boleh == (0, 4, 7, 10)
    assert P.cari_butir("E.A2.1").nilai_boleh == (0, 10)  # RSB: "Tidak punya" / "Punya"
    assert P.cari_butir("E.B3.3").nilai_boleh == (0, 7, 10)  # audit: no text for 4


def test_targets_with_operators_set_the_direction():
    assert P.cari_indikator("D.A1.3").arah == "lower"  # "≤ 2 %"
    assert P.cari_indikator("D.A1.3").target == 2
    assert P.cari_indikator("B.C6.B.4").arah == "lower"  # "<20"
    assert P.cari_indikator("B.E1.4").arah == "higher"  # "≥ 95"
    assert P.cari_indikator("B.H.5").target == 80  # "> 80 %"
    for ind in P.indikator:
        if re.match(r"\s*[<≤]", ind.target_teks):
            assert ind.arah == "lower", ind.kode


def test_bad_outcome_rates_are_lower_is_better_and_their_treatment_is_not():
    lower = [i for i in P.indikator if BAD_OUTCOME.search(i.nama) and not NOT_BAD.search(i.nama)]
    assert len(lower) >= 20
    assert [i.kode for i in lower if i.arah != "lower"] == []
    assert P.cari_indikator("B.C6.C.5").arah == "higher"  # gizi buruk mendapat perawatan
    assert P.cari_indikator("B.C6.A.4").arah == "higher"  # bumil KEK mendapatkan PMT-P
    assert P.cari_indikator("B.C5.B.2").arah == "higher"  # skrining anemia


def test_units_give_the_cakupan_factor():
    assert P.cari_indikator("B.C1.A.1").faktor == 100000  # AKI per 100.000 KH
    assert P.cari_indikator("B.C1.B.1").faktor == 1000  # AKB per 1.000 KH
    assert P.cari_indikator("D.A1.2").faktor == 1000  # angka kontak, ‰
    assert P.cari_indikator("D.A2.4").faktor == 1  # LOS in days, stated in the YAML
    ramah = P.cari_indikator("B.C2.8")
    assert (ramah.ya_tidak, ramah.target, ramah.faktor) == (True, 1.0, 1.0)


@pytest.mark.parametrize(("text", "expected"), [
    ("100", (100.0, None, False)), ("<20", (20.0, "lower", False)), ("≤ 2 %", (2.0, "lower", False)),
    ("≥ 95", (95.0, "higher", False)), ("> 0,8", (0.8, "higher", False)), ("0,1", (0.1, None, False)),
    ("≥76.61", (76.61, "higher", False)), ("<3/100.000 pend", (3.0, "lower", False)),
    ("Ada", (1.0, None, True)), ("ya", (1.0, None, True)),
])
def test_parse_target(text, expected):
    assert parse_target(text) == expected


def test_parse_target_refuses_text_without_number():
    with pytest.raises(ValueError, match="bukan angka"):
        parse_target("Maks tgl 5")


@pytest.mark.parametrize(("satuan", "faktor"), [
    ("%", 100.0), ("‰", 1000.0), ("per 1000 penduduk", 1000.0), ("per 1.000 kelahiran hidup", 1000.0),
    ("per 100.000 penduduk", 100000.0), ("per 100 rb penduduk", 100000.0), ("ya/tdk", 1.0),
    ("kali", None), ("Kasus", None),
])
def test_faktor_satuan(satuan, faktor):
    assert faktor_satuan(satuan) == faktor


def test_a_minimal_instrument_parses():
    p = parse_perangkat(mini())
    assert [i.kode for i in p.indikator] == ["A.1"]
    assert [b.kode for b in p.manajemen] == ["E.A1.1"]


@pytest.mark.parametrize(("extra", "message"), [
    ('- {nomor: "2", nama: Dua, satuan: "%", target: "≤ 2", arah: higher}', "A.2: arah higher bertentangan"),
    ('- {nomor: "2", nama: Dua, satuan: kali, target: "2"}', "A.2: satuan 'kali' tidak menentukan faktor"),
    ('- {nomor: "2", nama: Dua, satuan: "%", target: "0"}', "A.2: target 0 hanya boleh"),
    ('- {nomor: "2", nama: Dua, satuan: "%", target: Maks tgl 5}', "A.2: target 'Maks tgl 5' bukan angka"),
    ('- {nomor: "1", nama: Lagi, satuan: "%", target: "100"}', "kode 'A.1' ganda"),
    ('- {nomor: "2", nama: Dua, satuan: "%", target: "9", warna: merah}', "warna"),
])
def test_instrument_defects_are_refused(extra, message):
    with pytest.raises(CatalogueError, match=re.escape(message)):
        parse_perangkat(mini(extra))


def test_instrument_that_is_not_yaml_is_refused():
    with pytest.raises(CatalogueError, match="bukan YAML"):
        parse_perangkat("bagian: [tidak ditutup")
