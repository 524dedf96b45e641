"""The fictional kabupaten's inputs for one year: what the secretariat and the Puskesmas type or
upload before and during the cycle (PKP, its recorded verification, the SA of the standard, visit
findings, minutes with photos, RUK/RPK, escalations). Puskesmas are given less and less, so the
matrix shows a complete one and visible gaps."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from importlib import resources

import yaml

from evidence.registry import require_puskesmas
from evidence.siklus import eskalasi, pelaksanaan, pendampingan, penetapan, sa, verifikasi_kinerja
from evidence.siklus.konteks import tim_untuk
from evidence.siklus.ports import Ctx
from tpcb.demo_files import text_pdf

# How far each Puskesmas (in code order) gets: 0 = everything ... 4 = almost nothing.
HASIL = yaml.safe_load("""
cluster: Cluster 1 (Sukajaya)
temuan:
  - {area: Manajemen, temuan: Notulen lokakarya mini triwulan II belum lengkap,
     rekomendasi: Lengkapi notulen dan daftar hadir lokakarya mini setiap bulan}
  - {area: Mutu, temuan: Pelaporan insiden keselamatan pasien belum rutin,
     rekomendasi: Laporkan insiden keselamatan pasien setiap bulan ke Dinas Kesehatan}
  - {area: UKM, temuan: Cakupan kunjungan K6 ibu hamil di bawah target,
     rekomendasi: Susun rencana peningkatan K6 bersama bidan desa}
selesai_di_tempat: [Penataan arsip dokumen akreditasi per bab]
masalah_dinkes: [Kekurangan tenaga analis laboratorium]
rencana:
  - {kegiatan: Pelatihan pelaporan insiden untuk petugas, pj: PJ Mutu, batas_waktu: TAHUN-06-30}
  - {kegiatan: Kelas ibu hamil tambahan di desa prioritas, pj: Koordinator KIA, batas_waktu: TAHUN-07-31}
""")
NOTULEN = yaml.safe_load("""
waktu: 09.00 - 13.00 WIB
lokasi: Aula Puskesmas
pimpinan_rapat: Kepala Puskesmas
agenda: [Evaluasi capaian tahun lalu, Penyusunan RUK tahun depan, Penyusunan RPK tahun berjalan]
pembahasan:
  - RUK disusun mengacu pada rencana lima tahunan Puskesmas dan hasil analisis situasi.
  - Target kinerja tiap klaster disepakati bersama tim perencanaan Puskesmas.
kesimpulan:
  - Draf RUK dan RPK disempurnakan dan ditetapkan paling lambat akhir Februari.
peserta:
  - {nama: KEPALA, jabatan: Kepala Puskesmas}
  - {nama: KTU, jabatan: Kepala Tata Usaha}
  - {nama: PJMUTU, jabatan: PJ Mutu}
""")
ESKALASI = yaml.safe_load("""
sumber: lokmin
rapat: Lokakarya mini bulanan Februari
tanggal: TAHUN-02-05
masalah:
  - {masalah: Ambulans Puskesmas rusak dan tidak dapat dipakai merujuk,
     rencana: Bidang SDK menjadwalkan perbaikan dan meminjamkan ambulans cadangan,
     pj: Bidang SDK, unit: Sarana Prasarana}
