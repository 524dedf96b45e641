"""Evidence a surveyor would accept, on real files (rendered .docx, XLSX, PDF) and on both
databases: the SA of the standard, a verification that happened, signed documents, the
surveyor's own assessment."""

from __future__ import annotations

import io
from datetime import date
from importlib import resources

import openpyxl
import pytest

from evidence import akses, penilaian
from evidence.akses import TidakBerwenang
from evidence.completeness import evaluate, status_of
from evidence.dokumen import sahkan
from evidence.errors import Conflict, InputError
from evidence.siklus import penetapan, sa, verifikasi_kinerja
from tests.samples import pdf_bytes
from tests.unit.test_templates import text_of
from tpcb import demo, demo_data
from tpcb.services.users import add_user
from tpcb.settings import Settings
from tpcb.wiring import App

TODAY = date(2026, 11, 1)
SA_CSV = resources.files("tpcb").joinpath("samples", "sa_sukajaya_2026.csv").read_text("utf-8")
KEPALA_DINAS = "dr. Rahmat Wirasena Adiputra, M.M.Kes."


@pytest.fixture
def app(db_url, tmp_path):
    a = App(Settings(home=tmp_path / "home", database_url=db_url))
    demo.load_samples(a)
    yield a
    a.engine.dispose()


def verdict(app, kode: str, item_id: str):
    with app.repo() as repo:
        [r] = evaluate(repo, app.catalogue, 2026, kode=kode, today=TODAY)
    return status_of(r, item_id)


def counts(app) -> tuple[int, int]:
    with app.repo() as repo:
        return len(repo.artefacts()), sum(repo.sa_standar(2026, p.kode) is not None
                                          for p in repo.all_puskesmas())


# -- the SA of the standard ------------------------------------------------------------------------
def test_sa_import_files_c_d1_and_the_analysis_is_built_from_it(app):
    with app.ctx() as c:
        row, filed = sa.impor(c, "PKM-KRA", 2026, SA_CSV.encode(), "sa_kra.csv", date(2026, 1, 20))
        art, created = sa.analisis(c, 2026, "PKM-KRA")
        again, created_again = sa.analisis(c, 2026, "PKM-KRA")
    assert len(row.baris) == 74 and created and not created_again and again.kunci == art.kunci
    assert (filed.artefact.item_id, filed.artefact.status) == ("c-d1", "final")
    text = text_of(app.store.get(art.kunci))
    assert "PUSKESMAS KARANGASRI TAHUN 2026" in text and "PUSKESMAS / PUSKESMAS" not in text
    assert "Peningkatan Mutu Puskesmas" in text and "83,3%" in text  # Bab V: 75 of 90
    assert "Capaian SA Kriteria 1.7.1: 93,8%." in text  # EP h TS: 75 of 80
    assert "5.2.1 EP c" in text and "Pelaporan insiden keselamatan pasien" in text
    assert "Prioritaskan pembinaan Bab V" in text
    assert verdict(app, "PKM-KRA", "c-d1").status == "ada"
    assert verdict(app, "PKM-KRA", "c-d2").status == "belum_ditandatangani"


def _edit(text: str, line: int, column: str, value: str) -> str:
    rows = text.splitlines()
    header = rows[0].split(",")
    cells = rows[line - 1].split(",")
    cells[header.index(column)] = value
    rows[line - 1] = ",".join(cells)
    return "\n".join(rows) + "\n"


BAD_SA = [
    (lambda t: _edit(t, 2, "skor", "baik"), "baris 2, kolom 'skor': 'baik' bukan skor"),
    (lambda t: _edit(t, 33, "ep", "i"), "EP 'i' tidak ada di Kriteria 1.7.1"),
    (lambda t: t + t.splitlines()[1] + "\n", "ep ganda (juga di baris 2)"),
    (lambda t: _edit(t, 2, "bab", "VI"), "Bab 'VI' di luar I-V"),
    (lambda t: _edit(_edit(t, 2, "standar", "6.1"), 2, "kriteria", "6.1.1"), "di luar Bab I-V"),
    (lambda t: _edit(t, 2, "bab", "II"), "tidak cocok dengan standar 1.1"),
    (lambda t: _edit(t, 2, "kriteria", "2.1.1"), "bukan kriteria dari standar 1.1"),
    (lambda t: _edit(_edit(t, 2, "skor", "TS"), 2, "fakta dan analisis", ""), "wajib diisi untuk skor TS"),
    (lambda t: t.replace("skor", "nilai", 1), "kolom wajib tidak ada"),
    (lambda t: t.splitlines()[0] + "\n", "hanya berisi tajuk"),
    (lambda t: "", "kosong"),
]


