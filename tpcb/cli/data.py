"""`tpcb import dinkes|puskesmas|tim`: master data, all-or-nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from evidence import master_save
from evidence.errors import InputError
from evidence.master_parse import parse_dinkes, parse_puskesmas_csv, parse_tim_csv
from tpcb.cli.common import app_, console, read_file, read_text, shown

app = typer.Typer(help="Impor data induk: Dinas Kesehatan, Puskesmas, anggota TPCB.",
                  no_args_is_help=True)
FileArg = Annotated[Path, typer.Argument(metavar="BERKAS", help="berkas yang diimpor")]


def _expect_suffix(path: Path, suffixes: tuple[str, ...]) -> None:
    if path.suffix.lower() not in suffixes:
        raise InputError(f"Berkas '{shown(path.name)}' harus berakhiran {' atau '.join(suffixes)}.")


@app.command("dinkes")
def dinkes(file: FileArg) -> None:
    """Data Dinas Kesehatan (YAML): identitas, kop surat, Kepala Dinas, pola penomoran."""
    _expect_suffix(file, (".yaml", ".yml"))
    text = read_text(file)
    logo, logo_name = _logo_for(file, text)
    office = parse_dinkes(text, logo=logo, logo_name=logo_name)
    a = app_()
    with a.repo() as repo:
        saved = master_save.save_office(repo, office)
    console.print(f"Data {saved.nama} tersimpan (kode wilayah {saved.kode_wilayah}).")


def _logo_for(file: Path, text: str) -> tuple[bytes | None, str | None]:
    import yaml

    from evidence.yaml_aman import muat_yaml

    try:
        raw = muat_yaml(text)
    except (yaml.YAMLError, RecursionError):
        return None, None  # parse_dinkes explains the YAML error
    name = raw.get("logo") if isinstance(raw, dict) else None
    if not name:
        return None, None
    missing = InputError(f"Berkas logo '{shown(name)}' tidak ditemukan di samping "
                         f"{shown(file.name)}.")
    try:
        path = (file.parent / str(name)).resolve()
        if not path.is_file():
            raise missing
    except (OSError, ValueError, RuntimeError):  # a NUL, a name too long, a symlink loop
        raise missing from None
    return read_file(path), path.name


@app.command("puskesmas")
def puskesmas(file: FileArg) -> None:
    """Daftar Puskesmas (CSV): kode, nama, kecamatan, kepala, KTU, PJ Mutu, email."""
    _expect_suffix(file, (".csv",))
    rows = parse_puskesmas_csv(read_text(file))
    a = app_()
    with a.repo() as repo:
        added, updated = master_save.save_puskesmas(repo, rows)
    console.print(f"Puskesmas tersimpan: {added} baru, {updated} diperbarui.")


@app.command("tim")
def tim(file: FileArg) -> None:
    """Anggota TPCB (CSV): nama, NIP, pangkat, jabatan, bidang, peran, Puskesmas binaan."""
    _expect_suffix(file, (".csv",))
    text = read_text(file)
    a = app_()
    with a.repo() as repo:
        known = {p.kode for p in repo.all_puskesmas()}
        rows = parse_tim_csv(text, known_puskesmas=known)
        count = master_save.replace_tim(repo, rows)
    console.print(f"Anggota TPCB tersimpan: {count} orang.")
