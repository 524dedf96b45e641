"""Every template at its largest realistic size: the contexts the layout tests convert to PDF
(page count, signature kept together, rows never split, words never broken) and that
`python -m doc_templates.pratinjau` renders to PNG pages for a person to look at."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from doc_templates.samples import sample_context

NAMA = ("Siti Rahmawati Kusumaningrum, S.KM., M.Kes.", "dr. Bambang Sutrisno Wicaksono, M.P.H.",
        "Ns. Dewi Anggraeni Puspitasari, S.Kep.", "Agus Setiawan Prabowo, S.Farm., Apt.",
        "Rina Marlina Hapsari, A.Md.Keb.", "drg. Fajar Ramadhan Nugroho",
        "Yulia Kartika Sari, S.Gz.", "Hendra Gunawan Saputra, S.KM.",
        "Maya Purnamasari Wulandari, S.Si.", "Teguh Santoso Widjaja, S.Kep., Ns.",
        "Lestari Handayani Putri, A.Md.Kes.", "Eko Budi Prasetyo, S.E.")
JABATAN = ("Kepala Seksi Pemberdayaan Masyarakat dan Promosi Kesehatan",
           "Administrator Kesehatan Ahli Muda", "Sekretaris Dinas Kesehatan",
           "Penelaah Teknis Kebijakan Bidang Kesehatan Masyarakat")
PERAN = ("Ketua", "Wakil Ketua", "Sekretaris", "Anggota")
PUSKESMAS = [f"Puskesmas {n}" for n in (
    "Sukajaya", "Mekarsentosa", "Tanjungwangi", "Karangasri", "Sindangmukti", "Cibeureum",
    "Sukamulya", "Margahayu", "Cilimus", "Pasirlangu", "Gunungsari", "Kertajaya", "Babakan",
    "Cipanas", "Sindanglaya", "Mekarjaya", "Sukaraja", "Cimalaka", "Talagasari", "Pamulihan",
    "Rancakalong", "Tanjungsari", "Jatinangor", "Cikeruh", "Situraja", "Darmaraja", "Wado",
    "Jatigede", "Ujungjaya", "Tomo", "Conggeang", "Buahdua", "Surian", "Paseh", "Cisitu",
    "Ganeas", "Sumedang Utara", "Sumedang Selatan", "Cisarua", "Tanjungmedar")]


def _people(n: int, nip0: int = 197001012000031001) -> list[dict[str, str]]:
    return [dict(nama=NAMA[i % len(NAMA)], nip=str(nip0 + i * 1013), pangkat="Penata Tk. I (III/d)",
                 jabatan=JABATAN[i % len(JABATAN)], bidang="Bidang Pelayanan Kesehatan",
                 peran=PERAN[min(i, 3)]) for i in range(n)]


def _long(text: str, n: int) -> list[str]:
    return [f"{text} {i + 1} agar dilaksanakan bersama lintas program dan lintas sektor sesuai "
            "rencana lima tahunan Puskesmas." for i in range(n)]


def _sk_tpcb(ctx: dict) -> None:
    ctx["anggota"] = [dict(p, puskesmas_binaan=PUSKESMAS[i * 3:i * 3 + 4],
                           uraian_tugas="Melaksanakan pembinaan terpadu sesuai bidangnya, "
                           "menelusuri dokumen dan melaporkan hasilnya kepada Ketua TPCB")
                      for i, p in enumerate(_people(12))]
    ctx["tembusan"] = ["Bupati Sukamaju", "Sekretaris Daerah Kabupaten Sukamaju",
                       "Inspektur Kabupaten Sukamaju", "Arsip"]


def _jadwal(ctx: dict) -> None:
    ctx["baris"] = [dict(puskesmas=p, kecamatan=p.removeprefix("Puskesmas "),
                         kunjungan=[date(2026, 1, 12) + timedelta(days=7 * (i % 6)),
                                    date(2026, 3, 2) + timedelta(days=5 * i)],
                         tim=[NAMA[i % 12], NAMA[(i + 3) % 12], NAMA[(i + 7) % 12]])
                    for i, p in enumerate(PUSKESMAS)]


def _surat_tugas(ctx: dict) -> None:
    ctx["petugas"] = _people(6)
    ctx["tugas_tambahan"] = ["Melakukan telusur dokumen dan wawancara sesuai instrumen pembinaan "
                             "terpadu"]
    ctx["tembusan"] = ["Kepala Puskesmas Sukajaya", "Sekretaris Dinas Kesehatan", "Arsip"]


def _analisis(ctx: dict) -> None:
    below = ctx["di_bawah_tl"][0]
    ctx["di_bawah_tl"] = [dict(below, kode=f"{b}.{s}.1 EP {e}") for b, s, e in
                          [(b, s, e) for b in (1, 2, 3, 4, 5) for s in (1, 2) for e in "ab"]]


def _laporan(ctx: dict) -> None:
    t = ctx["temuan"][0]
    ctx["temuan"] = [dict(t, area=a) for a in ("Manajemen", "UKM Esensial", "UKM Pengembangan",
                                                "UKP", "Kefarmasian", "Laboratorium", "Mutu",
                                                "Program Prioritas Nasional", "PKP", "Keuangan")]
    r = ctx["rencana"][0]
    ctx["rencana"] = [dict(r, kegiatan=f"{r['kegiatan']} ({i + 1})") for i in range(6)]
    ctx["tim"] = _people(5)


def _nota(ctx: dict) -> None:
    ctx["poin"] = _long("Temuan pokok pembinaan terpadu", 6)


def _umpan_balik(ctx: dict) -> None:
    ctx["ringkasan"] = _long("Ringkasan temuan", 4)
    ctx["rekomendasi"] = _long("Rekomendasi perbaikan", 4)


def _notulen(ctx: dict) -> None:
    ctx["foto"] = ctx["foto"] * 2
    ctx["pembahasan"] = _long("Pembahasan", 5)


def _hadir(ctx: dict) -> None:
    ctx["peserta"] = [dict(nama=p["nama"], jabatan=p["jabatan"], instansi="Dinas Kesehatan")
                      for p in _people(20)]
    ctx["baris_kosong"] = 5


def _lokmin(ctx: dict) -> None:
    b = ctx["butir"][0]
    ctx["butir"] = [dict(b, masalah=f"{b['masalah']} ({i + 1})") for i in range(4)]


def _berita_acara(ctx: dict) -> None:
    ctx["verifikator"] = _people(4)
    p = ctx["perubahan"][0]
    ctx["perubahan"] = [dict(p, kode=f"B.A{i}.1") for i in range(1, 9)]


def _pkp(ctx: dict) -> None:
    ctx["rekomendasi"] = _long("Tingkatkan kinerja variabel", 3)


def _panduan(ctx: dict) -> None:
    ctx["narasumber"] = [dict(peran=r, nama=NAMA[i], jabatan=JABATAN[i % 4]) for i, r in enumerate(
        ("Anggota TPCB", "Anggota TPCB", "Anggota TPCB", "Kepala Puskesmas",
         "Kepala Tata Usaha (KTU)", "Tim manajemen Puskesmas", "Tim manajemen Puskesmas"))]


GROW = {"sk_tpcb": _sk_tpcb, "jadwal_pembinaan": _jadwal, "surat_tugas_pembinaan": _surat_tugas,
        "surat_tugas_pendampingan": _surat_tugas, "analisis_sa": _analisis,
        "laporan_hasil_pembinaan": _laporan, "nota_dinas_laporan": _nota,
        "surat_umpan_balik_pembinaan": _umpan_balik, "notulen_pendampingan": _notulen,
        "daftar_hadir": _hadir, "surat_tindak_lanjut_lokmin": _lokmin,
        "berita_acara_verifikasi": _berita_acara, "surat_umpan_balik_pkp": _pkp,
        "panduan_wawancara": _panduan}
# How many pages each template may take at that size; the one-page letters must stay on one.
PAGES = {"sk_tpcb": 4, "jadwal_pembinaan": 4, "surat_tugas_pembinaan": 1,
         "surat_tugas_pendampingan": 1, "analisis_sa": 4, "laporan_hasil_pembinaan": 4,
         "nota_dinas_laporan": 1, "surat_umpan_balik_pembinaan": 1, "notulen_pendampingan": 4,
         "daftar_hadir": 2, "surat_tindak_lanjut_lokmin": 1, "berita_acara_verifikasi": 3,
         "surat_umpan_balik_pkp": 1, "panduan_wawancara": 2}


def largest_context(name: str) -> dict[str, Any]:
    ctx = copy.deepcopy(sample_context(name))
    GROW[name](ctx)
    return ctx
