"""Stage 6, tindak lanjut lokmin/PTM: problems a Puskesmas escalates from its meetings become
Dinkes-level follow-up tasks, answered by an official TPCB letter (EP f D)."""

from __future__ import annotations

from evidence.letters import LetterRequest
from evidence.registry import require_office, require_puskesmas
from evidence.siklus.jadwal import hari_kerja
from evidence.siklus.konteks import base, images, kepala_dinas, puskesmas_ref
from evidence.siklus.masukan import EskalasiInput, parse
from evidence.siklus.ports import Ctx, jenis_surat, terbitkan
from evidence.tindak_lanjut import create_tasks, tanggal_id, tasks_from_eskalasi


def catat_eskalasi(c: Ctx, tahun: int, kode: str, text: str):
    """Record escalated problems as tasks (idempotent per meeting and problem)."""
    data = parse(EskalasiInput, text, "eskalasi lokmin/PTM")
    if c.repo.puskesmas(kode) is None:
        from evidence.errors import NotFound

        raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    return create_tasks(c.uow, tasks_from_eskalasi(
        [{**m.model_dump(mode="json"), "rencana": m.rencana or m.tindak_lanjut} for m in data.masalah],
        sumber=data.sumber, puskesmas=kode,
        tahun=tahun, rapat=data.tanggal.isoformat(), batas_waktu=hari_kerja(data.tanggal, 20),
        nomor_surat=data.surat_nomor or None))


def surat_tanggapan(c: Ctx, tahun: int, kode: str):
    """One response letter per escalating meeting; None when nothing was escalated."""
    tasks = [t for t in c.repo.tindak_lanjut_list(puskesmas=kode, tahun=tahun)
             if t.tingkat == "dinkes" and t.sumber in ("lokmin", "ptm")]
    letters = []
    for rapat in sorted({t.asal.split(":")[2] for t in tasks}):
        group = [t for t in tasks if t.asal.split(":")[2] == rapat]
        letters.append(_surat(c, tahun, kode, rapat, group))
    return letters


def _surat(c: Ctx, tahun: int, kode: str, rapat: str, tasks):
    from datetime import date

    office, pkm = require_office(c.repo), require_puskesmas(c.repo, kode)
    held = date.fromisoformat(rapat)
    tanggal = hari_kerja(held, 10)
    nama_rapat = "lokakarya mini" if tasks[0].sumber == "lokmin" else "pertemuan tinjauan manajemen"
    hal = f"Tindak Lanjut Hasil {nama_rapat.title()} {pkm.nama}"
    butir = [dict(masalah=t.masalah, tindak_lanjut=t.rencana or t.rekomendasi or
                  "Dibahas dan ditindaklanjuti oleh bidang terkait di Dinas Kesehatan",
                  pj=t.pj or t.unit or "Bidang terkait", batas_waktu=t.batas_waktu) for t in tasks]
    ctx = base(office, tanggal, kepala_dinas(office), kepada=f"Kepala {pkm.nama}", di=pkm.kecamatan,
               hal=hal, puskesmas=puskesmas_ref(pkm), sumber=f"{nama_rapat} tanggal {tanggal_id(held)}",
               surat_puskesmas_nomor=tasks[0].nomor_surat or "", butir=butir,
               tembusan=["Para Kepala Bidang", "Arsip"])
    surat, _ = terbitkan(c, LetterRequest(
        templat="surat_tindak_lanjut_lokmin", jenis=jenis_surat(c, "surat_tindak_lanjut_lokmin"),
        sumber=f"eskalasi:{kode}:{rapat}", item_id="f-d1", pemilik=kode, tanggal=tanggal, perihal=hal,
        tujuan=f"Kepala {pkm.nama}", penandatangan=office.kepala_nama, context=ctx,
        images=images(office)))
    return surat
