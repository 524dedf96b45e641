"""The whole yearly cycle, composed of the stage flows in the order of the year."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prefect import flow

from flows._common import tahun_ini, task_runner
from flows.audit_kelengkapan import audit_kelengkapan
from flows.pelaksanaan import pelaksanaan
from flows.pelaporan import pelaporan
from flows.pendampingan import pendampingan
from flows.penetapan import penetapan
from flows.penugasan import penugasan
from flows.rendisi import rendisi
from flows.tindak_lanjut import tindak_lanjut
from flows.verifikasi_kinerja import verifikasi_kinerja

TAHAP: dict[str, Callable[..., Any]] = {
    "penetapan": penetapan, "penugasan": penugasan, "pendampingan": pendampingan,
    "verifikasi_kinerja": verifikasi_kinerja, "pelaksanaan": pelaksanaan, "pelaporan": pelaporan,
    "tindak_lanjut": tindak_lanjut, "audit_kelengkapan": audit_kelengkapan, "rendisi": rendisi,
}


@flow(name="siklus_tahunan", task_runner=task_runner())
def siklus_tahunan(tahun: int | None = None, puskesmas: str | None = None,
                   sk_organisasi_dir: str | None = None, ukuran_batch: int = 10) -> dict[str, list[dict]]:
    """Siklus tahunan TPCB: penetapan, penugasan, pendampingan, verifikasi kinerja, pelaksanaan,
    pelaporan, tindak lanjut, audit kelengkapan, lalu rendisi PDF untuk bundel. Aman dijalankan
    ulang."""
    tahun = tahun_ini(tahun)
    out: dict[str, list[dict]] = {"penetapan": penetapan(tahun, sk_organisasi_dir)}
    out["penugasan"] = penugasan(tahun, hari=None, puskesmas=puskesmas, ukuran_batch=ukuran_batch)
    for name in ("pendampingan", "verifikasi_kinerja", "pelaksanaan", "pelaporan", "tindak_lanjut"):
        out[name] = TAHAP[name](tahun, puskesmas=puskesmas, ukuran_batch=ukuran_batch)
    out["audit_kelengkapan"] = audit_kelengkapan(tahun, puskesmas=puskesmas)
    # Last: the PDFs of what the stages filed, so a bundle is assembled without LibreOffice.
    out["rendisi"] = [rendisi(puskesmas=puskesmas, ukuran_batch=max(ukuran_batch, 25))]
    return out
