"""`tpcb cari`: full-text search over filed evidence and letters, and the index rebuild.

Thin over tpcb.services.cari. The command line is the office's operator: it sees every
Puskesmas, as the secretariat does on the web.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from evidence.cari import parse_kueri
from evidence.errors import InputError
from tpcb.cli.common import app_, check_format, console, parse_year, print_json, visible
from tpcb.services import cari as svc
from tpcb.services.agenda import OPERATOR_CLI
from tpcb.services.presenters import cari_json


def cari(
    teks: Annotated[str | None, typer.Argument(help="kata yang dicari; frasa dalam tanda kutip, "
                                               "mis. '\"tim pembina\" gizi'")] = None,
    tahun: Annotated[str | None, typer.Option("--tahun", help="hanya artefak tahun ini")] = None,
    batas: Annotated[int, typer.Option("--batas", min=1, max=200, help="hasil paling banyak")] = 20,
    fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table",
    indeks_ulang: Annotated[bool, typer.Option(
        "--indeks-ulang", help="isi indeks teks untuk artefak yang belum terindeks (mis. sesudah "
        "pemutakhiran atau impor), dengan bilah kemajuan")] = False,
    semua: Annotated[bool, typer.Option("--semua", help="dengan --indeks-ulang: baca ulang "
                                        "semua artefak")] = False,
) -> None:
    """Cari teks di dalam surat dan berkas bukti (Word, Excel, PDF, CSV, teks). Hanya revisi
    terbaru setiap artefak yang dicari."""
    check_format(fmt)
    a = app_()
    if indeks_ulang:
        _indeks_ulang(a, semua)
        if not teks:
            return
    if not parse_kueri(teks).bagian:
        raise InputError(svc.KOSONG)
    year = parse_year(tahun) if tahun is not None else None
    with a.repo() as repo:
        hasil = svc.cari(repo, OPERATOR_CLI, teks, tahun=year, batas=batas)
    if fmt == "json":
        print_json(cari_json(hasil))
        return
    table = Table(title=f"Hasil pencarian '{visible(hasil.q)}' ({len(hasil.hasil)}"
                        f"{'+' if hasil.terpotong else ''})")
    for col in ("Puskesmas", "EP", "Butir", "Surat", "Berkas", "Cuplikan"):
        table.add_column(col)
    for h in hasil.hasil:
        t = h.temuan
        surat = (f"{h.surat.nomor or 'draf'}: {h.surat.perihal}") if h.surat else ""
        snippet = Text()
        for p in t.cuplikan:
            snippet.append(visible(p.teks), style="bold yellow" if p.cocok else "")
        table.add_row(h.puskesmas, t.ep, t.item_id, visible(surat), visible(t.nama_berkas), snippet)
    console.print(table)


def _indeks_ulang(a, semua: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as progress:
        bar = progress.add_task("Indeks teks", total=None)

        def maju(i: int, n: int) -> None:
            progress.update(bar, completed=i, total=n)

        out = svc.indeks_ulang(a, semua=semua, kemajuan=maju)
    console.print(f"Indeks teks: {out.diindeks} artefak diindeks, {len(out.gagal)} tidak terbaca"
                  + (f", {out.dibuang} teks artefak yang sudah tiada dibuang." if out.dibuang else "."))
    for key in out.gagal:
        console.print(f"  ✘ {visible(key)}: objeknya tidak ada atau isinya berubah "
                      "(periksa dengan: tpcb storage verify)")
    if out.gagal:
        raise typer.Exit(1)
