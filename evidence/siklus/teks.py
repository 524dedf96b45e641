"""Standard wording of the cycle's documents (an office overrides it with its own templates)."""

MENIMBANG = [
    "bahwa dalam rangka perbaikan kinerja dan peningkatan mutu pelayanan Puskesmas perlu "
    "dilakukan pembinaan dan pengawasan terpadu oleh Dinas Kesehatan;",
    "bahwa pembinaan terpadu dilaksanakan oleh Tim Pembina Cluster Binaan yang ditetapkan "
    "dengan Keputusan Kepala Dinas Kesehatan;",
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
    "menetapkan Keputusan Kepala Dinas Kesehatan tentang Tim Pembina Cluster Binaan Puskesmas;",
]
MENGINGAT = [
    "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan;",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
    "Peraturan Menteri Kesehatan Nomor 19 Tahun 2024 tentang Penyelenggaraan Pusat Kesehatan "
    "Masyarakat;",
    "Standar Akreditasi Puskesmas, Kriteria 1.7.1 tentang pembinaan dan pengawasan terpadu.",
]
TUGAS = [
    "menyusun jadwal pembinaan terpadu Puskesmas;",
    "melaksanakan pembinaan terpadu dan pendampingan penyusunan RUK dan RPK Puskesmas;",
    "menyampaikan hasil pembinaan kepada Kepala Dinas dan umpan balik kepada Puskesmas;",
    "menindaklanjuti hasil lokakarya mini dan tinjauan manajemen Puskesmas;",
    "memverifikasi dan memberi umpan balik Penilaian Kinerja Puskesmas.",
]
PELAPORAN = ("Tim melaporkan hasil pelaksanaan tugasnya kepada Kepala Dinas Kesehatan setiap "
             "selesai pembinaan dan secara berkala setiap triwulan.")
URAIAN_TUGAS = {
    "ketua": "Memimpin dan mengoordinasikan pembinaan terpadu serta menandatangani laporan",
    "wakil_ketua": "Membantu ketua dan memimpin pembinaan bila ketua berhalangan",
    "sekretaris": "Menyusun jadwal, administrasi surat dan rekapitulasi hasil pembinaan",
    "anggota": "Melaksanakan pembinaan sesuai bidangnya dan melaporkan hasilnya kepada ketua",
}
METODE = ["Analisis hasil self assessment Puskesmas", "Telusur dokumen dan rekam kegiatan",
          "Wawancara dengan Kepala Puskesmas, KTU, PJ Mutu dan petugas",
          "Observasi pelayanan sesuai instrumen pembinaan terpadu"]


def pembiayaan(daerah: str, tahun: int) -> str:
    return (f"Biaya pelaksanaan Keputusan ini dibebankan pada Dokumen Pelaksanaan Anggaran Dinas "
            f"Kesehatan {daerah} Tahun Anggaran {tahun}.")
