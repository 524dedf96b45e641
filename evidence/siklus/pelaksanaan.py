"""Stages 3 and 4, pelaksanaan and pelaporan: the visit's findings become the laporan hasil
pembinaan (EP c D), the nota dinas to the Kepala Dinas (EP d D) and the official feedback letter to
the Puskesmas (EP d D), which opens the follow-up tasks (EP h)."""

from __future__ import annotations

from evidence.dokumen import DocumentRequest, issue_document
from evidence.errors import InputError
from evidence.letters import LetterRequest
from evidence.records.siklus import PEMBINAAN, HasilPembinaan
from evidence.registry import require_office, require_puskesmas
from evidence.siklus import teks
from evidence.siklus.jadwal import hari_kerja
from evidence.siklus.konteks import base, images, kepala_dinas, ketua_ttd, petugas, puskesmas_ref
from evidence.siklus.masukan import HasilInput, parse
from evidence.siklus.ports import Ctx, jenis_surat, terbitkan
from evidence.tindak_lanjut import tanggal_id, tasks_from_pembinaan


def kunjungan_pembinaan(c: Ctx, tahun: int, kode: str):
    k = c.repo.kunjungan_find(tahun, kode, PEMBINAAN)
    if k is None:
        raise InputError(f"Belum ada jadwal pembinaan {kode} tahun {tahun}; jalankan tahap penetapan.")
    return k


def catat_hasil(c: Ctx, tahun: int, kode: str, text: str) -> HasilPembinaan:
    """Record (or correct) the findings of this year's supervision visit, from YAML."""
    data = parse(HasilInput, text, "hasil pembinaan")
    k = kunjungan_pembinaan(c, tahun, kode)
    row = c.repo.hasil(k.id) or HasilPembinaan(kunjungan_id=k.id)
    row.data = data.model_dump(mode="json")
    c.repo.add(row)
    return row


def kurang(c: Ctx, tahun: int, kode: str) -> list[str]:
    """What the report, the nota dinas and the feedback letter of the visit still wait for."""
    k = kunjungan_pembinaan(c, tahun, kode)
    missing = [] if c.repo.hasil(k.id) else ["hasil kunjungan pembinaan belum dicatat (tpcb cycle hasil)"]
    st = c.repo.surat_by_source("surat_tugas_pembinaan", k.sumber)
    if st is None:
        missing.append("surat tugas pembinaan belum dibuat (tahap penugasan)")
    elif st.nomor is None:
        missing.append(f"surat tugas pembinaan draf-{st.id} belum bernomor dan ditandatangani")
    return missing


def _inputs(c: Ctx, tahun: int, kode: str):
    if kurang(c, tahun, kode):
        return None
    k = kunjungan_pembinaan(c, tahun, kode)
    st = c.repo.surat_by_source("surat_tugas_pembinaan", k.sumber)
    hasil = c.repo.hasil(k.id)
    if hasil is None:  # `kurang` found it recorded
        return None
    return k, HasilInput.model_validate(hasil.data), st


def laporan(c: Ctx, tahun: int, kode: str):
    """The laporan hasil pembinaan; None while the findings or the Surat Tugas are missing."""
    found = _inputs(c, tahun, kode)
    if found is None:
        return None
    k, hasil, st = found
    office, pkm, tim = require_office(c.repo), require_puskesmas(c.repo, kode), c.repo.tim()
    by_nip = {m.nip: m for m in tim}
    tanggal = hari_kerja(k.tanggal, 2)
    ctx = base(office, tanggal, ketua_ttd(tim), tahun=tahun, cluster=hasil.cluster or "Terpadu",
               puskesmas=puskesmas_ref(pkm), tanggal_mulai=k.tanggal,
               tim=[petugas(by_nip[n]) for n in k.tim if n in by_nip],
               surat_tugas_nomor=st.nomor, surat_tugas_tanggal=st.tanggal, metode=teks.METODE,
               temuan=[t.model_dump(include={"area", "temuan", "rekomendasi"}) for t in hasil.temuan],
               selesai_di_tempat=hasil.selesai_di_tempat, masalah_dinkes=hasil.masalah_dinkes,
               rencana=[r.model_dump() for r in hasil.rencana],
               lampiran=["Analisis hasil self assessment", "Daftar hadir", "Foto kegiatan"])
    return issue_document(c.uow, c.store, c.catalogue, c.render, DocumentRequest(
        templat="laporan_hasil_pembinaan", sumber=k.sumber, item_id="c-d4", pemilik=kode,
        tanggal=tanggal, context=ctx, images=images(office)), max_bytes=c.max_bytes)


