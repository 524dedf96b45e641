"""A clerk's corrected letter: download the numbered draft .docx, correct it in Word or
LibreOffice, upload it back as the draft's next revision, then sign it.

The register stays intact: the revision is filed under the same letter, EP item and source (the
artefact's revision count goes up, nothing is filed twice), the letter keeps its number and date.
The upload is refused, and nothing changes, when the file is not a Word .docx (an old .doc, a
password-protected file, a macro-enabled .docm), when it no longer shows the letter's number,
or when the addressee (the Kepada/Yth. line, the team of a surat tugas, the members of the SK)
was changed: those are records, corrected at their source and generated again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from evidence.catalogue import Catalogue
from evidence.content import DOCX, check_file
from evidence.errors import InputError
from evidence.letters import MENUNGGU, LetterRepository, file_stem, get_letter, label
from evidence.ports import ObjectStore, UnitOfWork
from evidence.records import DRAFT, Surat, utcnow
from evidence.registry import Filed, FileRequest, file_artefact
from evidence.status import StatusSurat

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or a .docx locked with a password
PEOPLE = ("petugas", "anggota", "verifikator")  # the people a titled letter is addressed to


@dataclass(frozen=True)
class IsiDocx:
    """What the uploaded .docx holds, as read by the document adapter."""
    teks: str  # all its text (body, tables, headers), whitespace collapsed
    makro: bool  # it carries VBA macros or ActiveX controls


BacaDocx = Callable[[bytes], IsiDocx]  # the port: .docx bytes -> its text; InputError if unreadable


def _flat(text: str) -> str:
    return " ".join(text.split())


def tujuan(surat: Surat) -> list[str]:
    """Who the letter is addressed to, as its text must still show them."""
    ctx = surat.konteks or {}
    names = [ctx["kepada"]] if ctx.get("kepada") else []
    for key in PEOPLE:
        names += [p["nama"] for p in ctx.get(key) or [] if isinstance(p, dict) and p.get("nama")]
    return [_flat(str(n)) for n in names]


def _check_letter(surat: Surat) -> None:
    ref = label(surat)
    if surat.status == StatusSurat.FINAL:
        raise InputError(f"Surat {ref} sudah ditandatangani (final); isinya tidak dapat direvisi. "
                         "Bila ada kesalahan, buat surat ralat atau surat baru.")
    if surat.status == MENUNGGU:
        raise InputError(f"Surat {ref} sedang menunggu persetujuan; revisi diunggah setelah "
                         "disetujui dan diberi nomor.")
    if surat.status == StatusSurat.DITOLAK:
        raise InputError(f"Surat {ref} ditolak ({surat.catatan}); buat ulang, bukan direvisi.")
    if surat.nomor is None or not surat.bernomor_dirender:
        raise InputError(f"Surat {ref} belum bernomor. Beri nomor dan tanggal dulu (tpcb surat "
                         f"nomor {ref} --tanggal TTTT-BB-HH), unduh draf bernomornya, perbaiki, "
                         "lalu unggah sebagai revisi.")


def _check_file(data: bytes, filename: str, max_bytes: int) -> None:
    if data.startswith(OLE):
        raise InputError(f"Berkas '{filename}' adalah dokumen Word lama (.doc) atau .docx yang "
                         "dikunci kata sandi. Simpan ulang sebagai 'Dokumen Word (.docx)' tanpa "
                         "kata sandi, lalu unggah lagi.")
    if not filename.lower().endswith(".docx"):
        raise InputError(f"Revisi surat harus dokumen Word (.docx); '{filename}' bukan .docx.")
    if check_file(data, filename, max_bytes=max_bytes) is not DOCX:
        raise InputError(f"Isi berkas '{filename}' bukan dokumen Word (.docx).")


def _check_text(surat: Surat, isi: IsiDocx, filename: str) -> None:
    if isi.makro:
        raise InputError(f"Berkas '{filename}' memuat makro (VBA) atau kontrol ActiveX. Simpan "
                         "ulang sebagai 'Dokumen Word (.docx)' tanpa makro, lalu unggah lagi.")
    teks = _flat(isi.teks)
    if label(surat) not in teks:  # the number (_check_letter refused a letter without one)
        shown = re.findall(r"(?i)nomor\s*:?\s*(\S+)", teks)
        seen = f" (di berkas tertulis: {shown[0]})" if shown else ""
        raise InputError(f"Nomor surat {surat.nomor} tidak ditemukan di berkas '{filename}'"
                         f"{seen}. Nomor diberikan buku agenda dan tidak boleh diubah; kembalikan "
                         "nomornya lalu unggah lagi.")
    folded = teks.casefold()  # "KEPALA PUSKESMAS" for "Kepala Puskesmas" is the same addressee
    missing = [name for name in tujuan(surat) if name.casefold() not in folded]
    if missing:
        raise InputError(f"Tujuan surat berubah: {', '.join(missing)} tidak ada lagi di berkas "
                         f"'{filename}'. Tujuan surat tercatat di register; ubah datanya di "
                         "sumbernya (tim kunjungan, SK, data Puskesmas) lalu buat ulang suratnya.")


def unggah_revisi(uow: UnitOfWork[LetterRepository], store: ObjectStore, catalogue: Catalogue, baca: BacaDocx,
                  ref: str, data: bytes, filename: str, *, max_bytes: int) -> tuple[Surat, Filed]:
    """File the clerk's corrected .docx as the letter's next draft revision (checked first); the
    revision and the letter pointing to it are stored in one step."""
    surat = get_letter(uow.repo, ref)
    _check_letter(surat)
    _check_file(data, filename, max_bytes)
    _check_text(surat, baca(data), filename)
    with uow.step():
        filed = file_artefact(uow, store, catalogue, FileRequest(
            data=data, filename=f"{file_stem(label(surat))}_{surat.templat}.docx",
            item_id=surat.item_id, pemilik=surat.pemilik, tahun=surat.tahun, tanggal=surat.tanggal,
            status=DRAFT, sumber=f"surat:{surat.templat}:{surat.sumber}", replace=True),
            max_bytes=max_bytes)
        if filed.changed and surat.artefak_draf != filed.artefact.kunci:
            surat.artefak_draf, surat.diubah = filed.artefact.kunci, utcnow()
            uow.repo.add(surat)
    return surat, filed
