"""Use cases of the letter register: issue a numbered letter from a template, sign it.

Compose, then deliver: the renderer returns bytes; filing stores them. The number, the register
row and the draft artefact are committed in one transaction, so a failure consumes no number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from evidence.catalogue import Catalogue
from evidence.content import check_file, check_pdf
from evidence.errors import InputError, NotFound
from evidence.keys import build_key, safe_filename
from evidence.numbering import format_nomor, seri
from evidence.ports import ObjectStore
from evidence.records import DRAFT, FINAL, Surat, utcnow
from evidence.registry import FileRequest, check_owner, file_artefact, require_office

MENUNGGU, DITOLAK = "menunggu_persetujuan", "ditolak"


class Rendered(Protocol):
    data: bytes


class Renderer(Protocol):
    def __call__(self, name: str, context: dict[str, Any], *,
                 images: dict[str, Any] | None = None) -> Rendered: ...


@dataclass(frozen=True)
class LetterRequest:
    templat: str
    jenis: str  # kind of letter for numbering: sk, surat_tugas, nota_dinas, umpan_balik, ...
    sumber: str  # the source record: the same source always means the same letter
    item_id: str
    pemilik: str
    tanggal: date
    perihal: str
    tujuan: str
    penandatangan: str
    context: dict[str, Any] = field(default_factory=dict)  # without `nomor`: it is allocated here
    images: dict[str, Any] = field(default_factory=dict)


def file_stem(nomor: str) -> str:
    return safe_filename(nomor.replace("/", "-"))


def issue_letter(repo, store: ObjectStore, catalogue: Catalogue, render: Renderer,
                 req: LetterRequest, *, max_bytes: int, hold: bool = False) -> tuple[Surat, bool]:
    """Number, render and file a draft letter; the same source returns the existing letter.

    With `hold` the letter waits for the signer's approval (status menunggu_persetujuan) before
    it may be signed.
    """
    existing = repo.surat_by_source(req.templat, req.sumber)
    if existing is not None:
        return existing, False
    office = require_office(repo)
    check_owner(repo, catalogue, req.item_id, req.pemilik)
    item = catalogue.item(req.item_id)
    try:
        urut = repo.next_urut(req.tanggal.year, seri(office, req.jenis, req.tanggal.year))
        nomor = format_nomor(office, req.jenis, urut, req.tanggal)
        rendered = render(req.templat, {**req.context, "nomor": nomor}, images=req.images)
        filename = f"{file_stem(nomor)}_{req.templat}.docx"
        key = str(build_key(kode_wilayah=office.kode_wilayah, tahun=req.tanggal.year,
                            pemilik=req.pemilik, ep=item.ep, item_id=item.id, filename=filename))
        surat = Surat(nomor=nomor, tahun=req.tanggal.year, jenis=req.jenis, urut=urut,
                      tanggal=req.tanggal, templat=req.templat, sumber=req.sumber,
                      perihal=req.perihal, tujuan=req.tujuan, penandatangan=req.penandatangan,
                      pemilik=req.pemilik, item_id=item.id, status=MENUNGGU if hold else DRAFT,
                      artefak_draf=key)
        repo.add(surat)
        file_artefact(repo, store, catalogue, FileRequest(
            data=rendered.data, filename=filename, item_id=item.id, pemilik=req.pemilik,
            tahun=req.tanggal.year, tanggal=req.tanggal, status=DRAFT,
            sumber=f"surat:{req.templat}:{req.sumber}"), max_bytes=max_bytes)
    except BaseException:
        repo.rollback()  # the number returns to the counter: nothing is skipped
        raise
    if surat.id is None:  # another process registered the same source first: theirs stands
        return repo.surat_by_source(req.templat, req.sumber), False
    return surat, True


def get_letter(repo, nomor: str) -> Surat:
    surat = repo.surat(nomor)
    if surat is None:
        raise NotFound(f"Surat bernomor '{nomor}' tidak ada di register.")
    return surat


def sign_letter(repo, store: ObjectStore, catalogue: Catalogue, nomor: str, pdf: bytes,
                *, tanggal: date, max_bytes: int) -> Surat:
    """Attach the signed PDF as the final artefact; completeness counts it from now on."""
    surat = get_letter(repo, nomor)
    if surat.status == MENUNGGU:
        raise InputError(f"Surat {nomor} masih menunggu persetujuan; setujui dulu sebelum diunggah.")
    if surat.status == DITOLAK:
        raise InputError(f"Surat {nomor} ditolak ({surat.catatan}); buat ulang sebelum ditandatangani.")
    check_pdf(pdf, f"{file_stem(nomor)}.pdf")
    filed = file_artefact(repo, store, catalogue, FileRequest(
        data=pdf, filename=f"{file_stem(nomor)}_ttd.pdf", item_id=surat.item_id,
        pemilik=surat.pemilik, tahun=surat.tahun, tanggal=tanggal, status=FINAL,
        sumber=f"surat:{surat.templat}:{surat.sumber}:ttd", replace=True,
        penandatangan=surat.penandatangan), max_bytes=max_bytes)
    if surat.status != FINAL or surat.artefak_final != filed.artefact.kunci:
        surat.status, surat.artefak_final, surat.diubah = FINAL, filed.artefact.kunci, utcnow()
        repo.add(surat)
        repo.commit()
    return surat


@dataclass(frozen=True)
class DocumentRequest:
    """An unnumbered document (schedule, minutes, analysis, interview guide)."""

    templat: str
    sumber: str
    item_id: str
    pemilik: str
    tanggal: date
    context: dict[str, Any] = field(default_factory=dict)
    images: dict[str, Any] = field(default_factory=dict)
    status: str = DRAFT  # a generated document is a draft until someone signs it (`sahkan`)
    tahun: int | None = None


def issue_document(repo, store: ObjectStore, catalogue: Catalogue, render: Renderer,
                   req: DocumentRequest, *, max_bytes: int):
    """Render and file an unnumbered document once per source; returns (artefact, created)."""
    tahun = req.tahun or req.tanggal.year
    sumber = f"dokumen:{req.templat}:{req.sumber}"
    existing = repo.artefact(tahun=tahun, pemilik=req.pemilik, item_id=req.item_id, sumber=sumber)
    if existing is not None:
        return existing, False
    check_owner(repo, catalogue, req.item_id, req.pemilik)
    rendered = render(req.templat, req.context, images=req.images)
    filename = safe_filename(f"{req.templat}_{req.sumber.replace(':', '_')}.docx")
    filed = file_artefact(repo, store, catalogue, FileRequest(
        data=rendered.data, filename=filename, item_id=req.item_id, pemilik=req.pemilik,
        tahun=tahun, tanggal=req.tanggal, status=req.status, sumber=sumber), max_bytes=max_bytes)
    return filed.artefact, filed.outcome == "baru"


def sahkan(repo, store: ObjectStore, catalogue: Catalogue, kunci: str, *, oleh: str, tanggal: date,
           signed: tuple[bytes, str] | None, max_bytes: int):
    """Record that a document was signed or approved, by whom: its signed scan or PDF becomes the
    item's final artefact (the draft stays as history). Without a file, an artefact that is
    already final only gets its signer recorded."""
    row = repo.artefact_by_key(kunci)
    if row is None:
        raise NotFound(f"Artefak dengan kunci '{kunci}' tidak ditemukan.")
    item = catalogue.item(row.item_id)
    if not item.accept.signed:
        raise InputError(f"Butir {item.id} ({item.nama}) tidak memerlukan tanda tangan; unggah "
                         "finalnya dengan --status final.")
    surat = repo.surat_by_artefact(kunci)
    if surat is not None:
        raise InputError(f"Berkas ini surat bernomor {surat.nomor}; tandatangani lewat register: "
                         f"tpcb surat sign {surat.nomor} --file TTD.pdf")
    if not oleh.strip():
        raise InputError("Sebutkan siapa yang menandatangani (--oleh NAMA).")
    if signed is None:
        if row.status != FINAL:
            raise InputError(f"{row.nama_berkas} masih draf; lampirkan berkas yang sudah "
                             "ditandatangani (--file).")
        data, filename, sumber = store.get(kunci), row.nama_berkas, row.sumber
    else:
        data, name = signed
        check_file(data, safe_filename(name), max_bytes=max_bytes)  # refused under the user's name
        stem = safe_filename(row.nama_berkas.rsplit(".", 1)[0])
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else "pdf"
        filename, sumber = f"{stem}_ttd.{ext}", f"{row.sumber}:ttd"
    return file_artefact(repo, store, catalogue, FileRequest(
        data=data, filename=filename, item_id=row.item_id, pemilik=row.pemilik, tahun=row.tahun,
        tanggal=tanggal, status=FINAL, sumber=sumber, replace=True, penandatangan=oleh),
        max_bytes=max_bytes)


def dokumen_belum_ttd(repo, catalogue: Catalogue, tahun: int) -> list:
    """Generated documents of the year still waiting for a signature: drafts of items that need
    one, with no signed version filed yet (oldest first)."""
    rows = repo.artefacts(tahun=tahun)
    signed = {(a.pemilik, a.item_id, a.sumber) for a in rows}
    return sorted((a for a in rows if a.status == DRAFT and a.sumber.startswith("dokumen:")
                   and catalogue.item(a.item_id).accept.signed
                   and (a.pemilik, a.item_id, f"{a.sumber}:ttd") not in signed),
                  key=lambda a: (a.tanggal, a.kunci))


def record_receipt(repo, nomor: str, tanggal: date) -> Surat:
    """Record that the addressee received the letter (proof of delivery; EP d and h)."""
    surat = get_letter(repo, nomor)
    if surat.status != FINAL:
        raise InputError(f"Surat {nomor} belum final (belum ditandatangani); tanda terima belum bisa "
                         "dicatat.")
    if tanggal < surat.tanggal:
        raise InputError(f"Tanggal terima {tanggal.isoformat()} sebelum tanggal surat "
                         f"{surat.tanggal.isoformat()}.")
    if surat.diterima_pada != tanggal:
        surat.diterima_pada, surat.diubah = tanggal, utcnow()
        repo.add(surat)
        repo.commit()
    return surat

