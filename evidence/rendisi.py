"""PDF renditions: the PDF of a filed Word, Excel, image or CSV artefact, made once, filed next to it.

A bundle (tpcb.services.bundle) needs every file as PDF; converting with LibreOffice at request
time costs seconds. So the PDF is made once, after filing, and filed as a derived object in the
artefact's own folder, under a key addressed by the PDF's own sha256 and named after the file
(two artefacts of one item may hold the same bytes; each has its own rendition):

    {kode_wilayah}/{tahun}/{pemilik}/1.7.1/{ep}/{item_id}/rendisi/{sha256 PDF}/{nama berkas}.pdf

and recorded on the artefact row (`pdf_kunci`, `pdf_sha256`, and `pdf_sumber`: the sha256 of the
source bytes it was made from). A new revision has a new sha256, so its old rendition is no longer
valid (`sah`) and the next run makes a new one; the old object is removed once the new one is
recorded. Running again makes nothing twice. LibreOffice stamps each PDF with the time, so two
runs converting the same file at once make different bytes: addressed by its own content, each
PDF keeps its own key, the row points to one whose content it recorded, and the other is left
for `tpcb storage reconcile --fix` (as is a PDF filed just before a crash).

The rules are pure; `buat_rendisi` is the use case, over the ports (unit of work, object store,
converter).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from evidence.content import CSV, DOCX, JPEG, PNG, XLSX
from evidence.errors import NotFound
from evidence.keys import CRITERION
from evidence.ports import ObjectStore, Repository, UnitOfWork, baca_revisi
from evidence.records import DINKES, FINAL, Artefact

FOLDER = "rendisi"
_SHA256 = re.compile(r"[0-9a-f]{64}")
PDF_TYPE = "application/pdf"
# What a bundle cannot take as it is: Word and Excel, images (placed on a page; these three go
# through LibreOffice) and CSV tables (written on a text page).
JENIS = frozenset({DOCX.content_type, XLSX.content_type, PNG.content_type, JPEG.content_type,
                   CSV.content_type})
# Why a source could not be read, as the summary shows it.
SUMBER_HILANG = "objek sumber tidak ada di penyimpanan (periksa dengan: tpcb storage reconcile)"
SUMBER_BERUBAH = "isi objek sumber tidak cocok dengan sha256 yang tercatat (periksa: tpcb storage verify)"


@dataclass(frozen=True)
class Sumber:
    """One file to convert: `nama` is unique in its batch (the artefact key)."""

    nama: str
    data: bytes
    content_type: str
    judul: str  # the file name, written above an image on its page


class Konverter(Protocol):
    """Converts a batch in ONE LibreOffice run: (nama -> PDF, nama -> why it failed)."""

    def __call__(self, sumber: list[Sumber]) -> tuple[dict[str, bytes], dict[str, str]]: ...


def dapat_dirender(a: Artefact) -> bool:
    return a.content_type in JENIS


def sah(a: Artefact) -> bool:
    """A rendition is valid only for the very bytes it was made from."""
    return bool(a.pdf_kunci and a.pdf_sha256 and a.pdf_sumber == a.sha256)


def perlu(a: Artefact, *, draf: bool = False) -> bool:
    """Needs a (new) rendition: convertible, none valid, and final (drafts only when asked: only
    final artefacts go into a bundle, and most drafts are replaced by a signed PDF)."""
    return dapat_dirender(a) and not sah(a) and (draf or a.status == FINAL)


def kunci(a: Artefact, pdf_sha256: str) -> str:
    """The rendition's object key: the artefact's folder, `rendisi/`, the PDF's sha256, and the
    artefact's file name (unique in its folder)."""
    folder, name = a.kunci.rsplit("/", 1)
    return f"{folder}/{FOLDER}/{pdf_sha256}/{name}.pdf"


def adalah_kunci(key: str) -> bool:
    """Whether an object key is a rendition's (never an artefact's: those have 7 segments)."""
    parts = key.split("/")
    return (len(parts) == 9 and parts[3] == CRITERION and parts[6] == FOLDER
            and _SHA256.fullmatch(parts[7]) is not None and parts[8].endswith(".pdf"))


def usang(a: Artefact) -> bool:
    """A recorded rendition that can never be valid again: the artefact is no longer a Word,
    Excel or image file (e.g. its draft was replaced by the signed PDF)."""
    return bool(a.pdf_kunci) and not dapat_dirender(a)


@dataclass
class Rencana:
    perlu: list[str]  # artefact keys to convert, in a stable order
    sudah_ada: int  # convertible artefacts whose rendition is valid
    bersihkan: list[str] = field(default_factory=list)  # keys whose rendition is `usang`
    draf: bool = False  # drafts included

    @property
    def keys(self) -> list[str]:
        """Everything a run has to visit: what to convert, then what to clean."""
        return self.perlu + self.bersihkan


def rencana(artefacts: Iterable[Artefact], *, draf: bool = False) -> Rencana:
    rows = sorted(artefacts, key=lambda a: a.kunci)
    todo = [a.kunci for a in rows if perlu(a, draf=draf)]
    done = sum(1 for a in rows if dapat_dirender(a) and sah(a) and (draf or a.status == FINAL))
    return Rencana(todo, done, [a.kunci for a in rows if usang(a)], draf)


