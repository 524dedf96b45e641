"""A Puskesmas's follow-ups move from the feedback letter to verified proof, and EP f, g and h of
the matrix follow (use cases called directly, no Prefect)."""

from __future__ import annotations

from datetime import date

import pytest

from evidence.completeness import evaluate
from evidence.letters import beri_nomor, label, record_receipt, sign_letter
from evidence.siklus import eskalasi, pelaksanaan, penetapan, penugasan, verifikasi_kinerja
from tests.samples import pdf_bytes
from tests.unit.test_templates import text_of
from tpcb import demo
from tpcb.settings import get_settings
from tpcb.wiring import build_app

TODAY = date(2026, 12, 1)


@pytest.fixture
def ambang() -> dict[str, str]:
    """Environment of the office's PKP bounds; none: the decree's defaults."""
    return {}


@pytest.fixture
def app(tmp_path, monkeypatch, ambang):
    monkeypatch.setenv("TPCB_HOME", str(tmp_path))
    monkeypatch.delenv("TPCB_DATABASE_URL", raising=False)
    monkeypatch.delenv("TPCB_STORAGE", raising=False)
    for name, value in ambang.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    a = build_app()
    kodes = demo.load_samples(a)
    demo.seed_inputs(a, 2026, kodes, TODAY)  # PKP + verification, SA, findings, an escalation
    yield a
    get_settings.cache_clear()


def statuses(a, kode: str) -> dict[str, str]:
    with a.repo() as repo:
        [r] = evaluate(repo, a.catalogue, 2026, kode=kode, today=TODAY)
    return {s.item.id: s.status for e in r.elements for s in e.items if e.code in "fgh"}


def sign(a, uow, surat) -> None:
    """Dated and numbered on its planned day, signed, received."""
    surat = beri_nomor(uow, a.store, a.catalogue, a.render, label(surat), tanggal=surat.tanggal,
                       today=TODAY, max_bytes=10**7)
    sign_letter(uow, a.store, a.catalogue, surat.nomor, pdf_bytes(), tanggal=surat.tanggal,
                max_bytes=10**7)
    record_receipt(uow.repo, surat.nomor, surat.tanggal)


def test_follow_ups_drive_ep_f_g_h(app):
    kode = "PKM-KRA"
    assert statuses(app, kode)["h-d1"] == "tidak_ada"
    with app.ctx() as c:
        penetapan.tetapkan_kunjungan(c, 2026)
        sign(app, c.uow, penetapan.sk_tpcb(c, 2026)[0])
        visit = c.repo.kunjungan_find(2026, kode, "pembinaan")
        st, _ = penugasan.surat_tugas(c, visit.id)
        assert pelaksanaan.umpan_balik(c, 2026, kode) is None  # the visit's letter is not numbered
        ba, pkp = verifikasi_kinerja.verifikasi(c, 2026, kode)
        [lokmin] = eskalasi.surat_tanggapan(c, 2026, kode)
        for letter in (ba, pkp, lokmin):
            sign(app, c.uow, letter)
        sign(app, c.uow, st)
        umpan = pelaksanaan.umpan_balik(c, 2026, kode)
        sign(app, c.uow, umpan)
        umpan = c.repo.surat_by_id(umpan.id)
    before = statuses(app, kode)
    assert before["f-d1"] == "ada" and before["g-d1"] == "ada" and before["g-d2"] == "ada"
    # Received, but the follow-ups the letters opened are overdue and open: not yet EP h.
    assert before["h-d1"] == "tidak_ada" and before["h-d2"] == "tidak_ada"
    from evidence.tindak_lanjut import update_status

    with app.uow() as uow:
        tasks = [t for t in uow.repo.tindak_lanjut_list(puskesmas=kode) if t.nomor_surat == umpan.nomor]
        assert tasks and all(t.ep == "h" for t in tasks)
        for t in tasks:
            for status in ("dikerjakan", "selesai", "diverifikasi"):
                # each proof its own bytes (the same bytes under another name are one artefact)
                proof = (pdf_bytes(t.id), f"bukti{t.id}.pdf") if status == "selesai" else None
                update_status(uow, app.store, app.catalogue, t.id, status, oleh="PJ Mutu",
                              bukti=proof, catatan=None, today=TODAY, max_bytes=10**7)
    after = statuses(app, kode)
    assert after["h-d1"] == "ada" and after["h-d2"] == "tidak_ada"  # PKP follow-ups still open
    with app.repo() as repo:
        proofs = repo.artefacts(pemilik=kode, item_id="h-d1")
    assert len(proofs) == len(tasks) and all(p.status == "final" for p in proofs)


@pytest.mark.parametrize("ambang,kategori", [({}, "Cukup"), (
    {"TPCB_KINERJA_AMBANG__LAYANAN_BAIK": "80", "TPCB_KINERJA_AMBANG__LAYANAN_CUKUP": "60",
     "TPCB_KINERJA_AMBANG__MANAJEMEN_BAIK": "7", "TPCB_KINERJA_AMBANG__MANAJEMEN_CUKUP": "5",
     "TPCB_KINERJA_AMBANG__MUTU_BAIK": "80", "TPCB_KINERJA_AMBANG__MUTU_CUKUP": "60"}, "Baik")])
def test_berita_acara_uses_the_office_thresholds(app, kategori):
    """An office whose own decree sets other bounds gets its category in the berita acara."""
    with app.ctx() as c:
        ba, _ = verifikasi_kinerja.verifikasi(c, 2026, "PKM-KRA")
        stored = c.repo.pkp(2025, "PKM-KRA", "puskesmas").hasil["kategori"]["puskesmas"]
        text = text_of(app.store.get(ba.artefak_draf))
    assert f"Kategori kinerja hasil verifikasi: {kategori} (kelompok" in text
    assert stored == kategori
