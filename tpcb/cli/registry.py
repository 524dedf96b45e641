"""`tpcb init`, `tpcb catalogue`, `tpcb completeness`, `tpcb storage ...`."""

from __future__ import annotations

import csv
import io
import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from evidence import registry as reg
from evidence.completeness import LABEL, Status, evaluate, to_json
from storage.db.migrate import upgrade
from tpcb.cli.common import app_, check_format, console, parse_year, print_json, today

storage_app = typer.Typer(help="Pemeriksaan kesesuaian basis data dan penyimpanan objek.",
                          no_args_is_help=True)
MARK = {Status.ADA: "[green]✔[/green]", Status.DRAF: "[yellow]◐[/yellow]",
        Status.BELUM_TTD: "[yellow]✍[/yellow]", Status.KEDALUWARSA: "[magenta]⌛[/magenta]",
        Status.TIDAK_ADA: "[red]✘[/red]", Status.SIAP: "[green]☺[/green]",
        Status.BELUM_SIAP: "[red]☹[/red]"}
GRADE_STYLE = {"TL": "green", "TS": "yellow", "TT": "red"}


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("catalogue")(catalogue)
    app.command("completeness")(completeness)


def init() -> None:
    """Siapkan folder data dan skema basis data (migrasi Alembic)."""
    a = app_()
    upgrade(a.engine)
    console.print(f"Basis data siap: [bold]{_safe_url(a.settings.db_url)}[/bold]")
    console.print(f"Penyimpanan objek: [bold]{a.settings.storage}[/bold]")


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
            title = i.title + (f"\n[dim]Narasumber: {', '.join(i.interviewees)}[/dim]"
                               if i.interviewees else "")
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
    a = app_()
    kode = puskesmas.strip().upper() if puskesmas else None
    with a.repo() as repo:
        results = evaluate(repo, a.catalogue, year, kode=kode, rule=a.scoring, today=today())
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


def print_table(results, year: int) -> None:
    if not results:
        console.print("Belum ada Puskesmas. Impor dulu: tpcb import puskesmas FILE.csv")
        return
    table = Table(title=f"Kelengkapan bukti Kriteria 1.7.1 tahun {year} (skor sementara)")
    table.add_column("Puskesmas")
    for e in results[0].elements:
        table.add_column(f"EP {e.code}", justify="center")
    table.add_column("Total", justify="right")
    for r in results:
        cells = []
        for e in r.elements:
            marks = "".join(MARK[s.status] for s in e.items)
            cells.append(f"{marks}\n[{GRADE_STYLE[e.grade]}]{e.grade} {e.score}[/]")
        table.add_row(f"{escape(r.puskesmas.kode)}\n{escape(r.puskesmas.nama)}", *cells,
                      f"{r.total}/{r.maximum}")
    console.print(table)
    legend = "  ".join(f"{MARK[k]} {v}" for k, v in LABEL.items())
    console.print(f"Tanda: {legend}. TL=10, TS=5, TT=0 (aturan sementara, dapat diatur).")


def print_reasons(r) -> None:
    """Per item: status, why, and the next step; items already present show only why."""
    table = Table(title=f"{escape(r.puskesmas.nama)} ({escape(r.puskesmas.kode)}): {r.total}/"
                        f"{r.maximum} (sementara)", title_justify="left", show_lines=True)
    for col, ratio in (("Butir", 1), ("Status", 1), ("Alasan", 3), ("Langkah berikutnya", 3)):
        table.add_column(col, ratio=ratio, overflow="fold")
    for e in r.elements:
        table.add_row(f"[bold]EP {e.code}) {e.grade} {e.score}[/bold]", "", escape(e.alasan), "")
        for s in e.items:
            table.add_row(f"{s.item.id} ({s.item.type})", f"{MARK[s.status]} {s.label}",
                          escape(s.alasan), escape(s.langkah or "-"))
    console.print(table)


@storage_app.command("reconcile")
def reconcile(fix: Annotated[bool, typer.Option("--fix", help="perbaiki selisih")] = False) -> None:
    """Cari objek tanpa baris dan baris tanpa objek (sisa crash di antara dua penulisan)."""
    a = app_()
    with a.repo() as repo:
        report = reg.reconcile(repo, a.store, fix=fix)
    console.print(f"Objek tanpa baris data: {len(report.objects_without_rows)}")
    for k in report.objects_without_rows:
        console.print(f"  - {k}")
    console.print(f"Baris data tanpa objek: {len(report.rows_without_objects)}")
    for k in report.rows_without_objects:
        console.print(f"  - {k}")
    if fix:
        console.print(f"Diperbaiki: {len(report.adopted)} objek dicatat kembali, "
                      f"{len(report.removed_rows)} baris tanpa objek dihapus.")
        for k in report.unrepairable:
            console.print(f"  [red]tidak dapat diperbaiki otomatis:[/red] {k}")
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
        console.print(f"  [red]✘[/red] {p.kunci}: {p.reason}")
    if problems:
        raise typer.Exit(1)
