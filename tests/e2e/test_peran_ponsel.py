"""Every role's main job done only in the pages, on a phone (390x844, headless Chromium against a
real `tpcb serve`), one year's story in order:

1. the PJ Mutu uploads the missing RPK from the matrix row, then closes a follow-up with its proof;
2. the secretariat verifies that follow-up from its queue and finds a letter by words of its body;
3. the Kepala Dinas approves the held letter from their own page;
4. the surveyor reads each EP's verdict from the strip and previews a Word file as PDF.

After every step the page must not scroll sideways. The same jobs at desktop width are in
test_unggah_butir, test_browser, test_antrian, test_cari, test_ponsel and test_pratinjau."""

from __future__ import annotations

import pytest

from tests.e2e.peramban import PHONE, login, logout, selesaikan_tugas, shot
from tests.samples import pdf_bytes
from tests.waiting import wait_until
from tests.web.state import DALAM, RPK, YEAR, app_for, hapus_rpk

pytestmark = pytest.mark.slow
HEIGHT = 844
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fits(driver) -> None:
    wide = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    assert wide <= inner, f"{driver.current_url}: halaman {wide} px di layar {inner} px"


def tap(driver, element) -> None:
    """Bring an element clear of the sticky header/strip, then click it as a finger would."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_every_role_does_its_job_on_a_phone(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, home = server
    hapus_rpk(app_for(home))
    browser.set_window_size(PHONE, HEIGHT)
    assert browser.execute_script("return window.innerWidth") == PHONE

    # 1. PJ Mutu: the missing RPK from its matrix row, then a follow-up closed with its proof
    login(browser, base, "pj.mks")
    tap(browser, browser.find_element(By.LINK_TEXT, "Matriks bukti"))
    WebDriverWait(browser, 10).until(lambda d: "/matriks" in d.current_url)
    fits(browser)
    row = browser.find_element(By.ID, f"butir-{RPK}")
    assert "tidak ada" in row.find_element(By.CSS_SELECTOR, "span.st").text
    box = browser.find_element(By.ID, f"unggah-{RPK}")
    tap(browser, box.find_element(By.TAG_NAME, "summary"))
    rpk = tmp_path / f"RPK {YEAR}.pdf"
    rpk.write_bytes(pdf_bytes(2))
    box.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(rpk))
    tap(browser, box.find_element(By.CSS_SELECTOR, "input[name=status][value=final]"))
    tap(browser, box.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#unggah-{RPK} .antrian li.selesai"))
    row = browser.find_element(By.ID, f"butir-{RPK}")
    assert row.find_element(By.CSS_SELECTOR, "span.st").get_attribute("class") == "st ada"
    fits(browser)
    shot(browser, "ponsel-1-pj-mutu-rpk.png", width=PHONE)

    tap(browser, browser.find_element(By.LINK_TEXT, "Tindak lanjut"))
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/tugas"))
    fits(browser)
    proof = tmp_path / "notulen tindak lanjut.pdf"
    proof.write_bytes(pdf_bytes(1))
    tid = selesaikan_tugas(browser, proof, lambda button: tap(browser, button))
    fits(browser)
    logout(browser)

    # 2. Secretariat: verifies it from the queue, then finds a letter by words of its body
    login(browser, base, "sekretariat")
    fits(browser)
    before = int(browser.find_element(By.CSS_SELECTOR, "#jumlah-verifikasi b").text)
    assert before >= 1
    tap(browser, browser.find_element(By.ID, "jumlah-verifikasi"))
    WebDriverWait(browser, 10).until(lambda d: "/antrian" in d.current_url)
    fits(browser)
    card = browser.find_element(By.ID, f"antri-{tid}")
    tap(browser, card.find_element(By.CSS_SELECTOR, "button[value=verifikasi]"))
    WebDriverWait(browser, 10).until(lambda d: f"Tindak lanjut #{tid} diverifikasi." in d.page_source)
    assert int(browser.find_element(By.CSS_SELECTOR, "#jumlah-verifikasi b").text) == before - 1
    fits(browser)
    shot(browser, "ponsel-2-sekretariat-antrian.png", width=PHONE)
    with app_for(home).repo() as repo:
        assert repo.tindak_lanjut(tid).status == "diverifikasi"

    tap(browser, browser.find_element(By.LINK_TEXT, "Cari"))
    box = browser.find_element(By.ID, "q")
    box.send_keys('"menindaklanjuti hasil lokakarya mini"')
    box.submit()
    letters = WebDriverWait(browser, 10).until(
        lambda d: [c for c in d.find_elements(By.CSS_SELECTOR, "article.temuan")
                   if c.find_elements(By.CSS_SELECTOR, "h3.surat")])
    assert any("lokakarya mini" in c.text.lower() for c in letters)
    fits(browser)
    shot(browser, "ponsel-2-sekretariat-cari.png", width=PHONE)
    logout(browser)

    # 3. Kepala Dinas: lands on their own page and approves the held letter
    with app_for(home).repo() as repo:
        held = next(s for s in repo.surat_list(status="menunggu_persetujuan") if s.pemilik == DALAM)
    ref = f"draf-{held.id}"
    login(browser, base, "kadinkes")
    assert browser.current_url.endswith("/persetujuan")
    fits(browser)
    form = browser.find_element(By.CSS_SELECTOR, f"form:has(input[name=nomor][value='{ref}'])")
    tap(browser, form.find_element(By.CSS_SELECTOR, "button[value=setujui]"))
    banner = WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.pesan"))
    with app_for(home).repo() as repo:
        nomor = repo.surat_by_id(held.id).nomor
    assert nomor and banner[0].text == f"Surat {ref} disetujui: bernomor {nomor}, menunggu tanda tangan."
    fits(browser)
    shot(browser, "ponsel-3-kepala-dinas.png", width=PHONE)
    logout(browser)

    # 4. Surveyor: each EP's verdict from the strip, and a Word file previewed as PDF
    login(browser, base, "surveior")
    browser.get(f"{base}/matriks?puskesmas={DALAM}")
    fits(browser)
    strip = browser.find_element(By.CLASS_NAME, "strip-ep")
    links = strip.find_elements(By.CSS_SELECTOR, "a[href^='#ep-']")
    assert [a.get_attribute("href").rsplit("#ep-", 1)[1] for a in links] == list("abcdefgh")
    for code in "aeh":
        strip.find_element(By.CSS_SELECTOR, f"a[href='#ep-{code}']").click()
        grade = browser.find_element(By.CSS_SELECTOR, f"#ep-{code} h2 .nilai").text.split()[0]
        assert strip.find_element(By.CSS_SELECTOR, f"a[href='#ep-{code}'] .nilai").text == grade
        assert grade in ("TL", "TS", "TT")
        assert browser.execute_script(
            "return document.querySelector('.strip-ep').getBoundingClientRect().top") == 0
    with app_for(home).repo() as repo:
        docx = next(a for a in repo.artefacts(pemilik=DALAM) if a.content_type == DOCX)
    browser.execute_script("document.querySelectorAll('td.berkas details.lipat').forEach(d => d.open = true)")
    link = browser.find_element(By.CSS_SELECTOR, f".pratinjau a.lihat[href$='{docx.nama_berkas}']")
    main = browser.current_window_handle
    tap(browser, link)
    wait_until(lambda: len(browser.window_handles) == 2, 15, "tab pratinjau terbuka")
    browser.switch_to.window(next(h for h in browser.window_handles if h != main))
    kind = "return document.contentType"
    wait_until(lambda: browser.execute_script(kind) == "application/pdf", 90, "PDF tampil di peramban",
               interval=0.3, detail=lambda: f"{browser.current_url}: {browser.execute_script(kind)}")
    assert list(browser.downloads.iterdir()) == []  # shown, not downloaded
    browser.close()
    browser.switch_to.window(main)
    shot(browser, "ponsel-4-surveior-matriks.png", width=PHONE)
