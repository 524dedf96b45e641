"""Approval: a held letter pauses the flow until `tpcb surat setujui|tolak` answers it."""

from __future__ import annotations

import threading
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client

from evidence.letters import get_letter, label
from flows.penetapan import penetapan
from tests.waiting import wait_until
from tpcb.cli import main
from tpcb.settings import get_settings


def cli(*args: str) -> int:
    get_settings.cache_clear()
    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code or 0
    return 0


def wait_for_held(app, timeout: float = 120):
    def held():
        with app.repo() as repo:
            return [s for s in repo.surat_list(status="menunggu_persetujuan") if s.flow_run_id]

    return wait_until(held, timeout, "surat menunggu persetujuan dengan flow run yang menunggunya",
                      interval=0.5)[0]


def is_paused(flow_run_id: str) -> bool:
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(UUID(flow_run_id)).state
    return state is not None and state.is_paused()


@pytest.mark.parametrize("answer", ["setujui", "tolak"])
def test_flow_waits_for_the_kepala_dinas(kabupaten, monkeypatch, answer):
    monkeypatch.setenv("TPCB_APPROVAL", "true")
    get_settings.cache_clear()
    outcome: dict = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("rows", penetapan(2026)))
    thread.start()
    held = wait_for_held(kabupaten.app)
    assert held.templat == "sk_tpcb"
    # Paused is what Prefect records once the flow waits for input: from then on nothing goes
    # on without an answer (no guess at how long "not finishing" must last).
    wait_until(lambda: is_paused(held.flow_run_id), 60,
               f"flow run {held.flow_run_id} berstatus Paused", interval=0.5)
    assert thread.is_alive()
    with kabupaten.app.uow() as uow:
        with pytest.raises(Exception, match="menunggu persetujuan"):
            from evidence.letters import sign_letter
            from tests.samples import pdf_bytes

            sign_letter(uow, kabupaten.app.store, kabupaten.app.catalogue, label(held), pdf_bytes(),
                        tanggal=held.tanggal, max_bytes=10**7)
    ref = label(held)  # a held letter has no number yet
    assert held.nomor is None and ref == f"draf-{held.id}"
    args = ["surat", answer, ref] + (["--alasan", "Lampiran belum lengkap"] if answer == "tolak"
                                     else [])
    assert cli(*args) == 0
    thread.join(120)
    assert not thread.is_alive() and "rows" in outcome
    with kabupaten.app.repo() as repo:
        letter = get_letter(repo, ref)
    assert letter.status == ("draft" if answer == "setujui" else "ditolak")
    assert (letter.nomor is not None) == (answer == "setujui")  # approval dates and numbers it
    if answer == "tolak":
        assert "Lampiran belum lengkap" in letter.catatan
    assert any(r.get("nomor") in (ref, letter.nomor) for r in outcome["rows"])
