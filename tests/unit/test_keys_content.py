import pytest

from evidence.content import DOCX, PDF, check_file
from evidence.errors import InputError
from evidence.keys import build_key, parse_key, safe_filename
from tests.samples import docx_bytes, pdf_bytes, zip_bomb_docx

MB = 1024 * 1024


def test_key_round_trip():
    key = build_key(kode_wilayah="99.01", tahun=2026, pemilik="PKM-A", ep="c", item_id="c-d3",
                    filename="surat_tugas.pdf")
    assert str(key) == "99.01/2026/PKM-A/1.7.1/c/c-d3/surat_tugas.pdf"
    assert parse_key(str(key)) == key


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\laporan akhir.pdf", "laporan_akhir.pdf"),
    ("lap\x00oran\n.pdf", "laporan.pdf"),
    ("Hasil SA (final) é.pdf", "Hasil_SA_final_e.pdf"),
])
def test_user_names_never_become_paths(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.parametrize("name", ["..", "/", "", "\x00\x01"])
def test_unusable_names_are_refused(name):
    with pytest.raises(InputError):
        safe_filename(name)


def test_parse_refuses_foreign_keys():
    with pytest.raises(InputError):
        parse_key("99.01/2026/PKM-A/2.1.1/c/c-d3/x.pdf")
    with pytest.raises(InputError):
        parse_key("99.01/2026/../1.7.1/c/c-d3/x.pdf")


def test_valid_files_are_recognised_by_content():
    assert check_file(pdf_bytes(), "a.pdf", max_bytes=MB) is PDF
    assert check_file(docx_bytes(), "a.docx", max_bytes=MB) is DOCX


@pytest.mark.parametrize("data,name,message", [
    (b"", "a.pdf", "kosong"),
    (b"hello world", "a.pdf", "bukan PDF"),
    (pdf_bytes(), "a.docx", "bukan dokumen Word"),
    (b"PK\x03\x04rusak", "a.docx", "bukan dokumen Word"),
    (b"abc", "a.exe", "tidak diterima"),
    (pdf_bytes(password="rahasia"), "a.pdf", "terkunci"),
    (b"%PDF-1.4\nrusak", "a.pdf", "rusak"),
])
def test_bad_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(InputError, match=message):
        check_file(data, name, max_bytes=MB)


def test_size_limit():
    with pytest.raises(InputError, match="melebihi batas 1 MB"):
        check_file(pdf_bytes() + b"\0" * MB, "a.pdf", max_bytes=MB)


def test_zip_bomb_is_refused():
    with pytest.raises(InputError, match="bom zip"):
        check_file(zip_bomb_docx(), "bom.docx", max_bytes=25 * MB)
