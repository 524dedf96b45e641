"""The buku agenda (letter register) as an Excel workbook: one header row (frozen, with an
autofilter), one row per letter, dates as real Excel dates, text never evaluated as a formula."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMAT_TANGGAL = "DD/MM/YYYY"
# (header, column width)
KOLOM: tuple[tuple[str, int], ...] = (
    ("No.", 6), ("Nomor surat", 30), ("Tanggal", 12), ("Jenis", 18), ("Perihal", 50),
    ("Tujuan", 30), ("Puskesmas", 24), ("Status", 28), ("EP", 5), ("Butir", 8),
    ("Diterima pada", 13), ("TTE", 34), ("Berkas draf", 40), ("Berkas bertanda tangan", 40))


def _values(n: int, r: Any) -> list[Any]:
    return [n, r.nomor or f"{r.ref} (belum bernomor)", r.tanggal, r.jenis_label, r.perihal, r.tujuan,
            r.puskesmas_nama, r.status_label, r.ep, r.item, r.diterima_pada,
            r.tte or ("belum diperiksa" if r.final else "-"), r.draf or "-", r.final or "-"]


def buku_agenda(rows: Sequence[Any], *, judul: str = "Buku agenda surat") -> bytes:
    """`rows`: tpcb.services.agenda.BarisAgenda (or anything with the same attributes)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Buku agenda"
    book.properties.title = judul
    ws.append([head for head, _ in KOLOM])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for n, r in enumerate(rows, start=1):
        ws.append([None] * len(KOLOM))
        for col, value in enumerate(_values(n, r), start=1):
            cell = ws.cell(ws.max_row, col)
            if value is None:  # no date yet (receipt not recorded): an empty cell
                continue
            if isinstance(value, date):
                cell.value = value
                cell.number_format = FORMAT_TANGGAL
            elif isinstance(value, int):
                cell.value = value
            else:
                cell.value = str(value)
                cell.data_type = "s"  # whatever was typed, Excel never evaluates it
            cell.alignment = Alignment(vertical="top", wrap_text=col in (5, 6, 12))
    for i, (_, width) in enumerate(KOLOM, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(KOLOM))}{max(ws.max_row, 1)}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
