"""The buku agenda (letter register) for a reader: every letter they may see, in agenda order,
filtered and paged, each with its draft, its signed file, its receipt, its TTE check and the EP it
proves. Used by the page /agenda, its XLSX export, GET /api/surat/agenda and `tpcb surat list`.

Queries per call: the Puskesmas (names and scope), the count and the page of letters, and the
signed files of that page (their TTE check): four, whatever the page size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from evidence import akses
from evidence.agenda import (
    MAX_PER_HALAMAN,
    PER_HALAMAN,
    SaringAgenda,
    cek_bulan,
    cek_halaman,
    cek_jenis,
    cek_status,
    cek_teks,
    label_jenis,
    label_status,
)
from evidence.akses import Actor
from evidence.errors import InputError
from evidence.format_id import BULAN
from evidence.letters import label
from evidence.records import DINKES
from evidence.status import StatusSurat
from evidence.tte import HasilTte
from tpcb.services.cari import surat_cocok
from tpcb.services.common import parse_year, scoped_puskesmas

# The shell user of the server (`tpcb surat list`): office-wide, as every CLI command is.
OPERATOR_CLI = Actor("cli", akses.ADMIN)
NAMA_DINKES = "Dinas Kesehatan"


@dataclass(frozen=True)
class BarisAgenda:
    """One letter of the register, as plain data."""

    id: int
    ref: str  # the number, or draf-ID while it has none
    nomor: str | None
    tanggal: date  # the letter's date once numbered; the planned date before
    jenis: str
    jenis_label: str
    perihal: str
    tujuan: str
    penandatangan: str
    puskesmas: str | None  # kode; None for the office's own letters
    puskesmas_nama: str
    status: str
    status_label: str
    draf: str | None  # object key of the generated .docx
    final: str | None  # object key of the signed PDF
    diterima_pada: date | None  # receipt by the addressee, when recorded
    tte_status: str | None  # sah | tidak_sah | tanpa_tte; None: no signed file, or not checked
    tte: str | None  # the TTE check in words
    ep: str
    item: str


@dataclass(frozen=True)
class HalamanAgenda:
    baris: list[BarisAgenda]
    total: int
    halaman: int
    per_halaman: int
    saringan: dict[str, str] = field(default_factory=dict)  # the filter as typed, checked

    @property
    def jumlah_halaman(self) -> int:
        return max(1, -(-self.total // self.per_halaman))


def jenis_dikenal() -> list[str]:
    """The numbering kinds of the letter templates (doc_templates/catalogue.yaml)."""
    from doc_templates.catalogue import catalogue

    return sorted({e.jenis for e in catalogue().values() if e.jenis})


def pilihan(repo, who: Actor) -> dict[str, list[tuple[str, str]]]:
    """What the filter pickers offer this reader: value and label."""
    names = {p.kode: p.nama for p in repo.all_puskesmas()}
    kodes = akses.visible_puskesmas(who, list(names))
    return {"jenis": [(j, label_jenis(j)) for j in jenis_dikenal()],
            "status": [(s.value, label) for s, label in _STATUS_PILIHAN],
            "bulan": [(str(i), b) for i, b in enumerate(BULAN, start=1)],
            "puskesmas": [(k, f"{names[k]} ({k})") for k in kodes]}


_STATUS_PILIHAN = ((StatusSurat.DRAFT, "Draf / bernomor belum bertanda tangan"),
                   (StatusSurat.MENUNGGU_PERSETUJUAN, "Menunggu persetujuan"),
                   (StatusSurat.DITOLAK, "Ditolak"), (StatusSurat.FINAL, "Final (bertanda tangan)"))


def agenda(app, repo, who: Actor, *, teks: str | None = None, jenis: str | None = None,
           status: str | None = None, bulan: str | int | None = None, tahun: str | int | None = None,
           puskesmas: str | None = None, halaman: str | int | None = 1,
           per_halaman: int = PER_HALAMAN) -> HalamanAgenda:
    """One page of the register the actor may see (a PJ Mutu: only their Puskesmas's letters;
    the office's own letters are office-wide).

    `teks` is the register's text search: it matches, case-insensitively, a fragment of the
    letter's nomor or perihal, or of the name (or code) of its Puskesmas, or the words of the
    letter's own text (its draft or signed file, through the full-text index of
    `tpcb.services.cari.surat_cocok`, within the same scope).

    Bad filter values raise InputError with a message for the user (bulan outside 1..12, an
    unknown jenis or status, a year outside 2000..2100, a Puskesmas outside the actor's scope).
    """
    akses.require(who, akses.SURAT_LIHAT)
    if not 1 <= per_halaman <= MAX_PER_HALAMAN:
        raise InputError(f"Jumlah per halaman harus 1 sampai {MAX_PER_HALAMAN}.")
    page = cek_halaman(halaman)
    saring, names, typed = _saringan(repo, who, teks=teks, jenis=jenis, status=status, bulan=bulan,
                                     tahun=tahun, puskesmas=puskesmas)
    rows, total = repo.surat_agenda(saring, offset=(page - 1) * per_halaman, limit=per_halaman)
    return HalamanAgenda(_baris(app, repo, rows, names), total, page, per_halaman, typed)


def agenda_semua(app, repo, who: Actor, **filters) -> list[BarisAgenda]:
    """Every letter the filter matches (the export): same rules as `agenda`, no paging."""
    akses.require(who, akses.SURAT_LIHAT)
    saring, names, _ = _saringan(repo, who, **filters)
    rows, _total = repo.surat_agenda(saring)
    return _baris(app, repo, rows, names)


def agenda_xlsx(app, repo, who: Actor, **filters) -> tuple[bytes, int]:
    """The filtered register as an Excel workbook, and how many letters it holds."""
    from doc_templates.agenda_xlsx import buku_agenda

    rows = agenda_semua(app, repo, who, **filters)
    return buku_agenda(rows, judul=_judul(filters)), len(rows)


def _judul(filters: dict) -> str:
    parts = ["Buku agenda surat"]
    if filters.get("tahun"):
        parts.append(f"tahun {filters['tahun']}")
    bulan = cek_bulan(filters.get("bulan"))
    if bulan:
        parts.append(f"bulan {BULAN[bulan - 1]}")
    return " ".join(parts)


def _saringan(repo, who: Actor, *, teks=None, jenis=None, status=None, bulan=None, tahun=None,
              puskesmas=None) -> tuple[SaringAgenda, dict[str, str], dict[str, str]]:
    bulan_ = cek_bulan(bulan)
    jenis_ = cek_jenis(jenis, jenis_dikenal())
    status_ = cek_status(status)
    teks_ = cek_teks(teks)
    tahun_ = _tahun(tahun)
    kode = scoped_puskesmas(repo, who, puskesmas.strip() or None) if puskesmas else None
    names = {p.kode: p.nama for p in repo.all_puskesmas()}
    scope = None if who.office_wide else tuple(akses.visible_puskesmas(who, list(names)))
    found: tuple[str, ...] = ()
    if teks_:
        needle = teks_.casefold()
        found = tuple(k for k, n in {**names, DINKES: NAMA_DINKES}.items()
                      if needle in n.casefold() or needle in k.casefold())
    by_text = tuple(sorted(surat_cocok(repo, who, teks_).id)) if teks_ else ()
    typed = {"teks": teks_ or "", "jenis": jenis_ or "", "status": status_ or "",
             "bulan": str(bulan_ or ""), "tahun": str(tahun_ or ""), "puskesmas": kode or ""}
    return (SaringAgenda(tahun=tahun_, bulan=bulan_, jenis=jenis_, status=status_, pemilik=kode,
                         pemilik_in=scope, teks=teks_, teks_pemilik=found,
                         teks_id=by_text), names, typed)


def _tahun(value: str | int | None) -> int | None:
    if value is None or not str(value).strip():
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise InputError(f"Tahun '{value}' tidak sah (contoh: 2026).") from None
    return parse_year(year)


def _baris(app, repo, rows: list, names: dict[str, str]) -> list[BarisAgenda]:
    finals = [s.artefak_final for s in rows if s.artefak_final]
    tte = {a.kunci: HasilTte.from_json(a.tte) for a in repo.artefacts_by_keys(finals)}
    ep = {i.id: i.ep for i in app.catalogue.items()}
    out = []
    for s in rows:
        checked = tte.get(s.artefak_final) if s.artefak_final else None
        own = s.pemilik == DINKES
        out.append(BarisAgenda(
            id=s.id, ref=label(s), nomor=s.nomor, tanggal=s.tanggal, jenis=s.jenis,
            jenis_label=label_jenis(s.jenis), perihal=s.perihal, tujuan=s.tujuan,
            penandatangan=s.penandatangan, puskesmas=None if own else s.pemilik,
            puskesmas_nama=NAMA_DINKES if own else names.get(s.pemilik, s.pemilik),
            status=s.status, status_label=label_status(s), draf=s.artefak_draf, final=s.artefak_final,
            diterima_pada=s.diterima_pada, tte_status=checked.status if checked else None,
            tte=checked.label if checked else None, ep=ep.get(s.item_id, ""), item=s.item_id))
    return out
