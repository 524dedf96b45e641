"""Previews of a filed artefact for a signed-in actor: a thumbnail (PNG) and the file shown in the
browser instead of downloaded. Scoped by the rules of `artefak.readable` (the same as a download),
except that a key the actor may not read is answered like a missing one (404, one message for both).

What is shown, per kind:

| artefact | thumbnail | view |
|---|---|---|
| PDF | its first page | the PDF |
| PNG, JPEG | the picture, scaled | the picture |
| Word, Excel | first page of its PDF rendition | the rendition (PDF) |
| CSV | first page of its rendition (a text page, no LibreOffice) | the text, text/plain UTF-8 |

A Word or Excel file without a valid rendition (`evidence.rendisi.sah`) gets one on its first
preview, through the rendition use case (`buat_rendisi`: LibreOffice, filed next to the artefact,
recorded on its row), so every later preview, bundle and `tpcb storage rendisi` reuses it. Within
a process one lock per artefact key (`tpcb.services.rendisi.kunci_artefak`) makes a thumbnail and
a view asked at the same moment, or a preview during the background conversion that follows an
upload (tpcb.services.rendisi_latar), wait for one conversion instead of running two.

Thumbnails are NOT stored. They are cached by the browser instead, addressed by the artefact's
sha256: the page links `/pratinjau/<kunci>?v=<sha256 prefix>` and that URL is answered with
`Cache-Control: private, immutable` and `ETag` = the sha256 (`Miniatur.versi`). Why not a derived
object like the rendition: the expensive part (LibreOffice) is already kept as the rendition,
while drawing the first page of a PDF takes milliseconds in-process; a stored thumbnail would be
one more object for reconcile, verify, backup and revisions to know about, with no row of its own.
A new revision has a new sha256, so the matrix links a new URL and the browser asks for the new
thumbnail (the old URL no longer matches and is answered `no-cache`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from doc_templates.errors import TemplateError
from doc_templates.miniatur import MiniaturGagal, gambar, halaman_pertama
from evidence import akses, rendisi
from evidence.akses import Actor, TidakBerwenang
from evidence.content import CSV, JPEG, PDF, PNG
from evidence.errors import EvidenceError, NotFound
from evidence.records import Artefact
from evidence.registry import isi_artefak
from tpcb.services.artefak import readable
from tpcb.services.rendisi import kunci_artefak as _lock

VERSI_MINIATUR = "1"  # part of the ETag: bump when thumbnails are drawn differently
TIDAK_ADA = "Berkas tidak ditemukan atau tidak termasuk cakupan Anda."
GAMBAR = (PNG.content_type, JPEG.content_type)
RENDISI_RUSAK = ("rendisi PDF berkas ini hilang atau berubah di penyimpanan (perbaiki: tpcb storage "
                 "reconcile --fix, lalu buka lagi)")


class TidakDapatDitampilkan(EvidenceError):
    """The file exists and may be read, but cannot be previewed; the message says why."""


@dataclass(frozen=True)
class Miniatur:
    sha256: str  # of the artefact the thumbnail shows
    versi: str  # what the thumbnail depends on (ETag)
    png: bytes | None  # None: the caller already holds this version


@dataclass(frozen=True)
class Tampilan:
    """What the view shows: `data` as `media_type` under `nama`, or (media_type None) nothing,
    because of `sebab`; the caller then offers the download."""

    kunci: str
    nama: str
    media_type: str | None
    data: bytes = b""
    sebab: str = ""


def _row(app, who: Actor, key: str) -> Artefact:
    akses.require(who, akses.ARTEFAK_LIHAT)
    with app.repo() as repo:
        try:
            return readable(repo, who, key)
        except (TidakBerwenang, NotFound):
            raise NotFound(TIDAK_ADA) from None


def _source(app, row: Artefact) -> bytes:
    return isi_artefak(app.store, row)  # the row read by _row: no second session


def pdf_rendisi(app, row: Artefact) -> bytes:
    """The rendition of a Word, Excel or CSV artefact, made now (once) when none is valid."""
    if not rendisi.sah(row):
        with _lock(row.kunci):
            with app.repo() as repo:  # another request may have made it while we waited
                fresh = repo.artefact_by_key(row.kunci)
            if fresh is None:
                raise NotFound(TIDAK_ADA)
            if not rendisi.sah(fresh):
                with app.uow() as uow:
                    hasil = rendisi.buat_rendisi(uow, app.store, app.konversi_pdf, [row.kunci], draf=True)
                if row.kunci in hasil.gagal:
                    raise TidakDapatDitampilkan(f"Berkas ini tidak dapat diubah menjadi PDF: "
                                                f"{hasil.gagal[row.kunci]}.")
                with app.repo() as repo:
                    fresh = repo.artefact_by_key(row.kunci)
            row = fresh if fresh is not None and rendisi.sah(fresh) else row
    if not row.pdf_kunci:
        raise TidakDapatDitampilkan(f"Berkas ini tidak dapat diubah menjadi PDF: {RENDISI_RUSAK}.")
    try:
        data = app.store.get(row.pdf_kunci)
    except NotFound:
        raise TidakDapatDitampilkan(f"Pratinjau tidak tersedia: {RENDISI_RUSAK}.") from None
    if hashlib.sha256(data).hexdigest() != row.pdf_sha256:
        raise TidakDapatDitampilkan(f"Pratinjau tidak tersedia: {RENDISI_RUSAK}.")
    return data


def _pdf_of(app, row: Artefact) -> bytes:
    if row.content_type == PDF.content_type:
        return _source(app, row)
    if rendisi.dapat_dirender(row):
        return pdf_rendisi(app, row)
    raise TidakDapatDitampilkan("Berkas jenis ini tidak dapat ditampilkan di peramban.")


def miniatur(app, who: Actor, key: str, *, sudah_punya: str | None = None) -> Miniatur:
    """The thumbnail of an artefact (PNG); `png` is None when `sudah_punya` is its current
    `versi` (the browser's copy is still right: nothing is read or drawn)."""
    row = _row(app, who, key)
    versi = f"{row.sha256}.{VERSI_MINIATUR}"
    if sudah_punya == versi:
        return Miniatur(row.sha256, versi, None)
    if row.content_type in GAMBAR:
        png = gambar(_source(app, row))
    else:
        png = halaman_pertama(_pdf_of(app, row))
    return Miniatur(row.sha256, versi, png)


def _nama_pdf(nama: str) -> str:
    stem = nama.rsplit(".", 1)[0] if "." in nama else nama
    return f"{stem}.pdf"


def lihat(app, who: Actor, key: str) -> Tampilan:
    """The artefact as the browser can show it: a PDF, a picture, a CSV as text, or a Word/Excel
    file as its PDF rendition; otherwise nothing, and why."""
    row = _row(app, who, key)
    ct = row.content_type
    try:
        if ct == PDF.content_type or ct in GAMBAR:
            return Tampilan(row.kunci, row.nama_berkas, ct, _source(app, row))
        if ct == CSV.content_type:
            text = _source(app, row).decode("utf-8-sig", errors="replace")
            return Tampilan(row.kunci, row.nama_berkas, "text/plain; charset=utf-8", text.encode())
        if rendisi.dapat_dirender(row):
            return Tampilan(row.kunci, _nama_pdf(row.nama_berkas), PDF.content_type,
                            pdf_rendisi(app, row))
    except (TidakDapatDitampilkan, MiniaturGagal) as exc:
        return Tampilan(row.kunci, row.nama_berkas, None, sebab=str(exc))
    except TemplateError as exc:  # LibreOffice missing, or it failed: say so, offer the download
        return Tampilan(row.kunci, row.nama_berkas, None,
                        sebab=f"Berkas ini tidak dapat diubah menjadi PDF sekarang: {exc}")
    return Tampilan(row.kunci, row.nama_berkas, None,
                    sebab="Berkas jenis ini tidak dapat ditampilkan di peramban.")
