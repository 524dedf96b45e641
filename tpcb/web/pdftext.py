"""A tiny text-only PDF writer (Helvetica, A4) for the bundle's cover, contents and EP pages.

No LibreOffice round-trip is needed for pages we compose ourselves, and their page count is
known before the contents page is written (its page numbers depend on it).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

WIDTH, HEIGHT, MARGIN = 595, 842, 56
TOP, BOTTOM = HEIGHT - MARGIN, MARGIN


@dataclass(frozen=True)
class Line:
    text: str
    size: float = 10
    bold: bool = False
    right: str = ""  # right-aligned text (a page number in the contents)
    indent: float = 0


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(line: Line) -> list[Line]:
    # Helvetica averages about half its size per character.
    room = (WIDTH - 2 * MARGIN - line.indent - (40 if line.right else 0)) / (0.5 * line.size)
    parts = textwrap.wrap(line.text, width=max(20, int(room))) or [""]
    out = [Line(p, line.size, line.bold, "", line.indent + (12 if i else 0)) for i, p in enumerate(parts)]
    if line.right:
        last = out[-1]
        out[-1] = Line(last.text, last.size, last.bold, line.right, last.indent)
    return out


def paginate(lines: list[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    y = TOP
    for line in (w for raw in lines for w in _wrap(raw)):
        step = line.size * 1.45
        if y - step < BOTTOM and pages[-1]:
            pages.append([])
            y = TOP
        pages[-1].append(line)
        y -= step
    return pages


def _stream(page: list[Line]) -> bytes:
    ops, y = [], TOP
    for line in page:
        y -= line.size * 1.45
        font = "/F2" if line.bold else "/F1"
        x = MARGIN + line.indent
        ops.append(f"BT {font} {line.size} Tf {x:.1f} {y:.1f} Td ({_escape(line.text)}) Tj ET")
        if line.right:
            x = WIDTH - MARGIN - 0.55 * line.size * len(line.right)
            ops.append(f"BT /F1 {line.size} Tf {x:.1f} {y:.1f} Td ({_escape(line.right)}) Tj ET")
    return "\n".join(ops).encode("cp1252", "replace")


def render(pages: list[list[Line]]) -> bytes:
    """The PDF bytes of already paginated pages."""
    fonts = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
             b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", *fonts]
    kids = []
    for page in pages:
        stream = _stream(page)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (WIDTH, HEIGHT, content))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_pdf(lines: list[Line]) -> tuple[bytes, int]:
    pages = paginate(lines)
    return render(pages), len(pages)
