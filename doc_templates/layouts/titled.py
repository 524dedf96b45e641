"""Titled documents: SK penetapan TPCB, surat tugas (pembinaan, pendampingan), berita acara."""

from __future__ import annotations

from docx.shared import Cm

from doc_templates.layouts.blocks import (
    DAERAH,
    DAERAH_TEKS,
    kop,
    label_list,
    numbered,
    signature,
    title,
)
from doc_templates.layouts.parts import (
    NO,
    Page,
    add_row,
    cell_para,
    gap,
    grid_table,
    loop_rows,
    new_section,
    para,
    table,
)

KEPALA = f"KEPUTUSAN KEPALA DINAS KESEHATAN {DAERAH}"
DIKTUM = (
    ("KESATU", "Membentuk Tim Pembina Cluster Binaan (TPCB) Puskesmas {{ kop.jenis_daerah }} "
               "{{ kop.kabupaten }} Tahun {{ tahun }} dengan susunan keanggotaan dan uraian tugas "
               "sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari "
               "Keputusan ini."),
    ("KEDUA", "Tim sebagaimana dimaksud dalam Diktum KESATU mempunyai tugas:"),
    ("KETIGA", "{{ pelaporan }}"),
    ("KEEMPAT", "{{ pembiayaan }}"),
    ("KELIMA", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
)


def sk_tpcb(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, KEPALA, nomor="NOMOR {{ nomor }}")
    for line in ("TENTANG", "{{ tentang|upper }}", f"KEPALA DINAS KESEHATAN {DAERAH},"):
        para(doc, line, bold=True, align="center", after=10)
    gap(doc)
    label_list(doc, w, "Menimbang", "for m in menimbang", "{{ m }}",
               marker="{{ loop.index|huruf }}.")
    gap(doc)
    label_list(doc, w, "Mengingat", "for m in mengingat", "{{ m }}")
    gap(doc)
    para(doc, "MEMUTUSKAN:", bold=True, align="center", after=6)
    diktum(doc, w)
    signature(doc, w, ("Ditetapkan di {{ tempat }}", "pada tanggal {{ tanggal|tanggal }}"),
              with_tembusan=True)
    lampiran_sk(doc, page.turned() if not page.landscape else page)


def diktum(doc, width: float) -> None:
    t = table(doc, [3.0, 0.5, width - 3.5])
    rows = (("Menetapkan", f"{KEPALA} TENTANG {{{{ tentang|upper }}}}."), *DIKTUM)
    for name, text in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, (name, ":", text), strict=True):
            cell_para(cell, value, align="justify")
        if name == "KEDUA":
            numbered(cells[2], "for t in tugas", "{{ t }}", marker="{{ loop.index|huruf }}.")
        if name != "KELIMA":
            para(cells[2])


def lampiran_sk(doc, page: Page) -> None:
    new_section(doc, page)
    w = page.width
    left = round(w * 0.5, 2)
    para(doc, "LAMPIRAN", left=left)
    para(doc, f"KEPUTUSAN KEPALA DINAS KESEHATAN {DAERAH}", left=left)
    t = table(doc, [2.9, 0.4, w - left - 3.3], indent=left)
    for name, value in (("NOMOR", "{{ nomor }}"), ("TANGGAL", "{{ tanggal|tanggal }}"),
                        ("TENTANG", "{{ tentang|upper }}")):
        add_row(t, [name, ":", value])
    gap(doc)
    title(doc, "SUSUNAN KEANGGOTAAN DAN URAIAN TUGAS", "{{ tentang|upper }}")
    grid_table(doc, w, ["No", "Nama / NIP", "Jabatan", "Peran", "Bidang", "Puskesmas Binaan",
                        "Uraian Tugas"], [0.8, 4.8, 3.6, 1.9, 2.6, 5.2], "for a in anggota", [
        "{{ loop.index }}", "{{ a.nama }}\nNIP. {{ a.nip|nip }}", "{{ a.jabatan }}",
        "{{ a.peran }}", "{{ a.bidang }}", "{{ a.puskesmas_binaan|join(', ') }}",
        "{{ a.uraian_tugas }}"], shaded=False, then_gap=False)
    signature(doc, w, ())


def _surat_tugas(doc, page: Page, untuk: str) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "SURAT TUGAS", nomor="NOMOR : {{ nomor }}", underline_first=True)
    label_list(doc, w, "Dasar", "for d in dasar", "{{ d }}")
    gap(doc)
    para(doc, "MENUGASKAN:", bold=True, align="center", after=3)
    para(doc, "Kepada\t:", after=2).paragraph_format.tab_stops.add_tab_stop(Cm(3.0))
    petugas_table(doc, w)
    gap(doc)
    waktu = ("pada hari {{ tanggal_mulai|hari }}{% if tanggal_selesai %} s.d. "
             "{{ tanggal_selesai|hari }}{% endif %}, tanggal {{ tanggal_mulai|tanggal }}"
             "{% if tanggal_selesai %} s.d. {{ tanggal_selesai|tanggal }}{% endif %}")
    first = (f"{untuk} di {{{{ puskesmas.nama }}}}, Kecamatan {{{{ puskesmas.kecamatan }}}}, "
             f"{waktu};")
    label_list(doc, w, "Untuk", "for u in tugas_tambahan", "{{ u }};",
               marker="{{ loop.index + 1 }}.", static=(("1.", first),),
               tail=(("{{ tugas_tambahan|length + 2 }}.",
                      f"Melaporkan hasil pelaksanaan tugas kepada Kepala Dinas Kesehatan "
                      f"{DAERAH_TEKS}."),))
    signature(doc, w, ("Dikeluarkan di {{ tempat }}", "pada tanggal {{ tanggal|tanggal }}"),
              with_tembusan=True)


