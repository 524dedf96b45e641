"""`tpcb cari` through the real CLI: a filed document's text is found (table and JSON), odd
input is only text, an empty query is refused in Indonesian, the rebuild reports what it did."""

from __future__ import annotations

import json

from tests.samples import docx_bytes


def test_search_finds_filed_text_and_rebuild_reports(cli, tmp_path):
    cli.seeded()
    doc = tmp_path / "ruk.docx"
    doc.write_bytes(docx_bytes("Rencana usulan kegiatan imunisasi campak desa Sukamaju"))
    cli.ok("artefact", "add", "--puskesmas", "PKM-SKJ", "--item", "e-r1", "--file", doc)
    table = cli.ok("cari", "campak")
    assert "e-r1" in table.out and "ruk.docx" in table.out
    found = json.loads(cli.ok("cari", "imunis desa", "--format", "json").out)
    assert found["jumlah"] == 1 and found["hasil"][0]["pemilik"] == "PKM-SKJ"
    assert [p["teks"].lower() for p in found["hasil"][0]["cuplikan"] if p["cocok"]] == ["imunisasi", "desa"]
    odd = json.loads(cli.ok("cari", '"AND (* -campak:', "--format", "json").out)
    assert odd["kata"] == ["and", "campak"] and odd["jumlah"] == 0
    empty = cli("cari", "  *:  ")
    assert empty.code == 1 and "Ketik kata yang dicari" in empty.err
    rebuilt = cli.ok("cari", "--indeks-ulang", "--semua")
    assert "Indeks teks: 1 artefak diindeks, 0 tidak terbaca" in rebuilt.out
    assert "0 artefak diindeks" in cli.ok("cari", "--indeks-ulang").out