@pytest.mark.parametrize("mutate,message", BAD_SA)
def test_a_bad_sa_sheet_is_refused_and_nothing_is_stored(app, mutate, message):
    before = counts(app)
    with app.ctx() as c, pytest.raises(InputError) as err:
        sa.impor(c, "PKM-KRA", 2026, mutate(SA_CSV).encode(), "sa.csv", date(2026, 1, 20))
    assert message in str(err.value)
    assert counts(app) == before
    assert not [p for p in (app.settings.home / "objects").rglob("*") if p.is_file()]


def test_an_sa_xlsx_gives_the_same_rows_as_its_csv(app):
    data = resources.files("tpcb").joinpath("samples", "sa_sukajaya_2026.xlsx").read_bytes()
    with app.ctx() as c:
        from_xlsx = sa.baca(data, "sa.xlsx", c)
        from_csv = sa.baca(SA_CSV.encode(), "sa.csv", c)
    assert from_xlsx == from_csv and len(from_csv) == 74


# -- a verification that happened ----------------------------------------------------------------
def _team(c, kode: str) -> list[str]:
    from evidence.siklus.konteks import tim_untuk

    return [m.nip for m in tim_untuk(c.repo.tim(), kode)[:2]]


def test_no_berita_acara_without_a_recorded_verification(app):
    with app.ctx() as c:
        verifikasi_kinerja.impor_pkp(c, "PKM-KRA", 2025, demo_data.pkp_csv(0).encode(), "pkp.csv")
        assert verifikasi_kinerja.verifikasi(c, 2026, "PKM-KRA") is None
        [missing] = verifikasi_kinerja.kurang_verifikasi(c, 2026, "PKM-KRA")
        assert "verifikasi PKP 2025 belum dicatat" in missing and "--verifikator" in missing
        assert c.repo.surat_list(pemilik="PKM-KRA") == []


def test_berita_acara_says_sesuai_only_when_nothing_changed(app):
    with app.ctx() as c:
        verifikasi_kinerja.impor_pkp(c, "PKM-KRA", 2025, demo_data.pkp_csv(0).encode(), "pkp.csv")
        verifikasi_kinerja.catat_verifikasi(c, "PKM-KRA", 2025, tanggal=date(2026, 2, 4),
                                 verifikator=_team(c, "PKM-KRA"), verified=None, oleh="uji",
                                 today=TODAY)
        ba, _ = verifikasi_kinerja.verifikasi(c, 2026, "PKM-KRA")
    text = text_of(app.store.get(ba.artefak_draf))
    assert "Nilai yang dilaporkan Puskesmas sesuai dengan hasil verifikasi" in text
    assert "Data yang dikoreksi" not in text
    # The verifiers present sign it, not the Ketua TPCB who was not there.
    assert "Dimas Arya Wicaksana" in text and "Eko Prasetyo Wibisono" in text
    assert "Hendrawan" not in text and "Tim Verifikasi Dinas Kesehatan yang hadir" in text
    assert ba.tanggal == date(2026, 2, 4) and "Dimas Arya" in ba.penandatangan


def test_a_changed_indicator_is_listed_and_never_called_sesuai(app):
    with app.ctx() as c:
        verifikasi_kinerja.impor_pkp(c, "PKM-KRA", 2025, demo_data.pkp_csv(0).encode(), "pkp.csv")
        corrected = verifikasi_kinerja.baca_pkp(demo_data.pkp_csv(0, koreksi=True).encode(), "v.csv",
                                     kode="PKM-KRA", tahun=2025)
        rec = verifikasi_kinerja.catat_verifikasi(c, "PKM-KRA", 2025, tanggal=date(2026, 2, 4),
                                       verifikator=_team(c, "PKM-KRA"), verified=corrected,
                                       oleh="uji", today=TODAY)
        assert [p["kode"] for p in rec.perubahan] == ["A.1"]
        ba, _ = verifikasi_kinerja.verifikasi(c, 2026, "PKM-KRA")
        with pytest.raises(Conflict, match="sudah terbit"):  # what was signed stays as recorded
            verifikasi_kinerja.catat_verifikasi(c, "PKM-KRA", 2025, tanggal=date(2026, 2, 5),
                                     verifikator=_team(c, "PKM-KRA"), verified=None, oleh="uji",
                                     today=TODAY)
    text = text_of(app.store.get(ba.artefak_draf))
    assert "sesuai dengan hasil verifikasi" not in text
    assert "1 butir dikoreksi saat verifikasi" in text and "Pelayanan kesehatan ibu hamil" in text


