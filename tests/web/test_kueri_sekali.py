"""Pages and hot API calls read what they need once per request: the master data (the Puskesmas
list asked for by the scope check, the picker and the use case; the TPCB team asked for per
document's signer) by every page, and on the surveyor's matrix and completeness also the
artefacts and letters behind the verdicts and the files beside them (storage.db.repository
memo, evidence.completeness.muat). A page may still read a table twice with two filters (the
dashboard's letters waiting for approval and this year's drafts, the agenda's count and page)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlalchemy import event

MASTER = {"puskesmas", "anggota_tim", "dinkes", "pengguna"}
VERDICTS = MASTER | {"artefak", "surat", "tindak_lanjut", "penilaian_surveior"}
PAGES = [("surveyor", "/matriks?puskesmas=PKM-MKS", VERDICTS), ("pj_mutu", "/matriks", VERDICTS),
         ("sekretariat", "/tugas", MASTER), ("pj_mutu", "/tugas", MASTER),
         ("sekretariat", "/antrian", MASTER), ("sekretariat", "/dasbor", MASTER),
         ("kepala_dinas", "/persetujuan", MASTER), ("sekretariat", "/agenda", MASTER),
         ("sekretariat", "/cari?q=puskesmas", MASTER), ("surveyor", "/cari?q=puskesmas", MASTER)]
API = [("surveyor", "/api/completeness?puskesmas=PKM-MKS", VERDICTS),
       ("sekretariat", "/api/completeness", VERDICTS), ("pj_mutu", "/api/completeness", VERDICTS),
       ("sekretariat", "/api/tindak-lanjut", MASTER), ("sekretariat", "/api/puskesmas", MASTER),
       ("surveyor", "/api/artefact", MASTER)]
USER = {"surveyor": "surveior", "pj_mutu": "pj.mks", "sekretariat": "sekretariat", "kepala_dinas": "kadinkes"}
FROM = re.compile(r"^\s*SELECT\b.*?\bFROM\s+(\w+)", re.S | re.I)


def _reads(web, fetch) -> Counter:
    seen: Counter = Counter()

    def hook(conn, cursor, statement, params, context, executemany):
        m = FROM.match(statement)
        if m:
            seen[m.group(1)] += 1

    event.listen(web.app.engine, "before_cursor_execute", hook)
    try:
        r = fetch()
    finally:
        event.remove(web.app.engine, "before_cursor_execute", hook)
    assert r.status_code == 200, r.text[:300]
    return seen


@pytest.mark.parametrize(("role", "path", "once"), PAGES)
def test_a_page_reads_its_tables_once(web_ro, role, path, once):
    web_ro.client.cookies.clear()
    assert web_ro.login_page(USER[role]).status_code == 303
    web_ro.client.get(path)  # warm: the catalogue, the office
    reads = _reads(web_ro, lambda: web_ro.client.get(path))
    assert "puskesmas" in reads or path.startswith(("/tugas", "/persetujuan"))  # the hook counts
    twice = {t: n for t, n in reads.items() if n > 1 and t in once}
    assert not twice, f"{path} sebagai {role}: {twice}"


@pytest.mark.parametrize(("role", "path", "once"), API)
def test_an_api_call_reads_its_tables_once(web_ro, role, path, once):
    h = web_ro.token(role)
    reads = _reads(web_ro, lambda: web_ro.client.get(path, headers=h))
    twice = {t: n for t, n in reads.items() if n > 1 and t in once}
    assert not twice, f"{path} sebagai {role}: {twice}"
