"""Render every template at its largest realistic size to PDF (LibreOffice) and PNG pages
(pdftoppm, poppler-utils), to look at them as a clerk would:

    python -m doc_templates.pratinjau --out pratinjau/      # then open pratinjau/*.png
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from doc_templates.catalogue import catalogue


def render_pdfs() -> dict[str, bytes]:
    """Template name -> its PDF at the largest realistic size (one LibreOffice batch)."""
    from doc_templates import render
    from doc_templates.pdf import convert_batch
    from doc_templates.samples import sample_images
    from doc_templates.samples_besar import largest_context

    docs = {name: render(name, largest_context(name), images=sample_images()).data
            for name in catalogue()}
    return convert_batch(docs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Pratinjau templat surat sebagai PDF dan PNG.")
    parser.add_argument("--out", type=Path, default=Path("pratinjau"), help="folder tujuan")
    parser.add_argument("--dpi", type=int, default=60, help="resolusi PNG (bawaan 60)")
    args = parser.parse_args(argv)
    from doc_templates.pdf import page_count

    args.out.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    for name, pdf in render_pdfs().items():
        path = args.out / f"{name}.pdf"
        path.write_bytes(pdf)
        if pdftoppm:
            subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", str(path), str(args.out / name)],
                           check=True, timeout=120)
        print(f"{name}: {page_count(pdf)} halaman -> {path}")
    if not pdftoppm:
        print("pdftoppm tidak ada (apt-get install poppler-utils): hanya PDF yang dibuat.")


if __name__ == "__main__":
    main()
