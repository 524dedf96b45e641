"""Click's and Typer's own words in Bahasa Indonesia: "Usage", "Options", "Show this message and
exit.", "[required]", "[default: ...]", the type labels, and their error messages.

Typer 0.29 carries its own copy of Click (typer._click). A few of its strings still go through
gettext (`from gettext import gettext as _` in typer.core, typer._click.parser and
typer.rich_utils): `pasang()` binds there a catalogue built from KATALOG (a NullTranslations whose
gettext/ngettext map English to Indonesian); the rich-help constants, evaluated once at import, are
set here. The rest are plain English literals: the usage prefix, the help option's text and the
type labels are set by wrapping the methods that write them, and error messages are translated by
pattern (POLA) where the CLI prints them (tpcb.cli.main). Called once, at import of tpcb.cli.
"""

from __future__ import annotations

import gettext
import importlib
import re

# msgid -> Indonesian; placeholders ({name}, {0}) kept exactly.
KATALOG: dict[str, str] = {
    "Usage:": "Cara pakai:",
    "Options": "Opsi",
    "Arguments": "Argumen",
    "Commands": "Perintah",
    "Positional arguments": "Argumen posisi",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Aborted!": "Dibatalkan.",
    "Aborted.": "Dibatalkan.",
    "Error": "Galat",
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Lihat bantuan: '{command} {option}'.",
    "Try [blue]'{command_path} {help_option}'[/] for help.":
        "Lihat bantuan: [blue]'{command_path} {help_option}'[/].",
    "Missing command.": "Perintah belum diberikan.",
    "Missing argument": "Argumen wajib belum diisi",
    "Missing option": "Opsi wajib belum diisi",
    "Missing parameter": "Parameter wajib belum diisi",
    "Missing {param_type}": "{param_type} wajib belum diisi",
    "Missing parameter: {param_name}": "Parameter wajib belum diisi: {param_name}",
    "argument": "argumen",
    "option": "opsi",
    "parameter": "parameter",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "No such option {name!r}.": "Opsi tidak dikenal: {name!r}.",
    "No such command {name!r}.": "Perintah tidak dikenal: {name!r}.",
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Maksud Anda salah satu dari: {possibilities}?)",
    "unknown error": "galat tidak dikenal",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "Got unexpected extra argument ({args})": "Argumen berlebih: ({args})",
    "Got unexpected extra arguments ({args})": "Argumen berlebih: ({args})",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Option {name!r} requires an argument.": "Opsi {name!r} membutuhkan nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} membutuhkan {nargs} nilai.",
    "Argument {name!r} takes {nargs} values.": "Argumen {name!r} membutuhkan {nargs} nilai.",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "Choose from:\n\t{choices}": "Pilih dari:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} bukan nilai ya/tidak yang sah. Nilai yang dikenali: {states}",
    "{value!r} does not match the format {format}.": "{value!r} tidak sesuai format {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} tidak sesuai format {formats}.",
    "{value!r} is not a valid UUID.": "{value!r} bukan UUID yang sah.",
    "integer": "bilangan bulat",
    "float": "bilangan desimal",
    "file": "Berkas",
    "directory": "Folder",
    "path": "Jalur",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    "Do you want to continue?": "Lanjutkan?",
    "Confirm the action without prompting.": "Setujui tanpa bertanya.",
    "Repeat for confirmation": "Ulangi untuk konfirmasi",
    "Error: The two entered values do not match.": "Galat: kedua nilai yang dimasukkan tidak sama.",
    "Error: invalid input": "Galat: masukan tidak sah",
    "Press any key to continue...": "Tekan tombol apa saja untuk melanjutkan...",
    "required": "wajib",
    "[required]": "[wajib]",
    "default: {default}": "bawaan: {default}",
    "[default: {}]": "[bawaan: {}]",
    "env var: {var}": "variabel lingkungan: {var}",
    "[env var: {}]": "[variabel lingkungan: {}]",
    "(dynamic)": "(dinamis)",
    "deprecated": "usang",
    "(deprecated) ": "(usang) ",
}
# plural forms: (singular, plural) -> Indonesian (no plural inflection)
JAMAK: dict[tuple[str, str], str] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        "Argumen berlebih: ({args})",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        "Opsi {name!r} membutuhkan {nargs} nilai.",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        "{value!r} bukan salah satu dari {choices}.",
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        "(Maksud Anda salah satu dari: {possibilities}?)",
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        "Membutuhkan {nargs} nilai tetapi {len} diberikan.",
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        "{len_type} nilai dibutuhkan, tetapi {len_value} diberikan.",
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        "{value!r} tidak sesuai format {formats}.",
}
# placeholders of the usage line, and the type labels of Typer's rich help (<str>, <int>, ...)
USAGE = {"[OPTIONS]": "[OPSI]", "COMMAND [ARGS]...": "PERINTAH [ARG]..."}
JENIS = {"str": "teks", "int": "bilangan", "float": "desimal", "bool": "ya/tidak", "Path": "jalur",
         "path": "jalur", "file": "berkas", "directory": "folder", "date": "tanggal",
         "datetime": "waktu", "list": "daftar", "range": "rentang", "integer": "bilangan"}
