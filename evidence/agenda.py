"""The buku agenda (letter register) as a reader sees it: which letters, in which order, filtered
how. Pure rules: the filter a user typed is checked here (Indonesian messages), the storage
adapter runs it as one paged query (`AgendaRepository`).

Order: numbered letters by date, then by their number (series, running number, sisipan), then the
letters without a number yet (drafts, held, refused) by their planned date; the same order as
`tpcb surat list`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from evidence.errors import InputError
from evidence.records import Artefact, Surat
from evidence.status import StatusSurat

PER_HALAMAN = 50
MAX_PER_HALAMAN = 200
MAX_TEKS = 100
STATUS_LABEL = {StatusSurat.DRAFT: "Draf", StatusSurat.MENUNGGU_PERSETUJUAN: "Menunggu persetujuan",
                StatusSurat.DITOLAK: "Ditolak", StatusSurat.FINAL: "Final (bertanda tangan)"}
JENIS_LABEL = {"sk": "Surat Keputusan", "surat_tugas": "Surat Tugas", "nota_dinas": "Nota Dinas",
               "umpan_balik": "Surat Umpan Balik", "berita_acara": "Berita Acara", "surat": "Surat"}


@dataclass(frozen=True)
class SaringAgenda:
    """A checked filter of the register. `pemilik_in` is the reader's scope (None: office-wide);
    `teks` is matched against nomor and perihal, `teks_pemilik` holds the Puskesmas whose
    name or code matched it, and `teks_id` the letters whose draft or signed text matched it in
    the full-text index (the service looks both up), so one query answers all three."""

    tahun: int | None = None
    bulan: int | None = None
    jenis: str | None = None
    status: str | None = None
    pemilik: str | None = None
    pemilik_in: tuple[str, ...] | None = None
    teks: str | None = None
    teks_pemilik: tuple[str, ...] = ()
    teks_id: tuple[int, ...] = ()


class AgendaRepository(Protocol):
    def surat_agenda(self, saring: SaringAgenda, *, offset: int = 0,
                     limit: int | None = None) -> tuple[list[Surat], int]:
        """One page of the register in agenda order and how many letters the filter matches."""
        ...

    def artefacts_by_keys(self, keys: list[str]) -> list[Artefact]: ...


def label_status(surat: Surat) -> str:
    """What the letter is now, said truthfully: a numbered draft is not signed yet."""
    if surat.status == StatusSurat.DRAFT:
        return "Bernomor, belum ditandatangani" if surat.nomor else "Draf (belum bernomor)"
    if surat.status == StatusSurat.MENUNGGU_PERSETUJUAN:
        return "Menunggu persetujuan Kepala Dinas"
    return STATUS_LABEL.get(StatusSurat(surat.status), surat.status)


def label_jenis(jenis: str) -> str:
    return JENIS_LABEL.get(jenis, jenis.replace("_", " ").capitalize())


def _angka(value: str | int | None) -> int | None:
    """A form's whole number: None when left empty, 0 when not a number (out of every range)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def cek_bulan(value: str | int | None) -> int | None:
    bulan = _angka(value)
    if bulan is None:
        return None
    if not 1 <= bulan <= 12:
        raise InputError(f"Bulan '{value}' tidak sah; pilih angka 1 (Januari) sampai 12 (Desember).")
    return bulan


def cek_jenis(value: str | None, dikenal: list[str]) -> str | None:
    jenis = (value or "").strip().lower() or None
    if jenis is not None and jenis not in dikenal:
        raise InputError(f"Jenis surat '{value}' tidak dikenal; pilih: {', '.join(dikenal)}.")
    return jenis


def cek_status(value: str | None) -> str | None:
    status = (value or "").strip().lower() or None
    if status is not None and status not in tuple(StatusSurat):
        raise InputError(f"Status '{value}' tidak dikenal; pilih: {', '.join(StatusSurat)}.")
    return status


def cek_teks(value: str | None) -> str | None:
    teks = " ".join((value or "").split()) or None
    if teks is not None and len(teks) > MAX_TEKS:
        raise InputError(f"Teks pencarian terlalu panjang ({len(teks)} karakter); paling banyak "
                         f"{MAX_TEKS}.")
    return teks


def cek_halaman(value: str | int | None) -> int:
    halaman = _angka(value)
    if halaman is None:
        return 1
    if not 1 <= halaman <= 100_000:
        raise InputError(f"Halaman '{value}' tidak sah; tulis angka 1 atau lebih.")
    return halaman
