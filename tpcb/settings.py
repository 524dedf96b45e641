"""The one settings class (prefix TPCB_), read lazily: nothing is built at import time."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TPCB_", env_file=".env", extra="ignore")

    home: Path = Path("./var")
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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
