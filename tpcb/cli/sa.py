"""`tpcb sa import|show`: the Puskesmas's self-assessment (SA) against the accreditation standard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from evidence.errors import InputError, NotFound
from evidence.format_id import persen
from evidence.sa_standar import kriteria, per_bab
from evidence.siklus import sa
from tpcb.cli.common import (
    add_columns,
    app_,
    check_format,
    console,
    kode_puskesmas,
    parse_date,
    parse_year,
    print_json,
    read_file,
    shown,
    styled,
)

app = typer.Typer(help="SA Puskesmas terhadap standar akreditasi (bukti c-d1, bahan analisis c-d2).",
                  no_args_is_help=True)
PuskesmasOpt = Annotated[str, typer.Option("--puskesmas", help="kode Puskesmas, mis. PKM-SKJ")]
TahunOpt = Annotated[str, typer.Option("--tahun", help="tahun SA, mis. 2026")]


_persen = persen


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="BERKAS", help="lembar SA (.csv atau .xlsx)")],
    puskesmas: PuskesmasOpt,
    tahun: TahunOpt,
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal SA diserahkan TTTT-BB-HH")] = None,
) -> None:
    """Impor SA satu Puskesmas (semua-atau-tidak-sama-sekali); berkasnya menjadi bukti c-d1 final."""
    year = parse_year(tahun)
    when = parse_date(tanggal)
    kode = kode_puskesmas(puskesmas)
    if file.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"Berkas SA '{shown(file.name)}' harus berakhiran .csv atau .xlsx.")
    data = read_file(file)
    with app_().ctx() as c:
        row, filed = sa.impor(c, kode, year, data, file.name, when)
        rows = sa.rows_of(row)
        criterion = c.catalogue.criterion
    _print_babs(rows, f"SA {kode} tahun {year}: {len(rows)} EP", criterion)
    console.print(styled(f"Berkas diarsipkan sebagai bukti c-d1 tahun {year}: [bold]"
                         f"{escape(filed.artefact.kunci)}[/bold]. Analisis SA (c-d2) dibuat pada "
                         f"tahap pelaksanaan: tpcb cycle run --tahun {year} --tahap pelaksanaan"))


@app.command("show")
def show(puskesmas: PuskesmasOpt, tahun: TahunOpt,
         fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table") -> None:
    """Tampilkan SA tersimpan: capaian per Bab dan EP di bawah TL."""
    check_format(fmt)
    year = parse_year(tahun)
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        if repo.puskesmas(kode) is None:
            raise NotFound(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
        row = repo.sa_standar(year, kode)
    if row is None:
        raise NotFound(f"Belum ada SA {kode} tahun {year}. Impor dulu: tpcb sa import --puskesmas "
                       f"{kode} --tahun {year} SA.xlsx")
    rows = sa.rows_of(row)
    if fmt == "json":
        print_json({"puskesmas": kode, "tahun": year, "tanggal": row.tanggal.isoformat(),
                    "bab": [{"bab": b.bab, "judul": b.judul, "dinilai": b.dinilai, "tl": b.tl,
                             "ts": b.ts, "tt": b.tt, "tdd": b.tdd, "capaian_persen": b.capaian}
                            for b in per_bab(rows)],
                    "ep": [r.model_dump() for r in rows]})
        return
    _print_babs(rows, f"SA {kode} tahun {year} (diserahkan {row.tanggal.isoformat()})",
                a.catalogue.criterion)


def _print_babs(rows, title: str, criterion: str) -> None:
    table = Table(title=title, title_justify="left")
    add_columns(table, ("Bab", "left"), ("EP dinilai", "right"), ("TL", "right"), ("TS", "right"),
                       ("TT", "right"), ("TDD", "right"), ("Capaian", "right"))
    for b in per_bab(rows):
        table.add_row(f"{b.bab} {b.judul}", str(b.dinilai), str(b.tl), str(b.ts), str(b.tt),
                      str(b.tdd), _persen(b.capaian))
    console.print(table)
    own = kriteria(rows, criterion)
    if own:
        console.print(f"Kriteria {criterion}: " + ", ".join(f"EP {r.ep} {r.skor}" for r in own))