def test_a_verifier_outside_the_team_is_refused_and_nothing_is_stored(app):
    with app.ctx() as c:
        verifikasi_kinerja.impor_pkp(c, "PKM-KRA", 2025, demo_data.pkp_csv(0).encode(), "pkp.csv")
        with pytest.raises(InputError, match="bukan anggota TPCB"):
            verifikasi_kinerja.catat_verifikasi(c, "PKM-KRA", 2025, tanggal=date(2026, 2, 4),
                                     verifikator=["199901012020011001"], verified=None,
                                     oleh="uji", today=TODAY)
        assert c.repo.verifikasi_kinerja(2025, "PKM-KRA") is None
        assert c.repo.pkp(2025, "PKM-KRA", "verifikasi") is None


# -- signed documents ----------------------------------------------------------------------------
def test_an_unsigned_generated_document_does_not_count_until_signed(app):
    with app.ctx() as c:
        penetapan.tetapkan_kunjungan(c, 2026)
        draft, _ = penetapan.jadwal(c, 2026)
        letter, _ = penetapan.sk_tpcb(c, 2026)
    assert draft.status == "draft" and "JADWAL PEMBINAAN" in text_of(app.store.get(draft.kunci))
    v = verdict(app, "PKM-KRA", "b-d1")
    assert v.status == "belum_ditandatangani" and not v.present
    assert f"tpcb artefact sahkan {draft.kunci}" in v.langkah
    assert verdict(app, "PKM-KRA", "b-r1").status == "hanya_draf"
    before = counts(app)
    with app.uow() as uow:
        for key, signed, message in (
                (letter.artefak_draf, (pdf_bytes(), "sk.pdf"), "tpcb surat sign"),
                (draft.kunci, None, "lampirkan berkas"),
                (draft.kunci, (b"bukan pdf", "ttd.pdf"), "'ttd.pdf' bukan PDF")):
            with pytest.raises(InputError, match=message):
                sahkan(uow, app.store, app.catalogue, key, oleh=KEPALA_DINAS,
                       tanggal=date(2026, 1, 8), signed=signed, max_bytes=10**7)
    assert counts(app) == before
    with app.uow() as uow:
        filed = sahkan(uow, app.store, app.catalogue, draft.kunci, oleh=KEPALA_DINAS,
                       tanggal=date(2026, 1, 8), signed=(pdf_bytes(), "jadwal_ttd.pdf"),
                       max_bytes=10**7)
    assert filed.artefact.penandatangan == KEPALA_DINAS and filed.artefact.status == "final"
    v = verdict(app, "PKM-KRA", "b-d1")
    assert v.status == "ada" and f"ditandatangani {KEPALA_DINAS}" in v.alasan


# -- the surveyor's own assessment ---------------------------------------------------------------
def _surveyor(app, scope=("PKM-KRA",)) -> akses.Actor:
    with app.repo() as repo:
        user = add_user(repo, "surv", akses.SURVEYOR, list(scope), "sandi-uji-2026-panjang",
                        oleh="uji")
    return akses.actor(user)


def _assess(app, who, ep: str, nilai: str, fakta: str = "", kode="PKM-KRA"):
    with app.repo() as repo:
        return penilaian.set_nilai(repo, app.catalogue, who, kode=kode, tahun=2026, ep=ep,
                                   nilai=nilai, fakta=fakta, rekomendasi="")


def _sheet(app):
    with app.repo() as repo:
        [r] = evaluate(repo, app.catalogue, 2026, kode="PKM-KRA", today=TODAY)
        return penilaian.lembar(repo, app.catalogue, r)


def test_the_surveyors_tdd_leaves_the_denominator(app):
    who = _surveyor(app)
    _assess(app, who, "a", "TDD", "SK organisasi ditetapkan pemerintah daerah, di luar Dinkes")
    for ep in "bcdefgh":
        _assess(app, who, ep, "TL")
    sheet = _sheet(app)
    assert (sheet.skor, sheet.maksimum, sheet.capaian) == (70, 70, 100.0)
    _assess(app, who, "e", "TS", "RUK belum mengacu rencana lima tahunan")
    sheet = _sheet(app)
    assert (sheet.skor, sheet.maksimum, sheet.capaian) == (65, 70, 92.9)
    # Nothing is on file for this Puskesmas: every TL of the surveyor differs from the evidence.
    assert [b.ep for b in sheet.baris if b.beda] == list("abcdefgh")
    with app.repo() as repo:
        log = [e.aksi for e in repo.audit_list(limit=50) if e.sasaran.startswith("PKM-KRA/2026")]
    assert log.count("penilaian.catat") == 8 and log.count("penilaian.ubah") == 1


