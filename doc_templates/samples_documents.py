"""Sample contexts of the working documents (jadwal, analisis, laporan, notulen, ...)."""

from __future__ import annotations

from datetime import date
from typing import Any

from doc_templates.samples_data import (
    KETUA_TTD,
    PENDAMPING_TTD,
    PUSKESMAS,
    ST_PEMBINAAN,
    asset,
    base,
    petugas,
    puskesmas,
)


def jadwal_pembinaan() -> dict[str, Any]:
    visits = {"PKM-SKJ": (3, 12, 9, 10), "PKM-MKS": (3, 19, 9, 17), "PKM-TJW": (4, 9, 10, 8)}
    baris = [dict(puskesmas=PUSKESMAS[k][0], kecamatan=PUSKESMAS[k][1],
                  kunjungan=[date(2026, m1, d1), date(2026, m2, d2)],
                  tim=[p["nama"] for p in petugas(k)]) for k, (m1, d1, m2, d2) in visits.items()]
    return base(date(2026, 1, 6), tempat="Sukamaju", tahun=2026, baris=baris,
                keterangan=["Jadwal dapat berubah; perubahan diberitahukan paling lambat tujuh "
                            "hari sebelum kunjungan."])


def analisis_sa() -> dict[str, Any]:
    bab = [dict(bab="I", judul="Kepemimpinan dan Manajemen Puskesmas", dinilai=41, tl=30, ts=9,
                tt=2, tdd=0, capaian="84,1%"),
           dict(bab="II", judul="Penyelenggaraan Upaya Kesehatan Masyarakat", dinilai=38, tl=25,
                ts=10, tt=3, tdd=1, capaian="78,9%"),
           dict(bab="III", judul="Penyelenggaraan Upaya Kesehatan Perseorangan, Kefarmasian, dan "
                "Laboratorium", dinilai=55, tl=41, ts=12, tt=2, tdd=3, capaian="85,5%"),
           dict(bab="IV", judul="Program Prioritas Nasional", dinilai=20, tl=12, ts=6, tt=2,
                tdd=0, capaian="75,0%"),
           dict(bab="V", judul="Peningkatan Mutu Puskesmas", dinilai=24, tl=14, ts=7, tt=3,
                tdd=0, capaian="72,9%")]
    ep = [dict(kode=f"1.7.1 EP {k}", skor=s, fakta=f, rekomendasi=r) for k, s, f, r in (
        ("a", "TL", "SK organisasi Puskesmas tahun 2025 lengkap dengan uraian tugas.", "-"),
        ("b", "TL", "SK TPCB dan jadwal pembinaan 2026 sudah diterima Puskesmas.", "-"),
        ("e", "TS", "Notulen pendampingan RUK ada, tetapi foto kegiatan belum dilampirkan.",
         "Lampirkan foto dan daftar hadir pada notulen."),
        ("h", "TT", "Laporan tindak lanjut umpan balik pembinaan 2025 belum disusun.",
         "Susun laporan tindak lanjut tertulis per rekomendasi."))]
    below = [dict(kode="5.3.2 EP c", skor="TT", fakta="Pelaporan insiden keselamatan pasien "
                  "belum rutin setiap bulan.", rekomendasi="Tetapkan petugas pelapor IKP."),
             dict(kode="2.4.1 EP b", skor="TS", fakta="Survei mawas diri belum melibatkan "
                  "seluruh desa.", rekomendasi="Jadwalkan SMD di desa yang belum."),
             *[e for e in ep if e["skor"] != "TL"]]
    return base(date(2026, 3, 5), KETUA_TTD, tempat="Sukamaju", tahun=2026,
                puskesmas=puskesmas(), tanggal_sa=date(2026, 2, 20), bab=bab, kriteria="1.7.1",
                kriteria_ep=ep, capaian_kriteria="62,5%", di_bawah_tl=below,
                rekomendasi=["Prioritaskan pembinaan Bab V (Peningkatan Mutu Puskesmas): capaian "
                             "SA 72,9%, 3 EP tidak terpenuhi dan 7 EP terpenuhi sebagian.",
                             "Dampingi penyusunan bukti untuk EP yang tidak terpenuhi: 5.3.2 c, "
                             "1.7.1 h.",
                             "Kriteria 1.7.1 (pembinaan oleh TPCB): lengkapi bersama Dinas "
                             "Kesehatan bukti EP e, h."])


