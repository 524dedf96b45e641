"""Penilaian Kinerja Puskesmas (PKP): instrument, self-assessment import, scoring, categories,
verification, ranking and the analysis for the coaching visit.

Pure domain code: functions take text or bytes, never paths. The rules are documented in the
module docstrings: direction and units in `model`, scoring and categories in `scoring`,
aggregation in `hasil`, the import format in `importer`, verification and analysis in `analysis`.
"""

from evidence.kinerja.analysis import Analisis, Perbandingan, Selisih, analisis, bandingkan
from evidence.kinerja.hasil import (
    HasilButir,
    HasilIndikator,
    KinerjaResult,
    NilaiIndikator,
    Rata,
    SelfAssessment,
    hitung,
)
from evidence.kinerja.importer import csv_ke_xlsx, parse_csv, parse_xlsx
from evidence.kinerja.model import (
    LAYANAN,
    ButirManajemen,
    Indikator,
    Perangkat,
    load_perangkat,
    parse_perangkat,
    parse_target,
)
from evidence.kinerja.scoring import (
    KELOMPOK,
    Peringkat,
    Thresholds,
    baca_angka,
    cakupan,
    kategori,
    kelompok,
    kinerja,
    parse_score,
    peringkat,
)

__all__ = [
    "KELOMPOK", "LAYANAN", "Analisis", "ButirManajemen", "HasilButir", "HasilIndikator", "Indikator",
    "KinerjaResult", "NilaiIndikator", "Perangkat", "Perbandingan", "Peringkat", "Rata", "Selisih",
    "SelfAssessment", "Thresholds", "analisis", "baca_angka", "bandingkan", "cakupan", "csv_ke_xlsx",
    "hitung", "kategori", "kelompok", "kinerja", "load_perangkat", "parse_csv", "parse_perangkat",
    "parse_score", "parse_target", "parse_xlsx", "peringkat",
]
