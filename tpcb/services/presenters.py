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
    return {"id": s.id, "ref": label(s), "nomor": s.nomor, "jenis": s.jenis,
            "tte": checked.label if checked else None, "tanggal": s.tanggal.isoformat(),
            "bernomor": s.nomor is not None,
            "perihal": s.perihal, "tujuan": s.tujuan, "penandatangan": s.penandatangan,
            "status": s.status, "puskesmas": None if s.pemilik == DINKES else s.pemilik,
            "item": s.item_id, "templat": s.templat, "key": s.artefak_final or s.artefak_draf,
            "draft_key": s.artefak_draf, "final_key": s.artefak_final, "catatan": s.catatan,
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
    return {"key": r.kunci, "puskesmas": r.pemilik, "tahun": r.tahun, "ep": r.ep,
            "item": r.item_id, "type": r.jenis, "status": r.status, "tanggal": r.tanggal,
            "sha256": r.sha256, "size": r.ukuran, "content_type": r.content_type,
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
