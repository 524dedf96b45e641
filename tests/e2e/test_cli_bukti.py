"""The truthful evidence commands through the real CLI: SA of the standard, signing a document,
the visit inputs, and the surveyor's assessment, with their refusals (on both back ends)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from tests.e2e.conftest import SAMPLES
from tests.samples import pdf_bytes
from tpcb.settings import get_settings
from tpcb.wiring import build_app

SA_CSV = SAMPLES / "sa_sukajaya_2026.csv"
SA_XLSX = SAMPLES / "sa_sukajaya_2026.xlsx"
PASSWORD = "sandi-surveior-uji-2026"


def _items(cli, kode: str) -> dict:
    data = json.loads(cli.ok("completeness", "--puskesmas", kode, "--tahun", "2026",
                             "--format", "json").out)
    return {i["id"]: i for e in data["puskesmas"][0]["ep"] for i in e["butir"]}


def _stored(kode: str, tahun: int = 2026):
    get_settings.cache_clear()
    with build_app().repo() as repo:
        return repo.sa_standar(tahun, kode), repo.artefacts(pemilik=kode)


def test_sa_import_and_show(any_cli):
    cli = any_cli.seeded()
    r = cli.ok("sa", "import", "--puskesmas", "pkm-kra", "--tahun", "2026", "--tanggal",
               "2026-01-20", SA_XLSX)
    assert "SA PKM-KRA tahun 2026: 74 EP" in r.out and "83,3%" in r.out
    assert "Kriteria 1.7.1: EP a TL" in r.out and "EP h TS" in r.out
    shown = json.loads(cli.ok("sa", "show", "--puskesmas", "PKM-KRA", "--tahun", "2026",
                              "--format", "json").out)
    assert [b["bab"] for b in shown["bab"]] == ["I", "II", "III", "IV", "V"]
    assert shown["bab"][4]["capaian_persen"] == 83.3 and len(shown["ep"]) == 74
    item = _items(cli, "PKM-KRA")["c-d1"]
    assert item["status"] == "ada" and item["berkas"]["nama"] == "sa_sukajaya_2026.xlsx"


@pytest.mark.parametrize("args,message", [
    (["--tahun", "2026", "--tanggal", "2026-01-20", SAMPLES / "dinkes.yaml"], ".csv atau .xlsx"),
    (["--tahun", "2026", "--tanggal", "2025-12-20", SA_CSV], "tidak berada di tahun 2026"),
    (["--tahun", "20x6", SA_CSV], "bukan tahun"),
    (["--tahun", "2026", SAMPLES / "pkp_sukajaya_2025.csv"], "kolom tidak dikenal"),
])
def test_sa_import_refusals_store_nothing(cli, args, message):
    cli.seeded()
    r = cli("sa", "import", "--puskesmas", "PKM-KRA", *args)
    assert r.code != 0 and message in r.err and "Traceback" not in r.err
    assert _stored("PKM-KRA") == (None, [])


def _plan_year() -> None:
    """The penetapan stage's use cases called directly (the flows have their own tests)."""
    from evidence.siklus import penetapan

    get_settings.cache_clear()
    with build_app().ctx() as c:
        penetapan.tetapkan_kunjungan(c, 2026)
        penetapan.jadwal(c, 2026)


def test_a_document_counts_once_signed(cli, tmp_path):
    cli.seeded()
    _plan_year()
    jadwal = _items(cli, "PKM-KRA")["b-d1"]
    assert jadwal["status"] == "belum_ditandatangani"
    key = jadwal["berkas"]["kunci"]
    scan = tmp_path / "jadwal ttd.pdf"
    scan.write_bytes(pdf_bytes())
    r = cli("artefact", "sahkan", key, "--oleh", " ", "--file", scan)
    assert r.code == 1 and "--oleh NAMA" in r.err
    r = cli("artefact", "sahkan", "99.01/tidak/ada.docx", "--oleh", "dr. X", "--file", scan)
    assert r.code == 1 and "tidak ditemukan" in r.err
    r = cli.ok("artefact", "sahkan", key, "--oleh", "dr. Rahmat Wirasena Adiputra, M.M.Kes.",
               "--file", scan, "--tanggal", "2026-01-09")
    assert "final, ditandatangani dr. Rahmat" in r.out
    jadwal = _items(cli, "PKM-KRA")["b-d1"]
    assert jadwal["status"] == "ada" and jadwal["berkas"]["tanggal"] == "2026-01-09"
    r = cli("artefact", "add", "--dinkes", "--item", "b-r1", "--file", scan,
            "--ditandatangani-oleh", "dr. X")
    assert r.code == 1 and "hanya untuk berkas final" in r.err


