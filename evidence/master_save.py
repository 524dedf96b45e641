"""Use cases for master data: the office, its Puskesmas and the TPCB team (all-or-nothing: the
changes are staged and stored together by the caller's unit of work)."""

from __future__ import annotations

from evidence.errors import InputError
from evidence.ports import Repository
from evidence.records import AnggotaTim, Office, Puskesmas


def save_office(repo: Repository, office: Office) -> Office:
    """Create or update the one office record (stored when the caller's unit of work ends)."""
    current = repo.office()
    if current is not None:
        office.id = current.id
    repo.merge(office)
    return repo.office() or office  # a unit that stages until its end may not show it yet


def save_puskesmas(repo: Repository, rows: list[Puskesmas]) -> tuple[int, int]:
    """Insert new Puskesmas and update known ones; returns (added, updated)."""
    added = updated = 0
    for row in rows:
        if repo.puskesmas(row.kode) is None:
            added += 1
        else:
            updated += 1
        repo.merge(row)
    return added, updated


def replace_tim(repo: Repository, rows: list[AnggotaTim]) -> int:
    """The team is what the current SK says: the import replaces the previous composition."""
    if repo.office() is None:
        raise InputError("Data Dinas Kesehatan belum ada. Jalankan dulu: tpcb import dinkes FILE.yaml")
    repo.replace_all(AnggotaTim, rows)
    return len(rows)
