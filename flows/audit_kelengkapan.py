"""Audit kelengkapan: the interview guides of the year, then the completeness matrix of every
Puskesmas with what is still missing."""

from __future__ import annotations

from datetime import date

from prefect import flow, task, unmapped
from prefect.artifacts import create_markdown_artifact

from evidence.completeness import evaluate
from evidence.siklus import wawancara
from flows._common import RETRY, batches, ctx, hari_ini, publish, puskesmas_codes, tahun_ini, task_runner
from tpcb.wiring import build_app


@task(**RETRY)
def panduan(tahun: int, codes: list[str], today: str) -> list[dict]:
    """The panduan wawancara of each W item, once its interviewees are named."""
    rows = []
    with ctx() as c:
        for kode in codes:
            done = wawancara.siapkan(c, tahun, kode, date.fromisoformat(today))
            rows.append({"puskesmas": kode, **done})
    return rows


@task(**RETRY)
def matriks(tahun: int, today: str, codes: list[str] | None = None) -> list[dict]:
    """The matrix of every Puskesmas (`codes` None) or of those codes (one part of a sharded run)."""
    app = build_app()
    with app.repo() as repo:
        results = evaluate(repo, app.catalogue, tahun, rule=app.scoring,
                           today=date.fromisoformat(today))
    rows = []
    for r in results:
        if codes is not None and r.puskesmas.kode not in codes:
            continue
        row = {"puskesmas": r.puskesmas.kode, "total": r.total}
        row.update({f"ep_{e.code}": e.grade for e in r.elements})
        row["kurang"] = ", ".join(f"{s.item.id} ({s.label})" for e in r.elements for s in e.items
                                  if not s.present)
        rows.append(row)
    return rows


@flow(name="audit_kelengkapan", task_runner=task_runner())
def audit_kelengkapan(tahun: int | None = None, hari_ini_iso: str | None = None,
                      puskesmas: str | None = None) -> list[dict]:
    """Audit mingguan: matriks kelengkapan bukti (skor sementara) dan butir yang belum ada;
    `puskesmas`: semua (kosong), kode dipisah koma, atau bagian `i/n` (lihat flows/_shard.py)."""
    tahun = tahun_ini(tahun)
    today = hari_ini_iso or min(hari_ini(), date(tahun, 12, 31)).isoformat()
    codes = puskesmas_codes(puskesmas)
    guides = [row for f in panduan.map(unmapped(tahun), batches(codes, 10), unmapped(today))
              for row in f.result()]
    publish(f"panduan-wawancara-{tahun}", f"Panduan wawancara tahun {tahun}", guides)
    rows = matriks(tahun, today, None if puskesmas is None else codes)
    publish(f"kelengkapan-{tahun}", f"Kelengkapan bukti Kriteria 1.7.1 tahun {tahun}", rows)
    lines = [f"# Kelengkapan bukti {tahun} (skor sementara)", "",
             "| Puskesmas | Total | Belum ada |", "|---|---|---|"]
    lines += [f"| {r['puskesmas']} | {r['total']}/80 | {r['kurang'] or '-'} |" for r in rows]
    create_markdown_artifact(key=f"ringkasan-kelengkapan-{tahun}", markdown="\n".join(lines))
    return rows


