"""`tpcb user add|list`, `tpcb bundle`, and the demo's users, through the real CLI."""

from __future__ import annotations

import io
import shutil
import sys
import zipfile

import pytest

from evidence import akses
from tests.web.state import DALAM, app_for
from tpcb.services.users import demo_users


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_user_add_from_stdin_and_list(cli, monkeypatch, tmp_path):
    _stdin(monkeypatch, "sandi-yang-panjang-1\n")
    out = cli.ok("user", "add", "nining.mks", "--peran", "pj_mutu", "--puskesmas", "pkm-mks",
                 "--password-stdin").out
    assert "nining.mks" in out and "PKM-MKS" in out
    with app_for(tmp_path / "home").repo() as repo:
        user = repo.pengguna("nining.mks")
        assert user.peran == "pj_mutu" and user.puskesmas == ["PKM-MKS"]
        assert user.password_hash.startswith("$argon2id$")
        assert akses.verify_password("sandi-yang-panjang-1", user.password_hash)
        assert repo.audit_list(aksi="pengguna.tambah")[0].sasaran == "pengguna:nining.mks"
    out = cli.ok("user", "list").out
    assert "nining.mks" in out and "pj_mutu" in out


@pytest.mark.parametrize("args,message", [
    (["--peran", "raja"], "Peran 'raja' tidak dikenal"),
    (["--peran", "surveyor"], "membutuhkan Puskesmas"),
    (["--peran", "admin", "--puskesmas", "PKM-MKS"], "seluruh kantor"),
    (["--peran", "surveyor", "--puskesmas", "PKM-ZZZ"], "tidak terdaftar: PKM-ZZZ"),
])
def test_user_add_refusals(cli, monkeypatch, args, message):
    _stdin(monkeypatch, "sandi-yang-panjang-1\n")
    r = cli("user", "add", "orang.baru", *args, "--password-stdin")
    assert r.code == 1 and message in r.err


def test_user_add_refuses_short_password_and_duplicates(cli, monkeypatch):
    _stdin(monkeypatch, "pendek\n")
    r = cli("user", "add", "orang.baru", "--peran", "admin", "--password-stdin")
    assert r.code == 1 and "minimal 10 karakter" in r.err
    _stdin(monkeypatch, "sandi-yang-panjang-1\n")
    r = cli("user", "add", "admin", "--peran", "admin", "--password-stdin")
    assert r.code == 1 and "sudah ada" in r.err


def test_user_add_prompts_twice(cli, monkeypatch):
    answers = iter(["sandi-yang-panjang-1", "sandi-yang-lain-22"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    r = cli("user", "add", "orang.baru", "--peran", "admin")
    assert r.code == 1 and "tidak sama" in r.err


def test_user_sandi_nonaktif_aktif(cli, monkeypatch, tmp_path):
    before = None
    with app_for(tmp_path / "home").repo() as repo:
        before = repo.pengguna("pj.mks").password_hash
    _stdin(monkeypatch, "pendek\n")
    r = cli("user", "sandi", "pj.mks", "--password-stdin")
    assert r.code == 1 and "minimal 10 karakter" in r.err
    _stdin(monkeypatch, "sandi-baru-yang-panjang\n")
    assert "semua sesinya berakhir" in cli.ok("user", "sandi", "PJ.MKS", "--password-stdin").out
    assert "dinonaktifkan" in cli.ok("user", "nonaktif", "pj.mks").out
    listed = cli.ok("user", "list").out
    assert [line for line in listed.splitlines() if "pj.mks" in line and "nonaktif" in line]
    assert "aktif dan tidak terkunci" in cli.ok("user", "aktif", "pj.mks").out
    with app_for(tmp_path / "home").repo() as repo:
        user = repo.pengguna("pj.mks")
        assert user.aktif and user.password_hash != before
        assert akses.verify_password("sandi-baru-yang-panjang", user.password_hash)
        assert [e.aksi for e in repo.audit_list()[:3]] == ["pengguna.aktif", "pengguna.nonaktif",
                                                           "pengguna.sandi"]


@pytest.mark.parametrize("command", ["sandi", "nonaktif", "aktif"])
def test_user_commands_refuse_an_unknown_user(cli, monkeypatch, tmp_path, command):
    _stdin(monkeypatch, "sandi-baru-yang-panjang\n")
    r = cli("user", command, "siapa.ini", *(["--password-stdin"] if command == "sandi" else []))
    assert r.code == 1 and "Pengguna 'siapa.ini' tidak ada" in r.err
    with app_for(tmp_path / "home").repo() as repo:
        assert not repo.audit_list(aksi=f"pengguna.{command}")


@pytest.mark.slow
def test_cli_bundle(cli, tmp_path):
    out = tmp_path / "bundel.zip"
    cli.ok("bundle", "--puskesmas", DALAM, "--ep", "a", "--out", out)
    names = zipfile.ZipFile(out).namelist()
    assert "manifest.sha256" in names and "index.html" in names
    r = cli("bundle", "--puskesmas", DALAM, "--out", tmp_path / "bundel.txt")
    assert r.code == 1 and ".pdf atau .zip" in r.err
    pdf = tmp_path / "bundel.pdf"
    cli.ok("bundle", "--puskesmas", DALAM, "--ep", "a", "--out", pdf)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_demo_users_are_idempotent(built, tmp_path):
    shutil.copytree(built.home, tmp_path / "home")
    app = app_for(tmp_path / "home")
    first = demo_users(app)
    assert [r for _, r, _ in first] == list(akses.ROLES)
    assert demo_users(app) == first
    with app.repo() as repo:
        pj = repo.pengguna(first[3][0])
        assert pj.puskesmas == [DALAM]  # the second Puskesmas: its follow-ups are still open
        assert all(akses.verify_password(p, repo.pengguna(u).password_hash) for u, _, p in first)
