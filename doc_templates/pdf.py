"""Word (.docx) and Excel (.xlsx) to PDF with LibreOffice (`soffice --headless`), plus PDF metadata.

Many documents go through ONE soffice process: start-up costs about a second, converting a
one-page letter a few tens of milliseconds, so a batch is far cheaper than one call per letter.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from doc_templates.errors import TemplateError
from evidence.content import DOCX, XLSX, Kind, sniff

log = logging.getLogger(__name__)
KILL_GRACE = 5.0  # seconds between SIGTERM and SIGKILL on a timed-out soffice
OFFICE: tuple[Kind, ...] = (DOCX, XLSX)  # what soffice converts here (xlsx: libreoffice-calc-nogui)
# soffice runs of one process at a time: one per core. A flow maps many batches onto Prefect's
# threads (up to 32); as many LibreOffice instances would share two cores and ~150 MB each, and
# every batch would take as long as all of them together (its timeout counts from its own start).
_SOFFICE_SLOTS = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))


class PdfError(TemplateError):
    """A document could not be turned into a PDF; `detail` is soffice's output, for the log only
    (logged by doc_templates.pdf where it happens)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


class SofficeMissing(PdfError):
    """LibreOffice is not installed (or not where we were told it is)."""

    def __init__(self) -> None:
        super().__init__(
            "LibreOffice (soffice) tidak ditemukan. Pasang dengan: apt-get install "
            "libreoffice-writer-nogui fonts-liberation fonts-crosextra-carlito (atau jalankan "
            "make demo/make test sebagai root). Dokumen .docx tetap dibuat."
        )


def find_soffice() -> str | None:
    """Path of the soffice executable: $TPCB_SOFFICE if set, else soffice/libreoffice on PATH."""
    override = os.environ.get("TPCB_SOFFICE")
    if override:
        return shutil.which(override)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _safe_names(names: list[str], ext: dict[str, str] | None = None) -> dict[str, str]:
    """Caller's name -> file name safe for the temp dir (and for soffice's command line), with
    the extension soffice needs to pick its filter (`ext`, default .docx).

    The index prefix keeps names unique even when two differ only by unsafe characters.
    """
    safe = {}
    for i, name in enumerate(names):
        stem = re.sub(r"\.(docx|xlsx)$", "", Path(name).name, flags=re.IGNORECASE)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:60] or "dokumen"
        safe[name] = f"{i:04d}-{stem}{(ext or {}).get(name, '.docx')}"
    return safe


def _not_office(docs: dict[str, bytes]) -> list[str]:
    # soffice turns an empty file into a blank page and skips garbage silently (exit 0):
    # refuse what is plainly not a .docx/.xlsx before paying for a start-up.
    return [name for name, data in docs.items() if sniff(data) not in OFFICE]


def _check_inputs(docs: dict[str, bytes]) -> None:
    bad = _not_office(docs)
    if bad:
        raise PdfError("Bukan dokumen Word (.docx) atau Excel (.xlsx) yang sah, tidak dapat "
                       f"dijadikan PDF: {_quote(bad)}.")


