"""The evidence bundle: fetch the final artefacts as PDF (their renditions, made once by
`tpcb storage rendisi`; only files without a valid one are converted now, in one LibreOffice
batch) and have doc_templates.bundel assemble cover, contents, EP pages and bookmarks; or zip the
originals with an index.html and a sha256 manifest. Both are published behind a time-limited link, and
`make_bundle` is the command a signed-in actor runs (role, scope, audit)."""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from doc_templates.bundel import Bagian, Berkas, Butir, susun_pdf
from doc_templates.halaman_teks import Line
from evidence import akses, rendisi
from evidence import bundle as plan_mod
from evidence.akses import Actor
from evidence.bundle import BundlePlan, ep_title, item_lines, item_title
from evidence.catalogue import EP_CODES
from evidence.completeness import evaluate
from evidence.errors import InputError, NotFound
from evidence.records import DINKES, Artefact
from evidence.registry import isi_artefak, require_office
from tpcb.services import common
from tpcb.services.audit import record
from tpcb.services.common import parse_year, scoped_puskesmas
from tpcb.wiring import App

PDF_TYPE, ZIP_TYPE = "application/pdf", "application/zip"
log = logging.getLogger(__name__)
# Word/Excel (name -> bytes) to PDF in one LibreOffice run; tests pass one that counts its calls.
Convert = Callable[[dict[str, bytes]], dict[str, bytes]]
# (stage, done, total): called per document fetched and placed, and around the LibreOffice batch.
Kemajuan = Callable[[str, int, int], None]


def _diam(tahap: str, selesai: int, total: int) -> None:
    """No one is watching."""


@dataclass(frozen=True)
class Bundle:
    name: str
    data: bytes
    content_type: str
    dikonversi: int = 0  # files of a PDF bundle converted now, for want of a valid rendition


def _plan(app: App, repo, kode: str, ep: str | None, tahun: int, today: date | None) -> BundlePlan:
    office = require_office(repo)
    result = evaluate(repo, app.catalogue, tahun, kode=kode, rule=app.scoring, today=today)[0]
    artefacts = repo.artefacts(pemilik_in=[kode, DINKES])
    return plan_mod.plan_bundle(app.catalogue, result, artefacts, ep=ep, kantor=office.nama)


def gather(app: App, kode: str, *, ep: str | None, tahun: int, today: date | None = None,
           kemajuan: Kemajuan = _diam) -> tuple[BundlePlan, dict[str, bytes]]:
    """The plan and the bytes of every file in it (each checked against its sha256)."""
    with app.repo() as repo:
        plan = _plan(app, repo, kode, ep, tahun, today)
        files = {}
        for n, f in enumerate(plan.files, 1):
            files[f.path] = isi_artefak(app.store, f.artefact)  # the row is in the plan
            kemajuan(AMBIL, n, len(plan.files))
    return plan, files


def _rendition(app: App, a: Artefact) -> bytes | None:
    """The artefact's valid rendition, if its object is there and still what was recorded."""
    if not (rendisi.dapat_dirender(a) and rendisi.sah(a)) or a.pdf_kunci is None:
        return None
    try:
        data = app.store.get(a.pdf_kunci)
    except NotFound:
        log.warning("Rendisi PDF %s tidak ada di penyimpanan; berkasnya dikonversi sekarang "
                    "(perbaiki: tpcb storage reconcile --fix lalu tpcb storage rendisi)", a.pdf_kunci)
        return None
    if hashlib.sha256(data).hexdigest() != a.pdf_sha256:
        log.warning("Rendisi PDF %s tidak cocok dengan sha256 yang tercatat; berkasnya dikonversi "
                    "sekarang (periksa: tpcb storage verify)", a.pdf_kunci)
        return None
    return data


def _fetch(app: App, a: Artefact) -> tuple[bool, bytes]:
    """(True, its rendition) when it has a valid one, else (False, the original)."""
    pdf = _rendition(app, a)
    return (True, pdf) if pdf is not None else (False, isi_artefak(app.store, a))


AMBIL, KONVERSI, SUSUN = "mengambil berkas", "mengonversi Word/Excel ke PDF", "menyusun PDF"
FETCHERS = 8  # objects fetched at once: on S3 each is a round trip, and they do not depend on each other


def gather_pdf(app: App, kode: str, *, ep: str | None, tahun: int, today: date | None = None,
               kemajuan: Kemajuan = _diam) -> tuple[BundlePlan, dict[str, bytes], dict[str, bytes]]:
    """The plan, the renditions found (path -> PDF) and the originals of the other files."""
    with app.repo() as repo:
        plan = _plan(app, repo, kode, ep, tahun, today)
    got = []
    with ThreadPoolExecutor(FETCHERS) as pool:
        for n, one in enumerate(pool.map(lambda f: _fetch(app, f.artefact), plan.files), 1):
            got.append(one)
            kemajuan(AMBIL, n, len(plan.files))
    ready = {f.path: data for f, (is_pdf, data) in zip(plan.files, got, strict=True) if is_pdf}
    files = {f.path: data for f, (is_pdf, data) in zip(plan.files, got, strict=True) if not is_pdf}
    return plan, ready, files


