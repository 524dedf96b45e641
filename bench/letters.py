"""Benchmark: surat tugas per second, from template to a signed, verified letter.

Loops over the same context:
1. a bare docxtpl render (the baseline: no validation, no template check, a fresh compile);
2. tpcb's render (schema validation + template check + sandbox, compiled templates kept);
3. draft: render + file (SQLite + local store), what the cycle does for every letter;
4. render + number + file, one letter at a time (`beri_nomor`: the number in a short
   transaction, then the numbered .docx rendered and filed);
5. the same for a day's letters at once (`beri_nomor_banyak`: one commit for the numbers,
   rendering on every core);
6. sign with TTE (PAdES, a throwaway certificate) and 7. verify TTE (pyHanko, chain to the root),
   per letter, on the letter's PDF (LibreOffice once, outside the timing).
Prints figures, asserts nothing. `.venv/bin/python -m bench.letters [--n 100]`
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from contextlib import ExitStack
from datetime import date
from importlib import resources
from pathlib import Path

from docxtpl import DocxTemplate

from doc_templates import entry, render
from doc_templates.paralel import render_banyak
from doc_templates.samples import sample_context, sample_images
from doc_templates.sandbox import make_env
from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.letters import LetterRequest, beri_nomor, issue_letter, label
from evidence.nomor_banyak import beri_nomor_banyak
from storage.db.engine import make_engine
from storage.db.migrate import upgrade
from storage.db.uow import SqlUnitOfWork
from storage.objects.local import LocalObjectStore
from tests.samples import office, puskesmas

NAME = "surat_tugas_pembinaan"
MAX = 25 * 1024 * 1024
TODAY = date(2026, 12, 31)


def bare(n: int) -> float:
    data = resources.files("doc_templates").joinpath(f"{NAME}.docx").read_bytes()
    # Same filters and the same filled-in values; no validation, template check or images.
    ctx = entry(NAME).schema_class.model_validate(sample_context(NAME)).model_dump()
    env = make_env()
    t0 = time.perf_counter()
    for _ in range(n):
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.render({**ctx, "logo": ""}, jinja_env=env)
        tpl.save(io.BytesIO())
    return n / (time.perf_counter() - t0)


def rendered(n: int) -> float:
    ctx, imgs = sample_context(NAME), sample_images()
    t0 = time.perf_counter()
    for _ in range(n):
        render(NAME, ctx, images=imgs)
    return n / (time.perf_counter() - t0)


def _render(name, context, *, images=None):
    return render(name, context, images=images)


class Register:
    """A fresh register (SQLite + local store) with n drafts issued in it."""

    def __init__(self, tmp: Path):
        self.engine = make_engine(f"sqlite:///{tmp / 'bench.db'}")
        upgrade(self.engine)
        self.store, self.cat = LocalObjectStore(tmp / "objects"), load_catalogue()
        self._open = ExitStack()
        self.uow = self._open.enter_context(SqlUnitOfWork(self.engine))  # one for the whole run
        with self.uow.step():
            master_save.save_office(self.uow.repo, office())
            master_save.save_puskesmas(self.uow.repo, [puskesmas("PKM-SKJ")])

    def drafts(self, n: int, day: int) -> tuple[list[str], float]:
        ctx = sample_context(NAME)
        ctx.pop("nomor")
        t0 = time.perf_counter()
        refs = []
        for i in range(n):
            surat, _ = issue_letter(self.uow, self.store, self.cat, _render, LetterRequest(
                templat=NAME, jenis="surat_tugas", sumber=f"bench:{day}:{i}", item_id="c-d3",
                pemilik="PKM-SKJ", tanggal=date(2026, 3, day), perihal="Pembinaan", tujuan="TPCB",
                penandatangan="Kepala Dinas", context=ctx, images=sample_images()), max_bytes=MAX)
            refs.append(label(surat))
        return refs, n / (time.perf_counter() - t0)

    def close(self) -> None:
        self._open.close()
        self.engine.dispose()


def numbering(n: int, tmp: Path) -> tuple[float, float, float, bytes]:
    reg = Register(tmp)
    try:
        one, draft_rate = reg.drafts(n, 2)
        t0 = time.perf_counter()
        for ref in one:
            surat = beri_nomor(reg.uow, reg.store, reg.cat, _render, ref, tanggal=date(2026, 3, 2),
                               today=TODAY, max_bytes=MAX)
        single = n / (time.perf_counter() - t0)
        many, _ = reg.drafts(n, 3)
        t0 = time.perf_counter()
        beri_nomor_banyak(reg.uow, reg.store, reg.cat, render_banyak, many,
                          tanggal=date(2026, 3, 3), today=TODAY, max_bytes=MAX)
        batch = n / (time.perf_counter() - t0)
        assert surat.artefak_draf is not None  # a numbered letter keeps its draft
        return draft_rate, single, batch, reg.store.get(surat.artefak_draf)
    finally:
        reg.close()


def _pdf(docx: bytes) -> tuple[bytes, str]:
    from doc_templates.pdf import PdfError, convert_batch, find_soffice

    if find_soffice():
        try:
            return convert_batch({"surat": docx})["surat"], "PDF surat dari LibreOffice"
        except PdfError:
            pass
    from pypdf import PdfWriter

    writer, buf = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(buf)
    return buf.getvalue(), "PDF kosong 1 halaman (soffice tidak ada)"


def tte(n: int, docx: bytes) -> tuple[float, float, str, str]:
    from doc_templates.tte import load_roots, penanda, periksa, tandatangani_dengan
    from tpcb import demo_tte

    pdf, source = _pdf(docx)
    root, p12 = demo_tte._make("dr. Kepala Dinas (tolok ukur)", "19710214 199903 1 005")
    signer, roots = penanda(p12, demo_tte.PASSWORD), load_roots([root])
    t0 = time.perf_counter()
    signed = [tandatangani_dengan(pdf, signer, alasan="tolok ukur", lokasi="Sukamaju")
              for _ in range(n)]
    sign_rate = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    results = [periksa(s, roots) for s in signed]
    verify_rate = n / (time.perf_counter() - t0)
    return sign_rate, verify_rate, source, results[-1].label


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    n = ap.parse_args().n
    base = bare(n)
    print(f"surat tugas, n={n}, {os.cpu_count()} inti")

    def line(label: str, rate: float) -> None:
        print(f"  {label:<47}: {rate:7.1f} /detik ({base / rate:4.2f}x waktu acuan)")

    print(f"  {'docxtpl polos (acuan)':<47}: {base:7.1f} /detik")
    line("render tpcb (validasi+cek+sandbox)", rendered(n))
    with tempfile.TemporaryDirectory() as tmp:
        draft, single, batch, numbered = numbering(n, Path(tmp))
    line("draf: render + arsip (SQLite+lokal)", draft)
    line("render + nomor + arsip, satu per satu", single)
    line("render + nomor + arsip, sekaligus (semua inti)", batch)
    sign, verify, source, verdict = tte(n, numbered)
    line("tanda tangan TTE (PAdES)", sign)
    line("periksa TTE (pyHanko, rantai ke akar)", verify)
    print(f"  TTE pada {source}; hasil periksa terakhir: {verdict}")


if __name__ == "__main__":
    main()
