"""The evidence bundle: fetch the final artefacts, convert them to PDF in one LibreOffice batch and
have doc_templates.bundel assemble cover, contents, EP pages and bookmarks; or zip the originals
with an index.html and a sha256 manifest. Both are published behind a time-limited link, and
`make_bundle` is the command a signed-in actor runs (role, scope, audit)."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from doc_templates.bundel import Bagian, Berkas, Butir, susun_pdf
from doc_templates.halaman_teks import Line, text_pdf
from evidence import akses
from evidence import bundle as plan_mod
from evidence.akses import Actor
from evidence.bundle import BundlePlan, ep_title, item_lines, item_title
from evidence.catalogue import EP_CODES
from evidence.completeness import evaluate
from evidence.errors import InputError
from evidence.records import DINKES
from evidence.registry import get_artefact, require_office
from tpcb.services import common
from tpcb.services.audit import record
from tpcb.services.common import parse_year, scoped_puskesmas
from tpcb.wiring import App

PDF_TYPE, ZIP_TYPE = "application/pdf", "application/zip"


@dataclass(frozen=True)
class Bundle:
    name: str
    data: bytes
    content_type: str


def gather(app: App, kode: str, *, ep: str | None, tahun: int,
           today: date | None = None) -> tuple[BundlePlan, dict[str, bytes]]:
    """The plan and the bytes of every file in it (each checked against its sha256)."""
    with app.repo() as repo:
        office = require_office(repo)
        result = evaluate(repo, app.catalogue, tahun, kode=kode, rule=app.scoring, today=today)[0]
        artefacts = repo.artefacts(pemilik_in=[kode, DINKES])
        plan = plan_mod.plan_bundle(app.catalogue, result, artefacts, ep=ep, kantor=office.nama)
        files = {f.path: get_artefact(repo, app.store, f.artefact.kunci)[1] for f in plan.files}
    return plan, files


def build(app: App, kode: str, *, ep: str | None, tahun: int, fmt: str, today: date) -> Bundle:
    plan, files = gather(app, kode, ep=ep, tahun=tahun, today=today)
    if fmt == "zip":
        return Bundle(plan_mod.bundle_name(plan, "zip"), build_zip(plan, files, today), ZIP_TYPE)
    return Bundle(plan_mod.bundle_name(plan, "pdf"), build_pdf(app, plan, files, today), PDF_TYPE)


def build_zip(plan: BundlePlan, files: dict[str, bytes], today: date) -> bytes:
    entries = dict(files)
    entries["index.html"] = plan_mod.index_html(plan, today).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in sorted(entries.items()):
            z.writestr(path, data)
        z.writestr("manifest.sha256", plan_mod.manifest(entries))
    return buf.getvalue()


# -- PDF -------------------------------------------------------------------------------------------
def _image_docx(data: bytes, caption: str) -> bytes:
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.add_paragraph(caption)
    doc.add_picture(io.BytesIO(data), width=Cm(16))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _other_page(name: str, data: bytes) -> bytes:
    lines = [Line(name, 12, True), Line("Berkas ini bukan PDF/Word/gambar; isinya ada utuh di bundel ZIP.")]
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[:60]
        lines += [Line(" | ".join(r), 8) for r in rows]
    except (UnicodeDecodeError, csv.Error):
        pass
    return text_pdf(lines)[0]


def to_pdfs(plan: BundlePlan, files: dict[str, bytes]) -> dict[str, bytes]:
    """Every file as PDF: PDFs as they are; Word and images through ONE soffice batch."""
    from doc_templates.pdf import convert_batch

    out, batch = {}, {}
    for f in plan.files:
        data = files[f.path]
        if f.kind == "pdf":
            out[f.path] = data
        elif f.kind == "docx":
            batch[f.path] = data
        elif f.kind == "image":
            try:
                batch[f.path] = _image_docx(data, f.artefact.nama_berkas)
            except Exception:  # an image python-docx cannot read: say so on a page instead
                out[f.path] = _other_page(f.artefact.nama_berkas, b"")
        else:
            out[f.path] = _other_page(f.artefact.nama_berkas, data)
    out.update(convert_batch(batch) if batch else {})
    return out


def build_pdf(app: App, plan: BundlePlan, files: dict[str, bytes], today: date) -> bytes:
    pdfs = to_pdfs(plan, files)
    roles = app.catalogue.roles
    cover = [Line("BUNDEL BUKTI AKREDITASI PUSKESMAS", 18, True), Line("Kriteria 1.7.1 Pembinaan dan "
             "pengawasan terpadu oleh Dinas Kesehatan", 12), Line("")]
    cover += [Line(text, 11) for text in plan_mod.cover_lines(plan, today)]
    sections = [Bagian(ep_title(s), _ep_lines(s, roles), [
        Butir(item_title(bi), [Berkas(f.artefact.nama_berkas, pdfs[f.path]) for f in bi.files])
        for bi in s.items]) for s in plan.sections]
    return susun_pdf(cover, sections, metadata={
        "/Title": f"Bundel bukti {plan.kode} {plan.tahun}", "/Creator": "tpcb",
        "/Subject": "Kriteria 1.7.1"})


def _ep_lines(section, roles: dict[str, str]) -> list[Line]:
    lines = [Line(f"ELEMEN PENILAIAN {section.code})", 14, True), Line(section.title, 10),
             Line(f"Skor sementara: {section.grade} ({section.score})", 10, True), Line("")]
    for bi in section.items:
        for n, text in enumerate(item_lines(bi, roles)):
            lines.append(Line(text.strip(), 10 if n == 0 else 9, n == 0, "", 0 if n == 0 else 14))
    return lines


# -- time-limited link -----------------------------------------------------------------------------
def publish(app: App, signer, bundle: Bundle, minutes: int) -> tuple[str, datetime]:
    """Store the bundle, then a presigned URL (S3) or a signed /unduh/ token (local storage)."""
    key = f"bundel/{hashlib.sha256(bundle.data).hexdigest()[:16]}/{bundle.name}"
    app.store.put(key, bundle.data, content_type=bundle.content_type, metadata={"jenis": "bundel"})
    expires = datetime.now(UTC) + timedelta(minutes=minutes)
    presign = getattr(app.store, "presigned_get", None)
    if presign is not None:
        return presign(key, minutes * 60), expires
    return f"/unduh/{signer.dumps('unduh', {'key': key}, minutes * 60)}", expires


def make_bundle(app: App, repo, signer, web, who: Actor, *, puskesmas: str, ep: str | None, fmt: str,
                tahun: int | None) -> dict:
    """Build, publish and audit a bundle for a signed-in actor; the link and what it holds."""
    akses.require(who, akses.BUNDEL)
    kode = scoped_puskesmas(repo, who, puskesmas)
    ep = (ep or "").strip().lower() or None
    if ep is not None and ep not in EP_CODES:
        raise InputError(f"EP '{ep}' tidak dikenal; pilih a sampai h.")
    if fmt not in ("pdf", "zip"):
        raise InputError(f"Format bundel '{fmt}' tidak dikenal; pilih pdf atau zip.")
    made = build(app, kode, ep=ep, tahun=parse_year(tahun), fmt=fmt, today=common.today())
    url, expires = publish(app, signer, made, web.link_minutes)
    record(repo, who.username, "bundel.buat", f"bundel:{made.name}",
           sesudah={"puskesmas": kode, "ep": ep, "format": fmt, "ukuran": len(made.data)})
    return {"nama": made.name, "url": url, "berlaku_sampai": expires.isoformat(), "ukuran": len(made.data)}
