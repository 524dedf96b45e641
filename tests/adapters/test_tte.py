"""Electronic signatures (TTE) with pyHanko and a throwaway CA: sign, verify, tamper, expired,
untrusted; the register and the matrix show what the signature proves (both databases)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfWriter

from doc_templates import tte
from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.completeness import evaluate, status_of
from evidence.errors import InputError
from evidence.letters import beri_nomor, issue_letter, label, sign_letter
from tests.adapters.test_letters import Render, req
from tests.fakes import FakeStore
from tests.samples import office, pdf_bytes, puskesmas
from tests.tte_ca import KEPALA, NIP, PASSWORD, pki

CAT = load_catalogue()


@pytest.fixture(scope="module")
def roots():
    return tte.load_roots([pki().root_pem])


def signed_pdf(p12: bytes | None = None, **kw) -> bytes:
    return tte.tandatangani(pdf_bytes(), p12 or pki().p12, PASSWORD, alasan="Uji", lokasi="Sukamaju",
                            **kw)


def test_a_signature_names_its_signer_time_and_issuer(roots):
    result = tte.periksa(signed_pdf(), roots)
    assert result.status == "sah" and result.label == f"TTE sah ({KEPALA})"
    [sig] = result.tanda_tangan
    assert (sig.nama, sig.nik_nip, sig.penerbit) == (KEPALA, NIP, "CA Uji Dinas Kesehatan Sukamaju")
    assert sig.utuh and sig.dipercaya
    assert abs(datetime.fromisoformat(sig.waktu) - datetime.now(UTC)) < timedelta(minutes=5)


def test_one_changed_byte_breaks_the_signature(roots):
    data = bytearray(signed_pdf())
    data[data.index(b"/MediaBox") + 12] ^= 0x01  # a digit of the page size
    result = tte.periksa(bytes(data), roots)
    assert result.status == "tidak_sah" and "dokumen diubah setelah ditandatangani" in result.label


def test_content_added_after_signing_is_a_change(roots):
    writer = PdfWriter(io.BytesIO(signed_pdf()), incremental=True)
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    assert tte.periksa(out.getvalue(), roots).status == "tidak_sah"


def test_an_unknown_root_is_not_trusted(roots):
    result = tte.periksa(signed_pdf(pki().p12_stranger), roots)
    assert result.status == "tidak_sah" and "akar tepercaya" in result.label
    assert tte.periksa(signed_pdf(), []).status == "tidak_sah"  # no root configured: not trusted


def test_an_expired_certificate_neither_signs_nor_verifies(roots):
    with pytest.raises(InputError, match="tidak berlaku hari ini"):
        signed_pdf(pki().p12_expired)
    last_valid_day = datetime.now(UTC) - timedelta(days=2)
    late = signed_pdf(pki().p12_expired, now=last_valid_day)  # the clock is checked, not trusted
    result = tte.periksa(late, roots)
    assert result.status == "tidak_sah" and "berlaku" in result.label


@pytest.mark.parametrize("p12, password, message", [
    (None, "salah", "kata sandi salah"),
    (b"bukan pkcs12", PASSWORD, "kata sandi salah atau berkasnya rusak"),
])
def test_a_bad_pkcs12_is_refused(p12, password, message):
    with pytest.raises(InputError, match=message):
        tte.tandatangani(pdf_bytes(), p12 or pki().p12, password, alasan="x", lokasi="y")


def test_a_scan_has_no_tte(roots):
    assert tte.periksa(pdf_bytes(), roots).label == "tanpa TTE (pindaian)"
    with pytest.raises(InputError, match="bukan PDF"):
        tte.periksa(b"ini bukan pdf", roots)


# -- the register and the matrix -------------------------------------------------------------------
@pytest.fixture
def letter(uow):
    repo = uow.repo
    o = office()
    o.penomoran = {"pola": "{kode}/{urut:03d}/{tahun}", "kode": {"default": "800"}}
    master_save.save_office(repo, o)
    master_save.save_puskesmas(repo, [puskesmas("PKM-A")])
    store = FakeStore()
    surat, _ = issue_letter(uow, store, CAT, Render(), req(), max_bytes=10**7)
    surat = beri_nomor(uow, store, CAT, Render(), label(surat), tanggal=date(2026, 3, 12),
                       today=date(2026, 12, 1), max_bytes=10**7)
    return uow, store, surat


def _c_d3(repo, terima_pindaian=True):
    from evidence.completeness import ScoringRule

    [r] = evaluate(repo, CAT, 2026, kode="PKM-A", rule=ScoringRule(terima_pindaian=terima_pindaian),
                   today=date(2026, 12, 1))
    return status_of(r, "c-d3")


def _sign(uow, store, surat, pdf, roots):
    return sign_letter(uow, store, CAT, surat.nomor, pdf, tanggal=date(2026, 3, 13), max_bytes=10**7,
                       periksa=lambda data: tte.periksa(data, roots))


def test_a_tampered_letter_is_kept_shown_invalid_and_never_counted(letter, roots):
    uow, store, surat = letter
    repo = uow.repo
    data = bytearray(signed_pdf())
    data[data.index(b"/MediaBox") + 12] ^= 0x01
    signed = _sign(uow, store, surat, bytes(data), roots)
    assert signed.status == "final"  # on file, as the evidence of what was sent
    v = _c_d3(repo)
    assert v.status == "belum_ditandatangani" and not v.present
    assert "TTE tidak sah: dokumen diubah setelah ditandatangani" in v.alasan
    _sign(uow, store, surat, signed_pdf(), roots)  # the genuine signed PDF replaces it
    v = _c_d3(repo)
    assert v.status == "ada" and f"TTE sah ({KEPALA})" in v.alasan


def test_a_scan_counts_unless_the_office_requires_tte(letter, roots):
    uow, store, surat = letter
    repo = uow.repo
    _sign(uow, store, surat, pdf_bytes(), roots)
    v = _c_d3(repo)
    assert v.status == "ada" and "tanpa TTE (pindaian)" in v.alasan
    v = _c_d3(repo, terima_pindaian=False)
    assert v.status == "belum_ditandatangani" and "hanya menerima tanda tangan elektronik" in v.alasan
    assert f"tpcb surat tte {surat.nomor}" in v.langkah
