"""`tpcb init`, `tpcb catalogue`, `tpcb completeness`, `tpcb storage ...`."""

from __future__ import annotations

import csv
import io
import sys
from typing import Annotated

import typer
from rich import box
from rich.cells import cell_len
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from evidence import registry as reg
from evidence.completeness import LABEL, Status, evaluate, to_json
from evidence.errors import NotFound
from storage.db.migrate import upgrade
from tpcb.cli.common import (
    app_,
    assemble,
    check_format,
    console,
    kode_puskesmas,
    parse_year,
    print_json,
    shown,
    styled,
    tinted,
    today,
)

storage_app = typer.Typer(help="Pemeriksaan kesesuaian basis data dan penyimpanan objek.",
                          no_args_is_help=True)
MARK = {Status.ADA: ("✔", "green"), Status.DRAF: ("◐", "yellow"),
        Status.BELUM_TTD: ("✍", "yellow"), Status.KEDALUWARSA: ("⌛", "magenta"),
        Status.TIDAK_ADA: ("✘", "red"), Status.SIAP: ("☺", "green"),
        Status.BELUM_SIAP: ("☹", "red")}
GRADE_STYLE = {"TL": "green", "TS": "yellow", "TT": "red"}


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("catalogue")(catalogue)
    app.command("completeness")(completeness)


