"""The API's response shapes, as pydantic models for the OpenAPI contract.

The dicts themselves are still built where they always were (tpcb.services.presenters,
evidence.completeness.to_json, evidence.catalogue, evidence.penilaian.lembar_json, ...); these
models only describe them. `extra="forbid"`: a key added to a presenter but not here fails the
response (500) in the tests and in the fuzzer, so the documented shape cannot drift silently.

Every key is Bahasa Indonesia (docs/api.md has the glossary and the renames of 2026-11), except
the OAuth2 token answer, whose names the standard fixes. tests/web/test_kunci_json.py walks the
OpenAPI schema and refuses an English property name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Bentuk(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Token(Bentuk):
    """Answer of POST /api/token (OAuth2 names, English by the standard)."""

    access_token: str
    token_type: str = Field(description="selalu 'bearer'")
    expires_in: int = Field(description="masa berlaku dalam detik")


class Bundel(Bentuk):
    """A bundle made by POST /api/bundel and its time-limited download link."""

    nama: str
    url: str
    berlaku_sampai: str = Field(description="waktu kedaluwarsa tautan (ISO 8601)")
    ukuran: int = Field(description="ukuran dalam bita")
    dikonversi_langsung: int = Field(description="berkas yang belum punya rendisi PDF sehingga "
                                     "dikonversi LibreOffice saat bundel dibuat")


class Pengguna(Bentuk):
    """The signed-in user (GET /api/me)."""

    nama_pengguna: str
    peran: str
    puskesmas: list[str] = Field(description="cakupan Puskesmas; kosong = seluruh kabupaten")
    boleh: list[str] = Field(description="izin peran ini")


class Narasumber(Bentuk):
    peran: str = Field(description="kode peran, mis. kepala_puskesmas")
    sebutan: str = Field(description="nama peran untuk dibaca")


class Kebaruan(Bentuk):
    tahun_berjalan: bool = Field(description="bukti harus dari tahun penilaian")
    bulan: int | None = Field(description="umur bukti paling lama (bulan); null: tanpa batas")


class Penerimaan(Bentuk):
    """When an item counts as present (evidence/aturan.py interprets it)."""

    aturan: str = Field(description="aturan penerimaan, mis. unggahan, dokumen_ttd, surat_ttd")
    foto: bool = Field(description="dokumen_ttd: foto kegiatan harus dilampirkan")
    umpan_balik: str | None = Field(description="tindak_lanjut: butir surat umpan balik")
    bukan_bukti: dict[str, str] = Field(description="awalan sumber -> mengapa tidak pernah dihitung")


class ButirKatalog(Bentuk):
    """An item of the catalogue."""

    id: str
    ep: str
    jenis: str = Field(description="R, D, W, O atau S")
    judul: str
    cakupan: str = Field(description="puskesmas atau dinkes")
    tahap: str
    templat: str | None
    narasumber: list[Narasumber]
    kebaruan: Kebaruan | None = Field(description="aturan kebaruan")
    kelompok: str | None
    penerimaan: Penerimaan


class EpKatalog(Bentuk):
    kode: str
    judul: str
    jenis_bukti: list[str]
    butir: list[ButirKatalog]


class Katalog(Bentuk):
    """Kriteria 1.7.1 as `tpcb catalogue --format json`."""

    kriteria: str
    judul: str
    elemen: list[EpKatalog]


class Puskesmas(Bentuk):
    kode: str
    nama: str
    kecamatan: str
    kepala_nama: str
    kepala_nip: str
    ktu_nama: str
    pj_mutu_nama: str
    pj_pelayanan_nama: str
    email: str


class BerkasButir(Bentuk):
    kunci: str
    nama: str
    tanggal: str
    status: str
    penandatangan: str | None


class ButirKelengkapan(Bentuk):
    """One item's verdict; `narasumber` only for interview (W) items."""

    id: str
    jenis: str
    status: str
    label: str
    alasan: str
    langkah: str
    berkas: BerkasButir | None
    narasumber: dict[str, list[str]] | None = Field(None, description="hanya untuk butir W")


class EpKelengkapan(Bentuk):
    kode: str
    nilai: str = Field(description="TL, TS atau TT")
    skor: int
    alasan: str
    butir: list[ButirKelengkapan]


class KelengkapanPuskesmas(Bentuk):
    kode: str
    nama: str
    tahun: int
    total: int
    maksimum: int
    capaian_persen: float
    sementara: bool
    ep: list[EpKelengkapan]


class Kelengkapan(Bentuk):
    """Completeness and provisional score (same as `tpcb completeness --format json`)."""

    tahun: int
    sementara: bool
    puskesmas: list[KelengkapanPuskesmas]


class KinerjaPuskesmas(Bentuk):
    """A PKP result: the header, then `komponen_json` (tpcb.services.presenters)."""

    puskesmas: str
    nama: str
    tahun: int
    versi: str = Field(description="puskesmas atau verifikasi")
    layanan: float
    manajemen: float
    mutu: float
    kategori: dict[str, str]
    kelompok: str
    nilai_rata: float


class Kinerja(Bentuk):
    tahun: int
    hasil: list[KinerjaPuskesmas]
    tanpa_data: list[str] = Field(description="Puskesmas tanpa PKP tersimpan tahun itu")


class EntriAudit(Bentuk):
    id: int
    waktu: str
    oleh: str
    aksi: str
    sasaran: str
    sebelum: dict[str, Any] | None
    sesudah: dict[str, Any] | None


class Audit(Bentuk):
    jumlah: int = Field(description="jumlah seluruh entri")
    entri: list[EntriAudit]


