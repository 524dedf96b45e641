"""Read an uploaded .docx for the letter-revision check: all its text and whether it carries
macros. Works on the package parts directly, so a file Word or LibreOffice saved (runs split by
editing) reads the same; text deleted with tracked changes is not read."""

from __future__ import annotations

import io
import re
import zipfile

from evidence.errors import InputError
from evidence.revisi_surat import IsiDocx

TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
MACRO_PARTS = re.compile(r"(?i)(vbaproject\.bin|vbadata\.xml|^word/activex/|\.(docm|dotm|xlsm|pptm)$)")
MACRO_TYPES = ("macroenabled", "vbaproject", "activex")
_BREAK = re.compile(r"<w:(br|tab|cr)\b[^>]*/>")
_PARA = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'"}


def _unescape(text: str) -> str:
    return re.sub(r"&(lt|gt|amp|quot|apos);", lambda m: _ENTITIES[m.group(0)], text)


def _text(xml: str) -> str:
    xml = _BREAK.sub("<w:t> </w:t>", xml)  # deleted tracked text is w:delText: not read
    return " ".join(_unescape("".join(_TEXT.findall(p))) for p in _PARA.findall(xml))


def baca_docx(data: bytes) -> IsiDocx:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
        parts = [archive.read(n).decode("utf-8", "replace") for n in names if TEXT_PARTS.match(n)]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"Dokumen Word tidak dapat dibaca ({exc}); simpan ulang sebagai .docx.") from exc
    if not parts:
        raise InputError("Dokumen Word tidak memuat isi (word/document.xml); simpan ulang sebagai .docx.")
    macro = any(MACRO_PARTS.search(n) for n in names) or any(t in types for t in MACRO_TYPES)
    return IsiDocx(teks=" ".join(" ".join(_text(p).split()) for p in parts), makro=macro)
