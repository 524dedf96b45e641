"""Context schemas: one pydantic model per template (see catalogue.yaml `schema`).

The renderer validates the context against the template's model before rendering, so a missing
or mistyped field is reported by name (ContextInvalid) instead of producing a half-empty letter.
Dates are `datetime.date`; the templates format them with the filters of `filters.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, computed_field, model_validator

from doc_templates.schemas_common import (
    Bernomor,
    Bertanda,
    Daftar,
    Dokumen,
    Korespondensi,
    Model,
    Orang,
    Penandatangan,
    Petugas,
    PuskesmasRef,
    Teks,
)

PetugasList = Annotated[list[Petugas], Field(min_length=1)]


class AnggotaSk(Orang):
    peran: Teks
    bidang: Teks
    puskesmas_binaan: list[Teks] = []
    uraian_tugas: Teks


class SkTpcb(Bernomor):
    """SK penetapan TPCB: Menimbang, Mengingat, diktum KESATU..KELIMA, Lampiran (anggota)."""

    tempat: Teks
    tahun: int
    tentang: Teks
    menimbang: Daftar  # each point starts with "bahwa"
    mengingat: Daftar
    tugas: Daftar  # diktum KEDUA
    pelaporan: Teks  # diktum KETIGA
    pembiayaan: Teks  # diktum KEEMPAT
    anggota: Annotated[list[AnggotaSk], Field(min_length=1)]


class BarisJadwal(Model):
    puskesmas: Teks
    kecamatan: Teks
    kunjungan: Annotated[list[date], Field(min_length=1)]
    tim: Daftar


class JadwalPembinaan(Bertanda):
    tempat: Teks
    tahun: int
    baris: Annotated[list[BarisJadwal], Field(min_length=1)]
    keterangan: list[Teks] = []

    @model_validator(mode="after")
    def _dates_in_year(self) -> JadwalPembinaan:
        for row in self.baris:
            for d in row.kunjungan:
                if d.year != self.tahun:
                    raise ValueError(f"tanggal kunjungan {d.isoformat()} ({row.puskesmas}) "
                                     f"di luar tahun {self.tahun}")
        return self


class SuratTugasPembinaan(Bernomor):
    tempat: Teks
    dasar: Daftar
    petugas: PetugasList
    puskesmas: PuskesmasRef
    tanggal_mulai: date
    tanggal_selesai: date | None = None
    tugas_tambahan: list[Teks] = []  # points between the visit and the duty to report

    @model_validator(mode="after")
    def _period(self) -> SuratTugasPembinaan:
        if self.tanggal_selesai and self.tanggal_selesai < self.tanggal_mulai:
            raise ValueError("tanggal_selesai lebih awal dari tanggal_mulai")
        return self


class SuratTugasPendampingan(SuratTugasPembinaan):
    tahun_ruk: int
    tahun_rpk: int


class BabSa(Model):
    bab: Teks  # I..V
    judul: Teks
    dinilai: int  # applicable EPs (TDD left out)
    tl: int
    ts: int
    tt: int
    tdd: int
    capaian: Teks  # formatted, e.g. "72,5%" or "tidak dinilai"


class EpSa(Model):
    kode: Teks  # "1.7.1 EP a"
    skor: Teks  # TL, TS, TT, TDD
    fakta: Teks
    rekomendasi: Teks


class AnalisisSa(Bertanda):
    """The TPCB's analysis of the Puskesmas's SA against the accreditation standard."""

    tempat: Teks
    tahun: int
    puskesmas: PuskesmasRef
    tanggal_sa: date
    bab: Annotated[list[BabSa], Field(min_length=1)]
    kriteria: Teks = "1.7.1"
    kriteria_ep: list[EpSa] = []
    capaian_kriteria: Teks
    di_bawah_tl: list[EpSa] = []
    rekomendasi: Daftar


class Temuan(Model):
    area: Teks
    temuan: Teks
    rekomendasi: Teks


class RencanaTindakLanjut(Model):
    kegiatan: Teks
    pj: Teks
    batas_waktu: date


class LaporanHasilPembinaan(Bertanda):
    tempat: Teks
    tahun: int
    cluster: Teks
    puskesmas: PuskesmasRef
    tanggal_mulai: date
    tanggal_selesai: date | None = None
    tim: PetugasList
    surat_tugas_nomor: Teks
    surat_tugas_tanggal: date
    metode: Daftar
    temuan: Annotated[list[Temuan], Field(min_length=1)]
    selesai_di_tempat: list[Teks] = []
    masalah_dinkes: list[Teks] = []
    rencana: Annotated[list[RencanaTindakLanjut], Field(min_length=1)]
    lampiran: list[Teks] = []


class NotaDinasLaporan(Bernomor):
    kepada: Teks
    dari: Teks
    sifat: Teks = "Biasa"
    lampiran: Teks = "-"
    hal: Teks
    poin: Daftar


class SuratUmpanBalikPembinaan(Korespondensi):
    tahun: int
    puskesmas: PuskesmasRef
    tanggal_pembinaan: date
    ringkasan: list[Teks] = []
    rekomendasi: Daftar
    batas_laporan: date


class Foto(Model):
    gambar: bytes  # PNG or JPEG; the renderer turns it into an inline image about 7 cm wide
    keterangan: Teks


class NotulenPendampingan(Bertanda):
    tempat: Teks
    puskesmas: PuskesmasRef
    tahun_ruk: int
    tahun_rpk: int
    waktu: Teks
    lokasi: Teks
    pimpinan_rapat: Teks
    peserta: Teks
    agenda: Daftar
    pembahasan: Daftar
    kesimpulan: Daftar
    foto: list[Foto] = []
    notulis: Orang


class Peserta(Model):
    nama: Teks
    jabatan: Teks  # jabatan / unit
    instansi: str = ""


class DaftarHadir(Bertanda):
    kegiatan: Teks
    waktu: str = ""
    lokasi: Teks
    peserta: Annotated[list[Peserta], Field(min_length=1)]
    baris_kosong: Annotated[int, Field(ge=0, le=30)] = 0  # empty rows for others who attend

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kosong(self) -> list[int]:
        return list(range(1, self.baris_kosong + 1))


class ButirTindakLanjut(Model):
    masalah: Teks
    tindak_lanjut: Teks
    pj: Teks
    batas_waktu: date


class SuratTindakLanjutLokmin(Korespondensi):
    hal: Teks
    puskesmas: PuskesmasRef
    sumber: Teks  # e.g. "lokakarya mini bulanan bulan Februari 2026"
    surat_puskesmas_nomor: str = ""
    surat_puskesmas_tanggal: date | None = None
    butir: Annotated[list[ButirTindakLanjut], Field(min_length=1)]


class NilaiKomponen(Model):
    komponen: Teks
    nilai_puskesmas: float
    nilai_verifikasi: float
    kategori: str = ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def selisih(self) -> float:
        return round(self.nilai_verifikasi - self.nilai_puskesmas, 2)


class Perubahan(Model):
    kode: Teks
    nama: Teks
    sebelum: Teks  # the Puskesmas's value, formatted
    sesudah: Teks  # the verified value, formatted


class BeritaAcaraVerifikasi(Bernomor):
    """Produced only from a recorded verification: its verifiers sign, its changes are listed."""

    tahun_penilaian: int
    puskesmas: PuskesmasRef
    lokasi: Teks
    verifikator: PetugasList
    nilai: Annotated[list[NilaiKomponen], Field(min_length=1)]
    perubahan: list[Perubahan] = []
    kesimpulan: Daftar
    penandatangan_puskesmas: Penandatangan


class HasilKomponen(Model):
    komponen: Teks
    nilai: float
    kategori: Teks


class SuratUmpanBalikPkp(Korespondensi):
    tahun: int
    puskesmas: PuskesmasRef
    tanggal_verifikasi: date
    hasil: Annotated[list[HasilKomponen], Field(min_length=1)]
    kategori: Teks  # the Puskesmas's overall category (the lowest of its components)
    kelompok: Teks  # I, II or III
    rekomendasi: Daftar
    batas_laporan: date


class Narasumber(Model):
    peran: Teks
    nama: Teks
    jabatan: str = ""


class Ep(Model):
    kode: Teks
    judul: Teks


class PanduanWawancara(Dokumen):
    tahun: int
    puskesmas: PuskesmasRef
    kriteria: Teks = "1.7.1"
    ep: Ep
    butir_id: Teks
    butir_judul: Teks
    narasumber: Annotated[list[Narasumber], Field(min_length=1)]
    pertanyaan: Daftar
    bukti: list[Teks] = []
