"""`tpcb demo`: a fictional kabupaten's whole year, end to end, on embedded defaults.

Loads the sample master data and inputs, runs the `siklus_tahunan` flow in-process (Prefect),
simulates what people do between runs (signing, receipts, the Puskesmas's follow-up), and ends
with the completeness matrix.
"""

from __future__ import annotations

import threading
import time
from importlib import resources

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from evidence import master_save
from evidence.master_parse import parse_dinkes, parse_puskesmas_csv, parse_tim_csv
from evidence.registry import require_office
from storage.db.migrate import upgrade
from tpcb import demo_data
from tpcb.wiring import App


def sample(name: str) -> bytes:
    return resources.files("tpcb").joinpath("samples", name).read_bytes()


def load_samples(app: App) -> list[str]:
    upgrade(app.engine)
    with app.repo() as repo:
        office = parse_dinkes(sample("dinkes.yaml").decode(), logo=sample("logo.png"),
                              logo_name="logo.png")
        master_save.save_office(repo, office)
        master_save.save_puskesmas(repo, parse_puskesmas_csv(sample("puskesmas.csv").decode()))
        known = {p.kode for p in repo.all_puskesmas()}
        master_save.replace_tim(repo, parse_tim_csv(sample("tim.csv").decode(), known_puskesmas=known))
        return [p.kode for p in repo.all_puskesmas()]


def seed_inputs(app: App, tahun: int, kodes: list[str], today) -> str:
    foto = resources.files("doc_templates").joinpath("assets", "foto_contoh.png").read_bytes()
    with app.ctx() as c:
        demo_data.seed(c, tahun, kodes, foto, today)
        office = require_office(c.repo)
    folder = app.settings.home / "demo" / "sk_organisasi"
    demo_data.sk_organisasi_dir(folder, kodes, office.nama)
    return str(folder)


def run_cycle(app: App, tahun: int, sk_dir: str, console: Console, title: str = "Siklus tahunan") -> float:
    """Run siklus_tahunan in a worker thread; the bar follows the documents as they are filed."""
    from flows.siklus_tahunan import siklus_tahunan

    outcome: dict = {}

    def work() -> None:
        try:
            outcome["rows"] = siklus_tahunan(tahun, sk_organisasi_dir=sk_dir)
        except BaseException as exc:  # reported in the main thread
            outcome["error"] = exc

    started = time.perf_counter()
    with app.repo() as repo:
        before = len(repo.artefacts(tahun=tahun))
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                  TextColumn("{task.completed} dokumen baru"), TimeElapsedColumn(),
                  console=console) as progress:
        bar = progress.add_task(f"{title} (Prefect)", total=None)
        while thread.is_alive():
            thread.join(0.5)
            with app.repo() as repo:
                progress.update(bar, completed=len(repo.artefacts(tahun=tahun)) - before)
        with app.repo() as repo:
            made = len(repo.artefacts(tahun=tahun)) - before
        progress.update(bar, total=max(made, 1), completed=made)
    if "error" in outcome:
        raise outcome["error"]
    return time.perf_counter() - started
