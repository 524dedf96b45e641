"""Queries of the SA of the standard, the recorded PKP verifications and the surveyor's
assessment (mixin of SqlRepository)."""

from __future__ import annotations

from sqlmodel import Session, select

from evidence.records.siklus import VerifikasiKinerja
from evidence.records.survei import PenilaianSurveior, SaStandar


class SurveiRepository:
    session: Session

    def sa_standar(self, tahun: int, puskesmas: str) -> SaStandar | None:
        q = select(SaStandar).where(SaStandar.tahun == tahun, SaStandar.puskesmas == puskesmas)
        return self.session.exec(q).first()

    def verifikasi_kinerja(self, tahun: int, puskesmas: str) -> VerifikasiKinerja | None:
        q = select(VerifikasiKinerja).where(VerifikasiKinerja.tahun == tahun,
                                            VerifikasiKinerja.puskesmas == puskesmas)
        return self.session.exec(q).first()

    def penilaian_list(self, tahun: int, puskesmas: str | None = None) -> list[PenilaianSurveior]:
        q = select(PenilaianSurveior).where(PenilaianSurveior.tahun == tahun)
        if puskesmas is not None:
            q = q.where(PenilaianSurveior.puskesmas == puskesmas)
        return list(self.session.exec(q.order_by(PenilaianSurveior.puskesmas, PenilaianSurveior.ep)))
