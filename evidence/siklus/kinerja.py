"""PKP in the cycle: the Puskesmas's self-assessment (EP c D), the analysis for the visit (EP c D),
and the Dinkes's verification with its berita acara and feedback letter (EP g D).

The cycle of year Y works on the PKP of year Y-1, submitted and verified early in Y.
"""

from __future__ import annotations

from datetime import date

from evidence.errors import InputError
from evidence.kinerja import SelfAssessment, analisis, bandingkan, hitung, parse_csv, parse_xlsx
from evidence.kinerja.hasil import KinerjaResult
from evidence.kinerja.scoring import Thresholds
from evidence.letters import DocumentRequest, LetterRequest, issue_document
from evidence.records import FINAL
from evidence.records_siklus import PenilaianKinerja
from evidence.registry import FileRequest, file_artefact, require_office
from evidence.siklus.jadwal import hari_kerja
from evidence.siklus.konteks import (
    base,
    images,
    kepala_dinas,
    kepala_puskesmas,
    ketua_ttd,
    petugas,
    puskesmas_ref,
    tim_untuk,
)
from evidence.siklus.ports import Ctx, terbitkan
from evidence.tindak_lanjut import create_tasks, tasks_from_pkp

PUSKESMAS, VERIFIKASI = "puskesmas", "verifikasi"


def baca_sa(data: bytes, filename: str, *, kode: str, tahun: int) -> SelfAssessment:
    if filename.lower().endswith(".xlsx"):
        return parse_xlsx(data, puskesmas=kode, tahun=tahun)
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"Berkas '{filename}' bukan CSV UTF-8.") from exc
        return parse_csv(text, puskesmas=kode, tahun=tahun)
    raise InputError(f"Berkas penilaian kinerja '{filename}' harus .csv atau .xlsx.")