def rencana_untuk(repo: Repository, *, puskesmas: str | list[str] | None = None,
                  tahun: int | None = None, draf: bool = False, dengan_dinkes: bool = True) -> Rencana:
    """The plan for the whole kabupaten, or for some Puskesmas (one code or a list) together with
    the Dinkes-wide artefacts their bundles show (unless `dengan_dinkes` is off: a part of a
    sharded run leaves those to part 1 so two workers never convert the same file); of one year,
    or of every year (None)."""
    if puskesmas is None:
        return rencana(repo.artefacts(tahun=tahun), draf=draf)
    codes = [puskesmas] if isinstance(puskesmas, str) else list(puskesmas)
    for kode in codes:
        if repo.puskesmas(kode) is None:
            raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    pemilik = [*codes, DINKES] if dengan_dinkes else codes
    return rencana(repo.artefacts(pemilik_in=pemilik, tahun=tahun), draf=draf)


@dataclass
class Hasil:
    dibuat: list[str] = field(default_factory=list)  # artefact keys that got a rendition
    sudah_ada: int = 0
    gagal: dict[str, str] = field(default_factory=dict)  # artefact key -> why
    dibersihkan: int = 0  # renditions of artefacts that are no longer convertible, removed

    def tambah(self, other: Hasil) -> None:
        self.dibuat += other.dibuat
        self.sudah_ada += other.sudah_ada
        self.gagal.update(other.gagal)
        self.dibersihkan += other.dibersihkan

    def to_json(self) -> dict:
        """One summary row (flows, `tpcb cycle run`): counts, and each failure with its reason."""
        return {"dibuat": len(self.dibuat), "sudah_ada": self.sudah_ada, "gagal": len(self.gagal),
                "dibersihkan": self.dibersihkan,
                "sebab_gagal": "; ".join(f"{k}: {v}" for k, v in sorted(self.gagal.items())) or "-"}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sources(store: ObjectStore, rows: list[Artefact], hasil: Hasil) -> list[Sumber]:
    out = []
    for a in rows:
        try:
            data = baca_revisi(store, a.kunci, a.sha256)  # the upload's own bytes when in hand
        except NotFound:
            hasil.gagal[a.kunci] = SUMBER_HILANG
            continue
        if _sha256(data) != a.sha256:
            hasil.gagal[a.kunci] = SUMBER_BERUBAH
            continue
        out.append(Sumber(a.kunci, data, a.content_type, a.nama_berkas))
    return out


def _record(uow: UnitOfWork[Repository], store: ObjectStore, a: Artefact, pdf: bytes) -> None:
    """File the PDF, then stage its columns on the row (stored when the caller's step ends). A
    crash in between leaves an object no row points to, which reconcile removes."""
    digest = _sha256(pdf)
    key = kunci(a, digest)
    store.put(key, pdf, content_type=PDF_TYPE,
              metadata={"jenis": FOLDER, "artefak": a.kunci, "sumber_sha256": a.sha256})
    old = a.pdf_kunci
    a.pdf_kunci, a.pdf_sha256, a.pdf_sumber = key, digest, a.sha256
    uow.repo.add(a)
    if old and old != key:  # the rendition of an earlier revision goes once this one is stored
        uow.after_commit(lambda: store.delete(old))


def _clear(uow: UnitOfWork[Repository], store: ObjectStore, a: Artefact) -> None:
    old = a.pdf_kunci
    a.pdf_kunci = a.pdf_sha256 = a.pdf_sumber = None
    uow.repo.add(a)
    if old:
        uow.after_commit(lambda: store.delete(old))


def buat_batch(uow: UnitOfWork[Repository], store: ObjectStore, konversi: Konverter,
               keys: list[str], *, draf: bool = False) -> Hasil:
    """Renditions for one batch of artefacts (by key), in ONE converter call; each PDF is filed,
    then all rows of the batch are stored as one step. What is already valid is counted, not made."""
    hasil = Hasil()
    with uow.step():  # a short read: no transaction stays open while LibreOffice works
        rows = [a for k in keys if (a := uow.repo.artefact_by_key(k)) is not None]
    todo = [a for a in rows if perlu(a, draf=draf)]
    hasil.sudah_ada = sum(1 for a in rows if dapat_dirender(a) and sah(a))
    stale = [a for a in rows if usang(a)]
    sources = _sources(store, todo, hasil)
    pdfs, failed = konversi(sources) if sources else ({}, {})
    hasil.gagal.update(failed)
    with uow.step():
        for a in todo:
            if a.kunci in pdfs:
                _record(uow, store, a, pdfs[a.kunci])
                hasil.dibuat.append(a.kunci)
        for a in stale:
            _clear(uow, store, a)
        hasil.dibersihkan = len(stale)
    return hasil


def buat_rendisi(uow: UnitOfWork[Repository], store: ObjectStore, konversi: Konverter,
                 keys: list[str], *, ukuran_batch: int = 25, draf: bool = False,
                 kemajuan: Callable[[int], None] | None = None) -> Hasil:
    """Every listed artefact's rendition, batch by batch (each batch stored when it is done, so
    an interruption keeps what was finished). `kemajuan` hears how many keys each batch did."""
    total = Hasil()
    size = max(1, ukuran_batch)
    for i in range(0, len(keys), size):
        part = buat_batch(uow, store, konversi, keys[i:i + size], draf=draf)
        total.tambah(part)
        if kemajuan is not None:
            kemajuan(len(keys[i:i + size]))
    return total
