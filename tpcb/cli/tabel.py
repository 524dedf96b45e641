"""List tables that keep what a user copies whole: `--lebar` prints a table as wide as its content
(nothing cut, nothing folded: one row per line, for copying or a file); a list whose keys do not fit
beside the other columns (an 80-column terminal) becomes cards: each key whole on its own line
(never hard-wrapped: the terminal wraps it softly, and a copy takes it in one piece), its details
on the next."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.measure import Measurement
from rich.table import Table

from tpcb.cli.common import console

LebarOpt = Annotated[bool, typer.Option(
    "--lebar", help="tabel selebar isinya (tidak dipotong atau dilipat), untuk disalin atau "
                    "disimpan ke berkas; --format json memberi seluruh data")]
SELEBAR_ISI = 10_000  # columns: wider than any row


def kolom_kunci(table: Table, header: str, values: list[str]) -> None:
    """A column of keys that `artefact get` needs whole: as wide as the longest, never cut."""
    table.add_column(header, min_width=max((len(v) for v in values), default=len(header)),
                     no_wrap=True, overflow="fold")


def muat(keys: list[str], rest: int) -> bool:
    """Whether a table with the longest key and `rest` columns of other cells fits the console."""
    return max((len(k) for k in keys), default=0) + rest <= console.width


def kartu(title: str, rows: list[tuple[str, str]]) -> None:
    """Each (key, details) as two lines: the key whole, then its details indented."""
    console.print(title, style="bold")
    for key, details in rows:
        console.print(key, soft_wrap=True, highlight=False)
        console.print(f"  {details}", style="dim", highlight=False)


def kolom(table: Table, *headers: str) -> None:
    """Ordinary columns: folded, never cut with an ellipsis, when the terminal is narrow."""
    for header in headers:
        table.add_column(header, overflow="fold")


def cetak(table: Table, lebar: bool) -> None:
    if lebar:  # as wide as the widest row wants, whatever the terminal's width
        need = Measurement.get(console, console.options.update_width(SELEBAR_ISI), table).maximum
        wide = type(console)(file=console.file, width=need, markup=False, emoji=False,
                             force_terminal=console.is_terminal, no_color=console.no_color)
        wide.print(table, crop=False)
    else:
        console.print(table)
