"""Hostile input below the web and the CLI: YAML bombs and impossible dates, office templates
that try to build huge letters, spreadsheet formulas, control characters in imported names,
and file names no file system should hold. One table per family."""

from __future__ import annotations

import io
import time

import openpyxl
import pytest

from doc_templates.check import check_template
from doc_templates.sandbox import make_render_env
from doc_templates.schemas import SuratTugasPembinaan
from evidence.errors import ImportRejected, InputError
from evidence.keys import safe_filename
from evidence.kinerja.importer import csv_ke_xlsx
from evidence.master_parse import parse_dinkes, parse_puskesmas_csv
from evidence.siklus.masukan import parse
from evidence.yaml_aman import MAX_CHARS, muat_yaml
from tests.unit.test_render import docx_with

LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


# -- YAML ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, words", [
    (LAUGHS, "alias"),
    ("x: " + "y" * (MAX_CHARS + 1), "terlalu besar"),
    ("tanggal: 2026-02-30", "tidak ada di kalender"),
    ("tanggal: 2026-13-01", "tidak ada di kalender"),
    ("a: &a [*a]", None),  # a recursive alias is small: accepted, not looped over forever
])
def test_yaml_bombs_and_impossible_dates(text, words):
    start = time.process_time()
    if words is None:
        muat_yaml(text)
        return
    with pytest.raises(Exception) as caught:
        muat_yaml(text)
    assert words in str(caught.value)
    assert time.process_time() - start < 5  # refused before expanding, not after (CPU, not wall)


@pytest.mark.parametrize("text, why", [(LAUGHS, "alias"), ("nama: x\ntanggal: 2026-02-30\n", "kalender")])
def test_every_yaml_import_refuses_them_in_words(text, why):
    with pytest.raises(InputError) as caught:
        parse_dinkes(text)
    assert why in str(caught.value)

    from pydantic import BaseModel

    class Masukan(BaseModel):
        nama: str = ""

    with pytest.raises(InputError, match=why):
        parse(Masukan, text, "masukan uji")


# -- office templates --------------------------------------------------------------------------------
HUGE = ["{{ nomor.ljust(20000000) }}", "{{ nomor.rjust(99999999) }}", "{{ nomor.center(10**8) }}",
        "{{ nomor.zfill(10000000) }}", "{{ '{:20000000}'.format(nomor) }}",
        "{{ '%20000000s' % nomor }}", "{{ nomor * 20000000 }}", "{{ nomor.ljust(w) }}"]


@pytest.mark.parametrize("source", HUGE[:-1])
def test_the_sandbox_refuses_huge_strings_when_rendering(source):
    from jinja2.sandbox import SecurityError

    with pytest.raises(SecurityError):
        make_render_env().from_string(source).render(nomor="400.7/001")


@pytest.mark.parametrize("source", HUGE)
def test_templates_check_reports_what_could_exceed_the_bounds(source):
    report = check_template(docx_with(source), SuratTugasPembinaan)
    assert not report.ok, source


@pytest.mark.parametrize("source", ["{{ nomor.ljust(30) }}", "{{ '{:>12}'.format(nomor) }}",
                                    "{{ '%-10s' % nomor }}", "{{ '-' * 40 }}"])
def test_ordinary_padding_stays_allowed(source):
    assert make_render_env().from_string(source).render(nomor="400.7")


# -- spreadsheets a clerk opens in Excel -------------------------------------------------------------
@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "=1+1", "+SUM(A1)", "@SUM(A1)"])
def test_csv_turned_into_xlsx_keeps_formulas_as_text(cell):
    book = openpyxl.load_workbook(io.BytesIO(csv_ke_xlsx(f"kode,nama\nPKM-A,\"{cell}\"\n")))
    got = book.active.cell(2, 2)
    assert got.data_type == "s" and got.value == cell


# -- names and codes in imports ------------------------------------------------------------------------
HEADER = "kode,nama,kecamatan,kepala_nama,kepala_nip,ktu_nama,pj_mutu_nama,pj_pelayanan_nama,email\n"
ROW = "PKM-A,{nama},Kec,dr. A,198203172010012014,B,C,D,a@b.example\n"


@pytest.mark.parametrize("nama", ["Puskesmas\x0bA", "Puskesmas\x01A", "Puskes\x7fmas", "P\u2028A",
                                  "P" * 2001])
def test_control_characters_and_megabyte_names_are_refused_at_import(nama):
    with pytest.raises(ImportRejected) as caught:
        parse_puskesmas_csv(HEADER + ROW.format(nama=nama))
    assert any(p.field == "nama" for p in caught.value.rows)


@pytest.mark.parametrize("nama", ["Puskesmas [/x] Baru", "Puskesmas [bold]A", "=cmd|' /C calc'!A0",
                                  "Puskesmas Sukamaju (Rawat Inap)", "Puskesmas Kâmpung"])
def test_unusual_but_harmless_names_are_kept_as_typed(nama):
    (pkm,) = parse_puskesmas_csv(HEADER + ROW.format(nama=nama.replace('"', '""')))
    assert pkm.nama == nama


def test_a_lowercase_code_is_normalised():
    (pkm,) = parse_puskesmas_csv(HEADER + ROW.format(nama="X").replace("PKM-A", " pkm-a "))
    assert pkm.kode == "PKM-A"


# -- stored file names -------------------------------------------------------------------------------
@pytest.mark.parametrize("name, expected", [
    ("CON.pdf", "berkas-CON.pdf"), ("nul.docx", "berkas-nul.docx"), ("Aux.PDF", "berkas-Aux.PDF"),
    ("LPT9.xlsx", "berkas-LPT9.xlsx"), ("laporan. . .pdf", "laporan._._.pdf"),
    ("laporan.pdf. ", "laporan.pdf"),
    ("..\\..\\windows\\system32\\x.pdf", "x.pdf"), ("a\x00b.pdf", "ab.pdf"),
    ("Re\u0301sume\u0301.pdf", "Resume.pdf"), ("800.1.11.1-001-TPCB", "800.1.11.1-001-TPCB"),
    ("RUK  2027 (final)!.pdf", "RUK_2027_final_.pdf"), ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_stored_names_are_safe_on_every_system(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.parametrize("name", ["报告.pdf", "سجل.xlsx", "отчёт.docx", "😀.png"])
def test_names_in_other_scripts_keep_their_type_and_a_stable_name(name):
    stored = safe_filename(name)
    assert stored.startswith("berkas-") and stored.rsplit(".", 1)[1] == name.rsplit(".", 1)[1]
    assert stored == safe_filename(name) and stored.isascii()


@pytest.mark.parametrize("name", ["", "...", " . ", "\x00\x01"])
def test_names_with_nothing_left_are_refused_in_words(name):
    with pytest.raises(InputError, match="Nama berkas"):
        safe_filename(name)