@pytest.mark.parametrize("change, error, message", [
    (dict(kode="PKM-MKS"), TidakBerwenang, "tidak ditugaskan"),
    (dict(nilai="Baik"), InputError, "pilih TL, TS, TT atau TDD"),
    (dict(nilai="TT"), InputError, "Fakta dan analisis wajib"),
    (dict(ep="i"), Exception, "pilih a sampai h"),
])
def test_a_bad_assessment_is_refused_and_nothing_is_stored(app, change, error, message):
    who = _surveyor(app)
    args = dict(ep="b", nilai="TL", fakta="", kode="PKM-KRA") | change
    with pytest.raises(error, match=message):
        _assess(app, who, **args)
    with app.repo() as repo:
        assert repo.penilaian_list(2026) == []
        assert not [e for e in repo.audit_list() if e.aksi.startswith("penilaian")]


def test_only_a_surveyor_assesses_and_final_means_final(app):
    secretariat = akses.Actor("sek", akses.SEKRETARIAT)
    with pytest.raises(TidakBerwenang, match="Hanya surveior"):
        _assess(app, secretariat, "b", "TL")
    who = _surveyor(app)
    with app.repo() as repo, pytest.raises(InputError, match="belum dinilai"):
        penilaian.finalkan(repo, app.catalogue, who, kode="PKM-KRA", tahun=2026)
    for ep in "abcdefgh":
        _assess(app, who, ep, "TL")
    with app.repo() as repo:
        penilaian.finalkan(repo, app.catalogue, who, kode="PKM-KRA", tahun=2026)
    with pytest.raises(Conflict, match="sudah final"):
        _assess(app, who, "b", "TS", "berubah pikiran")
    assert _sheet(app).final


def test_the_xlsx_export_reopens_and_carries_every_ep(app):
    from doc_templates import lembar

    who = _surveyor(app)
    for ep in "abcdefgh":
        _assess(app, who, ep, "TS" if ep == "e" else "TL", "=cmd|' /C calc'!A0" if ep == "e" else "")
    book = openpyxl.load_workbook(io.BytesIO(lembar.xlsx(_sheet(app))))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    header = rows.index(["Standar", "Kriteria", "EP", "Skor", "Fakta dan Analisis", "Rekomendasi"])
    body = rows[header + 1: header + 9]
    assert [r[2] for r in body] == list("abcdefgh") and {r[1] for r in body} == {"1.7.1"}
    assert body[4][3] == "TS" and body[4][4] == "=cmd|' /C calc'!A0"
    cell = book.active.cell(header + 6, 5)
    assert cell.data_type == "s"  # stored as text: Excel never evaluates it
    assert any(r[0] and "Capaian Kriteria 1.7.1: 75 dari 80 = 93,8%" in r[0] for r in rows)


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_pdf_export_is_a_real_pdf(app):
    from pypdf import PdfReader

    from doc_templates import lembar
    from doc_templates.pdf import convert_batch

    who = _surveyor(app)
    for ep in "abcdefgh":
        _assess(app, who, ep, "TL")
    pdf = convert_batch({"lembar": lembar.docx(_sheet(app), ["Dinas Kesehatan Kabupaten Sukamaju"])})
    reader = PdfReader(io.BytesIO(pdf["lembar"]))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == 1 and "LEMBAR PENILAIAN SURVEIOR KRITERIA 1.7.1" in text
    assert "80 dari 80 = 100,0%" in text


# -- interviews prepared, never assumed --------------------------------------------------------------
def test_interview_guides_name_people_and_skip_roles_nobody_fills(app):
    from evidence.siklus import wawancara

    with app.repo() as repo:
        pkm = repo.puskesmas("PKM-KRA")
        pkm.ktu_nama = ""  # nobody named as KTU yet
        repo.add(pkm)
    with app.ctx() as c:
        done = wawancara.siapkan(c, 2026, "PKM-KRA", date(2026, 11, 1))
        again = wawancara.siapkan(c, 2026, "PKM-KRA", date(2026, 11, 2))
    needs_ktu = {"e-w1", "f-w1", "g-w1", "h-w1"}
    assert {i for i, what in done.items() if what == "dibuat"} == {"b-w1", "c-w1", "d-w1"}
    assert all("Kepala Tata Usaha (KTU)" in done[i] for i in needs_ktu)
    assert {again[i] for i in ("b-w1", "c-w1", "d-w1")} == {"sudah ada"}
    with app.repo() as repo:
        [guide] = repo.artefacts(pemilik="PKM-KRA", item_id="c-w1")
    text = text_of(app.store.get(guide.kunci))
    assert "PANDUAN WAWANCARA" in text and "Dimas Arya Wicaksana" in text
    assert "Cara TPCB memakai hasil SA Puskesmas" in text and "c-d3 (D): Surat Tugas TPCB" in text
    v = verdict(app, "PKM-KRA", "e-w1")
    assert v.status == "belum_siap_wawancara" and "narasumber belum ditetapkan" in v.alasan
    assert "panduan wawancara 2026 belum dibuat" in v.alasan
    assert "tetapkan narasumber Kepala Tata Usaha (KTU)" in v.langkah
