"""TTE through the real CLI: `tpcb tte periksa` and `tpcb surat tte` with the office's own
certificate (PKCS#12 and password from the environment only)."""

from __future__ import annotations

import json

import pytest
import yaml

from doc_templates import tte
from doc_templates.pdf import find_soffice
from tests.e2e.test_cli_surat import UMPAN_BALIK
from tests.samples import pdf_bytes
from tests.tte_ca import KEPALA, PASSWORD, pki


@pytest.fixture
def office_key(cli, tmp_path):
    root = tmp_path / "akar_kantor.pem"
    root.write_bytes(pki().root_pem)
    p12 = tmp_path / "kantor.p12"
    p12.write_bytes(pki().p12)
    for name, value in (("TPCB_TTE_AKAR", str(root)), ("TPCB_TTE_P12", str(p12)),
                        ("TPCB_TTE_PASSWORD", PASSWORD)):
        cli.monkeypatch.setenv(name, value)
    return p12


def _pdf(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_periksa_reports_each_signature_and_fails_on_anything_not_valid(cli, tmp_path, office_key):
    good = tte.tandatangani(pdf_bytes(), pki().p12, PASSWORD, alasan="Uji", lokasi="Sukamaju")
    r = cli("tte", "periksa", _pdf(tmp_path, "sah.pdf", good), "--format", "json")
    assert r.code == 0 and json.loads(r.out)["status"] == "sah"
    assert KEPALA in json.loads(r.out)["label"]
    tampered = bytearray(good)
    tampered[tampered.index(b"/MediaBox") + 12] ^= 0x01
    cases = [
        ("ubah.pdf", bytes(tampered), 1, "dokumen diubah setelah ditandatangani"),
        ("pindaian.pdf", pdf_bytes(), 1, "Tidak ada tanda tangan elektronik"),
        ("rusak.pdf", b"%PDF-1.7 rusak", 1, "rusak"),
        ("kunci.pdf", pdf_bytes(password="x"), 1, "terkunci"),
        ("surat.docx", b"PK", 1, "harus PDF"),
    ]
    for name, data, code, message in cases:
        r = cli("tte", "periksa", _pdf(tmp_path, name, data))
        assert r.code == code and message in (r.out + r.err), name
        assert "Traceback" not in r.err


@pytest.mark.slow
def test_surat_tte_numbers_converts_signs_and_files(cli, tmp_path, office_key):
    if find_soffice() is None:
        pytest.skip("soffice tidak terpasang")
    cli.seeded()
    ctx = tmp_path / "ub.yaml"
    ctx.write_text(yaml.safe_dump(UMPAN_BALIK, allow_unicode=True))
    cli.ok("surat", "buat", "surat_umpan_balik_pembinaan", "--context", ctx, "--puskesmas", "PKM-SKJ",
           "--tanggal", "2026-03-16")
    r = cli.ok("surat", "tte", "draf-1", "--tanggal", "2026-03-16")
    assert "400.7/001/TPCB/III/2026" in r.out and f"TTE sah ({KEPALA})" in r.out
    shown = json.loads(cli.ok("surat", "show", "400.7/001/TPCB/III/2026", "--format", "json").out)
    assert shown["status"] == "final" and shown["tte"] == f"TTE sah ({KEPALA})"
    out = tmp_path / "final.pdf"
    cli.ok("artefact", "get", shown["kunci_final"], "--out", out)
    assert cli("tte", "periksa", out).code == 0  # what was filed verifies on its own
    cli.monkeypatch.setenv("TPCB_TTE_PASSWORD", "salah")
    cli.ok("surat", "buat", "surat_umpan_balik_pembinaan", "--context", ctx, "--puskesmas", "PKM-SKJ",
           "--tanggal", "2026-03-17", "--sumber", "kedua")
    r = cli("surat", "tte", "draf-2", "--tanggal", "2026-03-17")
    assert r.code == 1 and "kata sandi salah" in r.err
    [_, second] = json.loads(cli.ok("surat", "list", "--format", "json").out)
    assert second["status"] == "draft" and second["nomor"] is None  # nothing changed, no number
