"""The rules of PDF renditions and the use case, against fakes (no LibreOffice)."""

from __future__ import annotations

from datetime import date

import pytest

from evidence import rendisi
from evidence.catalogue import load_catalogue
from evidence.content import DOCX, XLSX
from evidence.errors import NotFound
from evidence.records import Artefact
from evidence.registry import FileRequest, file_artefact
from tests.fakes import FakeRepo, FakeStore, FakeUnitOfWork
from tests.samples import docx_bytes, office, pdf_bytes, puskesmas

CAT = load_catalogue()
MB = 1024 * 1024


def art(**kw) -> Artefact:
    base = dict(kunci="99.01/2026/PKM-A/1.7.1/c/c-d1/a.docx", tahun=2026, pemilik="PKM-A", ep="c",
                item_id="c-d1", jenis="D", sumber="a", nama_berkas="a.docx", status="final",
                tanggal=date(2026, 3, 1), sha256="ab" * 32, ukuran=10, content_type=DOCX.content_type)
    base.update(kw)
    return Artefact(**base)


def test_a_rendition_is_valid_only_for_the_bytes_it_was_made_from():
    a = art()
    assert rendisi.perlu(a) and not rendisi.sah(a)
    a.pdf_kunci, a.pdf_sha256, a.pdf_sumber = rendisi.kunci(a, "cd" * 32), "cd" * 32, a.sha256
    assert rendisi.sah(a) and not rendisi.perlu(a)
    a.sha256 = "ef" * 32  # a new revision
    assert not rendisi.sah(a) and rendisi.perlu(a)


def test_which_artefacts_need_one():
    assert rendisi.perlu(art(content_type=XLSX.content_type))
    assert rendisi.perlu(art(content_type="image/png")) and rendisi.perlu(art(content_type="text/csv"))
    assert not rendisi.perlu(art(content_type="application/pdf"))
    assert not rendisi.perlu(art(status="draft")) and rendisi.perlu(art(status="draft"), draf=True)


def test_keys_are_content_addressed_and_never_artefact_keys():
    a = art()
    key = rendisi.kunci(a, "cd" * 32)
    assert key == f"99.01/2026/PKM-A/1.7.1/c/c-d1/rendisi/{'cd' * 32}/a.docx.pdf"
    assert rendisi.adalah_kunci(key) and not rendisi.adalah_kunci(a.kunci)
    assert not rendisi.adalah_kunci("bundel/abc/rendisi/x.pdf")
    assert not rendisi.adalah_kunci("99.01/2026/PKM-A/1.7.1/c/c-d1/rendisi/bukan-sha/a.pdf")
    # the same bytes under two names in one item: two renditions, never shared
    assert rendisi.kunci(art(kunci="99.01/2026/PKM-A/1.7.1/c/c-d1/b.docx"), "cd" * 32) != key


def test_plan_lists_missing_and_stale_and_counts_valid():
    ok = art(kunci="k/ok.docx", pdf_kunci="x", pdf_sha256="y", pdf_sumber="ab" * 32)
    stale = art(kunci="k/signed.pdf", content_type="application/pdf", pdf_kunci="z",
                pdf_sha256="y", pdf_sumber="0")
    plan = rendisi.rencana([art(kunci="k/b.docx"), ok, stale, art(kunci="k/a.docx")])
    assert (plan.perlu, plan.sudah_ada, plan.bersihkan) == (["k/a.docx", "k/b.docx"], 1, ["k/signed.pdf"])


@pytest.fixture
def setup():
    repo = FakeRepo(office(), [puskesmas("PKM-A")])
    uow, store = FakeUnitOfWork(repo), FakeStore()
    keys = []
    for n, item in enumerate(("c-d1", "e-r1", "h-d1")):
        keys.append(file_artefact(uow, store, CAT, FileRequest(
            data=docx_bytes(f"Bukti {n}"), filename=f"b{n}.docx", item_id=item, pemilik="PKM-A",
            tahun=2026, tanggal=date(2026, 3, 1), status="final"), max_bytes=MB).artefact.kunci)
    return repo, uow, store, keys


class Converter:
    def __init__(self, fail: dict[str, str] | None = None):
        self.calls: list[list[str]] = []
        self.fail = fail or {}

    def __call__(self, sumber):
        self.calls.append([s.nama for s in sumber])
        return ({s.nama: pdf_bytes() for s in sumber if s.nama not in self.fail},
                {n: why for n, why in self.fail.items() if n in [s.nama for s in sumber]})


def test_one_converter_call_per_batch_and_idempotent(setup):
    repo, uow, store, keys = setup
    conv = Converter()
    seen: list[int] = []
    hasil = rendisi.buat_rendisi(uow, store, conv, keys, ukuran_batch=2, kemajuan=seen.append)
    assert conv.calls == [keys[:2], keys[2:]] and seen == [2, 1]
    assert hasil.dibuat == keys and hasil.gagal == {}
    for k in keys:
        a = repo.artefact_by_key(k)
        assert rendisi.sah(a) and store.get(a.pdf_kunci) == pdf_bytes()
    again = rendisi.buat_rendisi(uow, store, conv, keys)
    assert len(conv.calls) == 2 and (again.dibuat, again.sudah_ada) == ([], 3)


def test_failures_are_reported_with_their_reason_and_others_are_kept(setup):
    repo, uow, store, keys = setup
    store.delete(keys[1])
    hasil = rendisi.buat_rendisi(uow, store, Converter({keys[2]: "rusak"}), keys)
    assert hasil.dibuat == [keys[0]]
    assert hasil.gagal == {keys[1]: rendisi.SUMBER_HILANG, keys[2]: "rusak"}
    assert repo.artefact_by_key(keys[2]).pdf_kunci is None


def test_plan_for_an_unknown_puskesmas_is_refused(setup):
    repo, *_ = setup
    with pytest.raises(NotFound):
        rendisi.rencana_untuk(repo, puskesmas="PKM-X")
    assert len(rendisi.rencana_untuk(repo, puskesmas="PKM-A").perlu) == 3


class _SpyRepo:
    def __init__(self):
        self.asked: list[dict] = []

    def puskesmas(self, kode):
        return object() if kode.startswith("PKM-") else None

    def artefacts(self, **kw):
        self.asked.append(kw)
        return []


@pytest.mark.parametrize("puskesmas, dinkes, pemilik", [
    ("PKM-A", True, ["PKM-A", rendisi.DINKES]),
    (["PKM-A", "PKM-B"], True, ["PKM-A", "PKM-B", rendisi.DINKES]),
    (["PKM-B"], False, ["PKM-B"]),  # part 2/n of a sharded cycle leaves Dinkes files to part 1
])
def test_plan_for_some_puskesmas_takes_their_owners(puskesmas, dinkes, pemilik):
    repo = _SpyRepo()
    rendisi.rencana_untuk(repo, puskesmas=puskesmas, dengan_dinkes=dinkes)  # type: ignore[arg-type]
    assert repo.asked == [{"pemilik_in": pemilik, "tahun": None}]


def test_only_the_first_part_of_a_sharded_run_takes_dinkes_files():
    from flows._shard import bagian_ke
    assert [bagian_ke(p) for p in (None, "PKM-A", "PKM-A,PKM-B", "1/2", " 2 / 3")] == [None, None, None, 1, 2]
