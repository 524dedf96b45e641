"""PKP through the real CLI: categories, import (CSV and XLSX), results, the recorded
verification, ranking."""

import csv
import io
import json

import pytest

from tests.e2e.conftest import SAMPLES
from tpcb.settings import get_settings
from tpcb.wiring import build_app

SA_CSV = SAMPLES / "pkp_sukajaya_2025.csv"
SA_XLSX = SAMPLES / "pkp_sukajaya_2025.xlsx"
SAME = ("layanan", "manajemen", "mutu", "kategori", "kelompok", "nilai_rata", "bagian", "variabel",
        "indikator", "butir_manajemen", "tidak_dinilai", "tidak_berlaku")


def _json(cli, *args):
    return json.loads(cli.ok(*args, "--format", "json").out)


def _pkp_rows(tahun: int) -> list:
    """What the database holds, read directly (not through the commands under test)."""
    get_settings.cache_clear()
    with build_app().repo() as repo:
        return repo.pkp_list(tahun, "puskesmas") + repo.pkp_list(tahun, "verifikasi")


def _sa(tmp_path, name: str, factor: float = 1.0, replace: dict | None = None):
    """A copy of the sample SA: indicator achievements times `factor`, some cells replaced."""
    rows = list(csv.DictReader(io.StringIO(SA_CSV.read_text(encoding="utf-8"))))
    for row in rows:
        value = row["pencapaian"]
        if row["jenis"] == "indikator" and value.replace(".", "", 1).isdigit():
            row["pencapaian"] = str(int(float(value) * factor))
        for (kode, field), new in (replace or {}).items():
            if row["kode"] == kode:
                row[field] = new
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _import(cli, kode: str, tahun: int, path):
    return cli.ok("kinerja", "import", "--puskesmas", kode, "--tahun", str(tahun), path)


KETUA, ANGGOTA = "197505122003121004", "197702182005011006"  # TPCB members in tim.csv
VERIFIKASI = ["--tanggal", "2026-02-04", "--verifikator", KETUA, "--verifikator", ANGGOTA]


def _verify(cli, *args, kode="PKM-SKJ", ok=True):
    call = cli.ok if ok else cli
    return call("kinerja", "verifikasi", "--puskesmas", kode, "--tahun", "2025", *VERIFIKASI, *args)


# -- kategori ------------------------------------------------------------------------------------
@pytest.mark.parametrize("layanan,manajemen,mutu,expected", [
    ("90.99", "8.5", "91", ("Cukup", "Baik", "Baik", "Cukup")),
    ("91", "8,5", "100", ("Baik", "Baik", "Baik", "Baik")),
    ("81", "5,49", "80,99", ("Cukup", "Kurang", "Kurang", "Kurang")),
    ("95", "8,49", "92", ("Baik", "Cukup", "Baik", "Cukup")),
    ("91%", "5.5", "81", ("Baik", "Cukup", "Cukup", "Cukup")),
    ("0", "0", "0", ("Kurang", "Kurang", "Kurang", "Kurang")),
    ("100", "10", "100", ("Baik", "Baik", "Baik", "Baik")),
    ("99", "9", "80", ("Baik", "Baik", "Kurang", "Kurang")),  # the Puskesmas takes the lowest
])
def test_kategori_edges(cli, layanan, manajemen, mutu, expected):
    got = _json(cli, "kinerja", "kategori", "--layanan", layanan, "--manajemen", manajemen,
                "--mutu", mutu)
    assert got == dict(zip(("layanan", "manajemen", "mutu", "puskesmas"), expected, strict=True))
    assert list(got) == ["layanan", "manajemen", "mutu", "puskesmas"]


def test_kategori_table(cli):
    out = cli.ok("kinerja", "kategori", "--layanan", "90,99", "--manajemen", "8,5", "--mutu", "91").out
    assert "90,99" in out and "8,50" in out
    assert "Kategori Puskesmas: Cukup" in out


