"""End to end in headless Chromium against a real `tpcb serve` on 127.0.0.1 (fixtures in
tests/e2e/peramban.py): a surveyor downloads a bundle; a PJ Mutu moves a task and uploads its proof;
the secretariat's dashboard opens; /docs works offline."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.e2e.peramban import login, logout, selesaikan_tugas, shot, wait_file
from tests.samples import pdf_bytes
from tests.web.state import DALAM, YEAR, app_for

pytestmark = pytest.mark.slow


def test_surveyor_downloads_a_bundle(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    login(browser, base, "surveior")
    assert browser.current_url.endswith("/matriks")
    assert "skor sementara" in browser.find_element(By.CLASS_NAME, "skor").text.lower()
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.ep")) == 8
    shot(browser, "matriks-surveior.png")
    browser.find_element(By.ID, "unduh-zip").click()
    got = wait_file(browser.downloads, ".zip")
    assert got.name == f"bundel_PKM-KRA_{YEAR}.zip"
    z = zipfile.ZipFile(io.BytesIO(got.read_bytes()))
    assert "manifest.sha256" in z.namelist() and "index.html" in z.namelist()
    logout(browser)
    assert browser.current_url.endswith("/masuk")


def test_pj_mutu_moves_a_task_and_uploads_its_proof(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, home = server
    login(browser, base, "pj.mks")
    assert browser.current_url.endswith("/tugas")
    shot(browser, "tugas-pj-mutu.png")
    proof = tmp_path / "bukti tindak lanjut.pdf"
    proof.write_bytes(pdf_bytes(3))
    tid = selesaikan_tugas(browser, proof)
    card = browser.find_element(By.ID, f"tugas-{tid}")
    assert "Selesai" in card.text and card.find_element(By.LINK_TEXT, "lihat")
    with app_for(home).repo() as repo:
        task = repo.tindak_lanjut(tid)
        assert task.status == "selesai" and task.puskesmas == DALAM and task.bukti
        assert repo.artefact_by_key(task.bukti).nama_berkas == f"tl{tid}_bukti_tindak_lanjut.pdf"
        assert [e.aksi for e in repo.audit_list(oleh="pj.mks")][:2] == ["tugas.ubah", "tugas.ubah"]
    shot(browser, "tugas-pj-mutu-ponsel.png", width=390)


def test_secretariat_dashboard(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    login(browser, base, "sekretariat")
    assert browser.current_url.endswith("/dasbor")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert text.startswith("Dasbor sekretariat TPCB")
    # the work queues' counts come first, before the cycle's progress
    queues = browser.find_element(By.CSS_SELECTOR, "nav.jumlah-antrian").text
    for name in ("Menunggu verifikasi", "Menunggu tanda tangan", "Menunggu tanda terima", "Terlambat"):
        assert name in queues
    assert text.index("Menunggu verifikasi") < text.index("Kemajuan siklus per Puskesmas")
    assert "Kemajuan siklus per Puskesmas" in text and "Surat menunggu persetujuan" in text
    assert "Tindak lanjut terlambat" in text and "Matriks kabupaten" in text
    shot(browser, "dasbor-sekretariat.png")


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

