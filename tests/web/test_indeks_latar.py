"""The web service's search index written in the background (TPCB_INDEKS_LATAR): an upload is
found once the worker has written it, from the bytes the filing had in hand (no read-back from
the store), a newer revision replaces the older text, and a failing index never fails an upload."""

from __future__ import annotations

import logging
import shutil

import pytest
from fastapi.testclient import TestClient

from storage.objects.ingat import IngatTulis
from storage.objects.local import LocalObjectStore
from tests.web import state as st
from tests.web.conftest import SECRET, Web
from tpcb.demo_files import text_pdf
from tpcb.services import indeks_latar
from tpcb.settings_web import WebSettings
from tpcb.web import create_app
from tpcb.wiring import indeks_teks


@pytest.fixture
def web_latar(built, tmp_path):
    """A private copy of the kabupaten behind the web app as `tpcb serve` runs it: index in the
    background."""
    home = tmp_path / "home"
    shutil.copytree(built.home, home)
    api = create_app(st.app_for(home, indeks_latar=True), WebSettings(secret_key=SECRET, cookie_secure=False))
    yield Web(TestClient(api, raise_server_exceptions=False), built, home, api)
    indeks_latar.PENGINDEKS.tunggu(30)  # nothing of this test written into the next one's


def _unggah(web, item: str, kalimat: str, nama: str):
    r = web.client.post("/api/artefact", headers=web.token("pj_mutu"), data={
        "puskesmas": st.DALAM, "item": item, "ganti": "true", "tanggal": f"{st.YEAR}-03-02"},
        files={"file": (nama, text_pdf([kalimat], "Notulen"), "application/pdf")})
    assert r.status_code in (200, 201), r.text
    return r.json()["artefak"]


def _cari(web, q: str) -> list[dict]:
    r = web.client.get("/api/cari", params={"q": q}, headers=web.token("sekretariat"))
    assert r.status_code == 200, r.text
    return r.json()["hasil"]


def test_the_web_app_indexes_in_the_background_instead_of_after_each_commit(web_latar):
    listeners = web_latar.app.pendengar_arsip
    assert indeks_latar.sesudah_arsip in listeners and indeks_teks not in listeners
    assert st.app_for(web_latar.home).pendengar_arsip == [indeks_teks]  # CLI, flows, tests: at once


def test_upload_is_found_once_the_worker_wrote_it_from_the_bytes_in_hand(web_latar, monkeypatch):
    store = web_latar.app.store
    assert isinstance(store, IngatTulis)

    def no_read_back(key):
        raise AssertionError(f"indeks membaca ulang {key} dari penyimpanan")

    monkeypatch.setattr(store.inner, "get", no_read_back)
    art = _unggah(web_latar, "h-d1", "rapat koordinasi kelurahan siaga zamrud", "notulen zamrud.pdf")
    assert indeks_latar.PENGINDEKS.tunggu(30)
    found = [x for x in _cari(web_latar, "zamrud") if x["kunci"] == art["kunci"]]
    assert len(found) == 1


def test_a_new_revision_replaces_the_text_of_the_old_one(web_latar):
    _unggah(web_latar, "h-d1", "kata lama kalimantan", "notulen revisi.pdf")
    assert indeks_latar.PENGINDEKS.tunggu(30)
    art = _unggah(web_latar, "h-d1", "kata baru sulawesi", "notulen revisi.pdf")
    assert indeks_latar.PENGINDEKS.tunggu(30)
    assert [x["kunci"] for x in _cari(web_latar, "sulawesi")] == [art["kunci"]]
    assert not [x for x in _cari(web_latar, "kalimantan") if x["kunci"] == art["kunci"]]


def test_a_failing_index_never_fails_the_upload_and_the_rebuild_repairs_it(web_latar, monkeypatch,
                                                                           caplog):
    def broken(app, row):
        raise RuntimeError("ekstraksi rusak")

    monkeypatch.setattr(indeks_latar, "teks_revisi", broken)
    with caplog.at_level(logging.WARNING, logger="tpcb.services.indeks_latar"):
        art = _unggah(web_latar, "h-d2", "bukti nusantara berlian", "bukti berlian.pdf")
        assert indeks_latar.PENGINDEKS.tunggu(30)
    assert "tpcb cari --indeks-ulang" in caplog.text
    assert not _cari(web_latar, "berlian")
    listed = web_latar.client.get("/api/artefact", headers=web_latar.token("pj_mutu")).json()
    assert art["kunci"] in {a["kunci"] for a in listed}  # stored whatever the index did
    monkeypatch.undo()
    from tpcb.services.cari import indeks_ulang

    assert indeks_ulang(web_latar.app).diindeks >= 1
    assert [x["kunci"] for x in _cari(web_latar, "berlian")] == [art["kunci"]]


# -- the store that keeps what it just wrote -------------------------------------------------------
def test_ingat_tulis_answers_only_for_the_exact_revision_it_wrote(tmp_path):
    store = IngatTulis(LocalObjectStore(tmp_path), maks_byte=100, maks_isi=2)
    a = store.put("k/a.pdf", b"satu", content_type="application/pdf", metadata={})
    assert store.isi_baru("k/a.pdf", a.sha256) == b"satu"
    b = store.put("k/a.pdf", b"dua", content_type="application/pdf", metadata={})
    assert store.isi_baru("k/a.pdf", a.sha256) is None  # the older revision is not handed out
    assert store.isi_baru("k/a.pdf", b.sha256) == b"dua"
    assert store.get("k/a.pdf") == b"dua"
    store.delete("k/a.pdf")
    assert store.isi_baru("k/a.pdf", b.sha256) is None
    kept = [store.put(f"k/{i}.pdf", bytes([i]), content_type="application/pdf", metadata={})
            for i in range(3)]  # at most maks_isi objects, oldest out first
    assert store.isi_baru("k/0.pdf", kept[0].sha256) is None
    assert store.isi_baru("k/2.pdf", kept[2].sha256) == bytes([2])
    big = store.put("k/besar.pdf", b"y" * 101, content_type="application/pdf", metadata={})
    assert store.isi_baru("k/besar.pdf", big.sha256) is None  # over maks_byte: not kept
    assert store.get("k/besar.pdf") == b"y" * 101


def test_ingat_tulis_reads_never_come_from_memory(tmp_path):
    inner = LocalObjectStore(tmp_path)
    store = IngatTulis(inner)
    store.put("k/a.pdf", b"lama", content_type="application/pdf", metadata={})
    inner.put("k/a.pdf", b"baru dari proses lain", content_type="application/pdf", metadata={})
    assert store.get("k/a.pdf") == b"baru dari proses lain"
