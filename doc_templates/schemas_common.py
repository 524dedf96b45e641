"""Shared parts of the template context schemas: letterhead, signer, people, Puskesmas.

Field names never collide with `dict` attributes (`items`, `values`, ...): the renderer hands
the template plain dicts, and `x.items` would reach the dict method instead of the field.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


def _strip_spaces(value: object) -> object:
    return "".join(value.split()) if isinstance(value, str) else value


def _check_nip(value: str) -> str:
    if value and (len(value) != 18 or not value.isdigit()):
        raise ValueError("NIP harus 18 digit angka")
    return value


def _require_nip(value: str) -> str:
    if not value:
        raise ValueError("NIP wajib diisi")
    return _check_nip(value)


Teks = Annotated[str, Field(min_length=1)]
NipOpsional = Annotated[str, BeforeValidator(_strip_spaces), AfterValidator(_check_nip)]
Nip = Annotated[str, BeforeValidator(_strip_spaces), AfterValidator(_require_nip)]
Daftar = Annotated[list[Teks], Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Kop(Model):
    """The letterhead of the Dinas Kesehatan (from the office record)."""

    jenis_daerah: Literal["Kabupaten", "Kota"] = "Kabupaten"
    kabupaten: Teks
    alamat: Teks
    telepon: Teks
    faks: str = ""
    kode_pos: str = ""
    email: Teks
    website: str = ""


class Penandatangan(Model):
    """Who signs: jabatan as written above the signature, e.g. "Kepala Dinas Kesehatan ..."."""

    jabatan: Teks
    nama: Teks
    pangkat: str = ""
    nip: Nip


class Orang(Model):
    nama: Teks
    nip: NipOpsional = ""
    pangkat: str = ""
    jabatan: str = ""


class Petugas(Orang):
    """A TPCB member on an assignment or a verification."""

    peran: Teks
    bidang: str = ""


class PuskesmasRef(Model):
    nama: Teks
    kecamatan: Teks
    kode: str = ""
    kepala_nama: str = ""


class Dokumen(Model):
    """Every template: the letterhead."""

    kop: Kop


class Bertanda(Dokumen):
    """A signed document with an optional copy list."""

    tanggal: date
    penandatangan: Penandatangan
    tembusan: list[Teks] = []


class Bernomor(Bertanda):
    nomor: Teks


class Korespondensi(Bernomor):
    """A letter: Nomor / Sifat / Lampiran / Hal, addressed to Yth. `kepada` di `di`."""

    tempat: Teks  # the place before the date: "Sukamaju, 20 Maret 2026"
    sifat: Teks = "Penting"
    lampiran: Teks = "-"
    kepada: Teks
    di: Teks = "Tempat"
