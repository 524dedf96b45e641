"""Benchmark: full-text search over the demo kabupaten plus 1,000 synthetic documents (real .docx
and .pdf bytes with varied Indonesian text), on SQLite + local folder and on PostgreSQL + local
folder.

Prints, per database: the time to file the documents (the after-commit hook extracts and indexes
each), the time to index them all again (`tpcb cari --indeks-ulang --semua`: read, extract,
write), and the query latency p50/p95 over ~50 queries as the secretariat (office-wide) and as a
PJ Mutu (scoped). Asserts nothing.

    .venv/bin/python -m bench.cari [--dokumen 1000] [--skip-pg] [--skip-sqlite]
"""

from __future__ import annotations

import argparse
import importlib
import io
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from docx import Document
from fpdf import FPDF

from evidence.akses import Actor
from evidence.records import DINKES
from evidence.registry import FileRequest, file_artefact
from tpcb.services import cari
from tpcb.settings import Settings
from tpcb.wiring import App

KATA = ("pembinaan terpadu puskesmas dinas kesehatan kabupaten akreditasi mutu layanan "
        "imunisasi campak balita ibu hamil gizi buruk stunting posyandu kader desa kecamatan "
        "rencana usulan kegiatan pelaksanaan laporan hasil verifikasi kinerja indikator capaian "
        "target sasaran anggaran lokakarya mini tinjauan manajemen rapat notulen daftar hadir "
        "surat tugas umpan balik tindak lanjut rekomendasi temuan masalah kendala solusi "
        "pengawasan pendampingan keselamatan pasien insiden pelaporan sanitasi air bersih "
        "tuberkulosis malaria demam berdarah jentik nyamuk penyuluhan sekolah remaja lansia "
        "hipertensi diabetes obat farmasi gudang alat kesehatan rujukan ambulans puskesmas "
        "keliling jaringan pustu bidan perawat dokter gigi laboratorium rekam medis").split()
QUERIES = ["imunisasi", "gizi buruk", '"lokakarya mini"', "stunting posyandu", "verifikasi",
           "tindak lanjut", "puskes", "campak balita", '"rencana usulan kegiatan"', "malaria",
           "keselamatan pasien", "diabetes hipertensi", "rujukan", "notulen", "kader desa",
           '"surat tugas"', "laboratorium", "sanitasi", "farm", "tuberkulosis", "AND", '"',
           "umpan balik", "pendampingan", "insiden", "anggaran", "penyuluhan remaja", "bidan",
           "jentik nyamuk", '"daftar hadir"', "temuan rekomendasi", "ambulans", "obat gudang",
           "menindaklanjuti", "kabupaten", "capaian target", "akreditasi mutu", "lansia",
           "rekam medis", "dokter gigi", "pustu", "demam berdarah", "solusi kendala", "sekolah",
           "air bersih", "kinerja indikator", "pembina", "tinjauan manajemen", "kecamatan",
           "xyztidakada"]


def kalimat(rng: random.Random, n: int) -> str:
    words = [rng.choice(KATA) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def docx_bytes(rng: random.Random, i: int) -> bytes:
    doc = Document()
    doc.add_heading(f"Dokumen sintetis {i}", 1)
    for _ in range(rng.randint(6, 20)):
        doc.add_paragraph(kalimat(rng, rng.randint(12, 40)))
    table = doc.add_table(rows=4, cols=3)
    for row in table.rows:
        for cell in row.cells:
            cell.text = kalimat(rng, 3)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf_bytes(rng: random.Random, i: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for _ in range(rng.randint(1, 4)):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Laporan sintetis {i}. " + " ".join(
            kalimat(rng, rng.randint(12, 40)) for _ in range(rng.randint(5, 15))))
    return bytes(pdf.output())


