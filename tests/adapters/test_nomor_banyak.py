"""Numbering a day's drafts at once: one transaction for the numbers, rendering on every core."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from doc_templates.errors import ContextInvalid, TemplateError
from doc_templates.paralel import render_banyak
from doc_templates.samples import sample_context
from evidence.errors import InputError, NotFound
from evidence.letters import beri_nomor, get_letter, issue_letter
from evidence.nomor_banyak import beri_nomor_banyak
from tests.adapters.test_letters import CAT, MB, TODAY, Render, req
from tests.fakes import FakeStore


def render_many(jobs):
    render = Render()
    return [render(name, ctx).data for name, ctx, _ in jobs]


def drafts(uow, store, n, prefix="kunjungan:PKM-A"):
    return [issue_letter(uow, store, CAT, Render(), req(sumber=f"{prefix}:{i}"),
                         max_bytes=MB)[0] for i in range(n)]


def test_a_days_drafts_get_consecutive_numbers_in_the_order_given(uow, seeded):
    store = FakeStore()
    letters = drafts(uow, store, 4)
    refs = [f"draf-{s.id}" for s in reversed(letters)]
    done = beri_nomor_banyak(uow, store, CAT, render_many, refs, tanggal=date(2026, 3, 14),
                             today=TODAY, max_bytes=MB)
    assert [s.nomor for s in done] == [f"800.1.11.1/{n:03d}/TPCB/III/2026" for n in (1, 2, 3, 4)]
    assert [s.id for s in done] == [s.id for s in reversed(letters)]
    for surat in done:
        assert surat.bernomor_dirender and surat.tanggal == date(2026, 3, 14)
        assert surat.nomor in Document(io.BytesIO(store.get(surat.artefak_draf))).paragraphs[0].text
    again = beri_nomor_banyak(uow, store, CAT, render_many, refs + refs[:1],
                              tanggal=date(2026, 3, 20), today=TODAY, max_bytes=MB)
    assert [s.nomor for s in again] == [s.nomor for s in done]  # idempotent, no new number
    assert seeded.next_urut(2026, done[0].seri) == 5


@pytest.mark.parametrize("bad,message", [
    ("draf-999", "tidak ada di register"),
    ("future", "belum terjadi"),
    ("backdated", "lebih awal dari surat terakhir"),
])
def test_one_refused_letter_numbers_none(uow, seeded, bad, message):
    store = FakeStore()
    first = drafts(uow, store, 1)[0]
    beri_nomor(uow, store, CAT, Render(), f"draf-{first.id}", tanggal=date(2026, 3, 14),
               today=TODAY, max_bytes=MB)
    letters = drafts(uow, store, 3, prefix="kunjungan:PKM-B")
    refs = [f"draf-{s.id}" for s in letters]
    tanggal, today = date(2026, 3, 16), TODAY
    if bad == "draf-999":
        refs.append(bad)
    elif bad == "future":
        today = date(2026, 3, 15)
    else:
        tanggal = date(2026, 3, 10)
    with pytest.raises((InputError, NotFound), match=message):
        beri_nomor_banyak(uow, store, CAT, render_many, refs, tanggal=tanggal, today=today,
                          max_bytes=MB)
    assert all(get_letter(seeded, r).nomor is None for r in refs if r != "draf-999")
    assert seeded.next_urut(2026, "800.1.11.1/#/TPCB/*/2026") == 2  # nothing was taken


@pytest.mark.slow
def test_letters_render_on_two_workers_in_order_and_errors_keep_their_message():
    ctx = sample_context("surat_tugas_pembinaan")
    jobs = [("surat_tugas_pembinaan", {**ctx, "nomor": f"800/{i:03d}"}, {}) for i in range(10)]
    out = render_banyak(jobs, workers=2, min_parallel=2)
    texts = ["\n".join(p.text for p in Document(io.BytesIO(d)).paragraphs) for d in out]
    assert all(f"800/{i:03d}" in t for i, t in enumerate(texts))
    broken = jobs[:9] + [("surat_tugas_pembinaan", {"nomor": "x"}, {})]
    with pytest.raises(TemplateError, match="Konteks templat 'surat_tugas_pembinaan' tidak sah") as err:
        render_banyak(broken, workers=2, min_parallel=2)
    assert not isinstance(err.value, ContextInvalid) or err.value.problems