@pytest.mark.parametrize("args,message", [
    (["--layanan", "abc", "--manajemen", "8", "--mutu", "90"], "Nilai layanan 'abc' bukan angka"),
    (["--layanan", "-1", "--manajemen", "8", "--mutu", "90"], "Nilai layanan -1 di luar rentang 0–100"),
    (["--layanan", "101", "--manajemen", "8", "--mutu", "90"], "Nilai layanan 101 di luar rentang 0–100"),
    (["--layanan", "90", "--manajemen", "11", "--mutu", "90"], "Nilai manajemen 11 di luar rentang 0–10"),
    (["--layanan", "90", "--manajemen", "8", "--mutu", "-0,5"], "Nilai mutu -0,5 di luar rentang"),
    (["--layanan", "1.234", "--manajemen", "8", "--mutu", "90"], "ambigu"),
    (["--layanan", "90", "--manajemen", "8", "--mutu", "90", "--format", "xml"], "Format 'xml'"),
    (["--layanan", "90", "--manajemen", "8"], "wajib belum diisi: --mutu"),
])
def test_kategori_refuses_bad_values(cli, args, message):
    r = cli("kinerja", "kategori", *args)
    assert r.code != 0 and message in r.err, r.err
    assert r.out == "" and "Traceback" not in r.err


def test_kategori_follows_the_office_thresholds(cli, monkeypatch):
    """An office's own decree (TPCB_KINERJA_AMBANG) moves the bounds; the defaults stay KEENAM's."""
    args = ("kinerja", "kategori", "--layanan", "88", "--manajemen", "7,6", "--mutu", "95")
    assert _json(cli, *args)["puskesmas"] == "Cukup"
    monkeypatch.setenv("TPCB_KINERJA_AMBANG", '{"layanan_baik": 85, "manajemen_baik": 7.5}')
    assert _json(cli, *args) == {"layanan": "Baik", "manajemen": "Baik", "mutu": "Baik",
                                 "puskesmas": "Baik"}
    monkeypatch.setenv("TPCB_KINERJA_AMBANG__MUTU_BAIK", "96")  # one bound by its own variable
    assert _json(cli, *args)["mutu"] == "Cukup"


@pytest.mark.parametrize("name,value,message", [
    ("TPCB_KINERJA_AMBANG__LAYANAN_BAIK", "70", "batas layanan: harus 0 < cukup < baik <= 100"),
    ("TPCB_KINERJA_AMBANG__MANAJEMEN_CUKUP", "lima", "TPCB_KINERJA_AMBANG__MANAJEMEN_CUKUP='lima'"),
    ("TPCB_KINERJA_AMBANG", '{"layanan_bagus": 90}', "TPCB_KINERJA_AMBANG__LAYANAN_BAGUS"),
    ("TPCB_KINERJA_AMBANG", "{90", "bukan JSON yang sah"),
])
def test_bad_thresholds_are_refused_before_anything_runs(cli, monkeypatch, name, value, message):
    cli.seeded()
    monkeypatch.setenv(name, value)
    r = cli("kinerja", "import", "--puskesmas", "PKM-SKJ", "--tahun", "2025", SA_CSV)
    assert r.code == 1 and "Pengaturan tidak sah" in r.err and message in r.err, r.err
    assert "Traceback" not in r.err and "ValidationError" not in r.err
    monkeypatch.delenv(name)
    assert _pkp_rows(2025) == []


def test_hitung_and_peringkat_follow_the_office_thresholds(cli, monkeypatch):
    cli.seeded()
    _import(cli, "PKM-SKJ", 2025, SA_CSV)  # 87,95 / 7,53 / 94,64: Cukup on the defaults
    monkeypatch.setenv("TPCB_KINERJA_AMBANG", '{"layanan_baik": 85, "manajemen_baik": 7.5}')
    got = _json(cli, "kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2025")
    assert got["kategori"]["puskesmas"] == "Baik" and got["kelompok"] == "I"
    ranked = _json(cli, "kinerja", "peringkat", "--tahun", "2025")["peringkat"]
    assert [(p["puskesmas"], p["kelompok"]) for p in ranked] == [("PKM-SKJ", "I")]