def persentil(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(label: str, app: App, home: Path, n: int) -> None:
    st = importlib.import_module("tests.web.state")  # the demo kabupaten of the web tests

    t0 = time.perf_counter()
    built = st.build(home, app)
    print(f"[{label}] kabupaten demo dibangun dalam {time.perf_counter() - t0:.1f} s")
    rng = random.Random(1771)
    items = [i.id for i in app.catalogue.items() if i.type != "W" and i.scope == "puskesmas"]
    docs = []
    for i in range(n):
        data, ext = (docx_bytes(rng, i), "docx") if i % 2 == 0 else (pdf_bytes(rng, i), "pdf")
        docs.append(FileRequest(data=data, filename=f"sintetis-{i:04d}.{ext}", item_id=rng.choice(items),
                                pemilik=rng.choice(built.kodes), tahun=st.YEAR, tanggal=date(st.YEAR, 3, 1),
                                sumber=f"bench-{i}"))
    size = sum(len(d.data) for d in docs)
    from doc_templates.ekstrak_teks import ekstrak_teks

    for ext in ("docx", "pdf"):
        spent = []
        for req in docs:
            if req.filename.endswith(ext):
                t0 = time.perf_counter()
                ekstrak_teks(req.data, req.filename)
                spent.append((time.perf_counter() - t0) * 1000)
        print(f"[{label}] ekstraksi teks saja, .{ext}: p50 {persentil(spent, 50):.1f} ms, "
              f"p95 {persentil(spent, 95):.1f} ms per berkas")
    t0 = time.perf_counter()
    for req in docs:
        with app.uow() as uow:
            file_artefact(uow, app.store, app.catalogue, req, max_bytes=app.settings.max_upload_bytes)
    filed = time.perf_counter() - t0
    print(f"[{label}] {n} dokumen ({size / 1e6:.1f} MB) diarsipkan + diindeks saat diarsipkan: "
          f"{filed:.1f} s ({filed / n * 1000:.1f} ms/dokumen)")
    t0 = time.perf_counter()
    out = cari.indeks_ulang(app, semua=True)
    again = time.perf_counter() - t0
    print(f"[{label}] indeks ulang semua ({out.diindeks} artefak, {len(out.gagal)} gagal): "
          f"{again:.1f} s ({again / max(out.diindeks, 1) * 1000:.1f} ms/artefak)")
    for who in (Actor("sekretariat", "sekretariat"), Actor("pj.mks", "pj_mutu", (st.DALAM,))):
        times, hits = [], []
        for q in QUERIES:
            t0 = time.perf_counter()
            with app.repo() as repo:
                got = cari.cari(repo, who, q)
            times.append((time.perf_counter() - t0) * 1000)
            hits.append(len(got.hasil))
        with app.repo() as repo:
            t0 = time.perf_counter()
            letters = cari.surat_cocok(repo, who, "tindak lanjut")
            match_ms = (time.perf_counter() - t0) * 1000
        print(f"[{label}] {who.peran}: {len(QUERIES)} kueri, p50 {persentil(times, 50):.1f} ms, "
              f"p95 {persentil(times, 95):.1f} ms, maks {max(times):.1f} ms; rata-rata "
              f"{statistics.mean(hits):.1f} hasil (batas {cari.BATAS_HASIL}); surat_cocok "
              f"{match_ms:.1f} ms ({len(letters.id)} surat)")
    with app.repo() as repo:
        total = len(repo.artefacts())
        dinkes = len(repo.artefacts(pemilik=DINKES))
    print(f"[{label}] artefak: {total} ({dinkes} milik Dinkes)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dokumen", type=int, default=1000)
    ap.add_argument("--skip-pg", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    args = ap.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="bench-cari-") as tmp:
            home = Path(tmp) / "home"
            app = App(Settings(home=home))
            run("SQLite", app, home, args.dokumen)
            app.engine.dispose()
    if not args.skip_pg:
        from bench._data import database, db_url

        with database("bench_cari") as name, tempfile.TemporaryDirectory(prefix="bench-cari-") as tmp:
            home = Path(tmp) / "home"
            app = App(Settings(home=home, database_url=db_url(name)))
            run("PostgreSQL", app, home, args.dokumen)
            app.engine.dispose()


if __name__ == "__main__":
    main()
