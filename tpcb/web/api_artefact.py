"""Artefacts over HTTP: list, upload, sign, download (the commands are tpcb.services.artefak)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response

from evidence import akses
from evidence.records import DINKES
from tpcb.services.artefak import artefacts_for, fetch, sahkan_as, upload
from tpcb.services.presenters import artefact_json
from tpcb.web.common import read_upload
from tpcb.web.deps import AppDep, RepoDep, UowDep, UserDep
from tpcb.web.kontrak import TAHUN_MAX, TAHUN_MIN, binary, galat
from tpcb.web.skema import Artefak, ArtefakTersimpan

router = APIRouter(prefix="/api/artefact", tags=["artefak"])
# what an artefact can be (the registry accepts pdf, docx, xlsx, png, jpg, csv)
BERKAS = ("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "image/png", "image/jpeg",
          "text/csv")


@router.get("", summary="Daftar artefak (sama dengan `tpcb artefact list --format json`)",
            response_model=list[Artefak], responses=galat(404))
def list_(repo: RepoDep, who: UserDep, puskesmas: str | None = None,
          tahun: Annotated[int | None, Query(ge=TAHUN_MIN, le=TAHUN_MAX)] = None) -> list[dict]:
    return [artefact_json(r) for r in artefacts_for(repo, who.actor, puskesmas=puskesmas, tahun=tahun)]


@router.post("", status_code=201, summary="Unggah berkas bukti (multipart: puskesmas, item, file)",
             response_model=ArtefakTersimpan, responses=galat(404, 409))
def create(app: AppDep, uow: UowDep, who: UserDep,
           puskesmas: Annotated[str, Form(description="kode Puskesmas, atau 'dinkes'")],
           item: Annotated[str, Form(description="id butir, mis. c-d3")],
           file: Annotated[UploadFile, File(description="pdf, docx, xlsx, png, jpg, csv")],
           final: Annotated[bool, Form()] = False,
           tanggal: Annotated[str | None, Form(description="TTTT-BB-HH")] = None,
           tahun: Annotated[int | None, Form(ge=TAHUN_MIN, le=TAHUN_MAX)] = None,
           ganti: Annotated[bool, Form(description="simpan sebagai revisi baru")] = False,
           penandatangan: Annotated[str | None, Form(
               description="nama penandatangan (surat/dokumen bertanda tangan, hanya final)")] = None,
           ) -> dict:
    akses.require(who.actor, akses.ARTEFAK_UNGGAH)
    akses.require_scope(who.actor, DINKES if puskesmas.strip().lower() == DINKES else puskesmas.upper())
    data, name = read_upload(file, app.settings.max_upload_bytes)
    filed = upload(app, uow, who.actor, puskesmas=puskesmas, item=item, data=data, filename=name,
                   final=final, tanggal=tanggal, tahun=tahun, ganti=ganti, penandatangan=penandatangan)
    return {"hasil": filed.outcome, "artefak": artefact_json(filed.artefact)}


@router.post("/sahkan", summary="Catat tanda tangan dokumen: berkas bertanda tangan menjadi final",
             response_model=ArtefakTersimpan, responses=galat(404, 409))
def sahkan_(app: AppDep, uow: UowDep, who: UserDep,
            kunci: Annotated[str, Form(description="kunci artefak draf yang ditandatangani")],
            oleh: Annotated[str, Form(description="nama yang menandatangani/mengesahkan")],
            file: Annotated[UploadFile | None, File(description="pindaian/PDF bertanda tangan")] = None,
            tanggal: Annotated[str | None, Form(description="TTTT-BB-HH")] = None) -> dict:
    akses.require(who.actor, akses.ARTEFAK_UNGGAH)
    signed = None
    if file is not None and file.filename:
        signed = read_upload(file, app.settings.max_upload_bytes)
    filed = sahkan_as(app, uow, who.actor, kunci, oleh, signed, tanggal)
    return {"hasil": filed.outcome, "artefak": artefact_json(filed.artefact)}


def file_response(row, data: bytes, *, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    ascii_name = row.nama_berkas.encode("ascii", "replace").decode().replace('"', "_")
    headers = {"Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; "
                          f"filename*=UTF-8''{quote(row.nama_berkas)}",
               "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox",
               "X-Sha256": row.sha256}
    return Response(data, media_type=row.content_type, headers=headers)


@router.get("/{key:path}", summary="Unduh artefak berdasarkan kunci (sha256 diperiksa)",
            response_class=Response, responses={**binary(*BERKAS), **galat(404)})
def download(app: AppDep, repo: RepoDep, who: UserDep, key: str, inline: bool = False) -> Response:
    row, data = fetch(app, repo, who.actor, key)
    return file_response(row, data, inline=inline)
