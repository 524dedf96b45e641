"""The registry through the real CLI: init, imports, artefact add/list/get, completeness."""

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.e2e.conftest import SAMPLES
from tests.samples import docx_bytes, pdf_bytes, zip_bomb_docx


def test_whole_registry_on_both_backends(any_cli, tmp_path):
    cli = any_cli.seeded()
    sk = tmp_path / "SK TPCB 2026.pdf"
    sk.write_bytes(pdf_bytes(2))
    r = cli.ok("artefact", "add", "--dinkes", "--item", "b-r1", "--file", sk, "--final",
               "--tanggal", "2026-01-10")
    assert "99.01/2026/dinkes/1.7.1/b/b-r1/SK_TPCB_2026.pdf" in r.out
    again = cli.ok("artefact", "add", "--dinkes", "--item", "b-r1", "--file", sk, "--final",
                   "--tanggal", "2026-01-10")
    assert "Sudah ada" in again.out
    st = tmp_path / "st.pdf"
    st.write_bytes(pdf_bytes())
    cli.ok("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d3", "--file", st,
           "--tanggal", "2026-03-12")
    rows = json.loads(cli.ok("artefact", "list", "--format", "json").out)
    assert {(x["puskesmas"], x["butir"], x["status"]) for x in rows} == {
        ("dinkes", "b-r1", "final"), ("PKM-SKJ", "c-d3", "draft")}
    assert all(len(x["sha256"]) == 64 and x["ukuran"] > 0 for x in rows)
    key = next(x["kunci"] for x in rows if x["butir"] == "b-r1")
    out = tmp_path / "unduh.pdf"
    cli.ok("artefact", "get", key, "--out", out)
    assert out.read_bytes() == sk.read_bytes()
    matrix = json.loads(cli.ok("completeness", "--tahun", "2026", "--format", "json").out)
    by_kode = {p["kode"]: p for p in matrix["puskesmas"]}
    assert len(by_kode) == 5
    skj = {e["kode"]: e for e in by_kode["PKM-SKJ"]["ep"]}
    b_items = {i["id"]: i for i in skj["b"]["butir"]}
    # A final PDF without a recorded signer is not a signed decree.
    assert b_items["b-r1"]["status"] == "belum_ditandatangani"
    assert "tpcb artefact sahkan" in b_items["b-r1"]["langkah"]
    assert b_items["b-d1"]["status"] == "tidak_ada"
    c_items = {i["id"]: i["status"] for i in skj["c"]["butir"]}
    assert c_items["c-d3"] == "hanya_draf"  # drafts never count
    cli.ok("artefact", "sahkan", key, "--oleh", "dr. Rahmat Wirasena Adiputra, M.M.Kes.")
    matrix = json.loads(cli.ok("completeness", "--tahun", "2026", "--puskesmas", "PKM-SKJ",
                               "--format", "json").out)
    b_r1 = matrix["puskesmas"][0]["ep"][1]["butir"][0]
    assert b_r1["status"] == "ada" and "ditandatangani dr. Rahmat" in b_r1["alasan"]
    assert b_r1["berkas"]["penandatangan"] == "dr. Rahmat Wirasena Adiputra, M.M.Kes."
    assert cli.ok("storage", "verify").out.startswith("Diperiksa: 2 artefak")
    assert "Objek tanpa baris data: 0" in cli.ok("storage", "reconcile").out


def test_completeness_table_and_csv(cli):
    cli.seeded()
    table = cli.ok("completeness", "--puskesmas", "PKM-MKS", "--tahun", "2026").out
    assert "PKM-MKS" in table and "/80" in table and "EP h" in table
    assert "Langkah berikutnya" in table and "belum ada SK TPCB tahun 2026" in table
    csv_out = cli.ok("completeness", "--format", "csv", "--tahun", "2026").out
    rows = list(csv.reader(io.StringIO(csv_out)))
    assert rows[0] == ["kode", "nama", "ep", "nilai_ep", "skor_ep", "butir", "jenis", "status",
                       "alasan", "langkah", "kunci", "penandatangan"]
    assert len(rows) == 1 + 5 * 26 and all(r[8] for r in rows[1:])
    summary = cli.ok("completeness", "--tahun", "2026").out
    assert "tpcb completeness --puskesmas KODE" in summary and "Langkah berikutnya" not in summary


