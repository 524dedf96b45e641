"""What a file really is: its type from its content, checked against its name, size and validity.

Runs before anything is stored, so a refused file leaves no trace.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from evidence.errors import InputError
from evidence.format_id import ukuran

MB = 1024 * 1024
ZIP_MAX_TOTAL = 200 * MB  # uncompressed size allowed inside a .docx/.xlsx
ZIP_MAX_RATIO = 100  # compression ratio above which a member is treated as a bomb
ZIP_MAX_MEMBERS = 2000


@dataclass(frozen=True)
class Kind:
    ext: tuple[str, ...]
    content_type: str
    label: str


PDF = Kind(("pdf",), "application/pdf", "PDF")
DOCX = Kind(("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "dokumen Word (.docx)")
XLSX = Kind(("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "lembar kerja Excel (.xlsx)")
PNG = Kind(("png",), "image/png", "gambar PNG")
JPEG = Kind(("jpg", "jpeg"), "image/jpeg", "gambar JPEG")
CSV = Kind(("csv",), "text/csv", "tabel CSV (teks UTF-8)")
KINDS = (PDF, DOCX, XLSX, PNG, JPEG, CSV)
ALLOWED = ", ".join(sorted({e for k in KINDS for e in k.ext}))


def sniff(data: bytes) -> Kind | None:
    """The kind of file the bytes are, judged by content only."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    if _is_text(data):
        return CSV
    return None


def _is_text(data: bytes) -> bool:
    """UTF-8 text without control bytes (a CSV export), judged on its first 64 KiB."""
    head = data[:65536]
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        # a multi-byte character may be cut at the edge of the sample
        try:
            text = head[:-3].decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    return not any(ord(c) < 32 and c not in "\t\r\n" for c in text)


def check_file(data: bytes, filename: str, *, max_bytes: int) -> Kind:
    """Refuse, with a clerk-readable reason, anything that should not become evidence."""
    if not data:
        raise InputError(f"Berkas '{filename}' kosong.")
    if len(data) > max_bytes:
        raise InputError(
            f"Berkas '{filename}' berukuran {ukuran(len(data))}, melebihi batas "
            f"{ukuran(max_bytes)}."
        )
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not ext:
        raise InputError(f"Nama berkas '{filename}' tidak berekstensi; beri nama dengan jenisnya, "
                         f"mis. laporan.pdf. Jenis yang diterima: {ALLOWED}.")
    if ext not in {e for k in KINDS for e in k.ext}:
        raise InputError(f"Jenis berkas '.{ext}' tidak diterima. Jenis yang diterima: {ALLOWED}.")
    kind = sniff(data)
    if kind is None or ext not in kind.ext:
        expected = next(k for k in KINDS if ext in k.ext)
        found = kind.label if kind else "isi yang tidak dikenal"
        raise InputError(
            f"Isi berkas '{filename}' bukan {expected.label} ({found}); periksa kembali berkasnya."
        )
    if kind in (DOCX, XLSX):
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_zip(archive, filename)
        _check_office_active(archive, filename)
    if kind is PDF:
        _check_pdf_active(_open_pdf(data, filename), filename)
    if kind in (PNG, JPEG):
        _check_image(data, filename, kind)
    _check_polyglot(data, filename, kind)
    return kind


def _check_zip(archive: zipfile.ZipFile, filename: str) -> None:
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    bomb = len(infos) > ZIP_MAX_MEMBERS or total > ZIP_MAX_TOTAL or any(
        i.file_size > 10 * MB and i.file_size > ZIP_MAX_RATIO * max(i.compress_size, 1)
        for i in infos
    )
    if bomb:
        raise InputError(
            f"Berkas '{filename}' ditolak: isinya mengembang terlalu besar saat dibuka "
            "(kemungkinan bom zip)."
        )
    if archive.testzip() is not None:
        raise InputError(f"Berkas '{filename}' rusak: arsipnya tidak dapat dibaca utuh.")


