"""The application layer: commands and queries that the CLI (tpcb/cli) and the web (tpcb/web) both
call, and the one place where records become plain data (presenters.py).

Both adapters import from here; neither imports the other, and nothing here imports either of
them (tests/unit/test_layers.py). A command checks who may do what (evidence.akses), runs the use
case and writes the audit entry; it returns records or plain dicts, never a response or a table.
"""