class Artefak(Bentuk):
    """`artefact_json`: an artefact of the evidence registry."""

    kunci: str
    puskesmas: str = Field(description="kode Puskesmas, atau 'dinkes'")
    tahun: int
    ep: str
    butir: str
    jenis: str
    status: str = Field(description="draft atau final (nilai tersimpan; tampil sebagai draf/final)")
    tanggal: date
    sha256: str
    ukuran: int = Field(description="ukuran dalam bita")
    tipe_media: str = Field(description="tipe MIME, mis. application/pdf")
    revisi: int
    penandatangan: str | None


class ArtefakTersimpan(Bentuk):
    hasil: str = Field(description="apa yang terjadi: baru, sama, revisi, ...")
    artefak: Artefak


class Surat(Bentuk):
    """`surat_json`: a letter of the register (buku agenda)."""

    id: int | None
    rujukan: str = Field(description="nomor surat, atau draf-ID bila belum bernomor")
    nomor: str | None
    jenis: str
    tte: str | None
    tanggal: str
    bernomor: bool
    perihal: str
    tujuan: str
    penandatangan: str
    status: str
    puskesmas: str | None = Field(description="None untuk surat milik Dinkes")
    butir: str
    templat: str
    kunci: str | None = Field(description="artefak final, atau draf bila belum final")
    kunci_draf: str | None
    kunci_final: str | None
    catatan: str
    diterima_pada: str | None


class SuratRevisi(Surat):
    revisi: int
    berubah: bool


class BarisAgenda(Bentuk):
    """A letter of the buku agenda (`baris_agenda_json`); kunci_draf/kunci_final as in `Surat`."""

    id: int
    rujukan: str = Field(description="nomor surat, atau draf-ID bila belum bernomor")
    nomor: str | None
    tanggal: str = Field(description="tanggal surat (bernomor) atau tanggal rencana (draf), TTTT-BB-HH")
    jenis: str
    jenis_label: str
    perihal: str
    tujuan: str
    penandatangan: str
    puskesmas: str | None = Field(description="None untuk surat milik Dinkes")
    puskesmas_nama: str
    status: str
    status_label: str = Field(description="keadaan surat dalam kata-kata (draf bernomor belum "
                              "bertanda tangan, dst.)")
    ep: str = Field(description="elemen penilaian yang dibuktikan surat ini (a..h)")
    butir: str = Field(description="butir bukti di katalog")
    kunci_draf: str | None = Field(description="kunci berkas draf .docx")
    kunci_final: str | None = Field(description="kunci berkas PDF bertanda tangan")
    diterima_pada: str | None = Field(description="tanggal tanda terima oleh penerima, bila dicatat")
    tte_status: str | None = Field(description="sah, tidak_sah, tanpa_tte; None: belum bertanda "
                                   "tangan atau belum diperiksa")
    tte: str | None


class AgendaSurat(Bentuk):
    """One page of the buku agenda (GET /api/surat/agenda)."""

    total: int = Field(description="jumlah surat yang cocok dengan saringan")
    halaman: int
    per_halaman: int
    jumlah_halaman: int
    saringan: dict[str, str] = Field(description="saringan yang dipakai, sesudah diperiksa")
    surat: list[BarisAgenda]


class Tugas(Bentuk):
    """`task_json`: a follow-up task, with how late it is today."""

    id: int | None
    puskesmas: str
    tahun: int
    sumber: str
    nomor_surat: str | None
    ep: str
    masalah: str
    rekomendasi: str
    rencana: str
    pj: str
    tingkat: str
    batas_waktu: str
    status: str
    terlambat: bool
    hari_terlambat: int
    bukti: str | None
    catatan: str


class BarisPenilaian(Bentuk):
    kode: str
    nilai_sementara: str
    nilai_surveior: str | None
    beda: bool
    fakta: str
    rekomendasi: str


class LembarPenilaian(Bentuk):
    kode: str
    nama: str
    tahun: int
    kriteria: str
    final: bool
    surveior: str
    skor: int
    maksimum: int
    capaian_persen: float | None
    ep: list[BarisPenilaian]


class NilaiTercatat(Bentuk):
    kode: str
    tahun: int
    ep: str
    nilai: str
    fakta: str
    rekomendasi: str
    oleh: str
    final: bool


class PenilaianFinal(Bentuk):
    kode: str
    tahun: int
    final: bool
    ep: int = Field(description="jumlah EP yang difinalkan")


class PotonganCuplikan(Bentuk):
    teks: str = Field(description="teks apa adanya (bukan HTML)")
    cocok: bool = Field(description="bagian yang cocok dengan kata yang dicari")


class SuratTemuan(Bentuk):
    nomor: str | None = Field(description="nomor surat; null = masih draf")
    perihal: str
    status: str


class TemuanCari(Bentuk):
    """One hit of GET /api/cari: the artefact whose current revision matches."""

    kunci: str
    pemilik: str = Field(description="kode Puskesmas, atau 'dinkes'")
    puskesmas: str = Field(description="nama Puskesmas, atau 'Dinas Kesehatan'")
    ep: str
    item_id: str
    nama_berkas: str
    tahun: int
    status: str
    revisi: int
    skor: float = Field(description="relevansi; lebih besar lebih cocok")
    cuplikan: list[PotonganCuplikan]
    surat: SuratTemuan | None = Field(description="surat yang berkasnya ini, bila pengguna boleh "
                                      "melihat surat itu")


class HasilCari(Bentuk):
    """GET /api/cari (same as `tpcb cari --format json`)."""

    q: str
    kata: list[str] = Field(description="kata yang dicari, sesudah dibaca (huruf kecil)")
    jumlah: int
    terpotong: bool = Field(description="true bila hasil dibatasi 'batas'")
    hasil: list[TemuanCari]
