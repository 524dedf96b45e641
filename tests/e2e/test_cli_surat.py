"""Letters through the CLI: ad-hoc letter, register, signing, template checks, the page look."""

import io
import json
import shutil

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from doc_templates.pdf import find_soffice
from tests.samples import pdf_bytes

UMPAN_BALIK = {
    "tahun": 2026, "kepada": "Kepala Puskesmas Sukajaya", "di": "Sukajaya",
    "tanggal_pembinaan": "2026-03-12", "batas_laporan": "2026-04-15", "tembusan": ["Arsip"],
    "ringkasan": ["Temuan {{ 7*7 }} & <catatan> ditulis apa adanya."],
    "rekomendasi": ["Lengkapi notulen lokakarya mini bulanan."],
}


def line_heights(page) -> list[tuple[str, float]]:
    """Each text run with its height on the page (PDF y grows upwards)."""
    rows: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            rows.append((text, tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return rows


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, nested tables (the signature block) included."""
    body = Document(io.BytesIO(data)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


@pytest.fixture
def ctx_file(tmp_path):
    f = tmp_path / "ub.yaml"
    f.write_text(yaml.safe_dump(UMPAN_BALIK, allow_unicode=True))
    return f


def buat(cli, ctx_file, tmp_path, *extra):
    return cli("surat", "buat", "surat_umpan_balik_pembinaan", "--context", ctx_file,
               "--puskesmas", "PKM-SKJ", "--tanggal", "2026-03-16", "--out", tmp_path / "ub.docx",
               *extra)


def test_adhoc_letter_is_drafted_then_numbered_when_dated(cli, ctx_file, tmp_path):
    cli.seeded()
    r = buat(cli, ctx_file, tmp_path)
    assert r.code == 0, r.err
    assert "Surat draf-1 dibuat" in r.out and "tpcb surat nomor draf-1" in r.out
    text = docx_text((tmp_path / "ub.docx").read_bytes())
    for expected in ("PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KESEHATAN", "Nomor\n:\n……",
                     "Puskesmas Sukajaya", "16 Maret 2026", "12 Maret 2026", "15 April 2026",
                     "dr. Rahmat Wirasena Adiputra", "NIP. 19710214 199903 1 005",
                     "Temuan {{ 7*7 }} & <catatan> ditulis apa adanya."):
        assert expected in text
    assert "49" not in text and "400.7/" not in text
    [letter] = json.loads(cli.ok("surat", "list", "--format", "json").out)
    assert letter["nomor"] is None and letter["rujukan"] == "draf-1" and letter["status"] == "draft"
    assert letter["puskesmas"] == "PKM-SKJ" and letter["jenis"] == "umpan_balik"
    again = buat(cli, ctx_file, tmp_path)
    assert again.code == 0 and "sudah ada" in again.out
    r = cli.ok("surat", "nomor", "draf-1", "--tanggal", "2026-03-16")
    assert "bernomor 400.7/001/TPCB/III/2026, tanggal 2026-03-16" in r.out
    [letter] = json.loads(cli.ok("surat", "list", "--format", "json").out)
    assert letter["nomor"] == "400.7/001/TPCB/III/2026" and letter["rujukan"] == letter["nomor"]
    numbered = tmp_path / "bernomor.docx"
    cli.ok("artefact", "get", letter["kunci_draf"], "--out", numbered)
    assert "400.7/001/TPCB/III/2026" in docx_text(numbered.read_bytes())


def test_sign_makes_the_letter_final_evidence(cli, ctx_file, tmp_path):
    cli.seeded()
    buat(cli, ctx_file, tmp_path)
    signed = tmp_path / "ttd.pdf"
    signed.write_bytes(pdf_bytes(2))
    r = cli("surat", "sign", "draf-1", "--file", signed)
    assert r.code == 1 and "belum bernomor" in r.err and "tpcb surat nomor draf-1" in r.err
    cli.ok("surat", "nomor", "draf-1", "--tanggal", "2026-03-16")
    nomor = "400.7/001/TPCB/III/2026"
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"bukan pdf")
    r = cli("surat", "sign", nomor, "--file", bad)
    assert r.code == 1 and "rusak" in r.err
    cli.ok("surat", "sign", nomor, "--file", signed, "--tanggal", "2026-03-17")
    shown = json.loads(cli.ok("surat", "show", nomor, "--format", "json").out)
    assert shown["status"] == "final" and shown["kunci_final"].endswith("_ttd.pdf")
    matrix = json.loads(cli.ok("completeness", "--puskesmas", "PKM-SKJ", "--tahun", "2026",
                               "--format", "json").out)
    d = next(e for e in matrix["puskesmas"][0]["ep"] if e["kode"] == "d")
    d2 = next(i for i in d["butir"] if i["id"] == "d-d2")
    assert d2["status"] == "ada" and f"surat {nomor}" in d2["alasan"]
    assert d2["berkas"]["penandatangan"]  # the register's signer
    assert cli("surat", "show", "999/XX", "--format", "json").code == 1


@pytest.mark.parametrize("ctx,message", [
    ({k: v for k, v in UMPAN_BALIK.items() if k != "rekomendasi"}, "rekomendasi"),
    ({**UMPAN_BALIK, "batas_laporan": "besok"}, "batas_laporan"),
    ({**UMPAN_BALIK, "warna": "merah"}, "warna"),
])
def test_bad_context_is_refused_and_no_number_is_used(cli, tmp_path, ctx, message):
    cli.seeded()
    f = tmp_path / "ctx.yaml"
    f.write_text(yaml.safe_dump(ctx))
    r = buat(cli, f, tmp_path)
    assert r.code == 1 and message in r.err and "Traceback" not in r.err
    assert json.loads(cli.ok("surat", "list", "--format", "json").out) == []
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(UMPAN_BALIK))
    buat(cli, good, tmp_path)
    cli.ok("surat", "nomor", "draf-1", "--tanggal", "2026-03-16")
    [letter] = json.loads(cli.ok("surat", "list", "--format", "json").out)
    assert letter["nomor"].startswith("400.7/001/")  # the refused attempt used no number


def test_templates_check_refuses_injection(cli, tmp_path):
    assert cli.ok("templates", "check").out.count("aman") >= 14
    from doc_templates.samples_data import KOP  # noqa: F401  (packaged samples exist)

    bad_dir = tmp_path / "kantor"
    bad_dir.mkdir()
    doc = Document()
    doc.add_paragraph("{{ ''.__class__.__mro__ }} {{ kop.kabupaten }}")
    doc.save(bad_dir / "surat_umpan_balik_pembinaan.docx")
    r = cli("templates", "check", bad_dir)
    assert r.code == 1 and "tidak aman" in r.out


@pytest.mark.slow
def test_rendered_letter_looks_like_an_official_letter(cli, ctx_file, tmp_path):
    if find_soffice() is None:
        pytest.skip("soffice tidak terpasang")
    cli.seeded()
    r = buat(cli, ctx_file, tmp_path, "--pdf")
    assert r.code == 0, r.err
    reader = PdfReader(tmp_path / "ub.pdf")
    assert len(reader.pages) >= 1
    page = reader.pages[0]
    rows = line_heights(page)
    order = ["PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KESEHATAN", "Nomor", "Hal",
             "Rekomendasi", "KEPALA DINAS KESEHATAN", "NIP. 19710214 199903 1 005"]
    heights = [next((y for t, y in rows if marker in t), None) for marker in order]
    assert None not in heights, dict(zip(order, heights, strict=False))
    # Top to bottom: kop, number block, body, signature block.
    assert heights == sorted(heights, reverse=True), dict(zip(order, heights, strict=False))
    # The tembusan sits beside the signature block, at its foot, on the same page.
    tembusan = next((y for t, y in rows if "Tembusan" in t), None)
    assert tembusan is not None and heights[-1] - 30 < tembusan < heights[-3]
    assert "Yth. Kepala Puskesmas Sukajaya" in page.extract_text()
    assert len(page.images) >= 1  # the logo in the kop
    assert reader.metadata.title and "d-d2" in reader.metadata.subject
    assert shutil.which("soffice") or find_soffice()


def _retype(path, old: str, new: str) -> None:
    doc = Document(path)
    for t in doc.element.body.iter(qn("w:t")):
        if t.text and old in t.text:
            t.text = t.text.replace(old, new)
    doc.save(path)


def test_a_clerk_downloads_corrects_and_uploads_the_numbered_draft(cli, ctx_file, tmp_path):
    cli.seeded()
    buat(cli, ctx_file, tmp_path)
    draft = tmp_path / "draf.docx"
    r = cli("surat", "revisi", "draf-1", "--file", tmp_path / "ub.docx")
    assert r.code == 1 and "belum bernomor" in r.err
    cli.ok("surat", "nomor", "draf-1", "--tanggal", "2026-03-16")
    nomor = "400.7/001/TPCB/III/2026"
    r = cli.ok("surat", "unduh", nomor, "--out", draft)
    assert "tpcb surat revisi" in r.out and nomor in docx_text(draft.read_bytes())
    _retype(draft, "ditulis apa adanya", "ditulis ulang oleh juru ketik")
    r = cli.ok("surat", "revisi", nomor, "--file", draft)
    assert "diganti dengan revisi" in r.out
    r = cli.ok("surat", "revisi", nomor, "--file", draft)
    assert "tidak ada yang berubah" in r.out
    again = tmp_path / "lagi.docx"
    cli.ok("surat", "unduh", nomor, "--out", again)
    assert "ditulis ulang oleh juru ketik" in docx_text(again.read_bytes())
    _retype(again, nomor, "400.7/777/TPCB/III/2026")
    r = cli("surat", "revisi", nomor, "--file", again)
    assert r.code == 1 and "tidak boleh diubah" in r.err and "Traceback" not in r.err
    _retype(again, "400.7/777/TPCB/III/2026", nomor)
    _retype(again, "Kepala Puskesmas Sukajaya", "Kepala Puskesmas Lain")
    r = cli("surat", "revisi", nomor, "--file", again)
    assert r.code == 1 and "Tujuan surat berubah" in r.err
    cli.ok("surat", "unduh", nomor, "--out", again)
    assert "ditulis ulang oleh juru ketik" in docx_text(again.read_bytes())  # refusals kept it