def laporan_hasil_pembinaan() -> dict[str, Any]:
    temuan = [dict(area="Manajemen", temuan="Rencana lima tahunan belum diselaraskan dengan RUK",
                   rekomendasi="Menyelaraskan RUK 2027 dengan rencana lima tahunan"),
              dict(area="UKM", temuan="Imunisasi dasar lengkap 78% (target 95%)",
                   rekomendasi="Sweeping imunisasi di tiga desa terendah"),
              dict(area="Mutu (INM, insiden)", temuan="Pelaporan insiden tidak rutin",
                   rekomendasi="Pelaporan insiden bulanan ke Dinas Kesehatan")]
    rencana = [dict(kegiatan="Sweeping imunisasi", pj="PJ UKM Puskesmas Sukajaya",
                    batas_waktu=date(2026, 4, 30)),
               dict(kegiatan="Pelatihan pelaporan insiden", pj="PJ Mutu Puskesmas Sukajaya",
                    batas_waktu=date(2026, 5, 15))]
    return base(date(2026, 3, 16), KETUA_TTD, tempat="Sukamaju", tahun=2026,
                cluster="Cluster Binaan I", puskesmas=puskesmas(),
                tanggal_mulai=date(2026, 3, 12), tim=petugas(), surat_tugas_nomor=ST_PEMBINAAN,
                surat_tugas_tanggal=date(2026, 3, 9), temuan=temuan, rencana=rencana,
                metode=["Analisis hasil self assessment", "Telusur dokumen dengan instrumen",
                        "Wawancara Kepala Puskesmas, KTU dan PJ Mutu"],
                selesai_di_tempat=["Pemutakhiran SK penanggung jawab program"],
                masalah_dinkes=["Kekosongan vaksin MR sejak Februari 2026"],
                lampiran=["Analisis hasil SA", "Daftar hadir", "Foto kegiatan"])


def notulen_pendampingan() -> dict[str, Any]:
    foto = asset("foto_contoh.png")
    return base(date(2026, 1, 22), PENDAMPING_TTD, tempat="Sukajaya", puskesmas=puskesmas(),
                tahun_ruk=2027, tahun_rpk=2026, waktu="09.00 - 12.30 WITA",
                lokasi="Aula Puskesmas Sukajaya", pimpinan_rapat="dr. Wulan Sekarsari Pratiwi",
                peserta="Tim TPCB dan tim manajemen Puskesmas (daftar hadir terlampir)",
                agenda=["Evaluasi capaian RPK 2025", "Penyusunan RUK 2027 dan RPK 2026"],
                pembahasan=["Capaian SPM 2025 dibahas per program; tiga indikator di bawah "
                            "target.", "Usulan kegiatan RUK 2027 diselaraskan dengan rencana "
                            "lima tahunan Puskesmas."],
                kesimpulan=["RUK 2027 dan RPK 2026 difinalkan paling lambat 6 Februari 2026."],
                foto=[dict(gambar=foto, keterangan="Pembukaan pendampingan oleh Ketua TPCB"),
                      dict(gambar=foto, keterangan="Diskusi penyusunan RUK per program")],
                notulis=dict(nama="apt. Larasati Maharani Soedibyo, S.Farm.", nip="198812032014022005",
                             jabatan="Ketua Tim Kerja Kefarmasian dan Alat Kesehatan"))


def daftar_hadir() -> dict[str, Any]:
    peserta = [dict(nama=p["nama"], jabatan=p["jabatan"], instansi="Dinas Kesehatan")
               for p in petugas()]
    peserta += [dict(nama=n, jabatan=j, instansi="Puskesmas Sukajaya") for n, j in (
        ("dr. Wulan Sekarsari Pratiwi", "Kepala Puskesmas"), ("Bayu Aji Nugroho", "KTU"),
        ("Nining Kartikasari, S.Kep., Ns.", "PJ Mutu"))]
    return base(date(2026, 1, 22), PENDAMPING_TTD, lokasi="Aula Puskesmas Sukajaya",
                kegiatan="Pendampingan Penyusunan RUK dan RPK Puskesmas Sukajaya",
                waktu="09.00 - 12.30 WITA", peserta=peserta, baris_kosong=5)


def panduan_wawancara() -> dict[str, Any]:
    tpcb = [dict(peran="Anggota TPCB", nama=p["nama"], jabatan=p["jabatan"]) for p in petugas()]
    return dict(kop=base(date(2026, 1, 1))["kop"], tahun=2026, puskesmas=puskesmas(),
                ep=dict(kode="c", judul="Ada bukti bahwa dinas kesehatan daerah kabupaten/kota "
                        "melaksanakan pembinaan secara terpadu melalui TPCB."),
                butir_id="c-w1", butir_judul="TPCB dinas kesehatan Kab/Kota: penggalian "
                "informasi tentang pelaksanaan pembinaan oleh TPCB", narasumber=tpcb,
                pertanyaan=["Kapan pembinaan terpadu terakhir dilaksanakan dan siapa saja "
                            "anggota tim yang hadir?",
                            "Bagaimana hasil self assessment Puskesmas dipakai sebagai bahan "
                            "pembinaan?",
                            "Bagaimana temuan pembinaan dilaporkan dan ditindaklanjuti?"],
                bukti=["Surat tugas TPCB", "Laporan hasil pembinaan", "Analisis hasil SA"])


