"""Records of the yearly cycle: visits, their results, follow-up tasks, notifications, PKP."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from evidence.records.arsip import utcnow
from evidence.status import JenisKunjungan, StatusNotifikasi, StatusTugas

PEMBINAAN, PENDAMPINGAN = JenisKunjungan.PEMBINAAN, JenisKunjungan.PENDAMPINGAN


class Kunjungan(SQLModel, table=True):
    """A scheduled visit of the TPCB to a Puskesmas: supervision or RUK/RPK assistance."""

    __tablename__ = "kunjungan"
    __table_args__ = (UniqueConstraint("tahun", "puskesmas", "jenis", "ke", name="uq_kunjungan"),)
    id: int | None = Field(default=None, primary_key=True)
    tahun: int = Field(index=True)
    puskesmas: str = Field(index=True)
    jenis: str  # a JenisKunjungan
    ke: int = 1  # the n-th visit of this kind this year
    tanggal: date
    tim: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # NIPs

    @property
    def sumber(self) -> str:
        return f"{self.jenis}:{self.puskesmas}:{self.tahun}:{self.ke}"


class HasilPembinaan(SQLModel, table=True):
    """Structured findings of one supervision visit (input of the laporan hasil pembinaan)."""

    __tablename__ = "hasil_pembinaan"
    id: int | None = Field(default=None, primary_key=True)
    kunjungan_id: int = Field(unique=True, foreign_key="kunjungan.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    dibuat: datetime = Field(default_factory=utcnow)


class TindakLanjut(SQLModel, table=True):
    """A follow-up task: a problem, its owner, a due date and proof of completion."""

    __tablename__ = "tindak_lanjut"
    __table_args__ = (UniqueConstraint("asal", name="uq_tindak_lanjut_asal"),)
    id: int | None = Field(default=None, primary_key=True)
    asal: str  # natural key: source + its position, so re-running creates nothing twice
    tahun: int = Field(index=True)
    puskesmas: str = Field(index=True)
    sumber: str  # pembinaan, pkp, lokmin, ptm, audit, insiden
    nomor_surat: str | None = None  # the letter that opened it
    ep: str
    masalah: str
    penyebab: str = ""
    rekomendasi: str = ""
    rencana: str = ""
    pj: str = ""
    unit: str = ""
    tingkat: str = "puskesmas"  # puskesmas | dinkes (escalated, EP f)
    batas_waktu: date
    status: str = Field(default=StatusTugas.TERBUKA, index=True)  # a StatusTugas
    bukti: str | None = None  # object key of the proof
    catatan: str = ""
    diverifikasi_oleh: str | None = None
    diverifikasi_pada: datetime | None = None
    dibuat: datetime = Field(default_factory=utcnow)
    diubah: datetime = Field(default_factory=utcnow)


class Notifikasi(SQLModel, table=True):
    """Outbox of reminders: kept until sent, never dropped, one per task and day."""

    __tablename__ = "notifikasi"
    __table_args__ = (UniqueConstraint("tindak_lanjut_id", "tanggal", name="uq_notifikasi_hari"),)
    id: int | None = Field(default=None, primary_key=True)
    tindak_lanjut_id: int = Field(foreign_key="tindak_lanjut.id", index=True)
    tanggal: date
    jenis: str  # h-7, h-1, h0, terlambat
    penerima: str
    subjek: str
    isi: str
    status: str = Field(default=StatusNotifikasi.TERTUNDA, index=True)  # a StatusNotifikasi
    percobaan: int = 0
    galat: str = ""
    terkirim_pada: datetime | None = None


class PenilaianKinerja(SQLModel, table=True):
    """A Puskesmas's PKP self-assessment, or the Dinkes's verified version of it."""

    __tablename__ = "penilaian_kinerja"
    __table_args__ = (UniqueConstraint("tahun", "puskesmas", "versi", name="uq_pkp"),)
    id: int | None = Field(default=None, primary_key=True)
    tahun: int = Field(index=True)
    puskesmas: str = Field(index=True)
    versi: str  # puskesmas | verifikasi
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    hasil: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    dibuat: datetime = Field(default_factory=utcnow)


class VerifikasiKinerja(SQLModel, table=True):
    """A PKP verification that happened: who verified, when, and what changed (from the versions).

    The berita acara verifikasi is produced only from this record.
    """

    __tablename__ = "verifikasi_kinerja"
    __table_args__ = (UniqueConstraint("tahun", "puskesmas", name="uq_verifikasi_kinerja"),)
    id: int | None = Field(default=None, primary_key=True)
    tahun: int = Field(index=True)  # the PKP year verified
    puskesmas: str = Field(index=True)
    tanggal: date
    verifikator: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # NIPs
    perubahan: list[dict[str, Any]] = Field(default_factory=list,
                                            sa_column=Column(JSON, nullable=False))
    catatan: str = ""
    dicatat_oleh: str = ""
    dibuat: datetime = Field(default_factory=utcnow)
