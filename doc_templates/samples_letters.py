"""Sample contexts of the numbered letters (SK, surat tugas, nota dinas, umpan balik, ...)."""

from __future__ import annotations

from datetime import date
from typing import Any

from doc_templates.samples_data import (
    KETUA_TTD,
    PUSKESMAS,
    SK_TPCB,
    ST_PEMBINAAN,
    TIM,
    base,
    kepala_puskesmas,
    letter,
    petugas,
    puskesmas,
)


def sk_tpcb() -> dict[str, Any]:
    anggota = [dict(nama=n, nip=nip, jabatan=j, peran=r, bidang=b, uraian_tugas=(
        "Memimpin dan mengoordinasikan pembinaan terpadu" if r == "Ketua" else
        "Melaksanakan pembinaan terpadu sesuai bidang dan melaporkan hasilnya kepada Ketua"),
        puskesmas_binaan=[PUSKESMAS[k][0] for k in binaan if k in PUSKESMAS])
        for n, nip, _, j, b, r, binaan in TIM]
    return base(date(2026, 1, 5), nomor="400.7/001/TPCB/I/2026", tempat="Sukamaju", tahun=2026,
                tentang="Tim Pembina Cluster Binaan Puskesmas Tahun 2026", anggota=anggota,
                menimbang=[
                    "bahwa dalam rangka perbaikan kinerja dan peningkatan mutu pelayanan "
                    "Puskesmas perlu dilakukan pembinaan dan pengawasan terpadu oleh Dinas "
                    "Kesehatan;",
                    "bahwa pembinaan terpadu dilaksanakan oleh Tim Pembina Cluster Binaan yang "
                    "ditetapkan dengan Keputusan Kepala Dinas Kesehatan;",
                    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan "
                    "huruf b, perlu menetapkan Keputusan Kepala Dinas Kesehatan tentang Tim "
                    "Pembina Cluster Binaan Puskesmas Tahun 2026;"],
                mengingat=["Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan;",
                           "Peraturan Menteri Kesehatan Nomor 19 Tahun 2024 tentang "
                           "Penyelenggaraan Pusat Kesehatan Masyarakat;"],
                tugas=["menyusun jadwal pembinaan terpadu Puskesmas;",
                       "melaksanakan pembinaan terpadu dan pendampingan penyusunan RUK dan RPK;",
                       "menindaklanjuti hasil lokakarya mini dan tinjauan manajemen Puskesmas;",
                       "memverifikasi dan memberi umpan balik Penilaian Kinerja Puskesmas."],
                pelaporan="Tim melaporkan hasil pelaksanaan tugasnya kepada Kepala Dinas "
                          "Kesehatan secara berkala setiap selesai pembinaan.",
                pembiayaan="Biaya pelaksanaan Keputusan ini dibebankan pada Dokumen Pelaksanaan "
                           "Anggaran Dinas Kesehatan Kabupaten Sukamaju Tahun Anggaran 2026.",
                tembusan=["Bupati Sukamaju", "Inspektur Kabupaten Sukamaju"])


def surat_tugas(nomor: str, tanggal: date, mulai: date, **more: Any) -> dict[str, Any]:
    return base(tanggal, nomor=nomor, tempat="Sukamaju", puskesmas=puskesmas(),
                petugas=petugas(), tanggal_mulai=mulai,
                dasar=[f"{SK_TPCB} tentang Tim Pembina Cluster Binaan Puskesmas Tahun 2026;",
                       "Jadwal Pembinaan Terpadu Puskesmas Tahun 2026;",
                       "Keputusan Menteri Kesehatan Nomor HK.01.07/MENKES/165/2023 tentang Standar "
                       "Akreditasi Pusat Kesehatan Masyarakat."],
                tembusan=["Kepala Puskesmas Sukajaya", "Arsip"], **more)


def surat_tugas_pembinaan() -> dict[str, Any]:
    return surat_tugas(ST_PEMBINAAN, date(2026, 3, 9), date(2026, 3, 12),
                       tugas_tambahan=["Melakukan telusur dokumen dan wawancara sesuai "
                                       "instrumen pembinaan terpadu"])


def surat_tugas_pendampingan() -> dict[str, Any]:
    return surat_tugas("800.1.11.1/003/TPCB/I/2026", date(2026, 1, 19), date(2026, 1, 22),
                       tahun_ruk=2027, tahun_rpk=2026)


