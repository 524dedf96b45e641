"""The SQL adapter on SQLite and on the machine's PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import inspect

from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.completeness import evaluate
from evidence.errors import Conflict
from evidence.records import Artefact
from evidence.registry import FileRequest, file_artefact
from storage.db.migrate import current_revision, head_revision, upgrade
from tests.adapters.conftest import new_repo, new_uow
from tests.fakes import FakeStore
from tests.samples import anggota, office, pdf_bytes, puskesmas

MB = 1024 * 1024


def test_migrations_create_the_schema_and_are_repeatable(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"dinkes", "puskesmas", "anggota_tim", "artefak", "alembic_version", "surat",
            "nomor_urut", "kunjungan", "tindak_lanjut", "notifikasi", "penilaian_kinerja"} <= tables
    upgrade(engine)  # a second `tpcb init` changes nothing
    assert current_revision(engine) == head_revision(engine)


def test_master_data_round_trip(engine, uow, repo):
    with uow.step():
        master_save.save_office(repo, office())
        master_save.save_puskesmas(repo, [puskesmas("PKM-A"), puskesmas("PKM-B")])
        master_save.replace_tim(repo, [anggota(["PKM-A", "PKM-B"])])
    with uow.step():
        added, updated = master_save.save_puskesmas(repo, [puskesmas("PKM-A", nama="Puskesmas Baru")])
    assert (added, updated) == (0, 1)
    with new_repo(engine) as other:
        assert other.office().kode_wilayah == "99.01"
        assert other.puskesmas("PKM-A").nama == "Puskesmas Baru"
        assert other.tim()[0].puskesmas_binaan == ["PKM-A", "PKM-B"]
    with uow.step():
        master_save.replace_tim(repo, [anggota(["PKM-B"], nip="3" * 18)])
    with new_repo(engine) as other:
        assert [m.nip for m in other.tim()] == ["3" * 18]


def test_natural_key_is_unique_in_the_database(engine, uow, repo):
    master_save.save_office(repo, office())
    row = dict(tahun=2026, pemilik="PKM-A", ep="c", item_id="c-d1", jenis="D", sumber="sa.pdf",
               nama_berkas="sa.pdf", tanggal=date(2026, 1, 1), sha256="0", ukuran=1,
               content_type="application/pdf")
    with uow.step():
        repo.add(Artefact(kunci="k1", **row))
    with pytest.raises(Conflict), uow.step():
        repo.add(Artefact(kunci="k2", **row))
    assert len(repo.artefacts()) == 1


def test_filing_and_completeness_on_the_database(engine, uow, repo):
    master_save.save_office(repo, office())
    master_save.save_puskesmas(repo, [puskesmas("PKM-A")])
    store, cat = FakeStore(), load_catalogue()
    req = FileRequest(data=pdf_bytes(), filename="sa.pdf", item_id="c-d1", pemilik="PKM-A",
                      tahun=2026, tanggal=date(2026, 2, 1), status="final")
    assert file_artefact(uow, store, cat, req, max_bytes=MB).outcome == "baru"
    with new_uow(engine) as other:
        assert file_artefact(other, store, cat, req, max_bytes=MB).outcome == "sama"
        [result] = evaluate(other.repo, cat, 2026, kode="PKM-A")
    c = next(e for e in result.elements if e.code == "c")
    assert {s.item.id: s.status for s in c.items}["c-d1"] == "ada"
