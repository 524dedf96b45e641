"""Headless Chromium for the end-to-end page tests (Debian chromium + chromium-driver, driven by
Selenium) against a real `tpcb serve` on 127.0.0.1: the server and browser fixtures (registered in
tests/e2e/conftest.py) and the small steps every page test shares (sign in, wait, screenshot).

Screenshots go to $TPCB_SCREENSHOTS (e.g. docs/screenshots) when it is set; `shot(..., width=390)`
takes the phone width."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.waiting import wait_until
from tests.web.state import PASSWORD, build

ROOT = Path(__file__).parents[2]
PHONE = 390


def _need(what: str, path: str | None) -> str:
    if path:
        return path
    reason = f"{what} tidak ditemukan (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true mewajibkan tes peramban: {reason}")
    pytest.skip(f"{reason}; tes peramban dilewati")


def serve_built(tmp_path_factory):
    """A built kabupaten served by the real CLI (`python -m tpcb serve`) on a free port."""
    home = tmp_path_factory.mktemp("peramban") / "home"
    build(home)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TPCB_HOME": str(home), "TPCB_COOKIE_SECURE": "false",
           "TPCB_SECRET_KEY": "rahasia-peramban-" + "y" * 32, "TPCB_RENDISI_SESUDAH_UNGGAH": "false"}
    env.pop("TPCB_DATABASE_URL", None)
    env.pop("TPCB_STORAGE", None)
    log = open(home / "server.log", "wb")
    cmd = [sys.executable, "-m", "tpcb", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd,
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        if proc.poll() is not None:
            pytest.fail(f"tpcb serve berhenti: {(home / 'server.log').read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/masuk", timeout=1) as resp:
                return resp.status == 200
        except OSError:
            return False

    try:
        wait_until(ready, 30, f"tpcb serve menjawab di {base}", interval=0.2,
                   detail=lambda: (home / "server.log").read_text()[-3000:])
        yield base, home
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def chromium_browser(tmp_path):
    chromium = _need("chromium", shutil.which("chromium") or shutil.which("chromium-browser"))
    driver_path = _need("chromedriver", shutil.which("chromedriver"))
    pytest.importorskip("selenium", reason="paket selenium (extra dev) belum terpasang")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profil'}",
                "--window-size=1280,900"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})  # CSP violations are SEVERE
    downloads = tmp_path / "unduhan"
    downloads.mkdir()
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.implicitly_wait(5)
    driver.downloads = downloads
    yield driver
    driver.quit()


def login(driver, base: str, username: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/masuk")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/masuk'] button").click()
    wait_away(driver, "/masuk")


def wait_away(driver, path: str, timeout: float = 15) -> None:
    """Wait for the form post to land somewhere else (the page shows why when it does not)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, timeout).until(lambda d: not d.current_url.endswith(path))
    except TimeoutException:
        raise AssertionError(f"masih di {path}: {driver.find_element('tag name', 'main').text}") from None


def logout(driver) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.CSS_SELECTOR, "form[action='/keluar'] button").click()
    WebDriverWait(driver, 15).until(lambda d: d.current_url.endswith("/masuk"))


def shot(driver, name: str, width: int = 1280) -> None:
    folder = os.environ.get("TPCB_SCREENSHOTS")
    if not folder:
        return
    was = driver.get_window_size()  # put back afterwards: a phone-width test stays a phone
    driver.set_window_size(width, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height + 120, 700), 2600))
    driver.execute_script("window.scrollTo(0, 0)")
    Path(folder).mkdir(parents=True, exist_ok=True)
    path = Path(folder) / name
    driver.save_screenshot(str(path))
    driver.set_window_size(was["width"], was["height"])
    from PIL import Image  # 128 colours: text and badges stay sharp at a third of the size

    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def wait_file(folder: Path, suffix: str, timeout: float = 30) -> Path:
    done = wait_until(lambda: [p for p in folder.iterdir() if p.name.endswith(suffix)], timeout,
                      f"unduhan {suffix} di {folder}", interval=0.2,
                      detail=lambda: f"isi: {sorted(p.name for p in folder.iterdir())}")
    return done[0]


def selesaikan_tugas(driver, bukti: Path, tekan=lambda element: element.click()) -> int:
    """On /tugas, as the PJ Mutu does: the first open task to "dikerjakan", then to "selesai" with
    the proof file `bukti`; `tekan` presses a button (a phone test scrolls it clear first).
    Returns the task's id."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    card = driver.find_element(By.CSS_SELECTOR, "article.tugas:has(.s-terbuka)")
    tid = int(card.get_attribute("id").split("-")[1])
    for status, kata in (("dikerjakan", "Dikerjakan"), ("selesai", "Selesai")):
        card = driver.find_element(By.ID, f"tugas-{tid}")
        Select(card.find_element(By.NAME, "status")).select_by_value(status)
        if status == "selesai":
            card.find_element(By.NAME, "bukti").send_keys(str(bukti))
        tekan(card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        WebDriverWait(driver, 15).until(lambda d, kata=kata: f"sekarang berstatus {kata}" in d.page_source)
    return tid
