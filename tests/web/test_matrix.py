"""The role x action matrix: every role, every action, inside and outside its scope, one status each.

"dalam" is the scoped users' own Puskesmas (PKM-MKS); "luar" is outside every scoped user's scope
(PKM-SDM). Office-wide roles see both alike.
"""

from __future__ import annotations

import pytest

from tests.samples import pdf_bytes
from tests.web.state import DALAM, LUAR, USERS, YEAR

ROLES = ("admin", "sekretariat", "kepala_dinas", "pj_mutu", "surveyor")
ALL = {"list_artefacts", "upload_artefact", "download_artefact", "list_surat", "show_surat",
       "sign_surat", "approve_surat", "reject_surat", "list_tasks", "update_task", "completeness",
       "audit", "catalogue", "kinerja", "puskesmas"}
READ = {"list_artefacts", "download_artefact", "list_surat", "show_surat", "list_tasks", "completeness",
        "catalogue", "kinerja", "puskesmas"}
# The table the service must hold (independent of evidence.akses.PERMISSIONS on purpose).
ALLOWED = {
    "admin": ALL,
    "sekretariat": ALL - {"approve_surat", "reject_surat"},
    "kepala_dinas": READ | {"sign_surat", "approve_surat", "reject_surat"},
    "pj_mutu": READ | {"upload_artefact", "update_task"},
    "surveyor": READ,
}
UNSCOPED = {"catalogue", "audit", "puskesmas"}  # not about one Puskesmas
MUTATING = {"upload_artefact", "sign_surat", "approve_surat", "reject_surat", "update_task"}
OK = {"upload_artefact": 201}


def _kode(target: str) -> str:
    return DALAM if target == "dalam" else LUAR


def _task(web, kode: str) -> int:
    with web.app.repo() as repo:
        return next(t.id for t in repo.tindak_lanjut_list(puskesmas=kode) if t.status == "terbuka")


def _artefact(web, kode: str) -> str:
    with web.app.repo() as repo:
        return repo.artefacts(pemilik=kode, item_id="a-r1")[0].kunci


def call(web, action: str, target: str, h: dict):
    c, kode = web.client, _kode(target)
    held, draft = web.state.held[kode], web.state.drafts[kode]
    match action:
        case "list_artefacts":
            return c.get("/api/artefact", params={"puskesmas": kode}, headers=h)
        case "upload_artefact":
            return c.post("/api/artefact", headers=h,
                          data={"puskesmas": kode, "item": "e-r1", "final": "true"},
                          files={"file": ("RUK baru.pdf", pdf_bytes(2), "application/pdf")})
        case "download_artefact":
            return c.get(f"/api/artefact/{_artefact(web, kode)}", headers=h)
        case "list_surat":
            return c.get("/api/surat", params={"puskesmas": kode}, headers=h)
        case "show_surat":
            return c.get(f"/api/surat/{draft}", headers=h)
        case "sign_surat":
            return c.post(f"/api/surat/{draft}/ttd", headers=h,
                          files={"file": ("ttd.pdf", pdf_bytes(), "application/pdf")})
        case "approve_surat":
            return c.post(f"/api/surat/{held}/setujui", headers=h)
        case "reject_surat":
            return c.post(f"/api/surat/{held}/tolak", headers=h, data={"alasan": "Perbaiki dasar hukum"})
        case "list_tasks":
            return c.get("/api/tindak-lanjut", params={"puskesmas": kode}, headers=h)
        case "update_task":
            return c.post(f"/api/tindak-lanjut/{_task(web, kode)}/status", headers=h,
                          data={"status": "dikerjakan"})
        case "completeness":
            return c.get("/api/completeness", params={"puskesmas": kode, "tahun": YEAR}, headers=h)
        case "audit":
            return c.get("/api/audit", headers=h)
        case "catalogue":
            return c.get("/api/catalogue", headers=h)
        case "kinerja":
            return c.get("/api/kinerja", params={"puskesmas": kode}, headers=h)
        case "puskesmas":
            return c.get("/api/puskesmas", headers=h)
    raise AssertionError(action)


def expected(role: str, action: str, target: str) -> int:
    if action not in ALLOWED[role]:
        return 403
    scoped = role in ("pj_mutu", "surveyor")
    if scoped and target == "luar" and action not in UNSCOPED:
        return 403
    return OK.get(action, 200)


CELLS = [(r, a, t) for r in ROLES for a in sorted(ALL) for t in ("dalam", "luar")]


@pytest.mark.parametrize("role,action,target", [c for c in CELLS if c[1] in MUTATING])
def test_matrix_changes(web, role, action, target):
    r = call(web, action, target, web.token(role))
    assert r.status_code == expected(role, action, target), r.text
    if r.status_code == 403:
        assert r.json()["detail"] in ("Anda tidak berhak mengakses data ini.",
                                      f"Peran Anda ({_label(role)}) tidak berwenang untuk tindakan ini.")


@pytest.mark.parametrize("role,action,target", [c for c in CELLS if c[1] not in MUTATING])
def test_matrix_reads(web_ro, role, action, target):
    r = call(web_ro, action, target, web_ro.token(role))
    assert r.status_code == expected(role, action, target), r.text


def _label(role: str) -> str:
    from evidence.akses import ROLE_LABEL

    return ROLE_LABEL[role]


def test_every_cell_is_listed():
    assert len(CELLS) == 5 * 15 * 2


@pytest.mark.parametrize("role", ["pj_mutu", "surveyor"])
def test_scoped_lists_hold_only_their_puskesmas(web_ro, role):
    h = web_ro.token(role)
    mine = set(USERS[role][1])
    arts = web_ro.client.get("/api/artefact", headers=h).json()
    assert arts and {a["puskesmas"] for a in arts} <= mine | {"dinkes"}
    letters = web_ro.client.get("/api/surat", headers=h).json()
    assert letters and {s["puskesmas"] for s in letters} <= mine
    tasks = web_ro.client.get("/api/tindak-lanjut", headers=h).json()
    assert tasks and {t["puskesmas"] for t in tasks} <= mine
    done = web_ro.client.get("/api/completeness", headers=h).json()
    assert {p["kode"] for p in done["puskesmas"]} == mine
    assert {p["kode"] for p in web_ro.client.get("/api/puskesmas", headers=h).json()} == mine


def test_pj_mutu_may_not_verify_its_own_work(web):
    h = web.token("pj_mutu")
    tid = _task(web, DALAM)
    assert web.client.post(f"/api/tindak-lanjut/{tid}/status", headers=h,
                           data={"status": "dikerjakan"}).status_code == 200
    r = web.client.post(f"/api/tindak-lanjut/{tid}/status", headers=h,
                        data={"status": "selesai"},
                        files={"bukti": ("bukti.pdf", pdf_bytes(), "application/pdf")})
    assert r.status_code == 200 and r.json()["status"] == "selesai" and r.json()["bukti"]
    r = web.client.post(f"/api/tindak-lanjut/{tid}/status", headers=h, data={"status": "diverifikasi"})
    assert r.status_code == 403
    r = web.client.post(f"/api/tindak-lanjut/{tid}/status", headers=web.token("sekretariat"),
                        data={"status": "diverifikasi"})
    assert r.status_code == 200 and r.json()["status"] == "diverifikasi"
