"""Prefect flows of the yearly TPCB cycle: one module per stage, thin: they sequence the use
cases of `evidence.siklus` and publish what they produced and what is still missing."""
