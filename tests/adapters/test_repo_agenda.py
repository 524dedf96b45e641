"""The buku agenda query (storage.db.repo_agenda) on SQLite and on PostgreSQL: order, month,
case-insensitive search with LIKE characters taken literally, scope, paging and the count."""

from __future__ import annotations

from datetime import date

import pytest

from evidence.agenda import SaringAgenda
from evidence.records import Surat

ROWS = [  # (nomor, urut, tanggal, pemilik, perihal, jenis)
    ("800/002/TPCB/III/2026", 2, date(2026, 3, 9), "PKM-A", "Pembinaan 100% terpadu", "surat_tugas"),
    ("800/001/TPCB/II/2026", 1, date(2026, 2, 4), "PKM-B", "Pembinaan di Puskesmas B", "surat_tugas"),
    ("800/002a/TPCB/III/2026", 2, date(2026, 3, 9), "PKM-A", "Sisipan", "surat_tugas"),
    (None, None, date(2026, 1, 5), "PKM-A", "Draf umpan_balik", "umpan_balik"),
    ("400/001/TPCB/III/2026", 1, date(2026, 3, 1), "DINKES", "SK Tim", "sk"),
]


@pytest.fixture
def rows(uow):
    with uow.step():
        for n, (nomor, urut, day, pemilik, perihal, jenis) in enumerate(ROWS):
            uow.repo.add(Surat(nomor=nomor, tahun=2026, jenis=jenis, urut=urut,
                               sisipan="a" if nomor and "a/" in nomor else "", seri=jenis,
                               tanggal=day, templat="t", sumber=f"s{n}", perihal=perihal, tujuan="x",
                               penandatangan="y", pemilik=pemilik, item_id="c-d1"))
    return uow.repo


def refs(got) -> list[str | None]:
    return [s.nomor for s in got[0]]


def test_agenda_order_and_count(rows):
    got = rows.surat_agenda(SaringAgenda())
    assert refs(got) == ["800/001/TPCB/II/2026", "400/001/TPCB/III/2026", "800/002/TPCB/III/2026",
                         "800/002a/TPCB/III/2026", None]
    assert got[1] == 5


def test_filters_search_scope_and_paging(rows):
    assert refs(rows.surat_agenda(SaringAgenda(bulan=2))) == ["800/001/TPCB/II/2026"]
    assert len(rows.surat_agenda(SaringAgenda(bulan=3))[0]) == 3
    assert refs(rows.surat_agenda(SaringAgenda(teks="002A"))) == ["800/002a/TPCB/III/2026"]
    assert refs(rows.surat_agenda(SaringAgenda(teks="100%"))) == ["800/002/TPCB/III/2026"]
    assert refs(rows.surat_agenda(SaringAgenda(teks="2%"))) == []  # % is a character, not a wildcard
    assert refs(rows.surat_agenda(SaringAgenda(teks="n_b"))) == [None]  # _ too ("umpan_balik")
    assert refs(rows.surat_agenda(SaringAgenda(teks="zzz", teks_pemilik=("PKM-B",)))) == [
        "800/001/TPCB/II/2026"]
    scoped = rows.surat_agenda(SaringAgenda(pemilik_in=("PKM-A",)))
    assert {s.pemilik for s in scoped[0]} == {"PKM-A"} and scoped[1] == 3
    assert rows.surat_agenda(SaringAgenda(pemilik_in=()))[1] == 0
    page, total = rows.surat_agenda(SaringAgenda(), offset=3, limit=2)
    assert [s.nomor for s in page] == ["800/002a/TPCB/III/2026", None] and total == 5
    assert refs(rows.surat_agenda(SaringAgenda(jenis="sk", status="draft", tahun=2026))) == [
        "400/001/TPCB/III/2026"]


def test_artefacts_by_keys(uow):
    assert uow.repo.artefacts_by_keys([]) == []
    assert uow.repo.artefacts_by_keys(["tidak/ada"]) == []  # found ones: tests/web/test_agenda.py
