"""Work queues per role: the secretariat's /antrian (counts and filters checked against the
stored kabupaten, verify or refuse from the queue), the scope, the ordered /tugas with each
task's history, and the Kepala Dinas's own page."""

from __future__ import annotations

import html
import re
import shutil
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from evidence.akses import PJ_MUTU, Actor
from evidence.dokumen import dokumen_belum_ttd
from evidence.letters import get_letter
from evidence.records import DINKES
from evidence.tindak_lanjut import is_overdue
from tests.samples import pdf_bytes
from tests.web import state as st
from tests.web.conftest import csrf_of, make_web
from tests.web.state import DALAM, LUAR, YEAR
from tpcb.services.antrian import Saringan, antrian
from tpcb.services.common import today
from tpcb.services.tugas import move

HTML = {"Accept": "text/html"}
PJ_LUAR = Actor("pj.sdm", PJ_MUTU, (LUAR,))


def _prepare(home) -> dict:
    """Each of DALAM and LUAR finishes one follow-up with its proof (through the audited
    command, as their PJ Mutu would); two of DALAM's open tasks are not due yet."""
    app = st.app_for(home)
    done, upcoming = {}, []
    with app.uow() as uow:
        for kode, who in ((DALAM, Actor("pj.mks", PJ_MUTU, (DALAM,))), (LUAR, PJ_LUAR)):
            task = next(t for t in uow.repo.tindak_lanjut_list(puskesmas=kode, tahun=YEAR)
                        if t.status == "terbuka" and t.tingkat == "puskesmas")
            move(app, uow, who, task.id, "dikerjakan", None, None)
            move(app, uow, who, task.id, "selesai", "Sudah dibahas di lokmin",
                 (pdf_bytes(1), f"bukti {kode}.pdf"))
            done[kode] = task.id
    with app.uow() as uow:
        later = [t for t in uow.repo.tindak_lanjut_list(puskesmas=DALAM, tahun=YEAR)
                 if t.status == "terbuka"][-2:]
        for days, t in zip((10, 3), later, strict=True):
            t.batas_waktu = today() + timedelta(days=days)
            uow.repo.add(t)
            upcoming.append(t.id)
    app.engine.dispose()
    return {"done": done, "upcoming": upcoming}


@pytest.fixture(scope="module")
def siap(built, tmp_path_factory):
    home = tmp_path_factory.mktemp("antrian") / "home"
    shutil.copytree(built.home, home)
    return home, _prepare(home)


@pytest.fixture(scope="module")
def ro(built, siap, tmp_path_factory):
    """Read-only tests share one copy."""
    home = tmp_path_factory.mktemp("antrian-baca") / "home"
    shutil.copytree(siap[0], home)
    web = make_web(home, built)
    web.prepared = siap[1]
    return web


