"""Working documents without a letter number: jadwal, analisis SA, laporan, notulen, daftar
hadir, panduan wawancara."""

from __future__ import annotations

from doc_templates.layouts.blocks import (
    DAERAH,
    DAERAH_TEKS,
    heading,
    kop,
    label_table,
    numbered,
    signature,
    signature_pair,
    title,
)
from doc_templates.layouts.parts import (
    NO,
    SMALL,
    Page,
    add_row,
    cell_para,
    gap,
    grid_table,
    loop_rows,
    para,
    shade,
    table,
)
from doc_templates.layouts.titled import petugas_table
from evidence.format_id import BULAN_SINGKAT

TEMPAT_TANGGAL = "{{ tempat }}, {{ tanggal|tanggal }}"


def or_none(var: str, loop: str, text: str, doc) -> None:
    """A numbered list, or "Tidak ada." when the list is empty."""
    para(doc, f"{{%p if {var} %}}")
    numbered(doc, loop, text)
    para(doc, "{%p else %}")
    para(doc, "Tidak ada.")
    para(doc, "{%p endif %}")


def jadwal_pembinaan(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "JADWAL PEMBINAAN TERPADU PUSKESMAS",
          f"TIM PEMBINA CLUSTER BINAAN (TPCB) DINAS KESEHATAN {DAERAH}", "TAHUN {{ tahun }}")
    month = 0.9  # "Agu" in bold 10 pt, or two dates "2, 16" on two lines
    widths = [0.8, 3.4, 2.6, *[month] * 12]
    widths.append(round(w - sum(widths), 2))
    grid = table(doc, widths, grid=True)
    top = add_row(grid, ["No", "Puskesmas", "Kecamatan", "Tanggal Kunjungan per Bulan",
                         *[""] * 11, "Tim Pembina"], bold=True, size=SMALL, align="center",
                  header=True)
    sub = add_row(grid, ["", "", "", *BULAN_SINGKAT, ""], bold=True, size=SMALL, align="center",
                  header=True)
    top.cells[3].merge(top.cells[14])
    for i in (0, 1, 2, 15):
        grid.cell(0, i).merge(grid.cell(1, i))
    shade(top)
    shade(sub)
    loop_rows(grid, "for b in baris", [
        "{{ loop.index }}", "{{ b.puskesmas }}", "{{ b.kecamatan }}",
        *[f"{{{{ b.kunjungan|tanggal_di_bulan({m}) }}}}" for m in range(1, 13)],
        "{{ b.tim|join(', ') }}"], size=SMALL,
        align=["center", "left", "left", *["center"] * 12, "left"])
    gap(doc)
    para(doc, "{%p if keterangan %}")
    para(doc, "Keterangan:", size=SMALL)
    numbered(doc, "for k in keterangan", "{{ k }}", size=SMALL)
    para(doc, "{%p endif %}")
    signature(doc, w, (TEMPAT_TANGGAL,))


