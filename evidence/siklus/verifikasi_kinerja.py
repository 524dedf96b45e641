"""PKP in the cycle: the Puskesmas's performance self-evaluation (PKP), the Dinkes's recorded
verification, its berita acara and the feedback letter (EP g D). PKP is not the SA of the
accreditation standard (that is evidence/siklus/sa.py, EP c).

The cycle of year Y works on the PKP of year Y-1, submitted and verified early in Y.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from evidence.errors import Conflict, InputError, NotFound
from evidence.format_id import persen
from evidence.kinerja import SelfAssessment, analisis, bandingkan, hitung, parse_csv, parse_xlsx, tampil
from evidence.kinerja.hasil import KinerjaResult
from evidence.kinerja.scoring import Thresholds
from evidence.letters import LetterRequest
from evidence.records.siklus import PenilaianKinerja, VerifikasiKinerja
from evidence.registry import require_office, require_puskesmas
from evidence.siklus.jadwal import hari_kerja
from evidence.siklus.konteks import (
    base,
    images,
    kepala_dinas,
    kepala_puskesmas,
    petugas,
    puskesmas_ref,
)
from evidence.siklus.ports import Ctx, jenis_surat, terbitkan
from evidence.tindak_lanjut import tasks_from_pkp

PUSKESMAS, VERIFIKASI = "puskesmas", "verifikasi"


def baca_pkp(data: bytes, filename: str, *, kode: str, tahun: int) -> SelfAssessment:
    if filename.lower().endswith(".xlsx"):
        return parse_xlsx(data, puskesmas=kode, tahun=tahun)
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"Berkas '{filename}' bukan CSV UTF-8.") from exc
        return parse_csv(text, puskesmas=kode, tahun=tahun)
    raise InputError(f"Berkas penilaian kinerja '{filename}' harus .csv atau .xlsx.")


def simpan_pkp(c: Ctx, kode: str, tahun: int, versi: str, sa: SelfAssessment) -> PenilaianKinerja:
    """Store (or replace) one version of a Puskesmas's PKP with its computed result."""
    if c.repo.puskesmas(kode) is None:
        raise InputError(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    result = hitung(sa, thresholds=c.ambang)
    row = c.repo.pkp(tahun, kode, versi) or PenilaianKinerja(tahun=tahun, puskesmas=kode, versi=versi)
    row.data, row.hasil = sa.model_dump(mode="json"), result.model_dump(mode="json")
    c.repo.add(row)
    return row


def impor_pkp(c: Ctx, kode: str, tahun: int, data: bytes, filename: str) -> PenilaianKinerja:
    """Import the Puskesmas's PKP of year `tahun` (all-or-nothing; nothing is filed as SA)."""
    pkp = baca_pkp(data, filename, kode=kode, tahun=tahun)
    hitung(pkp)  # refuse a PKP that cannot be scored before anything is stored
    return simpan_pkp(c, kode, tahun, PUSKESMAS, pkp)


def hasil_pkp(row: PenilaianKinerja, ambang: Thresholds) -> KinerjaResult:
    """The result of a stored PKP version, recomputed from its figures with the office's bounds."""
    return hitung(SelfAssessment.model_validate(row.data), thresholds=ambang)


def pkp_berlaku(rows: Iterable[PenilaianKinerja]) -> dict[str, PenilaianKinerja]:
    """Per Puskesmas, the PKP version that counts: the Dinkes's verification, when there is one,
    beats the Puskesmas's own self-assessment (rankings, the API and the feedback all agree)."""
    chosen: dict[str, PenilaianKinerja] = {}
    for row in sorted(rows, key=lambda r: r.versi == VERIFIKASI):  # stable: own first, verified last
        chosen[row.puskesmas] = row
    return chosen


def _pkp(c: Ctx, kode: str, tahun: int, versi: str = PUSKESMAS) -> SelfAssessment | None:
    row = c.repo.pkp(tahun, kode, versi)
    return SelfAssessment.model_validate(row.data) if row else None


def catat_verifikasi(c: Ctx, kode: str, tahun: int, *, tanggal: date, verifikator: list[str],
                     verified: SelfAssessment | None, oleh: str, today: date) -> VerifikasiKinerja:
    """Record a verification that happened: who (TPCB members present), when, and the verified
    figures (None: the Puskesmas's figures were confirmed unchanged). The changes are derived
    from the two versions, never typed."""
    if c.repo.puskesmas(kode) is None:
        raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    own = _pkp(c, kode, tahun)
    if own is None:
        raise NotFound(f"PKP {kode} tahun {tahun} belum diimpor; tidak ada yang diverifikasi. Impor "
                       f"dulu: tpcb kinerja import --puskesmas {kode} --tahun {tahun} FILE")
    if tanggal > today:
        raise InputError(f"Tanggal verifikasi {tanggal.isoformat()} belum terjadi (hari ini "
                         f"{today.isoformat()}).")
    if tanggal.year < tahun:
        raise InputError(f"Tanggal verifikasi {tanggal.isoformat()} sebelum tahun PKP {tahun}.")
    team = {m.nip: m for m in c.repo.tim()}
    nips = list(dict.fromkeys("".join(n.split()) for n in verifikator))
    if not nips:
        raise InputError("Sebutkan verifikator yang hadir: --verifikator NIP (boleh berulang).")
    strangers = [n for n in nips if n not in team]
    if strangers:
        raise InputError(f"Verifikator {', '.join(strangers)} bukan anggota TPCB; verifikasi hanya "
                         "oleh anggota tim (tpcb import tim).")
    issued = c.repo.surat_by_source("berita_acara_verifikasi", sumber_ba(kode, tahun))
    if issued is not None:
        raise Conflict(f"Berita acara verifikasi PKP {kode} tahun {tahun} sudah terbit (nomor "
                       f"{issued.nomor or f'draf-{issued.id}'}); verifikasi yang tercatat tidak dapat "
                       "diubah lagi.")
    result = verified or own
    cmp_ = bandingkan(own, result, thresholds=c.ambang)
    changes = [dict(kode=r.kode, nama=r.nama, jenis=r.jenis, sebelum=r.sendiri, sesudah=r.verifikasi)
               for r in cmp_.ditandai]
    simpan_pkp(c, kode, tahun, VERIFIKASI, result)
    row = c.repo.verifikasi_kinerja(tahun, kode) or VerifikasiKinerja(tahun=tahun, puskesmas=kode,
                                                                      tanggal=tanggal)
    row.tanggal, row.verifikator, row.perubahan, row.dicatat_oleh = tanggal, nips, changes, oleh
    c.repo.add(row)
    return row


def sumber_ba(kode: str, tahun_pkp: int) -> str:
    return f"verifikasi_pkp:{kode}:{tahun_pkp}"


def kurang_verifikasi(c: Ctx, tahun: int, kode: str) -> list[str]:
    """What the verification stage of year `tahun` still needs for this Puskesmas."""
    if _pkp(c, kode, tahun - 1) is None:
        return [f"PKP {tahun - 1} belum diimpor"]
    if c.repo.verifikasi_kinerja(tahun - 1, kode) is None:
        return [f"verifikasi PKP {tahun - 1} belum dicatat (tpcb kinerja verifikasi --puskesmas "
                f"{kode} --tahun {tahun - 1} --tanggal TTTT-BB-HH --verifikator NIP)"]
    return []


def verifikasi(c: Ctx, tahun: int, kode: str):
    """Berita acara of the recorded verification (g-d1) and the PKP feedback letter (g-d2).

    Nothing is produced without a recorded verification (see `kurang_verifikasi`): a berita
    acara states only what was recorded: "sesuai" only when nothing changed, otherwise the
    changes; its signers are the verifiers present.
    """
    if kurang_verifikasi(c, tahun, kode):
        return None
    rec = c.repo.verifikasi_kinerja(tahun - 1, kode)
    own, verified = _pkp(c, kode, tahun - 1), _pkp(c, kode, tahun - 1, VERIFIKASI)
    if rec is None or own is None or verified is None:  # all three are stored with the verification
        return None
    cmp_ = bandingkan(own, verified, thresholds=c.ambang)
    office, pkm = require_office(c.repo), require_puskesmas(c.repo, kode)
    by_nip = {m.nip: m for m in c.repo.tim()}
    team = [petugas(by_nip[n]) for n in rec.verifikator if n in by_nip]
    hasil = cmp_.hasil_verifikasi
    changes = [dict(kode=p["kode"], nama=p["nama"], sebelum=tampil.nilai(p["kode"], p["jenis"], p["sebelum"]),
                    sesudah=tampil.nilai(p["kode"], p["jenis"], p["sesudah"])) for p in rec.perubahan]
    kesimpulan = ([f"{len(changes)} butir dikoreksi saat verifikasi (lihat tabel); nilai hasil "
                   "verifikasi yang berlaku."] if changes else
                  ["Nilai yang dilaporkan Puskesmas sesuai dengan hasil verifikasi; tidak ada data "
                   "yang dikoreksi."])
    kesimpulan.append(f"Kategori kinerja hasil verifikasi: {hasil.kategori['puskesmas']} (kelompok "
                      f"{hasil.kelompok}).")
    lead = team[0]
    signer = dict(jabatan=lead["jabatan"] or "Verifikator", nama=lead["nama"], pangkat=lead["pangkat"],
                  nip=lead["nip"])
    ba_ctx = base(office, rec.tanggal, signer, tahun_penilaian=tahun - 1,
                  puskesmas=puskesmas_ref(pkm), lokasi=pkm.nama, verifikator=team,
                  nilai=cmp_.komponen(), perubahan=changes,
                  penandatangan_puskesmas=kepala_puskesmas(pkm), kesimpulan=kesimpulan)
    ba_ctx.pop("tempat")  # this layout names no place of issue
    ba, _ = terbitkan(c, LetterRequest(
        templat="berita_acara_verifikasi", jenis=jenis_surat(c, "berita_acara_verifikasi"),
        sumber=sumber_ba(kode, tahun - 1), item_id="g-d1", pemilik=kode, tanggal=rec.tanggal,
        perihal=f"Verifikasi PKP {pkm.nama} tahun {tahun - 1}", tujuan=pkm.nama,
        penandatangan=", ".join(t["nama"] for t in team), context=ba_ctx, images=images(office)))
    return ba, umpan_balik_pkp(c, tahun, kode, cmp_, rec.tanggal)


def umpan_balik_pkp(c: Ctx, tahun: int, kode: str, cmp_, tanggal_verifikasi: date):
    office, pkm = require_office(c.repo), require_puskesmas(c.repo, kode)
    tanggal = hari_kerja(tanggal_verifikasi, 3)
    hasil = cmp_.hasil_verifikasi
    rekomendasi = [f"Tingkatkan kinerja {tampil.nama_polos(r.nama)} (rata-rata kinerja "
                   f"{persen(r.rata)})" for r in analisis(hasil).fokus_variabel[:3]
                   ] or ["Pertahankan capaian kinerja."]
    batas = hari_kerja(tanggal, 20)
    ctx = base(office, tanggal, kepala_dinas(office), kepada=f"Kepala {pkm.nama}", di=pkm.kecamatan,
               tahun=tahun - 1, puskesmas=puskesmas_ref(pkm),
               tanggal_verifikasi=tanggal_verifikasi, hasil=hasil.komponen(),
               kategori=hasil.kategori["puskesmas"], kelompok=hasil.kelompok,
               rekomendasi=rekomendasi, batas_laporan=batas,
               tembusan=["Sekretaris Dinas Kesehatan", "Arsip"])
    tugas = tasks_from_pkp(rekomendasi, puskesmas=kode, tahun=tahun, nomor_surat="", batas_waktu=batas)
    surat, _ = terbitkan(c, LetterRequest(
        templat="surat_umpan_balik_pkp", jenis=jenis_surat(c, "surat_umpan_balik_pkp"),
        sumber=f"umpan_balik_pkp:{kode}:{tahun - 1}", item_id="g-d2", pemilik=kode, tanggal=tanggal,
        perihal=f"Umpan Balik Penilaian Kinerja Puskesmas Tahun {tahun - 1}",
        tujuan=f"Kepala {pkm.nama}", penandatangan=office.kepala_nama, context=ctx,
        images=images(office), tugas=tuple(tugas)))
    return surat
