"""One language: Click's and Typer's own words (Usage, Options, [required], Missing option, No such
command, ...) are Bahasa Indonesia in every help screen and usage error, and the exit codes stay
what they were (0 for help, 2 for a usage error)."""

from __future__ import annotations

import pytest
import typer

from tpcb.cli import app

# English of Click/Typer that must never reach the user
ENGLISH = ("Usage", "Options", "Commands", "Arguments", "Show this message", "Missing", "Invalid value",
           "No such", "Error", "[required]", "[default", "Try ", "Did you mean", "[OPTIONS]",
           "COMMAND", "[ARGS]", "env var", "Aborted", "<str>", "<int>", "<bool>", "<path>", "<Path>",
           "does not", "requires", "unexpected", "Possible options", "is not a valid")


def _commands() -> list[tuple[str, ...]]:
    """Every group and command path of `tpcb`, from the built Click tree."""
    paths: list[tuple[str, ...]] = []

    def walk(cmd, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, (*path, name))
    walk(typer.main.get_command(app), ())
    return paths


def _no_english(text: str) -> None:
    left = [w for w in ENGLISH if w in text]
    assert not left, f"masih berbahasa Inggris: {left}\n{text}"


def test_every_help_screen_is_indonesian(cli):
    paths = _commands()
    assert ("artefact", "list") in paths and ("surat", "nomor") in paths and len(paths) > 40
    for path in paths:
        r = cli(*path, "--help")
        assert r.code == 0, (path, r.err)
        _no_english(r.out + r.err)
        assert "Cara pakai:" in r.out and "Tampilkan bantuan ini lalu keluar." in r.out
        assert "Opsi" in r.out


def test_help_words_for_required_defaults_and_types(cli):
    out = cli.ok("bundle", "--help").out
    assert "[wajib]" in out and "<teks>" in out and "<jalur>" in out
    assert "[bawaan: 127.0.0.1]" in cli.ok("serve", "--help").out
    groups = cli.ok("--help").out
    assert "[OPSI] PERINTAH [ARG]..." in groups and "Perintah" in groups


@pytest.mark.parametrize(("args", "code", "indonesian"), [
    (("bundle",), 2, "Opsi atau argumen wajib belum diisi: --puskesmas."),
    (("artefact", "get"), 2, "Opsi atau argumen wajib belum diisi: KUNCI."),
    (("artefact", "get", "a", "b", "--out", "x"), 2, "Argumen berlebih: b."),
    (("bundel",), 2, "Perintah tidak dikenal: 'bundel'. Maksud Anda 'bundle'?"),
    (("lompat",), 2, "Perintah tidak dikenal: 'lompat'."),
    (("bundle", "--foo"), 2, "Opsi tidak dikenal: --foo."),
    (("bundle", "--puskesmas"), 2, "Opsi --puskesmas membutuhkan nilai."),
    (("artefact", "add", "--dinkes=ya"), 2, "Opsi --dinkes tidak menerima nilai"),
    (("serve", "--port", "abc"), 1, "--port 'abc' bukan bilangan bulat"),
    (("surat",), 2, "Cara pakai: tpcb surat [OPSI] PERINTAH [ARG]..."),
])
def test_usage_errors_are_indonesian_with_their_exit_code(cli, args, code, indonesian):
    r = cli(*args)
    assert r.code == code, (r.out, r.err)
    assert indonesian in r.out + r.err
    _no_english(r.out + r.err)
