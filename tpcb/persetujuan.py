"""Wake the Prefect run paused for a letter's approval (used by the CLI and the web API)."""

from __future__ import annotations

from uuid import UUID

from tpcb import prefect_env


def resume_paused_run(flow_run_id: str, setuju: bool, alasan: str) -> bool:
    """Resume the run with the typed answer; False when no run waits (the decision is stored
    in the register either way, and the flow re-reads it)."""
    prefect_env.configure()
    from prefect.flow_runs import resume_flow_run

    try:
        resume_flow_run(UUID(flow_run_id), run_input={"setuju": setuju, "alasan": alasan})
    except Exception:  # noqa: BLE001 - not paused, finished, or no API: the register is the truth
        return False
    return True
