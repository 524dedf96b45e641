"""Standard wording of the cycle's documents (an office overrides it with its own templates)."""

MENIMBANG = [
    "bahwa dalam rangka perbaikan kinerja dan peningkatan mutu pelayanan Puskesmas perlu "
    "dilakukan pembinaan dan pengawasan terpadu oleh Dinas Kesehatan;",
    "bahwa pembinaan terpadu dilaksanakan oleh Tim Pembina Cluster Binaan yang ditetapkan "
    "dengan Keputusan Kepala Dinas Kesehatan;",
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
    "menetapkan Keputusan Kepala Dinas Kesehatan tentang Tim Pembina Cluster Binaan Puskesmas;",
]
STANDAR = ("Keputusan Menteri Kesehatan Nomor HK.01.07/MENKES/165/2023 tentang Standar Akreditasi "
           "Pusat Kesehatan Masyarakat")
MENGINGAT = [
    "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "Peraturan Menteri Kesehatan Nomor 19 Tahun 2024 tentang Penyelenggaraan Pusat Kesehatan "
    "Masyarakat",
    "Peraturan Menteri Kesehatan Nomor 34 Tahun 2022 tentang Akreditasi Pusat Kesehatan "
    "Masyarakat, Klinik, Laboratorium Kesehatan, Unit Transfusi Darah, Tempat Praktik Mandiri "
    "Dokter, dan Tempat Praktik Mandiri Dokter Gigi",
    STANDAR,
]


def standar(office) -> str:
    """The decree that sets the accreditation standard, as the office cites it."""
    return (office.dasar_hukum or {}).get("standar") or STANDAR


def mengingat(office) -> list[str]:
    """The SK's Mengingat: the office's own list, or the defaults; each point ends with ";"
    and the last with "."."""
    items = (office.dasar_hukum or {}).get("mengingat") or MENGINGAT
    return [f"{x.rstrip(';.')}{'.' if i == len(items) - 1 else ';'}" for i, x in enumerate(items)]
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
