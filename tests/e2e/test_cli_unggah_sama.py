"""`tpcb artefact add` with the same bytes under another file name: the registry recognises the
artefact it already holds (the rule the API and the matrix page share), says so, stores nothing."""

from __future__ import annotations

import json

from tests.samples import pdf_bytes


def test_same_bytes_under_another_name_via_the_cli(cli, tmp_path):
    cli.seeded()
    first, copy = tmp_path / "RPK 2026.pdf", tmp_path / "salinan rpk.pdf"
    first.write_bytes(pdf_bytes(2))
    copy.write_bytes(pdf_bytes(2))
    args = ("--puskesmas", "PKM-SKJ", "--item", "e-r2", "--final", "--tanggal", "2026-01-10")
    cli.ok("artefact", "add", "--file", first, *args)
    again = cli.ok("artefact", "add", "--file", copy, *args)
    text = " ".join(again.out.split())
    assert "Sudah ada (tidak ada perubahan)" in text and "/e-r2/RPK_2026.pdf" in text
    assert ("Isi berkas salinan rpk.pdf sama dengan revisi 1 butir e-r2 (nama asli RPK_2026.pdf); "
            "tidak ada yang berubah.") in text
    rows = json.loads(cli.ok("artefact", "list", "--format", "json").out)
    assert [(x["kunci"].rsplit("/", 1)[1], x["revisi"]) for x in rows if x["butir"] == "e-r2"] == [
        ("RPK_2026.pdf", 1)]
