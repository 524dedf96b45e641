"""Pieces of template contexts built from the master data (letterhead, signers, people)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from evidence.errors import InputError
from evidence.records import AnggotaTim, Office, Puskesmas
from evidence.siklus.ports import CycleRepository, TemplatInfo

PERAN_LABEL = {"ketua": "Ketua", "wakil_ketua": "Wakil Ketua", "sekretaris": "Sekretaris",
               "anggota": "Anggota"}
PERAN_URUT = {"ketua": 0, "wakil_ketua": 1, "sekretaris": 2, "anggota": 3}


def daerah(office: Office) -> str:
    return f"{office.jenis_daerah} {office.kabupaten}"


def kop(office: Office) -> dict[str, Any]:
    return dict(jenis_daerah=office.jenis_daerah, kabupaten=office.kabupaten, alamat=office.alamat,
                telepon=office.telepon, faks=office.faks, kode_pos=office.kode_pos,
                email=office.email, website=office.website)


def kepala_dinas(office: Office) -> dict[str, str]:
    return dict(jabatan=f"Kepala Dinas Kesehatan {daerah(office)}", nama=office.kepala_nama,
                pangkat=office.kepala_pangkat, nip=office.kepala_nip)


def ketua(tim: list[AnggotaTim]) -> AnggotaTim:
    for m in tim:
        if m.peran == "ketua":
            return m
    raise InputError("Tim TPCB belum punya ketua. Impor dulu: tpcb import tim FILE.csv")


def ketua_ttd(tim: list[AnggotaTim]) -> dict[str, str]:
    k = ketua(tim)
    return dict(jabatan="Ketua Tim Pembina Cluster Binaan (TPCB)", nama=k.nama, pangkat=k.pangkat,
                nip=k.nip)


def puskesmas_ref(p: Puskesmas) -> dict[str, str]:
    return dict(kode=p.kode, nama=p.nama, kecamatan=p.kecamatan, kepala_nama=p.kepala_nama)


def kepala_puskesmas(p: Puskesmas) -> dict[str, str]:
    return dict(jabatan=f"Kepala {p.nama}", nama=p.kepala_nama, pangkat="",
                nip=p.kepala_nip or "")


def petugas(m: AnggotaTim) -> dict[str, str]:
    return dict(nama=m.nama, nip=m.nip, pangkat=m.pangkat, jabatan=m.jabatan, bidang=m.bidang,
                peran=PERAN_LABEL.get(m.peran, m.peran.capitalize()))


def tim_untuk(tim: list[AnggotaTim], kode: str) -> list[AnggotaTim]:
    """The members covering a Puskesmas, led by the most senior role."""
    members = [m for m in tim if kode in m.puskesmas_binaan]
    if not members:
        raise InputError(f"Belum ada anggota TPCB yang membina Puskesmas {kode}; lengkapi tim.csv.")
    return sorted(members, key=lambda m: (PERAN_URUT.get(m.peran, 9), m.nama))


def tim_kunjungan(tim: list[AnggotaTim], nips: list[str]) -> list[AnggotaTim]:
    """The members on a visit's surat tugas, in the order of the letter (lead first)."""
    by_nip = {m.nip: m for m in tim}
    return [by_nip[n] for n in nips if n in by_nip]


def ketua_kunjungan(members: list[AnggotaTim]) -> dict[str, str]:
    """The lead of the visit team signs what the team produced on site ("Mengetahui")."""
    if not members:
        raise InputError("Kunjungan ini belum punya anggota TPCB; lengkapi tim.csv lalu jadwalkan ulang.")
    m = members[0]
    return dict(jabatan="Ketua Tim Pendamping TPCB", nama=m.nama, pangkat=m.pangkat, nip=m.nip)


def pejabat_puskesmas(p: Puskesmas) -> list[tuple[str, str]]:
    """The Puskesmas's officials on record: (nama, jabatan)."""
    rows = [(p.kepala_nama, f"Kepala {p.nama}"), (p.ktu_nama, "Kepala Tata Usaha"),
            (p.pj_mutu_nama, "PJ Mutu"), (p.pj_pelayanan_nama, "PJ Pelayanan")]
    return [(nama, jabatan) for nama, jabatan in rows if nama]


def base(office: Office, tanggal: date, penandatangan: dict[str, str], **more: Any) -> dict[str, Any]:
    return dict(kop=kop(office), tempat=office.kota, tanggal=tanggal,
                penandatangan=penandatangan, **more)


def images(office: Office) -> dict[str, bytes]:
    return {"logo": office.logo} if office.logo else {}


def with_defaults(context: dict[str, Any], *, fields: set[str], office: Office,
                  tim: list[AnggotaTim], signer: str | None, tanggal: date,
                  puskesmas: Puskesmas | None) -> dict[str, Any]:
    """Fill what the master data already knows (kop, place, signer, Puskesmas) into a context.

    Only fields the template's schema has are filled; values the user gave win; `nomor` is never
    taken from the user (it is allocated).
    """
    known: dict[str, Any] = {"kop": kop(office), "tempat": office.kota, "tanggal": tanggal}
    if signer == "kepala_dinas":
        known["penandatangan"] = kepala_dinas(office)
    elif signer == "ketua_tpcb":
        known["penandatangan"] = ketua_ttd(tim)
    if puskesmas is not None:
        known["puskesmas"] = puskesmas_ref(puskesmas)
    out = {k: v for k, v in context.items() if k != "nomor"}
    for key, value in known.items():
        if key in fields:
            out.setdefault(key, value)
    return out


def penandatangan_dokumen(repo: CycleRepository, templates: Mapping[str, TemplatInfo], sumber: str) -> str:
    """Who is expected to sign a generated document (prefilled for the clerk, who may change it),
    from its template's signer and, for on-site documents, the visit on its `sumber`
    ("dokumen:{templat}:{jenis}:{puskesmas}:{tahun}:{ke}")."""
    parts = sumber.split(":")
    entry = templates.get(parts[1]) if len(parts) > 1 else None
    signer = entry.signer if entry else None
    if signer == "kepala_dinas":
        office = repo.office()
        return office.kepala_nama if office else ""
    if signer == "ketua_tpcb":
        return next((m.nama for m in repo.tim() if m.peran == "ketua"), "")
    if signer == "ketua_kunjungan" and len(parts) >= 6 and parts[5].isdigit():
        visit = repo.kunjungan_find(int(parts[4]), parts[3], parts[2], int(parts[5]))
        team = tim_kunjungan(repo.tim(), visit.tim) if visit else []
        return team[0].nama if team else ""
    return ""
