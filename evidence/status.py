"""The closed vocabularies of the domain (statuses, actions, kinds, roles) as `StrEnum`s.

A member *is* its string (`StatusSurat.FINAL == "final"`, `str(StatusSurat.FINAL) == "final"`), so
the database columns, the JSON answers, the CLI and the pages keep exactly the same values; the
record columns stay `str` (what the database hands back) and the enums name the values the code
writes and compares. Kept apart on purpose: "ditolak" is a letter status (the Kepala Dinas refused
the letter) and a task action (the verifier refuses the work), two different things.
"""

from __future__ import annotations

from enum import StrEnum


class StatusArtefak(StrEnum):
    """An artefact in the evidence registry."""

    DRAFT = "draft"
    FINAL = "final"  # signed or otherwise definitive: counts as evidence


class StatusSurat(StrEnum):
    """A generated letter."""

    DRAFT = "draft"
    MENUNGGU_PERSETUJUAN = "menunggu_persetujuan"  # held for the Kepala Dinas's approval
    DITOLAK = "ditolak"  # the Kepala Dinas refused it (the reason is in `catatan`)
    FINAL = "final"  # signed


class StatusTugas(StrEnum):
    """The resting status of a follow-up task (what the `status` column holds)."""

    TERBUKA = "terbuka"
    DIKERJAKAN = "dikerjakan"
    SELESAI = "selesai"
    DIVERIFIKASI = "diverifikasi"
    DIESKALASI = "dieskalasi"


class AksiTugas(StrEnum):
    """A transition a user requests on a follow-up task (see evidence.tindak_lanjut)."""

    DIKERJAKAN = "dikerjakan"
    SELESAI = "selesai"
    DIVERIFIKASI = "diverifikasi"
    DITOLAK = "ditolak"  # the verifier refuses the work: never a resting status
    DIESKALASI = "dieskalasi"


class StatusNotifikasi(StrEnum):
    """A reminder in the outbox."""

    TERTUNDA = "tertunda"
    TERKIRIM = "terkirim"
    GAGAL = "gagal"  # gave up after the maximum number of attempts


class JenisKunjungan(StrEnum):
    """The two visits of the yearly cycle to each Puskesmas."""

    PEMBINAAN = "pembinaan"
    PENDAMPINGAN = "pendampingan"


class Peran(StrEnum):
    """The role of a web user (see evidence.akses for what each may do)."""

    ADMIN = "admin"
    SEKRETARIAT = "sekretariat"
    KEPALA_DINAS = "kepala_dinas"
    PJ_MUTU = "pj_mutu"
    SURVEYOR = "surveyor"


# How a stored status reads in pages and the CLI: the stored values stay ("draft" is in the
# database, the JSON and the filters); a clerk reads "draf".
TAMPILAN: dict[str, str] = {StatusArtefak.DRAFT: "draf",
                            StatusSurat.MENUNGGU_PERSETUJUAN: "menunggu persetujuan"}
DARI_TAMPILAN = {v: str(k) for k, v in TAMPILAN.items()}


def tampil(status: str) -> str:
    """The status as a user reads it (draft -> draf)."""
    return TAMPILAN.get(status, status)


def tersimpan(text: str) -> str:
    """A status typed as shown (draf) as the stored value (draft); other text unchanged."""
    return DARI_TAMPILAN.get(text, text)
