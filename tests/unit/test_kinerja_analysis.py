"""Verification (own figures against verified ones) and the analysis for the coaching visit."""

from __future__ import annotations

import pytest

from evidence.kinerja import NilaiIndikator, analisis, bandingkan, hitung
from tests.unit.test_kinerja_scoring import SA, SMALL


def n(sasaran: float, pencapaian: float) -> NilaiIndikator:
    return NilaiIndikator(sasaran=sasaran, pencapaian=pencapaian)


VERIFIED = SA.model_copy(update={
    # A.1 180/200 -> 150/200 (cakupan 90 -> 75); A.2 400/420 -> 800/840: same cakupan, other figures
    "indikator": {**SA.indikator, "A.1": n(200, 150), "A.2": n(800, 840)},
    # E.A1.1 10 -> 4; E.A1.4 scored only by the verifier
    "manajemen": {**SA.manajemen, "E.A1.1": 4, "E.A1.4": 7},
})


def test_identical_figures_flag_nothing():
    result = bandingkan(SA, SA, SMALL)
    assert result.ditandai == ()
    assert all(row.selisih in (0, None) for row in result.selisih)
    assert result.kategori == hitung(SA, SMALL).kategori


def test_differences_are_listed_and_flagged():
    result = bandingkan(SA, VERIFIED, SMALL)
    rows = {row.kode: row for row in result.selisih}
    assert (rows["A.1"].sendiri, rows["A.1"].verifikasi, rows["A.1"].selisih) == (90, 75, -15)
    assert rows["A.1"].ditandai
    # same cakupan (105) from other figures: difference 0, still flagged
    assert rows["A.2"].selisih == 0 and rows["A.2"].ditandai
    assert (rows["E.A1.1"].sendiri, rows["E.A1.1"].verifikasi, rows["E.A1.1"].selisih) == (10, 4, -6)
    assert rows["E.A1.4"].sendiri is None and rows["E.A1.4"].verifikasi == 7 and rows["E.A1.4"].ditandai
    assert not rows["B.C6.1"].ditandai and not rows["E.A1.2"].ditandai
    assert [row.kode for row in result.ditandai] == ["A.1", "A.2", "E.A1.1", "E.A1.4"]


def test_the_verified_categories_count():
    result = bandingkan(SA, VERIFIED, SMALL)
    # verified manajemen (4 + 7 + 0 + 7) / 4 = 4.5 -> Kurang, so the Puskesmas is Kurang
    assert result.hasil_verifikasi.manajemen == 4.5
    assert result.kategori["manajemen"] == "Kurang" and result.kategori["puskesmas"] == "Kurang"
    assert result.hasil_sendiri.kategori["puskesmas"] == "Cukup"


def test_analisis_strongest_weakest_gaps_and_focus():
    a = analisis(hitung(SA, SMALL), n=2)
    # kinerja: A.1 90, A.2 100, B.A1.1 50, B.A1.2 100, B.C6.1 70, E.B1.1a 85, E.B1.1b 96
    assert [s.kode for s in a.terkuat] == ["A.2", "B.A1.2"]
    assert [s.kode for s in a.terlemah] == ["B.A1.1", "B.C6.1"]
    gaps = {s.kode: s.kesenjangan for s in a.kesenjangan}
    assert list(gaps) == ["B.A1.1", "B.C6.1", "E.B1.1a", "A.1", "E.B1.1b"]
    # higher: target - cakupan (28 - 14; 100 - 90); lower: cakupan - target (30 - 21)
    assert gaps["B.A1.1"] == pytest.approx(14) and gaps["A.1"] == pytest.approx(10)
    assert gaps["B.C6.1"] == pytest.approx(9)
    # lowest variabel means: C6 70, A1 75 (SPM 95, INM 90.5 come later)
    assert [v.kode for v in a.fokus_variabel] == ["B.C6", "B.A1"]
    assert [s.kode for s in a.fokus_section] == ["ukm_esensial", "mutu", "spm"]
    assert [(b.kode, b.nilai, b.uraian) for b in a.fokus_manajemen] == [("E.A1.3", 0, "tidak punya")]


def test_analisis_is_plain_data():
    data = analisis(hitung(SA, SMALL)).model_dump()
    assert data["terlemah"][0]["kode"] == "B.A1.1"
    assert data["kategori"]["puskesmas"] == "Cukup"


def test_component_rows_for_the_letters():
    assert hitung(SA, SMALL).komponen() == [
        {"komponen": "Pelayanan (UKM dan UKP)", "nilai": 83.75, "kategori": "Cukup"},
        {"komponen": "Manajemen", "nilai": 5.67, "kategori": "Cukup"},
        {"komponen": "Mutu", "nilai": 90.5, "kategori": "Cukup"},
    ]
    rows = bandingkan(SA, VERIFIED, SMALL).komponen()
    assert rows[1] == {"komponen": "Manajemen", "nilai_puskesmas": 5.67, "nilai_verifikasi": 4.5,
                       "kategori": "Kurang"}
