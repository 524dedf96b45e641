"""Thumbnails (miniatur): the first page of a PDF, or a picture, scaled into a box, as PNG bytes.

In-process with pypdfium2 (PDFium, a wheel with no system package) and Pillow: no poppler, no
LibreOffice, no subprocess. A Word or Excel file gets its thumbnail from its PDF rendition
(evidence.rendisi), so this module only ever sees PDFs and images.

PDFium is not thread-safe, and FastAPI runs page handlers on a thread pool: every PDFium call of
this process goes through one lock (a thumbnail takes milliseconds).
"""

from __future__ import annotations

import io
import threading

from evidence.errors import EvidenceError

KOTAK = (128, 180)  # px: twice the 64 x 90 box the matrix shows (sharp on a phone screen)
_PDFIUM = threading.Lock()
_MAX_PIXELS = 80_000_000  # a picture larger than this is refused, not decoded (decompression bomb)


class MiniaturGagal(EvidenceError):
    """The file could not be drawn as a thumbnail (its content, not the server, is at fault: 400);
    the message says why, for a clerk."""


def _png(image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def halaman_pertama(pdf: bytes, kotak: tuple[int, int] = KOTAK) -> bytes:
    """The first page of a PDF as a PNG that fits `kotak`, keeping the page's proportions."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise MiniaturGagal("PDF tidak dapat dibaca (rusak atau terkunci sandi).") from exc
        try:
            if len(doc) == 0:
                raise MiniaturGagal("PDF tidak berisi halaman.")
            page = doc[0]
            width, height = page.get_size()  # points, after the page's /Rotate
            scale = min(kotak[0] / width, kotak[1] / height)
            image = page.render(scale=scale, may_draw_forms=True).to_pil()
            page.close()
        finally:
            doc.close()
    return _png(image.convert("RGB"))


def gambar(data: bytes, kotak: tuple[int, int] = KOTAK) -> bytes:
    """A PNG or JPEG picture scaled to fit `kotak` (turned upright by its EXIF orientation)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.width * im.height > _MAX_PIXELS:
                raise MiniaturGagal("Gambar terlalu besar untuk dibuat pratinjaunya.")
            im.draft("RGB", kotak)  # JPEG: decode at a reduced size, far faster
            image = ImageOps.exif_transpose(im)
            image.thumbnail(kotak)
            mode = "RGBA" if "A" in image.getbands() else "RGB"
            return _png(image.convert(mode))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise MiniaturGagal("Gambar tidak dapat dibaca (PNG/JPEG rusak).") from exc
