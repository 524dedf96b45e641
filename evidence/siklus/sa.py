"""Stage 3 input: the Puskesmas's SA against the accreditation standard (EP c D, c-d1) and the
TPCB's analysis of it as material for the visit (EP c D, c-d2).

The SA of year Y is submitted early in Y and analysed before that year's supervision visit.
"""

from __future__ import annotations

from datetime import date

from evidence.dokumen import DocumentRequest, issue_document
from evidence.errors import InputError, NotFound
from evidence.format_id import persen
from evidence.kinerja.importer import xlsx_ke_csv
from evidence.records import FINAL
from evidence.records.survei import SaStandar
from evidence.registry import FileRequest, file_artefact, require_office, require_puskesmas
from evidence.sa_standar import (
    BarisSa,
    di_bawah_tl,
    kriteria,
    parse_sa,
    per_bab,
    rekomendasi_tpcb,
    ringkas,
)
from evidence.siklus.jadwal import hari_kerja
from evidence.siklus.konteks import base, images, ketua_ttd, puskesmas_ref
from evidence.siklus.ports import Ctx


def baca(data: bytes, filename: str, c: Ctx) -> list[BarisSa]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return parse_sa(xlsx_ke_csv(data, "SA Puskesmas"), c.catalogue)
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"Berkas '{filename}' bukan CSV UTF-8.") from exc
        return parse_sa(text, c.catalogue)
    raise InputError(f"Berkas SA '{filename}' harus .csv atau .xlsx.")


def impor(c: Ctx, kode: str, tahun: int, data: bytes, filename: str, tanggal: date):
    """Validate the whole sheet first, then file it as c-d1 (final upload) and keep its rows."""
    if c.repo.puskesmas(kode) is None:
        raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    if tanggal.year != tahun:
        raise InputError(f"Tanggal SA {tanggal.isoformat()} tidak berada di tahun {tahun}.")
    rows = baca(data, filename, c)
    filed = file_artefact(c.uow, c.store, c.catalogue, FileRequest(
        data=data, filename=filename, item_id="c-d1", pemilik=kode, tahun=tahun, tanggal=tanggal,
        status=FINAL, sumber=f"sa_standar:{kode}:{tahun}", replace=True), max_bytes=c.max_bytes)
    row = c.repo.sa_standar(tahun, kode) or SaStandar(tahun=tahun, puskesmas=kode, tanggal=tanggal)
    row.tanggal, row.kunci = tanggal, filed.artefact.kunci
    row.baris = [r.model_dump() for r in rows]
    c.repo.add(row)
    return row, filed


def rows_of(row: SaStandar) -> list[BarisSa]:
    return [BarisSa.model_validate(r) for r in row.baris]


def analisis(c: Ctx, tahun: int, kode: str):
    """The analysis (c-d2), a draft until the Ketua TPCB signs it; None while no SA is imported."""
    sa = c.repo.sa_standar(tahun, kode)
    if sa is None:
        return None
    office, pkm = require_office(c.repo), require_puskesmas(c.repo, kode)
    rows = rows_of(sa)
    babs = per_bab(rows)
    criterion = c.catalogue.criterion
    own = kriteria(rows, criterion)
    tanggal = max(hari_kerja(sa.tanggal, 5), hari_kerja(date(tahun, 2, 16), 0))
    ctx = base(office, tanggal, ketua_ttd(c.repo.tim()), tahun=tahun, puskesmas=puskesmas_ref(pkm),
               tanggal_sa=sa.tanggal, bab=[_bab(b) for b in babs], kriteria=criterion,
               kriteria_ep=[_ep(r) for r in own],
               capaian_kriteria=_capaian(ringkas(own).capaian) if own else "tidak dinilai",
               di_bawah_tl=[_ep(r) for r in di_bawah_tl(rows)],
               rekomendasi=rekomendasi_tpcb(babs, rows, criterion))
    return issue_document(c.uow, c.store, c.catalogue, c.render, DocumentRequest(
        templat="analisis_sa", sumber=f"analisis_sa:{kode}:{tahun}", item_id="c-d2", pemilik=kode,
        tanggal=tanggal, context=ctx, images=images(office)), max_bytes=c.max_bytes)


def _capaian(value: float | None) -> str:
    return persen(value, kosong="tidak dinilai")


def _bab(b) -> dict:
    return dict(bab=b.bab, judul=b.judul, dinilai=b.dinilai, tl=b.tl, ts=b.ts, tt=b.tt, tdd=b.tdd,
                capaian=_capaian(b.capaian))


def _ep(r: BarisSa) -> dict:
    return dict(kode=f"{r.kriteria} EP {r.ep}", skor=r.skor, fakta=r.fakta or "-",
                rekomendasi=r.rekomendasi or "-")
