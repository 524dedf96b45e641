"""`tpcb tte periksa FILE.pdf`: what the electronic signatures of a PDF prove."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from evidence.content import check_pdf
from evidence.errors import InputError
from evidence.tte import SAH, TANPA_TTE
from tpcb.cli.common import app_, check_format, console, print_json, read_file, shown, tinted

app = typer.Typer(help="Tanda tangan elektronik (TTE): periksa PDF bertanda tangan.",
                  no_args_is_help=True)


@app.command("periksa")
def periksa(
    file: Annotated[Path, typer.Argument(metavar="BERKAS", help="PDF bertanda tangan elektronik")],
    fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table",
) -> None:
    """Periksa setiap TTE: penanda tangan, waktu, penerbit, keutuhan dan kepercayaan (akar di
    TPCB_TTE_AKAR). Keluar dengan kode 1 bila tidak ada TTE atau ada yang tidak sah."""
    check_format(fmt)
    if file.suffix.lower() != ".pdf":
        raise InputError(f"Berkas '{shown(file.name)}' harus PDF (.pdf).")
    data = read_file(file)
    check_pdf(data, file.name)  # a corrupted or encrypted PDF is refused by name
    result = app_().periksa_tte(data)
    if fmt == "json":
        print_json(result.to_json())
    else:
        table = Table(title=f"TTE {file.name}: {result.label}", title_justify="left")
        for col in ("Penanda tangan", "NIK/NIP", "Waktu", "Penerbit", "Utuh", "Tepercaya", "Catatan"):
            table.add_column(col, overflow="fold")
        for t in result.tanda_tangan:
            table.add_row(t.nama, t.nik_nip or "-", t.waktu or "-", t.penerbit,
                          "ya" if t.utuh else tinted("tidak", "red"),
                          "ya" if t.dipercaya else tinted("tidak", "red"), t.masalah or "-")
        console.print(table)
    if result.status == TANPA_TTE:
        console.print("Tidak ada tanda tangan elektronik di berkas ini (pindaian?).")
    if result.status != SAH:
        raise typer.Exit(1)
