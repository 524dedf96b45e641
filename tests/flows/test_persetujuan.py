"""Approval: a held letter pauses the flow until `tpcb surat setujui|tolak` answers it."""

from __future__ import annotations

import threading
import time

import pytest

from evidence.letters import get_letter, label
from flows.penetapan import penetapan
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
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.repo() as repo:
            held = [s for s in repo.surat_list(status="menunggu_persetujuan") if s.flow_run_id]
        if held:
            return held[0]
        time.sleep(0.5)
    pytest.fail("tidak ada surat yang menunggu persetujuan")


@pytest.mark.parametrize("answer", ["setujui", "tolak"])
def test_flow_waits_for_the_kepala_dinas(kabupaten, monkeypatch, answer):
    monkeypatch.setenv("TPCB_APPROVAL", "true")
    get_settings.cache_clear()
    outcome: dict = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("rows", penetapan(2026)))
    thread.start()
    held = wait_for_held(kabupaten.app)
    assert held.templat == "sk_tpcb"
    time.sleep(1)
    assert thread.is_alive()  # paused: nothing goes on without an answer
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
