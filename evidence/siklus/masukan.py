"""Structured input typed by the secretariat: visit findings, RUK/RPK minutes, escalations.

Validated here so a wrong or missing field is refused with a clear message before anything is
stored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evidence.errors import InputError
from evidence.yaml_aman import muat_yaml

Teks = Annotated[str, Field(min_length=1)]
PESAN = {"missing": "wajib diisi", "string_too_short": "tidak boleh kosong",
         "too_short": "minimal satu baris", "date_from_datetime_parsing": "bukan tanggal (TTTT-BB-HH)",
         "date_parsing": "bukan tanggal (TTTT-BB-HH)", "extra_forbidden": "kolom tidak dikenal",
         "string_type": "harus berupa teks", "list_type": "harus berupa daftar"}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Temuan(Model):
    area: Teks
    temuan: Teks
    rekomendasi: Teks
    pj: str = ""
    batas_waktu: date | None = None


class Rencana(Model):
    kegiatan: Teks
    pj: Teks
    batas_waktu: date


class HasilInput(Model):
    """Findings of one supervision visit (laporan hasil pembinaan)."""

    cluster: str = ""
    temuan: Annotated[list[Temuan], Field(min_length=1)]
    selesai_di_tempat: list[Teks] = []
    masalah_dinkes: list[Teks] = []
    rencana: Annotated[list[Rencana], Field(min_length=1)]


class Peserta(Model):
    nama: Teks
    jabatan: Teks
    instansi: str = ""


class NotulenInput(Model):
    """Minutes and attendance of one RUK/RPK assistance meeting."""

    waktu: Teks
    lokasi: Teks
    pimpinan_rapat: Teks
    agenda: Annotated[list[Teks], Field(min_length=1)]
    pembahasan: Annotated[list[Teks], Field(min_length=1)]
    kesimpulan: Annotated[list[Teks], Field(min_length=1)]
    peserta: Annotated[list[Peserta], Field(min_length=1)]
    foto: list[dict] = []  # filled by the use case: [{kunci, keterangan}]


class Masalah(Model):
    masalah: Teks
    penyebab: str = ""
    rencana: str = ""
    rekomendasi: str = ""
    tindak_lanjut: str = ""  # the TPCB's answer, printed in the response letter
    pj: str = ""
    unit: str = ""
    batas_waktu: date | None = None


class EskalasiInput(Model):
    """Problems a Puskesmas's lokmin or PTM escalated to the Dinkes (EP f)."""

    sumber: Annotated[str, Field(pattern="^(lokmin|ptm)$")]
    rapat: Teks  # e.g. "Lokakarya mini bulanan Februari 2026"
    tanggal: date
    surat_nomor: str = ""
    masalah: Annotated[list[Masalah], Field(min_length=1)]


M = TypeVar("M", bound=Model)


def parse(model: type[M], text: str, what: str) -> M:
    try:
        raw = muat_yaml(text)
    except yaml.YAMLError as exc:
        raise InputError(f"Berkas {what} bukan YAML yang sah: {exc}") from exc
    if not isinstance(raw, dict):
        raise InputError(f"Berkas {what} harus berisi pasangan kolom: nilai.")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in err["loc"])
            problems.append(f"kolom '{where.replace('.[', '[')}': {PESAN.get(err['type'], err['msg'])}")
        raise InputError(f"Isi {what} tidak sah: " + "; ".join(problems)) from exc
