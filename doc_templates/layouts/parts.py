"""Low-level python-docx helpers: page set-up, paragraphs, borderless and grid tables, loops.

Every Jinja tag is written into a single run, so docxtpl never has to stitch split runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

FONT, SIZE, SMALL = "Arial", 12, 10
NO = 1.0  # width (cm) of the "No" column of every table
GRID_PAD = 0.1  # left and right padding (cm) inside the cells of a bordered table
PAPERS = {"A4": (21.0, 29.7), "F4": (21.5, 33.0)}  # F4 / folio, common in Indonesian offices
MARGIN_LEFT, MARGIN = 3.0, 2.0
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)  # reproducible core properties
TWIPS = 567  # per cm
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc",
                    "w:outlineLvl", "w:rPr", "w:sectPr")
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


@dataclass(frozen=True)
class Page:
    kertas: str = "A4"
    landscape: bool = False

    @property
    def size(self) -> tuple[float, float]:
        w, h = PAPERS[self.kertas]
        return (h, w) if self.landscape else (w, h)

    @property
    def width(self) -> float:
        """Text width in cm."""
        return round(self.size[0] - MARGIN_LEFT - MARGIN, 2)

    def turned(self) -> Page:
        return Page(self.kertas, not self.landscape)


def setup_section(section, page: Page) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(x) for x in page.size)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT), Cm(MARGIN)
    section.top_margin, section.bottom_margin = Cm(MARGIN), Cm(MARGIN)


def new_document(page: Page, title: str) -> DocxDocument:
    doc = Document()
    setup_section(doc.sections[0], page)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(SIZE)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "TPCB", "TPCB"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision, props.comments, props.subject, props.keywords = 1, "", "", ""
    return doc


def new_section(doc: DocxDocument, page: Page) -> None:
    setup_section(doc.add_section(WD_SECTION.NEW_PAGE), page)


def para(container, text: str = "", *, bold: bool = False, underline: bool = False,
         size: float | None = None, align: str = "left", left: float = 0.0,
         hanging: float = 0.0, first: float = 0.0, before: float = 0.0, after: float = 0.0,
         keep: bool = False) -> Paragraph:
    """A paragraph of one run; `left`/`hanging`/`first` in cm, `before`/`after` in points."""
    p = container.add_paragraph()
    if text:
        run(p, text, bold=bold, underline=underline, size=size)
    fmt = p.paragraph_format
    fmt.alignment = ALIGN[align]
    if left or hanging:
        fmt.left_indent = Cm(left + hanging)
    if hanging:
        fmt.first_line_indent = Cm(-hanging)
        fmt.tab_stops.add_tab_stop(Cm(left + hanging))
    elif first:
        fmt.first_line_indent = Cm(first)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if size and size < SIZE:  # small print (tables, tembusan) set solid: rows stay short
        fmt.line_spacing = Pt(round(size * 1.1, 1))
    fmt.keep_with_next = keep or None
    return p


def run(p: Paragraph, text: str, *, bold: bool = False, underline: bool = False,
        size: float | None = None):
    r = p.add_run(text)
    r.bold, r.underline = bold or None, underline or None
    if size:
        r.font.size = Pt(size)
    return r


def cell_para(cell, text: str = "", **fmt) -> Paragraph:
    """Write into a cell: reuse its first empty paragraph, then add more."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.runs:
        p = para(cell, text, **fmt)
        first._p.getparent().remove(first._p)
        return p
    return para(cell, text, **fmt)


