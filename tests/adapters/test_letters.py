"""The letter register on both databases, with a stand-in renderer (templates are tested apart)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from docx import Document

from evidence.catalogue import load_catalogue
from evidence.errors import InputError
from evidence.letters import (
    NOMOR_DRAF,
    NOMOR_SEMENTARA,
    LetterRequest,
    beri_nomor,
    get_letter,
    issue_letter,
    label,
    sign_letter,
)
from tests.adapters.conftest import new_repo
from tests.fakes import FakeStore
from tests.samples import docx_bytes, pdf_bytes

MB = 1024 * 1024
CAT = load_catalogue()


@dataclass
class Doc:
    data: bytes


class Render:
    def __init__(self, fail: bool = False):
        self.fail, self.calls = fail, []

    def __call__(self, name, context, *, images=None):
        self.calls.append(context["nomor"])
        if self.fail:
            raise RuntimeError("templat rusak")
        return Doc(docx_bytes(f"{name} {context['nomor']}"))


def text_of(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


def req(sumber="kunjungan:PKM-A:2026-03-12", **kw):
    base = dict(templat="surat_tugas_pembinaan", jenis="surat_tugas", sumber=sumber,
                item_id="c-d3", pemilik="PKM-A", tanggal=date(2026, 3, 12),
                perihal="Pembinaan terpadu", tujuan="Tim TPCB", penandatangan="Kepala Dinas")
    base.update(kw)
    return LetterRequest(**base)


TODAY = date(2026, 12, 1)


def number(uow, store, ref, tanggal, render=None, **kw):
    return beri_nomor(uow, store, CAT, render or Render(), ref, tanggal=tanggal, today=TODAY,
                      max_bytes=MB, **kw)


def test_a_draft_holds_no_number(uow, seeded, engine):
    store, render = FakeStore(), Render()
    surat, created = issue_letter(uow, store, CAT, render, req(), max_bytes=MB)
    assert created and surat.nomor is None and surat.urut is None and surat.status == "draft"
    assert render.calls == [NOMOR_DRAF] and label(surat) == f"draf-{surat.id}"
    assert surat.artefak_draf in store.objects
    with new_repo(engine) as other:
        art = other.artefact_by_key(surat.artefak_draf)
        assert art.status == "draft" and art.item_id == "c-d3"
        assert get_letter(other, f"DRAF-{surat.id}").id == surat.id
        assert other.next_urut(2026, "800.1.11.1/#/TPCB/*/2026") == 1  # drafting took no number


def test_same_source_returns_the_same_letter(uow, seeded):
    store, render = FakeStore(), Render()
    first, _ = issue_letter(uow, store, CAT, render, req(), max_bytes=MB)
    again, created = issue_letter(uow, store, CAT, render, req(), max_bytes=MB)
    assert not created and again.id == first.id and len(render.calls) == 1


def test_failed_render_stores_nothing(uow, seeded):
    store = FakeStore()
    with pytest.raises(RuntimeError):
        issue_letter(uow, store, CAT, Render(fail=True), req(), max_bytes=MB)
    assert store.objects == {} and seeded.surat_list() == []


def test_the_number_is_taken_at_signing_in_date_order(uow, seeded):
    store, render = FakeStore(), Render()
    a, _ = issue_letter(uow, store, CAT, render, req("a", tanggal=date(2026, 3, 12)), max_bytes=MB)
    b, _ = issue_letter(uow, store, CAT, render, req("b", tanggal=date(2026, 3, 2)), max_bytes=MB)
    first = number(uow, store, label(a), date(2026, 3, 12), render)
    assert first.nomor == "800.1.11.1/001/TPCB/III/2026" and first.tanggal == date(2026, 3, 12)
    # rendered before the number was taken, with a placeholder; the filed letter has the number
    assert render.calls[-1] == NOMOR_SEMENTARA and first.bernomor_dirender
    assert text_of(store.get(first.artefak_draf)) == f"surat_tugas_pembinaan {first.nomor}"
    draft = seeded.artefact_by_key(first.artefak_draf)
    assert draft.revisi == 2 and draft.nama_berkas.startswith("800.1.11.1-001-TPCB-III-2026")
    assert number(uow, store, first.nomor, date(2026, 3, 20), render).nomor == first.nomor  # kept
    with pytest.raises(InputError, match="lebih awal dari surat terakhir") as err:
        number(uow, store, label(b), date(2026, 3, 2), render)
    assert "800.1.11.1/001/TPCB/III/2026 tanggal 12 Maret 2026" in str(err.value)
    assert "tidak memakai nomor sisipan" in str(err.value)
    assert seeded.surat_by_id(b.id).nomor is None
    second = number(uow, store, label(b), date(2026, 3, 13), render)
    assert second.nomor == "800.1.11.1/002/TPCB/III/2026"  # the refusal consumed no number


@pytest.mark.parametrize("tanggal, message", [
    (date(2026, 12, 2), "belum terjadi"),
    (date(2025, 12, 31), "tahun lain"),
])
def test_a_letter_is_not_dated_in_the_future_or_another_year(uow, seeded, tanggal, message):
    store = FakeStore()
    surat, _ = issue_letter(uow, store, CAT, Render(), req(), max_bytes=MB)
    with pytest.raises(InputError, match=message):
        number(uow, store, label(surat), tanggal)
    assert seeded.surat_by_id(surat.id).nomor is None


def test_a_backdated_letter_gets_a_nomor_sisipan_where_the_office_uses_them(uow, seeded):
    o = seeded.office()
    o.penomoran = {**o.penomoran, "sisipan": True}
    with uow.step():
        seeded.add(o)
    store = FakeStore()
    for sumber, day in (("a", 3), ("b", 10), ("c", 5), ("d", 5)):
        issue_letter(uow, store, CAT, Render(), req(sumber, tanggal=date(2026, 3, day)), max_bytes=MB)
    by = {s.sumber: s for s in seeded.surat_list()}
    assert number(uow, store, label(by["a"]), date(2026, 3, 3)).nomor.startswith("800.1.11.1/001/")
    assert number(uow, store, label(by["b"]), date(2026, 3, 10)).nomor.startswith("800.1.11.1/002/")
    with pytest.raises(InputError, match="minta nomor sisipan"):
        number(uow, store, label(by["c"]), date(2026, 3, 5))
    assert number(uow, store, label(by["c"]), date(2026, 3, 5), sisipan=True).nomor == \
        "800.1.11.1/001a/TPCB/III/2026"
    assert number(uow, store, label(by["d"]), date(2026, 3, 5), sisipan=True).nomor == \
        "800.1.11.1/001b/TPCB/III/2026"
    agenda = [s.nomor for s in sorted(seeded.surat_list(), key=lambda s: (s.tanggal, s.urut, s.sisipan))]
    assert agenda == ["800.1.11.1/001/TPCB/III/2026", "800.1.11.1/001a/TPCB/III/2026",
                      "800.1.11.1/001b/TPCB/III/2026", "800.1.11.1/002/TPCB/III/2026"]


def test_a_held_letter_is_numbered_when_approved(uow, seeded):
    from evidence.persetujuan import approve

    store = FakeStore()
    surat, _ = issue_letter(uow, store, CAT, Render(), req(), max_bytes=MB, hold=True)
    with pytest.raises(InputError, match="menunggu persetujuan"):
        number(uow, store, label(surat), date(2026, 3, 12))
    approved = approve(uow, store, CAT, Render(), label(surat), "kadinkes", tanggal=date(2026, 3, 12),
                       today=TODAY, max_bytes=MB)
    assert approved.status == "draft" and approved.nomor == "800.1.11.1/001/TPCB/III/2026"
    assert "Disetujui oleh kadinkes" in approved.catatan


def test_the_follow_ups_open_when_the_letter_is_numbered(uow, seeded):
    from evidence.tindak_lanjut import tasks_from_pkp

    store = FakeStore()
    tugas = tasks_from_pkp(["Tingkatkan K6"], puskesmas="PKM-A", tahun=2026, nomor_surat="",
                           batas_waktu=date(2026, 4, 10))
    surat, _ = issue_letter(uow, store, CAT, Render(), req(
        "ub", templat="surat_umpan_balik_pkp", jenis="umpan_balik", item_id="g-d2",
        tanggal=date(2026, 3, 12), context={"batas_laporan": date(2026, 4, 10)}, tugas=tuple(tugas)),
        max_bytes=MB)
    assert seeded.tindak_lanjut_list(puskesmas="PKM-A") == []  # not sent yet: nothing to follow up
    numbered = number(uow, store, label(surat), date(2026, 3, 19))  # a week late
    [task] = seeded.tindak_lanjut_list(puskesmas="PKM-A")
    assert task.nomor_surat == numbered.nomor and task.asal == f"pkp:{numbered.nomor}:1"
    assert task.batas_waktu == date(2026, 4, 17) and numbered.konteks["batas_laporan"] == "2026-04-17"
    number(uow, store, numbered.nomor, date(2026, 3, 19))  # again: nothing twice
    assert len(seeded.tindak_lanjut_list(puskesmas="PKM-A")) == 1


def test_sign_attaches_the_signed_pdf_as_final(uow, seeded):
    store = FakeStore()
    surat, _ = issue_letter(uow, store, CAT, Render(), req(), max_bytes=MB)
    with pytest.raises(InputError, match="belum bernomor"):
        sign_letter(uow, store, CAT, label(surat), pdf_bytes(), tanggal=date(2026, 3, 13),
                    max_bytes=MB)
    surat = number(uow, store, label(surat), date(2026, 3, 12))
    with pytest.raises(InputError, match="sebelum tanggal surat"):
        sign_letter(uow, store, CAT, surat.nomor, pdf_bytes(), tanggal=date(2026, 3, 11),
                    max_bytes=MB)
    with pytest.raises(InputError, match="terkunci"):
        sign_letter(uow, store, CAT, surat.nomor, pdf_bytes(password="x"),
                    tanggal=date(2026, 3, 13), max_bytes=MB)
    assert seeded.surat(surat.nomor).status == "draft"
    signed = sign_letter(uow, store, CAT, surat.nomor, pdf_bytes(2), tanggal=date(2026, 3, 13),
                         max_bytes=MB)
    assert signed.status == "final" and signed.artefak_final.endswith("_ttd.pdf")
    final = seeded.artefact_by_key(signed.artefak_final)
    assert final.status == "final" and final.content_type == "application/pdf"
    again = sign_letter(uow, store, CAT, surat.nomor, pdf_bytes(2), tanggal=date(2026, 3, 13),
                        max_bytes=MB)
    assert again.artefak_final == signed.artefak_final
    assert len([a for a in seeded.artefacts() if a.status == "final"]) == 1
