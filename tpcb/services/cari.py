"""Full-text search over filed evidence and letters, for the page /cari, GET /api/cari and
`tpcb cari`: the index filled after each filing (outside the filing's transaction and locks),
its rebuild (`tpcb cari --indeks-ulang`), and the search, scoped like the evidence matrix: an
office-wide role sees everything, a PJ Mutu or surveyor their Puskesmas and the office's own
evidence; a letter's number and subject are shown only to whom the letter is visible.

`surat_cocok` gives the letter register (tpcb/services/agenda.py) the letters whose text
matches, within the actor's scope.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from doc_templates.ekstrak_teks import ekstrak_teks
from evidence import akses
from evidence.akses import Actor
from evidence.cari import BelumTerindeks, Temuan, bersihkan_teks, parse_kueri
from evidence.errors import InputError
from evidence.ports import baca_revisi
from evidence.records import DINKES, Artefact
from evidence.registry import sha256
from tpcb.services.common import kodes_in_scope

log = logging.getLogger(__name__)

BATAS_HASIL = 50
KOSONG = "Ketik kata yang dicari (huruf atau angka), misalnya: pembinaan terpadu."


# -- the index -------------------------------------------------------------------------------------
def teks_revisi(app, row: BelumTerindeks) -> str | None:
    """The text of the artefact's revision, or None when its object is gone or changed."""
    kunci, digest = row.kunci, row.sha256
    try:
        data = baca_revisi(app.store, kunci, digest)  # the upload's own bytes when in hand
    except Exception as exc:  # noqa: BLE001 - a missing object is reconcile's business
        log.warning("indeks: objek %s tidak terbaca (%s)", kunci, type(exc).__name__)
        return None
    if sha256(data) != digest:
        return None
    return bersihkan_teks(ekstrak_teks(data, row.nama_berkas))


def indeks_satu(app, row: BelumTerindeks) -> bool:
    """Read, extract and store one artefact's text; False when its object could not be read."""
    teks = teks_revisi(app, row)
    if teks is None:
        return False
    with app.uow() as uow:
        uow.repo.simpan_teks(artefak_id=row.artefak_id, revisi=row.revisi, sha256=row.sha256, teks=teks)
    return True


def indeks_sesudah_arsip(app, baru: list[Artefact], hilang: list[int]) -> None:
    """The unit of work's after-commit hook (tpcb.wiring): index what was just filed. Never
    raises: a filing is stored whatever happens here, and `tpcb cari --indeks-ulang` repairs."""
    try:
        for art in baru:
            if art.id is None:
                continue
            indeks_satu(app, BelumTerindeks(art.id, art.kunci, art.nama_berkas, art.sha256, art.revisi))
        if hilang:
            with app.uow() as uow:
                for artefak_id in hilang:
                    uow.repo.hapus_teks(artefak_id)
    except Exception:  # noqa: BLE001 - see above
        log.warning("indeks teks tidak diperbarui; jalankan: tpcb cari --indeks-ulang", exc_info=True)


@dataclass
class RingkasanIndeks:
    diindeks: int = 0
    gagal: list[str] = field(default_factory=list)  # object keys that could not be read
    dibuang: int = 0  # text of artefacts no longer on file


def indeks_ulang(app, *, semua: bool = False,
                 kemajuan: Callable[[int, int], None] | None = None) -> RingkasanIndeks:
    """Index every artefact whose current revision is not indexed (every artefact with
    `semua`); `kemajuan(done, total)` is told after each."""
    out = RingkasanIndeks()
    with app.uow() as uow:
        out.dibuang = uow.repo.rapikan_teks()
        todo = uow.repo.belum_terindeks(semua=semua)
    for i, row in enumerate(todo, 1):
        if indeks_satu(app, row):
            out.diindeks += 1
        else:
            out.gagal.append(row.kunci)
        if kemajuan:
            kemajuan(i, len(todo))
    return out


# -- the search ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SuratTemuan:
    nomor: str | None
    perihal: str
    status: str
    id: int | None


@dataclass(frozen=True)
class Hasil:
    temuan: Temuan
    puskesmas: str  # name, or "Dinas Kesehatan" for the office's own evidence
    surat: SuratTemuan | None


@dataclass(frozen=True)
class HasilCari:
    q: str
    kata: list[str]
    hasil: list[Hasil]
    batas: int

    @property
    def terpotong(self) -> bool:
        return len(self.hasil) >= self.batas


def _pemilik_in(repo, who: Actor) -> list[str] | None:
    """The owners whose evidence the actor reads: the same rule as the matrix (artefacts_for)."""
    if who.office_wide:
        return None
    return [*kodes_in_scope(repo, who), DINKES]


def cari(repo, who: Actor, teks: str | None, *, tahun: int | None = None,
         batas: int = BATAS_HASIL) -> HasilCari:
    """The artefacts (and their letters) whose current text matches, best first."""
    akses.require(who, akses.ARTEFAK_LIHAT)
    if not 1 <= batas <= 200:
        raise InputError("Batas hasil harus antara 1 dan 200.")
    kueri = parse_kueri(teks)
    found = repo.cari_teks(kueri, pemilik_in=_pemilik_in(repo, who), batas=batas, tahun=tahun)
    names = {p.kode: p.nama for p in repo.all_puskesmas()}
    letters = _surat_of(repo, who, [t.kunci for t in found])
    out = []
    for t in found:
        if not akses.may_read_artefact(who, t.pemilik):  # the SQL filter is this rule already
            continue
        out.append(Hasil(t, "Dinas Kesehatan" if t.pemilik == DINKES else names.get(t.pemilik, t.pemilik),
                         letters.get(t.kunci)))
    return HasilCari(q=(teks or "").strip(), kata=kueri.kata(), hasil=out, batas=batas)


def _surat_of(repo, who: Actor, kunci: list[str]) -> dict[str, SuratTemuan]:
    """Object key -> its letter, for the letters the actor may see (visible_letter's rule)."""
    if not akses.may(who, akses.SURAT_LIHAT):
        return {}
    out = {}
    for s in repo.surat_untuk_kunci(kunci):
        if akses.in_scope(who, s.pemilik):
            for key in (s.artefak_draf, s.artefak_final):
                if key:
                    out[key] = SuratTemuan(nomor=s.nomor, perihal=s.perihal, status=s.status, id=s.id)
    return out


@dataclass(frozen=True)
class SuratCocok:
    id: set[int]
    nomor: set[str]  # numbered letters only (a draft has no number yet)
    kunci: set[str]  # object keys of the matching artefacts (evidence and letters)


def surat_cocok(repo, who: Actor, teks: str | None) -> SuratCocok:
    """The letters the actor may see whose draft or signed text matches (for the register)."""
    akses.require(who, akses.SURAT_LIHAT)
    kunci = repo.kunci_cocok(parse_kueri(teks), pemilik_in=_pemilik_in(repo, who))
    ids, nomor = set(), set()
    for s in repo.surat_untuk_kunci(sorted(kunci)):
        if akses.in_scope(who, s.pemilik):
            ids.add(s.id)
            if s.nomor:
                nomor.add(s.nomor)
    return SuratCocok(id=ids, nomor=nomor, kunci=kunci)
