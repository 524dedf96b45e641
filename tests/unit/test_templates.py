"""Every packaged template renders from its sample context into a proper Indonesian letter."""

from __future__ import annotations

import io
import zipfile
from importlib import resources

import pytest
from docx import Document
from docx.oxml.ns import qn
from pydantic import BaseModel

from doc_templates import catalogue, check_dir, render
from doc_templates.build import build_one
from doc_templates.catalogue import parse_catalogue
from doc_templates.errors import TemplateError
from doc_templates.samples import sample_context, sample_images
from evidence.catalogue import load_catalogue

NAMES = sorted(catalogue())
KEPALA = ("dr. Rahmat Wirasena Adiputra, M.M.Kes.", "NIP. 19710214 199903 1 005",
          "KEPALA DINAS KESEHATAN KABUPATEN SUKAMAJU,")
KETUA = ("dr. Hendrawan Satyaputra, M.Kes.", "NIP. 19750512 200312 1 004")
PENDAMPING = ("drg. Arif Nugraha Pamungkas, M.Kes.", "NIP. 19770218 200501 1 006")
EXPECTED = {  # the number, names, dates and wording each sample letter must show
    "sk_tpcb": ["KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN SUKAMAJU",
                "NOMOR 400.7/001/TPCB/I/2026", "TIM PEMBINA CLUSTER BINAAN PUSKESMAS TAHUN 2026",
                "Menimbang", "a.\tbahwa dalam rangka", "c.\tbahwa berdasarkan", "Mengingat",
                "MEMUTUSKAN:", "Menetapkan", "KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA",
                "Ditetapkan di Sukamaju", "pada tanggal 5 Januari 2026", "LAMPIRAN",
                "NIP. 19810925 200604 2 011", "Puskesmas Sukajaya, Puskesmas Tanjungwangi",
                "Tembusan:"],
    "jadwal_pembinaan": ["JADWAL PEMBINAAN TERPADU PUSKESMAS", "TAHUN 2026",
                         "Puskesmas Mekarsentosa", "Sukamaju, 6 Januari 2026", "Des"],
    "surat_tugas_pembinaan": ["SURAT TUGAS", "NOMOR : 800.1.11.1/012/TPCB/III/2026", "Dasar",
                              "MENUGASKAN:", "Kepada", "Untuk", "19770218 200501 1 006",
                              "Melaksanakan pembinaan terpadu", "di Puskesmas Sukajaya, "
                              "Kecamatan Sukajaya, pada hari Kamis, tanggal 12 Maret 2026;",
                              "3.\tMelaporkan hasil", "Dikeluarkan di Sukamaju",
                              "pada tanggal 9 Maret 2026", "Pembina (IV/a)", "Anggota"],
    "surat_tugas_pendampingan": ["SURAT TUGAS", "NOMOR : 800.1.11.1/003/TPCB/I/2026",
                                 "Rencana Usulan Kegiatan (RUK) Tahun 2027",
                                 "Rencana Pelaksanaan Kegiatan (RPK) Tahun 2026",
                                 "pada hari Kamis, tanggal 22 Januari 2026", "2.\tMelaporkan"],
    "analisis_sa": ["ANALISIS HASIL SELF ASSESSMENT (SA)", "PUSKESMAS SUKAJAYA TAHUN 2026",
                    "20 Februari 2026", "Peningkatan Mutu Puskesmas", "72,9%",
                    "Capaian SA Kriteria 1.7.1: 62,5%.", "1.7.1 EP h", "5.3.2 EP c",
                    "Rekomendasi Puskesmas", "E. Rekomendasi TPCB", "Sukamaju, 5 Maret 2026"],
    "laporan_hasil_pembinaan": ["LAPORAN HASIL PEMBINAAN TERPADU", "Cluster Binaan I",
                                "Kamis, 12 Maret 2026", "Nomor 800.1.11.1/012/TPCB/III/2026",
                                "tanggal 9 Maret 2026", "Imunisasi dasar lengkap 78%",
                                "Kekosongan vaksin MR", "30 April 2026", "Foto kegiatan"],
    "nota_dinas_laporan": ["NOTA DINAS", "Yth.", "Dari", "400.7/021/TPCB/III/2026",
                           "17 Maret 2026", "Laporan Hasil Pembinaan Terpadu Puskesmas Sukajaya",
                           "1.\tPembinaan terpadu", "KETUA TIM PEMBINA CLUSTER BINAAN (TPCB),"],
    "surat_umpan_balik_pembinaan": ["Sukamaju, 20 Maret 2026", "400.7/025/TPCB/III/2026",
                                    "Penting", "1 (satu) berkas",
                                    "Umpan Balik Hasil Pembinaan Terpadu Tahun 2026",
                                    "Yth. Kepala Puskesmas Sukajaya", "Kamis, 12 Maret 2026",
                                    "paling lambat tanggal 20 April 2026"],
    "notulen_pendampingan": ["NOTULEN", "RUK TAHUN 2027 DAN RPK TAHUN 2026",
                             "Kamis, 22 Januari 2026", "apt. Larasati Maharani Soedibyo",
                             "Mengetahui,", "Ketua Tim Pendamping TPCB",
                             "Dokumentasi Kegiatan", "Diskusi penyusunan RUK per program"],
    "daftar_hadir": ["DAFTAR HADIR", "Tanda Tangan", "Jabatan / Unit",
                     "Kamis, 22 Januari 2026", "Nining Kartikasari, S.Kep., Ns.",
                     "PJ Mutu, Puskesmas Sukajaya", "\n11\n"],  # 6 named + 5 empty rows
    "surat_tindak_lanjut_lokmin": ["400.7/031/TPCB/IV/2026", "Sukamaju, 6 April 2026",
                                   "Tindak Lanjut Hasil Lokakarya Mini Puskesmas Sukajaya",
                                   "Nomor 440/045/PKM-SKJ/III/2026 tanggal 30 Maret 2026",
                                   "Realokasi 200 vial", "15 April 2026", "Penanggung Jawab"],
    "berita_acara_verifikasi": ["BERITA ACARA VERIFIKASI PENILAIAN KINERJA PUSKESMAS",
                                "NOMOR : 400.7/008/TPCB/II/2026",
                                "Pada hari ini Senin tanggal enam belas bulan Februari tahun dua "
                                "ribu dua puluh enam", "Nilai Verifikasi", "88,40", "86,90",
                                "-1,50", "dr. Wulan Sekarsari Pratiwi",
                                "NIP. 19820317 201001 2 014", "Data yang dikoreksi saat verifikasi",
                                "Cakupan imunisasi dasar lengkap", "94,2%",
                                "Tim Verifikasi Dinas Kesehatan yang hadir", "Tanda Tangan"],
    "surat_umpan_balik_pkp": ["Umpan Balik Penilaian Kinerja Puskesmas Tahun 2025",
                              "400.7/010/TPCB/II/2026", "Senin, 16 Februari 2026", "91,50",
                              "Cukup", "paling lambat tanggal 23 Maret 2026",
                              "termasuk kategori Cukup (kelompok II)"],
    "panduan_wawancara": ["PANDUAN WAWANCARA", "KRITERIA 1.7.1 ELEMEN PENILAIAN C",
                          "EP c) Ada bukti bahwa dinas kesehatan", "c-w1", "Anggota TPCB",
                          "drg. Arif Nugraha Pamungkas, M.Kes.", "Surat tugas TPCB"],
}


