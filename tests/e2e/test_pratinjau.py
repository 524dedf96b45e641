"""Previews in headless Chromium against a real `tpcb serve`: the surveyor's matrix shows a
thumbnail beside each file (a Word file's made from its PDF rendition, filed on the first preview),
and "lihat" opens a Word file as that PDF in the browser, not as a download."""

from __future__ import annotations

import pytest

from tests.e2e.peramban import PHONE, login, shot
from tests.waiting import wait_until
from tests.web.state import app_for

pytestmark = pytest.mark.slow
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LOADED = "return [...document.querySelectorAll('.pratinjau img')].map(i => i.complete && i.naturalWidth)"


def loaded(driver) -> list:
    return driver.execute_script(LOADED)


def test_surveyor_sees_thumbnails_and_opens_a_docx_as_pdf(server, browser):
    from selenium.webdriver.common.by import By

    base, home = server
    login(browser, base, "surveior")
    assert browser.current_url.endswith("/matriks")
    first = browser.find_element(By.CSS_SELECTOR, ".pratinjau img")
    assert first.get_attribute("loading") == "lazy"
    # the lazy images load as they come into view (a Word file's first one makes its rendition);
    # drafts and older revisions sit folded in <details>, whose images load once unfolded
    browser.execute_script("document.querySelectorAll('td.berkas details').forEach(d => d.open = true)")
    count = len(loaded(browser))
    for i in range(count):
        browser.execute_script(f"document.querySelectorAll('.pratinjau img')[{i}].scrollIntoView()")
        wait_until(lambda i=i: loaded(browser)[i], 60, f"miniatur ke-{i + 1} termuat", interval=0.2,
                   detail=lambda: f"naturalWidth: {loaded(browser)}")
    images = loaded(browser)
    assert count >= 10 and len(images) == count and all(w > 0 for w in images)
    shot(browser, "pratinjau-matriks-1366.png", width=1366)
    browser.set_window_size(PHONE, 900)
    browser.execute_script("document.querySelectorAll('.ep .gulir')"
                           ".forEach(g => g.scrollLeft = g.scrollWidth)")
    assert browser.execute_script(  # the page itself does not overflow at phone width
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    shot(browser, "pratinjau-matriks-390.png", width=PHONE)  # tables scrolled to their Berkas column
    browser.set_window_size(1280, 900)

    with app_for(home).repo() as repo:
        docx = next(a for a in repo.artefacts(pemilik="PKM-KRA") if a.content_type == DOCX)
    link = browser.find_element(By.CSS_SELECTOR, f".pratinjau a.lihat[href$='{docx.nama_berkas}']")
    main = browser.current_window_handle
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)  # clear of the EP strip
    link.click()
    wait_until(lambda: len(browser.window_handles) == 2, 15, "tab pratinjau terbuka")
    browser.switch_to.window(next(h for h in browser.window_handles if h != main))
    kind = "return document.contentType"
    wait_until(lambda: browser.execute_script(kind) == "application/pdf", 60, "PDF tampil di peramban",
               interval=0.3, detail=lambda: f"{browser.current_url}: {browser.execute_script(kind)}")
    assert browser.current_url.endswith(f"/lihat/{docx.kunci}")
    assert list(browser.downloads.iterdir()) == []  # shown, not downloaded
    shot(browser, "pratinjau-lihat-docx-1366.png", width=1366)
    with app_for(home).repo() as repo:
        assert repo.artefact_by_key(docx.kunci).pdf_sumber == docx.sha256  # filed as its rendition
    browser.close()
    browser.switch_to.window(main)
