"""A realistic kabupaten for the web tests, built once: the demo's master data and inputs, the
stage use cases called directly (no Prefect), some letters signed, one held for approval, one
Puskesmas's follow-ups done, and one user per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from evidence.jam import jakarta_today
from evidence.letters import MENUNGGU, beri_nomor, label, record_receipt, sign_letter
from evidence.records import DINKES, DRAFT
from evidence.siklus import eskalasi, pelaksanaan, pendampingan, penetapan, penugasan, sa, verifikasi_kinerja
from tpcb import demo, demo_people
from tpcb.demo_files import text_pdf
from tpcb.services.common import now
from tpcb.services.users import add_user
from tpcb.settings import Settings
from tpcb.wiring import App

YEAR = jakarta_today(now()).year
PASSWORD = "rahasia-uji-2026"
# dalam = the scoped users' own Puskesmas, luar = one outside every scoped user's scope
DALAM, LUAR = "PKM-MKS", "PKM-SDM"
USERS = {"admin": ("admin", []), "sekretariat": ("sekretariat", []), "kepala_dinas": ("kadinkes", []),
         "pj_mutu": ("pj.mks", [DALAM]), "surveyor": ("surveior", ["PKM-KRA", DALAM])}


RPK = "e-r2"  # catalogue: "RPK Puskesmas", per Puskesmas


def hapus_rpk(app, kode: str = DALAM) -> None:
    """The Puskesmas's RPK goes missing (the demo kabupaten has one): the gap to fill."""
    with app.repo() as repo:
        for a in repo.artefacts(pemilik=kode, item_id=RPK):
            repo.session.delete(a)
            app.store.delete(a.kunci)


@dataclass
class State:
    home: Path
    kodes: list[str]
    held: dict[str, str]  # kode -> nomor of a letter waiting for approval
    drafts: dict[str, str]  # kode -> nomor of a draft letter (ready to sign)


def app_for(home: Path, **settings) -> App:
    """The App of a test home; no background renditions after uploads (LibreOffice would run
    behind ordinary tests) unless `rendisi_sesudah_unggah=True` is asked, and the search index
    written right after each commit (a test may search at once) unless `indeks_latar=True`."""
    return App(Settings(home=home, **{"rendisi_sesudah_unggah": False, "indeks_latar": False,
                                      **settings}))


def build(home: Path, app: App | None = None) -> State:
    """The kabupaten under `home` (SQLite + local folder), or in the given App's database/store."""
    app = app or app_for(home)
    kodes = demo.load_samples(app)
    today = jakarta_today(now())
    sk_dir = Path(demo.seed_inputs(app, YEAR, kodes, today))
    with app.ctx() as c:
        penetapan.sk_tpcb(c, YEAR)
        penetapan.tetapkan_kunjungan(c, YEAR)
        penetapan.jadwal(c, YEAR)
        for f in sorted(sk_dir.glob("*")):
            kode = next(k for k in kodes if f.name.upper().startswith(k))
            penetapan.sk_organisasi(c, YEAR, kode, f.read_bytes(), f.name, penetapan.tanggal_sk(YEAR))
        for kode in kodes:
            pendampingan.notulen(c, YEAR, kode)
            pendampingan.daftar_hadir(c, YEAR, kode)
            verifikasi_kinerja.verifikasi(c, YEAR, kode)
            sa.analisis(c, YEAR, kode)
            eskalasi.surat_tanggapan(c, YEAR, kode)
    _number(app, [s for s in _drafts(app) if s.templat == "sk_tpcb"], today)
    with app.ctx() as c:
        for v in c.repo.kunjungan_list(YEAR):
            penugasan.surat_tugas(c, v.id)
    _number(app, [s for s in _drafts(app) if s.jenis == "surat_tugas"], today)  # visits go ahead
    with app.ctx() as c:
        for kode in kodes:
            pelaksanaan.laporan(c, YEAR, kode)
            pelaksanaan.nota_dinas(c, YEAR, kode)
            pelaksanaan.umpan_balik(c, YEAR, kode)
    _sign(app, kodes, today)
    demo_people.follow_up(app, YEAR, kodes[0], today)
    # The feedback letters of the other Puskesmas are numbered (sent for signature): their
    # follow-ups are open. Each keeps one numbered letter ready to sign and one held for approval.
    _number(app, [s for s in _drafts(app) if s.templat.startswith("surat_umpan_balik")], today)
    held, drafts = {}, {}
    with app.repo() as repo:
        for kode in (DALAM, LUAR):
            nota = repo.surat_by_source("nota_dinas_laporan", repo.kunjungan_find(
                YEAR, kode, "pembinaan").sumber)
            nota.status = MENUNGGU  # not numbered: waits for the Kepala Dinas
            repo.add(nota)
            held[kode] = label(nota)
            drafts[kode] = repo.surat_by_source("surat_umpan_balik_pkp",
                                                f"umpan_balik_pkp:{kode}:{YEAR - 1}").nomor
        for role, (username, scope) in USERS.items():
            add_user(repo, username, role, scope, PASSWORD, oleh="uji")
    return State(home, kodes, held, drafts)


def _drafts(app: App) -> list:
    with app.repo() as repo:
        return [s for s in repo.surat_list(tahun=YEAR, status=DRAFT) if s.nomor is None]


def _last_date(repo, surat):
    """The latest date already numbered in the letter's series (numbers follow dates)."""
    from evidence.numbering import seri

    last = repo.surat_terakhir(surat.tahun, seri(repo.office(), surat.jenis, surat.tahun))
    return last.tanggal if last else surat.tanggal


def _number(app: App, letters: list, today) -> None:
    """Dated on their planned day where the series allows, in date order."""
    with app.uow() as uow:
        for s in sorted(letters, key=lambda s: (s.tanggal, s.id)):
            day = min(max(s.tanggal, _last_date(uow.repo, s)), today)
            beri_nomor(uow, app.store, app.catalogue, app.render, label(s), tanggal=day,
                       today=today, max_bytes=app.settings.max_upload_bytes)


def _sign(app: App, kodes: list[str], today) -> None:
    """The Kepala Dinas signs the office's letters and those of the first Puskesmas (a text PDF
    stands in for the BSrE output: no LibreOffice needed here)."""
    _number(app, [s for s in _drafts(app) if s.pemilik in (DINKES, kodes[0])], today)
    with app.uow() as uow:
        repo = uow.repo
        for s in repo.surat_list(tahun=YEAR, status=DRAFT):
            if s.pemilik not in (DINKES, kodes[0]):
                continue
            pdf = text_pdf([f"Nomor {s.nomor}", s.perihal[:80], "Ditandatangani secara elektronik"], "Surat")
            sign_letter(uow, app.store, app.catalogue, s.nomor, pdf, tanggal=s.tanggal + timedelta(days=1),
                        max_bytes=app.settings.max_upload_bytes)
            if s.templat in demo_people.RECEIPT:
                record_receipt(repo, s.nomor, s.tanggal + timedelta(days=2))
