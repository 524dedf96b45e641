"""Text pages (A4) for documents we compose ourselves: the bundle's cover, contents and EP pages, a
page standing in for a file that is not a PDF, and the demo's stand-in scans.

fpdf2 writes them with DejaVu Sans, embedded and subset, so every Indonesian name (Nur'aini), every
transliteration (Ṣāliḥ), Vietnamese (Nguyễn) and Arabic script (عبد الله) prints as written, never
as "?". A line in a script that needs it (Arabic: joined letters, right to left; combining marks)
goes through harfbuzz (uharfbuzz); plain Latin lines skip shaping, which is five times slower.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from doc_templates.errors import TemplateError

log = logging.getLogger(__name__)
MARGIN = 56  # points, as the letters' own margins (2 cm)
LEADING = 1.45  # line height per point of font size
RIGHT_COLUMN = 40  # width of the right-aligned column (a page number in the contents)
FAMILY = "DejaVu"
# Not "now": the same lines give the same bytes, so a re-run files nothing anew (fpdf2's own
# reproducible-output date).
FIXED_DATE = datetime(1969, 12, 31, 19, 0, tzinfo=UTC)
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/share/fonts/TTF"), Path("/usr/local/share/fonts"),
             Path("/opt/homebrew/share/fonts"), Path.home() / "Library" / "Fonts")


@dataclass(frozen=True)
class Line:
    text: str
    size: float = 10
    bold: bool = False
    right: str = ""  # right-aligned text on the line's last row (a page number in the contents)
    indent: float = 0


@lru_cache(maxsize=1)
def font_files() -> tuple[Path, Path]:
    """DejaVu Sans regular and bold (Debian/Ubuntu: fonts-dejavu-core, installed with LibreOffice)."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise TemplateError("Fon DejaVu Sans (DejaVuSans.ttf) tidak ditemukan; pasang paket "
                        "fonts-dejavu-core (apt-get install fonts-dejavu-core).")


def _clean(text: str) -> str:
    """Composed characters (NFC) and no control character but the line break."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():
        return text
    return "".join(c if c == "\n" or unicodedata.category(c) != "Cc" else " " for c in text)


def needs_shaping(text: str) -> bool:
    """True for text that a plain glyph-per-character writer would print wrongly: Arabic and
    other complex scripts (from U+0590), and combining marks left after NFC."""
    return any((ord(c) >= 0x0590 and not 0x1E00 <= ord(c) <= 0x2BFF) or unicodedata.combining(c)
               for c in text)


def _windows_1252(lines: Iterable[Line]) -> bool:
    try:
        for line in lines:
            (line.text + line.right).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


class Halaman:
    """One PDF to which runs of text pages are added; each run starts on a new page."""

    def __init__(self, *, unicode: bool = True):
        self.pdf = FPDF(format="A4", unit="pt")
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(True, MARGIN)
        self.pdf.set_creator("tpcb")
        self.pdf.set_creation_date(FIXED_DATE)
        self.unicode = unicode
        self.missing: set[str] = set()  # characters the font has no glyph for (printed blank)
        if unicode:
            regular, bold = font_files()
            self.pdf.add_font(FAMILY, "", str(regular))
            self.pdf.add_font(FAMILY, "B", str(bold))
            self.family = FAMILY
        else:  # only for text that Helvetica's own encoding holds whole: no font to embed
            self.pdf.core_fonts_encoding = "windows-1252"
            self.family = "helvetica"

    @property
    def pages(self) -> int:
        return self.pdf.page

    def tulis(self, lines: Iterable[Line]) -> range:
        """Write `lines` from the top of a new page on; the 0-based numbers of the pages used."""
        first = self.pdf.page
        self.pdf.add_page()
        for line in lines:
            self._line(line)
        return range(first, self.pdf.page)

    def _line(self, line: Line) -> None:
        pdf, text, height = self.pdf, _clean(line.text), line.size * LEADING
        if self.unicode:
            pdf.set_text_shaping(needs_shaping(text + line.right))
        pdf.set_font(self.family, "B" if line.bold else "", line.size)
        font = pdf.current_font
        if isinstance(font, TTFFont):
            self.missing.update(c for c in text + line.right if ord(c) not in font.cmap and c != "\n")
        pdf.set_x(MARGIN + line.indent)
        if not line.right:
            pdf.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            return
        width = pdf.epw - line.indent - RIGHT_COLUMN
        pdf.multi_cell(width, height, text, align="L", new_x=XPos.RIGHT, new_y=YPos.LAST)
        pdf.set_font(self.family, "", line.size)
        pdf.cell(RIGHT_COLUMN, height, _clean(line.right), align="R", new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)

    def to_bytes(self) -> bytes:
        if self.missing:  # harfbuzz draws them as empty boxes and says nothing: we do
            log.warning("Fon %s tidak memuat karakter %s; karakter itu tercetak kosong.", FAMILY,
                        ", ".join(f"U+{ord(c):04X}" for c in sorted(self.missing)))
        return bytes(self.pdf.output())


def text_pdf(lines: list[Line]) -> tuple[bytes, int]:
    """A PDF of `lines` and its page count. Text Helvetica holds whole is written with it (no font
    to embed: a few milliseconds); anything else with DejaVu Sans."""
    doc = Halaman(unicode=not _windows_1252(lines))
    doc.tulis(lines)
    return doc.to_bytes(), doc.pages
