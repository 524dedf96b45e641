"""Fill a placeholder left in a rendered .docx: the letter is rendered before its number exists,
with `letters.NOMOR_SEMENTARA` where the number goes, and the number is written in once taken.

The placeholder is plain text in one run (a template prints `{{ nomor }}` whole), so replacing it
in the XML parts is enough; the number is escaped as XML text. Only the parts that hold it are
compressed again; the others (styles, images: most of the bytes) are copied as they are stored.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
from xml.sax.saxutils import escape

_LOCAL_HEADER = 30  # fixed part of a zip local file header; the name and extra field follow
# the parts a template fills (docxtpl renders the body, headers, footers and footnotes)
_RENDERED = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


def isi_penanda(docx: bytes, penanda: str, teks: str) -> bytes:
    """The .docx with every `penanda` in its text parts replaced by `teks`."""
    needle, value = penanda.encode(), escape(teks).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info) if _RENDERED.fullmatch(info.filename) else b""
            if needle in data:
                dst.writestr(info, data.replace(needle, value))
            else:
                salin_tersimpan(docx, info, dst)
    return out.getvalue()


def salin_tersimpan(docx: bytes, info: zipfile.ZipInfo, dst: zipfile.ZipFile) -> None:
    """Append one member of the zip `docx` to `dst` as it is stored, without decompressing and
    compressing it again (its CRC and sizes stay valid)."""
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", docx[start + 26:start + _LOCAL_HEADER])
    begin = start + _LOCAL_HEADER + name_len + extra_len
    raw = docx[begin:begin + info.compress_size]
    member = copy.copy(info)
    member.flag_bits &= ~0x08  # sizes are in the header: no data descriptor follows
    member.extra = b""
    assert dst.fp is not None
    member.header_offset = dst.fp.tell()
    dst.fp.write(member.FileHeader(zip64=False))
    dst.fp.write(raw)
    dst.filelist.append(member)
    dst.NameToInfo[member.filename] = member
    dst.start_dir = dst.fp.tell()
