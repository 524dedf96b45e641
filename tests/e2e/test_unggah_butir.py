"""End to end in headless Chromium: a PJ Mutu opens the matrix of their own Puskesmas from the
navigation, finds the missing RPK (butir e-r2), and uploads it through the row's "Unggah" control;
a wrong file is refused inline, naming the user's file; the row turns present and final."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.peramban import PHONE, login, shot
from tests.samples import docx_bytes, pdf_bytes
from tests.web.state import DALAM, RPK, YEAR, app_for, hapus_rpk

pytestmark = pytest.mark.slow


def _row(driver):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, f"butir-{RPK}")


def _shot_row(driver, name: str, width: int) -> None:
    """The viewport around the RPK row (the full page is taller than `shot` keeps)."""
    folder = os.environ.get("TPCB_SCREENSHOTS")
    if not folder:
        return
    driver.set_window_size(width, 1000)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", _row(driver))
    driver.execute_script("window.scrollBy(0, -60)")
    if width < 600:  # the table scrolls inside its card: show the Berkas column with the control
        driver.execute_script("const g = arguments[0].closest('.gulir'); g.scrollLeft = g.scrollWidth",
                              _row(driver))
    Path(folder).mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(Path(folder) / name))
    driver.set_window_size(1280, 900)


def _open_control(driver):
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, f"unggah-{RPK}")
    if not box.get_attribute("open"):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.find_element(By.TAG_NAME, "summary").click()
    return box


def test_pj_mutu_uploads_the_missing_rpk_from_the_matrix(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, home = server
    hapus_rpk(app_for(home))
    login(browser, base, "pj.mks")
    browser.find_element(By.LINK_TEXT, "Matriks bukti").click()
    WebDriverWait(browser, 10).until(lambda d: "/matriks" in d.current_url)
    assert DALAM in browser.find_element(By.TAG_NAME, "h1").text
    assert "tidak ada" in _row(browser).find_element(By.CSS_SELECTOR, "span.st").text
    assert browser.find_elements(By.CSS_SELECTOR, "tr details.unggah-butir")  # on own rows

    wrong = tmp_path / "RPK salah (word).pdf"
    wrong.write_bytes(docx_bytes())
    box = _open_control(browser)
    box.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(wrong))
    box.find_element(By.CSS_SELECTOR, "input[name=status][value=final]").click()
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    failed = WebDriverWait(browser, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#unggah-{RPK} .antrian li.gagal"))
    assert "Isi berkas 'RPK salah (word).pdf' bukan PDF" in failed[0].text
    assert box.find_element(By.CSS_SELECTOR, ".galat").text == "Tidak ada berkas yang tersimpan."
    _shot_row(browser, "unggah-butir-galat-ponsel.png", PHONE)

    browser.get(browser.current_url.split("#")[0])
    rpk = tmp_path / f"RPK {YEAR} ditandatangani.pdf"
    rpk.write_bytes(pdf_bytes(3))
    box = _open_control(browser)
    box.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(rpk))
    queued = box.find_element(By.CSS_SELECTOR, ".antrian li")
    assert rpk.name in queued.text and queued.find_element(By.TAG_NAME, "progress")
    box.find_element(By.CSS_SELECTOR, "input[name=status][value=final]").click()
    _shot_row(browser, "unggah-butir-siap.png", 1366)
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    said = f"Berkas {rpk.name} tersimpan untuk butir {RPK} (final)."
    done = WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#unggah-{RPK} .antrian li.selesai"))
    assert done[0].text == said  # the finished state, kept across the reload
    assert done[0].find_element(By.TAG_NAME, "progress").get_attribute("value") == "100"
    assert browser.find_element(By.CSS_SELECTOR, "p.pesan").text == said  # the server's banner
    row = _row(browser)
    assert row.find_element(By.CSS_SELECTOR, "span.st").get_attribute("class") == "st ada"
    assert f"RPK_{YEAR}_ditandatangani.pdf" in row.find_element(By.CSS_SELECTOR, "td.berkas").text
    assert "(draf)" not in row.find_element(By.CSS_SELECTOR, "td.berkas").text
    with app_for(home).repo() as repo:
        [art] = repo.artefacts(pemilik=DALAM, item_id=RPK)
        assert art.status == "final" and art.tahun == YEAR
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"
              and e["source"] != "network"]  # the refused upload's 400 and /favicon.ico are expected
    assert not severe, severe  # no CSP violation, no script error
    _shot_row(browser, "unggah-butir-selesai.png", 1366)
    _shot_row(browser, "unggah-butir-ponsel.png", PHONE)
    shot(browser, "unggah-butir-halaman-ponsel.png", width=PHONE)
    wide = browser.execute_script("return document.documentElement.scrollWidth")
    assert wide <= browser.execute_script("return window.innerWidth")
