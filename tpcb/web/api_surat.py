"""The letter register: list, show, number (date) a draft, upload the signed PDF, approve or
reject a held letter. A letter is named by its number or, while a draft, by `draf-ID`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from evidence import akses, persetujuan
from evidence.akses import Actor, TidakBerwenang, snapshot
from evidence.errors import InputError, NotFound
from evidence.letters import beri_nomor, get_letter, label, sign_letter
from tpcb.cli.surat import STATUS, surat_json
from tpcb.web.audit import audited
from tpcb.web.common import kodes_in_scope, parse_date, read_upload, scoped_puskesmas, today
from tpcb.web.deps import AppDep, RepoDep, UowDep, UserDep

router = APIRouter(prefix="/api/surat", tags=["surat"])
FIELDS = ("nomor", "status", "catatan", "artefak_final", "diterima_pada")


def visible_letter(repo, who: Actor, ref: str):
    """The letter if the actor may see it; for a scoped actor a missing letter is a plain 403."""
    akses.require(who, akses.SURAT_LIHAT)
    try:
        surat = get_letter(repo, ref)
    except NotFound:
        if not who.office_wide:
            raise TidakBerwenang() from None
        raise
    akses.require_scope(who, surat.pemilik)
    return surat


@router.get("", summary="Daftar surat (sama dengan `tpcb surat list --format json`)")
def list_(repo: RepoDep, who: UserDep, status: str | None = None, jenis: str | None = None,
          puskesmas: str | None = None) -> list[dict]:
    akses.require(who.actor, akses.SURAT_LIHAT)
    if status is not None and status not in STATUS:
        raise InputError(f"Status '{status}' tidak dikenal; pilih: {', '.join(STATUS)}.")
    kode = scoped_puskesmas(repo, who.actor, puskesmas)
    rows = repo.surat_list(status=status, jenis=jenis, pemilik=kode)
    if not who.actor.office_wide:
        mine = set(kodes_in_scope(repo, who.actor))
        rows = [s for s in rows if s.pemilik in mine]
    return [surat_json(s) for s in rows]


def _tte(repo, surat) -> dict | None:
    final = repo.artefact_by_key(surat.artefak_final) if surat.artefak_final else None
    return final.tte if final else None


def number(app, uow, who: Actor, ref: str, tanggal: str | None, sisipan: bool = False):
    """Date and number a draft (ready to sign): the secretariat's step before the signature."""
    akses.require(who, akses.SURAT_TTD)
    surat = visible_letter(uow.repo, who, ref)
    with audited(uow.repo, who.username, "surat.nomor", f"surat:{label(surat)}",
                 snapshot(surat, FIELDS)) as rec:
        surat = beri_nomor(uow, app.store, app.catalogue, app.render, ref, tanggal=parse_date(tanggal),
                           today=today(), max_bytes=app.settings.max_upload_bytes, sisipan=sisipan)
        rec["sesudah"] = snapshot(surat, FIELDS)
    return surat


def sign(app, uow, who: Actor, nomor: str, data: bytes, filename: str, tanggal: str | None):
    akses.require(who, akses.SURAT_TTD)
    surat = visible_letter(uow.repo, who, nomor)
    if not filename.lower().endswith(".pdf"):
        raise InputError(f"Berkas '{filename}' harus PDF (.pdf) hasil tanda tangan.")
    with audited(uow.repo, who.username, "surat.ttd", f"surat:{label(surat)}",
                 snapshot(surat, FIELDS)) as rec:
        surat = sign_letter(uow, app.store, app.catalogue, nomor, data, tanggal=parse_date(tanggal),
                            max_bytes=app.settings.max_upload_bytes, periksa=app.periksa_tte)
        rec["sesudah"] = snapshot(surat, FIELDS)
    return surat


def revise(app, uow, who: Actor, ref: str, data: bytes, filename: str):
    """File a clerk's corrected .docx as the numbered draft's next revision; audited."""
    from evidence.revisi_surat import unggah_revisi

    akses.require(who, akses.SURAT_TTD)
    surat = visible_letter(uow.repo, who, ref)
    with audited(uow.repo, who.username, "surat.revisi", f"surat:{label(surat)}",
                 snapshot(surat, ("nomor", "status", "artefak_draf"))) as rec:
        surat, filed = unggah_revisi(uow, app.store, app.catalogue, app.baca_docx, ref, data,
                                     filename, max_bytes=app.settings.max_upload_bytes)
        rec["sesudah"] = {**snapshot(surat, ("nomor", "status", "artefak_draf")),
                          "revisi": filed.artefact.revisi, "berubah": filed.changed}
    return surat, filed


