"""The demo's fictional electronic-signature setup: a certificate authority standing in for BSrE
(its root is put in TPCB_HOME/tte/akar, which the office trusts) and the Kepala Dinas's
certificate. Made once per TPCB_HOME; for the fictional kabupaten only."""

from __future__ import annotations

import datetime as dt

from tpcb.wiring import App

PASSWORD = "demo-tte-2026"  # the demo's own, fictional; never used outside the demo


def siapkan(app: App, nama: str, nip: str):
    """The Kepala Dinas's signer for the demo (creates the fictional CA on first use)."""
    from doc_templates.tte import penanda

    folder = app.settings.home / "demo" / "tte"
    p12 = folder / "kepala_dinas.p12"
    if not p12.exists():
        root, signer = _make(nama, nip)
        folder.mkdir(parents=True, exist_ok=True)
        roots = app.settings.home / "tte" / "akar"
        roots.mkdir(parents=True, exist_ok=True)
        (roots / "demo-ca-fiktif.pem").write_bytes(root)
        p12.write_bytes(signer)
        app.__dict__.pop("tte_roots", None)  # trust the new root from now on
    return penanda(p12.read_bytes(), PASSWORD)


def _make(nama: str, nip: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key, key = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA Demo TPCB (fiktif)")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=400)).not_valid_after(now + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False),
                         critical=True)
          .sign(ca_key, hashes.SHA256()))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, nama),
                         x509.NameAttribute(NameOID.SERIAL_NUMBER, nip)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=365)).not_valid_after(now + dt.timedelta(days=730))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .sign(ca_key, hashes.SHA256()))
    return (ca.public_bytes(serialization.Encoding.PEM),
            pkcs12.serialize_key_and_certificates(b"kepala-dinas", key, cert, [ca],
                                                  serialization.BestAvailableEncryption(PASSWORD.encode())))
