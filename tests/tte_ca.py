"""A throwaway certificate authority for the TTE tests: a root the office trusts, a valid signer,
an expired signer, and a signer from a root nobody configured."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "sandi-p12-uji"
KEPALA = "dr. Rahmat Wirasena Adiputra, M.M.Kes."
NIP = "197102141999031005"


@dataclass(frozen=True)
class Pki:
    root_pem: bytes  # the office's trusted root
    p12: bytes  # a valid signer under that root
    p12_expired: bytes  # same root, certificate expired yesterday
    p12_stranger: bytes  # a valid certificate from a root the office does not trust


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str, serial: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if serial:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    return x509.Name(attrs)


def _root(cn: str, now):
    key = _key()
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False),
                           critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def _signer(root_key, root, now, *, start, end) -> bytes:
    key = _key()
    cert = (x509.CertificateBuilder().subject_name(_name(KEPALA, NIP)).issuer_name(root.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now + start).not_valid_after(now + end)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .sign(root_key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"ttd", key, cert, [root],
                                                 serialization.BestAvailableEncryption(PASSWORD.encode()))


@lru_cache(maxsize=1)
def pki() -> Pki:
    now = dt.datetime.now(dt.UTC)
    root_key, root = _root("CA Uji Dinas Kesehatan Sukamaju", now)
    other_key, other = _root("CA Tidak Dikenal", now)
    return Pki(
        root_pem=root.public_bytes(serialization.Encoding.PEM),
        p12=_signer(root_key, root, now, start=-dt.timedelta(days=10), end=dt.timedelta(days=365)),
        p12_expired=_signer(root_key, root, now, start=-dt.timedelta(days=400),
                            end=-dt.timedelta(days=1)),
        p12_stranger=_signer(other_key, other, now, start=-dt.timedelta(days=10),
                             end=dt.timedelta(days=365)))
