"""Hostile and careless input through the real CLI: one table, every family of mistake.

Each case runs one `tpcb` command on a seeded TPCB_HOME and asserts that the answer is a clear
Indonesian message with the right exit code (2: the command line itself is malformed — a control
character, an empty code, an over-long argument, a number outside what can exist; 1: the value is
understood but refused), never a traceback or "Galat tak terduga", and that a refused command
changed nothing: the same rows in every table and the same stored objects.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import SAMPLES
from tests.samples import docx_bytes, pdf_bytes, png_bytes

HEADER = (SAMPLES / "puskesmas.csv").read_text(encoding="utf-8").splitlines()[0]
ROW = ",Sukajaya,dr. Ana,198203172010012014,Budi,Citra,Dedi,pkm.baru@sukamaju.example"
MARKUP_NAMES = {"PKM-MRK": "Puskesmas [/x] Pasar", "PKM-BLD": "[bold]x Baru :smile:"}
UMPAN_BALIK = {  # a complete context for surat_umpan_balik_pembinaan
    "tahun": 2026, "kepada": "Kepala Puskesmas Sukajaya", "di": "Sukajaya",
    "tanggal_pembinaan": "2026-03-12", "batas_laporan": "2026-04-15", "tembusan": ["Arsip"],
    "ringkasan": ["Notulen lokakarya mini belum lengkap."],
    "rekomendasi": ["Lengkapi notulen lokakarya mini bulanan."],
}
LONG = "a" * 300  # longer than any file name the file system allows (255 bytes)


@dataclass
class Case:
    args: tuple[str, ...]
    code: int
    word: str  # an Indonesian word of the expected message (stderr on refusal, stdout otherwise)
    changes: bool = False  # the command is accepted and may store something
    literal: tuple[str, ...] = ()  # text that must appear exactly as typed (no markup applied)
    then: tuple[str, ...] = ()  # a follow-up command that must succeed ...
    then_literal: tuple[str, ...] = ()  # ... and print these exactly


def case(family: str, name: str, *args: str, code: int, word: str, **kw):
    return pytest.param(Case(args, code, word, **kw), id=f"{family}-{name}")


CASES = [
    # -- markup: user text is never Rich markup, neither crashing nor styling ---------------------
    case("markup", "artefact-list-closing-tag", "artefact", "list", "--puskesmas", "[/x]",
         code=1, word="tidak terdaftar", literal=("[/X]",)),
    case("markup", "artefact-list-style-tag", "artefact", "list", "--puskesmas", "[bold]x",
         code=1, word="tidak terdaftar", literal=("[BOLD]X",)),
    case("markup", "surat-show-closing-tag", "surat", "show", "[/x]",
         code=1, word="tidak ada di register", literal=("'[/x]'",)),
    case("markup", "surat-show-style-tags", "surat", "show", "[bold red]x[/]",
         code=1, word="tidak ada di register", literal=("[bold red]x[/]",)),
    case("markup", "completeness", "completeness", "--puskesmas", "[/x]",
         code=1, word="tidak terdaftar", literal=("[/X]",)),
    case("markup", "kinerja-hitung", "kinerja", "hitung", "--puskesmas", "[/x]", "--tahun", "2025",
         code=1, word="tidak terdaftar", literal=("[/X]",)),
    case("markup", "penilaian-list", "penilaian", "list", "--puskesmas", "[/x]",
         code=1, word="tidak terdaftar", literal=("[/X]",)),
    case("markup", "sa-show", "sa", "show", "--puskesmas", "[/x]", "--tahun", "2026",
         code=1, word="tidak terdaftar"),
    case("markup", "tindak-lanjut-list", "tindak-lanjut", "list", "--puskesmas", "[/]",
         code=1, word="tidak terdaftar", literal=("[/]",)),
    case("markup", "artefact-get-key", "artefact", "get", "[/x]", "--out", "{tmp}/a.pdf",
         code=1, word="tidak ditemukan", literal=("'[/x]'",)),
    case("markup", "artefact-sahkan", "artefact", "sahkan", "[/x]", "--oleh", "[bold]x",
         code=1, word="tidak ditemukan", literal=("'[/x]'",)),
    case("markup", "surat-tolak", "surat", "tolak", "[/x]", "--alasan", "[bold]tidak",
         code=1, word="tidak ada di register"),
    case("markup", "user-nonaktif", "user", "nonaktif", "[/x]",
         code=1, word="tidak ada", literal=("'[/x]'",)),
    case("markup", "templates-check-folder", "templates", "check", "{tmp}/[/x]",
         code=1, word="tidak ada", literal=("[/x]'",)),
    case("markup", "file-name", "import", "puskesmas", "{tmp}/[bold]x.txt",
         code=1, word="harus berakhiran", literal=("'[bold]x.txt'",)),
    case("markup", "kinerja-score", "kinerja", "kategori", "--layanan", "[/x]", "--manajemen", "8",
         "--mutu", "90", code=1, word="bukan angka", literal=("[/x]",)),
    case("markup", "cycle-tahap", "cycle", "run", "--tahun", "2026", "--tahap", "[/x]",
         code=1, word="tidak dikenal", literal=("[/x]",)),
    case("markup", "surat-list-jenis-filter", "surat", "list", "--jenis", "[/x]",
         code=0, word="Buku agenda"),
    case("markup", "puskesmas-names-imported", "import", "puskesmas", "{markup_csv}",
         code=0, word="tersimpan", changes=True,
         then=("completeness", "--tahun", "2026"), then_literal=tuple(MARKUP_NAMES.values())),
    # -- control characters, NUL and bytes that are not UTF-8: refused at the boundary -----------
    case("control", "nul-in-code", "artefact", "list", "--puskesmas", "PKM\x00SKJ",
         code=2, word="karakter kendali", literal=("\\x00", "--puskesmas")),
    case("control", "escape-sequence", "surat", "show", "001\x1b[31m",
         code=2, word="karakter kendali", literal=("\\x1b", "Argumen ke-3")),
    case("control", "del-in-option-equals", "artefact", "list", "--puskesmas=PKM-SKJ\x7f",
         code=2, word="karakter kendali", literal=("Opsi --puskesmas", "\\x7f")),
    case("control", "newline-in-id", "tindak-lanjut", "update", "1\n", "--status", "selesai",
         code=2, word="karakter kendali", literal=("\\n",)),
    case("control", "tab-in-reason", "surat", "tolak", "001", "--alasan", "a\tb",
         code=2, word="karakter kendali", literal=("\\t",)),
    case("control", "nul-in-file-path", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item",
         "c-d1", "--file", "{pdf}\x00", code=2, word="karakter kendali"),
    case("control", "c1-control", "surat", "show", "\x9b31m",
         code=2, word="karakter kendali", literal=("\\x9b",)),
    case("control", "not-utf8", "surat", "show", "draf-\udcff",
         code=2, word="UTF-8", literal=("\\xff",)),
    case("control", "nul-in-verifikator", "kinerja", "verifikasi", "--puskesmas", "PKM-SKJ",
         "--tahun", "2025", "--tanggal", "2026-02-04", "--verifikator", "1\x00",
         code=2, word="karakter kendali"),
    case("control", "nul-in-fakta", "penilaian", "set", "--puskesmas", "PKM-SKJ", "--ep", "a",
         "--nilai", "TL", "--surveior", "s", "--fakta", "x\x00y", code=2, word="karakter kendali"),
    # Refused by the import (evidence/master_parse.py), not by the CLI boundary:
    case("control", "escape-in-imported-name", "import", "puskesmas", "{control_csv}",
         code=1, word="karakter kendali"),
    # -- integers: huge, negative, zero, too many digits ------------------------------------------
    case("int", "id-20-digits", "tindak-lanjut", "update", "99999999999999999999", "--status",
         "selesai", code=2, word="di luar rentang"),
    case("int", "id-int32-plus-one", "tindak-lanjut", "update", "2147483648", "--status", "selesai",
         code=2, word="di luar rentang"),
    case("int", "id-zero", "tindak-lanjut", "update", "#0", "--status", "selesai",
         code=2, word="di luar rentang"),
    case("int", "id-5000-digits", "tindak-lanjut", "update", "9" * 5000, "--status", "selesai",
         code=2, word="di luar rentang"),
    case("int", "id-negative-after-dashes", "tindak-lanjut", "update", "--status", "selesai", "--",
         "-1", code=2, word="di luar rentang"),
    case("int", "id-negative-as-option", "tindak-lanjut", "update", "-1", "--status", "selesai",
         code=2, word="tidak dikenal"),
    case("int", "id-words", "tindak-lanjut", "update", "satu", "--status", "selesai",
         code=1, word="tidak sah"),
    case("int", "port-20-digits", "serve", "--port", "99999999999999999999",
         code=2, word="di luar rentang"),
    case("int", "port-negative", "serve", "--port", "-1", code=2, word="di luar rentang"),
    case("int", "port-zero", "serve", "--port", "0", code=2, word="di luar rentang"),
    case("int", "port-words", "serve", "--port", "delapan", code=1, word="bukan bilangan bulat"),
    case("int", "year-20-digits", "completeness", "--tahun", "99999999999999999999",
         code=2, word="bukan tahun"),
    case("int", "year-negative", "artefact", "list", "--tahun", "-2026", code=2, word="bukan tahun"),
    case("int", "year-before-range", "kinerja", "peringkat", "--tahun", "1999",
         code=2, word="di luar rentang"),
    case("int", "year-superscript-digits", "completeness", "--tahun", "²⁰²⁶",
         code=1, word="bukan tahun"),
    case("int", "draf-id-20-digits", "surat", "show", "draf-99999999999999999999",
         code=1, word="tidak ada di register"),
    case("int", "score-overflow", "kinerja", "kategori", "--layanan", "1e999", "--manajemen", "8",
         "--mutu", "90", code=1, word="bukan angka"),
    # -- files: endless, special, missing, too long -----------------------------------------------
    case("file", "dev-zero-artefact", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
         "--file", "/dev/zero", code=1, word="melebihi batas"),
    case("file", "dev-zero-puskesmas-csv", "import", "puskesmas", "{zero}.csv",
         code=1, word="melebihi batas"),
    case("file", "dev-zero-pkp", "kinerja", "import", "{zero}.csv", "--puskesmas", "PKM-SKJ",
         "--tahun", "2025", code=1, word="melebihi batas"),
    case("file", "dev-zero-tte", "tte", "periksa", "{zero}.pdf", code=1, word="melebihi batas"),
    case("file", "dev-zero-sa", "sa", "import", "{zero}.xlsx", "--puskesmas", "PKM-SKJ", "--tahun",
         "2026", code=1, word="melebihi batas"),
    case("file", "dev-zero-eskalasi", "tindak-lanjut", "eskalasi", "{zero}.yaml", "--puskesmas",
         "PKM-SKJ", "--tahun", "2026", code=1, word="melebihi batas"),
    case("file", "dev-zero-context", "surat", "buat", "surat_tugas_pembinaan", "--context",
         "{zero}.yaml", "--puskesmas", "PKM-SKJ", code=1, word="melebihi batas"),
    case("file", "dev-zero-photo", "cycle", "notulen", "{yaml}", "--puskesmas", "PKM-SKJ",
         "--tahun", "2026", "--foto", "/dev/zero", code=1, word="melebihi batas"),
    case("file", "endless-fifo", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
         "--file", "{fifo}", code=1, word="melebihi batas"),
    case("file", "dev-null-empty", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
         "--file", "/dev/null", code=1, word="kosong"),
    case("file", "logo-is-a-device", "import", "dinkes", "{dinkes_zero_logo}",
         code=1, word="tidak ditemukan"),
    case("file", "folder-as-file", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
         "--file", "{tmp}", code=1, word="folder"),
    case("file", "missing-file", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
         "--file", "{tmp}/tidak-ada.pdf", code=1, word="tidak ditemukan"),
    case("file", "name-too-long", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
         "--file", "{tmp}/" + LONG + ".pdf", code=1, word="terlalu panjang"),
    # -- wrong file types ---------------------------------------------------------------------------
    case("type", "text-named-pdf", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
         "--file", "{fake_pdf}", code=1, word="bukan PDF"),
    case("type", "binary-as-csv", "import", "tim", "{binary_csv}", code=1, word="bukan teks UTF-8"),
    case("type", "csv-as-dinkes", "import", "dinkes", str(SAMPLES / "puskesmas.csv"),
         code=1, word="harus berakhiran"),
    case("type", "text-to-tte", "tte", "periksa", "{fake_pdf}", code=1, word="rusak"),
    case("type", "png-as-xlsx", "kinerja", "import", "{png_xlsx}", "--puskesmas", "PKM-SKJ",
         "--tahun", "2025", code=1, word="bukan XLSX"),
    case("type", "docx-to-sign", "surat", "sign", "001", "--file", "{docx}",
         code=1, word="harus PDF"),
    case("type", "json-context", "surat", "buat", "surat_tugas_pembinaan", "--context",
         "{tmp}/ctx.json", "--puskesmas", "PKM-SKJ", code=1, word="harus YAML"),
    case("type", "deep-yaml-context", "surat", "buat", "surat_umpan_balik_pembinaan", "--context",
         "{deep_yaml}", "--puskesmas", "PKM-SKJ", code=1, word="bersarang terlalu dalam"),
    case("type", "deep-yaml-eskalasi", "tindak-lanjut", "eskalasi", "{deep_yaml}", "--puskesmas",
         "PKM-SKJ", "--tahun", "2026", code=1, word="bersarang terlalu dalam"),
    case("type", "deep-yaml-dinkes", "import", "dinkes", "{deep_yaml}",
         code=1, word="bersarang terlalu dalam"),
    case("type", "alias-bomb-context", "surat", "buat", "surat_umpan_balik_pembinaan", "--context",
         "{bomb_yaml}", "--puskesmas", "PKM-SKJ", code=1, word="mengembang"),
    # -- output paths -------------------------------------------------------------------------------
    case("out", "missing-folder", "artefact", "get", "{key}", "--out", "{tmp}/tidak/ada/x.pdf",
         code=1, word="foldernya tidak ada", literal=("tidak/ada'",)),
    case("out", "folder-as-target", "artefact", "get", "{key}", "--out", "{tmp}",
         code=1, word="adalah folder"),
    case("out", "parent-is-a-file", "artefact", "get", "{key}", "--out", "{docx}/x.pdf",
         code=1, word="bukan folder"),
    case("out", "name-too-long", "artefact", "get", "{key}", "--out", "{tmp}/" + LONG + ".pdf",
         code=1, word="terlalu panjang"),
    pytest.param(Case(("artefact", "get", "{key}", "--out", "/dev/full"), 1, "disk penuh"),
                 id="out-disk-full", marks=pytest.mark.skipif(not Path("/dev/full").exists(),
                                                              reason="tanpa /dev/full")),
    case("out", "bundle-missing-folder", "bundle", "--puskesmas", "PKM-SKJ", "--out",
         "{tmp}/tidak/b.pdf", code=1, word="foldernya tidak ada"),
    case("out", "bundle-wrong-suffix", "bundle", "--puskesmas", "PKM-SKJ", "--out", "{tmp}/b.txt",
         code=1, word="harus berakhiran"),
    case("out", "penilaian-missing-folder", "penilaian", "export", "--puskesmas", "PKM-SKJ",
         "--out", "{tmp}/tidak/l.xlsx", code=1, word="foldernya tidak ada"),
    case("out", "letter-not-filed-when-copy-fails", "surat", "buat",
         "surat_umpan_balik_pembinaan", "--context", "{ub_yaml}", "--puskesmas", "PKM-SKJ",
         "--tanggal", "2026-03-16", "--out", "{tmp}/tidak/ub.docx", code=1,
         word="foldernya tidak ada"),
    case("out", "surat-unduh-missing-folder", "surat", "unduh", "draf-1", "--out",
         "{tmp}/tidak/d.docx", code=1, word="foldernya tidak ada"),
    # -- Puskesmas codes as people type them --------------------------------------------------------
    case("code", "lowercase-list", "artefact", "list", "--puskesmas", "pkm-skj",
         code=0, word="Artefak"),
    case("code", "spaces-and-lowercase", "completeness", "--puskesmas", " pkm-mks ", "--tahun",
         "2026", code=0, word="Mekarsentosa"),
    case("code", "lowercase-tindak-lanjut", "tindak-lanjut", "list", "--puskesmas", "pkm-skj",
         code=0, word="Tidak ada tindak lanjut"),
    case("code", "lowercase-surat-list", "surat", "list", "--puskesmas", "pkm-skj",
         code=0, word="Buku agenda"),
    case("code", "lowercase-artefact-add", "artefact", "add", "--puskesmas", "pkm-skj", "--item",
         "c-d1", "--file", "{pdf}", code=0, word="Tersimpan", changes=True,
         then=("artefact", "list", "--puskesmas", "PKM-SKJ"), then_literal=("c-d1",)),
    case("code", "lowercase-pkp-import", "kinerja", "import", str(SAMPLES / "pkp_sukajaya_2025.csv"),
         "--puskesmas", "pkm-skj", "--tahun", "2025", code=0, word="Penilaian kinerja",
         changes=True),
    case("code", "unknown-artefact-add", "artefact", "add", "--puskesmas", "PKM-XXX", "--item",
         "c-d1", "--file", "{pdf}", code=1, word="tidak terdaftar"),
    case("code", "unknown-bundle", "bundle", "--puskesmas", "PKM-XXX", "--out", "{tmp}/b.zip",
         code=1, word="tidak terdaftar"),
    case("code", "unknown-penilaian-export", "penilaian", "export", "--puskesmas", "PKM-XXX",
         "--out", "{tmp}/l.xlsx", code=1, word="tidak terdaftar"),
    case("code", "unknown-surat-list", "surat", "list", "--puskesmas", "PKM-XXX",
         code=1, word="tidak terdaftar"),
    case("code", "unknown-cycle-hasil", "cycle", "hasil", "{yaml}", "--puskesmas", "PKM-XXX",
         "--tahun", "2026", code=1, word="tidak terdaftar"),
    case("code", "unknown-template", "surat", "buat", "tidak_ada", "--context", "{yaml}",
         code=1, word="tidak dikenal"),
    # -- empty strings --------------------------------------------------------------------------
    case("empty", "code-list", "artefact", "list", "--puskesmas", "", code=2, word="kosong"),
    case("empty", "code-blank-completeness", "completeness", "--puskesmas", "  ",
         code=2, word="kosong"),
    case("empty", "code-with-dinkes", "artefact", "add", "--dinkes", "--puskesmas", "",
         "--item", "b-r1", "--file", "{pdf}", code=2, word="kosong"),
    case("empty", "letter-ref", "surat", "show", "", code=2, word="kosong"),
    case("empty", "artefact-key", "artefact", "get", "", "--out", "{tmp}/x.pdf",
         code=2, word="kosong"),
    case("empty", "item", "artefact", "add", "--dinkes", "--item", " ", "--file", "{pdf}",
         code=2, word="kosong"),
    case("empty", "surveior", "penilaian", "set", "--puskesmas", "PKM-SKJ", "--ep", "a", "--nilai",
         "TL", "--surveior", "", code=2, word="kosong"),
    case("empty", "year", "artefact", "list", "--tahun", "", code=1, word="bukan tahun"),
    case("empty", "date", "tindak-lanjut", "pengingat", "--tanggal", "", code=1,
         word="bukan tanggal"),
    case("empty", "task-id", "tindak-lanjut", "update", "", "--status", "selesai",
         code=1, word="tidak sah"),
    case("empty", "file-path", "artefact", "add", "--dinkes", "--item", "b-r1", "--file", "",
         code=1, word="folder"),
    # -- very long strings ----------------------------------------------------------------------
    case("long", "argument-over-limit", "surat", "show", "x" * 10_001,
         code=2, word="terlalu panjang"),
    case("long", "code-5000", "artefact", "list", "--puskesmas", "P" * 5000,
         code=1, word="tidak terdaftar", literal=("(5000 karakter)",)),
    case("long", "reason-9000", "surat", "tolak", "001", "--alasan", "y" * 9000,
         code=1, word="tidak ada di register"),
    case("long", "year-5000-digits", "completeness", "--tahun", "2" * 5000,
         code=2, word="bukan tahun"),
    # -- impossible and far-off dates -------------------------------------------------------------
    case("date", "february-30", "artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
         "--file", "{pdf}", "--tanggal", "2026-02-30", code=1, word="bukan tanggal"),
    case("date", "month-13", "surat", "nomor", "draf-1", "--tanggal", "2026-13-01",
         code=1, word="bukan tanggal"),
    case("date", "not-a-leap-year", "kinerja", "verifikasi", "--puskesmas", "PKM-SKJ", "--tahun",
         "2025", "--tanggal", "2026-02-29", "--verifikator", "1", code=1, word="bukan tanggal"),
    case("date", "year-9999", "tindak-lanjut", "pengingat", "--tanggal", "9999-12-31",
         code=1, word="di luar rentang"),
    case("date", "year-1", "surat", "terima", "001", "--tanggal", "0001-01-01",
         code=1, word="di luar rentang"),
    case("date", "day-month-year", "sa", "import", str(SAMPLES / "sa_sukajaya_2026.csv"),
         "--puskesmas", "PKM-SKJ", "--tahun", "2026", "--tanggal", "12/03/2026",
         code=1, word="bukan tanggal"),
]


# -- a seeded home, made once and copied for every case ---------------------------------------------
_SEEDED: dict[str, Path] = {}


@pytest.fixture
def seeded(cli, tmp_path, tmp_path_factory):
    if "home" not in _SEEDED:
        base = tmp_path_factory.mktemp("seeded")
        cli.monkeypatch.setenv("TPCB_HOME", str(base / "home"))
        cli.seeded()
        _SEEDED["home"] = base / "home"
        cli.monkeypatch.setenv("TPCB_HOME", str(tmp_path / "home"))
    shutil.copytree(_SEEDED["home"], tmp_path / "home")
    return cli


def _files(tmp: Path) -> dict[str, str]:
    work = tmp / "berkas"
    work.mkdir()
    pdf = work / "bukti.pdf"
    pdf.write_bytes(pdf_bytes())
    docx = work / "bukti.docx"
    docx.write_bytes(docx_bytes())
    (work / "palsu.pdf").write_text("kode,nama\nPKM-X,bukan pdf\n", encoding="utf-8")
    (work / "biner.csv").write_bytes(pdf_bytes())
    (work / "gambar.xlsx").write_bytes(png_bytes())
    (work / "ctx.json").write_text('{"x": 1}', encoding="utf-8")
    (work / "isi.yaml").write_text("x: 1\n", encoding="utf-8")
    (work / "dalam.yaml").write_text("nama: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"] + [
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    (work / "bom.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    (work / "ub.yaml").write_text(yaml.safe_dump(UMPAN_BALIK, allow_unicode=True), encoding="utf-8")
    for suffix in (".csv", ".pdf", ".xlsx", ".yaml"):
        (work / f"nol{suffix}").symlink_to("/dev/zero")
    dinkes = (SAMPLES / "dinkes.yaml").read_text(encoding="utf-8")
    (work / "dinkes.yaml").write_text(dinkes.replace("logo: logo.png", "logo: /dev/zero"),
                                      encoding="utf-8")
    (work / "markup.csv").write_text(
        "\n".join([HEADER] + [f"{k},{v}{ROW}" for k, v in MARKUP_NAMES.items()]) + "\n",
        encoding="utf-8")
    (work / "kendali.csv").write_text(f"{HEADER}\nPKM-CTL,Puskesmas \x1b[31mMerah{ROW}\n",
                                      encoding="utf-8")
    return {"tmp": str(work), "pdf": str(pdf), "docx": str(docx),
            "fake_pdf": str(work / "palsu.pdf"), "binary_csv": str(work / "biner.csv"),
            "png_xlsx": str(work / "gambar.xlsx"), "yaml": str(work / "isi.yaml"),
            "zero": str(work / "nol"), "dinkes_zero_logo": str(work / "dinkes.yaml"),
            "markup_csv": str(work / "markup.csv"), "control_csv": str(work / "kendali.csv"),
            "ub_yaml": str(work / "ub.yaml"), "deep_yaml": str(work / "dalam.yaml"),
            "bomb_yaml": str(work / "bom.yaml"), "fifo": str(work / "pipa.pdf")}


def _endless_fifo(path: Path) -> threading.Thread:
    """A named pipe whose writer never stops (stat size 0): only the reader's cap ends it."""
    os.mkfifo(path)

    def write() -> None:
        try:
            with open(path, "wb") as fh:
                while True:
                    fh.write(b"\0" * 65536)
        except (BrokenPipeError, OSError):
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _snapshot(home: Path) -> dict:
    """Rows per table and the stored objects: what a refused command must leave as it was."""
    with sqlite3.connect(home / "tpcb.db") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    objects = sorted(str(p.relative_to(home)) for p in (home / "objects").rglob("*") if p.is_file())
    return {"rows": rows, "objects": objects}


