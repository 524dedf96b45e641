"""Benchmark: .docx -> PDF with LibreOffice, one soffice call for N letters vs one call per letter.

Prints figures, asserts nothing. Also times one call per letter reusing a single profile directory,
to see what a fresh profile per call costs (doc_templates.pdf makes a fresh one every call).

    .venv/bin/python -m bench.pdf [--n 20]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from docx import Document

from doc_templates import pdf


def letter(i: int) -> bytes:
    doc = Document()
    doc.add_heading("DINAS KESEHATAN KABUPATEN BENCH", level=1)
    doc.add_paragraph(f"Nomor: 440/{i:03d}/TPCB/2026\nPerihal: Undangan Pembinaan Terpadu")
    doc.add_paragraph("Yth. Kepala Puskesmas Sukamaju\ndi tempat")
    doc.add_paragraph("Dengan hormat, bersama ini kami mengundang Saudara untuk menghadiri kegiatan "
                      "pembinaan terpadu dalam rangka peningkatan mutu pelayanan Puskesmas. " * 3)
    doc.add_paragraph("Kepala Dinas Kesehatan\n\n\n\nNama Kepala\nNIP 111111111111111111")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def one_per_call_shared_profile(exe: str, docs: dict[str, bytes]) -> list[float]:
    """Seconds per call when every call reuses one profile directory (the first call creates it)."""
    times = []
    with tempfile.TemporaryDirectory(prefix="tpcb-bench-") as tmp:
        root = Path(tmp)
        for i, data in enumerate(docs.values()):
            src = root / f"{i:04d}.docx"
            src.write_bytes(data)
            t, _ = timed(lambda src=src: pdf._run(exe, [src], root / "out", root / "profile", 180))
            times.append(t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="number of letters (default 20)")
    n = parser.parse_args().n
    exe = pdf.find_soffice()
    if exe is None:
        raise SystemExit(str(pdf.SofficeMissing()))
    docs = {f"surat-{i:03d}.docx": letter(i) for i in range(n)}
    print(f"soffice: {exe}; {n} surat satu halaman\n")

    t_batch, _ = timed(lambda: pdf.convert_batch(docs, soffice=exe))
    single = [timed(lambda name=name, d=d: pdf.convert_one(d, name, soffice=exe))[0]
              for name, d in docs.items()]
    shared = one_per_call_shared_profile(exe, docs)
    t_single, t_shared = sum(single), sum(shared)
    warm = sum(shared[1:]) / max(len(shared) - 1, 1)

    print(f"{'cara':<48}{'total s':>10}{'per dok. s':>12}")
    print(f"{'1 panggilan soffice untuk N dokumen (batch)':<48}{t_batch:>10.2f}{t_batch / n:>12.3f}")
    print(f"{'N panggilan, profil baru tiap panggilan':<48}{t_single:>10.2f}{t_single / n:>12.3f}")
    print(f"{'N panggilan, satu profil dipakai ulang':<48}{t_shared:>10.2f}{t_shared / n:>12.3f}")
    print(f"\nbatch {t_single / t_batch:.1f}x lebih cepat daripada satu panggilan per dokumen")
    print(f"panggilan pertama (profil dibuat): {shared[0]:.2f} s; berikutnya (profil ada): "
          f"rata-rata {warm:.2f} s; profil baru per panggilan: rata-rata {t_single / n:.2f} s")


if __name__ == "__main__":
    main()