def simpan_pkp(c: Ctx, kode: str, tahun: int, versi: str, sa: SelfAssessment) -> PenilaianKinerja:
    """Store (or replace) one version of a Puskesmas's PKP with its computed result."""
    if c.repo.puskesmas(kode) is None:
        raise InputError(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    result = hitung(sa, thresholds=c.ambang)
    row = c.repo.pkp(tahun, kode, versi) or PenilaianKinerja(tahun=tahun, puskesmas=kode, versi=versi)
    row.data, row.hasil = sa.model_dump(mode="json"), result.model_dump(mode="json")
    c.repo.add(row)
    c.repo.commit()
    return row


def impor_sa(c: Ctx, kode: str, tahun: int, data: bytes, filename: str, tanggal: date):
    """Import the self-assessment of year `tahun`; the file is evidence c-d1 of year tahun+1."""
    sa = baca_sa(data, filename, kode=kode, tahun=tahun)
    hitung(sa)  # refuse an SA that cannot be scored before anything is stored
    # File first: a refused file stores nothing; a crash after it is repaired by importing again.
    filed = file_artefact(c.repo, c.store, c.catalogue, FileRequest(
        data=data, filename=filename, item_id="c-d1", pemilik=kode, tahun=tahun + 1,
        tanggal=tanggal, status=FINAL, sumber=f"sa:{kode}:{tahun}", replace=True), max_bytes=c.max_bytes)
    return simpan_pkp(c, kode, tahun, PUSKESMAS, sa), filed


def hasil_pkp(row: PenilaianKinerja, ambang: Thresholds) -> KinerjaResult:
    """The result of a stored PKP version, recomputed from its figures with the office's bounds."""
    return hitung(SelfAssessment.model_validate(row.data), thresholds=ambang)


def _sa(c: Ctx, kode: str, tahun: int, versi: str = PUSKESMAS) -> SelfAssessment | None:
    row = c.repo.pkp(tahun, kode, versi)
    return SelfAssessment.model_validate(row.data) if row else None


def analisis_sa(c: Ctx, tahun: int, kode: str):
    """The Dinkes's analysis of last year's SA as material for this year's visit (c-d2)."""
    sa = _sa(c, kode, tahun - 1)
    if sa is None:
        return None
    office, pkm = require_office(c.repo), c.repo.puskesmas(kode)
    a = analisis(hitung(sa, thresholds=c.ambang))
    rows = [dict(kelompok=s.variabel, indikator=s.nama, target=s.target, capaian=s.cakupan)
            for s in (*a.terkuat, *a.terlemah)]
    tanggal = hari_kerja(date(tahun, 2, 16), 0)
    ctx = base(office, tanggal, ketua_ttd(c.repo.tim()), tahun=tahun, puskesmas=puskesmas_ref(pkm),
               tanggal_sa=date(tahun, 1, 31), indikator=rows,
               terkuat=[f"{s.nama} (kinerja {s.kinerja:.1f}%)" for s in a.terkuat] or ["-"],
               terlemah=[f"{s.nama} (kinerja {s.kinerja:.1f}%)" for s in a.terlemah] or ["-"],
               fokus=_fokus(a))
    return issue_document(c.repo, c.store, c.catalogue, c.render, DocumentRequest(
        templat="analisis_sa", sumber=f"analisis:{kode}:{tahun}", item_id="c-d2", pemilik=kode,
        tanggal=tanggal, context=ctx, images=images(office)), max_bytes=c.max_bytes)


def _fokus(a) -> list[str]:
    out = [f"Variabel {r.nama}: rata-rata kinerja {r.rata:.1f}%" for r in a.fokus_variabel[:3]]
    out += [f"Manajemen: {b.nama} (nilai {b.nilai})" for b in a.fokus_manajemen[:3]]
    return out or ["Pertahankan capaian; tidak ada kesenjangan menonjol."]


def verifikasi(c: Ctx, tahun: int, kode: str):
    """Berita acara of the verification (g-d1) and the PKP feedback letter (g-d2).

    The Dinkes's verified values are whatever was recorded as version `verifikasi`; without
    them the Puskesmas's own values stand as verified (noted in the berita acara).
    """
    own = _sa(c, kode, tahun - 1)
    if own is None:
        return None
    verified = _sa(c, kode, tahun - 1, VERIFIKASI) or own
    cmp_ = bandingkan(own, verified, thresholds=c.ambang)
    office, pkm, tim = require_office(c.repo), c.repo.puskesmas(kode), c.repo.tim()
    tanggal = hari_kerja(date(tahun, 2, 2), (sum(map(ord, kode)) % 15))
    team = [petugas(m) for m in tim_untuk(tim, kode)[:3]]
    beda = len(cmp_.ditandai)
    ba_ctx = base(office, tanggal, ketua_ttd(tim), tahun_penilaian=tahun - 1,
                  puskesmas=puskesmas_ref(pkm), lokasi=pkm.nama, verifikator=team,
                  nilai=cmp_.komponen(), penandatangan_puskesmas=kepala_puskesmas(pkm),
                  kesimpulan=[f"Hasil verifikasi: kinerja {cmp_.kategori['puskesmas']}.",
                              f"{beda} butir berbeda antara nilai Puskesmas dan hasil verifikasi."
                              if beda else "Nilai Puskesmas sesuai dengan hasil verifikasi."])
    ba_ctx.pop("tempat")  # this layout names no place of issue
    ba, _ = terbitkan(c, LetterRequest(
        templat="berita_acara_verifikasi", jenis=c.templates["berita_acara_verifikasi"].jenis,
        sumber=f"verifikasi:{kode}:{tahun - 1}", item_id="g-d1", pemilik=kode, tanggal=tanggal,
        perihal=f"Verifikasi PKP {pkm.nama} tahun {tahun - 1}", tujuan=pkm.nama,
        penandatangan=ketua_ttd(tim)["nama"], context=ba_ctx, images=images(office)))
    return ba, umpan_balik_pkp(c, tahun, kode, cmp_, tanggal)


def umpan_balik_pkp(c: Ctx, tahun: int, kode: str, cmp_, tanggal_verifikasi: date):
    office, pkm = require_office(c.repo), c.repo.puskesmas(kode)
    tanggal = hari_kerja(tanggal_verifikasi, 3)
    hasil = cmp_.hasil_verifikasi
    rekomendasi = [f"Tingkatkan {r.nama} (rata-rata kinerja {r.rata:.1f}%)"
                   for r in analisis(hasil).fokus_variabel[:3]] or ["Pertahankan capaian kinerja."]
    batas = hari_kerja(tanggal, 20)
    ctx = base(office, tanggal, kepala_dinas(office), kepada=f"Kepala {pkm.nama}", di=pkm.kecamatan,
               tahun=tahun - 1, puskesmas=puskesmas_ref(pkm),
               tanggal_verifikasi=tanggal_verifikasi, hasil=hasil.komponen(),
               rekomendasi=rekomendasi, batas_laporan=batas,
               tembusan=["Sekretaris Dinas Kesehatan", "Arsip"])
    surat, _ = terbitkan(c, LetterRequest(
        templat="surat_umpan_balik_pkp", jenis=c.templates["surat_umpan_balik_pkp"].jenis,
        sumber=f"umpan_balik_pkp:{kode}:{tahun - 1}", item_id="g-d2", pemilik=kode, tanggal=tanggal,
        perihal=f"Umpan Balik Penilaian Kinerja Puskesmas Tahun {tahun - 1}",
        tujuan=f"Kepala {pkm.nama}", penandatangan=office.kepala_nama, context=ctx,
        images=images(office)))
    create_tasks(c.repo, tasks_from_pkp(rekomendasi, puskesmas=kode, tahun=tahun,
                                        nomor_surat=surat.nomor, batas_waktu=batas))
    return surat