def analisis_sa(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "ANALISIS HASIL SELF ASSESSMENT (SA)",
          "{{ puskesmas.nama|upper }} TAHUN {{ tahun }}")
    heading(doc, "A. Identitas")
    label_table(doc, w, [("Puskesmas", "{{ puskesmas.nama }}"),
                         ("Kecamatan", "{{ puskesmas.kecamatan }}"),
                         ("Kepala Puskesmas", "{{ puskesmas.kepala_nama or '-' }}"),
                         ("Tanggal SA", "{{ tanggal_sa|tanggal }}"),
                         ("Tanggal analisis", "{{ tanggal|tanggal }}")], label=4.3)
    heading(doc, "B. Capaian SA per Bab Standar Akreditasi")
    grid_table(doc, w, ["Bab", "Judul", "EP dinilai", "TL", "TS", "TT", "TDD", "Capaian"],
               [1.2, 6.0, 1.5, 1.0, 1.0, 1.0, 1.1], "for b in bab",
               ["{{ b.bab }}", "{{ b.judul }}", "{{ b.dinilai }}", "{{ b.tl }}", "{{ b.ts }}",
                "{{ b.tt }}", "{{ b.tdd }}", "{{ b.capaian }}"],
               ["center", "left", "center", "center", "center", "center", "center", "right"])
    para(doc, "Capaian = jumlah nilai EP (TL 10, TS 5, TT 0) dibagi 10 x jumlah EP yang dinilai; "
              "TDD tidak dihitung.", size=SMALL)
    heading(doc, "C. Kriteria {{ kriteria }} (Pembinaan oleh Dinas Kesehatan)")
    para(doc, "Capaian SA Kriteria {{ kriteria }}: {{ capaian_kriteria }}.", after=3)
    para(doc, "{%p if kriteria_ep %}")
    _ep_table(doc, w, "kriteria_ep", "EP")
    para(doc, "{%p else %}")
    para(doc, "Kriteria ini tidak diisi dalam SA Puskesmas.")
    para(doc, "{%p endif %}")
    heading(doc, "D. Elemen Penilaian di Bawah Terpenuhi Lengkap")
    para(doc, "{%p if di_bawah_tl %}")
    _ep_table(doc, w, "di_bawah_tl", "Kriteria / EP")
    para(doc, "{%p else %}")
    para(doc, "Semua EP yang dinilai terpenuhi lengkap.")
    para(doc, "{%p endif %}")
    heading(doc, "E. Rekomendasi TPCB")
    numbered(doc, "for s in rekomendasi", "{{ s }}")
    signature(doc, w, (TEMPAT_TANGGAL,))


def _ep_table(doc, w: float, var: str, head: str) -> None:
    grid_table(doc, w, ["No", head, "Skor", "Fakta dan Analisis", "Rekomendasi Puskesmas"],
               [NO, 2.6, 1.3, 5.6], f"for e in {var}",
               ["{{ loop.index }}", "{{ e.kode }}", "{{ e.skor }}", "{{ e.fakta }}",
                "{{ e.rekomendasi }}"], ["center", "left", "center", "left", "left"])


def laporan_hasil_pembinaan(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "LAPORAN HASIL PEMBINAAN TERPADU", "TIM PEMBINA CLUSTER BINAAN (TPCB)",
          "{{ puskesmas.nama|upper }} TAHUN {{ tahun }}")
    heading(doc, "A. Identitas")
    label_table(doc, w, [
        ("Cluster binaan", "{{ cluster }}"), ("Puskesmas", "{{ puskesmas.nama }}"),
        ("Kecamatan", "{{ puskesmas.kecamatan }}"),
        ("Waktu", "{{ tanggal_mulai|hari_tanggal }}{% if tanggal_selesai %} s.d. "
                  "{{ tanggal_selesai|hari_tanggal }}{% endif %}"),
        ("Tim pembina", "sebagaimana tabel berikut")], label=4.3)
    para(doc, after=3)
    petugas_table(doc, w, "for p in tim")
    heading(doc, "B. Dasar")
    para(doc, f"Surat Tugas Kepala Dinas Kesehatan {DAERAH_TEKS} Nomor {{{{ surat_tugas_nomor }}}} "
              "tanggal {{ surat_tugas_tanggal|tanggal }}.")
    heading(doc, "C. Metode")
    numbered(doc, "for m in metode", "{{ m }}")
    heading(doc, "D. Temuan dan Rekomendasi")
    grid_table(doc, w, ["No", "Area", "Temuan", "Rekomendasi"], [NO, 3.4, 5.9],
               "for t in temuan", ["{{ loop.index }}", "{{ t.area }}", "{{ t.temuan }}",
                                   "{{ t.rekomendasi }}"])
    heading(doc, "E. Masalah yang Diselesaikan di Tempat")
    or_none("selesai_di_tempat", "for m in selesai_di_tempat", "{{ m }}", doc)
    heading(doc, "F. Masalah yang Memerlukan Tindak Lanjut Dinas Kesehatan")
    or_none("masalah_dinkes", "for m in masalah_dinkes", "{{ m }}", doc)
    heading(doc, "G. Rencana Tindak Lanjut")
    grid_table(doc, w, ["No", "Kegiatan", "Penanggung Jawab", "Batas Waktu"], [NO, 7.6, 4.0],
               "for r in rencana", ["{{ loop.index }}", "{{ r.kegiatan }}", "{{ r.pj }}",
                                    "{{ r.batas_waktu|tanggal }}"],
               ["center", "left", "left", "center"])
    heading(doc, "H. Lampiran")
    or_none("lampiran", "for m in lampiran", "{{ m }}", doc)
    signature(doc, w, (TEMPAT_TANGGAL,))