def test_visit_inputs_from_yaml(cli, tmp_path):
    from tpcb import demo_data

    cli.seeded()
    _plan_year()
    hasil = tmp_path / "hasil.yaml"
    hasil.write_text(demo_data._yaml(demo_data.HASIL, 2026), encoding="utf-8")
    r = cli.ok("cycle", "hasil", "--puskesmas", "PKM-KRA", "--tahun", "2026", hasil)
    assert "3 temuan" in r.out and "--tahap pelaksanaan" in r.out
    notulen = tmp_path / "notulen.yaml"
    notulen.write_text(demo_data._yaml(demo_data.NOTULEN, 2026), encoding="utf-8")
    foto = SAMPLES.parents[1] / "doc_templates" / "assets" / "foto_contoh.png"
    r = cli.ok("cycle", "notulen", "--puskesmas", "PKM-KRA", "--tahun", "2026", notulen,
               "--foto", foto)
    assert "1 foto" in r.out
    bad = tmp_path / "hasil_rusak.yaml"
    bad.write_text("temuan: []\n", encoding="utf-8")
    r = cli("cycle", "hasil", "--puskesmas", "PKM-KRA", "--tahun", "2026", bad)
    assert r.code == 1 and "kolom 'temuan'" in r.err
    r = cli("cycle", "notulen", "--puskesmas", "PKM-KRA", "--tahun", "2026", notulen,
            "--foto", SAMPLES / "dinkes.yaml")
    assert r.code == 1 and "PNG atau JPEG" in r.err


def test_surveyor_assessment_commands(any_cli, tmp_path):
    cli = any_cli.seeded()
    get_settings.cache_clear()
    from tpcb.services.users import add_user

    with build_app().repo() as repo:
        add_user(repo, "surveior.a", "surveyor", ["PKM-KRA"], PASSWORD, oleh="uji")
        add_user(repo, "sekretariat", "sekretariat", [], PASSWORD, oleh="uji")
    base = ["penilaian", "set", "--puskesmas", "PKM-KRA", "--tahun", "2026", "--surveior", "surveior.a"]
    for ep in "abcdfgh":
        cli.ok(*base, "--ep", ep, "--nilai", "tl")
    cli.ok(*base, "--ep", "e", "--nilai", "TS", "--fakta", "RUK belum mengacu RPJM Puskesmas")
    for args, message in (
            (["--ep", "e", "--nilai", "cukup"], "pilih TL, TS, TT atau TDD"),
            (["--ep", "z", "--nilai", "TL"], "pilih a sampai h"),
            (["--ep", "e", "--nilai", "TT"], "Fakta dan analisis wajib"),
    ):
        r = cli(*base, *args)
        assert r.code == 1 and message in r.err
    r = cli("penilaian", "set", "--puskesmas", "PKM-MKS", "--tahun", "2026", "--surveior",
            "surveior.a", "--ep", "a", "--nilai", "TL")
    assert r.code == 1 and "tidak ditugaskan" in r.err
    r = cli("penilaian", "set", "--puskesmas", "PKM-KRA", "--tahun", "2026", "--surveior",
            "sekretariat", "--ep", "a", "--nilai", "TL")
    assert r.code == 1 and "Hanya surveior" in r.err
    got = json.loads(cli.ok("penilaian", "list", "--puskesmas", "PKM-KRA", "--tahun", "2026",
                            "--format", "json").out)
    assert got["skor"] == 75 and got["maksimum"] == 80 and got["capaian_persen"] == 93.8
    assert [e["nilai_surveior"] for e in got["ep"]] == ["TL"] * 4 + ["TS"] + ["TL"] * 3
    assert all(e["beda"] for e in got["ep"])  # nothing is on file: the evidence says TT
    table = cli.ok("penilaian", "list", "--puskesmas", "PKM-KRA", "--tahun", "2026").out
    assert "TS ≠" in table and "93,8%" in table
    out = tmp_path / "lembar.xlsx"
    cli.ok("penilaian", "export", "--puskesmas", "PKM-KRA", "--tahun", "2026", "--out", out)
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[7]][:3] == ["Standar", "Kriteria", "EP"]
    r = cli("penilaian", "export", "--puskesmas", "PKM-KRA", "--out", tmp_path / "x" / "l.xlsx")
    assert r.code == 1 and "foldernya tidak ada" in r.err
    r = cli("penilaian", "final", "--puskesmas", "PKM-KRA", "--tahun", "2026", "--surveior",
            "surveior.a")
    assert r.code == 0 and "final (8 EP)" in r.out
    r = cli(*base, "--ep", "a", "--nilai", "TS", "--fakta", "berubah")
    assert r.code == 1 and "sudah final" in r.err
