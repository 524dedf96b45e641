"""Sample data of the fictional Kabupaten Sukamaju, shared by the sample contexts.

The people, numbers and places mirror tpcb/samples/ (all fictional); they are repeated here
because doc_templates may not import tpcb.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

KOP = dict(jenis_daerah="Kabupaten", kabupaten="Sukamaju",
           alamat="Jalan Raya Sehat Sejahtera Nomor 17, Sukamaju, Provinsi Nusa Makmur",
           telepon="(0999) 321456", faks="(0999) 321457", kode_pos="99101",
           email="dinkes@sukamaju.example", website="https://dinkes.sukamaju.example")
KEPALA_DINAS = dict(jabatan="Kepala Dinas Kesehatan Kabupaten Sukamaju",
                    nama="dr. Rahmat Wirasena Adiputra, M.M.Kes.",
                    pangkat="Pembina Utama Muda (IV/c)", nip="19710214 199903 1 005")
KETUA = dict(nama="dr. Hendrawan Satyaputra, M.Kes.", nip="197505122003121004",
             pangkat="Pembina Tk. I (IV/b)", jabatan="Sekretaris Dinas Kesehatan")
KETUA_TTD = {**KETUA, "jabatan": "Ketua Tim Pembina Cluster Binaan (TPCB)"}
PENDAMPING_TTD = dict(nama="drg. Arif Nugraha Pamungkas, M.Kes.", nip="197702182005011006",
                      pangkat="Pembina (IV/a)", jabatan="Ketua Tim Pendamping TPCB")
TIM: tuple[tuple[str, str, str, str, str, str, tuple[str, ...]], ...] = (
    # nama, nip, pangkat, jabatan, bidang, peran, puskesmas binaan
    (KETUA["nama"], KETUA["nip"], KETUA["pangkat"], KETUA["jabatan"], "Sekretariat", "Ketua", ("PKM-SKJ",)),
    ("Ratna Widyaningsih, S.KM., M.Kes.", "198109252006042011", "Penata Tk. I (III/d)",
     "Kepala Subbagian Perencanaan dan Evaluasi", "Subbag Perencanaan", "Sekretaris",
     ("PKM-MKS",)),
    ("drg. Arif Nugraha Pamungkas, M.Kes.", "197702182005011006", "Pembina (IV/a)",
     "Kepala Bidang Pelayanan Kesehatan", "Bidang Pelayanan Kesehatan", "Anggota",
     ("PKM-SKJ", "PKM-TJW")),
    ("apt. Larasati Maharani Soedibyo, S.Farm.", "198812032014022005", "Penata (III/c)",
     "Ketua Tim Kerja Kefarmasian dan Alat Kesehatan", "Bidang SDK", "Anggota",
     ("PKM-SKJ", "PKM-MKS")),
)
PUSKESMAS = {
    "PKM-SKJ": ("Puskesmas Sukajaya", "Sukajaya", "dr. Wulan Sekarsari Pratiwi",
                "198203172010012014"),
    "PKM-MKS": ("Puskesmas Mekarsentosa", "Mekarsentosa", "Hartono Wibowo Saputra, S.KM., M.Kes.",
                "197808092005011009"),
    "PKM-TJW": ("Puskesmas Tanjungwangi", "Tanjungwangi", "drg. Anindita Larasati Putri",
                "198511242011012007"),
}
SK_TPCB = "Keputusan Kepala Dinas Kesehatan Kabupaten Sukamaju Nomor 400.7/001/TPCB/I/2026"
ST_PEMBINAAN = "800.1.11.1/012/TPCB/III/2026"


def puskesmas(kode: str = "PKM-SKJ") -> dict[str, str]:
    nama, kecamatan, kepala, _ = PUSKESMAS[kode]
    return dict(kode=kode, nama=nama, kecamatan=kecamatan, kepala_nama=kepala)


def kepala_puskesmas(kode: str = "PKM-SKJ") -> dict[str, str]:
    nama, _, kepala, nip = PUSKESMAS[kode]
    return dict(jabatan=f"Kepala {nama}", nama=kepala, pangkat="Pembina (IV/a)", nip=nip)


def petugas(kode: str = "PKM-SKJ") -> list[dict[str, str]]:
    return [dict(nama=n, nip=nip, pangkat=p, jabatan=j, bidang=b, peran=r)
            for n, nip, p, j, b, r, binaan in TIM if kode in binaan]


def asset(name: str) -> bytes:
    return resources.files("doc_templates").joinpath("assets", name).read_bytes()


def sample_images() -> dict[str, bytes]:
    """The `images` argument of render(): the fictional office logo."""
    return {"logo": asset("logo_contoh.png")}


def base(tanggal: date, signer: dict[str, str] = KEPALA_DINAS, **more: Any) -> dict[str, Any]:
    return dict(kop=KOP, tanggal=tanggal, penandatangan=signer, **more)


def letter(nomor: str, tanggal: date, kode: str = "PKM-SKJ", **more: Any) -> dict[str, Any]:
    tembusan = ["Sekretaris Dinas Kesehatan Kabupaten Sukamaju",
                "Kepala Bidang Pelayanan Kesehatan", "Arsip"]
    return base(tanggal, nomor=nomor, tempat="Sukamaju", sifat="Penting",
                lampiran="1 (satu) berkas", kepada=f"Kepala {PUSKESMAS[kode][0]}",
                di=f"Kecamatan {PUSKESMAS[kode][1]}", tembusan=tembusan, **more)
