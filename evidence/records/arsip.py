"""The records of the registry as SQLModel tables (SQLite by default, PostgreSQL in production).

Schema changes go through Alembic migrations in storage/db/migrations, never `create_all`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from evidence.status import StatusArtefak, StatusSurat

DINKES = "dinkes"  # owner of office-wide artefacts (one SK TPCB serves every Puskesmas)
DRAFT, FINAL = StatusArtefak.DRAFT, StatusArtefak.FINAL  # an artefact's; a letter has StatusSurat


def utcnow() -> datetime:
    return datetime.now(UTC)


class Office(SQLModel, table=True):
    """The Dinas Kesehatan running the system (one per installation)."""

    __tablename__ = "dinkes"
    id: int | None = Field(default=None, primary_key=True)
    nama: str
    kabupaten: str
    jenis_daerah: str = "Kabupaten"  # Kabupaten or Kota
    kode_wilayah: str = Field(index=True)
    kota: str  # place named in letters: "Dikeluarkan di ..."
    alamat: str
    kode_pos: str = ""
    telepon: str
    faks: str = ""
    email: str
    website: str = ""
    logo: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    logo_nama: str | None = None
    kepala_nama: str
    kepala_nip: str
    kepala_pangkat: str
    penomoran: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The office's legal bases: {"standar": "...", "mengingat": ["...", ...]}; empty = defaults.
    dasar_hukum: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=True))


class Puskesmas(SQLModel, table=True):
    kode: str = Field(primary_key=True)
    nama: str
    kecamatan: str
    kepala_nama: str
    kepala_nip: str = ""
    ktu_nama: str = ""
    pj_mutu_nama: str = ""
    pj_pelayanan_nama: str = ""
    email: str = ""


class AnggotaTim(SQLModel, table=True):
    """A member of the TPCB team."""

    __tablename__ = "anggota_tim"
    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(unique=True)
    nama: str
    pangkat: str
    jabatan: str
    bidang: str
    peran: str  # ketua, sekretaris, anggota
    puskesmas_binaan: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Artefact(SQLModel, table=True):
    """One filed piece of evidence; the object lives in the object store under `kunci`."""

    __tablename__ = "artefak"
    __table_args__ = (UniqueConstraint("tahun", "pemilik", "item_id", "sumber", name="uq_artefak_asal"),)
    id: int | None = Field(default=None, primary_key=True)
    kunci: str = Field(unique=True)
    tahun: int = Field(index=True)
    pemilik: str = Field(index=True)  # kode Puskesmas, or DINKES
    ep: str
    item_id: str = Field(index=True)
    jenis: str
    sumber: str  # the source record this artefact comes from (idempotency)
    nama_berkas: str
    status: str = StatusArtefak.DRAFT
    tanggal: date
    penandatangan: str | None = None  # who signed or approved it, as recorded (None: not signed)
    # What the PDF's electronic signatures prove (evidence.tte.HasilTte.to_json), when checked
    tte: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    sha256: str
    ukuran: int
    content_type: str
    revisi: int = 1
    version_id: str | None = None
    dibuat: datetime = Field(default_factory=utcnow)
    diubah: datetime = Field(default_factory=utcnow)
    # Its PDF rendition (.docx/.xlsx only, see evidence.rendisi): the object key, the PDF's sha256,
    # and the sha256 of the source bytes it was made from (valid only while that equals `sha256`).
    pdf_kunci: str | None = None
    pdf_sha256: str | None = None
    pdf_sumber: str | None = None


class NomorUrut(SQLModel, table=True):
    """The last running number issued per year and kind of letter (the counter row is the lock)."""

    __tablename__ = "nomor_urut"
    tahun: int = Field(primary_key=True)
    jenis: str = Field(primary_key=True)
    terakhir: int = 0


class Surat(SQLModel, table=True):
    """The letter register: every letter from its draft on; the number is taken when the letter
    is dated and signed (or approved for signature), so the register reads in date order."""

    __tablename__ = "surat"
    __table_args__ = (
        UniqueConstraint("tahun", "jenis", "urut", "sisipan", name="uq_surat_urut"),
        UniqueConstraint("templat", "sumber", name="uq_surat_sumber"),
    )
    id: int | None = Field(default=None, primary_key=True)
    nomor: str | None = Field(default=None, unique=True)  # None: a draft, not numbered yet
    tahun: int = Field(index=True)
    jenis: str
    urut: int | None = None
    sisipan: str = ""  # "a", "b", ...: a nomor sisipan (004a) for a letter dated between two
    seri: str | None = None  # the counter the number was drawn from (see evidence.numbering.seri)
    tanggal: date  # planned while a draft; the date of the letter once numbered
    templat: str
    sumber: str  # the source record (e.g. "kunjungan:PKM-SKJ:2026-03-12"); same source = same letter
    perihal: str
    tujuan: str
    penandatangan: str
    pemilik: str = Field(index=True)  # kode Puskesmas or DINKES
    item_id: str
    status: str = Field(default=StatusSurat.DRAFT, index=True)  # a StatusSurat
    catatan: str = ""
    diterima_pada: date | None = None  # receipt by the addressee (proof of delivery, EP d/h)
    flow_run_id: str | None = None  # the Prefect run paused for this letter's approval
    artefak_draf: str | None = None  # object key of the generated .docx
    artefak_final: str | None = None  # object key of the signed PDF
    konteks: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    tugas: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    bernomor_dirender: bool = False  # the .docx with the number and date has been filed
    dinomori_pada: datetime | None = None
    dibuat: datetime = Field(default_factory=utcnow)
    diubah: datetime = Field(default_factory=utcnow)
