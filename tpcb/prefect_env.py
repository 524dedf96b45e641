"""Prefect's environment for tpcb: its home under TPCB_HOME and its server quiet.

Must run before `prefect` is imported: Prefect reads these settings at import time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from tpcb.settings import Settings, get_settings

QUIET = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    # Failures reach the user as one clear message from the CLI; Prefect keeps the details in
    # its own run logs instead of printing tracebacks on the console.
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",
    "PREFECT_LOGGING_INTERNAL_LEVEL": "ERROR",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_UI_ENABLED": "false",
}


def configure(settings: Settings | None = None) -> None:
    s = settings or get_settings()
    home = (s.home / "prefect").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    for key, value in QUIET.items():
        os.environ.setdefault(key, value)


@contextmanager
def in_process() -> Iterator[None]:
    """Settings for flows run inside this process (CLI, demo, benchmarks).

    Flow-run heartbeats let a server notice a crashed worker; in-process there is no worker to
    watch, and the heartbeat thread costs up to a second at the end of every (sub)flow run.
    """
    from prefect.context import SettingsContext, get_settings_context
    from prefect.settings import get_current_settings

    current = get_current_settings()
    settings = current.model_copy(
        update={"flows": current.flows.model_copy(update={"heartbeat_frequency": None})})
    with SettingsContext(profile=get_settings_context().profile, settings=settings):
        yield
