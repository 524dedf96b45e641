"""Approval: a stage flow pauses for each letter held for the Kepala Dinas and goes on when it is
answered, in the Prefect UI (typed input) or with `tpcb surat setujui|tolak`."""

from __future__ import annotations

from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from prefect.runtime import flow_run

from evidence.letters import MENUNGGU, get_letter, label
from evidence.persetujuan import approve, reject, tanggal_persetujuan
from flows._common import hari_ini
from tpcb.wiring import build_app


class Persetujuan(RunInput):
    """Jawaban Kepala Dinas atas surat yang menunggu persetujuan."""

    setuju: bool
    alasan: str = ""


def tunggu_persetujuan() -> list[dict]:
    """Pause once per held letter not yet answered; apply answers given in the Prefect UI."""
    app = build_app()
    if not app.settings.approval:
        return []
    with app.repo() as repo:
        waiting = [label(s) for s in repo.surat_list(status=MENUNGGU)]
    answered = []
    for n, nomor in enumerate(waiting):
        with app.repo() as repo:
            surat = get_letter(repo, nomor)
            if surat.status != MENUNGGU:
                continue  # answered meanwhile from the CLI
            surat.flow_run_id = str(flow_run.id)
            repo.add(surat)
            repo.commit()
        answer = pause_flow_run(
            wait_for_input=Persetujuan.with_initial_data(
                description=f"Setujui surat {nomor} ({surat.perihal})?", setuju=True),
            timeout=int(app.settings.approval_timeout_hours * 3600), poll_interval=2,
            key=f"persetujuan-{n}")
        with app.repo() as repo:
            surat = get_letter(repo, nomor)
            if surat.status == MENUNGGU:  # answered in the Prefect UI
                today = hari_ini()
                surat = (approve(repo, app.store, app.catalogue, app.render, nomor, oleh="Prefect UI",
                                 tanggal=tanggal_persetujuan(surat, today), today=today,
                                 max_bytes=app.settings.max_upload_bytes)
                         if answer.setuju else
                         reject(repo, nomor, oleh="Prefect UI", alasan=answer.alasan or "-"))
            answered.append({"nomor": label(surat), "status": surat.status, "catatan": surat.catatan})
    return answered