def notulen_pendampingan(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "NOTULEN", "PENDAMPINGAN PENYUSUNAN RUK TAHUN {{ tahun_ruk }} DAN RPK TAHUN "
          "{{ tahun_rpk }}", "{{ puskesmas.nama|upper }}")
    label_table(doc, w, [("Hari/tanggal", "{{ tanggal|hari_tanggal }}"), ("Waktu", "{{ waktu }}"),
                         ("Tempat", "{{ lokasi }}"), ("Pimpinan rapat", "{{ pimpinan_rapat }}"),
                         ("Notulis", "{{ notulis.nama }}"), ("Peserta", "{{ peserta }}")],
                label=3.5)
    for name, var in (("A. Agenda", "agenda"), ("B. Pembahasan", "pembahasan"),
                      ("C. Kesimpulan dan Tindak Lanjut", "kesimpulan")):
        heading(doc, name)
        numbered(doc, f"for x in {var}", "{{ x }}")
    signature_pair(doc, w, ((("Notulis,",), "notulis"),
                            ((TEMPAT_TANGGAL, "Mengetahui,", "{{ penandatangan.jabatan }},"),
                             "penandatangan")))
    para(doc, "{%p if foto %}")
    heading(doc, "Dokumentasi Kegiatan")
    photos = table(doc, [w], grid=True)
    loop_rows(photos, "for f in foto", ["{{ f.gambar }}"], align="center", unsplit=True)
    cell = photos.rows[1].cells[0]
    cell_para(cell, "{{ f.keterangan }}", size=SMALL, align="center", after=4)
    para(doc, "{%p endif %}")


def daftar_hadir(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "DAFTAR HADIR", "{{ kegiatan|upper }}")
    label_table(doc, w, [("Hari/tanggal", "{{ tanggal|hari_tanggal }}"),
                         ("Waktu", "{{ waktu or '-' }}"), ("Tempat", "{{ lokasi }}")])
    gap(doc)
    widths = [0.8, 4.6, 6.6]  # the signature column keeps 4 cm
    widths.append(round(w - sum(widths), 2))
    grid = table(doc, widths, grid=True)
    shade(add_row(grid, ["No", "Nama", "Jabatan / Unit", "Tanda Tangan"], bold=True,
                  align="center", header=True))
    loop_rows(grid, "for p in peserta", [
        "{{ loop.index }}", "{{ p.nama }}",
        "{{ p.jabatan }}{% if p.instansi %}, {{ p.instansi }}{% endif %}", ""],
        align=["center", "left", "left", "left"], height=1.1, unsplit=True)
    loop_rows(grid, "for i in kosong", [
        "{{ peserta|length + loop.index }}", "", "", ""],
        align=["center", "left", "left", "left"], height=1.1, unsplit=True)
    signature(doc, w, ("Mengetahui,",))


def panduan_wawancara(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "PANDUAN WAWANCARA AKREDITASI PUSKESMAS",
          "KRITERIA {{ kriteria }} ELEMEN PENILAIAN {{ ep.kode|upper }}")
    label_table(doc, w, [("Puskesmas", "{{ puskesmas.nama }}"), ("Tahun", "{{ tahun }}"),
                         ("Elemen penilaian", "EP {{ ep.kode }}) {{ ep.judul }}"),
                         ("Butir bukti", "{{ butir_id }}: {{ butir_judul }}")], label=3.8)
    heading(doc, "A. Narasumber")
    grid_table(doc, w, ["No", "Peran", "Nama", "Jabatan"], [NO, 4.5, 5.0],
               "for n in narasumber", ["{{ loop.index }}", "{{ n.peran }}", "{{ n.nama }}",
                                       "{{ n.jabatan or '-' }}"])
    heading(doc, "B. Hal yang Perlu Dapat Dijelaskan Narasumber")
    numbered(doc, "for q in pertanyaan", "{{ q }}")
    heading(doc, "C. Bukti yang Dapat Ditunjukkan")
    or_none("bukti", "for b in bukti", "{{ b }}", doc)
