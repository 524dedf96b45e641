"""Approval of letters held for the Kepala Dinas (status `menunggu_persetujuan`).

Approving is approval for signature: the letter is dated and takes its number (see
evidence.letters.beri_nomor) and returns to `draft`, numbered and ready to be signed (the signed
PDF is then uploaded with `sign_letter`). Rejecting sets `ditolak` and keeps the reason in
`catatan`. Anything else is refused and changes nothing. (A paused Prefect run is resumed by the
caller.)
"""

from __future__ import annotations

from datetime import date

from evidence.catalogue import Catalogue
from evidence.errors import Conflict, InputError
from evidence.letters import MENUNGGU, LetterRepository, Renderer, beri_nomor, get_letter, label
from evidence.ports import ObjectStore, UnitOfWork
from evidence.records import Surat, utcnow
from evidence.status import StatusSurat


def _check_waiting(surat: Surat, what: str) -> None:
    if surat.status != MENUNGGU:
        raise Conflict(f"Surat {label(surat)} berstatus '{surat.status}', tidak sedang menunggu "
                       f"persetujuan; tidak dapat {what}.")


def _actor(oleh: str) -> str:
    oleh = (oleh or "").strip()
    if not oleh:
        raise InputError("Sebutkan siapa yang memberi keputusan persetujuan.")
    return oleh


def tanggal_persetujuan(surat: Surat, today: date) -> date:
    """The date an approval gives a letter: today, or its planned date when approving a letter of
    another year (its number belongs to its own year's series)."""
    return today if today.year == surat.tahun else surat.tanggal


def approve(uow: UnitOfWork[LetterRepository], store: ObjectStore, catalogue: Catalogue, render: Renderer,
            ref: str, oleh: str, *, tanggal: date, today: date, max_bytes: int) -> Surat:
    """menunggu_persetujuan -> draft, dated `tanggal` and numbered: approved, ready to sign."""
    oleh = _actor(oleh)
    surat = get_letter(uow.repo, ref)
    _check_waiting(surat, "disetujui")
    note = f"Disetujui oleh {oleh}."
    surat.catatan = f"{surat.catatan}\n{note}" if surat.catatan else note
    return beri_nomor(uow, store, catalogue, render, label(surat), tanggal=tanggal, today=today,
                      max_bytes=max_bytes, approving=True)


def reject(repo: LetterRepository, nomor: str, oleh: str, alasan: str) -> Surat:
    """menunggu_persetujuan -> ditolak, with the reason stored in `catatan`."""
    oleh = _actor(oleh)
    alasan = (alasan or "").strip()
    if not alasan:
        raise InputError("Alasan penolakan wajib diisi.")
    surat = get_letter(repo, nomor)
    _check_waiting(surat, "ditolak")
    surat.status, surat.catatan, surat.diubah = StatusSurat.DITOLAK, alasan, utcnow()  # who: the audit log
    repo.add(surat)
    return surat


# -- a paused cycle run waiting for the answer ------------------------------------------------------
def menunggu(repo) -> list[str]:
    """The letters waiting for the Kepala Dinas, by label (number or draf-ID)."""
    return [label(s) for s in repo.surat_list(status=MENUNGGU)]


def tandai_menunggu(repo, ref: str, run_id: str) -> str | None:
    """Record which flow run waits for the letter (so that an answer from the CLI or the web
    resumes it); its subject, or None when it no longer waits."""
    surat = get_letter(repo, ref)
    if surat.status != MENUNGGU:
        return None
    surat.flow_run_id = run_id
    repo.add(surat)
    return surat.perihal


def terapkan_jawaban(uow: UnitOfWork, store, catalogue, render, ref: str, setuju: bool, alasan: str,
                     *, oleh: str, today: date, max_bytes: int) -> Surat:
    """Apply an answer given to a paused run; a letter answered meanwhile elsewhere stays as it is."""
    surat = get_letter(uow.repo, ref)
    if surat.status != MENUNGGU:
        return surat
    if setuju:
        return approve(uow, store, catalogue, render, ref, oleh, max_bytes=max_bytes, today=today,
                       tanggal=tanggal_persetujuan(surat, today))
    return reject(uow.repo, ref, oleh, alasan or "-")