KATA_JENIS = re.compile(r"\b(" + "|".join(JENIS) + r")\b")
RICH = {"DEPRECATED_STRING": "(deprecated) ", "DEFAULT_STRING": "[default: {}]",
        "ENVVAR_STRING": "[env var: {}]", "REQUIRED_LONG_STRING": "[required]",
        "ARGUMENTS_PANEL_TITLE": "Arguments", "OPTIONS_PANEL_TITLE": "Options",
        "COMMANDS_PANEL_TITLE": "Commands", "ERRORS_PANEL_TITLE": "Error", "ABORTED_TEXT": "Aborted.",
        "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help."}
MODUL = ("typer.core", "typer._click.parser", "typer.rich_utils")
BANTUAN = "Tampilkan bantuan ini lalu keluar."
CARA_PAKAI = "Cara pakai: "
# Typer's English error messages (literals, not gettext) -> Indonesian, tried in order.
POLA: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.S), r) for p, r in (
    (r"^No such command '?(.*?)'?\.$", r"Perintah tidak dikenal: \1."),
    (r"^No such option: (\S+)(?: \(Possible options: (.*)\))?$", r"Opsi tidak dikenal: \1."),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"Argumen berlebih: \1."),
    (r"^Got unexpected extra argument\(s\) \((.*)\)$", r"Argumen berlebih: \1."),
    (r"^Value (.*) is not a valid (?:int|integer)\.$", r"\1 bukan bilangan bulat yang sah."),
    (r"^Value (.*) is not a valid (?:float)\.$", r"\1 bukan bilangan desimal yang sah."),
    (r"^Value (.*) is not a valid (?:bool|boolean)\.$", r"\1 bukan nilai ya/tidak yang sah."),
    (r"^Value (.*) is not a valid (.+)\.$", r"\1 bukan \2 yang sah."),
    (r"^(.*) is not one of (.*)\.$", r"\1 bukan salah satu dari \2."),
    (r"^(?:File|Directory|Path) (.*) does not exist\.$", r"Berkas atau folder \1 tidak ada."),
    (r"^(?:File|Directory|Path) (.*) is a file\.$", r"\1 adalah berkas, bukan folder."),
    (r"^(?:File|Directory|Path) (.*) is a directory\.$", r"\1 adalah folder, bukan berkas."),
    (r"^(?:File|Directory|Path) (.*) is not readable\.$", r"\1 tidak dapat dibaca."),
    (r"^(?:File|Directory|Path) (.*) is not writable\.$", r"\1 tidak dapat ditulisi."),
    (r"^Option '?(.*?)'? does not take a value\.$", r"Opsi \1 tidak menerima nilai."),
    (r"^Option '?(.*?)'? requires (?:an argument|(\d+) arguments)\.$", r"Opsi \1 membutuhkan nilai."),
    (r"^Argument '?(.*?)'? takes (\d+) values\.$", r"Argumen \1 membutuhkan \2 nilai."),
    (r"^Missing (?:option|argument|parameter):? ?(.*?)\.?$", r"Opsi atau argumen wajib belum diisi: \1."),
    (r"^Missing command\.$", "Perintah belum diberikan."),
)]


SARAN = re.compile(r"^(.*?)\.*\s*Did you mean (.+)\?$", re.S)


def terjemahkan(message: str) -> str:
    """A Typer/Click message in Bahasa Indonesia (unchanged when no pattern knows it)."""
    found = SARAN.match(message)
    if found:  # "No such command 'bundel'.. Did you mean 'bundle'?"
        return f"{terjemahkan(found.group(1) + '.')} Maksud Anda {found.group(2)}?"
    for pattern, replacement in POLA:
        if pattern.match(message):
            return pattern.sub(replacement, message, count=1)
    return message


class Terjemahan(gettext.NullTranslations):
    """A catalogue from the dicts above; unknown text passes through unchanged."""

    def gettext(self, message: str) -> str:
        return KATALOG.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = JAMAK.get((msgid1, msgid2))
        if found is not None:
            return found
        return self.gettext(msgid1 if n == 1 else msgid2)


_terpasang = False


def pasang() -> None:
    """Install the catalogue into Click and Typer (idempotent)."""
    global _terpasang
    if _terpasang:
        return
    t = Terjemahan()
    for name in MODUL:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = t.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = t.ngettext  # type: ignore[attr-defined]
    from typer import core, rich_utils

    for const, english in RICH.items():
        setattr(rich_utils, const, t.gettext(english))
    rich_utils.OptionHighlighter.highlights = [
        *rich_utils.OptionHighlighter.highlights, rf"(?P<usage>{CARA_PAKAI})"]
    _pasang_typer(core)
    _terpasang = True


def _pasang_typer(core) -> None:
    """The usage line, the help option's text and the type labels of Typer's commands."""
    from typer._click import core as click_core
    from typer._click import formatting

    write_usage = formatting.HelpFormatter.write_usage

    def usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, CARA_PAKAI if prefix is None else prefix)
    formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]

    get_help_option = click_core.Command.get_help_option

    def help_option(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = BANTUAN
        return option
    click_core.Command.get_help_option = help_option  # type: ignore[method-assign]

    for cls in (core.TyperCommand, core.TyperGroup):
        original = cls.collect_usage_pieces

        def pieces(self, ctx, _original=original) -> list[str]:
            return [USAGE.get(p, p) for p in _original(self, ctx)]
        cls.collect_usage_pieces = pieces

    shown = core._TyperParameter.display_type

    def display_type(self, ctx):
        if getattr(self, "is_flag", False) and not getattr(self, "count", False):
            return None  # a switch takes no value
        return KATA_JENIS.sub(lambda m: JENIS[m.group(0)], shown(self, ctx))
    core._TyperParameter.display_type = display_type
