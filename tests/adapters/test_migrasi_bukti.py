"""Upgrading a database of the previous release (revision 0006): nothing is lost, keys stay, and
only what the records never proved changes state."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from evidence.catalogue import load_catalogue
from evidence.completeness import evaluate, status_of
from storage.db.engine import make_engine
from storage.db.migrate import current_revision, head_revision, upgrade
from tests.adapters.conftest import new_repo

ARTEFAK = ("INSERT INTO artefak (kunci, tahun, pemilik, ep, item_id, jenis, sumber, nama_berkas, "
           "status, tanggal, sha256, ukuran, content_type, revisi, dibuat, diubah) VALUES "
           "(:kunci, 2026, :pemilik, :ep, :item, :jenis, :sumber, :nama, 'final', '2026-02-02', "
           "'0', 1, 'application/pdf', 1, '2026-02-02 00:00:00', '2026-02-02 00:00:00')")
LEGACY = [  # kunci, pemilik, item, sumber: what an older release filed as final
    ("k/sk_ttd.pdf", "dinkes", "b-r1", "surat:sk_tpcb:sk_tpcb:2026:ttd"),
    ("k/jadwal.docx", "dinkes", "b-d1", "dokumen:jadwal_pembinaan:jadwal:2026"),
    ("k/pkp.csv", "PKM-A", "c-d1", "sa:PKM-A:2025"),
    ("k/analisis.docx", "PKM-A", "c-d2", "dokumen:analisis_sa:analisis:PKM-A:2026"),
    ("k/rpk.pdf", "PKM-A", "e-r2", "unggah:e-r2"),
]


def _legacy_database(engine) -> None:
    upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO dinkes (nama, kabupaten, jenis_daerah, kode_wilayah, kota, alamat, kode_pos, "
            "telepon, faks, email, website, kepala_nama, kepala_nip, kepala_pangkat, penomoran) "
            "VALUES ('Dinas Kesehatan Kabupaten Contoh', 'Contoh', 'Kabupaten', '99.01', 'Contoh', "
            "'Jl. Contoh', '', '0291', '', 'dinkes@contoh.go.id', '', 'dr. Kepala Dinas', "
            "'111111111111111111', 'Pembina', '{}')"))
        conn.execute(text(
            "INSERT INTO puskesmas (kode, nama, kecamatan, kepala_nama, kepala_nip, ktu_nama, "
            "pj_mutu_nama, pj_pelayanan_nama, email) VALUES ('PKM-A', 'Puskesmas A', 'Contoh', "
            "'dr. Kepala', '', 'KTU', 'PJ Mutu', 'PJ Pelayanan', '')"))
        for kunci, pemilik, item, sumber in LEGACY:
            conn.execute(text(ARTEFAK), dict(kunci=kunci, pemilik=pemilik, ep=item[0], item=item,
                                             jenis=item[2].upper(), sumber=sumber,
                                             nama=kunci.split("/")[1]))
        conn.execute(text(
            "INSERT INTO surat (nomor, tahun, jenis, urut, tanggal, templat, sumber, perihal, tujuan, "
            "penandatangan, pemilik, item_id, status, catatan, artefak_final, dibuat, diubah) VALUES "
            "('800/001', 2026, 'sk', 1, '2026-01-06', 'sk_tpcb', 'sk_tpcb:2026', 'SK', 'TPCB', "
            "'dr. Kepala Dinas', 'dinkes', 'b-r1', 'final', '', 'k/sk_ttd.pdf', "
            "'2026-01-06 00:00:00', '2026-01-06 00:00:00')"))


def test_upgrade_keeps_every_key_and_states_only_what_is_proven(db_url):
    engine = make_engine(db_url)
    try:
        _legacy_database(engine)
        upgrade(engine)
        assert current_revision(engine) == head_revision(engine)
        with new_repo(engine) as repo:
            rows = {a.kunci: a for a in repo.artefacts()}
            assert set(rows) == {k for k, *_ in LEGACY}  # nothing lost, no key changed
            assert rows["k/sk_ttd.pdf"].penandatangan == "dr. Kepala Dinas"  # signed in the register
            assert rows["k/jadwal.docx"].status == "draft"  # generated, never signed
            assert rows["k/pkp.csv"].sumber == "pkp:PKM-A:2025" and rows["k/pkp.csv"].status == "final"
            assert rows["k/rpk.pdf"].status == "final" and rows["k/rpk.pdf"].penandatangan is None
            [r] = evaluate(repo, load_catalogue(), 2026, kode="PKM-A", today=date(2026, 6, 1))
        verdicts = {i: status_of(r, i) for i in ("b-r1", "b-d1", "c-d1", "c-d2", "e-r2")}
        assert {i: v.status for i, v in verdicts.items()} == {
            "b-r1": "ada", "b-d1": "belum_ditandatangani", "c-d1": "tidak_ada",
            "c-d2": "tidak_ada", "e-r2": "ada"}
        assert "bukan SA terhadap standar akreditasi" in verdicts["c-d1"].alasan
        assert "analisis lama dari data PKP" in verdicts["c-d2"].alasan
        upgrade(engine)  # a second `tpcb init` changes nothing
        with new_repo(engine) as repo:
            assert {a.kunci: a.status for a in repo.artefacts()} == {k: v.status for k, v in rows.items()}
    finally:
        engine.dispose()
