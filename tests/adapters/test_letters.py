"""The letter register on both databases, with a stand-in renderer (templates are tested apart)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from evidence import master
from evidence.catalogue import load_catalogue
from evidence.errors import InputError
from evidence.letters import LetterRequest, issue_letter, sign_letter
from tests.adapters.conftest import new_repo
from tests.fakes import FakeStore
from tests.samples import docx_bytes, office, pdf_bytes, puskesmas

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


def req(sumber="kunjungan:PKM-A:2026-03-12", **kw):
    base = dict(templat="surat_tugas_pembinaan", jenis="surat_tugas", sumber=sumber,
                item_id="c-d3", pemilik="PKM-A", tanggal=date(2026, 3, 12),
                perihal="Pembinaan terpadu", tujuan="Tim TPCB", penandatangan="Kepala Dinas")
    base.update(kw)
    return LetterRequest(**base)


@pytest.fixture
def seeded(repo):
    o = office()
    o.penomoran = {"pola": "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}", "unit": "TPCB",
                   "kode": {"surat_tugas": "800.1.11.1"}}
    master.save_office(repo, o)
    master.save_puskesmas(repo, [puskesmas("PKM-A"), puskesmas("PKM-B")])
    return repo


def test_issue_numbers_renders_and_files_a_draft(seeded, engine):
    store, render = FakeStore(), Render()
    surat, created = issue_letter(seeded, store, CAT, render, req(), max_bytes=MB)
    assert created and surat.nomor == "800.1.11.1/001/TPCB/III/2026" and surat.status == "draft"
    assert surat.artefak_draf in store.objects
    with new_repo(engine) as other:
        art = other.artefact_by_key(surat.artefak_draf)
        assert art.status == "draft" and art.item_id == "c-d3"


def test_same_source_returns_the_same_number(seeded):
    store, render = FakeStore(), Render()
    first, _ = issue_letter(seeded, store, CAT, render, req(), max_bytes=MB)
    again, created = issue_letter(seeded, store, CAT, render, req(), max_bytes=MB)
    assert not created and again.nomor == first.nomor and len(render.calls) == 1
    other, _ = issue_letter(seeded, store, CAT, render, req("kunjungan:PKM-B", pemilik="PKM-B"),
                            max_bytes=MB)
    assert other.nomor == "800.1.11.1/002/TPCB/III/2026"


def test_failed_render_consumes_no_number(seeded):
    store = FakeStore()
    with pytest.raises(RuntimeError):
        issue_letter(seeded, store, CAT, Render(fail=True), req(), max_bytes=MB)
    assert store.objects == {} and seeded.surat_list() == []
    surat, _ = issue_letter(seeded, store, CAT, Render(), req(), max_bytes=MB)
    assert surat.urut == 1


def test_sign_attaches_the_signed_pdf_as_final(seeded):
    store = FakeStore()
    surat, _ = issue_letter(seeded, store, CAT, Render(), req(), max_bytes=MB)
    with pytest.raises(InputError, match="terkunci"):
        sign_letter(seeded, store, CAT, surat.nomor, pdf_bytes(password="x"),
                    tanggal=date(2026, 3, 13), max_bytes=MB)
    assert seeded.surat(surat.nomor).status == "draft"
    signed = sign_letter(seeded, store, CAT, surat.nomor, pdf_bytes(2), tanggal=date(2026, 3, 13),
                         max_bytes=MB)
    assert signed.status == "final" and signed.artefak_final.endswith("_ttd.pdf")
    final = seeded.artefact_by_key(signed.artefak_final)
    assert final.status == "final" and final.content_type == "application/pdf"
    again = sign_letter(seeded, store, CAT, surat.nomor, pdf_bytes(2), tanggal=date(2026, 3, 13),
                        max_bytes=MB)
    assert again.artefak_final == signed.artefak_final
    assert len([a for a in seeded.artefacts() if a.status == "final"]) == 1
