"""The bundle form in Chromium: the click starts a background job, the form shows a progress bar
and the stage, then the browser downloads the bundle (PDF: page count checked)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.e2e.peramban import login, shot, wait_file
from tests.waiting import wait_until
from tests.web.state import YEAR

pytestmark = pytest.mark.slow


def test_pdf_bundle_shows_progress_then_downloads(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base, home = server
    login(browser, base, "surveior")
    Select(browser.find_element(By.CSS_SELECTOR, "#form-bundel select[name=ep]")).select_by_value("a")
    browser.find_element(By.ID, "unduh-pdf").click()
    bar = browser.find_element(By.CSS_SELECTOR, "#form-bundel progress")
    status = browser.find_element(By.CSS_SELECTOR, "#form-bundel .kemajuan")
    wait_until(lambda: bar.is_displayed() and status.text.startswith("Bundel"), 30,
               "bilah kemajuan bundel tampil")
    got = wait_file(browser.downloads, ".pdf", timeout=120)
    assert got.name == f"bundel_PKM-KRA_{YEAR}_EP-a.pdf"
    assert len(PdfReader(io.BytesIO(got.read_bytes())).pages) == 4  # cover, contents, EP a, SK
    wait_until(lambda: "siap" in status.text, 30, "status bundel 'siap'")
    assert not browser.find_element(By.CSS_SELECTOR, "#form-bundel .galat").is_displayed()
    assert list((home / "bundel-kerja").glob("*.json"))  # the job went through the status file
    shot(browser, "bundel-kemajuan-1366.png", 1366)
    shot(browser, "bundel-kemajuan-390.png", 390)
    width = browser.execute_script("return document.documentElement.scrollWidth")
    browser.set_window_size(390, 900)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390 + 1, width
