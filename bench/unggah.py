"""Benchmark: one 10 MB PDF uploaded through the matrix page's endpoint (POST /butir/unggah).

The demo kabupaten (tests/web/state.py) behind the real FastAPI app, in process (Starlette's
TestClient: the whole ASGI stack, middleware, session, CSRF, multipart parsing, the registry's
checks, sha256, the object store and the audit entry; no socket). Each round sends new bytes under
a new name (a new artefact), then the same bytes under another name (recognised, nothing stored).
Prints figures, asserts nothing.

    .venv/bin/python -m bench.unggah [--mb 10] [--rounds 5] [--skip-s3] [--skip-sqlite]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

# The web test kit (demo kabupaten, signed-in client), loaded by name: mypy checks bench/, and the
# test kit is not part of what it checks.
conftest = importlib.import_module("tests.web.conftest")
state = importlib.import_module("tests.web.state")
DALAM, YEAR = state.DALAM, state.YEAR


def big_pdf(mb: float, seed: int) -> bytes:
    """A one-page PDF of about `mb` MB: the page's content stream carries incompressible comments."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    noise = os.urandom(int(mb * 1024 * 1024) // 2).hex().encode()
    lines = b"\n".join(b"%" + noise[i:i + 120] for i in range(0, len(noise), 120))
    stream.set_data(f"% {seed}\n".encode() + lines + b"\n")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rounds(web, label: str, mb: float, n: int) -> None:
    assert web.login_page("pj.mks").status_code == 303
    csrf = conftest.csrf_of(web.client.get(f"/matriks?puskesmas={DALAM}").text)
    form = {"csrf": csrf, "puskesmas": DALAM, "matriks": DALAM, "item": "e-d2", "tahun": str(YEAR),
            "tanggal": f"{YEAR}-01-15", "status": "final"}
    warm = web.client.post("/butir/unggah", data=form, headers={"Accept": "application/json"},
                           files={"berkas": ("pemanasan.pdf", big_pdf(0.1, -1), "application/pdf")})
    if warm.status_code != 200:  # first request loads pypdf and friends: not counted
        raise SystemExit(f"{label}: {warm.status_code} {warm.text}")
    new: list[float] = []
    same: list[float] = []
    size = 0
    for i in range(n):
        data = big_pdf(mb, i)
        size = len(data)
        for name, times in ((f"notulen besar {i}.pdf", new), (f"salinan {i}.pdf", same)):
            t0 = time.perf_counter()
            r = web.client.post("/butir/unggah", data=form, headers={"Accept": "application/json"},
                                files={"berkas": (name, data, "application/pdf")})
            times.append(time.perf_counter() - t0)
            if r.status_code != 200:
                raise SystemExit(f"{label}: {r.status_code} {r.text}")
        if r.json()["hasil"] != "sama":
            raise SystemExit(f"{label}: salinan tidak dikenali: {r.json()}")
    print(f"{label:<22} berkas {size / 1048576:5.1f} MB x {n} | baru: median {statistics.median(new):6.3f} s "
          f"(min {min(new):6.3f}, maks {max(new):6.3f}) | isi sama nama lain: median "
          f"{statistics.median(same):6.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--skip-s3", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_sqlite:
            home = Path(tmp) / "sqlite"
            rounds(conftest.make_web(home, state.build(home)), "SQLite + lokal", args.mb, args.rounds)
        if not args.skip_s3:
            from tests.s3server import running_s3_server

            with contextlib.ExitStack() as stack:
                s3 = stack.enter_context(running_s3_server())
                web = stack.enter_context(conftest.pg_s3_web(s3, Path(tmp) / "pg", "bench-unggah"))
                rounds(web, "PostgreSQL + S3", args.mb, args.rounds)


if __name__ == "__main__":
    main()
