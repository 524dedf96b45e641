"""Import of a PKP self-assessment from CSV and XLSX: the sample, and every refused input."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from evidence.errors import ImportRejected, InputError
from evidence.kinerja import csv_ke_xlsx, hitung, load_perangkat, parse_csv, parse_xlsx

SAMPLES = Path(__file__).parents[2] / "tpcb" / "samples"
SAMPLE_CSV = (SAMPLES / "pkp_sukajaya_2025.csv").read_text(encoding="utf-8")
SAMPLE_XLSX = (SAMPLES / "pkp_sukajaya_2025.xlsx").read_bytes()
HEADER = "jenis,kode,nama,sasaran,pencapaian,nilai"


def table(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


def rejected(text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as info:
        parse_csv(text)
    return [(row.line, row.field, row.reason) for row in info.value.rows]


# -- the sample -----------------------------------------------------------------------------------
def test_sample_csv_covers_every_item_and_is_cukup():
    sa = parse_csv(SAMPLE_CSV, puskesmas="PKM-SKJ", tahun=2025)
    p = load_perangkat()
    assert len(sa.indikator) == len(p.indikator) == 188
    assert len(sa.manajemen) == len(p.manajemen) == 38
    r = hitung(sa)
    assert r.tidak_dinilai == ()
    assert r.tidak_berlaku == ("B.E2.1", "B.E2.3", "B.H.7")  # no malaria case, no PIE
    assert r.kategori["puskesmas"] == "Cukup"
    assert r.kategori["layanan"] == "Cukup" and r.kategori["manajemen"] == "Cukup"
    assert 81 <= r.layanan < 91 and 5.5 <= r.manajemen < 8.5


def test_sample_xlsx_imports_to_the_same_result_as_the_csv():
    from_csv = parse_csv(SAMPLE_CSV, puskesmas="PKM-SKJ", tahun=2025)
    from_xlsx = parse_xlsx(SAMPLE_XLSX, puskesmas="PKM-SKJ", tahun=2025)
    assert from_xlsx == from_csv
    assert hitung(from_xlsx) == hitung(from_csv)


def test_sample_xlsx_stores_numbers_as_numbers():
    sheet = openpyxl.load_workbook(io.BytesIO(SAMPLE_XLSX)).active
    assert [c.value for c in sheet[1]][:6] == HEADER.split(",")
    assert sheet["B2"].value == "A.1"
    assert isinstance(sheet["D2"].value, int) and isinstance(sheet["E2"].value, int)


def test_semicolon_csv_with_comma_decimals_and_yes_no_values():
    text = ("jenis;kode;sasaran;pencapaian;nilai\n"
            "indikator;A.1;812;809,5;\n"
            "indikator;B.C2.8;;ya;\n"
            "indikator;C.A.2;1;Tidak Ada;\n"
            "manajemen;E.A1.1;;;7\n")
    sa = parse_csv(text)
    assert sa.indikator["A.1"].pencapaian == 809.5
    assert (sa.indikator["B.C2.8"].sasaran, sa.indikator["B.C2.8"].pencapaian) == (1, 1)
    assert sa.indikator["C.A.2"].pencapaian == 0
    assert sa.manajemen == {"E.A1.1": 7}


def test_kode_may_be_left_empty_when_the_name_is_unique():
    sa = parse_csv(table("indikator,,Cakupan Posyandu Mandiri,58,10,",
                         "manajemen,,memiliki DPA,,,10"))
    assert set(sa.indikator) == {"B.A1.2"} and sa.manajemen == {"E.A2.5": 10}


# -- refused rows ---------------------------------------------------------------------------------
def test_unknown_kode_and_kode_of_the_other_jenis():
    assert rejected(table("indikator,X.1,,1,1,", "manajemen,A.1,,,,10")) == [
        (2, "kode", "kode 'X.1' tidak dikenal dalam perangkat PKP"),
        (3, "kode", "kode 'A.1' bukan manajemen (periksa kolom jenis)"),
    ]


def test_non_numeric_negative_and_ambiguous_values():
    assert rejected(table("indikator,A.1,,abc,1,", "indikator,A.2,,10,-1,",
                          "indikator,A.3,,1.234,5,")) == [
        (2, "sasaran", "'abc' bukan angka"),
        (3, "pencapaian", "tidak boleh negatif (-1)"),
        (4, "sasaran", "'1.234' ambigu: tulis tanpa pemisah ribuan (mis. 1234) dan pakai koma hanya "
                       "untuk desimal (mis. 2,5)"),
    ]


def test_management_scores_must_be_0_4_7_10_and_described():
    assert rejected(table("manajemen,E.A1.1,,,,5", "manajemen,E.A2.1,,,,7",
                          "manajemen,E.A1.2,,,,")) == [
        (2, "nilai", "5 tidak boleh; nilai manajemen hanya 0, 4, 7 atau 10"),
        (3, "nilai", "butir E.A2.1 tidak punya uraian untuk nilai 7; yang boleh: 0, 10"),
        (4, "nilai", "wajib diisi"),
    ]


def test_duplicate_kode_is_refused_even_in_other_case():
    assert rejected(table("indikator,A.1,,10,9,", "indikator,a.1,,10,8,")) == [
        (3, "kode", "kode ganda (juga di baris 2)"),
    ]


def test_wrong_jenis_misplaced_columns_and_shifted_name():
    assert rejected(table("program,A.1,,10,9,", "indikator,A.2,,10,9,7", "manajemen,E.A1.1,,1,,7",
                          "indikator,A.3,Pelayanan kesehatan balita,10,9,")) == [
        (2, "jenis", "'program' tidak dikenal; yang boleh: indikator, manajemen"),
        (3, "nilai", "hanya untuk baris manajemen; kosongkan"),
        (4, "sasaran", "hanya untuk baris indikator; kosongkan"),
        (5, "nama", "tidak cocok dengan kode A.3 ('Pelayanan kesehatan bayi baru lahir'); "
                    "periksa apakah baris tergeser"),
    ]


def test_sasaran_zero_needs_pencapaian_zero_and_yes_no_needs_ya_or_tidak():
    assert rejected(table("indikator,B.E2.1,,0,2,", "indikator,B.C2.8,,1,mungkin,",
                          "indikator,B.C3.4,,2,ya,")) == [
        (2, "pencapaian", "2 tanpa sasaran: sasaran 0 hanya boleh bila pencapaian juga 0 "
                          "(indikator tidak berlaku)"),
        (3, "pencapaian", "indikator ya/tidak: isi ya atau tidak"),
        (4, "sasaran", "indikator ya/tidak: isi 1 atau kosongkan"),
    ]


def test_every_problem_is_reported_and_nothing_is_kept():
    with pytest.raises(ImportRejected) as info:
        parse_csv(table("indikator,A.1,,10,9,", "indikator,X,,1,1,", "manajemen,E.A1.1,,,,3"))
    assert [row.line for row in info.value.rows] == [3, 4]
    assert "Impor penilaian kinerja ditolak" in str(info.value)


def test_header_problems():
    assert rejected(table("indikator,A.1,1,1", header="jenis,kode,sasaran,capaian")) == [
        (1, "capaian", "kolom tidak dikenal; yang boleh: jenis, kode, nama, sasaran, pencapaian, nilai, "
                       "keterangan"),
    ]


# -- XLSX -----------------------------------------------------------------------------------------
def test_xlsx_problems_carry_excel_row_numbers():
    data = csv_ke_xlsx(table("indikator,A.1,,10,9,", "", "indikator,A.2,,10,x,"))
    with pytest.raises(ImportRejected) as info:
        parse_xlsx(data)
    assert [(r.line, r.field, r.reason) for r in info.value.rows] == [(4, "pencapaian", "'x' bukan angka")]


@pytest.mark.parametrize("data", [b"", b"not a spreadsheet", SAMPLE_CSV.encode(), b"PK\x03\x04rusak"])
def test_bytes_that_are_not_xlsx_are_refused(data):
    with pytest.raises(InputError, match="bukan XLSX yang sah"):
        parse_xlsx(data)


def test_xlsx_with_only_a_header_is_refused():
    with pytest.raises(InputError, match="hanya berisi tajuk"):
        parse_xlsx(csv_ke_xlsx(table()))
