"""Unnumbered documents the cycle generates (schedule, minutes, attendance list, analysis,
report, interview guide), and their signing: a generated document is a draft until someone signs
or approves it (`sahkan`), with the signer recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from evidence.catalogue import Catalogue
from evidence.content import check_file
from evidence.errors import InputError, NotFound
from evidence.keys import safe_filename
from evidence.letters import Renderer
from evidence.ports import ObjectStore, Repository, UnitOfWork
from evidence.records import DRAFT, FINAL
from evidence.registry import FileRequest, check_owner, file_artefact
from evidence.tte import TANPA_TTE, HasilTte, Periksa


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


def issue_document(uow: UnitOfWork, store: ObjectStore, catalogue: Catalogue, render: Renderer,
                   req: DocumentRequest, *, max_bytes: int):
    """Render and file an unnumbered document once per source; returns (artefact, created)."""
    repo = uow.repo
    tahun = req.tahun or req.tanggal.year
    sumber = f"dokumen:{req.templat}:{req.sumber}"
    existing = repo.artefact(tahun=tahun, pemilik=req.pemilik, item_id=req.item_id, sumber=sumber)
    if existing is not None:
        return existing, False
    check_owner(repo, catalogue, req.item_id, req.pemilik)
    rendered = render(req.templat, req.context, images=req.images)
    filename = safe_filename(f"{req.templat}_{req.sumber.replace(':', '_')}.docx")
    filed = file_artefact(uow, store, catalogue, FileRequest(
        data=rendered.data, filename=filename, item_id=req.item_id, pemilik=req.pemilik,
        tahun=tahun, tanggal=req.tanggal, status=req.status, sumber=sumber), max_bytes=max_bytes)
    return filed.artefact, filed.outcome == "baru"


def sahkan(uow: UnitOfWork, store: ObjectStore, catalogue: Catalogue, kunci: str, *, oleh: str,
           tanggal: date, signed: tuple[bytes, str] | None, max_bytes: int,
           periksa: Periksa | None = None):
    """Record that a document was signed or approved, by whom: its signed scan or PDF becomes the
    item's final artefact (the draft stays as history). Without a file, an artefact that is
    already final only gets its signer recorded."""
    repo = uow.repo
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
    return file_artefact(uow, store, catalogue, FileRequest(
        data=data, filename=filename, item_id=row.item_id, pemilik=row.pemilik, tahun=row.tahun,
        tanggal=tanggal, status=FINAL, sumber=sumber, replace=True, penandatangan=oleh,
        tte=tte_of(data, periksa)), max_bytes=max_bytes)


def tte_of(data: bytes, periksa: Periksa | None) -> dict | None:
    """What a signed file's TTE proves: checked for a PDF, "tanpa TTE" for a scanned image."""
    if periksa is None:
        return None
    if data.lstrip()[:5] == b"%PDF-":
        return periksa(data).to_json()
    return HasilTte(TANPA_TTE).to_json()


def dokumen_belum_ttd(repo: Repository, catalogue: Catalogue, tahun: int) -> list:
    """Generated documents of the year still waiting for a signature: drafts of items that need
    one, with no signed version filed yet (oldest first)."""
    rows = repo.artefacts(tahun=tahun)
    signed = {(a.pemilik, a.item_id, a.sumber) for a in rows}
    return sorted((a for a in rows if a.status == DRAFT and a.sumber.startswith("dokumen:")
                   and catalogue.item(a.item_id).accept.signed
                   and (a.pemilik, a.item_id, f"{a.sumber}:ttd") not in signed),
                  key=lambda a: (a.tanggal, a.kunci))


def tte_unggahan(catalogue: Catalogue, item_id: str, data: bytes, final: bool,
                 periksa: Periksa | None) -> dict | None:
    """A final file of an item that must be signed has its TTE checked on the way in."""
    if not final or not catalogue.item(item_id.strip()).accept.signed:
        return None
    return tte_of(data, periksa)
