"""Queries of the cycle's visits, their results and the PKP records (mixin of SqlRepository)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from evidence.records.siklus import HasilPembinaan, Kunjungan, PenilaianKinerja


class KunjunganRepository:
    session: Session

    def kunjungan(self, kunjungan_id: int) -> Kunjungan | None:
        return self.session.get(Kunjungan, kunjungan_id)

    def kunjungan_find(self, tahun: int, puskesmas: str, jenis: str, ke: int = 1) -> Kunjungan | None:
        q = select(Kunjungan).where(Kunjungan.tahun == tahun, Kunjungan.puskesmas == puskesmas,
                                    Kunjungan.jenis == jenis, Kunjungan.ke == ke)
        return self.session.exec(q).first()

    def kunjungan_list(self, tahun: int, *, puskesmas: str | None = None,
                       jenis: str | None = None) -> list[Kunjungan]:
        q = select(Kunjungan).where(Kunjungan.tahun == tahun)
        if puskesmas is not None:
            q = q.where(Kunjungan.puskesmas == puskesmas)
        if jenis is not None:
            q = q.where(Kunjungan.jenis == jenis)
        return list(self.session.exec(q.order_by(col(Kunjungan.tanggal), col(Kunjungan.puskesmas))))

    def hasil(self, kunjungan_id: int) -> HasilPembinaan | None:
        q = select(HasilPembinaan).where(HasilPembinaan.kunjungan_id == kunjungan_id)
        return self.session.exec(q).first()

    def pkp(self, tahun: int, puskesmas: str, versi: str) -> PenilaianKinerja | None:
        q = select(PenilaianKinerja).where(PenilaianKinerja.tahun == tahun,
                                           PenilaianKinerja.puskesmas == puskesmas,
                                           PenilaianKinerja.versi == versi)
        return self.session.exec(q).first()

    def pkp_list(self, tahun: int, versi: str) -> list[PenilaianKinerja]:
        q = select(PenilaianKinerja).where(PenilaianKinerja.tahun == tahun,
                                           PenilaianKinerja.versi == versi)
        return list(self.session.exec(q.order_by(PenilaianKinerja.puskesmas)))
