"""Stage 1, penetapan: the SK TPCB (EP b R), the yearly schedule (EP b D) and each Puskesmas's
SK organisasi (EP a R)."""

from __future__ import annotations

from datetime import date

from evidence.dokumen import DocumentRequest, issue_document
from evidence.letters import LetterRequest
from evidence.records import DINKES, FINAL
from evidence.registry import FileRequest, file_artefact, require_office
from evidence.siklus import teks
from evidence.siklus.jadwal import hari_kerja, rencana
from evidence.siklus.konteks import (
    PERAN_LABEL,
    base,
    daerah,
    images,
    kepala_dinas,
)
from evidence.siklus.ports import Ctx, jenis_surat, terbitkan


def puskesmas_terdaftar(c: Ctx) -> list[str]:
    """The codes of the registered Puskesmas, in order: the cycle runs for each of them."""
    return [p.kode for p in c.repo.all_puskesmas()]


def tanggal_sk(tahun: int) -> date:
    return hari_kerja(date(tahun, 1, 2), 2)


def sumber_sk(tahun: int) -> str:
    return f"sk_tpcb:{tahun}"


def sk_tpcb(c: Ctx, tahun: int):
    office, tim = require_office(c.repo), c.repo.tim()
    nama = {p.kode: p.nama for p in c.repo.all_puskesmas()}
    anggota = [dict(nama=m.nama, nip=m.nip, jabatan=m.jabatan, peran=PERAN_LABEL.get(m.peran, m.peran),
                    bidang=m.bidang, puskesmas_binaan=[nama.get(k, k) for k in m.puskesmas_binaan],
                    uraian_tugas=teks.URAIAN_TUGAS.get(m.peran, teks.URAIAN_TUGAS["anggota"]))
               for m in tim]
    tentang = f"Tim Pembina Cluster Binaan Puskesmas Tahun {tahun}"
    tanggal = tanggal_sk(tahun)
    ctx = base(office, tanggal, kepala_dinas(office), tahun=tahun, tentang=tentang,
               menimbang=teks.MENIMBANG, mengingat=teks.mengingat(office), tugas=teks.TUGAS,
               pelaporan=teks.PELAPORAN, pembiayaan=teks.pembiayaan(daerah(office), tahun),
               anggota=anggota, tembusan=[f"Bupati {office.kabupaten}", "Arsip"])
    return terbitkan(c, LetterRequest(
        templat="sk_tpcb", jenis=jenis_surat(c, "sk_tpcb"), sumber=sumber_sk(tahun),
        item_id="b-r1", pemilik=DINKES, tanggal=tanggal, perihal=f"Keputusan tentang {tentang}",
        tujuan="Tim Pembina Cluster Binaan", penandatangan=office.kepala_nama, context=ctx,
        images=images(office)))


def tetapkan_kunjungan(c: Ctx, tahun: int) -> int:
    """Create the year's visits once; returns how many were new."""
    created = 0
    for k in rencana(c.repo.all_puskesmas(), c.repo.tim(), tahun):
        if c.repo.kunjungan_find(tahun, k.puskesmas, k.jenis, k.ke) is None:
            c.repo.add(k)
            created += 1
    return created


def jadwal(c: Ctx, tahun: int):
    office = require_office(c.repo)
    tim = {m.nip: m.nama for m in c.repo.tim()}
    rows = []
    for p in c.repo.all_puskesmas():
        visits = c.repo.kunjungan_list(tahun, puskesmas=p.kode)
        if not visits:
            continue
        team = [tim.get(n, n) for n in visits[-1].tim]
        rows.append(dict(puskesmas=p.nama, kecamatan=p.kecamatan,
                         kunjungan=[v.tanggal for v in visits], tim=team))
    tanggal = hari_kerja(tanggal_sk(tahun), 1)
    ctx = base(office, tanggal, kepala_dinas(office), tahun=tahun, baris=rows,
               keterangan=["Januari-Februari: pendampingan penyusunan RUK dan RPK.",
                           "Maret-November: pembinaan terpadu oleh TPCB."])
    return issue_document(c.uow, c.store, c.catalogue, c.render, DocumentRequest(
        templat="jadwal_pembinaan", sumber=f"jadwal:{tahun}", item_id="b-d1", pemilik=DINKES,
        tanggal=tanggal, context=ctx, images=images(office)), max_bytes=c.max_bytes)


def ada_sk_organisasi(c: Ctx, kode: str) -> bool:
    """Is a SK organisasi of the Puskesmas filed (of any year: it holds until replaced)?"""
    return bool(c.repo.artefacts(pemilik=kode, item_id="a-r1"))


def sk_organisasi(c: Ctx, tahun: int, kode: str, data: bytes, filename: str, tanggal: date,
                  penandatangan: str | None = None):
    """File a Puskesmas's signed SK organisasi (a decree of the Kepala Dinas, issued elsewhere) as
    final evidence of EP a; the signer is the Kepala Dinas on record unless told otherwise."""
    signer = penandatangan or require_office(c.repo).kepala_nama
    return file_artefact(c.uow, c.store, c.catalogue, FileRequest(
        data=data, filename=filename, item_id="a-r1", pemilik=kode, tahun=tahun, tanggal=tanggal,
        status=FINAL, sumber=f"sk_organisasi:{kode}", penandatangan=signer), max_bytes=c.max_bytes)