# -- import and hitung ---------------------------------------------------------------------------
def test_import_csv_and_xlsx_give_the_same_numbers(cli):
    cli.seeded()
    r = cli.ok("kinerja", "import", "--puskesmas", "PKM-SKJ", "--tahun", "2025", SA_CSV)
    assert "87,95" in r.out and "7,53" in r.out and "94,64" in r.out
    assert "Kategori Puskesmas: Cukup (kelompok II)" in r.out
    assert "tpcb kinerja verifikasi --puskesmas PKM-SKJ --tahun 2025" in r.out
    from_csv = _json(cli, "kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2025")
    _import(cli, "pkm-skj", 2024, SA_XLSX)  # the same figures as an Excel workbook, another year
    from_xlsx = _json(cli, "kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2024")
    assert {k: from_csv[k] for k in SAME} == {k: from_xlsx[k] for k in SAME}
    assert (from_csv["layanan"], from_csv["manajemen"], from_csv["mutu"]) == (87.95, 7.53, 94.64)
    assert from_csv["kategori"] == {"layanan": "Cukup", "manajemen": "Cukup", "mutu": "Baik",
                                    "puskesmas": "Cukup"}
    # PKP is not the SA of the standard: nothing is filed as evidence c-d1.
    assert json.loads(cli.ok("artefact", "list", "--format", "json").out) == []
    assert len(_pkp_rows(2025)) == len(_pkp_rows(2024)) == 1


def test_reimport_replaces_instead_of_duplicating(cli, tmp_path):
    cli.seeded()
    _import(cli, "PKM-SKJ", 2025, SA_CSV)
    weaker = _sa(tmp_path, "pkp_sukajaya_2025.csv", factor=0.6)
    out = _import(cli, "PKM-SKJ", 2025, weaker).out
    assert "menggantikan data PKP 2025 sebelumnya" in out and "Kurang" in out
    assert len(_pkp_rows(2025)) == 1
    assert _json(cli, "kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2025")["layanan"] == 54.48


def test_broken_csv_is_refused_and_nothing_is_stored(cli, tmp_path):
    cli.seeded()
    bad = _sa(tmp_path, "pkp_rusak.csv", replace={("A.2", "pencapaian"): "tujuh ratus",
                                                   ("E.A1.1", "nilai"): "5"})
    r = cli("kinerja", "import", "--puskesmas", "PKM-SKJ", "--tahun", "2025", bad)
    assert r.code == 1 and "tidak ada data yang disimpan" in r.err
    assert "baris 3, kolom 'pencapaian'" in r.err and "bukan angka" in r.err
    assert "baris 190, kolom 'nilai'" in r.err and "0, 4, 7 atau 10" in r.err
    assert _pkp_rows(2025) == []
    assert json.loads(cli.ok("artefact", "list", "--format", "json").out) == []
    assert not [p for p in (tmp_path / "home" / "objects").rglob("*") if p.is_file()]
    r = cli("kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2025")
    assert r.code == 1 and "Belum ada penilaian kinerja" in r.err


@pytest.mark.parametrize("args,message", [
    (["--puskesmas", "PKM-XXX", "--tahun", "2025", SA_CSV], "tidak terdaftar"),
    (["--puskesmas", "PKM-SKJ", "--tahun", "duaribu", SA_CSV], "bukan tahun"),
    (["--puskesmas", "PKM-SKJ", "--tahun", "2025", SAMPLES / "dinkes.yaml"], ".csv atau .xlsx"),
    (["--puskesmas", "PKM-SKJ", "--tahun", "2025", SAMPLES / "tidak-ada.csv"], "tidak ditemukan"),
    (["--puskesmas", "PKM-SKJ", "--tahun", "2025", "--tanggal", "2026-01-20", SA_CSV],
     "Opsi tidak dikenal: --tanggal"),
])
def test_import_bad_arguments(cli, args, message):
    cli.seeded()
    r = cli("kinerja", "import", *args)
    assert r.code != 0 and message in r.err
    assert _pkp_rows(2025) == []


