"""Stage 2, penugasan: a numbered Surat Tugas before each visit (EP c D; EP e D for the RUK/RPK
assistance)."""

from __future__ import annotations

from datetime import date, timedelta

from evidence.errors import InputError
from evidence.letters import LetterRequest
from evidence.records.siklus import PEMBINAAN, PENDAMPINGAN, Kunjungan
from evidence.registry import require_office, require_puskesmas
from evidence.siklus import teks
from evidence.siklus.jadwal import hari_kerja_sebelum
from evidence.siklus.konteks import base, images, kepala_dinas, petugas, puskesmas_ref
from evidence.siklus.penetapan import sumber_sk
from evidence.siklus.ports import Ctx, jenis_surat, terbitkan

TEMPLAT: dict[str, tuple[str, str]] = {PEMBINAAN: ("surat_tugas_pembinaan", "c-d3"),
                                       PENDAMPINGAN: ("surat_tugas_pendampingan", "e-d1")}


def jatuh_tempo(c: Ctx, tahun: int, *, hari_ini: date | None, hari: int | None) -> list[Kunjungan]:
    """Visits needing a Surat Tugas: all of the year, or those due in the next `hari` days."""
    visits = c.repo.kunjungan_list(tahun)
    if hari_ini is None or hari is None:
        return visits
    last = hari_ini + timedelta(days=hari)
    return [v for v in visits if hari_ini <= v.tanggal <= last]


def dasar(c: Ctx, tahun: int) -> list[str]:
    office = require_office(c.repo)
    sk = c.repo.surat_by_source("sk_tpcb", sumber_sk(tahun))
    if sk is None or sk.nomor is None:  # the callers wait for it (see `kurang`)
        raise InputError("; ".join(kurang(c, tahun)))
    sk_text = (f"Keputusan Kepala Dinas Kesehatan {office.jenis_daerah} {office.kabupaten} Nomor "
               f"{sk.nomor} tentang Tim Pembina Cluster Binaan Puskesmas Tahun {tahun};")
    return [sk_text, f"Jadwal Pembinaan Terpadu Puskesmas Tahun {tahun};",
            f"{teks.standar(office)}."]


def kurang(c: Ctx, tahun: int) -> list[str]:
    """A surat tugas cites the SK TPCB by its number: it waits for the SK to be numbered."""
    sk = c.repo.surat_by_source("sk_tpcb", sumber_sk(tahun))
    if sk is None:
        return [f"SK TPCB {tahun} belum dibuat (tahap penetapan)"]
    if sk.nomor is None:
        return [f"SK TPCB {tahun} (draf-{sk.id}) belum bernomor dan ditandatangani"]
    return []


def kunjungan(c: Ctx, kunjungan_id: int) -> Kunjungan:
    k = c.repo.kunjungan(kunjungan_id)
    if k is None:
        raise InputError(f"Kunjungan #{kunjungan_id} tidak ada.")
    return k


def surat_tugas(c: Ctx, kunjungan_id: int):
    """The visit's surat tugas (draft); None while the SK TPCB it cites has no number."""
    k = kunjungan(c, kunjungan_id)
    existing = c.repo.surat_by_source(TEMPLAT[k.jenis][0], k.sumber)
    if existing is not None:
        return existing, False
    if kurang(c, k.tahun):
        return None
    office, pkm = require_office(c.repo), require_puskesmas(c.repo, k.puskesmas)
    by_nip = {m.nip: m for m in c.repo.tim()}
    team = [petugas(by_nip[n]) for n in k.tim if n in by_nip]
    templat, item = TEMPLAT[k.jenis]
    tanggal = hari_kerja_sebelum(k.tanggal, 3)
    extra = ({"tahun_ruk": k.tahun + 1, "tahun_rpk": k.tahun} if k.jenis != PEMBINAAN else
             {"tugas_tambahan": ["Melakukan telusur dokumen dan wawancara sesuai instrumen "
                                 "pembinaan terpadu"]})
    ctx = base(office, tanggal, kepala_dinas(office), dasar=dasar(c, k.tahun), petugas=team,
               puskesmas=puskesmas_ref(pkm), tanggal_mulai=k.tanggal,
               tembusan=[f"Kepala {pkm.nama}", "Arsip"], **extra)
    hal = "Pembinaan terpadu" if k.jenis == PEMBINAAN else "Pendampingan penyusunan RUK dan RPK"
    return terbitkan(c, LetterRequest(
        templat=templat, jenis=jenis_surat(c, templat), sumber=k.sumber, item_id=item,
        pemilik=k.puskesmas, tanggal=tanggal, perihal=f"{hal} di {pkm.nama}",
        tujuan=", ".join(t["nama"] for t in team), penandatangan=office.kepala_nama, context=ctx,
        images=images(office)))
