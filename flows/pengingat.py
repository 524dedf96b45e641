"""Pengingat: follow-up reminders at H-7, H-1, H-0 and daily when overdue, into the outbox,
e-mailed when SMTP is configured (kept and shown otherwise)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from prefect import flow, task

from evidence.pengingat import antre_hari_ini, deliver
from flows._common import RETRY, hari_ini, publish, task_runner
from tpcb.wiring import build_app


@task(**RETRY)
def antre(today: str) -> dict:
    with build_app().uow() as uow:
        result = antre_hari_ini(uow, date.fromisoformat(today))
        return {"dibuat": result.dibuat, "sudah_ada": result.sudah_ada,
                "tanpa_penerima": len(result.tanpa_penerima)}


@task(**RETRY)
def kirim() -> dict:
    app = build_app()
    with app.uow() as uow:
        done = deliver(uow, app.sender, now=datetime.now(UTC))
        return {"terkirim": len(done.sent), "gagal": len(done.failed), "disimpan": len(done.kept)}


@flow(name="pengingat", task_runner=task_runner())
def pengingat(hari_ini_iso: str | None = None) -> dict:
    """Pengingat tindak lanjut harian: masuk kotak keluar, dikirim lewat email bila diatur."""
    today = hari_ini_iso or hari_ini().isoformat()
    summary = {"tanggal": today, **antre(today), **kirim()}
    publish(f"pengingat-{today}", f"Pengingat tindak lanjut {today}", [summary])
    return summary