def petugas_table(doc, width: float, loop: str = "for p in petugas") -> None:
    """The team as LETTER_LAYOUTS sketches it: No | Nama | NIP | Pangkat/Gol. | Jabatan | Peran.
    The widths keep a row of a long name and a long jabatan to two or three lines of 10 pt and
    fit "Sekretaris", "(III/d)" and a NIP split after the birth date without breaking a word."""
    grid_table(doc, width, ["No", "Nama", "NIP", "Pangkat/ Gol.", "Jabatan", "Peran"],
               [0.7, 4.0, 2.4, 2.2, 4.8], loop,
               ["{{ loop.index }}", "{{ p.nama }}", "{{ p.nip|nip if p.nip else '-' }}",
                "{{ p.pangkat or '-' }}", "{{ p.jabatan or '-' }}", "{{ p.peran }}"],
               shaded=False, then_gap=False)


def surat_tugas_pembinaan(doc, page: Page) -> None:
    _surat_tugas(doc, page, "Melaksanakan pembinaan terpadu Tim Pembina Cluster Binaan (TPCB)")


def surat_tugas_pendampingan(doc, page: Page) -> None:
    _surat_tugas(doc, page, "Melaksanakan pendampingan penyusunan Rencana Usulan Kegiatan (RUK) "
                 "Tahun {{ tahun_ruk }} dan Rencana Pelaksanaan Kegiatan (RPK) Tahun "
                 "{{ tahun_rpk }}")


def berita_acara_verifikasi(doc, page: Page) -> None:
    w = page.width
    kop(doc, w)
    title(doc, "BERITA ACARA VERIFIKASI PENILAIAN KINERJA PUSKESMAS",
          "{{ puskesmas.nama|upper }} TAHUN {{ tahun_penilaian }}", nomor="NOMOR : {{ nomor }}")
    para(doc, "Pada hari ini {{ tanggal|hari }} tanggal {{ tanggal|tanggal_terbilang }}, "
         "bertempat di {{ lokasi }}, telah dilaksanakan verifikasi hasil Penilaian Kinerja "
         "Puskesmas (PKP) Tahun {{ tahun_penilaian }} {{ puskesmas.nama }}, Kecamatan "
         "{{ puskesmas.kecamatan }}, oleh Tim Verifikasi Dinas Kesehatan " + DAERAH_TEKS
         + " yang terdiri atas:", first=1.25, align="justify", after=6)
    petugas_table(doc, w, "for p in verifikator")
    gap(doc)
    para(doc, "bersama {{ penandatangan_puskesmas.nama }}, NIP. "
         "{{ penandatangan_puskesmas.nip|nip }}, {{ penandatangan_puskesmas.jabatan }}, "
         "dengan hasil verifikasi sebagai berikut:", align="justify", after=6)
    grid_table(doc, w, ["No", "Komponen", "Nilai Puskesmas", "Nilai Verifikasi", "Selisih",
                        "Kategori"], [NO, 5.0, 2.4, 2.4, 2.0], "for n in nilai", [
        "{{ loop.index }}", "{{ n.komponen }}", "{{ n.nilai_puskesmas|angka }}",
        "{{ n.nilai_verifikasi|angka }}", "{{ n.selisih|angka }}", "{{ n.kategori or '-' }}"],
        ["center", "left", "right", "right", "right", "center"], shaded=False)
    para(doc, "{%p if perubahan %}")
    para(doc, "Data yang dikoreksi saat verifikasi:", keep=True, after=3)
    grid_table(doc, w, ["No", "Kode", "Indikator / butir", "Nilai Puskesmas", "Hasil Verifikasi"],
               [NO, 1.8, 6.4, 2.6], "for p in perubahan",
               ["{{ loop.index }}", "{{ p.kode }}", "{{ p.nama }}", "{{ p.sebelum }}",
                "{{ p.sesudah }}"], ["center", "left", "left", "right", "right"], shaded=False)
    para(doc, "{%p endif %}")
    para(doc, "Kesimpulan:", keep=True)
    numbered(doc, "for k in kesimpulan", "{{ k }}")
    gap(doc)
    para(doc, "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan "
         "sebagaimana mestinya.", first=1.25, align="justify")
    para(doc, "Tim Verifikasi Dinas Kesehatan yang hadir:", keep=True, after=3)
    widths = [NO, 7.0, 4.6]
    grid = table(doc, [*widths, round(w - sum(widths), 2)], grid=True)
    add_row(grid, ["No", "Nama / NIP", "Jabatan", "Tanda Tangan"], bold=True, align="center",
            header=True)
    loop_rows(grid, "for p in verifikator", [
        "{{ loop.index }}", "{{ p.nama }}{% if p.nip %}, NIP. {{ p.nip|nip }}{% endif %}",
        "{{ p.jabatan }}", ""], align=["center", "left", "left", "left"], height=1.1)
    signature(doc, w, ("Pihak Puskesmas,",), who="penandatangan_puskesmas", with_tembusan=True)

