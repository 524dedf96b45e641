"""Records as plain data: the JSON shapes the CLI (`--format json`) and the API both print, so a
field is named once and both show the same thing."""

from __future__ import annotations

from datetime import date
from typing import Any

from evidence.kinerja import KinerjaResult, Perbandingan
from evidence.kinerja.hasil import KOMPONEN
from evidence.letters import label
from evidence.records import DINKES
from evidence.status import StatusSurat
from evidence.tindak_lanjut import days_overdue, is_overdue
from evidence.tte import HasilTte

SURAT_STATUS = tuple(StatusSurat)  # what a letter can be; a filter is one of these


def surat_json(s, tte: dict | None = None) -> dict:
    """The letter as the CLI and the API show it; `tte` is its signed PDF's TTE check."""
    checked = HasilTte.from_json(tte)
    return {"id": s.id, "rujukan": label(s), "nomor": s.nomor, "jenis": s.jenis,
            "tte": checked.label if checked else None, "tanggal": s.tanggal.isoformat(),
            "bernomor": s.nomor is not None,
            "perihal": s.perihal, "tujuan": s.tujuan, "penandatangan": s.penandatangan,
            "status": s.status, "puskesmas": None if s.pemilik == DINKES else s.pemilik,
            "butir": s.item_id, "templat": s.templat, "kunci": s.artefak_final or s.artefak_draf,
            "kunci_draf": s.artefak_draf, "kunci_final": s.artefak_final, "catatan": s.catatan,
            "diterima_pada": s.diterima_pada.isoformat() if s.diterima_pada else None}


def task_json(t, today: date) -> dict:
    """A follow-up task, with how late it is on `today`."""
    return {"id": t.id, "puskesmas": t.puskesmas, "tahun": t.tahun, "sumber": t.sumber,
            "nomor_surat": t.nomor_surat, "ep": t.ep, "masalah": t.masalah,
            "rekomendasi": t.rekomendasi, "rencana": t.rencana, "pj": t.pj, "tingkat": t.tingkat,
            "batas_waktu": t.batas_waktu.isoformat(), "status": t.status,
            "terlambat": is_overdue(t, today), "hari_terlambat": days_overdue(t, today),
            "bukti": t.bukti, "catatan": t.catatan}


def artefact_json(r) -> dict:
    return {"kunci": r.kunci, "puskesmas": r.pemilik, "tahun": r.tahun, "ep": r.ep,
            "butir": r.item_id, "jenis": r.jenis, "status": r.status, "tanggal": r.tanggal,
            "sha256": r.sha256, "ukuran": r.ukuran, "tipe_media": r.content_type,
            "revisi": r.revisi, "penandatangan": r.penandatangan}


def komponen_json(r: KinerjaResult) -> dict:
    """A PKP result's three components, their categories and the average."""
    return {"layanan": r.layanan, "manajemen": r.manajemen, "mutu": r.mutu,
            "kategori": r.kategori, "kelompok": r.kelompok, "nilai_rata": round(r.nilai_rata, 2)}


def perbandingan_json(cmp_: Perbandingan, kode: str, year: int) -> dict:
    """A verified PKP beside the Puskesmas's own: the items that differ and both results."""
    own, ver = cmp_.hasil_sendiri, cmp_.hasil_verifikasi
    return {
        "puskesmas": kode, "tahun": year,
        "ditandai": [row.model_dump() for row in cmp_.ditandai],
        "nilai": {key: {"puskesmas": getattr(own, key), "verifikasi": getattr(ver, key)}
                  for key, _ in KOMPONEN},
        "kategori": cmp_.kategori, "kelompok": ver.kelompok,
        "kategori_puskesmas": own.kategori,
    }


def baris_agenda_json(r) -> dict:
    """A letter of the buku agenda (tpcb.services.agenda.BarisAgenda): dates as ISO text."""
    return {"id": r.id, "rujukan": r.ref, "nomor": r.nomor, "tanggal": r.tanggal.isoformat(),
            "jenis": r.jenis, "jenis_label": r.jenis_label, "perihal": r.perihal, "tujuan": r.tujuan,
            "penandatangan": r.penandatangan, "puskesmas": r.puskesmas,
            "puskesmas_nama": r.puskesmas_nama, "status": r.status, "status_label": r.status_label,
            "ep": r.ep, "butir": r.item, "kunci_draf": r.draf, "kunci_final": r.final,
            "diterima_pada": r.diterima_pada.isoformat() if r.diterima_pada else None,
            "tte_status": r.tte_status, "tte": r.tte}


def agenda_json(h) -> dict:
    """A page of the buku agenda (tpcb.services.agenda.HalamanAgenda)."""
    return {"total": h.total, "halaman": h.halaman, "per_halaman": h.per_halaman,
            "jumlah_halaman": h.jumlah_halaman, "saringan": h.saringan,
            "surat": [baris_agenda_json(r) for r in h.baris]}


# -- full-text search (tpcb.services.cari) -----------------------------------------------------
def _potongan_json(p) -> dict[str, Any]:
    return {"teks": p.teks, "cocok": p.cocok}


def cari_hasil_json(h) -> dict[str, Any]:
    t = h.temuan
    surat = h.surat
    return {
        "kunci": t.kunci, "pemilik": t.pemilik, "puskesmas": h.puskesmas, "ep": t.ep,
        "item_id": t.item_id, "nama_berkas": t.nama_berkas, "tahun": t.tahun, "status": t.status,
        "revisi": t.revisi, "skor": round(t.skor, 4),
        "cuplikan": [_potongan_json(p) for p in t.cuplikan],
        "surat": None if surat is None else {"nomor": surat.nomor, "perihal": surat.perihal,
                                             "status": surat.status},
    }


def cari_json(r) -> dict[str, Any]:
    return {"q": r.q, "kata": r.kata, "jumlah": len(r.hasil), "terpotong": r.terpotong,
            "hasil": [cari_hasil_json(h) for h in r.hasil]}
