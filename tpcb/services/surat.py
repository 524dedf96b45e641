"""Letter commands for a signed-in actor: see, list, number, sign (uploaded or with the office's
certificate), revise, approve or reject. Each checks role and scope, then runs the use case
inside its audit entry. A letter is named by its number or, while a draft, by `draf-ID`."""

from __future__ import annotations

from evidence import akses, persetujuan
from evidence.akses import Actor, TidakBerwenang, snapshot
from evidence.errors import InputError, NotFound
from evidence.letters import beri_nomor, get_letter, label, sign_letter
from tpcb.services.audit import audited
from tpcb.services.common import kodes_in_scope, parse_date, scoped_puskesmas, today
from tpcb.services.presenters import SURAT_STATUS

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


def letters_for(repo, who: Actor, *, status: str | None = None, jenis: str | None = None,
                puskesmas: str | None = None) -> list:
    """The letters the actor may see, filtered like `tpcb surat list`."""
    akses.require(who, akses.SURAT_LIHAT)
    if status is not None and status not in SURAT_STATUS:
        raise InputError(f"Status '{status}' tidak dikenal; pilih: {', '.join(SURAT_STATUS)}.")
    kode = scoped_puskesmas(repo, who, puskesmas)
    rows = repo.surat_list(status=status, jenis=jenis, pemilik=kode)
    if not who.office_wide:
        mine = set(kodes_in_scope(repo, who))
        rows = [s for s in rows if s.pemilik in mine]
    return rows


def tte_of(repo, surat) -> dict | None:
    """The TTE check stored with the letter's signed PDF, if it has one."""
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
