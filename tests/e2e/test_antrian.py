"""Work queues in headless Chromium against a real `tpcb serve` (fixtures in tests/e2e/peramban.py):
the secretariat verifies a follow-up from its queue and sees the count go down, a refusal without
reason is explained on the same page; the Kepala Dinas lands on their own page and approves the
held letter; nothing overflows a 390 px phone."""

from __future__ import annotations

import pytest

from evidence.akses import PJ_MUTU, Actor
from tests.e2e.peramban import PHONE, login, logout, shot
from tests.samples import pdf_bytes
from tests.web.state import DALAM, LUAR, YEAR, app_for
from tpcb.services.tugas import move

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def selesai(server):
    """One follow-up each in DALAM and LUAR done with its proof by their PJ Mutu (audited)."""
    _, home = server
    app = app_for(home)
    done = []
    with app.uow() as uow:
        for kode in (DALAM, LUAR):
            who = Actor(f"pj.{kode[-3:].lower()}", PJ_MUTU, (kode,))
            task = next(t for t in uow.repo.tindak_lanjut_list(puskesmas=kode, tahun=YEAR)
                        if t.status == "terbuka" and t.tingkat == "puskesmas")
            move(app, uow, who, task.id, "dikerjakan", None, None)
            move(app, uow, who, task.id, "selesai", "Notulen rapat terlampir", (pdf_bytes(1), "bukti.pdf"))
            done.append(task.id)
    app.engine.dispose()
    return done


def count(browser, queue: str) -> int:
    from selenium.webdriver.common.by import By

    return int(browser.find_element(By.CSS_SELECTOR, f"#jumlah-{queue} b").text)


def fits(browser, width: int = PHONE) -> bool:
    """No horizontal scroll of the page at this width (wide tables scroll or stack inside)."""
    browser.set_window_size(width, 900)
    try:
        return browser.execute_script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        browser.set_window_size(1280, 900)


def test_secretariat_verifies_from_the_queue(server, browser, selesai):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, home = server
    login(browser, base, "sekretariat")
    assert browser.current_url.endswith("/dasbor")
    before = count(browser, "verifikasi")
    assert before == 2
    shot(browser, "dasbor-antrian-1366.png", width=1366)
    browser.find_element(By.ID, "jumlah-verifikasi").click()
    WebDriverWait(browser, 10).until(lambda d: "/antrian" in d.current_url)
    assert count(browser, "verifikasi") == before
    shot(browser, "antrian-1366.png", width=1366)
    shot(browser, "antrian-390.png", width=PHONE)
    assert fits(browser)

    # a refusal without its reason: explained next to the task, the page and the task unchanged
    tid = selesai[1]
    card = browser.find_element(By.ID, f"antri-{tid}")
    card.find_element(By.CSS_SELECTOR, "button[value=tolak]").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#antri-{tid} .galat"))
    error = browser.find_element(By.CSS_SELECTOR, f"#antri-{tid} .galat").text
    assert error.startswith(f"Tuliskan alasan penolakan tindak lanjut #{tid}")
    assert "Galat" not in browser.title and count(browser, "verifikasi") == before
    shot(browser, "antrian-tolak-tanpa-alasan-390.png", width=PHONE)

    card = browser.find_element(By.ID, f"antri-{selesai[0]}")
    card.find_element(By.CSS_SELECTOR, "button[value=verifikasi]").click()
    WebDriverWait(browser, 10).until(lambda d: f"Tindak lanjut #{selesai[0]} diverifikasi." in d.page_source)
    assert count(browser, "verifikasi") == before - 1
    assert not browser.find_elements(By.ID, f"antri-{selesai[0]}")
    with app_for(home).repo() as repo:
        task = repo.tindak_lanjut(selesai[0])
        assert task.status == "diverifikasi" and task.diverifikasi_oleh == "sekretariat"
        assert repo.tindak_lanjut(tid).status == "selesai"
    browser.get(base + "/dasbor")
    assert count(browser, "verifikasi") == before - 1
    logout(browser)


def test_kepala_dinas_lands_on_their_page_and_approves(server, browser):
    from selenium.webdriver.common.by import By

    base, home = server
    with app_for(home).repo() as repo:
        held = next(s for s in repo.surat_list(status="menunggu_persetujuan") if s.pemilik == DALAM)
    ref = f"draf-{held.id}"
    login(browser, base, "kadinkes")
    assert browser.current_url.endswith("/persetujuan")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Dasbor sekretariat TPCB" not in main and "Persetujuan dan tanda tangan Kepala Dinas" in main
    assert main.index("Surat menunggu persetujuan") < main.index("Surat menunggu tanda tangan")
    shot(browser, "persetujuan-1366.png", width=1366)
    shot(browser, "persetujuan-390.png", width=PHONE)
    assert fits(browser)
    form = browser.find_element(By.CSS_SELECTOR, f"form:has(input[name=nomor][value='{ref}'])")
    form.find_element(By.CSS_SELECTOR, "button[value=setujui]").click()
    banner = browser.find_element(By.CSS_SELECTOR, "p.pesan").text
    assert browser.current_url.endswith("/persetujuan")
    with app_for(home).repo() as repo:
        nomor = repo.surat_by_id(held.id).nomor
    assert nomor and banner == f"Surat {ref} disetujui: bernomor {nomor}, menunggu tanda tangan."
    assert nomor in browser.find_element(By.ID, "tanda-tangan").text
    shot(browser, "persetujuan-disetujui-1366.png", width=1366)
    logout(browser)


def test_pj_mutu_history_fits_a_phone(server, browser, selesai):
    from selenium.webdriver.common.by import By

    base, _ = server
    login(browser, base, "pj.mks")
    card = browser.find_element(By.ID, f"tugas-{selesai[0]}")
    card.find_element(By.CSS_SELECTOR, "details.riwayat summary").click()
    text = card.find_element(By.CSS_SELECTOR, "details.riwayat").text
    assert "Terbuka → Dikerjakan oleh pj.mks" in text and "Diverifikasi oleh sekretariat" in text
    assert fits(browser)
    shot(browser, "tugas-riwayat-390.png", width=PHONE)