# -- active or disguised content ------------------------------------------------------------------
MACRO_PARTS = re.compile(r"(?i)(vbaproject\.bin|vbadata\.xml|(^|/)activex/|\.(docm|dotm|xlsm|xltm|xlam)$)")
MACRO_TYPES = ("macroenabled", "vbaproject", "activex", "ms-office.vbaproject")
PDF_ACTIVE = {"/JavaScript": "JavaScript", "/JS": "JavaScript", "/Launch": "perintah /Launch",
              "/EmbeddedFile": "berkas tersisip", "/EmbeddedFiles": "berkas tersisip",
              "/RichMedia": "media aktif (RichMedia)"}
PDF_MAX_OBJECTS = 200_000


def _check_office_active(archive: zipfile.ZipFile, filename: str) -> None:
    """Refuse Office files that carry macros (a .docm renamed .docx) or ActiveX controls."""
    names = archive.namelist()
    types = ""
    if "[Content_Types].xml" in names:
        types = archive.read("[Content_Types].xml")[:1_000_000].decode("utf-8", "replace").lower()
    if any(MACRO_PARTS.search(n) for n in names) or any(t in types for t in MACRO_TYPES):
        raise InputError(f"Berkas '{filename}' memuat makro (VBA) atau kontrol ActiveX dan ditolak. "
                         "Simpan ulang sebagai dokumen tanpa makro (.docx/.xlsx biasa), lalu unggah lagi.")


def _check_pdf_active(reader: PdfReader, filename: str) -> None:
    """Refuse PDFs that act when opened: JavaScript, /Launch, embedded files, rich media."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    found = None
    while stack and found is None and len(seen) < PDF_MAX_OBJECTS:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            try:
                obj = obj.get_object()
            except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
                continue
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                found = found or PDF_ACTIVE.get(str(key))
                if isinstance(value, NameObject):
                    found = found or PDF_ACTIVE.get(str(value))
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    if found:
        raise InputError(f"PDF '{filename}' memuat {found} yang dapat berjalan saat dibuka, dan "
                         "ditolak. Cetak ulang ke PDF biasa (tanpa skrip/lampiran), lalu unggah lagi.")


def _check_image(data: bytes, filename: str, kind: Kind) -> None:
    """An image that decodes, with nothing hidden after its end."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InputError(f"Gambar '{filename}' rusak atau bukan {kind.label} yang sah.") from None
    end = _png_end(data) if kind is PNG else data.rfind(b"\xff\xd9") + 2
    if end <= 0 or data[end:].strip(b"\x00\r\n\t ") != b"":
        raise InputError(f"Gambar '{filename}' membawa data tambahan setelah akhir gambarnya dan "
                         "ditolak. Simpan ulang gambarnya (mis. tangkapan layar baru), lalu unggah lagi.")


def _png_end(data: bytes) -> int:
    """Offset just after the IEND chunk, or -1."""
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return pos
    return -1


def _check_polyglot(data: bytes, filename: str, kind: Kind) -> None:
    """Refuse a file that is at the same time another format (e.g. a PDF that is also a ZIP)."""
    other = None
    if kind is not PDF and b"%PDF-" in data[:1024]:
        other = "PDF"
    elif kind not in (DOCX, XLSX) and (data[-65_557:].find(b"PK\x05\x06") >= 0
                                       and b"PK\x03\x04" in data):
        other = "arsip ZIP"
    elif kind is not CSV and re.search(rb"(?i)<(html|script|svg|iframe)[\s>]", data[:4096]):
        other = "HTML"
    if other:
        raise InputError(f"Berkas '{filename}' sekaligus berisi {other} di dalam {kind.label}, dan "
                         "ditolak. Unggah berkas aslinya saja.")


def check_pdf(data: bytes, filename: str) -> int:
    """A readable, unencrypted PDF with at least one page; returns its page count."""
    return len(_open_pdf(data, filename).pages)


def _open_pdf(data: bytes, filename: str) -> PdfReader:
    """The parsed PDF, refused unless readable, unencrypted and with at least one page."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(
                f"PDF '{filename}' terkunci kata sandi; unggah PDF tanpa enkripsi."
            )
        pages = len(reader.pages)
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"PDF '{filename}' rusak atau tidak dapat dibaca ({exc}).") from exc
    if pages < 1:
        raise InputError(f"PDF '{filename}' tidak memiliki halaman.")
    return reader