def text_of(data: bytes) -> str:
    """All text of a .docx in body order, table cells included (tabs and breaks kept)."""
    body = Document(io.BytesIO(data)).element.body
    lines = []
    for p in body.iter(qn("w:p")):
        parts = []
        for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            parts.append(el.text or "" if el.tag == qn("w:t") else
                         "\t" if el.tag == qn("w:tab") else "\n")
        lines.append("".join(parts))
    return "\n".join(lines)


@pytest.fixture(scope="module", params=NAMES)
def rendered(request):
    name = request.param
    return name, render(name, sample_context(name), images=sample_images())


def test_renders_with_kop_and_expected_content(rendered):
    name, out = rendered
    text = text_of(out.data)
    for line in ("PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KESEHATAN",
                 "Jalan Raya Sehat Sejahtera Nomor 17", "Telp. (0999) 321456",
                 "Fax (0999) 321457, Kode Pos 99101",
                 "Laman: https://dinkes.sukamaju.example", "Pos-el: dinkes@sukamaju.example",
                 *EXPECTED[name]):
        assert line in text, f"{name}: {line!r} tidak ada"
    assert "{{" not in text and "{%" not in text and "}}" not in text


def test_signature_block_matches_the_catalogued_signer(rendered):
    name, out = rendered
    text = text_of(out.data)
    signer = catalogue()[name].signer
    expected = {"kepala_dinas": KEPALA, "ketua_tpcb": KETUA, "ketua_kunjungan": PENDAMPING,
                None: ()}[signer]
    for line in expected:
        assert line in text, f"{name}: {line!r} tidak ada"
    if signer is None:
        assert "NIP. 19710214" not in text