@pytest.fixture
def rw(built, siap, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(siap[0], home)
    web = make_web(home, built)
    web.prepared = siap[1]
    return web


def counts(text: str) -> dict[str, int]:
    return {k: int(re.search(rf'id="jumlah-{k}"[^>]*><b>(\d+)</b>', text).group(1))
            for k in ("verifikasi", "tanda-tangan", "tanda-terima", "terlambat")}


def expected(web, *, kode=None, ep=None, status=None, dari=None, sampai=None) -> dict[str, int]:
    """The queues counted straight from the stored records, without the service."""
    day = today()
    with web.app.repo() as repo:
        tasks = [t for t in repo.tindak_lanjut_list()  # what waits, waits whatever its year
                 if (kode is None or t.puskesmas == kode) and (ep is None or t.ep == ep)
                 and (status is None or t.status == status)
                 and (dari is None or t.batas_waktu >= dari) and (sampai is None or t.batas_waktu <= sampai)]

        def keep(pemilik, item_id, tanggal):
            return (status is None and (kode is None or pemilik == kode)
                    and (ep is None or web.app.catalogue.item(item_id).ep == ep)
                    and (dari is None or tanggal >= dari) and (sampai is None or tanggal <= sampai))

        letters = [s for s in repo.surat_list() if keep(s.pemilik, s.item_id, s.tanggal)]
        docs = [a for a in dokumen_belum_ttd(repo, web.app.catalogue, YEAR)
                if keep(a.pemilik, a.item_id, a.tanggal)]
    return {"verifikasi": sum(t.status == "selesai" and bool(t.bukti) for t in tasks),
            "tanda-tangan": sum(s.status == "draft" and bool(s.nomor) for s in letters) + len(docs),
            "tanda-terima": sum(s.status == "final" and s.pemilik != DINKES and s.diterima_pada is None
                                for s in letters),
            "terlambat": sum(is_overdue(t, day) for t in tasks)}


def ids_in(text: str, prefix: str) -> list[int]:
    return [int(x) for x in re.findall(rf'id="{prefix}-(\d+)"', text)]


def test_the_dashboard_shows_the_queue_counts_at_the_top(ro):
    ro.login_page("sekretariat")
    page = ro.client.get("/dasbor").text
    main = page.split("<main>")[1]
    assert main.index('id="jumlah-verifikasi"') < main.index("Kemajuan siklus per Puskesmas")
    want = expected(ro)
    assert counts(page) == want
    assert want["verifikasi"] == 2 and want["terlambat"] > 0 and want["tanda-terima"] > 0
    assert want["tanda-tangan"] > 0


def test_the_queue_page_matches_the_stored_records(ro):
    ro.login_page("sekretariat")
    page = ro.client.get("/antrian")
    assert page.status_code == 200 and counts(page.text) == expected(ro)
    assert '<a href="/antrian" class="aktif">Antrian kerja</a>' in page.text.split("<main>")[0]
    assert sorted(ids_in(page.text, "antri")) == sorted(ro.prepared["done"].values())
    assert page.text.count('value="verifikasi"') == 2 and page.text.count('name="csrf"') >= 3


@pytest.mark.parametrize("query", ["puskesmas", "ep", "status", "tanggal"])
def test_filters_are_applied_on_the_server(ro, query):
    ro.login_page("sekretariat")
    with ro.app.repo() as repo:
        due = sorted({t.batas_waktu for t in repo.tindak_lanjut_list(tahun=YEAR)})
    dari, sampai = due[1], due[-2]
    url, want = {
        "puskesmas": (f"/antrian?puskesmas={DALAM}", expected(ro, kode=DALAM)),
        "ep": ("/antrian?ep=f", expected(ro, ep="f")),
        "status": ("/antrian?status=selesai", expected(ro, status="selesai")),
        "tanggal": (f"/antrian?dari={dari}&sampai={sampai}", expected(ro, dari=dari, sampai=sampai)),
    }[query]
    page = ro.client.get(url)
    assert page.status_code == 200 and counts(page.text) == want
    assert want != expected(ro)  # the filter really narrows something
    if query == "puskesmas":
        assert ids_in(page.text, "antri") == [ro.prepared["done"][DALAM]]
        assert "Puskesmas Sudimampir" not in page.text.split('id="terlambat"')[1]
    if query == "status":
        assert want["tanda-tangan"] == want["tanda-terima"] == want["terlambat"] == 0


@pytest.mark.parametrize(("query", "message"), [
    ("ep=z", "EP 'z' tidak dikenal"),
    ("status=hilang", "Status 'hilang' tidak dikenal"),
    ("dari=kemarin", "Tanggal awal 'kemarin' bukan tanggal yang sah"),
    ("dari=2026-05-01&sampai=2026-04-01", "Tanggal awal 2026-05-01 sesudah tanggal akhir 2026-04-01"),
    ("puskesmas=PKM-TIDAKADA", "tidak terdaftar"),
])
def test_a_bad_filter_is_explained(ro, query, message):
    ro.login_page("sekretariat")
    page = ro.client.get(f"/antrian?{query}", headers=HTML)
    assert page.status_code in (400, 404) and message in html.unescape(page.text)


def test_the_queues_follow_the_scope(ro):
    with ro.app.repo() as repo:
        q = antrian(ro.app, repo, PJ_LUAR, Saringan())
    rows = q["verifikasi"] + q["terlambat"]
    assert rows and {t.puskesmas for t in rows} == {LUAR}
    assert {s.pemilik for s in q["tanda_tangan"] + q["tanda_terima"]} <= {LUAR}
    assert {a.pemilik for a in q["dokumen"]} <= {LUAR}
    ro.login_page("pj.mks")
    assert ro.client.get("/antrian", headers=HTML).status_code == 403
    assert ro.client.get(f"/tugas?puskesmas={LUAR}", headers=HTML).status_code == 403
    ro.login_page("surveior")
    assert ro.client.get("/antrian", headers=HTML).status_code == 403


def test_the_kepala_dinas_sees_the_queue_but_does_not_verify(rw):
    rw.login_page("kadinkes")
    page = rw.client.get("/antrian").text
    assert counts(page)["verifikasi"] == 2 and 'value="verifikasi"' not in page
    tid = rw.prepared["done"][DALAM]
    r = rw.client.post(f"/antrian/tugas/{tid}", data={"keputusan": "verifikasi", "csrf": csrf_of(page)},
                       headers=HTML)
    assert r.status_code == 403
    with rw.app.repo() as repo:
        assert repo.tindak_lanjut(tid).status == "selesai"


def test_the_secretariat_verifies_from_the_queue(rw):
    rw.login_page("sekretariat")
    page = rw.client.get(f"/antrian?puskesmas={DALAM}").text
    tid = rw.prepared["done"][DALAM]
    r = rw.client.post(f"/antrian/tugas/{tid}", follow_redirects=False,
                       data={"keputusan": "verifikasi", "csrf": csrf_of(page),
                             "kembali": f"puskesmas={DALAM}&lain=https://contoh.invalid"})
    assert r.status_code == 303 and r.headers["location"] == f"/antrian?puskesmas={DALAM}#verifikasi"
    after = rw.client.get(r.headers["location"]).text
    assert f"Tindak lanjut #{tid} diverifikasi." in after
    assert counts(after)["verifikasi"] == 0 and counts(rw.client.get("/antrian").text)["verifikasi"] == 1
    with rw.app.repo() as repo:
        task = repo.tindak_lanjut(tid)
        assert task.status == "diverifikasi" and task.diverifikasi_oleh == "sekretariat"
        assert repo.audit_list(oleh="sekretariat")[0].aksi == "tugas.ubah"


def test_a_refusal_without_reason_is_shown_inline_and_changes_nothing(rw):
    rw.login_page("sekretariat")
    page = rw.client.get("/antrian").text
    tid = rw.prepared["done"][LUAR]
    with rw.app.repo() as repo:
        before = repo.tindak_lanjut(tid)
        audits = len(repo.audit_list(limit=1000))
    r = rw.client.post(f"/antrian/tugas/{tid}", headers=HTML,
                       data={"keputusan": "tolak", "alasan": "  ", "csrf": csrf_of(page)})
    assert r.status_code == 400 and "Galat 400" not in r.text
    card = r.text.split(f'id="antri-{tid}"')[1].split("</article>")[0]
    assert f"Tuliskan alasan penolakan tindak lanjut #{tid}" in card and 'role="alert"' in card
    assert counts(r.text)["verifikasi"] == 2  # the same queue page, with its counts
    with rw.app.repo() as repo:
        after = repo.tindak_lanjut(tid)
        assert (after.status, after.catatan, after.diubah) == (before.status, before.catatan, before.diubah)
        assert len(repo.audit_list(limit=1000)) == audits
    r = rw.client.post(f"/antrian/tugas/{tid}", follow_redirects=False,
                       data={"keputusan": "tolak", "alasan": "Foto bukti tidak terbaca",
                             "csrf": csrf_of(page)})
    assert r.status_code == 303
    assert "dikembalikan ke Puskesmas (Dikerjakan)" in rw.client.get(r.headers["location"]).text
    with rw.app.repo() as repo:
        task = repo.tindak_lanjut(tid)
        assert task.status == "dikerjakan" and "Foto bukti tidak terbaca" in task.catatan


def test_the_queue_page_reads_a_fixed_number_of_queries(ro):
    """No query per row: the whole kabupaten costs what one Puskesmas costs."""
    ro.login_page("sekretariat")

    @contextmanager
    def counted():
        seen: list[str] = []

        def hook(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(ro.app.engine, "before_cursor_execute", hook)
        try:
            yield seen
        finally:
            event.remove(ro.app.engine, "before_cursor_execute", hook)

    ro.client.get("/antrian")  # warm caches (the catalogue, the office)
    with counted() as narrow:
        assert ro.client.get(f"/antrian?puskesmas={DALAM}").status_code == 200
    with counted() as wide:
        assert ro.client.get("/antrian").status_code == 200
    with counted() as tasks:
        assert ro.client.get("/tugas").status_code == 200
    # 20 tasks and 25 letters here: a query per row would be far above these
    assert len(wide) <= len(narrow) < 15 and len(tasks) < 15


def test_pj_mutu_sees_overdue_then_soonest_then_the_rest_with_history(ro):
    ro.login_page("pj.mks")
    page = ro.client.get("/tugas").text
    order = ids_in(page, "tugas")
    day = today()
    with ro.app.repo() as repo:
        tasks = {t.id: t for t in repo.tindak_lanjut_list(puskesmas=DALAM, tahun=YEAR)}
    assert sorted(order) == sorted(tasks)

    def rank(t):
        return 0 if is_overdue(t, day) else 1 if t.status not in ("selesai", "diverifikasi") else 2

    assert [(rank(tasks[i]), tasks[i].batas_waktu) for i in order] == sorted(
        (rank(t), t.batas_waktu) for t in tasks.values())
    upcoming = ro.prepared["upcoming"]
    assert order.index(upcoming[1]) < order.index(upcoming[0])  # due in 3 days before 10 days
    assert order[-1] == ro.prepared["done"][DALAM]  # done: last
    assert "menunggu verifikasi" not in page  # the verifier's word, not the PJ Mutu's task
    card = page.split(f'id="tugas-{ro.prepared["done"][DALAM]}"')[1].split("</article>")[0]
    history = card.split('<details class="riwayat">')[1].split("</details>")[0]
    assert "Riwayat (3)" in history and "tugas dibuat" in history
    assert "Terbuka &rarr; <b>Dikerjakan</b> oleh pj.mks" in history
    assert "Dikerjakan &rarr; <b>Selesai</b> oleh pj.mks" in history and "Sudah dibahas di lokmin" in history


def test_the_secretariat_task_list_puts_verification_first_and_filters(ro):
    ro.login_page("sekretariat")
    page = ro.client.get("/tugas").text
    order = ids_in(page, "tugas")
    assert set(order[:2]) == set(ro.prepared["done"].values())
    assert "2 menunggu verifikasi" in page
    narrow = ro.client.get(f"/tugas?puskesmas={LUAR}&status=terbuka&ep=h").text
    with ro.app.repo() as repo:
        want = {t.id for t in repo.tindak_lanjut_list(puskesmas=LUAR, status="terbuka", tahun=YEAR)
                if t.ep == "h"}
    assert want and set(ids_in(narrow, "tugas")) == want
    assert f'<option value="{LUAR}" selected>' in narrow


def test_the_kepala_dinas_refusing_a_letter_without_reason_is_told_on_their_page(rw):
    assert rw.login_page("kadinkes").headers["location"] == "/persetujuan"
    page = rw.client.get("/persetujuan").text
    ref = rw.state.held[LUAR]
    with rw.app.repo() as repo:
        audits = len(repo.audit_list(limit=1000))
    r = rw.client.post("/surat/keputusan", headers=HTML,
                       data={"nomor": ref, "keputusan": "tolak", "alasan": "", "csrf": csrf_of(page)})
    assert r.status_code == 400 and "Persetujuan dan tanda tangan Kepala Dinas" in r.text
    card = r.text.split(f'value="{ref}"')[1].split("</div>")[0]
    assert f"Tuliskan alasan penolakan surat {ref}" in card
    with rw.app.repo() as repo:
        assert get_letter(repo, ref).status == "menunggu_persetujuan"
        assert len(repo.audit_list(limit=1000)) == audits
    r = rw.client.post("/surat/keputusan", follow_redirects=False,
                       data={"nomor": ref, "keputusan": "tolak", "alasan": "Data kunjungan kurang",
                             "csrf": csrf_of(page)})
    assert r.status_code == 303 and r.headers["location"] == "/persetujuan"
    assert f"Surat {ref} ditolak." in rw.client.get("/persetujuan").text