def border(p: Paragraph, val: str = "single", size: int = 8) -> None:
    """A bottom border under a paragraph; size in eighths of a point."""
    ppr = p._p.get_or_add_pPr()
    bdr = _element("w:pBdr")
    bdr.append(_element("w:bottom", val=val, sz=str(size), space="1", color="000000"))
    ppr.insert_element_before(bdr, *PPR_AFTER_BORDER)


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def table(container, widths: list[float], rows: int = 0, *, grid: bool = False,
          indent: float = 0.0) -> Table:
    """A fixed-layout table; borderless unless `grid`."""
    t = container.add_table(rows=rows, cols=len(widths))
    if grid:
        t.style = "Table Grid"
        _cell_margins(t, GRID_PAD)
    t.autofit = False
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t._tbl.tblPr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    if indent:
        ind = _element("w:tblInd", w=str(round(indent * TWIPS)), type="dxa")
        t._tbl.tblPr.insert_element_before(ind, "w:tblBorders", "w:shd", "w:tblLayout")
    for col, width in zip(t.columns, widths, strict=True):
        col.width = Cm(width)
        for cell in col.cells:  # the cells agree with the grid, or LibreOffice mixes the two
            cell.width = Cm(width)
    return t


def _cell_margins(t: Table, cm: float) -> None:
    """Left and right padding inside every cell: narrow columns keep room for whole words."""
    mar = _element("w:tblCellMar")
    for side in ("left", "right"):
        mar.append(_element(f"w:{side}", w=str(round(cm * TWIPS)), type="dxa"))
    t._tbl.tblPr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _element(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def add_row(t: Table, texts: list[str], *, bold: bool = False, size: float | None = None,
            align: str | list[str] = "left", header: bool = False, height: float = 0.0,
            unsplit: bool = False):
    row = t.add_row()
    aligns = align if isinstance(align, list) else [align] * len(texts)
    widths = [col.width for col in t.columns]
    for cell, width, text, al in zip(row.cells, widths, texts, aligns, strict=True):
        cell.width = width
        cell_para(cell, text, bold=bold, size=size, align=al)
    if height:
        row.height, row.height_rule = Cm(height), WD_ROW_HEIGHT_RULE.AT_LEAST
    if header or unsplit:  # never split across pages; a header row repeats on every page
        trpr = row._tr.get_or_add_trPr()
        trpr.insert_element_before(_element("w:cantSplit"), "w:trHeight", "w:tblHeader")
    if header:
        row._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    return row


def loop_rows(t: Table, loop: str, texts: list[str], **fmt) -> None:
    """Rows repeated by docxtpl: `{%tr for ... %}`, the body row, `{%tr endfor %}`. A body row
    never splits across pages."""
    blank = [""] * (len(texts) - 1)
    add_row(t, [f"{{%tr {loop} %}}", *blank])
    add_row(t, texts, **{"unsplit": True, **fmt})
    add_row(t, ["{%tr endfor %}", *blank])


def loop_paras(container, loop: str, text: str, **fmt) -> None:
    """Paragraphs repeated by docxtpl: `{%p for ... %}`, the body paragraph, `{%p endfor %}`."""
    para(container, f"{{%p {loop} %}}")
    para(container, text, **fmt)
    para(container, "{%p endfor %}")


def shade(row, fill: str = "D9D9D9") -> None:
    for cell in row.cells:
        shd = _element("w:shd", val="clear", color="auto", fill=fill)
        cell._tc.get_or_add_tcPr().insert_element_before(shd, "w:noWrap", "w:tcMar", "w:vAlign")


def grid_table(doc, width: float, heads: list[str], widths: list[float], loop: str,
               cells: list[str], align: list[str] | None = None, *, shaded: bool = True,
               then_gap: bool = True) -> Table:
    """A bordered table: a header row and one row per item; the last column takes the rest."""
    grid = table(doc, [*widths, round(width - sum(widths), 2)], grid=True)
    header = add_row(grid, heads, bold=True, size=SMALL, align="center", header=True)
    if shaded:
        shade(header)
    loop_rows(grid, loop, cells, size=SMALL, align=align or ["center"] + ["left"] * (len(heads) - 1))
    if then_gap:
        gap(doc)
    return grid


def gap(container, points: float = 6) -> Paragraph:
    """An empty paragraph exactly `points` tall: vertical space without a full blank line."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(points)
    return p
