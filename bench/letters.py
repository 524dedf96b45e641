"""Benchmark: surat tugas per second.

Three loops over the same context: a bare docxtpl render (the baseline), tpcb's render (schema
validation + template check + sandbox), and render + number + file (SQLite + local store).
Prints figures, asserts nothing. `.venv/bin/python -m bench.letters [--n 100]`
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from docxtpl import DocxTemplate
from sqlmodel import Session

from doc_templates import entry, render
from doc_templates.samples import sample_context, sample_images
from doc_templates.sandbox import make_env
from evidence import master
from evidence.catalogue import load_catalogue
from evidence.letters import LetterRequest, issue_letter
from storage.db.engine import make_engine
from storage.db.migrate import upgrade
from storage.db.repository import SqlRepository
from storage.objects.local import LocalObjectStore
from tests.samples import office, puskesmas

NAME = "surat_tugas_pembinaan"


def bare(n: int) -> float:
    data = resources.files("doc_templates").joinpath(f"{NAME}.docx").read_bytes()
    # Same filters and the same filled-in values; no validation, template check or images.
    ctx = entry(NAME).schema_class.model_validate(sample_context(NAME)).model_dump()
    env = make_env()
    t0 = time.perf_counter()
    for _ in range(n):
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.render({**ctx, "logo": ""}, jinja_env=env)
        tpl.save(io.BytesIO())
    return n / (time.perf_counter() - t0)


def rendered(n: int) -> float:
    ctx, imgs = sample_context(NAME), sample_images()
    t0 = time.perf_counter()
    for _ in range(n):
        render(NAME, ctx, images=imgs)
    return n / (time.perf_counter() - t0)


def filed(n: int, tmp: Path) -> float:
    engine = make_engine(f"sqlite:///{tmp / 'bench.db'}")
    upgrade(engine)
    store, cat = LocalObjectStore(tmp / "objects"), load_catalogue()
    ctx, imgs = sample_context(NAME), sample_images()

    def _render(name, context, *, images=None):
        return render(name, context, images=images)

    with Session(engine, expire_on_commit=False) as s:
        repo = SqlRepository(s)
        master.save_office(repo, office())
        master.save_puskesmas(repo, [puskesmas("PKM-SKJ")])
        t0 = time.perf_counter()
        for i in range(n):
            issue_letter(repo, store, cat, _render, LetterRequest(
                templat=NAME, jenis="surat_tugas", sumber=f"bench:{i}", item_id="c-d3",
                pemilik="PKM-SKJ", tanggal=date(2026, 3, 1) + timedelta(days=i % 200),
                perihal="Pembinaan", tujuan="TPCB", penandatangan="Kepala Dinas", context=ctx,
                images=imgs), max_bytes=25 * 1024 * 1024)
        rate = n / (time.perf_counter() - t0)
    engine.dispose()
    return rate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    n = ap.parse_args().n
    base = bare(n)
    print(f"surat tugas, n={n}")
    print(f"  docxtpl polos (acuan)               : {base:7.1f} /detik")
    r = rendered(n)
    print(f"  render tpcb (validasi+cek+sandbox)  : {r:7.1f} /detik ({base / r:4.2f}x lebih lambat)")
    with tempfile.TemporaryDirectory() as tmp:
        f = filed(n, Path(tmp))
    print(f"  render + nomor + arsip (SQLite+lokal): {f:7.1f} /detik ({base / f:4.2f}x lebih lambat)")


if __name__ == "__main__":
    main()
