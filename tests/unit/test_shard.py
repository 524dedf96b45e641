"""Which Puskesmas a flow run takes (flows/_shard.py): codes separated by commas, or a part i/n
so that several workers run one year together. Pure logic, no database."""

from __future__ import annotations

import pytest

from evidence.errors import InputError
from flows._shard import bagi, bagian, pilih_puskesmas

TERDAFTAR = [f"PKM-{i:03d}" for i in range(7)]


def test_kosong_berarti_semua():
    assert pilih_puskesmas(TERDAFTAR, None) == TERDAFTAR


def test_kode_dipisah_koma_dirapikan_dan_urut_register():
    assert pilih_puskesmas(TERDAFTAR, " pkm-003, PKM-001,,PKM-003 ") == ["PKM-001", "PKM-003"]
    assert pilih_puskesmas(TERDAFTAR, "PKM-005") == ["PKM-005"]


@pytest.mark.parametrize("nilai, pesan", [
    ("PKM-001,PKM-XXX,pkm-yyy", "Puskesmas tidak terdaftar: PKM-XXX, PKM-YYY."),
    (" , ", "Daftar Puskesmas kosong"),
    ("", "Daftar Puskesmas kosong"),
    ("0/2", "Bagian 0/2 tidak ada"),
    ("3/2", "Bagian 3/2 tidak ada"),
    ("1/0", "Jumlah bagian harus 1 sampai"),
])
def test_masukan_salah_ditolak_dengan_pesan_indonesia(nilai, pesan):
    with pytest.raises(InputError, match=pesan.replace(".", r"\.")):
        pilih_puskesmas(TERDAFTAR, nilai)


@pytest.mark.parametrize("dari", [1, 2, 3, 7, 9])
def test_bagian_menutup_semua_tepat_sekali_dan_seimbang(dari):
    parts = [pilih_puskesmas(TERDAFTAR, f"{ke}/{dari}") for ke in range(1, dari + 1)]
    assert [k for p in parts for k in p] == TERDAFTAR
    assert max(map(len, parts)) - min(map(len, parts)) <= 1


def test_bagi_memberi_parameter_per_worker():
    params = bagi(TERDAFTAR, 2)
    assert params == ["PKM-000,PKM-001,PKM-002,PKM-003", "PKM-004,PKM-005,PKM-006"]
    assert [pilih_puskesmas(TERDAFTAR, p) for p in params] == [bagian(TERDAFTAR, 1, 2),
                                                              bagian(TERDAFTAR, 2, 2)]
    assert pilih_puskesmas(TERDAFTAR, " 2 / 2 ") == bagian(TERDAFTAR, 2, 2)
