"""One logging configuration for every entry point: the CLI (and so `tpcb serve`) and the flows'
process. Code logs with the standard `logging` (`logging.getLogger(__name__)`); flows log their
progress with Prefect's run logger, which this sends to the same place.

Where: TPCB_HOME/log/tpcb.log by default (rotated at 10 MB, 5 files kept), so that the console
keeps showing only progress and results; TPCB_LOG_FILE=- writes to stderr instead (containers,
systemd), TPCB_LOG_FILE=/path elsewhere. TPCB_LOG_LEVEL (INFO by default) and TPCB_LOG_JSON=true
(one JSON object per line) choose what and how.

No secret reaches the sink: every secret of the settings (S3 secret key, SMTP and PKCS#12
passwords, the database URL's password, the web signing key) is replaced by *** in each line,
whoever logged it. Control characters in a message (a user's "name\\nFAKE LINE") are escaped, so
one record is one line.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from tpcb.settings import LogSettings, SettingsError, get_settings, read_settings

PACKAGES = ("tpcb", "evidence", "storage", "doc_templates", "flows")
RUN_LOGGERS = ("prefect.flow_runs", "prefect.task_runs")  # get_run_logger() in flows and tasks
HIDDEN = "***"
MIN_SECRET = 4  # shorter values would blank out ordinary words; no real secret is that short
MAX_BYTES, BACKUPS = 10 * 1024 * 1024, 5
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Attributes every LogRecord has; anything else was passed as `extra=` (or by Prefect).
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

_current: tuple | None = None  # what the installed handler was built from


def _escape(text: str) -> str:
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class _Hiding(logging.Formatter):
    def __init__(self, secrets: list[str]):
        super().__init__()
        # Longest first, so that a secret containing another is hidden whole.
        self.secrets = sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True)

    def hide(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, HIDDEN)
        return text

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    @staticmethod
    def run_name(record: logging.LogRecord) -> str | None:
        return getattr(record, "task_run_name", None) or getattr(record, "flow_run_name", None)


class TextFormat(_Hiding):
    """2026-03-12T08:00:00.123+00:00 WARNING tpcb.web.errors: 403 POST /api/... : reason"""

    def format(self, record: logging.LogRecord) -> str:
        where = record.name + (f" [{self.run_name(record)}]" if self.run_name(record) else "")
        line = f"{self.formatTime(record)} {record.levelname} {where}: {_escape(record.getMessage())}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return self.hide(line)


class JsonFormat(_Hiding):
    """{"time": ..., "level": ..., "logger": ..., "message": ..., "exception": ..., extras}"""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {"time": self.formatTime(record), "level": record.levelname,
                                    "logger": record.name, "message": record.getMessage()}
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        hidden = {k: self.hide(v) if isinstance(v, str) else v for k, v in entry.items()}
        return json.dumps(hidden, ensure_ascii=False)


class _LogFile(RotatingFileHandler):
    """The log file, created (with its folder) at the first record, so a command that logs
    nothing leaves nothing behind; a log that cannot be written never breaks a command."""

    def __init__(self, path: Path):
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
        pass  # read-only home, full disk: the command still answers the user


class _Stderr(logging.StreamHandler):
    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
        pass


def _settings() -> LogSettings | None:
    """The settings, or only the log's part when another variable is bad, or None."""
    try:
        return get_settings()
    except SettingsError:
        try:
            return read_settings(LogSettings)
        except SettingsError:
            return None


def _handler(settings: LogSettings | None) -> logging.Handler:
    if settings is None:
        return logging.NullHandler()  # nowhere to write: never Python's stderr fallback either
    path = settings.log_path
    handler: logging.Handler = _Stderr() if path is None else _LogFile(path)
    secrets = [*settings.secrets, os.environ.get("TPCB_SECRET_KEY", "")]
    handler.setFormatter(JsonFormat(secrets) if settings.log_json else TextFormat(secrets))
    handler.setLevel(settings.log_level)
    return handler


def _key(settings: LogSettings | None) -> tuple:
    if settings is None:
        return (None,)
    return (settings.log_path and settings.log_path.resolve(), settings.log_level, settings.log_json,
            tuple(settings.secrets), os.environ.get("TPCB_SECRET_KEY", ""))


def configure(settings: LogSettings | None = None) -> None:
    """Send tpcb's records (and the flows' run loggers, once Prefect is loaded) to the one sink.

    Idempotent and cheap when nothing changed; called again with other settings (tests change
    TPCB_HOME) it replaces the sink. Records still propagate, so pytest's caplog sees them."""
    global _current
    settings = settings if settings is not None else _settings()
    key = _key(settings)
    names = PACKAGES + (RUN_LOGGERS if "prefect" in sys.modules else ())
    if key == _current and all(_installed(logging.getLogger(n)) for n in names):
        return
    handler = _handler(settings)
    handler.tpcb_sink = True  # type: ignore[attr-defined]
    level = settings.log_level if settings is not None else logging.WARNING
    for name in names:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "tpcb_sink", False)]:
            logger.removeHandler(old)
            old.close()
        logger.addHandler(handler)
        logger.setLevel(level)
    _current = key


def _installed(logger: logging.Logger) -> bool:
    return any(getattr(h, "tpcb_sink", False) for h in logger.handlers)


def reset() -> None:
    """Remove the sink (tests: no handler keeps a file of an earlier test open)."""
    global _current
    for name in PACKAGES + RUN_LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "tpcb_sink", False)]:
            logger.removeHandler(old)
            old.close()
        logger.setLevel(logging.NOTSET)
    _current = None
