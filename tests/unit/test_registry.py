from datetime import date

import pytest

from evidence.catalogue import load_catalogue
from evidence.errors import Conflict, InputError, NotFound
from evidence.records import DINKES, FINAL
from evidence.registry import FileRequest, file_artefact, get_artefact, reconcile, verify
from tests.fakes import FakeRepo, FakeStore, FakeUnitOfWork
from tests.samples import docx_bytes, office, pdf_bytes, puskesmas

MB = 1024 * 1024
CAT = load_catalogue()


@pytest.fixture
def repo():
    return FakeRepo(office(), [puskesmas("PKM-A")])


@pytest.fixture
def uow(repo):
    return FakeUnitOfWork(repo)


@pytest.fixture
def store():
    return FakeStore()


def req(**kw):
    base = dict(data=pdf_bytes(), filename="surat tugas.pdf", item_id="c-d3", pemilik="PKM-A",
                tahun=2026, tanggal=date(2026, 3, 12))
    base.update(kw)
    return FileRequest(**base)


def test_filing_writes_object_and_row_under_the_deterministic_key(repo, uow, store):
    filed = file_artefact(uow, store, CAT, req(), max_bytes=MB)
    assert filed.outcome == "baru"
    key = "99.01/2026/PKM-A/1.7.1/c/c-d3/surat_tugas.pdf"
    assert filed.artefact.kunci == key and key in store.objects
    meta = store.stat(key).metadata
    assert meta["ep"] == "c" and meta["item"] == "c-d3" and meta["type"] == "D"
    assert store.stat(key).sha256 == filed.artefact.sha256


def test_filing_twice_is_idempotent(repo, uow, store):
    file_artefact(uow, store, CAT, req(), max_bytes=MB)
    again = file_artefact(uow, store, CAT, req(), max_bytes=MB)
    assert again.outcome == "sama"
    assert len(repo.artefacts()) == 1 and store.versions(again.artefact.kunci) == ["1"]


def test_same_file_final_upgrades_status(repo, uow, store):
    file_artefact(uow, store, CAT, req(), max_bytes=MB)
    up = file_artefact(uow, store, CAT, req(status=FINAL), max_bytes=MB)
    assert up.outcome == "status" and up.artefact.status == FINAL


def test_different_content_needs_replace_and_keeps_history(repo, uow, store):
    file_artefact(uow, store, CAT, req(), max_bytes=MB)
    with pytest.raises(Conflict, match="--ganti"):
        file_artefact(uow, store, CAT, req(data=pdf_bytes(2)), max_bytes=MB)
    rev = file_artefact(uow, store, CAT, req(data=pdf_bytes(2), replace=True), max_bytes=MB)
    assert rev.outcome == "revisi" and rev.artefact.revisi == 2
    assert len(store.versions(rev.artefact.kunci)) == 2


@pytest.mark.parametrize("kw,error,message", [
    (dict(item_id="zz-9"), NotFound, "zz-9"),
    (dict(pemilik="PKM-X"), NotFound, "PKM-X"),
    (dict(item_id="b-r1"), InputError, "--dinkes"),
    (dict(pemilik=DINKES), InputError, "--puskesmas"),
    (dict(data=b"bukan pdf"), InputError, "bukan PDF"),
    (dict(data=docx_bytes()), InputError, "bukan PDF"),
    (dict(status="disetujui"), InputError, "Status"),
])
def test_bad_input_stores_nothing(repo, uow, store, kw, error, message):
    with pytest.raises(error, match=message):
        file_artefact(uow, store, CAT, req(**kw), max_bytes=MB)
    assert store.objects == {} and repo.artefacts() == []


def test_without_office_nothing_is_filed(store):
    with pytest.raises(InputError, match="import dinkes"):
        file_artefact(FakeUnitOfWork(FakeRepo(None, [puskesmas()])), store, CAT, req(), max_bytes=MB)


def test_get_checks_the_hash(repo, uow, store):
    filed = file_artefact(uow, store, CAT, req(), max_bytes=MB)
    row, data = get_artefact(repo, store, filed.artefact.kunci)
    assert data == pdf_bytes()
    store.objects[row.kunci] = (b"dirusak", store.objects[row.kunci][1])
    with pytest.raises(Conflict, match="sha256"):
        get_artefact(repo, store, row.kunci)
    assert verify(repo, store)[1][0].kunci == row.kunci


def test_reconcile_adopts_orphan_objects_and_drops_rows_without_objects(repo, uow, store):
    a = file_artefact(uow, store, CAT, req(), max_bytes=MB).artefact
    # A crash after the object write and before the row commit:
    store.put("99.01/2026/PKM-A/1.7.1/c/c-d4/laporan.pdf", pdf_bytes(),
              content_type="application/pdf",
              metadata={"type": "D", "status": "final", "tanggal": "2026-04-01",
                        "sumber": "laporan.pdf"})
    store.delete(a.kunci)  # and an object lost behind a row
    report = reconcile(repo, store)
    assert report.objects_without_rows == ["99.01/2026/PKM-A/1.7.1/c/c-d4/laporan.pdf"]
    assert report.rows_without_objects == [a.kunci]
    with uow:
        fixed = reconcile(repo, store, fix=True)
    assert fixed.adopted and fixed.removed_rows == [a.kunci]
    assert reconcile(repo, store).clean
    adopted = repo.artefact_by_key("99.01/2026/PKM-A/1.7.1/c/c-d4/laporan.pdf")
    assert adopted.status == "final" and adopted.ep == "c"


def test_same_bytes_under_another_name_is_the_same_artefact(repo, uow, store):
    first = file_artefact(uow, store, CAT, req(filename="RPK 2026.pdf"), max_bytes=MB)
    again = file_artefact(uow, store, CAT, req(filename="salinan rpk.pdf"), max_bytes=MB)
    assert again.outcome == "sama" and not again.changed
    assert again.artefact is first.artefact and again.artefact.nama_berkas == "RPK_2026.pdf"
    assert len(repo.artefacts()) == 1 and list(store.objects) == [first.artefact.kunci]


def test_same_bytes_under_another_name_as_final_only_changes_the_status(repo, uow, store):
    first = file_artefact(uow, store, CAT, req(filename="a.pdf"), max_bytes=MB)
    up = file_artefact(uow, store, CAT, req(filename="b.pdf", status=FINAL), max_bytes=MB)
    assert up.outcome == "status" and up.artefact is first.artefact and up.artefact.status == FINAL
    assert len(repo.artefacts()) == 1


def test_same_bytes_of_another_year_or_owner_is_a_new_artefact(repo, uow, store):
    file_artefact(uow, store, CAT, req(filename="a.pdf"), max_bytes=MB)
    other = file_artefact(uow, store, CAT, req(filename="b.pdf", tahun=2025), max_bytes=MB)
    assert other.outcome == "baru" and len(repo.artefacts()) == 2


def test_refusal_names_the_file_as_the_user_called_it(repo, uow, store):
    with pytest.raises(InputError) as exc:
        file_artefact(uow, store, CAT, req(filename="RPK (final) 2026.pdf", data=docx_bytes()),
                      max_bytes=MB)
    assert "'RPK (final) 2026.pdf'" in str(exc.value) and "RPK_final_2026" not in str(exc.value)
    assert repo.artefacts() == [] and store.objects == {}
