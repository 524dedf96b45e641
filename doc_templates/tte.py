"""TTE on PDFs with pyHanko: verify every embedded signature (signer, time, issuer, integrity,
trust against the office's configured roots, e.g. the BSrE root), and sign a PDF with the
office's own PKCS#12 certificate as a PAdES signature (what Adobe and LibreOffice show as
signed)."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

from evidence.errors import InputError
from evidence.tte import HasilTte, TandaTangan, dari_tanda_tangan

logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # failures are reported as results
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
PROBLEM = {
    "NO_CERTIFICATE_CHAIN_FOUND": "sertifikat tidak berantai ke akar tepercaya kantor "
                                  "(tambahkan akar BSrE/kantor di TPCB_TTE_AKAR)",
    "EXPIRED": "sertifikat kedaluwarsa pada waktu tanda tangan",
    "OUT_OF_BOUNDS_NO_POE": "sertifikat tidak berlaku pada waktu tanda tangan",
    "NOT_YET_VALID": "sertifikat belum berlaku pada waktu tanda tangan",
    "REVOKED": "sertifikat sudah dicabut",
}


def load_roots(blobs: list[bytes]) -> list:
    """Trusted roots from PEM or DER bytes (the office's BSrE root, its own CA)."""
    from asn1crypto import pem
    from asn1crypto import x509 as ax

    roots = []
    for blob in blobs:
        if pem.detect(blob):
            roots += [ax.Certificate.load(der) for _, _, der in pem.unarmor(blob, multiple=True)]
        else:
            roots.append(ax.Certificate.load(blob))
    return roots


def periksa(pdf: bytes, roots: list) -> HasilTte:
    """What the PDF's signatures prove. A file that is not a readable PDF is refused."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise InputError(f"Berkas bukan PDF yang dapat dibaca untuk pemeriksaan TTE ({exc}).") from exc
    return dari_tanda_tangan([_one(sig, roots) for sig in signatures])


def _one(sig, roots: list) -> TandaTangan:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    cert = sig.signer_cert
    subject, issuer = cert.subject.native, cert.issuer.native
    try:
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots))
    except Exception as exc:  # noqa: BLE001 - a malformed signature is a finding, not a crash
        return TandaTangan(subject.get("common_name", "-"), subject.get("serial_number", ""), "",
                           issuer.get("common_name", "-"), False, False,
                           f"tanda tangan rusak ({type(exc).__name__})")
    when = status.signer_reported_dt
    intact = bool(status.intact and status.valid and _covers_changes(status))
    trusted = status.trust_problem_indic is None and bool(status.bottom_line or not intact)
    if not intact:
        problem = "dokumen diubah setelah ditandatangani"
    elif not trusted:
        indic = status.trust_problem_indic
        name = getattr(indic, "name", str(indic))
        problem = PROBLEM.get(name, f"sertifikat tidak dapat divalidasi ({name})")
    else:
        problem = ""
    return TandaTangan(subject.get("common_name", "-"), subject.get("serial_number", ""),
                       when.isoformat() if when else "", issuer.get("common_name", "-"),
                       intact, trusted and intact, problem)


def _covers_changes(status) -> bool:
    """Revisions added after the signature may only add validation data, never content."""
    from pyhanko.sign.diff_analysis.policy_api import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    level = getattr(status, "modification_level", None)
    return level is not None and level <= ModificationLevel.LTA_UPDATES


def tandatangani(pdf: bytes, p12: bytes, password: str, *, alasan: str, lokasi: str,
                 now: datetime | None = None) -> bytes:
    """A PAdES signature with the office's certificate; refused with a clear message when the
    password is wrong or the certificate is not valid today."""
    return tandatangani_dengan(pdf, penanda(p12, password, now), alasan=alasan, lokasi=lokasi)


def tandatangani_dengan(pdf: bytes, signer, *, alasan: str, lokasi: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="TTE", subfilter=fields.SigSeedSubFilter.PADES,
                                        reason=alasan, location=lokasi)
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def penanda(p12: bytes, password: str, now: datetime | None = None):
    """The office's signer, checked before anything is done with it: the password opens the
    PKCS#12 and its certificate is valid today."""
    signer = _signer(p12, password)
    cert = signer.signing_cert
    now = now or datetime.now(UTC)
    start, end = cert["tbs_certificate"]["validity"]["not_before"].native, \
        cert["tbs_certificate"]["validity"]["not_after"].native
    if not start <= now <= end:
        raise InputError(f"Sertifikat TTE '{cert.subject.native.get('common_name', '-')}' tidak berlaku "
                         f"hari ini (berlaku {start.date().isoformat()} s.d. {end.date().isoformat()}); "
                         "perbarui sertifikatnya.")
    return signer


def _signer(p12: bytes, password: str):
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(p12, password.encode("utf-8"))
    except ValueError as exc:
        raise InputError("Berkas PKCS#12 tidak dapat dibuka: kata sandi salah atau berkasnya rusak "
                         "(TPCB_TTE_P12, TPCB_TTE_PASSWORD).") from exc
    if key is None or cert is None:
        raise InputError("Berkas PKCS#12 tidak memuat kunci dan sertifikat penanda tangan.")
    from asn1crypto import keys as akeys
    from asn1crypto import x509 as ax
    from cryptography.hazmat.primitives import serialization

    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    chain = [ax.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in extra or []]
    return signers.SimpleSigner(
        signing_cert=ax.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=akeys.PrivateKeyInfo.load(der_key),
        cert_registry=_registry(chain))


def _registry(chain: list):
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return SimpleCertificateStore.from_certs(chain)
