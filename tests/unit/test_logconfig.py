"""The one logging configuration (tpcb.logconfig): where records go, JSON lines, no secrets."""

import json
import logging

import pytest

from tpcb import logconfig
from tpcb.settings import Settings, get_settings


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    for key in ("TPCB_LOG_LEVEL", "TPCB_LOG_JSON", "TPCB_LOG_FILE", "TPCB_SECRET_KEY"):
        monkeypatch.delenv(key, raising=False)
    yield
    logconfig.reset()
    get_settings.cache_clear()


def lines(settings: Settings) -> list[str]:
    for handler in logging.getLogger("tpcb").handlers:
        handler.flush()
    return settings.log_path.read_text(encoding="utf-8").splitlines()


def test_records_go_to_the_file_under_home_not_to_the_console(tmp_path, capsys):
    s = Settings(home=tmp_path)
    logconfig.configure(s)
    logging.getLogger("storage.objects.s3").error("S3 %s tidak dapat dihubungi", "127.0.0.1:1")
    logging.getLogger("tpcb.web").info("Masuk: %s", "admin")
    logging.getLogger("tpcb.web").debug("tidak ditulis pada tingkat INFO")
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    got = lines(s)
    assert len(got) == 2
    assert "ERROR storage.objects.s3: S3 127.0.0.1:1 tidak dapat dihubungi" in got[0]
    assert s.log_path == tmp_path / "log" / "tpcb.log"


def test_nothing_logged_leaves_no_file(tmp_path):
    logconfig.configure(Settings(home=tmp_path))
    assert not (tmp_path / "log").exists()


def test_level_by_setting_and_stderr_by_setting(tmp_path, capsys):
    logconfig.configure(Settings(home=tmp_path, log_level="warning", log_file="-"))
    logging.getLogger("evidence").info("tidak")
    logging.getLogger("evidence").warning("ya")
    err = capsys.readouterr().err
    assert "ya" in err and "tidak" not in err
    assert not (tmp_path / "log").exists()


def test_json_lines_parse_as_json(tmp_path):
    s = Settings(home=tmp_path, log_json=True)
    logconfig.configure(s)
    log = logging.getLogger("doc_templates.pdf")
    log.warning("Satu \"kutip\" dan\nbaris baru", extra={"puskesmas": "PKM-SKJ"})
    try:
        raise ValueError("rusak")
    except ValueError:
        log.exception("Gagal")
    first, second = (json.loads(line) for line in lines(s))
    assert first["level"] == "WARNING" and first["logger"] == "doc_templates.pdf"
    assert first["message"] == "Satu \"kutip\" dan\nbaris baru" and first["puskesmas"] == "PKM-SKJ"
    assert first["time"].endswith("+00:00")
    assert "ValueError: rusak" in second["exception"]


def test_one_record_is_one_line_whatever_a_user_typed(tmp_path):
    s = Settings(home=tmp_path)
    logconfig.configure(s)
    logging.getLogger("tpcb.web").warning("Masuk gagal: pengguna %r", "x\nERROR palsu\x1b[31m")
    assert len(lines(s)) == 1 and "\\n" in lines(s)[0] and "\x1b" not in lines(s)[0]


@pytest.mark.parametrize("json_lines", [False, True])
def test_secrets_of_the_settings_never_reach_the_log(tmp_path, monkeypatch, json_lines):
    monkeypatch.setenv("TPCB_SECRET_KEY", "kunci-tanda-tangan-web")
    s = Settings(home=tmp_path, log_json=json_lines, s3_secret_key="S3-rahasia-\"123\"",
                 smtp_password="sandi-smtp-456", tte_password="sandi-p12-789",
                 database_url="postgresql+psycopg://tpcb:sandi%40db@127.0.0.1/tpcb")
    logconfig.configure(s)
    log = logging.getLogger("storage")
    log.error("kunci %s sandi %s p12 %s url %s web %s", s.s3_secret_key, s.smtp_password,
              s.tte_password, s.database_url, "kunci-tanda-tangan-web")
    try:
        raise RuntimeError(f"login gagal dengan {s.smtp_password} dan sandi@db")
    except RuntimeError:
        log.exception("gagal")
    text = "\n".join(lines(s))
    for secret in ("S3-rahasia", "sandi-smtp-456", "sandi-p12-789", "sandi%40db", "sandi@db",
                   "kunci-tanda-tangan-web"):
        assert secret not in text
    assert text.count(logconfig.HIDDEN) >= 7


def test_a_bad_setting_elsewhere_still_logs_where_home_says(tmp_path, monkeypatch):
    monkeypatch.setenv("TPCB_HOME", str(tmp_path))
    monkeypatch.setenv("TPCB_STORAGE", "ftp")
    get_settings.cache_clear()
    logconfig.configure()
    logging.getLogger("tpcb.cli").warning("Perintah ditolak")
    assert "Perintah ditolak" in (tmp_path / "log" / "tpcb.log").read_text()


def test_configure_again_with_another_home_moves_the_sink(tmp_path):
    a, b = Settings(home=tmp_path / "a"), Settings(home=tmp_path / "b")
    logconfig.configure(a)
    logconfig.configure(a)  # idempotent: one handler
    assert sum(getattr(h, "tpcb_sink", False) for h in logging.getLogger("tpcb").handlers) == 1
    logconfig.configure(b)
    logging.getLogger("flows").warning("ke b")
    assert "ke b" in lines(b)[0] and not a.log_path.exists()