def init() -> None:
    """Siapkan folder data dan skema basis data (migrasi Alembic)."""
    a = app_()
    upgrade(a.engine)
    console.print(styled(f"Basis data siap: [bold]{escape(_safe_url(a.settings.db_url))}[/bold]"))
    console.print(styled(f"Penyimpanan objek: [bold]{escape(a.settings.storage)}[/bold]"))


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def catalogue(fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table") -> None:
    """Tampilkan katalog Kriteria 1.7.1: EP a) s.d. h) dan butir buktinya."""
    check_format(fmt)
    cat = app_().catalogue
    if fmt == "json":
        print_json(cat.to_json())
        return
    table = Table(title=f"Kriteria {cat.criterion} — {len(cat.items())} butir bukti", show_lines=True)
    for col in ("EP", "Butir", "Jenis", "Bukti", "Cakupan", "Tahap", "Templat"):
        table.add_column(col)
    for e in cat.elements:
        for i in e.items:
            title = Text(i.title)
            if i.interviewees:
                title.append(f"\nNarasumber: {', '.join(i.interviewees)}", style="dim")
            table.add_row(f"{e.code})", i.id, i.type, title, i.scope, i.stage, i.template or "-")
    console.print(table)


def completeness(
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
    tahun: Annotated[str | None, typer.Option("--tahun", help="tahun yang dinilai")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json atau csv")] = "table",
    rinci: Annotated[bool, typer.Option("--rinci", help="alasan dan langkah berikutnya tiap butir "
                                        "(bawaan bila --puskesmas disebut)")] = False,
) -> None:
    """Kelengkapan bukti per Puskesmas, EP dan butir, dengan alasan, langkah berikutnya dan skor
    sementara (maks. 80)."""
    check_format(fmt, ("table", "json", "csv"))
    year = parse_year(tahun)
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        results = evaluate(repo, a.catalogue, year, kode=kode, rule=a.scoring, today=today())
    if kode and not results:
        raise NotFound(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
    if fmt == "json":
        print_json({"tahun": year, "sementara": True, "puskesmas": [to_json(r) for r in results]})
    elif fmt == "csv":
        _print_csv(results)
    else:
        print_table(results, year)
        if rinci or kode:
            for r in results:
                print_reasons(r)
        elif results:
            console.print("Alasan dan langkah berikutnya tiap butir: tpcb completeness --puskesmas "
                          "KODE (atau --rinci).")


def _print_csv(results) -> None:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["kode", "nama", "ep", "nilai_ep", "skor_ep", "butir", "jenis", "status", "alasan",
                "langkah", "kunci", "penandatangan"])
    for r in results:
        for e in r.elements:
            for s in e.items:
                art = s.artefact
                w.writerow([safe_cell(x) for x in (
                    r.puskesmas.kode, r.puskesmas.nama, e.code, e.grade, e.score, s.item.id,
                    s.item.type, s.status, s.alasan, s.langkah, art.kunci if art else "",
                    (art.penandatangan or "") if art else "")])
    sys.stdout.write(out.getvalue())


def safe_cell(value) -> str:
    """A CSV cell Excel will not evaluate: text starting with = + - @ (or a tab/CR) is quoted."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


NARROW = 110  # columns below which the completeness table drops names and borders


def print_table(results, year: int) -> None:
    if not results:
        console.print("Belum ada Puskesmas. Impor dulu: tpcb import puskesmas FILE.csv")
        return
    title = f"Kelengkapan bukti Kriteria 1.7.1 tahun {year} (skor sementara)"
    narrow = console.width < NARROW  # e.g. 80 columns: no cell may be cut (codes, totals)
    table = (Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False) if narrow
             else Table(title=title))
    if narrow:  # each column exactly as wide as its longest cell, so nothing is cut
        table.add_column("Kode", no_wrap=True,
                         width=max(len(r.puskesmas.kode) for r in results))
        for i, e in enumerate(results[0].elements):
            marks = max(cell_len("".join(MARK[s.status][0] for s in r.elements[i].items))
                        for r in results)  # ⌛ takes two cells
            table.add_column(f"{e.code})", justify="center", no_wrap=True, width=max(5, marks))
    else:
        table.add_column("Puskesmas")
        for e in results[0].elements:
            table.add_column(f"EP {e.code}", justify="center")
    table.add_column("Total", justify="right", no_wrap=True, min_width=5)
    for r in results:
        cells = []
        for e in r.elements:
            cells.append(assemble(*(MARK[s.status] for s in e.items), "\n",
                                       (f"{e.grade} {e.score}", GRADE_STYLE.get(e.grade, ""))))
        who = r.puskesmas.kode if narrow else f"{r.puskesmas.kode}\n{r.puskesmas.nama}"
        table.add_row(who, *cells, f"{r.total}/{r.maximum}")
    console.print(table)
    if narrow:  # the names the narrow table leaves out, whole
        console.print("; ".join(f"{r.puskesmas.kode} = {r.puskesmas.nama}" for r in results))
    legend = Text("Tanda: ")
    for n, (k, v) in enumerate(LABEL.items()):
        legend.append_text(assemble("  " if n else "", MARK[k], f" {v}"))
    legend.append(". TL=10, TS=5, TT=0 (aturan sementara, dapat diatur).")
    console.print(legend)


def print_reasons(r) -> None:
    """Per item: status, why, and the next step; items already present show only why."""
    table = Table(title=f"{r.puskesmas.nama} ({r.puskesmas.kode}): {r.total}/"
                        f"{r.maximum} (sementara)", title_justify="left", show_lines=True)
    for col, ratio in (("Butir", 1), ("Status", 1), ("Alasan", 3), ("Langkah berikutnya", 3)):
        table.add_column(col, ratio=ratio, overflow="fold")
    for e in r.elements:
        table.add_row(tinted(f"EP {e.code}) {e.grade} {e.score}", "bold"), "", e.alasan, "")
        for s in e.items:
            table.add_row(f"{s.item.id} ({s.item.type})", assemble(MARK[s.status], f" {s.label}"),
                          s.alasan, s.langkah or "-")
    console.print(table)


@storage_app.command("reconcile")
def reconcile(fix: Annotated[bool, typer.Option("--fix", help="perbaiki selisih")] = False) -> None:
    """Cari objek tanpa baris, baris tanpa objek dan berkas sementara sisa penulisan terputus."""
    a = app_()
    with a.repo() as repo:
        report = reg.reconcile(repo, a.store, fix=fix)
    for title, keys in (("Objek tanpa baris data", report.objects_without_rows),
                        ("Baris data tanpa objek", report.rows_without_objects),
                        ("Berkas sementara sisa penulisan terputus", report.leftovers),
                        ("Rendisi PDF yang tidak dirujuk artefak mana pun",
                         report.renditions_without_rows),
                        ("Rendisi PDF tercatat tetapi objeknya tidak ada",
                         report.rows_without_renditions)):
        console.print(f"{title}: {len(keys)}")
        for k in keys:
            console.print(f"  - {k}")
    if fix:
        console.print(f"Diperbaiki: {len(report.adopted)} objek dicatat kembali, "
                      f"{len(report.removed_rows)} baris tanpa objek dihapus, "
                      f"{len(report.removed_leftovers)} berkas sementara dihapus, "
                      f"{len(report.removed_renditions)} rendisi PDF tak terpakai dihapus, "
                      f"{len(report.forgotten_renditions)} catatan rendisi yang hilang dilupakan "
                      "(buat lagi dengan: tpcb storage rendisi).")
        for k in report.unrepairable:
            console.print(assemble("  ", ("tidak dapat diperbaiki otomatis:", "red"), f" {k}"))
    elif not report.clean:
        console.print("Jalankan dengan --fix untuk memperbaiki.")
        raise typer.Exit(1)


@storage_app.command("verify")
def verify() -> None:
    """Hitung ulang sha256 semua objek dan laporkan yang tidak cocok."""
    a = app_()
    with a.repo() as repo:
        checked, problems = reg.verify(repo, a.store)
    console.print(f"Diperiksa: {checked} artefak; tidak cocok: {len(problems)}")
    for p in problems:
        console.print(assemble("  ", ("✘", "red"), f" {p.kunci}: {p.reason}"))
    if problems:
        raise typer.Exit(1)


@storage_app.command("rendisi")
def rendisi(
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="hanya artefak Puskesmas ini "
                                                  "(dan artefak Dinkes di bundelnya)")] = None,
    tahun: Annotated[str | None, typer.Option("--tahun", help="hanya artefak tahun ini "
                                              "(bawaan: semua tahun)")] = None,
    draf: Annotated[bool, typer.Option("--draf", help="juga artefak yang masih draf")] = False,
    ukuran_batch: Annotated[int, typer.Option("--ukuran-batch", min=1, max=500,
                                              help="dokumen per proses LibreOffice")] = 25,
) -> None:
    """Buat sekali rendisi PDF setiap artefak Word, Excel dan gambar (final) yang belum punya,
    agar bundel PDF tidak lagi mengonversi saat diminta. Aman diulang."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tpcb.services import rendisi as svc

    year = parse_year(tahun) if tahun is not None else None
    kode = kode_puskesmas(puskesmas)
    a = app_()
    plan = svc.rencana(a, puskesmas=kode, tahun=year, draf=draf)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as progress:
        bar = progress.add_task("Rendisi PDF", total=len(plan.keys))
        hasil = svc.jalankan(a, plan, ukuran_batch=ukuran_batch,
                             kemajuan=lambda n: progress.advance(bar, n))
    console.print(f"Rendisi PDF: {len(hasil.dibuat)} dibuat, {hasil.sudah_ada} sudah ada, "
                  f"{len(hasil.gagal)} gagal.")
    if hasil.dibersihkan:
        console.print(f"Dibersihkan: {hasil.dibersihkan} rendisi lama dari artefak yang kini PDF.")
    for key, sebab in sorted(hasil.gagal.items()):
        console.print(assemble("  ", ("✘", "red"), f" {key}: {sebab}"))
    if hasil.gagal:
        raise typer.Exit(1)
