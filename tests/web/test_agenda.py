"""The buku agenda: /agenda, /agenda.xlsx, GET /api/surat/agenda and the service under them.
Order, each filter, the search, the scope of a PJ Mutu, bad values, paging without N+1 queries,
and the export read back by openpyxl and by LibreOffice."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import event

from doc_templates.agenda_xlsx import KOLOM
from evidence.akses import ADMIN, Actor
from evidence.records import DINKES, Surat
from evidence.tte import SAH, HasilTte, TandaTangan
from tests.markers import need_soffice
from tests.web import state as st
from tpcb.services.agenda import OPERATOR_CLI, agenda
from tpcb.services.cari import surat_cocok

API = "/api/surat/agenda"


def letters(web) -> list[Surat]:
    with web.app.repo() as repo:
        return repo.surat_list()


def api(web, role: str = "admin", **params) -> dict:
    r = web.client.get(API, params=params, headers=web.token(role))
    assert r.status_code == 200, r.text
    return r.json()


def body_ids(web, teks: str) -> set[int]:
    """The letters whose own text (draft or signed file) matches, per the full-text index."""
    with web.app.repo() as repo:
        return set(surat_cocok(repo, Actor("admin", ADMIN, ()), teks).id)


def page_rows(html: str) -> list[str]:
    return re.findall(r'<tr data-ref="([^"]+)"', html)


def signed_in(web, role: str):
    assert web.login_page(st.USERS[role][0]).status_code == 303
    return web.client


# -- order -----------------------------------------------------------------------------------------
def test_numbered_letters_in_date_order_then_the_unnumbered(web_ro):
    got = api(web_ro)
    rows, stored = got["surat"], letters(web_ro)
    assert got["total"] == len(stored) == len(rows) > 20
    numbered = [r for r in rows if r["nomor"]]
    unnumbered = [r for r in rows if not r["nomor"]]
    assert rows == numbered + unnumbered and numbered and unnumbered
    days = [r["tanggal"] for r in numbered]
    assert days == sorted(days)
    assert [r["tanggal"] for r in unnumbered] == sorted(r["tanggal"] for r in unnumbered)
    assert {r["rujukan"] for r in unnumbered} == {f"draf-{s.id}" for s in stored if s.nomor is None}


def test_the_page_lists_the_same_letters_in_the_same_order(web_ro):
    html = signed_in(web_ro, "sekretariat").get("/agenda").text
    assert page_rows(html) == [r["rujukan"] for r in api(web_ro)["surat"]]
    assert 'href="/agenda"' in html and "Buku agenda" in html  # in the menu


# -- filters and search ----------------------------------------------------------------------------
@pytest.mark.parametrize(("param", "value", "keep"), [
    ("jenis", "surat_tugas", lambda s: s.jenis == "surat_tugas"),
    ("status", "final", lambda s: s.status == "final"),
    ("status", "menunggu_persetujuan", lambda s: s.status == "menunggu_persetujuan"),
    ("bulan", "3", lambda s: s.tanggal.month == 3),
    ("tahun", str(st.YEAR), lambda s: s.tahun == st.YEAR),
    ("tahun", str(st.YEAR + 1), lambda s: s.tahun == st.YEAR + 1),
    ("puskesmas", st.DALAM, lambda s: s.pemilik == st.DALAM),
])
def test_each_filter_keeps_exactly_the_matching_letters(web_ro, param, value, keep):
    want = {s.id for s in letters(web_ro) if keep(s)}
    got = api(web_ro, **{param: value})
    assert {r["id"] for r in got["surat"]} == want and got["total"] == len(want)
    assert got["saringan"][param] == value
    html = signed_in(web_ro, "admin").get("/agenda", params={param: value}).text
    assert len(page_rows(html)) == len(want)


def test_filters_combine(web_ro):
    want = {s.id for s in letters(web_ro) if s.jenis == "umpan_balik" and s.tanggal.month == 3
            and s.pemilik == st.DALAM}
    got = api(web_ro, jenis="umpan_balik", bulan=3, puskesmas=st.DALAM)
    assert {r["id"] for r in got["surat"]} == want and want


def test_search_by_a_fragment_of_the_number(web_ro):
    target = next(s for s in letters(web_ro) if s.nomor and s.jenis == "surat_tugas")
    fragment = target.nomor.split("/")[1] + "/TPCB"  # e.g. 003/TPCB
    got = api(web_ro, teks=fragment.lower())["surat"]
    assert target.nomor in [r["nomor"] for r in got]
    body = body_ids(web_ro, fragment.lower())  # a letter citing that number in its text
    assert all(fragment.lower() in (r["nomor"] or "").lower() or fragment.lower() in r["perihal"].lower()
               or r["id"] in body for r in got)


def test_search_by_puskesmas_name_finds_all_its_letters(web_ro):
    with web_ro.app.repo() as repo:
        nama = repo.puskesmas(st.DALAM).nama  # "Puskesmas Mekarsentosa"
    word = nama.split()[-1][:6].upper()  # a fragment, other case
    got = api(web_ro, teks=word)["surat"]
    mine = {s.id for s in letters(web_ro) if s.pemilik == st.DALAM}
    assert mine <= {r["id"] for r in got}
    body = body_ids(web_ro, word)  # e.g. the SK TPCB, which names every Puskesmas in its text
    assert all(r["puskesmas"] == st.DALAM or word.lower() in r["perihal"].lower() or r["id"] in body
               for r in got)


def test_search_by_perihal_and_like_characters_are_literal(web_ro):
    target = letters(web_ro)[0]
    assert target.id in {r["id"] for r in api(web_ro, teks=target.perihal[3:15])["surat"]}
    assert api(web_ro, teks="%")["total"] == 0
    assert api(web_ro, teks="_")["total"] == 0


# -- scope -----------------------------------------------------------------------------------------
def test_a_pj_mutu_sees_only_the_letters_of_their_puskesmas(web_ro):
    got = api(web_ro, "pj_mutu")
    mine = {s.id for s in letters(web_ro) if s.pemilik == st.DALAM}
    assert {r["id"] for r in got["surat"]} == mine and mine
    assert not any(r["puskesmas"] in (None, st.LUAR) for r in got["surat"])
    with web_ro.app.repo() as repo:
        luar = repo.puskesmas(st.LUAR).nama
    assert api(web_ro, "pj_mutu", teks=luar)["total"] == 0  # a name outside the scope finds nothing
    r = web_ro.client.get(API, params={"puskesmas": st.LUAR}, headers=web_ro.token("pj_mutu"))
    assert r.status_code == 403
    html = signed_in(web_ro, "pj_mutu").get("/agenda").text
    assert set(page_rows(html)) == {r["rujukan"] for r in got["surat"]}
    assert luar not in html and '<td data-label="Puskesmas">Dinas Kesehatan' not in html
    assert '<td data-label="Puskesmas">Dinas Kesehatan' in signed_in(web_ro, "admin").get("/agenda").text


def test_every_role_may_read_the_register_and_finds_it_in_the_menu(web_ro):
    for role in st.USERS:
        web_ro.client.cookies.clear()
        html = signed_in(web_ro, role).get("/agenda")
        assert html.status_code == 200, role
        assert '<a href="/agenda"' in html.text, role


def test_the_page_needs_a_signed_in_user(web_ro):
    web_ro.client.cookies.clear()
    r = web_ro.client.get("/agenda", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/masuk"
    assert web_ro.client.get(API).status_code == 401


# -- bad values ------------------------------------------------------------------------------------
BAD = [("bulan", "13", "Bulan '13' tidak sah"), ("bulan", "0", "Bulan '0' tidak sah"),
       ("jenis", "memo", "Jenis surat 'memo' tidak dikenal"),
       ("status", "arsip", "Status 'arsip' tidak dikenal"),
       ("tahun", "1999", "Tahun '1999' tidak sah"), ("halaman", "0", "Halaman '0' tidak sah"),
       ("puskesmas", "PKM-XXX", "tidak terdaftar")]


@pytest.mark.parametrize(("param", "value", "message"), BAD)
def test_a_bad_filter_is_a_400_in_indonesian_on_the_api(web_ro, param, value, message):
    r = web_ro.client.get(API, params={param: value}, headers=web_ro.token("admin"))
    assert r.status_code == (404 if param == "puskesmas" else 400), r.text
    assert message in r.json()["detail"]


@pytest.mark.parametrize(("param", "value", "message"), BAD + [("bulan", "maret", "Bulan 'maret' tidak sah"),
                                                              ("tahun", "dua ribu", "Tahun 'dua ribu'")])
def test_a_bad_filter_is_said_inline_on_the_page(web_ro, param, value, message):
    client = signed_in(web_ro, "sekretariat")
    for url in ("/agenda", "/agenda.xlsx") if param != "halaman" else ("/agenda",):
        r = client.get(url, params={param: value})
        assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
        shown = re.search(r'id="galat-saringan">([^<]+)<', r.text).group(1)
        assert message in shown.replace("&#39;", "'")
        assert 'id="saring-agenda"' in r.text and page_rows(r.text) == []  # the form stays to fix it


def test_a_month_that_is_not_a_number_is_a_documented_422_on_the_api(web_ro):
    r = web_ro.client.get(API, params={"bulan": "maret"}, headers=web_ro.token("admin"))
    assert r.status_code == 422 and isinstance(r.json()["detail"], str)


# -- each letter's files, receipt, TTE and EP ------------------------------------------------------
def test_each_row_links_its_files_and_says_receipt_and_ep(web_ro):
    client = signed_in(web_ro, "sekretariat")
    html = client.get("/agenda").text
    rows = {r["rujukan"]: r for r in api(web_ro)["surat"]}
    received = next(r for r in rows.values() if r["diterima_pada"] and r["kunci_final"])
    cell = html.split(f'<tr data-ref="{received["rujukan"]}"')[1].split("</tr>")[0]
    assert f'href="/berkas/{received["kunci_final"]}"' in cell
    assert f'href="/berkas/{received["kunci_final"]}?unduh=1"' in cell
    assert f'href="/berkas/{received["kunci_draf"]}"' in cell
    day = date.fromisoformat(received["diterima_pada"])
    assert f"diterima {day:%d/%m/%Y}" in cell
    assert f"EP {received['ep']})" in cell
    assert "TTE belum diperiksa" in cell  # the test PDF was filed without a TTE check
    opened = client.get(f"/berkas/{received['kunci_final']}")
    assert opened.status_code == 200 and opened.content.startswith(b"%PDF")
    assert "inline" in opened.headers["content-disposition"]
    download = client.get(f"/berkas/{received['kunci_final']}?unduh=1")
    assert "attachment" in download.headers["content-disposition"]
    unsigned = next(r for r in rows.values() if r["nomor"] and r["status"] == "draft")
    cell = html.split(f'<tr data-ref="{unsigned["rujukan"]}"')[1].split("</tr>")[0]
    assert "Bernomor, belum ditandatangani" in cell and "PDF bertanda tangan" not in cell
    assert "belum dicatat" in cell
    with web_ro.app.repo() as repo:
        for r in rows.values():
            s = repo.surat_by_id(r["id"])
            assert r["ep"] == web_ro.app.catalogue.item(s.item_id).ep


def test_a_checked_electronic_signature_is_shown(web):
    with web.app.uow() as uow:
        surat = next(s for s in uow.repo.surat_list(status="final") if s.pemilik == DINKES)
        final = uow.repo.artefact_by_key(surat.artefak_final)
        final.tte = HasilTte(SAH, (TandaTangan("dr. Kepala Dinas", "1970", "2026-01-07T09:00:00",
                                               "BSrE uji", True, True),)).to_json()
        uow.repo.add(final)
        nomor = surat.nomor
    [row] = [r for r in api(web)["surat"] if r["nomor"] == nomor]
    assert row["tte_status"] == SAH and row["tte"] == "TTE sah (dr. Kepala Dinas)"
    html = signed_in(web, "sekretariat").get("/agenda", params={"teks": nomor}).text
    assert "TTE sah (dr. Kepala Dinas)" in html


# -- paging, and no query per letter ---------------------------------------------------------------
def test_pages_cover_the_register_once_in_order(web_ro):
    whole = [r["id"] for r in api(web_ro)["surat"]]
    seen = []
    with web_ro.app.repo() as repo:
        first = agenda(web_ro.app, repo, OPERATOR_CLI, per_halaman=7)
        assert first.jumlah_halaman == -(-len(whole) // 7)
        for n in range(1, first.jumlah_halaman + 1):
            seen += [r.id for r in agenda(web_ro.app, repo, OPERATOR_CLI, per_halaman=7, halaman=n).baris]
        beyond = agenda(web_ro.app, repo, OPERATOR_CLI, per_halaman=7, halaman=first.jumlah_halaman + 1)
    assert seen == whole and beyond.baris == [] and beyond.total == len(whole)


def test_a_later_page_links_back_with_the_same_filters(web_ro):
    client = signed_in(web_ro, "admin")
    html = client.get("/agenda", params={"jenis": "surat_tugas", "halaman": "2"}).text
    assert page_rows(html) == [] and "Halaman 2 kosong" in html
    assert "Tidak ada surat yang cocok" in client.get("/agenda", params={"teks": "tidak-ada-xyz"}).text
    assert 'href="/agenda?jenis=surat_tugas&amp;halaman=1" rel="prev"' in html
    assert 'rel="next"' not in html


def test_the_number_of_queries_does_not_grow_with_the_page(web_ro):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = web_ro.app.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        sizes = {}
        for size in (2, 25):
            statements.clear()
            with web_ro.app.repo() as repo:
                got = agenda(web_ro.app, repo, Actor("x", "admin"), per_halaman=size)
            assert len(got.baris) == size
            sizes[size] = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sizes[2] == sizes[25] <= 5, sizes


# -- the export ------------------------------------------------------------------------------------
def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_the_xlsx_holds_the_filtered_register_with_real_dates(web_ro):
    client = signed_in(web_ro, "sekretariat")
    r = client.get("/agenda.xlsx", params={"jenis": "surat_tugas", "tahun": st.YEAR})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert f'filename="buku_agenda_{st.YEAR}.xlsx"' in r.headers["content-disposition"]
    ws = workbook(r.content)
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == [head for head, _ in KOLOM]
    want = api(web_ro, jenis="surat_tugas", tahun=st.YEAR)["surat"]
    assert len(rows) - 1 == len(want) > 3
    assert [row[1] for row in rows[1:]] == [w["nomor"] or f"{w['rujukan']} (belum bernomor)" for w in want]
    assert [row[0] for row in rows[1:]] == list(range(1, len(want) + 1))
    for row, w in zip(rows[1:], want, strict=True):
        assert isinstance(row[2], datetime) and row[2].date().isoformat() == w["tanggal"]
        assert row[8] == w["ep"] and row[6] == w["puskesmas_nama"]
    assert ws["C2"].number_format == "DD/MM/YYYY"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:N{len(rows)}"
    assert ws.column_dimensions["E"].width >= 40


def test_the_xlsx_of_a_pj_mutu_holds_only_their_letters_and_receipts_are_dates(web_ro):
    ws = workbook(signed_in(web_ro, "pj_mutu").get("/agenda.xlsx").content)
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert {row[6] for row in rows} == {next(r["puskesmas_nama"] for r in api(web_ro, "pj_mutu")["surat"])}
    admin = [[c.value for c in row] for row in workbook(
        signed_in(web_ro, "admin").get("/agenda.xlsx").content).iter_rows(min_row=2)]
    received = [row[10] for row in admin if row[10] is not None]
    assert received and all(isinstance(v, datetime) for v in received)


def test_text_that_looks_like_a_formula_stays_text():
    from doc_templates.agenda_xlsx import buku_agenda
    from tpcb.services.agenda import BarisAgenda

    row = BarisAgenda(1, "draf-1", None, date(2026, 3, 2), "surat", "Surat", "=HYPERLINK(\"x\")",
                      "+1", "-", None, "Dinas Kesehatan", "draft", "Draf", None, None, None, None,
                      None, "f", "f-d1")
    ws = workbook(buku_agenda([row]))
    assert ws["E2"].value == '=HYPERLINK("x")' and ws["E2"].data_type == "s"
    assert ws["F2"].data_type == "s"


@pytest.mark.slow
def test_libreoffice_reads_the_export(web_ro, tmp_path):
    exe = need_soffice("membuka ekspor dengan LibreOffice")
    content = signed_in(web_ro, "sekretariat").get("/agenda.xlsx").content
    (tmp_path / "agenda.xlsx").write_bytes(content)
    profile = f"-env:UserInstallation={(tmp_path / 'p').as_uri()}"
    csv_utf8 = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8
    proc = subprocess.run([exe, "--headless", "--norestore", profile, "--convert-to", csv_utf8,
                           "--outdir", str(tmp_path / "out"), str(tmp_path / "agenda.xlsx")],
                          capture_output=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(tmp_path / "out" / "agenda.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    want = api(web_ro)["surat"]
    assert rows[0] == [head for head, _ in KOLOM]
    assert len(rows) - 1 == len(want)
    assert [r[1] for r in rows[1:]] == [w["nomor"] or f"{w['rujukan']} (belum bernomor)" for w in want]
    assert [r[2] for r in rows[1:]] == [date.fromisoformat(w["tanggal"]).strftime("%d/%m/%Y") for w in want]


# -- the CLI over the same service ----------------------------------------------------------------
def run_cli(monkeypatch, home, *args: str) -> tuple[int, str]:
    import contextlib

    from tpcb.cli import main
    from tpcb.settings import get_settings

    monkeypatch.setenv("TPCB_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("TPCB_DATABASE_URL", raising=False)
    monkeypatch.delenv("TPCB_STORAGE", raising=False)
    get_settings.cache_clear()
    out = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    get_settings.cache_clear()
    return code, out.getvalue()


def test_the_cli_writes_the_same_filtered_register(web, monkeypatch, tmp_path):
    import json

    want = api(web, bulan=3, teks="umpan")["surat"]
    code, out = run_cli(monkeypatch, web.home, "surat", "agenda", "--bulan", "3", "--teks", "umpan",
                        "--format", "json")
    assert code == 0, out
    assert json.loads(out) == want and want
    target = tmp_path / "agenda.xlsx"
    code, out = run_cli(monkeypatch, web.home, "surat", "agenda", "--bulan", "3", "--teks", "umpan",
                        "--xlsx", str(target))
    assert code == 0 and f"({len(want)} surat)" in out, out
    rows = list(workbook(target.read_bytes()).iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [w["nomor"] or f"{w['rujukan']} (belum bernomor)" for w in want]
    code, out = run_cli(monkeypatch, web.home, "surat", "agenda", "--bulan", "13")
    assert code == 1 and "Bulan '13' tidak sah" in out
    code, out = run_cli(monkeypatch, web.home, "surat", "agenda", "--xlsx", str(tmp_path / "a.csv"))
    assert code == 1 and "harus berakhiran .xlsx" in out


# -- the letters' own text (full-text index, tpcb.services.cari) -----------------------------------
def test_search_finds_a_letter_by_words_only_in_its_body(web_ro):
    """A phrase of the body of the lokmin follow-up letters, in none of their subjects: the
    register finds them through the full-text index, on the API and on the page, within scope."""
    phrase = '"menindaklanjuti hasil lokakarya mini"'
    got = api(web_ro, teks=phrase)["surat"]
    assert got, "surat dengan frasa itu di isinya tidak ditemukan"
    assert all("menindaklanjuti" not in r["perihal"].lower() for r in got)  # not by the subject
    lokmin = [r for r in got if "lokakarya mini" in r["perihal"].lower()]
    assert {r["puskesmas"] for r in lokmin} == {st.DALAM, "PKM-KRA"}, [r["perihal"] for r in got]
    assert {r["id"] for r in got} == body_ids(web_ro, phrase)  # nothing else matched
    html = signed_in(web_ro, "admin").get("/agenda", params={"teks": phrase}).text
    assert set(page_rows(html)) == {r["rujukan"] for r in got}
    mine = api(web_ro, "pj_mutu", teks=phrase)["surat"]
    assert mine and {r["puskesmas"] for r in mine} == {st.DALAM}  # scope holds for text hits too