def test_metadata_names_the_items_it_proves(rendered):
    name, out = rendered
    assert out.template == name
    assert out.items == catalogue()[name].items and out.title == catalogue()[name].title
    assert out.data[:2] == b"PK"


def test_logo_and_photos_are_inline_images(rendered):
    name, out = rendered
    shapes = Document(io.BytesIO(out.data)).inline_shapes
    assert len(shapes) == (3 if name == "notulen_pendampingan" else 1)
    assert round(shapes[0].width.cm, 1) == 2.2


def test_a_puskesmas_name_appears_in_every_puskesmas_document(rendered):
    name, out = rendered
    if catalogue()[name].items[0] not in ("b-r1", "b-d1"):  # office-wide: SK and schedule
        assert "Puskesmas Sukajaya" in text_of(out.data)


def test_template_catalogue_matches_the_evidence_catalogue():
    ev = load_catalogue()
    referenced = {i.template for i in ev.items() if i.template}
    assert referenced == set(catalogue())
    for name, entry in catalogue().items():
        proved = tuple(i.id for i in ev.items() if i.template == name)
        assert entry.items == proved, name
    assert catalogue()["panduan_wawancara"].items == (
        "b-w1", "c-w1", "d-w1", "e-w1", "f-w1", "g-w1", "h-w1")
    assert catalogue()["surat_tugas_pembinaan"].items == ("c-d3",)


def test_numbered_letters_have_a_kind_and_documents_none():
    kinds = {n: e.jenis for n, e in catalogue().items()}
    assert kinds["sk_tpcb"] == "sk" and kinds["surat_tugas_pendampingan"] == "surat_tugas"
    assert kinds["berita_acara_verifikasi"] == "berita_acara"
    for name in ("jadwal_pembinaan", "notulen_pendampingan", "daftar_hadir", "analisis_sa",
                 "panduan_wawancara"):
        assert kinds[name] is None


def test_catalogue_refuses_an_unknown_schema():
    bad = "templates:\n  x:\n    title: X\n    items: [a-r1]\n    jenis: null\n" \
          "    layout: document\n    signer: null\n    schema: TidakAda\n"
    with pytest.raises(TemplateError, match="TidakAda"):
        parse_catalogue(bad)


def _models(model: type[BaseModel], seen: set) -> set:
    seen.add(model)
    for f in model.model_fields.values():
        for sub in (f.annotation, *getattr(f.annotation, "__args__", ())):
            if isinstance(sub, type) and issubclass(sub, BaseModel) and sub not in seen:
                _models(sub, seen)
    return seen


def test_schemas_forbid_extra_fields_and_avoid_dict_method_names():
    for entry in catalogue().values():
        for model in _models(entry.schema_class, set()):
            assert model.model_config.get("extra") == "forbid", model.__name__
            clash = set(model.model_fields) & set(dir(dict))
            assert not clash, f"{model.__name__}: {clash}"
        assert "kop" in entry.schema_class.model_fields


def test_packaged_templates_are_up_to_date_and_pass_the_check():
    for report in check_dir(None):
        assert report.ok, report.problems()
        assert report.variables, report.template
    for name, entry in catalogue().items():
        packaged = resources.files("doc_templates").joinpath(entry.file).read_bytes()
        fresh = build_one(name)
        for part in ("word/document.xml", "word/styles.xml"):
            assert member(packaged, part) == member(fresh, part), \
                f"{entry.file} usang: jalankan python -m doc_templates.build"


def member(docx: bytes, part: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(part)


def test_build_is_reproducible_and_f4_is_configurable():
    assert build_one("surat_tugas_pembinaan") == build_one("surat_tugas_pembinaan")
    f4 = Document(io.BytesIO(build_one("surat_tugas_pembinaan", "F4"))).sections[0]
    assert (round(f4.page_width.cm, 1), round(f4.page_height.cm, 1)) == (21.5, 33.0)
    a4 = Document(io.BytesIO(build_one("jadwal_pembinaan"))).sections[0]
    assert (round(a4.page_width.cm, 1), round(a4.page_height.cm, 1)) == (29.7, 21.0)
    assert round(a4.left_margin.cm, 1) == 3.0 and round(a4.top_margin.cm, 1) == 2.0


def test_templates_use_arial_12():
    doc = Document(io.BytesIO(build_one("sk_tpcb")))
    normal = doc.styles["Normal"].font
    assert normal.name == "Arial" and normal.size.pt == 12
    assert doc.core_properties.created.year == 2026
