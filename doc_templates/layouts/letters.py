"""Correspondence: nota dinas, umpan balik (pembinaan, PKP), tindak lanjut lokmin/PTM."""

from __future__ import annotations

from doc_templates.layouts.blocks import (
    DAERAH_TEKS,
    kop,
    label_table,
    letter_head,
    numbered,
    signature,
    title,
)
from doc_templates.layouts.parts import (
    NO,
    Page,
    border,
    gap,
    grid_table,
    para,
)

PENUTUP = "Demikian, atas perhatian dan kerja samanya diucapkan terima kasih."
LAPORAN_TL = ("Sehubungan dengan hal tersebut, Saudara diminta menindaklanjuti rekomendasi di "
              "atas dan menyampaikan laporan tindak lanjut secara tertulis kepada Kepala Dinas "
              f"Kesehatan {DAERAH_TEKS} paling lambat tanggal {{{{ batas_laporan|tanggal }}}}.")


def body(doc, text: str, **fmt) -> None:
    para(doc, text, first=1.25, align="justify", after=6, **fmt)


def closing(doc, width: float) -> None:
    signature(doc, width, (), closing=PENUTUP, with_tembusan=True)


def nota_dinas_laporan(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "NOTA DINAS", underline_first=True)
    label_table(doc, w, [
        ("Yth.", "{{ kepada }}"), ("Dari", "{{ dari }}"),
        ("Tembusan", "{{ tembusan|join(', ') if tembusan else '-' }}"),
        ("Tanggal", "{{ tanggal|tanggal }}"), ("Nomor", "{{ nomor }}"), ("Sifat", "{{ sifat }}"),
        ("Lampiran", "{{ lampiran }}"), ("Hal", "{{ hal }}")], label=2.5)
    border(para(doc, size=4), size=12)
    gap(doc)
    body(doc, "Bersama ini kami sampaikan laporan hasil pembinaan terpadu Tim Pembina Cluster "
              "Binaan (TPCB) dengan pokok-pokok sebagai berikut:")
    numbered(doc, "for p in poin", "{{ p }}")
    gap(doc)
    signature(doc, w, (), closing="Demikian kami sampaikan, mohon arahan dan keputusan Bapak/Ibu "
              "lebih lanjut.")


def surat_umpan_balik_pembinaan(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    letter_head(doc, w, "Umpan Balik Hasil Pembinaan Terpadu Tahun {{ tahun }}")
    body(doc, "Menindaklanjuti pelaksanaan pembinaan terpadu oleh Tim Pembina Cluster Binaan "
              f"(TPCB) Dinas Kesehatan {DAERAH_TEKS} di {{{{ puskesmas.nama }}}} pada hari "
              "{{ tanggal_pembinaan|hari_tanggal }}, bersama ini kami sampaikan umpan balik "
              "hasil pembinaan sebagai berikut.")
    para(doc, "{%p if ringkasan %}")
    para(doc, "Ringkasan hasil pembinaan:", keep=True)
    numbered(doc, "for r in ringkasan", "{{ r }}")
    gap(doc)
    para(doc, "{%p endif %}")
    para(doc, "Rekomendasi yang perlu ditindaklanjuti:", keep=True)
    numbered(doc, "for r in rekomendasi", "{{ r }}")
    gap(doc)
    body(doc, LAPORAN_TL)
    closing(doc, w)


def surat_tindak_lanjut_lokmin(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    letter_head(doc, w, "{{ hal }}")
    body(doc, "Menindaklanjuti {% if surat_puskesmas_nomor %}surat Saudara Nomor "
              "{{ surat_puskesmas_nomor }}{% if surat_puskesmas_tanggal %} tanggal "
              "{{ surat_puskesmas_tanggal|tanggal }}{% endif %} tentang {% endif %}hasil "
              "{{ sumber }} {{ puskesmas.nama }}, bersama ini kami sampaikan tindak lanjut Tim "
              "Pembina Cluster Binaan (TPCB) atas permasalahan yang memerlukan penyelesaian di "
              "tingkat Dinas Kesehatan sebagai berikut:")
    grid_table(doc, w, ["No", "Masalah", "Tindak Lanjut TPCB", "Penanggung Jawab", "Batas Waktu"],
               [NO, 4.6, 5.0, 3.0], "for b in butir",
               ["{{ loop.index }}", "{{ b.masalah }}", "{{ b.tindak_lanjut }}", "{{ b.pj }}",
                "{{ b.batas_waktu|tanggal }}"], ["center", "left", "left", "left", "center"],
               shaded=False)
    body(doc, "Saudara diminta memantau pelaksanaan tindak lanjut tersebut dan melaporkan "
              "perkembangannya pada lokakarya mini atau pertemuan tinjauan manajemen berikutnya.")
    closing(doc, w)


def surat_umpan_balik_pkp(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    letter_head(doc, w, "Umpan Balik Penilaian Kinerja Puskesmas Tahun {{ tahun }}")
    body(doc, "Berdasarkan hasil verifikasi Penilaian Kinerja Puskesmas (PKP) Tahun {{ tahun }} "
              "{{ puskesmas.nama }} yang dilaksanakan pada hari "
              "{{ tanggal_verifikasi|hari_tanggal }}, bersama ini kami sampaikan umpan balik "
              "hasil penilaian kinerja sebagai berikut:")
    grid_table(doc, w, ["No", "Komponen", "Nilai", "Kategori"], [NO, 7.5, 2.8], "for h in hasil",
               ["{{ loop.index }}", "{{ h.komponen }}", "{{ h.nilai|angka }}", "{{ h.kategori }}"],
               ["center", "left", "right", "center"], shaded=False)
    body(doc, "Secara keseluruhan kinerja {{ puskesmas.nama }} Tahun {{ tahun }} termasuk kategori "
              "{{ kategori }} (kelompok {{ kelompok }}), yaitu kategori terendah dari ketiga "
              "komponen di atas.")
    para(doc, "Rekomendasi yang perlu ditindaklanjuti:", keep=True)
    numbered(doc, "for r in rekomendasi", "{{ r }}")
    gap(doc)
    body(doc, LAPORAN_TL)
    closing(doc, w)
