"""End to end in headless Chromium (Debian chromium + chromium-driver, driven by Selenium) against a
real `tpcb serve` on 127.0.0.1: a surveyor downloads a bundle; a PJ Mutu moves a task and uploads
its proof; the secretariat's dashboard opens. Screenshots of the three main pages are saved to
$TPCB_SCREENSHOTS (e.g. docs/screenshots) when set."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.samples import pdf_bytes
from tests.waiting import wait_until
from tests.web.state import DALAM, PASSWORD, YEAR, app_for, build

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]


def _need(what: str, path: str | None) -> str:
    if path:
        return path
    reason = f"{what} tidak ditemukan (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true mewajibkan tes peramban: {reason}")
    pytest.skip(f"{reason}; tes peramban dilewati")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A built kabupaten served by the real CLI (`python -m tpcb serve`) on a free port."""
    home = tmp_path_factory.mktemp("peramban") / "home"
    build(home)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TPCB_HOME": str(home), "TPCB_COOKIE_SECURE": "false",
           "TPCB_SECRET_KEY": "rahasia-peramban-" + "y" * 32}
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


@pytest.fixture
def browser(tmp_path):
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


def _login(driver, base: str, username: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/masuk")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/masuk'] button").click()
    _wait_away(driver, "/masuk")


def _wait_away(driver, path: str, timeout: float = 15) -> None:
    """Wait for the form post to land somewhere else (the page shows why when it does not)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, timeout).until(lambda d: not d.current_url.endswith(path))
    except TimeoutException:
        raise AssertionError(f"masih di {path}: {driver.find_element('tag name', 'main').text}") from None


def _logout(driver) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.CSS_SELECTOR, "form[action='/keluar'] button").click()
    WebDriverWait(driver, 15).until(lambda d: d.current_url.endswith("/masuk"))


def _shot(driver, name: str, width: int = 1280) -> None:
    folder = os.environ.get("TPCB_SCREENSHOTS")
    if not folder:
        return
    driver.set_window_size(width, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height + 120, 700), 2600))
    driver.execute_script("window.scrollTo(0, 0)")
    Path(folder).mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(Path(folder) / name))
    driver.set_window_size(1280, 900)


def _wait_file(folder: Path, suffix: str, timeout: float = 30) -> Path:
    done = wait_until(lambda: [p for p in folder.iterdir() if p.name.endswith(suffix)], timeout,
                      f"unduhan {suffix} di {folder}", interval=0.2,
                      detail=lambda: f"isi: {sorted(p.name for p in folder.iterdir())}")
    return done[0]


def test_surveyor_downloads_a_bundle(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    _login(browser, base, "surveior")
    assert browser.current_url.endswith("/matriks")
    assert "skor sementara" in browser.find_element(By.CLASS_NAME, "skor").text.lower()
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.ep")) == 8
    _shot(browser, "matriks-surveior.png")
    browser.find_element(By.ID, "unduh-zip").click()
    got = _wait_file(browser.downloads, ".zip")
    assert got.name == f"bundel_PKM-KRA_{YEAR}.zip"
    z = zipfile.ZipFile(io.BytesIO(got.read_bytes()))
    assert "manifest.sha256" in z.namelist() and "index.html" in z.namelist()
    _logout(browser)
    assert browser.current_url.endswith("/masuk")


def test_pj_mutu_moves_a_task_and_uploads_its_proof(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, home = server
    _login(browser, base, "pj.mks")
    assert browser.current_url.endswith("/tugas")
    _shot(browser, "tugas-pj-mutu.png")
    card = browser.find_element(By.CSS_SELECTOR, "article.tugas:has(.s-terbuka)")
    tid = int(card.get_attribute("id").split("-")[1])
    Select(card.find_element(By.NAME, "status")).select_by_value("dikerjakan")
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "sekarang berstatus Dikerjakan" in d.page_source)
    proof = tmp_path / "bukti tindak lanjut.pdf"
    proof.write_bytes(pdf_bytes(3))
    card = browser.find_element(By.ID, f"tugas-{tid}")
    Select(card.find_element(By.NAME, "status")).select_by_value("selesai")
    card.find_element(By.NAME, "bukti").send_keys(str(proof))
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda d: "sekarang berstatus Selesai" in d.page_source)
    card = browser.find_element(By.ID, f"tugas-{tid}")
    assert "Selesai" in card.text and card.find_element(By.LINK_TEXT, "lihat")
    with app_for(home).repo() as repo:
        task = repo.tindak_lanjut(tid)
        assert task.status == "selesai" and task.puskesmas == DALAM and task.bukti
        assert repo.artefact_by_key(task.bukti).nama_berkas == f"tl{tid}_bukti_tindak_lanjut.pdf"
        assert [e.aksi for e in repo.audit_list(oleh="pj.mks")][:2] == ["tugas.ubah", "tugas.ubah"]
    _shot(browser, "tugas-pj-mutu-ponsel.png", width=390)


def test_secretariat_dashboard(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    _login(browser, base, "sekretariat")
    assert browser.current_url.endswith("/dasbor")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Kemajuan siklus per Puskesmas" in text and "Surat menunggu persetujuan" in text
    assert "Tindak lanjut terlambat" in text and "Matriks kabupaten" in text
    _shot(browser, "dasbor-sekretariat.png")


def test_api_docs_work_offline_under_the_csp(server, browser):
    """Swagger UI from the package's files, set up by /static/docs.js: it draws the operations and
    the Authorize button, and the browser reports no Content-Security-Policy violation."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = server
    browser.get(base + "/docs")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".btn.authorize"))
    assert "/api/token" in browser.find_element(By.ID, "swagger-ui").text
    log = browser.get_log("browser")
    violations = [e["message"] for e in log if "Content Security Policy" in e["message"]]
    assert violations == []

