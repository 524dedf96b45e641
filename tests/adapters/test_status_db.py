"""Enum members reach the database as their value (psycopg would write an Enum's *name*)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from evidence import master_save
from evidence.records.siklus import Kunjungan, Notifikasi, TindakLanjut
from evidence.status import JenisKunjungan, StatusNotifikasi, StatusTugas
from tests.samples import office, puskesmas


def test_statuses_are_stored_as_their_text(engine, uow):
    repo = uow.repo
    with uow.step():
        master_save.save_office(repo, office())
        master_save.save_puskesmas(repo, [puskesmas("PKM-A")])
        task = TindakLanjut(asal="uji:1", tahun=2026, puskesmas="PKM-A", sumber="pembinaan", ep="h",
                            masalah="uji", batas_waktu=date(2026, 3, 1), status=StatusTugas.DIESKALASI)
        repo.add(task)
        repo.add(Kunjungan(tahun=2026, puskesmas="PKM-A", jenis=JenisKunjungan.PENDAMPINGAN,
                           tanggal=date(2026, 1, 12)))
    with uow.step():
        repo.add(Notifikasi(tindak_lanjut_id=task.id, tanggal=date(2026, 3, 1), jenis="h0",
                            penerima="a@b.example", subjek="s", isi="i"))  # the default status
    with engine.connect() as conn:
        assert conn.execute(text("select status from tindak_lanjut")).scalar_one() == "dieskalasi"
        assert conn.execute(text("select jenis from kunjungan")).scalar_one() == "pendampingan"
        assert conn.execute(text("select status from notifikasi")).scalar_one() == "tertunda"
    assert repo.tindak_lanjut_list(status=StatusTugas.DIESKALASI) == [task]
    assert len(repo.notifikasi_list(status=StatusNotifikasi.TERTUNDA)) == 1
