"""Records of the web service: its users (with role and scope) and the audit log of every change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel

from evidence.records.arsip import utcnow


class Pengguna(SQLModel, table=True):
    """A person who signs in: a role, the Puskesmas in their scope, and the lockout counters."""

    __tablename__ = "pengguna"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True)
    password_hash: str
    peran: str  # admin, sekretariat, kepala_dinas, pj_mutu, surveyor
    puskesmas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    aktif: bool = True
    gagal: int = 0  # failed sign-ins in a row
    terkunci_sampai: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    dibuat: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True),
                                                                        nullable=False))
    diubah: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True),
                                                                        nullable=False))
    # Tokens and sessions issued before this moment are void (new password, deactivation).
    sesi_sejak: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class SesiDicabut(SQLModel, table=True):
    """A page session ended by "Keluar": its cookie is refused until it would have expired."""

    __tablename__ = "sesi_dicabut"
    sid: str = Field(primary_key=True)
    username: str
    sampai: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))


class AuditLog(SQLModel, table=True):
    """One change of state: who, when (aware UTC), what, on which target, before and after."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    waktu: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True),
                                                                       nullable=False, index=True))
    oleh: str = Field(index=True)
    aksi: str = Field(index=True)
    sasaran: str
    sebelum: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    sesudah: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
