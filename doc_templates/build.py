"""Build the packaged .docx templates with python-docx: `python -m doc_templates.build`.

Reproducible: fixed core properties and fixed zip timestamps, so an unchanged build gives
byte-identical files (a test checks the committed files are up to date). An office on F4 paper
builds its own set into an override directory:
`python -m doc_templates.build --kertas F4 --out /srv/tpcb/templat`.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from doc_templates.catalogue import catalogue
from doc_templates.layouts import documents, letters, titled
from doc_templates.layouts.parts import PAPERS, Page, new_document

HERE = Path(__file__).parent
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
Builder = Callable[..., None]
BUILDERS: dict[str, tuple[Builder, bool]] = {  # name -> (builder, landscape)
    "sk_tpcb": (titled.sk_tpcb, False),
    "jadwal_pembinaan": (documents.jadwal_pembinaan, True),
    "surat_tugas_pembinaan": (titled.surat_tugas_pembinaan, False),
    "surat_tugas_pendampingan": (titled.surat_tugas_pendampingan, False),
    "analisis_sa": (documents.analisis_sa, False),
    "laporan_hasil_pembinaan": (documents.laporan_hasil_pembinaan, False),
    "nota_dinas_laporan": (letters.nota_dinas_laporan, False),
    "surat_umpan_balik_pembinaan": (letters.surat_umpan_balik_pembinaan, False),
    "notulen_pendampingan": (documents.notulen_pendampingan, False),
    "daftar_hadir": (documents.daftar_hadir, False),
    "surat_tindak_lanjut_lokmin": (letters.surat_tindak_lanjut_lokmin, False),
    "berita_acara_verifikasi": (titled.berita_acara_verifikasi, False),
    "surat_umpan_balik_pkp": (letters.surat_umpan_balik_pkp, False),
    "panduan_wawancara": (documents.panduan_wawancara, False),
}


def normalized_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed member timestamps and order-preserving, deflated members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def build_one(name: str, kertas: str = "A4") -> bytes:
    builder, landscape = BUILDERS[name]
    page = Page(kertas, landscape)
    doc = new_document(page, catalogue()[name].title)
    builder(doc, page)
    buf = io.BytesIO()
    doc.save(buf)
    return normalized_zip(buf.getvalue())


def build_all(out: Path = HERE, kertas: str = "A4") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, entry in catalogue().items():
        path = out / entry.file
        path.write_bytes(build_one(name, kertas))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Membangun templat .docx surat TPCB.")
    parser.add_argument("--kertas", choices=sorted(PAPERS), default="A4",
                        help="ukuran kertas (bawaan A4; F4 = folio 215 x 330 mm)")
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder tujuan (bawaan: folder paket doc_templates)")
    args = parser.parse_args(argv)
    for path in build_all(args.out, args.kertas):
        print(path)


if __name__ == "__main__":
    main()