def nota_dinas_laporan() -> dict[str, Any]:
    return base(date(2026, 3, 17), KETUA_TTD, nomor="400.7/021/TPCB/III/2026",
                kepada="Kepala Dinas Kesehatan Kabupaten Sukamaju",
                dari="Ketua Tim Pembina Cluster Binaan (TPCB)", tembusan=["Arsip"],
                sifat="Biasa", lampiran="1 (satu) berkas",
                hal="Laporan Hasil Pembinaan Terpadu Puskesmas Sukajaya Triwulan I Tahun 2026",
                poin=[f"Pembinaan terpadu di Puskesmas Sukajaya telah dilaksanakan pada tanggal "
                      f"12 Maret 2026 berdasarkan Surat Tugas Nomor {ST_PEMBINAAN}.",
                      "Temuan utama: capaian imunisasi dasar lengkap 78% (target 95%) dan "
                      "pelaporan insiden keselamatan pasien belum rutin.",
                      "Kekosongan vaksin MR pada bulan Februari memerlukan keputusan Kepala Dinas "
                      "untuk realokasi stok dari instalasi farmasi kabupaten."])


def surat_umpan_balik_pembinaan() -> dict[str, Any]:
    return letter("400.7/025/TPCB/III/2026", date(2026, 3, 20), tahun=2026,
                  puskesmas=puskesmas(), tanggal_pembinaan=date(2026, 3, 12),
                  ringkasan=["Dokumen tata kelola Puskesmas lengkap dan mutakhir.",
                             "Capaian imunisasi dasar lengkap 78% dari target 95%."],
                  rekomendasi=["Melakukan sweeping imunisasi di desa dengan capaian terendah.",
                               "Melaporkan insiden keselamatan pasien setiap bulan."],
                  batas_laporan=date(2026, 4, 20))


def surat_tindak_lanjut_lokmin() -> dict[str, Any]:
    butir = [dict(masalah="Kekosongan vaksin MR sejak Februari 2026",
                  tindak_lanjut="Realokasi 200 vial vaksin MR dari Instalasi Farmasi Kabupaten",
                  pj="Bidang SDK", batas_waktu=date(2026, 4, 15)),
             dict(masalah="Ambulans Puskesmas rusak berat",
                  tindak_lanjut="Pengusulan perbaikan dalam APBD Perubahan 2026",
                  pj="Subbag Perencanaan", batas_waktu=date(2026, 6, 30))]
    return letter("400.7/031/TPCB/IV/2026", date(2026, 4, 6), puskesmas=puskesmas(),
                  hal="Tindak Lanjut Hasil Lokakarya Mini Puskesmas Sukajaya",
                  sumber="lokakarya mini bulanan bulan Maret 2026",
                  surat_puskesmas_nomor="440/045/PKM-SKJ/III/2026",
                  surat_puskesmas_tanggal=date(2026, 3, 30), butir=butir)


def berita_acara_verifikasi() -> dict[str, Any]:
    nilai = [dict(komponen="Pelayanan (UKM dan UKP)", nilai_puskesmas=88.4,
                  nilai_verifikasi=86.9, kategori="Cukup"),
             dict(komponen="Manajemen", nilai_puskesmas=8.7, nilai_verifikasi=8.6,
                  kategori="Baik"),
             dict(komponen="Mutu", nilai_puskesmas=92.0, nilai_verifikasi=91.5,
                  kategori="Baik")]
    return base(date(2026, 2, 16), KETUA_TTD, nomor="400.7/008/TPCB/II/2026",
                tahun_penilaian=2025, puskesmas=puskesmas(), lokasi="Aula Puskesmas Sukajaya",
                verifikator=petugas(), nilai=nilai,
                perubahan=[dict(kode="B.A2.3", nama="Cakupan imunisasi dasar lengkap",
                                sebelum="94,2%", sesudah="88,7%"),
                           dict(kode="E.A1.2", nama="Lokakarya mini bulanan", sebelum="10",
                                sesudah="7")],
                kesimpulan=["Hasil PKP Tahun 2025 Puskesmas Sukajaya telah diverifikasi; 2 butir "
                            "dikoreksi sesuai register kohort dan notulen.",
                            "Kategori kinerja hasil verifikasi: Cukup (kelompok II)."],
                penandatangan_puskesmas=kepala_puskesmas())


def surat_umpan_balik_pkp() -> dict[str, Any]:
    hasil = [dict(komponen="Pelayanan (UKM dan UKP)", nilai=86.9, kategori="Cukup"),
             dict(komponen="Manajemen", nilai=8.6, kategori="Baik"),
             dict(komponen="Mutu", nilai=91.5, kategori="Baik")]
    return letter("400.7/010/TPCB/II/2026", date(2026, 2, 23), tahun=2025,
                  puskesmas=puskesmas(), tanggal_verifikasi=date(2026, 2, 16), hasil=hasil,
                  kategori="Cukup", kelompok="II",
                  rekomendasi=["Meningkatkan cakupan imunisasi dasar lengkap melalui posyandu.",
                               "Menyusun rencana perbaikan mutu berdasarkan indikator yang "
                               "belum mencapai target."],
                  batas_laporan=date(2026, 3, 23))


