"""The yearly schedule: one RUK/RPK assistance visit in January-February and one supervision
visit between March and November for every Puskesmas, each with the members who cover it.
"""

from __future__ import annotations

from datetime import date, timedelta

from evidence.records import AnggotaTim, Puskesmas
from evidence.records.siklus import PEMBINAAN, PENDAMPINGAN, Kunjungan
from evidence.siklus.konteks import tim_untuk

PENDAMPINGAN_MULAI, PENDAMPINGAN_HARI = (1, 12), 30  # working days from 12 January
PEMBINAAN_MULAI, PEMBINAAN_HARI = (3, 2), 180  # working days from 2 March
TIM_PER_KUNJUNGAN = 3


def hari_kerja(start: date, n: int) -> date:
    """The n-th working day (Monday-Friday) from `start` (0 = start itself, or the next one)."""
    day = start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def hari_kerja_sebelum(day: date, n: int) -> date:
    while n > 0 or day.weekday() >= 5:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def rencana(puskesmas: list[Puskesmas], tim: list[AnggotaTim], tahun: int) -> list[Kunjungan]:
    """Deterministic plan: the same inputs always give the same dates (re-runs add nothing)."""
    out = []
    for i, p in enumerate(sorted(puskesmas, key=lambda x: x.kode)):
        nips = [m.nip for m in tim_untuk(tim, p.kode)[:TIM_PER_KUNJUNGAN]]
        pendampingan = hari_kerja(date(tahun, *PENDAMPINGAN_MULAI), (i * 2) % PENDAMPINGAN_HARI)
        pembinaan = hari_kerja(date(tahun, *PEMBINAAN_MULAI), (i * 7) % PEMBINAAN_HARI)
        out.append(Kunjungan(tahun=tahun, puskesmas=p.kode, jenis=PENDAMPINGAN, tanggal=pendampingan,
                             tim=nips))
        out.append(Kunjungan(tahun=tahun, puskesmas=p.kode, jenis=PEMBINAAN, tanggal=pembinaan,
                             tim=nips))
    return out
