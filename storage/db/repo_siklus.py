"""Queries over the cycle's follow-up tasks and their reminder outbox (mixin of SqlRepository)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from evidence.records.siklus import Notifikasi, TindakLanjut


class SiklusRepository:
    """Follow-up tasks and notifications; needs `self.session` (a SQLModel Session)."""

    session: Session

    # -- tindak lanjut ---------------------------------------------------------------------------
    def tindak_lanjut(self, id: int) -> TindakLanjut | None:
        return self.session.get(TindakLanjut, id)

    def tindak_lanjut_by_asal(self, asal: str) -> TindakLanjut | None:
        return self.session.exec(select(TindakLanjut).where(TindakLanjut.asal == asal)).first()

    def tindak_lanjut_list(self, *, puskesmas: str | None = None, status: str | None = None,
                           tahun: int | None = None, nomor_surat: str | None = None) -> list[TindakLanjut]:
        """Filtered tasks ordered by due date, then id."""
        q = select(TindakLanjut)
        for column, value in ((TindakLanjut.puskesmas, puskesmas), (TindakLanjut.status, status),
                              (TindakLanjut.tahun, tahun), (TindakLanjut.nomor_surat, nomor_surat)):
            if value is not None:
                q = q.where(column == value)
        return list(self.session.exec(q.order_by(col(TindakLanjut.batas_waktu), col(TindakLanjut.id))))

    # -- notifikasi ------------------------------------------------------------------------------
    def notifikasi_list(self, *, status: str | None = None, tindak_lanjut_id: int | None = None,
                        tanggal: date | None = None) -> list[Notifikasi]:
        """Filtered notifications, oldest first."""
        q = select(Notifikasi)
        for column, value in ((Notifikasi.status, status), (Notifikasi.tindak_lanjut_id, tindak_lanjut_id),
                              (Notifikasi.tanggal, tanggal)):
            if value is not None:
                q = q.where(column == value)
        return list(self.session.exec(q.order_by(col(Notifikasi.tanggal), col(Notifikasi.id))))

    def notifikasi_exists(self, tindak_lanjut_id: int, tanggal: date) -> bool:
        q = select(Notifikasi.id).where(Notifikasi.tindak_lanjut_id == tindak_lanjut_id,
                                        Notifikasi.tanggal == tanggal)
        return self.session.exec(q.limit(1)).first() is not None