""")


def _yaml(data: dict, tahun: int) -> str:
    return yaml.safe_dump(data, allow_unicode=True).replace("TAHUN", str(tahun))


def pkp_csv(level: int, *, koreksi: bool = False) -> str:
    """The sample PKP of Puskesmas Sukajaya, with achievements lowered for weaker Puskesmas;
    `koreksi` lowers one indicator further, as a verification would correct it."""
    text = resources.files("tpcb").joinpath("samples", "pkp_sukajaya_2025.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    factor = 1 - 0.08 * level
    corrected = False
    for row in rows:
        value = row.get("pencapaian") or ""
        if row.get("jenis") == "indikator" and value.replace(".", "", 1).isdigit():
            row["pencapaian"] = str(int(float(value) * factor))
            if koreksi and not corrected and float(value) > 10:
                row["pencapaian"] = str(int(float(row["pencapaian"]) * 0.9))
                corrected = True
    return _csv(rows)


def sa_csv(level: int) -> str:
    """The sample SA of the standard, with more EPs below TL for weaker Puskesmas."""
    text = resources.files("tpcb").joinpath("samples", "sa_sukajaya_2026.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for n, row in enumerate(rows):
        if level and row["skor"] == "TL" and n % (9 - 2 * level) == 0:
            row["skor"] = "TS"
            row["fakta dan analisis"] = "Bukti belum lengkap saat telusur dokumen (contoh fiktif)."
    return _csv(rows)


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def seed(c: Ctx, tahun: int, kodes: list[str], foto: bytes, today: date) -> None:
    """Record the inputs; the cycle's flows turn them into letters and documents.

    The visits are planned first (as penetapan would) so findings can be attached to them.
    """
    penetapan.tetapkan_kunjungan(c, tahun)
    for level, kode in enumerate(kodes):
        if level <= 3:
            verifikasi_kinerja.impor_pkp(c, kode, tahun - 1, pkp_csv(level).encode(),
                                         f"pkp_{kode}_{tahun - 1}.csv")
            sa.impor(c, kode, tahun, sa_csv(level).encode(), f"sa_{kode}_{tahun}.csv",
                     date(tahun, 1, 20))
        if level <= 2:
            _verifikasi(c, tahun, kode, level, today)
            pendampingan.catat_notulen(c, tahun, kode, _notulen(c, kode, tahun),
                                       [(foto, "pendampingan.png", "Diskusi penyusunan RUK")])
            for item, name in (("e-r1", f"RUK {tahun + 1}"), ("e-r2", f"RPK {tahun}")):
                _upload(c, tahun, kode, item, name)
        if level <= 2:
            pelaksanaan.catat_hasil(c, tahun, kode, _yaml(HASIL, tahun))
        if level <= 1:
            eskalasi.catat_eskalasi(c, tahun, kode, _yaml(ESKALASI, tahun))


def _verifikasi(c: Ctx, tahun: int, kode: str, level: int, today: date) -> None:
    """The verification held in early February by the members covering the Puskesmas; for the
    second Puskesmas one indicator is corrected, so its berita acara lists a change."""
    if c.repo.verifikasi_kinerja(tahun - 1, kode) is not None:
        return
    team = [m.nip for m in tim_untuk(c.repo.tim(), kode)[:2]]
    verified = (verifikasi_kinerja.baca_pkp(pkp_csv(level, koreksi=True).encode(), "verifikasi.csv",
                                            kode=kode, tahun=tahun - 1) if level == 1 else None)
    verifikasi_kinerja.catat_verifikasi(c, kode, tahun - 1, tanggal=min(date(tahun, 2, 4), today),
                             verifikator=team, verified=verified, oleh="sekretariat", today=today)


def _notulen(c: Ctx, kode: str, tahun: int) -> str:
    """The minutes with the Puskesmas's own officials as participants (from the master data)."""
    pkm = require_puskesmas(c.repo, kode)
    text = _yaml(NOTULEN, tahun)
    for mark, name in (("KEPALA", pkm.kepala_nama), ("KTU", pkm.ktu_nama),
                       ("PJMUTU", pkm.pj_mutu_nama)):
        text = text.replace(f"nama: {mark}", f"nama: {json.dumps(name)}")
    return text


def _upload(c: Ctx, tahun: int, kode: str, item: str, name: str) -> None:
    from evidence.records import FINAL
    from evidence.registry import FileRequest, file_artefact

    pdf = text_pdf([f"{name} {kode}", "Dokumen contoh (fiktif) yang diunggah Puskesmas."], name)
    file_artefact(c.uow, c.store, c.catalogue, FileRequest(
        data=pdf, filename=f"{name.replace(' ', '_')}_{kode}.pdf", item_id=item, pemilik=kode,
        tahun=tahun, tanggal=date(tahun, 2, 20), status=FINAL, sumber=f"unggah:{item}"),
        max_bytes=c.max_bytes)


def sk_organisasi_dir(folder, kodes: list[str], office_name: str) -> None:
    """SK organisasi 'scans' for all but the last Puskesmas, named by Puskesmas code."""
    folder.mkdir(parents=True, exist_ok=True)
    for kode in kodes[:-1]:
        (folder / f"{kode}_sk_organisasi.pdf").write_bytes(text_pdf(
            [f"Keputusan {office_name}", f"tentang Organisasi {kode}", "(contoh fiktif)"],
            "SK Organisasi Puskesmas"))
