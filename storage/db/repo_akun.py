"""Queries of the web service's users and audit log (mixin of SqlRepository)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists
from sqlmodel import Session, col, delete, func, select

from evidence.records.akun import AuditLog, Pengguna, SesiDicabut


class WebRepository:
    """Users and the audit log; needs `self.session` (a SQLModel Session)."""

    session: Session

    def pengguna(self, username: str) -> Pengguna | None:
        return self.session.exec(select(Pengguna).where(Pengguna.username == username)).first()

    def pengguna_list(self) -> list[Pengguna]:
        return list(self.session.exec(select(Pengguna).order_by(Pengguna.username)))

    def sesi_dicabut(self, sid: str) -> bool:
        return self.session.get(SesiDicabut, sid) is not None

    def pengguna_sesi(self, username: str, sid: str) -> tuple[Pengguna | None, bool]:
        """The user and whether the page session `sid` was ended, in one query (every page
        request asks both)."""
        dicabut = exists().where(col(SesiDicabut.sid) == sid).label("dicabut")
        row = self.session.exec(select(Pengguna, dicabut).where(Pengguna.username == username)).first()
        if row is None:
            return None, self.sesi_dicabut(sid)
        return row[0], bool(row[1])

    def cabut_sesi(self, sid: str, username: str, sampai: datetime, now: datetime) -> None:
        """Revoke one page session (idempotent); forget revocations that have expired anyway."""
        self.session.exec(delete(SesiDicabut).where(col(SesiDicabut.sampai) < now))
        if self.session.get(SesiDicabut, sid) is None:
            self.session.add(SesiDicabut(sid=sid, username=username, sampai=sampai))

    def audit_list(self, *, limit: int = 100, offset: int = 0, oleh: str | None = None,
                   aksi: str | None = None) -> list[AuditLog]:
        """Newest first."""
        q = select(AuditLog)
        if oleh is not None:
            q = q.where(AuditLog.oleh == oleh)
        if aksi is not None:
            q = q.where(AuditLog.aksi == aksi)
        q = q.order_by(col(AuditLog.waktu).desc(), col(AuditLog.id).desc()).offset(offset).limit(limit)
        return list(self.session.exec(q))

    def audit_sasaran(self, sasaran: list[str], *, aksi: str | None = None) -> list[AuditLog]:
        """Every entry on these targets (one query for a whole page), oldest first."""
        if not sasaran:
            return []
        q = select(AuditLog).where(col(AuditLog.sasaran).in_(sasaran))
        if aksi is not None:
            q = q.where(AuditLog.aksi == aksi)
        return list(self.session.exec(q.order_by(col(AuditLog.waktu), col(AuditLog.id))))

    def audit_count(self) -> int:
        return self.session.exec(select(func.count()).select_from(AuditLog)).one()
