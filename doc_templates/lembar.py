"""The surveyor's assessment sheet as a workbook (.xlsx, openpyxl) and as a document (.docx,
python-docx; the PDF comes from it through LibreOffice), in the layout of an SA/survey sheet:
Standar, Kriteria, EP, Skor, Fakta dan Analisis, Rekomendasi, then the capaian of the criterion.

`sheet` is an evidence.penilaian.Lembar (read by attribute only).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font, PatternFill

from evidence.format_id import persen

HEADS = ("Standar", "Kriteria", "EP", "Skor", "Fakta dan Analisis", "Rekomendasi")
WIDTHS_XLSX = (10, 10, 6, 8, 60, 50)
WIDTHS_CM = (1.8, 1.8, 1.2, 1.6, 10.5, 8.0)


def _rows(sheet) -> list[tuple[str, ...]]:
    standar = sheet.criterion.rsplit(".", 1)[0]
    return [(standar, sheet.criterion, b.ep, b.surveior or "belum dinilai", b.fakta or "-",
             b.rekomendasi or "-") for b in sheet.baris]


def _meta(sheet) -> list[str]:
    status = "final" if sheet.final else "belum final (masih dapat diubah)"
    return [f"Puskesmas: {sheet.nama} ({sheet.kode})", f"Tahun penilaian: {sheet.tahun}",
            f"Surveior: {sheet.oleh or '-'}", f"Status penilaian: {status}"]


def capaian_text(sheet) -> str:
    if sheet.capaian is None:
        return f"Capaian Kriteria {sheet.criterion}: belum dapat dihitung (belum ada EP yang berlaku)"
    return (f"Capaian Kriteria {sheet.criterion}: {sheet.skor} dari {sheet.maksimum} = "
            f"{persen(sheet.capaian)} "
            "(TL 10, TS 5, TT 0; TDD tidak dihitung)")


def _text_cell(cell, value: str) -> None:
    """A text cell that Excel never evaluates, whatever the surveyor typed (no formula)."""
    cell.value = value
    cell.data_type = "s"


def xlsx(sheet) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = f"Kriteria {sheet.criterion}"
    ws.append([f"LEMBAR PENILAIAN SURVEIOR KRITERIA {sheet.criterion}"])
    ws["A1"].font = Font(bold=True, size=13)
    for line in _meta(sheet):
        ws.append([])
        _text_cell(ws.cell(ws.max_row, 1), line)
    ws.append([])
    ws.append(list(HEADS))
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    for values in _rows(sheet):
        ws.append([None] * len(values))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(ws.max_row, col)
            _text_cell(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])
    ws.append([capaian_text(sheet)])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for i, width in enumerate(WIDTHS_XLSX):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx(sheet, kop_lines: Sequence[str] = ()) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Liberation Sans", Pt(10)
    for line in kop_lines:
        doc.add_paragraph(line).runs[0].bold = True
    title = doc.add_paragraph()
    title.add_run(f"LEMBAR PENILAIAN SURVEIOR KRITERIA {sheet.criterion}").bold = True
    for line in _meta(sheet):
        doc.add_paragraph(line)
    table = doc.add_table(rows=1, cols=len(HEADS))
    table.style = "Table Grid"
    for cell, head, width in zip(table.rows[0].cells, HEADS, WIDTHS_CM, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].add_run(head).bold = True
    _repeat_header(table.rows[0])
    for values in _rows(sheet):
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, WIDTHS_CM, strict=True):
            cell.width = Cm(width)
            cell.paragraphs[0].add_run(value)
    doc.add_paragraph()
    doc.add_paragraph().add_run(capaian_text(sheet)).bold = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)
