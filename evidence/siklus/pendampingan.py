"""Stage 5, pendampingan RUK/RPK: minutes with photos and the attendance list (EP e D), beside
the Surat Tugas (penugasan) and the Puskesmas's own RUK and RPK (EP e R, uploaded)."""

from __future__ import annotations

from collections.abc import Sequence

from evidence.dokumen import DocumentRequest, issue_document
from evidence.errors import InputError
from evidence.records import DRAFT
from evidence.records.siklus import PENDAMPINGAN, HasilPembinaan
from evidence.registry import FileRequest, file_artefact, require_office, require_puskesmas
from evidence.siklus.konteks import (
    base,
    images,
    ketua_kunjungan,
    pejabat_puskesmas,
    puskesmas_ref,
    tim_kunjungan,
)
from evidence.siklus.masukan import NotulenInput, parse
from evidence.siklus.ports import Ctx

BARIS_KOSONG = 5  # empty rows of the attendance list for participants nobody recorded
RENCANA = (("e-r1", "RUK"), ("e-r2", "RPK"))  # the plans the Puskesmas uploads itself (EP e R)


def kunjungan_pendampingan(c: Ctx, tahun: int, kode: str):
    k = c.repo.kunjungan_find(tahun, kode, PENDAMPINGAN)
    if k is None:
        raise InputError(f"Belum ada jadwal pendampingan {kode} tahun {tahun}; jalankan penetapan.")
    return k


def catat_notulen(c: Ctx, tahun: int, kode: str, text: str,
                  foto: Sequence[tuple[bytes, str, str]] = ()) -> HasilPembinaan:
    """Record the meeting; photos (bytes, file name, caption) are kept in the store beside it."""
    data = parse(NotulenInput, text, "notulen pendampingan")
    k = kunjungan_pendampingan(c, tahun, kode)
    kept = []
    for n, (blob, name, caption) in enumerate(foto, start=1):
        if not name.lower().endswith((".png", ".jpg", ".jpeg")):
            raise InputError(f"Foto '{name}' harus berupa gambar PNG atau JPEG.")
        filed = file_artefact(c.uow, c.store, c.catalogue, FileRequest(
            data=blob, filename=f"foto{n}_{name}", item_id="e-d2", pemilik=kode, tahun=tahun,
            tanggal=k.tanggal, status=DRAFT, sumber=f"foto:{k.sumber}:{n}", replace=True),
            max_bytes=c.max_bytes)
        kept.append({"kunci": filed.artefact.kunci, "keterangan": caption or f"Foto kegiatan {n}"})
    row = c.repo.hasil(k.id) or HasilPembinaan(kunjungan_id=k.id)
    row.data = {**data.model_dump(mode="json"), "foto": kept or row.data.get("foto", [])}
    c.repo.add(row)
    return row


def kurang(c: Ctx, tahun: int, kode: str) -> list[str]:
    """What the stage still waits for: the minutes, and the Puskesmas's own RUK and RPK."""
    missing = [] if _input(c, tahun, kode) else ["notulen pendampingan belum dicatat"]
    for item, name in RENCANA:
        if not c.repo.artefacts(pemilik=kode, tahun=tahun, item_id=item):
            missing.append(f"{name} belum diunggah")
    return missing


def _input(c: Ctx, tahun: int, kode: str):
    k = kunjungan_pendampingan(c, tahun, kode)
    row = c.repo.hasil(k.id)
    return (k, NotulenInput.model_validate(row.data)) if row else None


def hadir(c: Ctx, k, data: NotulenInput, pkm) -> tuple[list, list[dict]]:
    """Who was there: the team on the visit's surat tugas, the Puskesmas's officials on record,
    and the other participants typed in the minutes (each person once)."""
    team = tim_kunjungan(c.repo.tim(), k.tim)
    rows = [dict(nama=m.nama, jabatan=m.jabatan, instansi="Dinas Kesehatan") for m in team]
    rows += [dict(nama=n, jabatan=j, instansi=pkm.nama) for n, j in pejabat_puskesmas(pkm)]
    seen = {r["nama"].casefold() for r in rows}
    rows += [p.model_dump() for p in data.peserta if p.nama.casefold() not in seen]
    return team, rows


def notulen(c: Ctx, tahun: int, kode: str):
    found = _input(c, tahun, kode)
    if found is None:
        return None
    k, data = found
    office, pkm = require_office(c.repo), require_puskesmas(c.repo, kode)
    team, rows = hadir(c, k, data, pkm)
    lead = ketua_kunjungan(team)
    scribe = team[-1]  # the most junior member of the visit keeps the minutes
    photos = [dict(gambar=c.store.get(f["kunci"]), keterangan=f["keterangan"]) for f in data.foto]
    ctx = base(office, k.tanggal, lead, puskesmas=puskesmas_ref(pkm), tahun_ruk=tahun + 1,
               tahun_rpk=tahun, waktu=data.waktu, lokasi=data.lokasi,
               pimpinan_rapat=data.pimpinan_rapat,
               peserta=f"{len(rows)} orang (daftar hadir terlampir)", agenda=data.agenda,
               pembahasan=data.pembahasan, kesimpulan=data.kesimpulan, foto=photos,
               notulis=dict(nama=scribe.nama, nip=scribe.nip, jabatan=scribe.jabatan))
    return issue_document(c.uow, c.store, c.catalogue, c.render, DocumentRequest(
        templat="notulen_pendampingan", sumber=k.sumber, item_id="e-d2", pemilik=kode,
        tanggal=k.tanggal, context=ctx, images=images(office)), max_bytes=c.max_bytes)


def daftar_hadir(c: Ctx, tahun: int, kode: str):
    """The attendance list, pre-filled with the visit's people and empty rows for others; a
    draft until the signed list is filed (`sahkan`)."""
    found = _input(c, tahun, kode)
    if found is None:
        return None
    k, data = found
    office, pkm = require_office(c.repo), require_puskesmas(c.repo, kode)
    team, rows = hadir(c, k, data, pkm)
    ctx = base(office, k.tanggal, ketua_kunjungan(team),
               kegiatan=f"Pendampingan Penyusunan RUK {tahun + 1} dan RPK {tahun} {pkm.nama}",
               waktu=data.waktu, lokasi=data.lokasi, peserta=rows, baris_kosong=BARIS_KOSONG)
    ctx.pop("tempat")  # this layout names no place of issue
    return issue_document(c.uow, c.store, c.catalogue, c.render, DocumentRequest(
        templat="daftar_hadir", sumber=k.sumber, item_id="e-d3", pemilik=kode, tanggal=k.tanggal,
        context=ctx, images=images(office), status=DRAFT), max_bytes=c.max_bytes)
