"""Artefact commands for a signed-in actor: list, upload (validated by the registry: a refused file
stores nothing), record a document's signature, and fetch one file. Each checks role and scope
first; a scoped actor learns nothing about artefacts outside their scope."""

from __future__ import annotations

from evidence import akses
from evidence import registry as reg
from evidence.akses import Actor, TidakBerwenang, snapshot
from evidence.dokumen import sahkan, tte_unggahan
from evidence.errors import NotFound
from evidence.keys import safe_filename
from evidence.records import DINKES, DRAFT, FINAL
from tpcb.services.audit import audited
from tpcb.services.common import kodes_in_scope, parse_date, scoped_puskesmas


def artefacts_for(repo, who: Actor, *, puskesmas: str | None = None, tahun: int | None = None) -> list:
    """The artefacts the actor may see (their Puskesmas and the office's own)."""
    akses.require(who, akses.ARTEFAK_LIHAT)
    kode = scoped_puskesmas(repo, who, puskesmas)
    if kode is not None:
        return repo.artefacts(pemilik=kode, tahun=tahun)
    if who.office_wide:
        return repo.artefacts(tahun=tahun)
    return repo.artefacts(tahun=tahun, pemilik_in=[*kodes_in_scope(repo, who), DINKES])


def upload(app, uow, who: Actor, *, puskesmas: str, item: str, data: bytes, filename: str,
           final: bool, tanggal: str | None, tahun: int | None, ganti: bool,
           penandatangan: str | None = None) -> reg.Filed:
    """The upload use case behind the API and the pages: role, scope, then the registry."""
    akses.require(who, akses.ARTEFAK_UNGGAH)
    pemilik = DINKES if puskesmas.strip().lower() == DINKES else puskesmas.strip().upper()
    akses.require_scope(who, pemilik)
    when = parse_date(tanggal)
    req = reg.FileRequest(data=data, filename=filename, item_id=item.strip(), pemilik=pemilik,
                          tahun=tahun or when.year, tanggal=when, status=FINAL if final else DRAFT,
                          replace=ganti, penandatangan=penandatangan or None,
                          tte=tte_unggahan(app.catalogue, item, data, final, app.periksa_tte))
    with audited(uow.repo, who.username, "artefak.unggah", f"artefak:{pemilik}/{item}") as rec:
        filed = reg.file_artefact(uow, app.store, app.catalogue, req,
                                  max_bytes=app.settings.max_upload_bytes)
        rec["sasaran"] = f"artefak:{filed.artefact.kunci}"
        rec["sesudah"] = {"hasil": filed.outcome, **snapshot(filed.artefact, (
            "kunci", "status", "revisi", "sha256", "ukuran", "tanggal", "penandatangan"))}
    return filed


def kalimat_unggah(filed: reg.Filed, filename: str) -> str:
    """What happened to one uploaded file, in the clerk's words, naming the file as they chose it;
    true to the registry's outcome (the same bytes are never called a new revision)."""
    a, own = filed.artefact, reg.nama_asli(filename)
    status = "final" if a.status == FINAL else "draf"
    other = f" (nama asli {a.nama_berkas})" if a.nama_berkas != safe_filename(filename) else ""
    if filed.outcome == "sama":
        return (f"Isi berkas {own} sama dengan revisi {a.revisi} butir {a.item_id}{other}; "
                "tidak ada yang berubah.")
    if filed.outcome == "status":
        return (f"Isi berkas {own} sama dengan revisi {a.revisi} butir {a.item_id}{other}; "
                "statusnya kini final.")
    if filed.outcome == "revisi":
        return f"Berkas {own} tersimpan sebagai revisi {a.revisi} butir {a.item_id} ({status})."
    return f"Berkas {own} tersimpan untuk butir {a.item_id} ({status})."


def sahkan_as(app, uow, who: Actor, kunci: str, oleh: str, signed: tuple[bytes, str] | None,
              tanggal: str | None = None) -> reg.Filed:
    """Record a document's signature for the API and the pages: role, scope, then the use case."""
    repo = uow.repo
    akses.require(who, akses.ARTEFAK_UNGGAH)
    row = repo.artefact_by_key(kunci)
    if row is None:
        if not who.office_wide:
            raise TidakBerwenang()
        raise NotFound(f"Artefak dengan kunci '{kunci}' tidak ditemukan.")
    akses.require_scope(who, row.pemilik)
    with audited(repo, who.username, "artefak.sahkan", f"artefak:{kunci}") as rec:
        filed = sahkan(uow, app.store, app.catalogue, kunci, oleh=oleh, tanggal=parse_date(tanggal),
                       signed=signed, max_bytes=app.settings.max_upload_bytes, periksa=app.periksa_tte)
        rec["sesudah"] = {"hasil": filed.outcome, **snapshot(filed.artefact, (
            "kunci", "status", "penandatangan", "tanggal"))}
    return filed


def readable(repo, who: Actor, key: str):
    """The row of an artefact the actor may read; a scoped actor learns nothing else (refused
    alike whether the key is missing or someone else's)."""
    akses.require(who, akses.ARTEFAK_LIHAT)
    row = repo.artefact_by_key(key)
    if row is None:
        if not who.office_wide:
            raise TidakBerwenang()
        raise NotFound(f"Artefak dengan kunci '{key}' tidak ditemukan.")
    if not akses.may_read_artefact(who, row.pemilik):
        raise TidakBerwenang()
    return row


def fetch(app, repo, who: Actor, key: str):
    """Row and bytes of an artefact the actor may read; a scoped actor learns nothing else."""
    readable(repo, who, key)
    return reg.get_artefact(repo, app.store, key)
