"""Blocks shared by the letters: kop surat, titles, label lists, signature, tembusan, letter head.

Layouts follow /work/shared/LETTER_LAYOUTS.md: kop with a thick-thin double rule, centred titles
with NOMOR, "Label : 1. text" blocks with hanging indents, signature block in the right half.
"""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Pt

from doc_templates.layouts.parts import SMALL, border, cell_para, gap, loop_paras, para, table

DAERAH = "{{ kop.jenis_daerah|upper }} {{ kop.kabupaten|upper }}"
DAERAH_TEKS = "{{ kop.jenis_daerah }} {{ kop.kabupaten }}"
LABEL, COLON = 3.0, 0.5  # widths (cm) of the label and colon columns
MARK = 0.7  # hanging indent (cm) of "1." / "a." markers
SIGN_AT = 0.4  # the signature block starts at this share of the text width
CELL_PAD = 0.4  # the left and right margins (cm) inside a table cell


def kop(doc, width: float) -> None:
    """Logo left, centred government and office lines, then the thick-thin double rule."""
    t = table(doc, [2.6, width - 2.6], rows=1)
    logo, text = t.rows[0].cells
    logo.vertical_alignment = text.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    cell_para(logo, "{{ logo }}", align="center")
    cell_para(text, f"PEMERINTAH {DAERAH}", bold=True, size=14, align="center")
    cell_para(text, "DINAS KESEHATAN", bold=True, size=18, align="center")
    cell_para(text, "{{ kop.alamat }}, Telp. {{ kop.telepon }}{% if kop.faks %}, Fax "
              "{{ kop.faks }}{% endif %}{% if kop.kode_pos %}, Kode Pos {{ kop.kode_pos }}"
              "{% endif %}", size=SMALL, align="center")
    cell_para(text, "{% if kop.website %}Laman: {{ kop.website }}   {% endif %}"
              "Pos-el: {{ kop.email }}", size=SMALL, align="center")
    rule = para(doc, size=2)
    border(rule, val="thickThinSmallGap", size=24)
    gap(doc, 6)


def title(doc, *lines: str, nomor: str | None = None, underline_first: bool = False) -> None:
    """Centred bold title lines, then the number line (e.g. "NOMOR : {{ nomor }}")."""
    for i, line in enumerate(lines):
        para(doc, line, bold=True, align="center", underline=underline_first and i == 0)
    if nomor:
        para(doc, nomor, align="center")
    gap(doc, 8)


def label_table(doc, width: float, rows: list[tuple[str, str]], *, label: float = LABEL):
    """Static "Label : value" rows, e.g. the identity of a report."""
    t = table(doc, [label, COLON, width - label - COLON])
    for name, value in rows:
        row = t.add_row()
        _no_split(row)
        cells = row.cells
        cell_para(cells[0], name)
        cell_para(cells[1], ":")
        cell_para(cells[2], value)
    return t


def _label_row(t, name: str, colon: str, mark: str, body: str) -> None:
    row = t.add_row()
    _no_split(row)
    cells = row.cells
    cell_para(cells[0], name)
    cell_para(cells[1], colon)
    cell_para(cells[2], f"{mark}\t{body}", hanging=MARK)  # long codes (HK.01.07/...) justify badly


def _tag_row(t, tag: str) -> None:
    t.add_row().cells[0].paragraphs[0].add_run(tag)


def label_list(doc, width: float, name: str, loop: str, text: str, *,
               marker: str = "{{ loop.index }}.", static: tuple[tuple[str, str], ...] = (),
               tail: tuple[tuple[str, str], ...] = ()):
    """"Dasar : 1. ..." rows: fixed (marker, text) rows, the docxtpl row loop, fixed tail rows.

    The label and the colon appear on the first row only.
    """
    t = table(doc, [LABEL, COLON, width - LABEL - COLON])
    for i, (mark, body) in enumerate(static):
        _label_row(t, name if i == 0 else "", ":" if i == 0 else "", mark, body)
    head, colon = ("", "") if static else (f"{{% if loop.first %}}{name}{{% endif %}}",
                                           "{% if loop.first %}:{% endif %}")
    _tag_row(t, f"{{%tr {loop} %}}")
    _label_row(t, head, colon, marker, text)
    _tag_row(t, "{%tr endfor %}")
    for mark, body in tail:
        _label_row(t, "", "", mark, body)
    return t


def numbered(container, loop: str, text: str, *, marker: str = "{{ loop.index }}.",
             left: float = 0.0, size: float | None = None) -> None:
    """A numbered list with hanging indent, one paragraph per item."""
    loop_paras(container, loop, f"{marker}\t{text}", left=left, hanging=MARK, align="justify",
               size=size)


def heading(doc, text: str) -> None:
    para(doc, text, bold=True, before=6, after=3, keep=True)


