"""Letters numbered by several writers at once (issue 15): 8 threads x 5 letters on SQLite and
PostgreSQL give 40 distinct numbers without a gap and no error; writers racing for the same
letters number each once; a letter whose template fails takes no number."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from docx import Document
from sqlmodel import select

from doc_templates import render
from doc_templates.samples import sample_context, sample_images
from evidence.catalogue import load_catalogue
from evidence.letters import LetterRequest, beri_nomor, issue_letter, label
from evidence.records import Surat
from tests.adapters.conftest import new_repo, new_uow
from tests.fakes import FakeStore

NAME = "surat_tugas_pembinaan"
WRITERS, PER_WRITER = 8, 5
MB = 1024 * 1024
CAT = load_catalogue()
TANGGAL, TODAY = date(2026, 3, 2), date(2026, 12, 1)


def _render(name, context, *, images=None):
    return render(name, context, images=images)


def drafts(engine, store, n: int) -> list[str]:
    ctx = sample_context(NAME)
    ctx.pop("nomor")
    refs = []
    for i in range(n):
        with new_uow(engine) as uow:
            surat, _ = issue_letter(uow, store, CAT, _render, LetterRequest(
                templat=NAME, jenis="surat_tugas", sumber=f"serentak:{i}", item_id="c-d3",
                pemilik="PKM-A", tanggal=TANGGAL, perihal="Pembinaan", tujuan="TPCB",
                penandatangan="Kepala Dinas", context=ctx, images=sample_images()), max_bytes=MB)
        refs.append(label(surat))
    return refs


def number_all(engine, store, shares: list[list[str]]) -> list[BaseException]:
    """One thread per share, each numbering its letters in its own units of work."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(shares))

    def writer(refs: list[str]) -> None:
        start.wait()
        for ref in refs:
            try:
                with new_uow(engine) as uow:
                    beri_nomor(uow, store, CAT, _render, ref, tanggal=TANGGAL, today=TODAY,
                               max_bytes=MB)
            except BaseException as exc:  # every error is a failure of the test
                errors.append(exc)

    threads = [threading.Thread(target=writer, args=(refs,)) for refs in shares]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return errors


def register(engine) -> list[Surat]:
    with new_repo(engine) as repo:
        return list(repo.session.exec(select(Surat)))


def nomor_in(store: FakeStore, surat: Surat) -> bool:
    assert surat.artefak_draf is not None and surat.nomor is not None
    text = "\n".join(p.text for p in Document(io.BytesIO(store.get(surat.artefak_draf))).paragraphs)
    return surat.nomor in text and "@@" not in text


def test_eight_writers_get_forty_distinct_gapless_numbers(engine, seeded):
    store = FakeStore()
    refs = drafts(engine, store, WRITERS * PER_WRITER)
    assert number_all(engine, store, [refs[i::WRITERS] for i in range(WRITERS)]) == []
    letters = register(engine)
    assert sorted(s.urut for s in letters) == list(range(1, WRITERS * PER_WRITER + 1))
    assert len({s.nomor for s in letters}) == WRITERS * PER_WRITER
    assert all(s.bernomor_dirender and nomor_in(store, s) for s in letters)


def test_writers_racing_for_the_same_letters_number_each_once(engine, seeded):
    store = FakeStore()
    refs = drafts(engine, store, PER_WRITER)
    assert number_all(engine, store, [refs] * WRITERS) == []  # everyone asks for every letter
    letters = register(engine)
    assert sorted(s.urut for s in letters) == list(range(1, PER_WRITER + 1))  # none lost
    assert all(s.bernomor_dirender and nomor_in(store, s) for s in letters)
    with new_repo(engine) as repo:
        assert repo.next_urut(2026, letters[0].seri) == PER_WRITER + 1  # nothing taken twice


def test_a_letter_whose_template_fails_takes_no_number(engine, seeded):
    store = FakeStore()
    [ref] = drafts(engine, store, 1)

    def broken(name, context, *, images=None):
        raise RuntimeError("templat rusak")

    with pytest.raises(RuntimeError), new_uow(engine) as uow:
        beri_nomor(uow, store, CAT, broken, ref, tanggal=TANGGAL, today=TODAY, max_bytes=MB)
    [surat] = register(engine)
    assert surat.nomor is None and surat.urut is None
    with new_repo(engine) as repo:
        assert repo.next_urut(2026, "800.1.11.1/#/TPCB/*/2026") == 1


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the whole-database write lock is SQLite's
def test_a_write_lock_held_too_long_is_told_as_busy_and_takes_no_number(engine, seeded,
                                                                        monkeypatch, db_url):
    """SQLite: the number waits for the write lock a bounded time, then a typed error."""
    import sqlite3

    from evidence.errors import DatabaseUnavailable
    from storage.db import repository

    store = FakeStore()
    [ref] = drafts(engine, store, 1)
    monkeypatch.setattr(repository, "NOMOR_LOCK_WAIT_S", 0.2)
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        with pytest.raises(DatabaseUnavailable) as err, new_uow(engine) as uow:
            beri_nomor(uow, store, CAT, _render, ref, tanggal=TANGGAL, today=TODAY, max_bytes=MB)
        assert err.value.sebab == "sibuk" and "Tidak ada nomor yang diambil" in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    [surat] = register(engine)
    assert surat.nomor is None
    with new_uow(engine) as uow:  # free again: numbered, as number 1
        assert beri_nomor(uow, store, CAT, _render, ref, tanggal=TANGGAL, today=TODAY,
                          max_bytes=MB).urut == 1
