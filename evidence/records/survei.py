"""Records of the accreditation survey side: the Puskesmas's self-assessment (SA) against the
standard, and the surveyor's own assessment per EP of Kriteria 1.7.1."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from evidence.records.arsip import utcnow


class SaStandar(SQLModel, table=True):
    """One Puskesmas's SA of one year: per EP of the standard its skor, fakta dan analisis and
    rekomendasi (rows as imported, validated)."""

    __tablename__ = "sa_standar"
    __table_args__ = (UniqueConstraint("tahun", "puskesmas", name="uq_sa_standar"),)
    id: int | None = Field(default=None, primary_key=True)
    tahun: int = Field(index=True)
    puskesmas: str = Field(index=True)
    tanggal: date  # submitted
    baris: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kunci: str = ""  # object key of the imported sheet (evidence c-d1)
    dibuat: datetime = Field(default_factory=utcnow)


class PenilaianSurveior(SQLModel, table=True):
    """The surveyor's judgement of one EP of Kriteria 1.7.1 for one Puskesmas and year."""

    __tablename__ = "penilaian_surveior"
    __table_args__ = (UniqueConstraint("tahun", "puskesmas", "ep", name="uq_penilaian_surveior"),)
    id: int | None = Field(default=None, primary_key=True)
    tahun: int = Field(index=True)
    puskesmas: str = Field(index=True)
    ep: str
    nilai: str  # TL, TS, TT or TDD
    fakta: str = ""  # fakta dan analisis
    rekomendasi: str = ""
    oleh: str  # username of the surveyor
    final: bool = False
    diubah: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True),
                                                                        nullable=False))
