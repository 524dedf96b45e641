"""`tpcb surat agenda`: the buku agenda with search and filters, as a table, JSON or an Excel
workbook. Thin over tpcb.services.agenda (the same query as the page /agenda and its export)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from tpcb.cli.common import (
    app_,
    check_format,
    check_out,
    console,
    kode_puskesmas,
    print_json,
    shown,
    styled,
    tinted,
    write_file,
)
from tpcb.services.agenda import OPERATOR_CLI, agenda_semua, agenda_xlsx
from tpcb.services.presenters import SURAT_STATUS, baris_agenda_json


def agenda(
    teks: Annotated[str | None, typer.Option("--teks", help="cari potongan nomor, perihal, "
                                             "nama/kode Puskesmas, atau kata di isi surat")] = None,
    jenis: Annotated[str | None, typer.Option("--jenis", help="sk, surat_tugas, nota_dinas, "
                                              "umpan_balik, berita_acara, surat")] = None,
    status: Annotated[str | None, typer.Option("--status", help=" | ".join(SURAT_STATUS))] = None,
    bulan: Annotated[str | None, typer.Option("--bulan", help="bulan surat, 1..12")] = None,
    tahun: Annotated[str | None, typer.Option("--tahun", help="tahun surat, mis. 2026")] = None,
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="simpan buku agenda yang disaring "
                                              "sebagai berkas Excel .xlsx")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table",
) -> None:
    """Buku agenda dengan pencarian dan saringan (jenis, status, bulan, tahun, Puskesmas); bisa
    disimpan sebagai Excel (--xlsx)."""
    check_format(fmt)
    if xlsx is not None:
        check_out(xlsx, "--xlsx", suffixes=(".xlsx",))
    filters = {"teks": teks, "jenis": jenis, "status": status, "bulan": bulan, "tahun": tahun,
               "puskesmas": kode_puskesmas(puskesmas)}
    a = app_()
    with a.repo() as repo:
        if xlsx is not None:
            data, count = agenda_xlsx(a, repo, OPERATOR_CLI, **filters)
        else:
            rows = agenda_semua(a, repo, OPERATOR_CLI, **filters)
    if xlsx is not None:
        write_file(xlsx, data, "--xlsx")
        console.print(styled(f"Buku agenda tersimpan: [bold]{escape(shown(xlsx))}[/bold] ({count} surat)."),
                      highlight=False)
        return
    if fmt == "json":
        print_json([baris_agenda_json(r) for r in rows])
        return
    table = Table(title=f"Buku agenda surat ({len(rows)})", show_lines=False)
    for col in ("Nomor", "Tanggal", "Perihal", "Puskesmas", "Status", "EP", "Diterima", "TTE"):
        table.add_column(col, overflow="fold")
    for r in rows:
        nomor = r.nomor or tinted(f"{r.ref} (belum bernomor)", "dim")
        cells = (r.tanggal.isoformat(), r.perihal, r.puskesmas_nama, r.status_label, r.ep,
                 r.diterima_pada.isoformat() if r.diterima_pada else "-",
                 r.tte or ("belum diperiksa" if r.final else "-"))
        table.add_row(nomor if isinstance(nomor, Text) else Text(nomor), *(Text(c) for c in cells))
    console.print(table)