def test_hitung_json_and_table(cli):
    cli.seeded()
    _import(cli, "PKM-SKJ", 2025, SA_CSV)
    got = _json(cli, "kinerja", "hitung", "--puskesmas", "pkm-skj", "--tahun", "2025")
    assert (got["puskesmas"], got["tahun"], got["versi"]) == ("PKM-SKJ", 2025, "puskesmas")
    sections = {s["kode"]: round(s["rata"], 2) for s in got["bagian"]}
    assert sections == {"spm": 89.52, "ukm_esensial": 90.73, "ukm_pengembangan": 78.51, "ukp": 93.03,
                        "mutu": 94.64}
    assert got["kelompok"] == "II" and got["nilai_rata"] == 85.96
    assert got["tidak_berlaku"] == ["B.E2.1", "B.E2.3", "B.H.7"]
    a1 = next(i for i in got["indikator"] if i["kode"] == "A.1")
    assert (a1["sasaran"], a1["pencapaian"]) == (812, 809)
    table = cli.ok("kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2025").out
    assert "UKM Pengembangan" in table and "78,51" in table and "kelompok II" in table
    r = cli("kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2025", "--versi", "verifikasi")
    assert r.code == 1 and "versi verifikasi" in r.err and "tpcb kinerja verifikasi" in r.err
    r = cli("kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2025", "--versi", "dinkes")
    assert r.code == 1 and "Versi 'dinkes' tidak dikenal" in r.err


# -- verifikasi ----------------------------------------------------------------------------------
def test_verifikasi_flags_exactly_the_changed_indicator(cli, tmp_path):
    cli.seeded()
    _import(cli, "PKM-SKJ", 2025, SA_CSV)
    verified = _sa(tmp_path, "verifikasi.csv", replace={("A.1", "pencapaian"): "700"})
    got = json.loads(_verify(cli, verified, "--format", "json").out)
    assert [row["kode"] for row in got["ditandai"]] == ["A.1"]
    row = got["ditandai"][0]
    assert (row["pencapaian_sendiri"], row["pencapaian_verifikasi"]) == (809, 700)
    assert row["selisih"] == pytest.approx(700 / 812 * 100 - 809 / 812 * 100)
    assert got["nilai"]["layanan"]["puskesmas"] == 87.95
    assert got["nilai"]["layanan"]["verifikasi"] < 87.95
    assert got["nilai"]["mutu"]["verifikasi"] == got["nilai"]["mutu"]["puskesmas"]
    assert got["kategori"]["puskesmas"] == "Cukup" and got["kelompok"] == "II"
    stored = _json(cli, "kinerja", "hitung", "--puskesmas", "PKM-SKJ", "--tahun", "2025",
                   "--versi", "verifikasi")
    assert stored["layanan"] == got["nilai"]["layanan"]["verifikasi"]
    table = _verify(cli, verified).out
    assert "Butir yang berbeda: 1" in table and "812/809 → 812/700" in table
    assert "Kategori Puskesmas hasil verifikasi: Cukup" in table
    assert "Verifikasi tercatat (2026-02-04, 2 verifikator)" in table
    assert len(_pkp_rows(2025)) == 2  # the verified version replaced itself, no duplicate
    with build_app().repo() as repo:
        rec = repo.verifikasi_kinerja(2025, "PKM-SKJ")
    assert rec.verifikator == [KETUA, ANGGOTA] and [p["kode"] for p in rec.perubahan] == ["A.1"]


def test_verifikasi_without_a_file_confirms_the_puskesmas_figures(cli):
    cli.seeded()
    _import(cli, "PKM-SKJ", 2025, SA_CSV)
    out = _verify(cli).out
    assert "Nilai Puskesmas sesuai dengan hasil verifikasi" in out
    got = json.loads(_verify(cli, SA_XLSX, "--format", "json").out)
    assert got["ditandai"] == []