def signature(doc, width: float, lead: tuple[str, ...], who: str = "penandatangan", *,
              closing: str | None = None, with_tembusan: bool = False) -> None:
    """The end of a letter kept on one page: the closing line, then the signature block in the
    right part (place/date lines, jabatan, space, name, NIP) with the tembusan at the lower left.

    They sit in one table row that may not break across pages, so the signer is never left on a
    page of their own and "Tembusan:" never ends a page alone. The tembusan beside the signer
    rather than under it keeps a surat tugas of six people on one page.
    """
    gap(doc, 4)
    outer = _unsplit_row(doc, [width]).cells[0]
    if closing:
        cell_para(outer, closing, first=1.25, align="justify", after=4)
    else:  # no empty line above the signer
        outer._tc.remove(outer.paragraphs[0]._p)
    left = round(width * SIGN_AT, 2)
    inner = table(outer, [left, round(width - left - CELL_PAD, 2)], rows=1)
    copies, cell = inner.rows[0].cells
    for line in (*lead, f"{{{{ {who}.jabatan|upper }}}},"):
        cell_para(cell, line)
    signer_lines(cell, who, "left")
    if with_tembusan:
        copies.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        tembusan(copies)
    _tiny(outer.paragraphs[-1])  # the paragraph a cell must end with after a nested table


def signer_lines(cell, who: str, align: str, *, fixed_lines: bool = False) -> None:
    """Space for the wet or electronic signature (TTE), then name, pangkat and NIP.

    `fixed_lines` keeps an empty pangkat line, so two blocks side by side stay level.
    """
    for _ in range(3):
        cell_para(cell, align=align)
    cell_para(cell, f"{{{{ {who}.nama }}}}", bold=True, underline=True, align=align)
    if not fixed_lines:
        cell_para(cell, f"{{%p if {who}.pangkat %}}")
    cell_para(cell, f"{{{{ {who}.pangkat }}}}", align=align)
    if not fixed_lines:
        cell_para(cell, "{%p endif %}")
    cell_para(cell, f"{{% if {who}.nip %}}NIP. {{{{ {who}.nip|nip }}}}{{% endif %}}", align=align)


def _tiny(p) -> None:
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(2)


def _unsplit_row(doc, widths: list[float]):
    row = table(doc, widths, rows=1).rows[0]
    _no_split(row)
    return row


def _no_split(row) -> None:
    row._tr.get_or_add_trPr().insert_element_before(
        OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader")


def signature_pair(doc, width: float, sides: tuple[tuple[tuple[str, ...], str], ...]) -> None:
    """Two signature blocks side by side (berita acara, notulen): (lines above, who) each;
    the lines above end with the jabatan line."""
    gap(doc)
    row = _unsplit_row(doc, [width / 2, width / 2])
    for cell, (lead, who) in zip(row.cells, sides, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM  # names on one line
        for line in lead:
            cell_para(cell, line, align="center")
        signer_lines(cell, who, "center", fixed_lines=True)


def tembusan(doc) -> None:
    """The copies (Tembusan: 1. ... 2. ...), when the letter has any."""
    cell_para(doc, "{%p if tembusan %}") if _is_cell(doc) else para(doc, "{%p if tembusan %}")
    para(doc, "Tembusan:", size=SMALL, before=4)
    loop_paras(doc, "for t in tembusan", "{{ loop.index }}.\t{{ t }}", hanging=MARK, size=SMALL)
    para(doc, "{%p endif %}")
    if _is_cell(doc):
        para(doc, size=2)  # a cell keeps a paragraph when there are no copies


def _is_cell(container) -> bool:
    return hasattr(container, "_tc")


def letter_head(doc, width: float, hal: str) -> None:
    """Correspondence: place and date, Nomor/Sifat/Lampiran/Hal left, addressee right."""
    label, colon, right = 2.3, 0.4, round(width * 0.45, 2)
    value = round(width - label - colon - right, 2)
    para(doc, "{{ tempat }}, {{ tanggal|tanggal }}", left=label + colon + value)
    gap(doc)
    t = table(doc, [label, colon, value, right])
    for name, text in (("Nomor", "{{ nomor }}"), ("Sifat", "{{ sifat }}"),
                       ("Lampiran", "{{ lampiran }}"), ("Hal", hal)):
        cells = t.add_row().cells
        cell_para(cells[0], name)
        cell_para(cells[1], ":")
        cell_para(cells[2], text)
    addressee = t.cell(0, 3).merge(t.cell(3, 3))
    cell_para(addressee, "Kepada")
    cell_para(addressee, "Yth. {{ kepada }}", hanging=0.9)
    cell_para(addressee, "di -")
    cell_para(addressee, "{{ di }}", left=0.9)
    gap(doc, 12)
