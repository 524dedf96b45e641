"""Approval of letters held for the Kepala Dinas (status `menunggu_persetujuan`).

Approving returns the letter to `draft`: approved and ready to be signed (the signed PDF is then
uploaded with `sign_letter`). Rejecting sets `ditolak` and keeps the reason in `catatan`.
Anything else is refused and changes nothing. (A paused Prefect run is resumed by the caller.)
"""

from __future__ import annotations

from evidence.errors import Conflict, InputError
from evidence.letters import DITOLAK, MENUNGGU, get_letter
from evidence.records import DRAFT, Surat, utcnow


def _check_waiting(surat: Surat, what: str) -> None:
    if surat.status != MENUNGGU:
        raise Conflict(f"Surat {surat.nomor} berstatus '{surat.status}', tidak sedang menunggu "
                       f"persetujuan; tidak dapat {what}.")


def _actor(oleh: str) -> str:
    oleh = (oleh or "").strip()
    if not oleh:
        raise InputError("Sebutkan siapa yang memberi keputusan persetujuan.")
    return oleh


def approve(repo, nomor: str, oleh: str) -> Surat:
    """menunggu_persetujuan -> draft (approved, ready to sign)."""
    oleh = _actor(oleh)
    surat = get_letter(repo, nomor)
    _check_waiting(surat, "disetujui")
    surat.status, surat.diubah = DRAFT, utcnow()
    note = f"Disetujui oleh {oleh}."
    surat.catatan = f"{surat.catatan}\n{note}" if surat.catatan else note
    repo.add(surat)
    repo.commit()
    return surat


def reject(repo, nomor: str, oleh: str, alasan: str) -> Surat:
    """menunggu_persetujuan -> ditolak, with the reason stored in `catatan`."""
    oleh = _actor(oleh)
    alasan = (alasan or "").strip()
    if not alasan:
        raise InputError("Alasan penolakan wajib diisi.")
    surat = get_letter(repo, nomor)
    _check_waiting(surat, "ditolak")
    surat.status, surat.catatan, surat.diubah = DITOLAK, alasan, utcnow()  # who: the audit log
    repo.add(surat)
    repo.commit()
    return surat
