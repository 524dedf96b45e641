"""Small valid files and records for tests."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from pypdf import PdfWriter

from evidence.records import AnggotaTim, Office, Puskesmas


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    if password:
        w.encrypt(password)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def docx_bytes(text: str = "Bukti") -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx-looking zip whose one member inflates to 300 MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/big.bin", "w", force_zip64=True) as f:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                f.write(chunk)
    return buf.getvalue()


def office() -> Office:
    return Office(nama="Dinas Kesehatan Kabupaten Contoh", kabupaten="Contoh",
                  kode_wilayah="99.01", kota="Contoh", alamat="Jl. Contoh 1", telepon="0291-1",
                  email="dinkes@contoh.go.id", kepala_nama="dr. Contoh", kepala_nip="1" * 18,
                  kepala_pangkat="Pembina Utama Muda (IV/c)", penomoran={})


def puskesmas(kode: str = "PKM-A", **kw) -> Puskesmas:
    base = dict(kode=kode, nama=f"Puskesmas {kode}", kecamatan="Contoh",
                kepala_nama="dr. Kepala", ktu_nama="KTU", pj_mutu_nama="PJ Mutu",
                pj_pelayanan_nama="PJ Pelayanan")
    base.update(kw)
    return Puskesmas(**base)


def anggota(kodes: list[str], nip: str = "2" * 18) -> AnggotaTim:
    return AnggotaTim(nip=nip, nama="Anggota Tim", pangkat="Penata (III/c)", jabatan="Staf",
                      bidang="Yankes", peran="anggota", puskesmas_binaan=kodes)
