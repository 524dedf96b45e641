"""The `tpcb` command line (Typer). Every user-facing message is Bahasa Indonesia."""

from __future__ import annotations

import logging
import sys
import unicodedata

import typer

from tpcb import logconfig
from tpcb.cli import (
    agenda,
    artefact,
    buat,
    cari,
    data,
    kinerja,
    layanan,
    penilaian,
    registry,
    sa,
    siklus,
    surat,
    tindak_lanjut,
    tte,
)
from tpcb.cli.bahasa import pasang, terjemahkan
from tpcb.cli.common import ArgumentError, console_err, error_line, fail, shown

pasang()  # Click's and Typer's own words (Usage, Options, [required], ...) in Bahasa Indonesia
log = logging.getLogger(__name__)
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
surat.app.command("agenda")(agenda.agenda)
app.add_typer(surat.app, name="surat")
app.add_typer(buat.templates_app, name="templates")
app.add_typer(siklus.cycle_app, name="cycle")
app.command("demo")(siklus.demo)
app.add_typer(kinerja.app, name="kinerja")
app.add_typer(sa.app, name="sa")
app.add_typer(penilaian.app, name="penilaian")
app.add_typer(tte.app, name="tte")
app.add_typer(tindak_lanjut.app, name="tindak-lanjut")
app.command("serve")(layanan.serve)
app.add_typer(layanan.user_app, name="user")
app.command("bundle")(layanan.bundle)
app.command("cari")(cari.cari)


MAX_ARG = 10_000  # characters in one argument; far beyond any code, name, note or path


def _where(args: list[str], i: int) -> str:
    """The i-th argument as a user would find it: its option, or its position."""
    arg = args[i]
    if arg.startswith("--") and "=" in arg:
        return f"Opsi {shown(arg.split('=', 1)[0], 40)}"
    if i > 0 and args[i - 1].startswith("-") and "=" not in args[i - 1]:
        return f"Argumen ke-{i + 1} (nilai sesudah {shown(args[i - 1], 40)})"
    return f"Argumen ke-{i + 1}"


def check_args(args: list[str]) -> None:
    """One boundary for every command: an argument with a control character (NUL, escape, new
    line, DEL), bytes that are not UTF-8, or absurd length is refused before Typer parses it."""
    for i, arg in enumerate(args):
        if len(arg) > MAX_ARG:
            raise ArgumentError(f"{_where(args, i)} terlalu panjang ({len(arg)} "
                                f"karakter; paling banyak {MAX_ARG}).")
        if arg.isprintable():
            continue
        bad = next((c for c in arg if unicodedata.category(c) in ("Cc", "Cs")), None)
        if bad is None:
            continue
        what = ("bukan teks UTF-8 yang sah" if unicodedata.category(bad) == "Cs" else
                f"memuat karakter kendali {shown(bad)} yang tidak sah")
        raise ArgumentError(f"{_where(args, i)} {what}: '{shown(arg)}'. Ketik ulang "
                            "nilainya tanpa karakter itu.")


USAGE = 2  # the exit code of Click's usage errors (wrong option, missing argument, no command)


def _translate_usage(exc: typer.TyperException) -> str:
    """A usage error in Bahasa Indonesia. Typer vendors Click and makes public only the base
    class (TyperException) and BadParameter, so the kind is read from the attributes Click
    documents for each: `param_type` (MissingParameter), `option_name` (BadOptionUsage, and
    NoSuchOption with its `possibilities`)."""
    message = exc.format_message()
    if hasattr(exc, "param_type"):
        param, hint = getattr(exc, "param", None), getattr(exc, "param_hint", None)
        names = "/".join(getattr(param, "opts", []) or [str(hint or "")])
        if param is not None and getattr(param, "param_type_name", "") == "argument":
            names = str(param.metavar or names.upper()).removesuffix("...")  # as the help shows it
        return f"Opsi atau argumen wajib belum diisi: {names}."
    option = getattr(exc, "option_name", None)
    if option is not None:
        if hasattr(exc, "possibilities"):
            return f"Opsi tidak dikenal: {option}."
        if "does not take a value" in message:
            return f"Opsi {option} tidak menerima nilai (cukup tulis {option})."
        return f"Opsi {option} membutuhkan nilai."
    if isinstance(exc, typer.BadParameter):
        hint = exc.param_hint or (exc.param.name if exc.param else "")
        reason = "harus bilangan bulat" if "integer" in exc.message else terjemahkan(exc.message)
        return f"Nilai tidak sah untuk {hint}: {reason}"
    translated = terjemahkan(message)
    return translated if translated != message else f"Perintah tidak lengkap atau salah: {message}"


def main(argv: list[str] | None = None) -> None:
    """Console entry point: arguments are checked once, usage errors are translated, and no
    error ever shows a traceback."""
    args = [str(a) for a in (sys.argv[1:] if argv is None else argv)]
    logconfig.configure()
    try:
        check_args(args)
        code = app(args=args, prog_name="tpcb", standalone_mode=False)
    except typer.TyperException as exc:  # Click's errors, as Typer exposes them
        if exc.exit_code != USAGE:
            log.warning("Perintah ditolak: %s", exc.format_message())
            console_err.print(error_line(exc.format_message()), highlight=False, soft_wrap=True)
            sys.exit(1)
        if not exc.format_message():  # a group called without a command: Typer printed its help
            sys.exit(USAGE)
        text = _translate_usage(exc)
        log.warning("Perintah ditolak (penggunaan): %s", text)
        console_err.print(error_line(text), highlight=False, soft_wrap=True)
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            console_err.print(f"Lihat bantuan: {ctx.command_path} --help", highlight=False)
        sys.exit(USAGE)
    except typer.Abort:
        console_err.print("Dibatalkan.")
        sys.exit(1)
    except KeyboardInterrupt:
        console_err.print("Dibatalkan (Ctrl+C).")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: a message, not a traceback
        fail(exc)
    if isinstance(code, int) and code:
        sys.exit(code)
