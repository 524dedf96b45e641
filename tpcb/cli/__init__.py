"""The `tpcb` command line (Typer). Every user-facing message is Bahasa Indonesia."""

from __future__ import annotations

import sys

import typer

try:  # Typer >= 0.22 vendors Click; its exceptions live there
    from typer._click import exceptions as cx
except ImportError:  # pragma: no cover - older Typer on real Click
    from click import exceptions as cx

from tpcb.cli import (
    artefact,
    buat,
    data,
    kinerja,
    penilaian,
    registry,
    sa,
    siklus,
    surat,
    tindak_lanjut,
    tte,
    web,
)
from tpcb.cli.common import console_err, fail

app = typer.Typer(
    name="tpcb",
    help="Otomasi bukti akreditasi Puskesmas Kriteria 1.7.1 (pembinaan terpadu TPCB).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
registry.register(app)
app.add_typer(data.app, name="import")
app.add_typer(artefact.app, name="artefact")
app.add_typer(registry.storage_app, name="storage")
surat.app.command("buat")(buat.buat)
app.add_typer(surat.app, name="surat")
app.add_typer(buat.templates_app, name="templates")
app.add_typer(siklus.cycle_app, name="cycle")
app.command("demo")(siklus.demo)
app.add_typer(kinerja.app, name="kinerja")
app.add_typer(sa.app, name="sa")
app.add_typer(penilaian.app, name="penilaian")
app.add_typer(tte.app, name="tte")
app.add_typer(tindak_lanjut.app, name="tindak-lanjut")
app.command("serve")(web.serve)
app.add_typer(web.user_app, name="user")
app.command("bundle")(web.bundle)


def _translate_usage(exc: cx.UsageError) -> str:
    if isinstance(exc, cx.MissingParameter):
        names = "/".join(getattr(exc.param, "opts", []) or [str(exc.param_hint or "")])
        return f"Opsi atau argumen wajib belum diisi: {names}."
    if isinstance(exc, cx.BadOptionUsage):
        return f"Opsi {exc.option_name} membutuhkan nilai."
    if isinstance(exc, cx.NoSuchOption):
        return f"Opsi tidak dikenal: {exc.option_name}."
    if isinstance(exc, cx.BadParameter):
        hint = exc.param_hint or (exc.param.name if exc.param else "")
        return f"Nilai tidak sah untuk {hint}: {exc.message}"
    return f"Perintah tidak lengkap atau salah: {exc.message}"


def main(argv: list[str] | None = None) -> None:
    """Console entry point: usage errors are translated, domain errors never show a traceback."""
    try:
        code = app(args=argv, prog_name="tpcb", standalone_mode=False)
    except cx.NoArgsIsHelpError as exc:
        console_err.print(exc.ctx.get_help() if exc.ctx else "Lihat: tpcb --help")
        sys.exit(2)
    except cx.UsageError as exc:
        console_err.print(f"[red]Galat:[/red] {_translate_usage(exc)}")
        if exc.ctx is not None:
            console_err.print(f"Lihat bantuan: {exc.ctx.command_path} --help")
        sys.exit(2)
    except cx.ClickException as exc:
        console_err.print(f"[red]Galat:[/red] {exc.format_message()}")
        sys.exit(1)
    except typer.Abort:
        console_err.print("Dibatalkan.")
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: a message, not a traceback
        fail(exc)
    if isinstance(code, int) and code:
        sys.exit(code)