def sign_tte(app, uow, who: Actor, ref: str):
    """Sign with the office's certificate (numbered first if needed); audited."""
    from tpcb.surat_tte import tandatangani_surat

    akses.require(who, akses.SURAT_TTD)
    surat = visible_letter(uow.repo, who, ref)
    with audited(uow.repo, who.username, "surat.tte", f"surat:{label(surat)}",
                 snapshot(surat, FIELDS)) as rec:
        surat, checked = tandatangani_surat(app, ref, tanggal=today(), today=today(), uow=uow)
        rec["sesudah"] = {**snapshot(surat, FIELDS), "tte": checked.label}
    return surat


def decide(app, uow, who: Actor, nomor: str, setuju: bool, alasan: str | None = None):
    akses.require(who, akses.SURAT_SETUJUI)
    surat = visible_letter(uow.repo, who, nomor)
    aksi = "surat.setujui" if setuju else "surat.tolak"
    day = today()
    with audited(uow.repo, who.username, aksi, f"surat:{label(surat)}", snapshot(surat, FIELDS)) as rec:
        surat = (persetujuan.approve(uow, app.store, app.catalogue, app.render, nomor, who.username,
                                     tanggal=persetujuan.tanggal_persetujuan(surat, day), today=day,
                                     max_bytes=app.settings.max_upload_bytes) if setuju
                 else persetujuan.reject(uow.repo, nomor, who.username, alasan or ""))
        rec["sesudah"] = snapshot(surat, FIELDS)
    if surat.flow_run_id:  # a paused cycle run waits for this answer
        from tpcb.persetujuan import resume_paused_run

        resume_paused_run(surat.flow_run_id, setuju, alasan or "")
    return surat


@router.get("/{nomor:path}", summary="Rincian satu surat (nomor boleh memuat '/')")
def show(repo: RepoDep, who: UserDep, nomor: str) -> dict:
    surat = visible_letter(repo, who.actor, nomor)
    return surat_json(surat, _tte(repo, surat))


@router.post("/{nomor:path}/nomor", summary="Beri tanggal dan nomor draf surat (siap ditandatangani)")
def give_number(app: AppDep, uow: UowDep, who: UserDep, nomor: str,
                tanggal: Annotated[str | None, Form(description="TTTT-BB-HH; bawaan hari ini")] = None,
                sisipan: Annotated[bool, Form(description="nomor sisipan (mis. 004a)")] = False) -> dict:
    return surat_json(number(app, uow, who.actor, nomor, tanggal, sisipan))


@router.post("/{nomor:path}/ttd", summary="Unggah PDF bertanda tangan: surat menjadi final")
async def upload_signed(app: AppDep, uow: UowDep, who: UserDep, nomor: str,
                        file: Annotated[UploadFile, File(description="PDF hasil TTE atau pindaian")],
                        tanggal: Annotated[str | None, Form(description="TTTT-BB-HH")] = None) -> dict:
    akses.require(who.actor, akses.SURAT_TTD)
    data, name = await read_upload(file, app.settings.max_upload_bytes)
    surat = sign(app, uow, who.actor, nomor, data, name, tanggal)
    return surat_json(surat, _tte(uow.repo, surat))


@router.post("/{nomor:path}/revisi", summary="Unggah draf .docx yang diperbaiki sebagai revisi "
             "draf surat bernomor (nomor dan tujuan tidak boleh berubah)")
async def upload_revision(app: AppDep, uow: UowDep, who: UserDep, nomor: str,
                          file: Annotated[UploadFile, File(description="dokumen Word .docx")]) -> dict:
    akses.require(who.actor, akses.SURAT_TTD)
    data, name = await read_upload(file, app.settings.max_upload_bytes)
    surat, filed = revise(app, uow, who.actor, nomor, data, name)
    return {**surat_json(surat), "revisi": filed.artefact.revisi, "berubah": filed.changed}


@router.post("/{nomor:path}/tte", summary="Tandatangani secara elektronik dengan sertifikat kantor "
             "(diberi nomor bila belum)")
def upload_tte(app: AppDep, uow: UowDep, who: UserDep, nomor: str) -> dict:
    surat = sign_tte(app, uow, who.actor, nomor)
    return surat_json(surat, _tte(uow.repo, surat))


@router.post("/{nomor:path}/setujui", summary="Setujui surat yang menunggu persetujuan: diberi tanggal "
             "dan nomor, menunggu tanda tangan")
def approve(app: AppDep, uow: UowDep, who: UserDep, nomor: str) -> dict:
    return surat_json(decide(app, uow, who.actor, nomor, True))


@router.post("/{nomor:path}/tolak", summary="Tolak surat yang menunggu persetujuan, dengan alasan")
def reject(app: AppDep, uow: UowDep, who: UserDep, nomor: str,
           alasan: Annotated[str, Form(description="alasan penolakan")]) -> dict:
    return surat_json(decide(app, uow, who.actor, nomor, False, alasan))
