"""`tpcb demo`: a fictional kabupaten end to end on embedded defaults.

Imports the shipped sample master data, files sample evidence (one Puskesmas complete, others
with gaps) and prints the completeness matrix and where the files are.
"""

from __future__ import annotations

import io
from datetime import date
from importlib import resources

from docx import Document
from rich.progress import Progress

from evidence import master
from evidence.masterdata import parse_dinkes, parse_puskesmas_csv, parse_tim_csv
from evidence.records import DINKES, FINAL
from evidence.registry import FileRequest, file_artefact
from storage.db.migrate import upgrade
from tpcb.wiring import App


def sample(name: str) -> bytes:
    return resources.files("tpcb").joinpath("samples", name).read_bytes()


def load_samples(app: App) -> None:
    upgrade(app.engine)
    with app.repo() as repo:
        office = parse_dinkes(sample("dinkes.yaml").decode(), logo=sample("logo.png"),
                              logo_name="logo.png")
        master.save_office(repo, office)
        master.save_puskesmas(repo, parse_puskesmas_csv(sample("puskesmas.csv").decode()))
        known = {p.kode for p in repo.all_puskesmas()}
        master.replace_tim(repo, parse_tim_csv(sample("tim.csv").decode(), known_puskesmas=known))


def evidence_doc(title: str, owner: str, tahun: int) -> bytes:
    doc = Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph(f"Contoh bukti fiktif untuk {owner}, tahun {tahun}.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def file_samples(app: App, tahun: int) -> int:
    """File every document item for the first Puskesmas, fewer for the others."""
    cat = app.catalogue
    with app.repo() as repo:
        kodes = [p.kode for p in repo.all_puskesmas()]
        plan: list[tuple[str, str]] = []
        for item in cat.items():
            if item.type == "W":
                continue
            if item.scope == "dinkes":
                plan.append((DINKES, item.id))
                continue
            for n, kode in enumerate(kodes):
                # The first Puskesmas is complete; each next one stops two EPs earlier.
                if "abcdefgh".index(item.ep) < 8 - 2 * n:
                    plan.append((kode, item.id))
        with Progress() as progress:
            task = progress.add_task("Mengarsipkan bukti contoh", total=len(plan))
            for owner, item_id in plan:
                item = cat.item(item_id)
                progress.advance(task)
                if repo.artefact(tahun=tahun, pemilik=owner, item_id=item_id,
                                 sumber=f"{item_id}.docx"):
                    continue  # filed by an earlier run: nothing twice
                req = FileRequest(data=evidence_doc(item.title, owner, tahun),
                                  filename=f"{item_id}.docx", item_id=item_id, pemilik=owner,
                                  tahun=tahun, tanggal=date(tahun, 3, 1), status=FINAL)
                file_artefact(repo, app.store, cat, req, max_bytes=app.settings.max_upload_bytes)
    return len(plan)
