"""The buku agenda in headless Chromium against a real `tpcb serve`: the secretariat opens it
from the menu, finds a letter by a fragment of its number and by its Puskesmas, opens its signed
PDF, and the page fits a phone (390 px) without scrolling sideways."""

from __future__ import annotations

import pytest

from evidence.akses import ADMIN, Actor
from evidence.records import DINKES
from tests.e2e.peramban import PHONE, login, shot
from tests.web.state import app_for
from tpcb.services.cari import surat_cocok

pytestmark = pytest.mark.slow


def _rows(browser) -> list[str]:
    from selenium.webdriver.common.by import By

    return [r.get_attribute("data-ref") for r in browser.find_elements(By.CSS_SELECTOR, "tr[data-ref]")]


def _search(browser, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = browser.find_element(By.NAME, "teks")
    box.clear()
    box.send_keys(text)
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "cari").click()
    WebDriverWait(browser, 10).until(lambda d: old != d.find_element(By.TAG_NAME, "html"))


def _by_body(home, teks: str) -> set[str]:
    """The refs (nomor, or draf-ID) of the letters whose own text matches, per the text index."""
    with app_for(home).repo() as repo:
        ids = surat_cocok(repo, Actor("admin", ADMIN, ()), teks).id
        return {s.nomor or f"draf-{s.id}" for s in repo.surat_list() if s.id in ids}


def _overflow(browser) -> int:
    return browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_secretariat_finds_a_letter_and_opens_it(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, home = server
    with app_for(home).repo() as repo:
        letters = repo.surat_list()
        signed = next(s for s in letters if s.status == "final" and s.pemilik != DINKES)
        pkm = repo.puskesmas(signed.pemilik)
    login(browser, base, "sekretariat")
    browser.find_element(By.LINK_TEXT, "Buku agenda").click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/agenda"))
    assert len(_rows(browser)) == len(letters)
    shot(browser, "agenda-sekretariat.png", width=1366)

    fragment = signed.nomor.split("/")[1] + "/TPCB/" + signed.nomor.split("/")[3]  # e.g. 003/TPCB/II
    _search(browser, fragment.lower())
    found = _rows(browser)
    assert signed.nomor in found
    cited = _by_body(home, fragment.lower())  # letters whose own text cites that number
    assert all(fragment in ref or ref in cited for ref in found)

    _search(browser, pkm.nama.split()[-1])  # the Puskesmas's name, e.g. "Karangasih"
    found = _rows(browser)
    mine = [s for s in letters if s.pemilik == signed.pemilik]
    assert set(found) >= {s.nomor or f"draf-{s.id}" for s in mine} and signed.nomor in found
    named = _by_body(home, pkm.nama.split()[-1])  # e.g. the SK TPCB, naming every Puskesmas
    rows = browser.find_elements(By.CSS_SELECTOR, "tr[data-ref]")
    assert all(pkm.nama in r.find_element(By.CSS_SELECTOR, "td[data-label=Puskesmas]").text
               or r.get_attribute("data-ref") in named for r in rows)

    browser.set_window_size(PHONE, 900)
    assert _overflow(browser) <= 0  # the table became cards: nothing wider than the phone
    shot(browser, "agenda-sekretariat-ponsel.png", width=PHONE)
    browser.set_window_size(1280, 900)

    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-ref="{signed.nomor}"]')
    link = row.find_element(By.CLASS_NAME, "buka-final")
    assert link.get_attribute("href").endswith(f"/berkas/{signed.artefak_final}")
    before = set(browser.window_handles)
    link.click()
    WebDriverWait(browser, 10).until(lambda d: len(d.window_handles) > len(before))
    browser.switch_to.window((set(browser.window_handles) - before).pop())
    WebDriverWait(browser, 10).until(lambda d: "/berkas/" in d.current_url)
    assert browser.current_url.endswith(f"/berkas/{signed.artefak_final}")


def test_a_bad_month_is_said_on_the_page(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    login(browser, base, "sekretariat")
    browser.get(f"{base}/agenda?bulan=13")
    message = browser.find_element(By.ID, "galat-saringan").text
    assert "Bulan '13' tidak sah" in message
    assert browser.find_element(By.ID, "saring-agenda").is_displayed()
    browser.set_window_size(PHONE, 900)
    assert _overflow(browser) <= 0
    shot(browser, "agenda-galat-ponsel.png", width=PHONE)
