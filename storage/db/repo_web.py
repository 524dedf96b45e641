"""Queries of the web service's users and audit log (mixin of SqlRepository)."""

from __future__ import annotations

from sqlmodel import Session, func, select

from evidence.records_web import AuditLog, Pengguna


class WebRepository:
    """Users and the audit log; needs `self.session` (a SQLModel Session)."""

    session: Session

    def pengguna(self, username: str) -> Pengguna | None:
        return self.session.exec(select(Pengguna).where(Pengguna.username == username)).first()

    def pengguna_list(self) -> list[Pengguna]:
        return list(self.session.exec(select(Pengguna).order_by(Pengguna.username)))

    def audit_list(self, *, limit: int = 100, offset: int = 0, oleh: str | None = None,
                   aksi: str | None = None) -> list[AuditLog]:
        """Newest first."""
        q = select(AuditLog)
        if oleh is not None:
            q = q.where(AuditLog.oleh == oleh)
        if aksi is not None:
            q = q.where(AuditLog.aksi == aksi)
        q = q.order_by(AuditLog.waktu.desc(), AuditLog.id.desc()).offset(offset).limit(limit)
        return list(self.session.exec(q))

    def audit_count(self) -> int:
        return self.session.exec(select(func.count()).select_from(AuditLog)).one()