def _run(exe: str, files: list[Path], outdir: Path, profile: Path, timeout: float) -> str:
    """Run one soffice over `files`; returns its output (for diagnosis). Kills it on timeout."""
    cmd = [exe, "--headless", "--norestore", "--nolockcheck",
           # A private profile per call: soffice instances sharing one profile talk to each other
           # through it, so concurrent calls fail, hang, or hand their work to the other instance.
           # Reusing one per process would save only ~0.1 s a call (bench/pdf.py): not worth a lock.
           f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
    try:
        # Own session: soffice is a launcher (oosplash) that forks soffice.bin; killing only the
        # launcher would leave the worker running, so we signal the whole process group.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    except (FileNotFoundError, PermissionError) as err:
        log.error("LibreOffice tidak dapat dijalankan (%s): %s", exe, err)
        raise SofficeMissing() from err
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        log.error("LibreOffice melebihi batas waktu %.0f detik untuk %d dokumen; prosesnya dihentikan",
                  timeout, len(files))
        raise PdfError(
            f"Konversi PDF melebihi batas waktu {timeout:.0f} detik ({len(files)} dokumen) dan "
            "dihentikan. Coba lagi; bila terus terjadi, kurangi jumlah dokumen per konversi."
        ) from None
    return out.decode(errors="replace")


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGTERM the whole group, SIGKILL it if still there after KILL_GRACE, and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.communicate(timeout=KILL_GRACE)  # returns once every holder of the pipe is gone
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


def _read_pdf(path: Path) -> bytes | None:
    """The PDF's bytes if it exists and has at least one page, else None."""
    try:
        data = path.read_bytes()
        return data if page_count(data) >= 1 else None
    except (OSError, PdfError):
        return None


def _soffice(soffice: str | None) -> str:
    exe = shutil.which(soffice) if soffice else find_soffice()
    if exe is None:
        log.error("LibreOffice (soffice) tidak ditemukan (TPCB_SOFFICE=%r, PATH)",
                  os.environ.get("TPCB_SOFFICE", ""))
        raise SofficeMissing()
    return exe


def _convert(exe: str, docs: dict[str, bytes], timeout: float) -> tuple[dict[str, bytes | None], str]:
    """One soffice process over every (already checked) document: name -> PDF or None, and
    soffice's output."""
    ext = {name: "." + (kind.ext[0] if (kind := sniff(data)) else "docx") for name, data in docs.items()}
    safe = _safe_names(list(docs), ext)
    with tempfile.TemporaryDirectory(prefix="tpcb-pdf-") as tmp:
        root = Path(tmp)
        indir, outdir = root / "in", root / "out"
        indir.mkdir()
        for name, data in docs.items():
            (indir / safe[name]).write_bytes(data)
        with _SOFFICE_SLOTS:
            log_text = _run(exe, [indir / safe[n] for n in docs], outdir, root / "profile", timeout)
        pdfs = {name: _read_pdf(outdir / Path(safe[name]).with_suffix(".pdf")) for name in docs}
    failed = [name for name, pdf in pdfs.items() if pdf is None]
    if failed:
        log.error("LibreOffice gagal membuat PDF dari %s; keluaran soffice:\n%s", _quote(failed),
                  log_text.strip() or "(kosong)")
    return pdfs, log_text


def convert_batch(docs: dict[str, bytes], *, timeout: float = 180,
                  soffice: str | None = None) -> dict[str, bytes]:
    """Convert every .docx/.xlsx (name -> bytes) to PDF with one soffice process; name -> PDF bytes.

    All or nothing: if one document fails, PdfError names it and nothing is returned.
    """
    exe = _soffice(soffice)
    if not docs:
        return {}
    _check_inputs(docs)
    pdfs, log_text = _convert(exe, docs, timeout)
    failed = [name for name, pdf in pdfs.items() if pdf is None]
    if failed:
        raise PdfError(f"LibreOffice gagal membuat PDF dari {_quote(failed)}; berkas mungkin "
                       "rusak. Periksa dengan membukanya di Word/LibreOffice.", detail=log_text)
    return {name: pdf for name, pdf in pdfs.items() if pdf is not None}


RUSAK = "LibreOffice gagal membuat PDF-nya; berkas mungkin rusak (buka di Word/LibreOffice)"
BUKAN_OFFICE = "bukan dokumen Word (.docx) atau Excel (.xlsx) yang sah"


def convert_each(docs: dict[str, bytes], *, timeout: float = 180,
                 soffice: str | None = None) -> tuple[dict[str, bytes], dict[str, str]]:
    """Like convert_batch (one soffice process), but one bad document does not sink the others:
    (name -> PDF, name -> why it failed). A missing soffice still raises SofficeMissing; a
    timeout fails every document of the batch."""
    exe = _soffice(soffice)
    failed = dict.fromkeys(_not_office(docs), BUKAN_OFFICE)
    good = {name: data for name, data in docs.items() if name not in failed}
    if not good:
        return {}, failed
    try:
        pdfs, _ = _convert(exe, good, timeout)
    except SofficeMissing:
        raise
    except PdfError as err:
        return {}, {**failed, **dict.fromkeys(good, str(err))}
    failed.update((name, RUSAK) for name, pdf in pdfs.items() if pdf is None)
    return {name: pdf for name, pdf in pdfs.items() if pdf is not None}, failed


def convert_one(data: bytes, name: str = "dokumen.docx", **kw) -> bytes:
    """One .docx to PDF (a batch of one; same errors as convert_batch)."""
    return convert_batch({name: data}, **kw)[name]


def _reader(pdf: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(pdf))
        len(reader.pages)  # pypdf parses lazily: force the page tree now, inside the try
        return reader
    except (PyPdfError, ValueError, KeyError, OSError) as err:
        raise PdfError(f"Berkas PDF tidak dapat dibaca: {err}") from err


def page_count(pdf: bytes) -> int:
    return len(_reader(pdf).pages)


def set_metadata(pdf: bytes, *, title: str, subject: str, keywords: str, author: str = "") -> bytes:
    """The same PDF with document properties set (shown by viewers and indexed by search)."""
    writer = PdfWriter(clone_from=_reader(pdf))
    meta = {"/Title": title, "/Subject": subject, "/Keywords": keywords, "/Creator": "tpcb"}
    if author:
        meta["/Author"] = author
    writer.add_metadata(meta)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _quote(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)
