"""Small valid files and records for tests."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from pypdf import PdfReader, PdfWriter

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


def pdf_outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark of a PDF, in order."""
    out = []

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1)
            else:
                out.append((depth, node.title, reader.get_destination_page_number(node) + 1))
    walk(reader.outline, 0)
    return out


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


# -- hostile files: each looks like an accepted type but must be refused ----------------------------
def pdf_with(kind: str) -> bytes:
    """A one-page PDF that acts when opened: javascript, launch, embedded, or js_hex (obfuscated)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        TextStringObject,
    )

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    if kind == "javascript":  # document-level script in the /Names tree
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject("app.alert('x');")})
        tree = DictionaryObject({NameObject("/Names"): ArrayObject(
            [TextStringObject("skrip"), w._add_object(action)])})
        w._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): w._add_object(tree)})
    elif kind == "launch":
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                   NameObject("/F"): TextStringObject("calc.exe")})
        w._root_object[NameObject("/OpenAction")] = w._add_object(action)
    elif kind == "embedded":
        w.add_attachment("payload.exe", b"MZ" + b"\0" * 64)
    elif kind == "js_hex":
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject("app.alert(1)")})
        w._root_object[NameObject("/OpenAction")] = w._add_object(action)
        buf = io.BytesIO()
        w.write(buf)
        return buf.getvalue().replace(b"/JavaScript", b"/J#61vaScript")
    elif kind == "annot_js":
        page = w.pages[0]
        stream = DecodedStreamObject()
        stream.set_data(b"app.alert(2)")
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): w._add_object(stream)})
        annot = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                  NameObject("/Subtype"): NameObject("/Link"),
                                  NameObject("/Rect"): ArrayObject([]),
                                  NameObject("/A"): action})
        page[NameObject("/Annots")] = ArrayObject([w._add_object(annot)])
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def docm_as_docx() -> bytes:
    """A macro-enabled Word document (.docm) as Word saves it, to be uploaded renamed .docx."""
    src = zipfile.ZipFile(io.BytesIO(docx_bytes("Bermakro")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml",
                                    b"ms-word.document.macroEnabled.main+xml")
            z.writestr(info.filename, data)
        z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 512)
    return buf.getvalue()


def pdf_docx_polyglot() -> bytes:
    """A PDF whose tail is a whole .docx: opens as either."""
    return pdf_bytes(1) + docx_bytes("Poliglot")


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(buf, "JPEG")
    return buf.getvalue()
