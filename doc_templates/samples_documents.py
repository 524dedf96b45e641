"""Sample contexts of the working documents (jadwal, analisis, laporan, notulen, ...)."""

from __future__ import annotations

from datetime import date
from typing import Any

from doc_templates.samples_data import (
    KETUA_TTD,
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
    rows = (("Bab I", "Penyelenggaraan Pelayanan Puskesmas", 80, 72.5),
            ("Bab II", "Kepemimpinan dan Manajemen Puskesmas", 80, 84.0),
            ("Bab III", "Peningkatan Mutu Puskesmas", 80, 61.3),
            ("Bab IV", "Program Prioritas Nasional", 80, 75.0),
            ("Bab V", "Upaya Kesehatan Perseorangan", 80, 82.7))
    indikator = [dict(kelompok=k, indikator=i, target=t, capaian=c) for k, i, t, c in rows]
    return base(date(2026, 3, 5), KETUA_TTD, tempat="Sukamaju", tahun=2026,
                puskesmas=puskesmas(), tanggal_sa=date(2026, 2, 20), indikator=indikator,
                terkuat=["Kepemimpinan dan manajemen (84,00%)", "UKP (82,70%)"],
                terlemah=["Peningkatan mutu: pelaporan insiden belum rutin (61,30%)",
                          "Penyelenggaraan pelayanan: SOP belum dievaluasi (72,50%)"],
                fokus=["Sistem pelaporan insiden keselamatan pasien & budaya mutu",
                       "Evaluasi dan pembaruan SOP layanan klinis"])


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
    return base(date(2026, 1, 22), KETUA_TTD, tempat="Sukajaya", puskesmas=puskesmas(),
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
                notulis=dict(nama="Bayu Aji Nugroho", jabatan="KTU Puskesmas Sukajaya"))


def daftar_hadir() -> dict[str, Any]:
    peserta = [dict(nama=p["nama"], jabatan=p["jabatan"], instansi="Dinas Kesehatan")
               for p in petugas()]
    peserta += [dict(nama=n, jabatan=j, instansi="Puskesmas Sukajaya") for n, j in (
        ("dr. Wulan Sekarsari Pratiwi", "Kepala Puskesmas"), ("Bayu Aji Nugroho", "KTU"),
        ("Nining Kartikasari, S.Kep., Ns.", "PJ Mutu"))]
    return base(date(2026, 1, 22), KETUA_TTD, lokasi="Aula Puskesmas Sukajaya",
                kegiatan="Pendampingan Penyusunan RUK dan RPK Puskesmas Sukajaya",
                waktu="09.00 - 12.30 WITA", peserta=peserta)


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


