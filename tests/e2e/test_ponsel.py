"""Every page at a phone's width (390x844) and at a laptop's (1366x900) in headless Chromium: the
page itself never scrolls sideways (wide content wraps, stacks or scrolls inside its own box).

Per role, one browser session: its home, every page its navigation links to (read from the page,
so pages added later are covered without touching this file) and the matrix of a Puskesmas in its
scope; and the sign-in page. Screenshots <peran>-<halaman>-<lebar>.png go to $TPCB_SCREENSHOTS."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.peramban import PHONE, login, shot
from tests.web.state import DALAM, USERS

pytestmark = pytest.mark.slow
WIDTHS = ((PHONE, 844), (1366, 900))
# The widest elements sticking out of the viewport, for the failure message.
OVERFLOW = """
var w = document.documentElement.clientWidth, out = [];
document.querySelectorAll('body *').forEach(function (e) {
  var r = e.getBoundingClientRect(), p = e.parentElement.getBoundingClientRect();
  if (r.right > w + 0.5 && p.right <= w + 0.5) {
    out.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' sampai ' +
             Math.round(r.right) + ' px: ' + (e.textContent || '').trim().slice(0, 50));
  }
});
return {scroll: document.documentElement.scrollWidth, client: w, inner: window.innerWidth, out: out};
"""


def halaman(browser) -> str:
    """A file-name part for the page shown: /matriks of PKM-MKS -> matriks-pkm-mks."""
    path = urlsplit(browser.current_url).path.strip("/").replace("/", "-") or "beranda"
    kode = browser.execute_script(
        "var s = document.querySelector('select[name=puskesmas]'); return s ? s.value : ''")
    return f"{path}-{kode}".lower() if kode else path


def check_widths(browser, url: str, peran: str, taken: set[str]) -> None:
    """The page fits at both widths; its screenshots once per page shown (two links may show
    the same matrix)."""
    for width, height in WIDTHS:
        browser.set_window_size(width, height)
        browser.get(url)
        got = browser.execute_script(OVERFLOW)
        assert got["inner"] == width, got
        assert got["scroll"] <= got["client"] <= got["inner"], (
            f"{url} bergulir ke samping di lebar {width}: scrollWidth {got['scroll']} > "
            f"{got['client']}; yang menonjol: {got['out'][:6]}")
        name = f"{peran}-{halaman(browser)}-{width}.png"
        if name not in taken:
            taken.add(name)
            shot(browser, name, width=width)


def test_sign_in_page_fits(server, browser):
    base, _ = server
    check_widths(browser, f"{base}/masuk", "tamu", set())


@pytest.mark.parametrize("peran", list(USERS))
def test_every_page_of_a_role_fits(server, browser, peran):
    from selenium.webdriver.common.by import By

    base, _ = server
    username, scope = USERS[peran]
    login(browser, base, username)
    home = browser.current_url
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "header nav a")]
    assert links, f"{username} tidak punya navigasi"
    matrix = f"{base}/matriks?puskesmas={DALAM if not scope or DALAM in scope else scope[0]}"
    pages = list(dict.fromkeys([home, *links, matrix]))
    taken: set[str] = set()
    for url in pages:
        check_widths(browser, url, peran, taken)


def test_ep_strip_stays_on_top_and_jumps_to_the_ep(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    login(browser, base, "surveior")
    for width, height in WIDTHS:
        browser.set_window_size(width, height)
        browser.get(f"{base}/matriks?puskesmas={DALAM}")
        strip = browser.find_element(By.CLASS_NAME, "strip-ep")
        assert len(strip.find_elements(By.CSS_SELECTOR, "a[href^='#ep-']")) == 8
        assert strip.size["height"] <= 100, strip.size  # at most two or three short lines
        strip.find_element(By.CSS_SELECTOR, "a[href='#ep-g']").click()
        top = browser.execute_script(
            "return document.getElementById('ep-g').getBoundingClientRect().top")
        bar = browser.execute_script(
            "return document.querySelector('.strip-ep').getBoundingClientRect()")
        assert browser.execute_script("return window.scrollY") > 0
        assert bar["top"] == 0  # sticky: still on top after the jump
        assert bar["bottom"] - 1 <= top < height / 2, (bar, top)  # the EP heading shows below it
        grade = browser.find_element(By.CSS_SELECTOR, "#ep-g h2 .nilai").text.split()[0]
        assert strip.find_element(By.CSS_SELECTOR, "a[href='#ep-g'] .nilai").text == grade
