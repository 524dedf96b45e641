"""Approval: a stage flow pauses for each letter held for the Kepala Dinas and goes on when it is
answered, in the Prefect UI (typed input) or with `tpcb surat setujui|tolak`."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from prefect.runtime import flow_run

from evidence import persetujuan as uc
from evidence.letters import label
from flows._common import RETRY, hari_ini
from tpcb.wiring import build_app


class Persetujuan(RunInput):
    """Jawaban Kepala Dinas atas surat yang menunggu persetujuan."""

    setuju: bool
    alasan: str = ""


def tunggu_persetujuan() -> list[dict]:
    """Pause once per held letter not yet answered; apply answers given in the Prefect UI.

    Only the pause runs at flow level; every database step is a retried task, so a dropped
    connection is tried again instead of failing the stage."""
    settings = build_app().settings
    if not settings.approval:
        return []
    answered = []
    for n, nomor in enumerate(menunggu()):
        perihal = tandai(nomor, str(flow_run.id))
        if perihal is None:
            continue  # answered meanwhile from the CLI or the web
        answer = pause_flow_run(
            wait_for_input=Persetujuan.with_initial_data(
                description=f"Setujui surat {nomor} ({perihal})?", setuju=True),
            timeout=int(settings.approval_timeout_hours * 3600), poll_interval=2,
            key=f"persetujuan-{n}")
        answered.append(terapkan(nomor, answer.setuju, answer.alasan))
    return answered


@task(name="surat_menunggu_persetujuan", cache_policy=NO_CACHE, **RETRY)
def menunggu() -> list[str]:
    with build_app().repo() as repo:
        return uc.menunggu(repo)


@task(name="tandai_surat_menunggu", cache_policy=NO_CACHE, **RETRY)
def tandai(nomor: str, run_id: str) -> str | None:
    """Record which flow run waits for the letter; None when it no longer waits."""
    with build_app().repo() as repo:
        return uc.tandai_menunggu(repo, nomor, run_id)


@task(name="terapkan_persetujuan", cache_policy=NO_CACHE, **RETRY)
def terapkan(nomor: str, setuju: bool, alasan: str) -> dict:
    app = build_app()
    with app.uow() as uow:
        surat = uc.terapkan_jawaban(uow, app.store, app.catalogue, app.render, nomor, setuju, alasan,
                                    oleh="Prefect UI", today=hari_ini(),
                                    max_bytes=app.settings.max_upload_bytes)
        return {"nomor": label(surat), "status": surat.status, "catatan": surat.catatan}
