"""What a file really is: its type from its content, checked against its name, size and validity.

Runs before anything is stored, so a refused file leaves no trace.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from evidence.errors import InputError

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
            f"Berkas '{filename}' berukuran {len(data) / MB:.1f} MB, melebihi batas "
            f"{max_bytes / MB:.0f} MB."
        )
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
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
        _check_zip(data, filename)
    if kind is PDF:
        check_pdf(data, filename)
    return kind


def _check_zip(data: bytes, filename: str) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
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


def check_pdf(data: bytes, filename: str) -> int:
    """A readable, unencrypted PDF with at least one page; returns its page count."""
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
    return pages
