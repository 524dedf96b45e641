"""The StrEnum statuses keep the very strings the database, JSON and pages always had."""

from __future__ import annotations

import json

from evidence import akses, tindak_lanjut
from evidence.letters import MENUNGGU
from evidence.records import DRAFT, FINAL, PEMBINAAN, PENDAMPINGAN
from evidence.status import (
    AksiTugas,
    JenisKunjungan,
    Peran,
    StatusArtefak,
    StatusNotifikasi,
    StatusSurat,
    StatusTugas,
)

STORED = {
    StatusArtefak: ["draft", "final"],
    StatusSurat: ["draft", "menunggu_persetujuan", "ditolak", "final"],
    StatusTugas: ["terbuka", "dikerjakan", "selesai", "diverifikasi", "dieskalasi"],
    AksiTugas: ["dikerjakan", "selesai", "diverifikasi", "ditolak", "dieskalasi"],
    StatusNotifikasi: ["tertunda", "terkirim", "gagal"],
    JenisKunjungan: ["pembinaan", "pendampingan"],
    Peran: ["admin", "sekretariat", "kepala_dinas", "pj_mutu", "surveyor"],
}


def test_every_member_is_its_stored_string():
    for enum, values in STORED.items():
        assert [m.value for m in enum] == values
        for member, value in zip(enum, values, strict=True):
            assert member == value and str(member) == value and f"{member}" == value
            assert hash(member) == hash(value) and {value: 1}[member] == 1  # dict keys stay text
    assert json.dumps({StatusSurat.FINAL: StatusSurat.FINAL}) == '{"final": "final"}'


def test_ditolak_is_a_letter_status_and_a_task_action_not_one_thing():
    assert StatusSurat.DITOLAK is not AksiTugas.DITOLAK
    assert "ditolak" not in list(StatusTugas)  # never a resting status of a task
    assert tindak_lanjut.DITOLAK is AksiTugas.DITOLAK


def test_module_names_are_the_enum_members():
    assert (DRAFT, FINAL) == (StatusArtefak.DRAFT, StatusArtefak.FINAL)
    assert (PEMBINAAN, PENDAMPINGAN) == (JenisKunjungan.PEMBINAAN, JenisKunjungan.PENDAMPINGAN)
    assert MENUNGGU is StatusSurat.MENUNGGU_PERSETUJUAN
    assert tindak_lanjut.STATUSES == tuple(StatusTugas)
    assert tindak_lanjut.REQUESTABLE == tuple(AksiTugas)
    assert akses.ROLES == tuple(Peran)
    assert all(isinstance(a, AksiTugas) for nexts in tindak_lanjut.TRANSITIONS.values() for a in nexts)
