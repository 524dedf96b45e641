"""tpcb: entry points (settings, wiring, CLI, HTTP) of the TPCB evidence service."""
