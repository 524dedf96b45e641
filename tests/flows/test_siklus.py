"""The yearly cycle through real Prefect runs: idempotent, and resumable after an S3 outage."""

from __future__ import annotations

import threading

import pytest

from evidence.completeness import evaluate
from evidence.registry import reconcile, verify
from flows.penetapan import penetapan
from flows.siklus_tahunan import siklus_tahunan
from tests.waiting import wait_until


def snapshot(app) -> dict:
    with app.repo() as repo:
        arts = repo.artefacts()
        letters = repo.surat_list()
        return {"artefak": sorted((a.kunci, a.sha256, a.revisi) for a in arts),
                "surat": sorted((s.nomor or "", s.sumber) for s in letters),
                "tugas": sorted(t.asal for t in repo.tindak_lanjut_list())}


def assert_numbers_have_no_gaps(app) -> None:
    with app.repo() as repo:
        letters = repo.surat_list()
    series: dict[str, list[int]] = {}
    for s in letters:
        if s.nomor:
            series.setdefault(s.seri, []).append(s.urut)
    for prefix, numbers in series.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), prefix


def test_whole_cycle_runs_and_rerunning_changes_nothing(kabupaten):
    rows = siklus_tahunan(2026, sk_organisasi_dir=kabupaten.sk_dir)
    assert set(rows) >= {"penetapan", "penugasan", "pelaksanaan", "pelaporan", "pendampingan",
                         "tindak_lanjut", "verifikasi_kinerja", "audit_kelengkapan"}
    first = snapshot(kabupaten.app)
    assert len(first["surat"]) >= 8 and len(first["artefak"]) >= 50
    assert {n for n, _ in first["surat"]} == {""}  # drafts: a number is taken only at signing
    # The surat tugas cite the SK TPCB by its number: they wait for it, and say so.
    sk = _sk_id(kabupaten.app)
    assert {r["kurang"] for r in rows["penugasan"]} == {
        f"SK TPCB 2026 (draf-{sk}) belum bernomor dan ditandatangani"}
    siklus_tahunan(2026, sk_organisasi_dir=kabupaten.sk_dir)
    assert snapshot(kabupaten.app) == first  # nothing filed twice, no number taken
    _number_sk(kabupaten.app)
    siklus_tahunan(2026, sk_organisasi_dir=kabupaten.sk_dir)
    second = snapshot(kabupaten.app)
    assert len(second["surat"]) == len(first["surat"]) + 10  # a surat tugas per visit, as drafts
    assert [n for n, _ in second["surat"] if n] == ["400.7/001/TPCB/I/2026"]
    assert_numbers_have_no_gaps(kabupaten.app)
    siklus_tahunan(2026, sk_organisasi_dir=kabupaten.sk_dir)
    assert snapshot(kabupaten.app) == second
    with kabupaten.app.repo() as repo:
        results = {r.puskesmas.kode: r for r in evaluate(repo, kabupaten.app.catalogue, 2026)}
    # Letters are drafts until signed: EP d is at most partly met for everyone.
    assert all(next(e for e in r.elements if e.code == "d").grade != "TL" for r in results.values())
    b = next(e for e in results[kabupaten.kodes[0]].elements if e.code == "b")
    # Generated and unsigned: the SK is only a draft, the schedule is not signed, so the
    # interview about them is not ready even though the guide was made and people are named.
    statuses = {s.item.id: s.status for s in b.items}
    assert statuses == {"b-r1": "hanya_draf", "b-d1": "belum_ditandatangani",
                        "b-w1": "belum_siap_wawancara"}
    with kabupaten.app.repo() as repo:
        guides = repo.artefacts(pemilik=kabupaten.kodes[0], item_id="b-w1")
    assert len(guides) == 1 and guides[0].sumber.startswith("dokumen:panduan_wawancara:")


def _sk_id(app) -> int:
    with app.repo() as repo:
        return repo.surat_by_source("sk_tpcb", "sk_tpcb:2026").id


def _number_sk(app) -> None:
    from datetime import date

    from evidence.letters import beri_nomor

    with app.uow() as uow:
        sk = uow.repo.surat_by_source("sk_tpcb", "sk_tpcb:2026")
        beri_nomor(uow, app.store, app.catalogue, app.render, f"draf-{sk.id}", tanggal=sk.tanggal,
                   today=date(2026, 11, 1), max_bytes=app.settings.max_upload_bytes)


def test_a_stage_alone_is_idempotent_too(kabupaten):
    penetapan(2026, kabupaten.sk_dir)
    first = snapshot(kabupaten.app)
    penetapan(2026, kabupaten.sk_dir)
    assert snapshot(kabupaten.app) == first


@pytest.mark.s3
@pytest.mark.slow
def test_s3_outage_mid_run_is_completed_by_the_next_run(kabupaten_pg_s3, s3_server):
    app = kabupaten_pg_s3.app
    outcome: dict = {}

    def run() -> None:
        try:
            siklus_tahunan(2026, sk_organisasi_dir=kabupaten_pg_s3.sk_dir)
            outcome["ok"] = True
        except Exception as exc:  # the outage makes the run fail: that is the point
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()

    def halfway() -> bool:
        with app.repo() as repo:
            return len(repo.artefacts()) >= 25 or not thread.is_alive()

    wait_until(halfway, 120, "siklus menyimpan 25 artefak", interval=0.2)
    assert thread.is_alive(), f"the run ended before S3 could be taken away: {outcome}"
    s3_server.kill()  # the S3 server dies in the middle of the cycle
    thread.join(300)
    assert "error" in outcome, "the run should have failed while S3 was down"
    with app.repo() as repo:
        partial = len(repo.artefacts())
    s3_server.start()
    siklus_tahunan(2026, sk_organisasi_dir=kabupaten_pg_s3.sk_dir)
    done = snapshot(app)
    assert len(done["artefak"]) > partial
    assert_numbers_have_no_gaps(app)
    with app.repo() as repo:
        assert reconcile(repo, app.store).clean
        checked, problems = verify(repo, app.store)
    assert checked == len(done["artefak"]) and problems == []
    siklus_tahunan(2026, sk_organisasi_dir=kabupaten_pg_s3.sk_dir)
    assert snapshot(app) == done
