"""Benchmark: time to the first preview of a Word file (cold: no rendition yet, so LibreOffice
runs and the rendition is filed; warm: the rendition exists), and the thumbnail of a PDF and of a
picture. Called at the application layer (tpcb.services.pratinjau), on the web tests' kabupaten
(SQLite + local folder). Prints figures, asserts nothing.

    .venv/bin/python -m bench.pratinjau [--n 3] [--ulang 20]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import tempfile
import time
from pathlib import Path

from evidence.akses import ADMIN, Actor
from tpcb.services import pratinjau

# the web tests' kabupaten (a test helper, imported by name: mypy checks the bench, not the tests)
state_uji = importlib.import_module("tests.web.state")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:7.1f} ms  min {min(values) * 1000:7.1f}  "
            f"maks {max(values) * 1000:7.1f}  (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3, help="berkas Word yang dipratinjau dingin (bawaan 3)")
    parser.add_argument("--ulang", type=int, default=20, help="ulangan pengukuran hangat (bawaan 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tpcb-bench-pratinjau-") as tmp:
        home = Path(tmp) / "home"
        t, _ = timed(lambda: state_uji.build(home))
        print(f"kabupaten uji dibangun dalam {t:.1f} s")
        app = state_uji.app_for(home)
        who = Actor("bench", ADMIN)  # office-wide: sees every artefact
        with app.repo() as repo:
            rows = repo.artefacts()
        docx = [a for a in rows if a.content_type == DOCX and not a.pdf_kunci][:args.n]
        pdfs = [a for a in rows if a.content_type == "application/pdf"]
        images = [a for a in rows if a.content_type.startswith("image/")]

        cold, cold_thumb, warm, warm_thumb = [], [], [], []
        for a in docx:
            start = time.perf_counter()
            view = pratinjau.lihat(app, who, a.kunci)
            t = time.perf_counter() - start
            assert view.media_type == "application/pdf", view.sebab
            cold.append(t)
            cold_thumb.append(timed(lambda a=a: pratinjau.miniatur(app, who, a.kunci))[0])
        for _ in range(args.ulang):
            for a in docx:
                warm.append(timed(lambda a=a: pratinjau.lihat(app, who, a.kunci))[0])
                warm_thumb.append(timed(lambda a=a: pratinjau.miniatur(app, who, a.kunci))[0])
        pdf_thumb = [timed(lambda a=a: pratinjau.miniatur(app, who, a.kunci))[0]
                     for _ in range(args.ulang) for a in pdfs[:5]]
        img_thumb = [timed(lambda a=a: pratinjau.miniatur(app, who, a.kunci))[0]
                     for _ in range(args.ulang) for a in images[:3]]
        held = [timed(lambda a=a: pratinjau.miniatur(
            app, who, a.kunci, sudah_punya=f"{a.sha256}.{pratinjau.VERSI_MINIATUR}"))[0]
            for _ in range(args.ulang) for a in pdfs[:5]]

    print("Pratinjau .docx pertama, tanpa rendisi (LibreOffice + simpan rendisi):")
    print(f"  lihat (PDF)         {ms(cold)}")
    print("Pratinjau .docx dengan rendisi (hangat):")
    print(f"  miniatur pertama    {ms(cold_thumb)}")
    print(f"  lihat (PDF)         {ms(warm)}")
    print(f"  miniatur            {ms(warm_thumb)}")
    print("Miniatur PDF (halaman pertama, pypdfium2):")
    print(f"  miniatur            {ms(pdf_thumb)}")
    print(f"  versi sudah dipegang peramban (304) {ms(held)}")
    print("Miniatur gambar (Pillow):")
    print(f"  miniatur            {ms(img_thumb)}")


if __name__ == "__main__":
    main()
