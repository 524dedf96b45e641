"""The matrix page's EP strip and its folded files, through TestClient: the strip holds one jump
link per EP with the grades of the evaluation (and the surveyor's); in every butir only finals are
in front, drafts and earlier years' finals are folded, and a butir with only drafts says so."""

from __future__ import annotations

import lxml.html

from evidence.completeness import evaluate
from tests.samples import pdf_bytes
from tests.web.state import DALAM, YEAR
from tpcb.services.common import today


def _kelas(*names: str) -> str:
    """An XPath predicate: the element has every one of these classes."""
    return " and ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {n} ')" for n in names)


def _all(el, tag: str, *names: str, where: str = "") -> list:
    conds = [c for c in (_kelas(*names) if names else "", where) if c]
    return el.xpath(f".//{tag}" + (f"[{' and '.join(conds)}]" if conds else ""))


def _page(web) -> lxml.html.HtmlElement:
    web.login_page("surveior")
    r = web.client.get(f"/matriks?puskesmas={DALAM}&tahun={YEAR}")
    assert r.status_code == 200
    return lxml.html.fromstring(r.text)


def test_strip_links_every_ep_with_the_grades_of_the_evaluation(web):
    r = web.client.put(f"/api/penilaian/{DALAM}/{YEAR}/e", headers=web.token("surveyor"),
                       json={"nilai": "TL", "fakta": "RUK dan RPK lengkap"})
    assert r.status_code == 200, r.text
    with web.app.repo() as repo:
        result = evaluate(repo, web.app.catalogue, YEAR, kode=DALAM, rule=web.app.scoring,
                          today=today())[0]
    doc = _page(web)
    strip = _all(doc, "div", "strip-ep")
    assert len(strip) == 1
    links = _all(strip[0], "a")
    assert [a.get("href") for a in links] == [f"#ep-{e.code}" for e in result.elements]
    assert len(links) == 8
    for a, e in zip(links, result.elements, strict=True):
        assert doc.get_element_by_id(f"ep-{e.code}") is not None  # the jump lands on the EP
        provisional = _all(a, "span", "nilai", where=f"not({_kelas('surveior')})")
        assert [s.text_content() for s in provisional] == [e.grade]
        surveyor = [s.text_content() for s in _all(a, "span", "nilai", "surveior")]
        assert surveyor == (["S·TL"] if e.code == "e" else []), (e.code, surveyor)
    beda = _all(strip[0], "a[@href='#ep-e']//span", "beda")
    assert bool(beda) == (result.elements[4].grade != "TL")
    total = _all(strip[0], "span", "strip-total")[0].text_content()
    assert f"{result.total}/{result.maximum}" in total and "S 10/10" in total


def test_drafts_and_older_finals_are_folded_behind_the_finals(web):
    pj = web.token("pj_mutu")
    older = web.client.post("/api/artefact", headers=pj, files={
        "file": ("SK organisasi lama.pdf", pdf_bytes(1), "application/pdf")},
        data={"puskesmas": DALAM, "item": "a-r1", "final": "true", "tahun": str(YEAR - 1),
              "tanggal": f"{YEAR - 1}-03-01", "penandatangan": "dr. Kepala Lama"})
    assert older.status_code == 201, older.text
    with web.app.repo() as repo:
        arts = {a.kunci: a for a in repo.artefacts(pemilik_in=[DALAM, "dinkes"])}
    doc = _page(web)
    seen = {"final_depan": 0, "draf_dilipat": 0, "final_lama_dilipat": 0, "hanya_draf": 0}
    for row in doc.xpath(".//tr[starts-with(@id, 'butir-')]"):
        cell = _all(row, "td", "berkas")[0]
        front = [a.get("href").removeprefix("/berkas/") for a in _all(cell, "a", "nama-berkas")
                 if not a.xpath("ancestor::details")]
        folded = [a.get("href").removeprefix("/berkas/") for a in _all(cell, "details//a", "nama-berkas")]
        for key in front:
            assert arts[key].status == "final", (row.get("id"), key)  # never a draft in front
            seen["final_depan"] += 1
        for key in folded:
            seen["draf_dilipat" if arts[key].status != "final" else "final_lama_dilipat"] += 1
        summary = " ".join(s.text_content() for s in cell.xpath(".//details/summary"))
        if folded and not front:
            assert "hanya draf" in summary and "draf dan revisi lama" not in summary, row.get("id")
            assert all(arts[k].status != "final" for k in folded)
            seen["hanya_draf"] += 1
        elif folded:
            assert f"draf dan revisi lama ({len(folded)})" in summary
    assert all(seen.values()), seen
    a_r1 = _all(doc.get_element_by_id("butir-a-r1"), "td", "berkas")[0]
    lama = _all(a_r1, "details//div", "berkas-baris")
    assert len(lama) == 1 and "SK_organisasi_lama.pdf" in lama[0].text_content().replace(" ", "_")
    assert f"final {YEAR - 1}" in lama[0].text_content()
    b_d1 = _all(doc.get_element_by_id("butir-b-d1"), "td", "berkas")[0]
    badge = _all(b_d1, "div[contains(@class, 'berkas-baris')]//span", "st")[0]
    assert "hanya draf" in b_d1.text_content() and badge.text == "draf"