@pytest.mark.parametrize("args,message", [
    (["--tanggal", "2026-02-04", "--verifikator", "199901012020011001"], "bukan anggota TPCB"),
    (["--tanggal", "2099-02-04", "--verifikator", KETUA], "belum terjadi"),
    (["--tanggal", "2024-12-30", "--verifikator", KETUA], "sebelum tahun PKP 2025"),
    (["--tanggal", "04/02/2026", "--verifikator", KETUA], "bukan tanggal"),
    (["--verifikator", KETUA], "--tanggal"),
    (["--tanggal", "2026-02-04"], "--verifikator"),
])
def test_verifikasi_refuses_what_did_not_happen(cli, args, message):
    cli.seeded()
    _import(cli, "PKM-SKJ", 2025, SA_CSV)
    r = cli("kinerja", "verifikasi", "--puskesmas", "PKM-SKJ", "--tahun", "2025", *args)
    assert r.code != 0 and message in r.err
    assert [row.versi for row in _pkp_rows(2025)] == ["puskesmas"]
    with build_app().repo() as repo:
        assert repo.verifikasi_kinerja(2025, "PKM-SKJ") is None


def test_verifikasi_without_own_pkp_is_refused_and_stores_nothing(cli, tmp_path):
    cli.seeded()
    r = _verify(cli, SA_CSV, ok=False)
    assert r.code == 1 and "belum diimpor" in r.err and "tpcb kinerja import" in r.err
    assert _pkp_rows(2025) == []
    _import(cli, "PKM-SKJ", 2025, SA_CSV)
    bad = _sa(tmp_path, "verifikasi.csv", replace={("A.3", "sasaran"): "-5"})
    r = _verify(cli, bad, ok=False)
    assert r.code == 1 and "baris 4, kolom 'sasaran'" in r.err
    assert [row.versi for row in _pkp_rows(2025)] == ["puskesmas"]


# -- peringkat -----------------------------------------------------------------------------------
def test_peringkat_orders_and_prefers_verified_values(cli, tmp_path):
    cli.seeded()
    _import(cli, "PKM-SKJ", 2025, SA_CSV)  # Cukup, nilai rata 85,96
    _import(cli, "PKM-MKS", 2025, _sa(tmp_path, "mks.csv", factor=0.6))  # Kurang, 62,33
    got = _json(cli, "kinerja", "peringkat", "--tahun", "2025")
    assert [(p["urutan"], p["puskesmas"], p["kelompok"], p["versi"]) for p in got["peringkat"]] == [
        (1, "PKM-SKJ", "II", "puskesmas"), (2, "PKM-MKS", "III", "puskesmas")]
    assert got["kelompok"] == {"I": [], "II": ["PKM-SKJ"], "III": ["PKM-MKS"]}
    assert sorted(got["tanpa_data"]) == ["PKM-KRA", "PKM-SDM", "PKM-TJW"]
    # The Dinkes verifies Sukajaya much lower (Kurang, 56,79): the verified values count.
    _verify(cli, _sa(tmp_path, "skj_verifikasi.csv", factor=0.5))
    got = _json(cli, "kinerja", "peringkat", "--tahun", "2025")
    assert [(p["puskesmas"], p["kategori"], p["versi"]) for p in got["peringkat"]] == [
        ("PKM-MKS", "Kurang", "puskesmas"), ("PKM-SKJ", "Kurang", "verifikasi")]
    assert got["peringkat"][0]["nilai_rata"] > got["peringkat"][1]["nilai_rata"]
    table = cli.ok("kinerja", "peringkat", "--tahun", "2025").out
    assert "Kelompok III" in table and "Kelompok II" not in table.replace("Kelompok III", "")
    assert table.index("PKM-MKS") < table.index("PKM-SKJ")
    assert _json(cli, "kinerja", "peringkat", "--tahun", "2024")["peringkat"] == []
    assert "Belum ada penilaian kinerja tahun 2024" in cli.ok("kinerja", "peringkat", "--tahun", "2024").out
