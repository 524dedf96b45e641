"""Filters, context validation, escaping, and the static check of templates."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from doc_templates import check_template, render
from doc_templates.errors import ContextInvalid, TemplateInvalid, TemplateNotFound, UnsafeTemplate
from doc_templates.filters import (
    angka,
    bulan_romawi,
    hari,
    hari_tanggal,
    huruf,
    nip,
    tanggal,
    tanggal_di_bulan,
    tanggal_terbilang,
    terbilang,
)
from doc_templates.samples import sample_context, sample_images
from doc_templates.schemas import SuratTugasPembinaan
from tests.unit.test_templates import text_of


# -- filters ----------------------------------------------------------------------------------
def test_dates_in_indonesian():
    d = date(2026, 3, 12)
    assert tanggal(d) == "12 Maret 2026"
    assert tanggal(date(2026, 8, 1)) == "1 Agustus 2026"
    assert hari(d) == "Kamis" and hari(date(2026, 3, 16)) == "Senin"
    assert hari(date(2026, 3, 13)) == "Jumat" and hari(date(2026, 3, 15)) == "Minggu"
    assert hari_tanggal(d) == "Kamis, 12 Maret 2026"
    assert tanggal("2026-12-31") == "31 Desember 2026"


def test_bulan_romawi_for_every_month_and_from_a_date():
    expected = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    assert [bulan_romawi(m) for m in range(1, 13)] == expected
    assert bulan_romawi(date(2026, 9, 1)) == "IX"
    with pytest.raises(ValueError):
        bulan_romawi(13)


def test_nip_is_grouped():
    assert nip("197102141999031005") == "19710214 199903 1 005"
    assert nip("19710214 199903 1 005") == "19710214 199903 1 005"
    assert nip("123") == "123" and nip("") == "-"


@pytest.mark.parametrize("n, words", [
    (0, "nol"), (1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
    (19, "sembilan belas"), (20, "dua puluh"), (100, "seratus"), (101, "seratus satu"),
    (111, "seratus sebelas"), (234, "dua ratus tiga puluh empat"), (1000, "seribu"),
    (1500, "seribu lima ratus"), (2026, "dua ribu dua puluh enam"),
    (11000, "sebelas ribu"), (100000, "seratus ribu"), (1000000, "satu juta"),
    (2500000000, "dua miliar lima ratus juta"), (-5, "minus lima"),
])
def test_terbilang(n, words):
    assert terbilang(n) == words


def test_tanggal_terbilang_for_berita_acara():
    assert tanggal_terbilang(date(2026, 3, 12)) == (
        "dua belas bulan Maret tahun dua ribu dua puluh enam")


def test_small_filters():
    assert [huruf(i) for i in (1, 2, 26, 27)] == ["a", "b", "z", "aa"]
    assert angka(85.5) == "85,50" and angka(1234.5, 1) == "1.234,5" and angka(-1.5) == "-1,50"
    days = [date(2026, 3, 26), date(2026, 3, 12), date(2026, 9, 10)]
    assert tanggal_di_bulan(days, 3) == "12, 26" and tanggal_di_bulan(days, 1) == ""


# -- context validation -----------------------------------------------------------------------
def test_missing_field_is_named_in_indonesian():
    ctx = sample_context("surat_tugas_pembinaan")
    del ctx["nomor"]
    with pytest.raises(ContextInvalid) as err:
        render("surat_tugas_pembinaan", ctx)
    assert str(err.value).startswith("Konteks templat 'surat_tugas_pembinaan' tidak sah:")
    assert "kolom 'nomor' wajib diisi" in str(err.value)


def test_every_bad_field_is_listed_with_its_path():
    ctx = sample_context("surat_tugas_pembinaan")
    del ctx["penandatangan"]["nip"]
    ctx["petugas"][1]["nip"] = "12345"
    ctx["tanggal"] = "kemarin"
    ctx["dasar"] = []
    with pytest.raises(ContextInvalid) as err:
        render("surat_tugas_pembinaan", ctx)
    problems = err.value.problems
    assert "kolom 'penandatangan.nip' wajib diisi" in problems
    assert "kolom 'petugas[2].nip' NIP harus 18 digit angka" in problems
    assert any(p.startswith("kolom 'tanggal' harus berupa tanggal") for p in problems)
    assert "kolom 'dasar' minimal 1 butir" in problems


@pytest.mark.parametrize("field, value, message", [
    ("tahun", "dua ribu", "kolom 'tahun' harus berupa bilangan bulat"),
    ("nomor", 17, "kolom 'nomor' harus berupa teks"),
    ("nomor", "  ", "kolom 'nomor' tidak boleh kosong"),
    ("tembusan", "Arsip", "kolom 'tembusan' harus berupa daftar"),
    ("penandatangan", "Kepala Dinas", "kolom 'penandatangan' harus berupa objek"),
    ("perihal", "x", "kolom 'perihal' tidak dikenal dalam skema templat"),
])
def test_wrong_types_are_refused(field, value, message):
    ctx = sample_context("surat_umpan_balik_pembinaan")
    ctx[field] = value
    with pytest.raises(ContextInvalid) as err:
        render("surat_umpan_balik_pembinaan", ctx)
    assert message in err.value.problems


def test_cross_field_rules():
    ctx = sample_context("jadwal_pembinaan")
    ctx["baris"][0]["kunjungan"].append(date(2025, 12, 1))
    with pytest.raises(ContextInvalid, match="di luar tahun 2026"):
        render("jadwal_pembinaan", ctx)
    ctx = sample_context("surat_tugas_pembinaan")
    ctx["tanggal_selesai"] = date(2026, 3, 1)
    with pytest.raises(ContextInvalid, match="tanggal_selesai lebih awal"):
        render("surat_tugas_pembinaan", ctx)


def test_context_may_be_the_schema_model_and_dates_may_be_iso_text():
    model = SuratTugasPembinaan.model_validate(sample_context("surat_tugas_pembinaan"))
    assert "12 Maret 2026" in text_of(render("surat_tugas_pembinaan", model).data)
    ctx = sample_context("surat_tugas_pembinaan")
    ctx["tanggal_mulai"] = "2026-03-13"
    assert "hari Jumat, tanggal 13 Maret 2026" in text_of(
        render("surat_tugas_pembinaan", ctx).data)
    with pytest.raises(ContextInvalid, match="harus berupa objek"):
        render("surat_tugas_pembinaan", ["bukan", "dict"])  # type: ignore[arg-type]


def test_unknown_template():
    with pytest.raises(TemplateNotFound, match="Templat 'surat_cinta' tidak dikenal"):
        render("surat_cinta", {})


def test_images_must_be_known_and_readable():
    ctx = sample_context("surat_tugas_pembinaan")
    with pytest.raises(ContextInvalid, match="kolom 'logo' bukan gambar"):
        render("surat_tugas_pembinaan", ctx, images={"logo": b"bukan gambar"})
    with pytest.raises(ContextInvalid, match="gambar 'stempel' tidak dikenal"):
        render("surat_tugas_pembinaan", ctx, images={"stempel": sample_images()["logo"]})
    notulen = sample_context("notulen_pendampingan")
    notulen["foto"][1]["gambar"] = b"%PDF-1.7"
    with pytest.raises(ContextInvalid, match=r"kolom 'foto\[2\].gambar' bukan gambar"):
        render("notulen_pendampingan", notulen)


def test_signer_without_pangkat_leaves_no_gap_line():
    ctx = sample_context("surat_tugas_pembinaan")
    ctx["penandatangan"]["pangkat"] = ""
    text = text_of(render("surat_tugas_pembinaan", ctx).data)
    assert "dr. Rahmat Wirasena Adiputra, M.M.Kes.\nNIP. 19710214 199903 1 005" in text
    assert "Pembina Utama Muda" not in text


def test_without_a_logo_the_letter_still_renders():
    out = render("daftar_hadir", sample_context("daftar_hadir"))
    assert len(Document(io.BytesIO(out.data)).inline_shapes) == 0
    assert "DAFTAR HADIR" in text_of(out.data)


# -- escaping ---------------------------------------------------------------------------------
def test_user_text_with_jinja_tags_is_printed_literally():
    ctx = sample_context("surat_tindak_lanjut_lokmin")
    ctx["hal"] = "Tindak lanjut {{ 7*7 }} dan {% if true %}ya{% endif %}"
    ctx["butir"][0]["masalah"] = "{{ kop.kabupaten }} {{ ''.__class__ }}"
    text = text_of(render("surat_tindak_lanjut_lokmin", ctx).data)
    assert "Tindak lanjut {{ 7*7 }} dan {% if true %}ya{% endif %}" in text
    assert "{{ kop.kabupaten }} {{ ''.__class__ }}" in text
    assert "49" not in text


def test_xml_special_characters_survive():
    ctx = sample_context("nota_dinas_laporan")
    ctx["hal"] = 'Laporan A & B <tahap 1> "akhir"'
    ctx["poin"] = ["Stok < 10 vial & gudang penuh > 90%", "Baris satu\nbaris dua"]
    text = text_of(render("nota_dinas_laporan", ctx).data)
    assert 'Laporan A & B <tahap 1> "akhir"' in text
    assert "Stok < 10 vial & gudang penuh > 90%" in text
    assert "Baris satu\nbaris dua" in text


# -- static check -----------------------------------------------------------------------------
def docx_with(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_check_lists_variables_of_a_good_template():
    report = check_template(docx_with("{{ nomor }} {{ tanggal|tanggal }} {{ logo }}",
                                      "{% for p in petugas %}{{ p.nama }}{% endfor %}"),
                            SuratTugasPembinaan)
    assert report.ok, report.problems()
    assert report.variables == ("logo", "nomor", "petugas", "tanggal")


def test_check_refuses_python_internals():
    report = check_template(docx_with("{{ ''.__class__.__mro__ }}"), SuratTugasPembinaan)
    assert not report.ok
    assert any("'__class__'" in u for u in report.unsafe)
    assert any("'__mro__'" in u for u in report.unsafe)
    with pytest.raises(UnsafeTemplate, match="tidak aman"):
        report.raise_for_problems()


@pytest.mark.parametrize("source, fragment", [
    ("{{ nomor|attr('__class__') }}", "filter 'attr'"),
    ("{{ nomor|safe }}", "filter 'safe'"),
    ("{{ petugas|map(attribute='__class__')|list }}", "filter 'map'"),
    ("{{ kop['__class__'] }}", "kunci '__class__'"),
    ("{{ self }}", "nama 'self'"),
    ("{{ range(3) }}", "nama 'range'"),
    ("{{ cycler }}", "nama 'cycler'"),
    ("{{ lipsum() }}", "nama 'lipsum'"),
    ("{% include 'x.xml' %}", "perintah 'include'"),
    ("{% macro m() %}x{% endmacro %}", "perintah 'macro'"),
    ("{{ kop._sekret }}", "atribut '_sekret'"),
    ("{{ 9 ** 9 ** 9 }}", "perintah '**'"),
])
def test_check_refuses_unsafe_constructs(source, fragment):
    report = check_template(docx_with(source), SuratTugasPembinaan)
    assert any(fragment in u for u in report.unsafe), report.problems()


def test_check_refuses_variables_not_in_the_schema():
    report = check_template(docx_with(
        "{{ nomer }} {{ penandatangan.nma }} {{ kop.kabupaten }}",
        "{% for p in petugas %}{{ p.nam }} {{ p.nama }}{% endfor %}"), SuratTugasPembinaan)
    assert report.undeclared == ("nomer", "penandatangan.nma", "p.nam")
    assert not report.unsafe
    with pytest.raises(TemplateInvalid, match="variabel tidak ada di skema: 'nomer'"):
        report.raise_for_problems()


def test_check_reports_syntax_errors_and_non_docx():
    report = check_template(docx_with("{{ nomor "), SuratTugasPembinaan)
    assert report.errors and "sintaks Jinja salah" in report.errors[0]
    report = check_template(b"bukan docx", SuratTugasPembinaan)
    assert report.errors and "bukan berkas .docx" in report.errors[0]


def test_check_reads_core_properties_too():
    doc = Document()
    doc.core_properties.title = "{{ ''.__class__ }}"
    buf = io.BytesIO()
    doc.save(buf)
    report = check_template(buf.getvalue(), SuratTugasPembinaan)
    assert any("properti title" in u for u in report.unsafe)


@pytest.mark.parametrize("name", ["surat_tugas_pembinaan", "sk_tpcb", "berita_acara_verifikasi"])
def test_a_render_saves_the_same_package_as_docxtpl(name):
    """The styles are carried as bytes and unchanged parts copied as stored (renderer.Templat):
    the package holds the same parts, with the same content, as docxtpl's own save of it."""
    import zipfile

    from docxtpl import DocxTemplate

    from doc_templates import entry
    from doc_templates.renderer import Templat, _fill, template_source, to_context, validate

    found = entry(name)
    data, origin = template_source(found, None)
    tpl = Templat(io.BytesIO(data))
    ours = _fill(tpl, to_context(tpl, validate(found, sample_context(name)), sample_images(), name),
                 name, origin)
    theirs = io.BytesIO()
    DocxTemplate.save(tpl, theirs)

    def members(docx: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            assert z.testzip() is None
            return {n: z.read(n) for n in z.namelist()}

    assert members(ours) == members(theirs.getvalue())
