"""Concurrent uploads of one evidence item: each becomes its own revision, none is lost.

Eight threads (as eight web requests or processes would) file different bytes for the same
Puskesmas, EP and item under the same file name at once, each on its own unit of work, on SQLite
and on PostgreSQL. Before the item was locked, two filings could both read revision N and both
store N + 1: one upload answered success and was gone.
"""

from __future__ import annotations

import threading
from datetime import date

from evidence.catalogue import load_catalogue
from evidence.records import FINAL
from evidence.registry import FileRequest, file_artefact, get_artefact, sha256
from storage.objects.local import LocalObjectStore
from tests.adapters.conftest import new_repo, new_uow
from tests.samples import pdf_bytes

THREADS = 8
MB = 1024 * 1024


def test_unggahan_serentak_butir_sama_tidak_hilang(seeded, engine, tmp_path):
    store = LocalObjectStore(tmp_path / "objects")
    cat = load_catalogue()
    item = next(i for i in cat.items() if i.type == "D" and i.scope == "puskesmas")
    blobs = [pdf_bytes(pages=n + 1) for n in range(THREADS)]
    assert len({sha256(b) for b in blobs}) == THREADS
    start = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def upload(n: int) -> None:
        req = FileRequest(data=blobs[n], filename="bukti.pdf", item_id=item.id, pemilik="PKM-A",
                          tahun=2026, tanggal=date(2026, 3, 2), status=FINAL, replace=True)
        start.wait(timeout=30)
        try:
            with new_uow(engine) as uow:
                results[n] = file_artefact(uow, store, cat, req, max_bytes=25 * MB)
        except Exception as exc:  # reported below with the others
            results[n] = exc

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [r for r in results if not hasattr(r, "artefact")], results
    assert sorted(r.artefact.revisi for r in results) == list(range(1, THREADS + 1))
    assert sorted(r.outcome for r in results) == ["baru"] + ["revisi"] * (THREADS - 1)
    assert {r.artefact.sha256 for r in results} == {sha256(b) for b in blobs}
    last = max(results, key=lambda r: r.artefact.revisi).artefact
    with new_repo(engine) as repo:
        rows = repo.artefacts(pemilik="PKM-A", item_id=item.id)
        assert [(r.revisi, r.sha256) for r in rows] == [(THREADS, last.sha256)]
        row, data = get_artefact(repo, store, rows[0].kunci)  # the object is the newest revision
    assert sha256(data) == row.sha256 == last.sha256