def nota_dinas(c: Ctx, tahun: int, kode: str):
    """The report to the Kepala Dinas (d-d1), signed by the team lead."""
    found = _inputs(c, tahun, kode)
    if found is None:
        return None
    k, hasil, st = found
    office, pkm, tim = require_office(c.repo), require_puskesmas(c.repo, kode), c.repo.tim()
    tanggal = hari_kerja(k.tanggal, 3)
    hal = f"Laporan Hasil Pembinaan Terpadu {pkm.nama} Tahun {tahun}"
    poin = [f"Pembinaan terpadu di {pkm.nama} dilaksanakan pada {tanggal_id(k.tanggal)} berdasarkan "
            f"Surat Tugas Nomor {st.nomor}."]
    poin += [f"Temuan {t.area}: {t.temuan}" for t in hasil.temuan[:5]]
    poin += [f"Perlu keputusan Kepala Dinas: {m}" for m in hasil.masalah_dinkes]
    poin.append("Laporan lengkap terlampir; mohon arahan lebih lanjut.")
    ctx = base(office, tanggal, ketua_ttd(tim), kepada=f"Kepala Dinas Kesehatan {office.jenis_daerah} "
               f"{office.kabupaten}", dari="Ketua Tim Pembina Cluster Binaan (TPCB)", hal=hal,
               lampiran="1 (satu) berkas", poin=poin, tembusan=["Arsip"])
    ctx.pop("tempat")  # this layout names no place of issue
    surat, _ = terbitkan(c, LetterRequest(
        templat="nota_dinas_laporan", jenis=jenis_surat(c, "nota_dinas_laporan"),
        sumber=k.sumber, item_id="d-d1", pemilik=kode, tanggal=tanggal, perihal=hal,
        tujuan="Kepala Dinas Kesehatan", penandatangan=ketua_ttd(tim)["nama"], context=ctx,
        images=images(office)))
    return surat


def umpan_balik(c: Ctx, tahun: int, kode: str):
    """The official feedback letter (d-d2); opens one follow-up task per finding."""
    found = _inputs(c, tahun, kode)
    if found is None:
        return None
    k, hasil, _ = found
    office, pkm = require_office(c.repo), require_puskesmas(c.repo, kode)
    tanggal = hari_kerja(k.tanggal, 5)
    batas = hari_kerja(tanggal, 20)
    ctx = base(office, tanggal, kepala_dinas(office), kepada=f"Kepala {pkm.nama}", di=pkm.kecamatan,
               tahun=tahun, puskesmas=puskesmas_ref(pkm), tanggal_pembinaan=k.tanggal,
               ringkasan=[f"{t.area}: {t.temuan}" for t in hasil.temuan],
               rekomendasi=[t.rekomendasi for t in hasil.temuan], batas_laporan=batas,
               tembusan=["Sekretaris Dinas Kesehatan", "Para Kepala Bidang", "Arsip"])
    tugas = tasks_from_pembinaan([t.model_dump(mode="json") for t in hasil.temuan], puskesmas=kode,
                                 tahun=tahun, nomor_surat="", batas_waktu=batas)
    surat, _ = terbitkan(c, LetterRequest(
        templat="surat_umpan_balik_pembinaan", jenis=jenis_surat(c, "surat_umpan_balik_pembinaan"),
        sumber=k.sumber, item_id="d-d2", pemilik=kode, tanggal=tanggal,
        perihal=f"Umpan Balik Hasil Pembinaan Terpadu Tahun {tahun}", tujuan=f"Kepala {pkm.nama}",
        penandatangan=office.kepala_nama, context=ctx, images=images(office), tugas=tuple(tugas)))
    return surat
