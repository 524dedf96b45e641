"""`tpcb storage rendisi`: a summary in Indonesian, safe to run again, and a bundle that then
needs no conversion."""

from __future__ import annotations

import pytest

from tests.samples import docx_bytes, pdf_bytes

pytestmark = pytest.mark.slow  # LibreOffice converts the documents


def test_rendisi_summary_rerun_and_bundle(cli, tmp_path):
    cli.seeded()
    for n, item in enumerate(("c-d1", "h-d1")):
        f = tmp_path / f"bukti {n}.docx"
        f.write_bytes(docx_bytes(f"Bukti {n}"))
        cli.ok("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", item, "--file", f, "--final",
               "--tanggal", "2026-03-12")
    draf = tmp_path / "draf.docx"
    draf.write_bytes(docx_bytes("Draf"))
    cli.ok("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "h-d2", "--file", draf,
           "--tanggal", "2026-03-12")
    sk = tmp_path / "sk.pdf"
    sk.write_bytes(pdf_bytes())
    cli.ok("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "a-r1", "--file", sk, "--final",
           "--tanggal", "2026-01-10")
    before = cli.ok("bundle", "--puskesmas", "PKM-SKJ", "--tahun", "2026", "--out", tmp_path / "a.pdf")
    assert "2 berkas belum punya rendisi PDF" in before.out
    first = cli.ok("storage", "rendisi", "--puskesmas", "pkm-skj")
    assert "Rendisi PDF: 2 dibuat, 0 sudah ada, 0 gagal." in first.out
    again = cli.ok("storage", "rendisi")
    assert "Rendisi PDF: 0 dibuat, 2 sudah ada, 0 gagal." in again.out
    assert "1 dibuat" in cli.ok("storage", "rendisi", "--draf").out
    after = cli.ok("bundle", "--puskesmas", "PKM-SKJ", "--tahun", "2026", "--out", tmp_path / "b.pdf")
    assert "belum punya rendisi" not in after.out
    reconcile = cli.ok("storage", "reconcile").out
    assert "Objek tanpa baris data: 0" in reconcile and "Rendisi PDF yang tidak dirujuk" in reconcile
    assert "tidak cocok: 0" in cli.ok("storage", "verify").out


def test_rendisi_refuses_an_unknown_puskesmas(cli):
    cli.seeded()
    r = cli("storage", "rendisi", "--puskesmas", "PKM-XYZ")
    assert r.code == 1 and "PKM-XYZ" in r.err and "tidak terdaftar" in r.err
