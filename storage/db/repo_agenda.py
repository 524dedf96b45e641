"""The buku agenda as one paged query (evidence.agenda.AgendaRepository): filter, order, count."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, extract, func, or_
from sqlmodel import Session, col, select

from evidence.agenda import SaringAgenda
from evidence.records import Artefact, Surat


def _like(text: str) -> str:
    """`%text%` with LIKE's own characters taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _conditions(s: SaringAgenda) -> list[Any]:
    out: list[Any] = []
    for column, value in ((Surat.tahun, s.tahun), (Surat.jenis, s.jenis), (Surat.status, s.status),
                          (Surat.pemilik, s.pemilik)):
        if value is not None:
            out.append(column == value)
    if s.bulan is not None:
        out.append(extract("month", col(Surat.tanggal)) == s.bulan)
    if s.pemilik_in is not None:
        out.append(col(Surat.pemilik).in_(s.pemilik_in))
    if s.teks:
        pattern = _like(s.teks)
        found = [col(Surat.nomor).ilike(pattern, escape="\\"),
                 col(Surat.perihal).ilike(pattern, escape="\\")]
        if s.teks_pemilik:
            found.append(col(Surat.pemilik).in_(s.teks_pemilik))
        if s.teks_id:
            found.append(col(Surat.id).in_(s.teks_id))
        out.append(or_(*found))
    return out


class AgendaRepository:
    session: Session

    def surat_agenda(self, saring: SaringAgenda, *, offset: int = 0,
                     limit: int | None = None) -> tuple[list[Surat], int]:
        """One page of the register in agenda order (numbered letters by date and number, then
        the letters without a number by planned date) and the count of all that match."""
        where = _conditions(saring)
        total = self.session.exec(select(func.count()).select_from(Surat).where(*where)).one()
        q = select(Surat).where(*where).order_by(
            case((col(Surat.nomor).is_(None), 1), else_=0), col(Surat.tahun), col(Surat.tanggal),
            col(Surat.seri), col(Surat.urut), col(Surat.sisipan), col(Surat.id))
        if offset:
            q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return list(self.session.exec(q)), int(total)

    def artefacts_by_keys(self, keys: list[str]) -> list[Artefact]:
        if not keys:
            return []
        return list(self.session.exec(select(Artefact).where(col(Artefact.kunci).in_(keys))))
