"""The letter register over HTTP: list, show, number (date) a draft, upload the signed PDF, approve
or reject a held letter. The commands are tpcb.services.surat; a letter is named by its number
or, while a draft, by `draf-ID`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile

from evidence import akses
from evidence.agenda import MAX_TEKS
from tpcb.services.agenda import agenda, jenis_dikenal
from tpcb.services.presenters import SURAT_STATUS, agenda_json, surat_json
from tpcb.services.surat import (
    decide,
    letters_for,
    number,
    revise,
    sign,
    sign_tte,
    tte_of,
    visible_letter,
)
from tpcb.web.common import read_upload
from tpcb.web.deps import AppDep, RepoDep, UowDep, UserDep
from tpcb.web.kontrak import TAHUN_DOC, galat
from tpcb.web.skema import AgendaSurat, Surat, SuratRevisi

router = APIRouter(prefix="/api/surat", tags=["surat"])
UBAH = galat(404, 409)  # a letter not found, or not in the state the change needs


@router.get("", summary="Daftar surat (sama dengan `tpcb surat list --format json`)",
            response_model=list[Surat], responses=galat(404))
def list_(repo: RepoDep, who: UserDep,
          status: Annotated[str | None, Query(json_schema_extra={"enum": list(SURAT_STATUS)})] = None,
          jenis: str | None = None,
          puskesmas: str | None = None) -> list[dict]:
    rows = letters_for(repo, who.actor, status=status, jenis=jenis, puskesmas=puskesmas)
    return [surat_json(s) for s in rows]


@router.get("/agenda", summary="Buku agenda: surat menurut tanggal, dengan pencarian dan saringan, "
            "berhalaman (50 per halaman)", response_model=AgendaSurat, responses=galat(404))
def buku_agenda(app: AppDep, repo: RepoDep, who: UserDep,
            teks: Annotated[str | None, Query(max_length=MAX_TEKS, description=(
                "cari potongan nomor, perihal, nama/kode Puskesmas, atau kata di isi surat"))] = None,
            jenis: Annotated[str | None, Query(json_schema_extra={"enum": jenis_dikenal()})] = None,
            status: Annotated[str | None, Query(json_schema_extra={"enum": list(SURAT_STATUS)})] = None,
            bulan: Annotated[int | None, Query(description="bulan surat 1..12",
                                               json_schema_extra={"minimum": 1, "maximum": 12})] = None,
            tahun: Annotated[int | None, Query(json_schema_extra=TAHUN_DOC)] = None,
            puskesmas: Annotated[str | None, Query(description="kode Puskesmas")] = None,
            halaman: Annotated[int, Query(json_schema_extra={"minimum": 1, "maximum": 100_000})] = 1,
            ) -> dict:
    return agenda_json(agenda(app, repo, who.actor, teks=teks, jenis=jenis, status=status, bulan=bulan,
                              tahun=tahun, puskesmas=puskesmas, halaman=halaman))


@router.get("/{nomor:path}", summary="Rincian satu surat (nomor boleh memuat '/')",
            response_model=Surat, responses=galat(404))
def show(repo: RepoDep, who: UserDep, nomor: str) -> dict:
    surat = visible_letter(repo, who.actor, nomor)
    return surat_json(surat, tte_of(repo, surat))


@router.post("/{nomor:path}/nomor", summary="Beri tanggal dan nomor draf surat (siap ditandatangani)",
             response_model=Surat, responses=UBAH)
def give_number(app: AppDep, uow: UowDep, who: UserDep, nomor: str,
                tanggal: Annotated[str | None, Form(description="TTTT-BB-HH; bawaan hari ini")] = None,
                sisipan: Annotated[bool, Form(description="nomor sisipan (mis. 004a)")] = False) -> dict:
    return surat_json(number(app, uow, who.actor, nomor, tanggal, sisipan))


@router.post("/{nomor:path}/ttd", summary="Unggah PDF bertanda tangan: surat menjadi final",
             response_model=Surat, responses=UBAH)
def upload_signed(app: AppDep, uow: UowDep, who: UserDep, nomor: str,
                  file: Annotated[UploadFile, File(description="PDF hasil TTE atau pindaian")],
                  tanggal: Annotated[str | None, Form(description="TTTT-BB-HH")] = None) -> dict:
    akses.require(who.actor, akses.SURAT_TTD)
    data, name = read_upload(file, app.settings.max_upload_bytes)
    surat = sign(app, uow, who.actor, nomor, data, name, tanggal)
    return surat_json(surat, tte_of(uow.repo, surat))


@router.post("/{nomor:path}/revisi", summary="Unggah draf .docx yang diperbaiki sebagai revisi "
             "draf surat bernomor (nomor dan tujuan tidak boleh berubah)",
             response_model=SuratRevisi, responses=UBAH)
def upload_revision(app: AppDep, uow: UowDep, who: UserDep, nomor: str,
                    file: Annotated[UploadFile, File(description="dokumen Word .docx")]) -> dict:
    akses.require(who.actor, akses.SURAT_TTD)
    data, name = read_upload(file, app.settings.max_upload_bytes)
    surat, filed = revise(app, uow, who.actor, nomor, data, name)
    return {**surat_json(surat), "revisi": filed.artefact.revisi, "berubah": filed.changed}


@router.post("/{nomor:path}/tte", summary="Tandatangani secara elektronik dengan sertifikat kantor "
             "(diberi nomor bila belum)", response_model=Surat, responses=UBAH)
def upload_tte(app: AppDep, uow: UowDep, who: UserDep, nomor: str) -> dict:
    surat = sign_tte(app, uow, who.actor, nomor)
    return surat_json(surat, tte_of(uow.repo, surat))


@router.post("/{nomor:path}/setujui", summary="Setujui surat yang menunggu persetujuan: diberi tanggal "
             "dan nomor, menunggu tanda tangan", response_model=Surat, responses=UBAH)
def approve(app: AppDep, uow: UowDep, who: UserDep, nomor: str) -> dict:
    return surat_json(decide(app, uow, who.actor, nomor, True))


@router.post("/{nomor:path}/tolak", summary="Tolak surat yang menunggu persetujuan, dengan alasan",
             response_model=Surat, responses=UBAH)
def reject(app: AppDep, uow: UowDep, who: UserDep, nomor: str,
           alasan: Annotated[str, Form(description="alasan penolakan")]) -> dict:
    return surat_json(decide(app, uow, who.actor, nomor, False, alasan))