def test_catalogue_command(cli):
    data = json.loads(cli.ok("catalogue", "--format", "json").out)
    assert [e["kode"] for e in data["elemen"]] == list("abcdefgh")
    assert sum(len(e["butir"]) for e in data["elemen"]) == 26
    table = cli.ok("catalogue").out
    assert "b-r1" in table and "SK TPCB" in table and "h-w1" in table


@pytest.mark.parametrize("make,name,message", [
    (lambda: b"", "kosong.pdf", "kosong"),
    (lambda: b"ini teks biasa", "palsu.pdf", "bukan PDF"),
    (lambda: pdf_bytes(), "palsu.docx", "bukan dokumen Word"),
    (zip_bomb_docx, "bom.docx", "bom zip"),
    (lambda: pdf_bytes(password="x"), "kunci.pdf", "terkunci"),
])
def test_bad_files_are_refused_and_nothing_is_stored(cli, tmp_path, make, name, message):
    cli.seeded()
    f = tmp_path / name
    f.write_bytes(make())
    r = cli("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1", "--file", f)
    assert r.code == 1 and message in r.err and "Traceback" not in r.err
    assert json.loads(cli.ok("artefact", "list", "--format", "json").out) == []
    assert not list((tmp_path / "home" / "objects").rglob("*.pdf"))


@pytest.mark.parametrize("args,message", [
    (["--puskesmas", "PKM-XXX", "--item", "c-d1"], "tidak terdaftar"),
    (["--puskesmas", "PKM-SKJ", "--item", "z-9"], "tidak ada di katalog"),
    (["--puskesmas", "PKM-SKJ", "--item", "c-d1", "--tanggal", "12/03/2026"], "bukan tanggal"),
    (["--puskesmas", "PKM-SKJ", "--item", "c-d1", "--tahun", "dua ribu"], "bukan tahun"),
    (["--item", "c-d1"], "--puskesmas KODE atau --dinkes"),
])
def test_bad_values_are_refused(cli, tmp_path, args, message):
    cli.seeded()
    f = tmp_path / "a.pdf"
    f.write_bytes(pdf_bytes())
    r = cli("artefact", "add", "--file", f, *args)
    assert r.code != 0 and message in r.err
    assert json.loads(cli.ok("artefact", "list", "--format", "json").out) == []


def test_size_limit_is_configurable(cli, tmp_path, monkeypatch):
    cli.seeded()
    monkeypatch.setenv("TPCB_MAX_UPLOAD_MB", "0.001")
    f = tmp_path / "besar.docx"
    f.write_bytes(docx_bytes("x" * 5000))
    r = cli("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1", "--file", f)
    assert r.code == 1 and "melebihi batas" in r.err


def test_missing_file_and_missing_option(cli, tmp_path):
    cli.seeded()
    r = cli("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1", "--file",
            tmp_path / "tidak-ada.pdf")
    assert r.code == 1 and "tidak ditemukan" in r.err
    r = cli("artefact", "add", "--puskesmas", "PKM-SKJ")
    assert r.code == 2 and "wajib belum diisi" in r.err


def test_imports_are_all_or_nothing(cli, tmp_path):
    cli.seeded()
    bad = tmp_path / "puskesmas.csv"
    good = (SAMPLES / "puskesmas.csv").read_text().splitlines()
    bad.write_text("\n".join(good[:2] + ["PKM-BARU,Puskesmas Baru,,,,,,,"]) + "\n")
    r = cli("import", "puskesmas", bad)
    assert r.code == 1 and "baris 3" in r.err and "kecamatan" in r.err
    matrix = json.loads(cli.ok("completeness", "--format", "json").out)
    assert "PKM-BARU" not in {p["kode"] for p in matrix["puskesmas"]}
    r = cli("import", "puskesmas", SAMPLES / "dinkes.yaml")
    assert r.code == 1 and ".csv" in r.err


def test_commands_before_dinkes_is_imported_say_what_to_do(cli, tmp_path):
    cli.ok("init")
    f = tmp_path / "a.pdf"
    f.write_bytes(pdf_bytes())
    r = cli("artefact", "add", "--dinkes", "--item", "b-r1", "--file", f)
    assert r.code == 1 and "tpcb import dinkes" in r.err


def test_console_script_runs(tmp_path):
    exe = [sys.executable, "-m", "tpcb", "catalogue", "--format", "json"]
    done = subprocess.run(exe, capture_output=True, text=True, timeout=120,
                          env={"TPCB_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["elemen"][7]["kode"] == "h"
