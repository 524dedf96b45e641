"""The one settings class (prefix TPCB_), read lazily: nothing is built at import time.

A bad value (TPCB_STORAGE=ftp, TPCB_MAX_UPLOAD_MB=-1) is refused by `get_settings` with a
SettingsError naming the variable, in Bahasa Indonesia, before anything is read or written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import unquote, urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

from evidence.errors import InputError
from evidence.kinerja.scoring import Thresholds

S = TypeVar("S", bound=BaseSettings)


class SettingsError(InputError):
    """An environment variable (or .env line) holds a value the service cannot use."""


class LogSettings(BaseSettings):
    """What the log needs (tpcb.logconfig). Read alone when another variable is bad, so that the
    refusal of that variable is logged too."""

    model_config = SettingsConfigDict(env_prefix="TPCB_", env_file=".env", extra="ignore")

    home: Path = Path("./var")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = False  # one JSON object per line instead of text
    log_file: str = ""  # default TPCB_HOME/log/tpcb.log; "-" writes to stderr (containers, systemd)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @property
    def log_path(self) -> Path | None:
        """The log file, or None for stderr."""
        if self.log_file.strip() == "-":
            return None
        return Path(self.log_file) if self.log_file.strip() else self.home / "log" / "tpcb.log"

    @property
    def secrets(self) -> list[str]:
        """Values that must never reach a log line (a subclass adds its own)."""
        return []


class Settings(LogSettings):
    model_config = SettingsConfigDict(env_prefix="TPCB_", env_file=".env", extra="ignore",
                                      env_nested_delimiter="__")

    database_url: str | None = None  # default: SQLite file under home
    storage: Literal["local", "s3"] = "local"
    s3_endpoint: str = "127.0.0.1:9000"
    s3_bucket: str = "tpcb"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_secure: bool = False
    s3_region: str | None = None
    max_upload_mb: float = Field(default=25, gt=0)
    template_dir: Path | None = None  # an office's own templates override the shipped ones
    smtp_host: str | None = None  # reminders are e-mailed when set, otherwise kept in the outbox
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "tpcb@localhost"
    smtp_starttls: bool = True
    approval: bool = False  # hold letters signed by the Kepala Dinas until approved
    approval_timeout_hours: float = Field(default=72, gt=0)  # a paused run fails after this
    ts_min_share: float = Field(default=0.0, ge=0, le=1)  # provisional scoring rule
    # PKP category bounds of the office's own decree, e.g. TPCB_KINERJA_AMBANG__LAYANAN_BAIK=90
    # or TPCB_KINERJA_AMBANG='{"manajemen_baik": 8}'; defaults: diktum KEENAM of seed 002.
    kinerja_ambang: Thresholds = Field(default_factory=Thresholds)
    # Electronic signatures (TTE): trusted roots (PEM/DER files, comma-separated: the BSrE root,
    # the office's own CA); whether a scan without TTE counts as signed; the office's own
    # certificate (PKCS#12) for `tpcb surat tte`, with its password only in the environment.
    tte_akar: str = ""
    terima_pindaian: bool = True
    tte_p12: Path | None = None
    tte_password: str = Field(default="", repr=False)
    # The web service makes the PDF rendition of an uploaded Word/Excel/CSV file in the background
    # right after the upload (tpcb.services.rendisi_latar), so the first preview need not wait.
    rendisi_sesudah_unggah: bool = True
    # The web service writes the search index of what it files in the background
    # (tpcb.services.indeks_latar): an upload answers without waiting for the text extraction.
    indeks_latar: bool = True

    @property
    def tte_akar_paths(self) -> list[Path]:
        """TPCB_TTE_AKAR's files, then every certificate dropped in TPCB_HOME/tte/akar/."""
        paths = [Path(p.strip()) for p in self.tte_akar.split(",") if p.strip()]
        folder = self.home / "tte" / "akar"
        if folder.is_dir():
            paths += sorted(p for p in folder.iterdir()
                            if p.suffix.lower() in (".pem", ".cer", ".crt", ".der"))
        return paths

    @property
    def secrets(self) -> list[str]:
        """The S3 secret, the SMTP and PKCS#12 passwords and the database URL's password."""
        password = urlsplit(self.database_url).password if self.database_url else None
        values = (self.s3_secret_key, self.smtp_password, self.tte_password, password,
                  unquote(password or ""))
        return [v for v in values if v]

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'tpcb.db').resolve()}"

    @property
    def objects_dir(self) -> Path:
        return self.home / "objects"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


_PESAN = {
    "literal_error": "harus salah satu dari: {expected}",
    "greater_than": "harus lebih dari {gt}",
    "greater_than_equal": "paling kecil {ge}",
    "less_than_equal": "paling besar {le}",
    "float_parsing": "harus angka (titik sebagai pemisah desimal)",
    "int_parsing": "harus bilangan bulat",
    "bool_parsing": "harus true atau false",
    "json_invalid": "bukan JSON yang sah",
    "extra_forbidden": "kunci tidak dikenal",
}


def _variabel(loc: tuple) -> str:
    return "TPCB_" + "__".join(str(part).upper() for part in loc if part != "__root__")


def _alasan(error: ErrorDetails) -> str:
    template = _PESAN.get(error["type"])
    if template:
        ctx = {k: str(v).replace(" or ", " atau ") for k, v in (error.get("ctx") or {}).items()}
        return template.format(**ctx)
    text = str(error.get("msg", "nilai tidak sah"))
    return text.removeprefix("Value error, ")


def settings_problem(exc: ValidationError | SourceError) -> SettingsError:
    """Every bad variable of a ValidationError, as one message a clerk (or admin) can act on."""
    lines = []
    if isinstance(exc, SourceError):  # a complex value (JSON) that does not even parse
        field = re.search(r'field "(\w+)"', str(exc))
        lines.append(f"  - {_variabel((field.group(1),) if field else ())}: bukan JSON yang sah")
    for error in exc.errors() if isinstance(exc, ValidationError) else ():
        loc = tuple(part for part in error["loc"] if isinstance(part, str))
        value = error.get("input")
        shown = f"='{value}'" if isinstance(value, str | int | float) else ""
        lines.append(f"  - {_variabel(loc)}{shown}: {_alasan(error)}")
    return SettingsError("Pengaturan tidak sah (variabel lingkungan atau berkas .env); "
                         "tidak ada yang dijalankan:\n" + "\n".join(lines))


def read_settings(cls: type[S]) -> S:
    """Settings of `cls` from the environment; a bad value is a SettingsError naming it."""
    try:
        return cls()
    except (ValidationError, SourceError) as exc:
        raise settings_problem(exc) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return read_settings(Settings)