@pytest.mark.parametrize("c", CASES)
def test_hostile_input_gets_a_clear_answer_and_changes_nothing(seeded, tmp_path, c: Case):
    cli = seeded
    home = tmp_path / "home"
    names = _files(tmp_path)
    if "{key}" in c.args:  # an artefact to fetch: the refusal must come from the destination
        added = cli.ok("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "c-d1",
                       "--file", names["pdf"])
        names["key"] = added.out.split(": ", 1)[1].splitlines()[0].strip()
    args = [a.format_map(names) if "{" in a else a for a in c.args]
    if "{fifo}" in c.args:
        writer = _endless_fifo(Path(names["fifo"]))
    before = _snapshot(home)

    r = cli(*args)

    shown = r.out + r.err
    assert r.code == c.code, shown
    assert "Traceback" not in shown and "Galat tak terduga" not in shown, shown
    assert "\x00" not in shown and "\x1b[31m" not in shown  # control characters never echoed raw
    assert c.word in (r.err if c.code else r.out), shown
    for text in c.literal:
        assert text in shown, shown
    if not c.changes:
        assert _snapshot(home) == before
    if c.then:
        follow = cli.ok(*c.then)
        for text in c.then_literal:
            assert text in follow.out, follow.out
    if "{fifo}" in c.args:
        writer.join(timeout=10)
        assert not writer.is_alive()


def test_the_table_covers_every_family():
    families = {p.id.split("-", 1)[0] for p in CASES}
    assert len({p.id for p in CASES}) == len(CASES)
    assert len(CASES) >= 50
    assert families == {"markup", "control", "int", "file", "type", "out", "code", "empty",
                        "long", "date"}
