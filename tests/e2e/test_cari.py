"""End to end in headless Chromium: the secretariat finds a letter by a phrase that is only in its
body text; a document's markup shows as text; a PJ Mutu finds only their own Puskesmas's."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote

import pytest
from docx import Document

from evidence.registry import FileRequest, file_artefact
from tests.e2e.peramban import login, logout, shot
from tests.web.state import DALAM, LUAR, YEAR, app_for

pytestmark = pytest.mark.slow
FRASA = '"menindaklanjuti hasil lokakarya mini"'


def test_secretariat_finds_a_letter_by_its_body_text(server, browser):
    from selenium.webdriver.common.by import By

    base, home = server
    login(browser, base, "sekretariat")
    assert "Cari" in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "header.atas nav a")]
    browser.get(f"{base}/cari")
    box = browser.find_element(By.ID, "q")
    box.send_keys(FRASA)
    box.submit()
    cards = browser.find_elements(By.CSS_SELECTOR, "article.temuan")
    assert cards, browser.find_element(By.TAG_NAME, "main").text
    letters = [c for c in cards if c.find_elements(By.CSS_SELECTOR, "h3.surat")]
    assert letters, "tidak ada surat di hasil"
    card = letters[0]
    perihal = card.find_element(By.XPATH, ".//p[b[text()='Perihal:']]").text
    assert "tindak lanjut hasil lokakarya mini" in perihal.lower()
    assert "menindaklanjuti" not in perihal.lower()  # found by its body, not its subject
    marks = [m.text.lower() for m in card.find_elements(By.TAG_NAME, "mark")]
    assert "menindaklanjuti hasil lokakarya mini" in marks  # the phrase is marked whole
    link = card.find_element(By.CSS_SELECTOR, ".berkas a").get_attribute("href")
    assert "/berkas/" in link
    shot(browser, "cari-1366.png", 1366)
    shot(browser, "cari-390.png", 390)
    browser.set_window_size(390, 900)
    wide = browser.execute_script("return document.documentElement.scrollWidth")
    assert wide <= 390, f"halaman melebar {wide}px pada layar 390px"
    browser.set_window_size(1280, 900)
    errors = [e for e in browser.get_log("browser") if "favicon.ico" not in e["message"]]
    assert errors == []  # no CSP violation, no script error


def _docx(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_markup_in_a_document_is_shown_as_text_and_scope_holds(server, browser):
    from selenium.webdriver.common.by import By

    base, home = server
    app = app_for(home)
    for kode in (DALAM, LUAR):
        req = FileRequest(data=_docx(f"<img src=x id=sisipan> catatan kunjunganxyz {kode}"),
                          filename=f"catatan-{kode}.docx", item_id="e-r2", pemilik=kode, tahun=YEAR,
                          tanggal=date(YEAR, 3, 2))
        with app.uow() as uow:
            file_artefact(uow, app.store, app.catalogue, req, max_bytes=app.settings.max_upload_bytes)
    login(browser, base, "sekretariat")
    browser.get(f"{base}/cari?q={quote('kunjunganxyz')}")
    cards = browser.find_elements(By.CSS_SELECTOR, "article.temuan")
    assert len(cards) == 2
    assert browser.find_elements(By.ID, "sisipan") == []  # the text is not markup
    assert "<img src=x id=sisipan>" in cards[0].find_element(By.CLASS_NAME, "cuplikan").text
    logout(browser)
    login(browser, base, "pj.mks")
    browser.get(f"{base}/cari?q={quote('kunjunganxyz')}")
    cards = browser.find_elements(By.CSS_SELECTOR, "article.temuan")
    assert [DALAM in c.text for c in cards] == [True]
    hostile = quote('AND "(*: -')
    browser.get(f"{base}/cari?q={hostile}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Cari di surat dan bukti"
