"""Settings of the web service (prefix TPCB_, like the rest), and its signing secret."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from evidence.akses import LockoutRule
from tpcb.settings import read_settings


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TPCB_", env_file=".env", extra="ignore")

    secret_key: str | None = None  # default: generated once and kept in TPCB_HOME/secret.key
    cookie_secure: bool | None = None  # None: Secure when the request came over HTTPS
    lockout_attempts: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    login_per_alamat: int = Field(default=20, ge=1)  # unsuccessful sign-ins per address per minute
    login_per_akun: int = Field(default=5, ge=1)  # unsuccessful sign-ins per account per minute
    token_minutes: int = Field(default=8 * 60, ge=1)  # bearer tokens and page sessions
    link_minutes: int = Field(default=15, ge=1)  # time-limited download links of bundles

    @property
    def lockout(self) -> LockoutRule:
        return LockoutRule(self.lockout_attempts, self.lockout_minutes)


def load_web_settings() -> WebSettings:
    """WebSettings from the environment; a bad value is a SettingsError naming the variable."""
    return read_settings(WebSettings)


def load_secret(configured: str | None, home: Path) -> bytes:
    """The configured secret, or one generated on first use and persisted (mode 0600)."""
    if configured:
        return configured.encode()
    path = home / "secret.key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        # A private temporary name, then a link that fails when another process (a second worker)
        # made the key first: every process ends up reading the one key that was kept.
        tmp = path.with_name(f".secret.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        tmp.write_text(secrets.token_urlsafe(48))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip().encode()