def build(app: App, kode: str, *, ep: str | None, tahun: int, fmt: str, today: date,
          convert: Convert | None = None, kemajuan: Kemajuan = _diam) -> Bundle:
    """The bundle's bytes; `kemajuan` hears each document fetched, converted and placed."""
    if fmt == "zip":
        plan, files = gather(app, kode, ep=ep, tahun=tahun, today=today, kemajuan=kemajuan)
        return Bundle(plan_mod.bundle_name(plan, "zip"), build_zip(plan, files, today), ZIP_TYPE)
    plan, ready, files = gather_pdf(app, kode, ep=ep, tahun=tahun, today=today, kemajuan=kemajuan)
    pdfs, now = to_pdfs(plan, files, ready=ready, convert=convert, kemajuan=kemajuan)
    if now:
        log.info("Bundel %s: %d berkas belum punya rendisi PDF yang sah dan dikonversi sekarang "
                 "(buat sekali dengan: tpcb storage rendisi)", kode, now)
    return Bundle(plan_mod.bundle_name(plan, "pdf"), assemble_pdf(app, plan, pdfs, today, kemajuan),
                  PDF_TYPE, dikonversi=now)


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


def to_pdfs(plan: BundlePlan, files: dict[str, bytes], *, ready: dict[str, bytes] | None = None,
            convert: Convert | None = None, kemajuan: Kemajuan = _diam) -> tuple[dict[str, bytes], int]:
    """Every file as PDF and how many went through LibreOffice now: renditions (`ready`) and PDFs
    as they are; Word, Excel and images without a rendition through ONE soffice batch."""
    from doc_templates.pdf import convert_batch
    from doc_templates.rendisi import image_docx, other_page

    out, batch = dict(ready or {}), {}
    for f in plan.files:
        if f.path in out:
            continue
        data = files[f.path]
        if f.kind == "pdf":
            out[f.path] = data
        elif f.kind in ("docx", "xlsx"):
            batch[f.path] = data
        elif f.kind == "image":
            try:
                batch[f.path] = image_docx(data, f.artefact.nama_berkas)
            except Exception:  # an image python-docx cannot read: say so on a page instead
                out[f.path] = other_page(f.artefact.nama_berkas, b"")
        else:
            out[f.path] = other_page(f.artefact.nama_berkas, data)
    if batch:  # one LibreOffice run: its progress is before and after
        kemajuan(KONVERSI, 0, len(batch))
        out.update((convert or convert_batch)(batch))
        kemajuan(KONVERSI, len(batch), len(batch))
    return out, len(batch)


def assemble_pdf(app: App, plan: BundlePlan, pdfs: dict[str, bytes], today: date,
                 kemajuan: Kemajuan = _diam) -> bytes:
    roles = app.catalogue.roles
    cover = [Line("BUNDEL BUKTI AKREDITASI PUSKESMAS", 18, True), Line("Kriteria 1.7.1 Pembinaan dan "
             "pengawasan terpadu oleh Dinas Kesehatan", 12), Line("")]
    cover += [Line(text, 11) for text in plan_mod.cover_lines(plan, today)]
    sections = [Bagian(ep_title(s), _ep_lines(s, roles), [
        Butir(item_title(bi), [Berkas(f.artefact.nama_berkas, pdfs[f.path]) for f in bi.files])
        for bi in s.items]) for s in plan.sections]
    return susun_pdf(cover, sections, metadata={
        "/Title": f"Bundel bukti {plan.kode} {plan.tahun}", "/Creator": "tpcb",
        "/Subject": "Kriteria 1.7.1"}, kemajuan=lambda n, total: kemajuan(SUSUN, n, total))


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


def periksa_permintaan(repo, who: Actor, *, puskesmas: str, ep: str | None, fmt: str
                       ) -> tuple[str, str | None]:
    """Role, scope, EP and format of a bundle request: the Puskesmas code and the EP (or None)."""
    akses.require(who, akses.BUNDEL)
    kode = scoped_puskesmas(repo, who, puskesmas)
    ep = (ep or "").strip().lower() or None
    if ep is not None and ep not in EP_CODES:
        raise InputError(f"EP '{ep}' tidak dikenal; pilih a sampai h.")
    if fmt not in ("pdf", "zip"):
        raise InputError(f"Format bundel '{fmt}' tidak dikenal; pilih pdf atau zip.")
    return kode, ep


def make_bundle(app: App, repo, signer, web, who: Actor, *, puskesmas: str, ep: str | None, fmt: str,
                tahun: int | None, kemajuan: Kemajuan = _diam) -> dict:
    """Build, publish and audit a bundle for a signed-in actor; the link and what it holds."""
    kode, ep = periksa_permintaan(repo, who, puskesmas=puskesmas, ep=ep, fmt=fmt)
    made = build(app, kode, ep=ep, tahun=parse_year(tahun), fmt=fmt, today=common.today(),
                 kemajuan=kemajuan)
    url, expires = publish(app, signer, made, web.link_minutes)
    record(repo, who.username, "bundel.buat", f"bundel:{made.name}",
           sesudah={"puskesmas": kode, "ep": ep, "format": fmt, "ukuran": len(made.data)})
    return {"nama": made.name, "url": url, "berlaku_sampai": expires.isoformat(), "ukuran": len(made.data),
            "dikonversi_langsung": made.dikonversi}
