"""Artefacts: list, upload (validated by the registry: a refused file stores nothing), download."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response

from evidence import akses
from evidence import registry as reg
from evidence.akses import Actor, TidakBerwenang, snapshot
from evidence.dokumen import sahkan, tte_unggahan
from evidence.errors import NotFound
from evidence.records import DINKES, DRAFT, FINAL
from tpcb.cli.artefact import _row_json as artefact_json
from tpcb.web.audit import audited
from tpcb.web.common import kodes_in_scope, parse_date, read_upload, scoped_puskesmas
from tpcb.web.deps import AppDep, RepoDep, UowDep, UserDep

router = APIRouter(prefix="/api/artefact", tags=["artefak"])


@router.get("", summary="Daftar artefak (sama dengan `tpcb artefact list --format json`)")
def list_(repo: RepoDep, who: UserDep, puskesmas: str | None = None,
          tahun: Annotated[int | None, Query()] = None) -> list[dict]:
    akses.require(who.actor, akses.ARTEFAK_LIHAT)
    kode = scoped_puskesmas(repo, who.actor, puskesmas)
    if kode is not None:
        rows = repo.artefacts(pemilik=kode, tahun=tahun)
    elif who.actor.office_wide:
        rows = repo.artefacts(tahun=tahun)
    else:
        rows = repo.artefacts(tahun=tahun, pemilik_in=[*kodes_in_scope(repo, who.actor), DINKES])
    return [artefact_json(r) for r in rows]


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


@router.post("", status_code=201, summary="Unggah berkas bukti (multipart: puskesmas, item, file)")
async def create(app: AppDep, uow: UowDep, who: UserDep,
                 puskesmas: Annotated[str, Form(description="kode Puskesmas, atau 'dinkes'")],
                 item: Annotated[str, Form(description="id butir, mis. c-d3")],
                 file: Annotated[UploadFile, File(description="pdf, docx, xlsx, png, jpg, csv")],
                 final: Annotated[bool, Form()] = False,
                 tanggal: Annotated[str | None, Form(description="TTTT-BB-HH")] = None,
                 tahun: Annotated[int | None, Form()] = None,
                 ganti: Annotated[bool, Form(description="simpan sebagai revisi baru")] = False,
                 penandatangan: Annotated[str | None, Form(
                     description="nama penandatangan (surat/dokumen bertanda tangan, hanya final)")] = None,
                 ) -> dict:
    akses.require(who.actor, akses.ARTEFAK_UNGGAH)
    akses.require_scope(who.actor, DINKES if puskesmas.strip().lower() == DINKES else puskesmas.upper())
    data, name = await read_upload(file, app.settings.max_upload_bytes)
    filed = upload(app, uow, who.actor, puskesmas=puskesmas, item=item, data=data, filename=name,
                   final=final, tanggal=tanggal, tahun=tahun, ganti=ganti, penandatangan=penandatangan)
    return {"hasil": filed.outcome, "artefak": artefact_json(filed.artefact)}


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


@router.post("/sahkan", summary="Catat tanda tangan dokumen: berkas bertanda tangan menjadi final")
async def sahkan_(app: AppDep, uow: UowDep, who: UserDep,
                  kunci: Annotated[str, Form(description="kunci artefak draf yang ditandatangani")],
                  oleh: Annotated[str, Form(description="nama yang menandatangani/mengesahkan")],
                  file: Annotated[UploadFile | None, File(description="pindaian/PDF bertanda tangan")] = None,
                  tanggal: Annotated[str | None, Form(description="TTTT-BB-HH")] = None) -> dict:
    akses.require(who.actor, akses.ARTEFAK_UNGGAH)
    signed = None
    if file is not None and file.filename:
        signed = await read_upload(file, app.settings.max_upload_bytes)
    filed = sahkan_as(app, uow, who.actor, kunci, oleh, signed, tanggal)
    return {"hasil": filed.outcome, "artefak": artefact_json(filed.artefact)}


def fetch(app, repo, who: Actor, key: str):
    """Row and bytes of an artefact the actor may read; a scoped actor learns nothing else."""
    akses.require(who, akses.ARTEFAK_LIHAT)
    row = repo.artefact_by_key(key)
    if row is None:
        if not who.office_wide:
            raise TidakBerwenang()
        raise NotFound(f"Artefak dengan kunci '{key}' tidak ditemukan.")
    if not akses.may_read_artefact(who, row.pemilik):
        raise TidakBerwenang()
    return reg.get_artefact(repo, app.store, key)


def file_response(row, data: bytes, *, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    ascii_name = row.nama_berkas.encode("ascii", "replace").decode().replace('"', "_")
    headers = {"Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; "
                                      f"filename*=UTF-8''{quote(row.nama_berkas)}",
               "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox",
               "X-Sha256": row.sha256}
    return Response(data, media_type=row.content_type, headers=headers)


@router.get("/{key:path}", summary="Unduh artefak berdasarkan kunci (sha256 diperiksa)")
def download(app: AppDep, repo: RepoDep, who: UserDep, key: str, inline: bool = False) -> Response:
    row, data = fetch(app, repo, who.actor, key)
    return file_response(row, data, inline=inline)
