"""The records as SQLModel tables (SQLite by default, PostgreSQL in production), one module per part:

- `arsip`: the office, its Puskesmas and team, artefacts, letters and their number counters;
- `siklus`: the yearly cycle (visits, results, follow-up tasks, notifications, PKP);
- `survei`: the accreditation survey side (the Puskesmas's SA, the surveyor's assessment);
- `akun`: the web service's users, revoked sessions and audit log.

Importing this package registers every table on `SQLModel.metadata`. Schema changes go through
Alembic migrations in storage/db/migrations, never `create_all`.
"""

from evidence.records.akun import AuditLog, Pengguna, SesiDicabut
from evidence.records.arsip import (
    DINKES,
    DRAFT,
    FINAL,
    AnggotaTim,
    Artefact,
    NomorUrut,
    Office,
    Puskesmas,
    Surat,
    utcnow,
)
from evidence.records.siklus import (
    PEMBINAAN,
    PENDAMPINGAN,
    HasilPembinaan,
    Kunjungan,
    Notifikasi,
    PenilaianKinerja,
    TindakLanjut,
    VerifikasiKinerja,
)
from evidence.records.survei import PenilaianSurveior, SaStandar

__all__ = [
    "DINKES", "DRAFT", "FINAL", "PEMBINAAN", "PENDAMPINGAN", "AnggotaTim", "Artefact", "AuditLog",
    "HasilPembinaan", "Kunjungan", "NomorUrut", "Notifikasi", "Office", "PenilaianKinerja",
    "PenilaianSurveior", "Pengguna", "Puskesmas", "SaStandar", "SesiDicabut", "Surat", "TindakLanjut",
    "VerifikasiKinerja", "utcnow",
]
