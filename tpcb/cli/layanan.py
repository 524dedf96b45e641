"""`tpcb serve`, `tpcb user add|list` and `tpcb bundle`: the web service from the command line."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from evidence.akses import ROLES, as_utc
from evidence.errors import InputError
from tpcb.cli.common import (
    app_,
    check_format,
    check_out,
    console,
    console_err,
    kode_puskesmas,
    parse_int,
    parse_year,
    print_json,
    required_text,
    shown,
    styled,
    tinted,
    today,
    visible,
    write_file,
)
from tpcb.cli.tabel import LebarOpt, cetak

MAX_PASSWORD = 1024
user_app = typer.Typer(help="Pengguna layanan web: tambah dan daftar.", no_args_is_help=True)


MAX_WORKERS = 32


def serve(
    host: Annotated[str, typer.Option("--host", help="alamat yang didengarkan")] = "127.0.0.1",
    port_text: Annotated[str, typer.Option("--port", metavar="<bilangan>",
                                           help="nomor port (1-65535)")] = "8000",
    workers_text: Annotated[str, typer.Option(
        "--workers", metavar="<bilangan>",
        help=f"jumlah proses layanan (1-{MAX_WORKERS}); mis. satu per inti prosesor")] = "1",
) -> None:
    """Jalankan layanan web (API di /api, dokumentasi di /docs, halaman untuk peramban)."""
    import uvicorn

    from tpcb.settings_web import load_secret, load_web_settings

    host = required_text(host, "--host")
    port = parse_int(port_text, "--port", 1, 65535)
    workers = parse_int(workers_text, "--workers", 1, MAX_WORKERS)
    settings = app_().settings  # a bad setting is reported before the service is announced
    web = load_web_settings()
    load_secret(web.secret_key, settings.home)  # made once here, so every worker signs alike
    proses = f"; {workers} proses" if workers > 1 else ""
    console.print(f"Layanan web tpcb di http://{host}:{port}/  (API: /docs{proses}; hentikan dengan "
                  "Ctrl+C)")
    # By name: the CLI never imports the web package; uvicorn builds the app in each worker
    # process (several workers share the port; each has its own engine and connection pool).
    uvicorn.run("tpcb.web:create_app", factory=True, host=host, port=port, log_level="info",
                proxy_headers=True, workers=workers)


def _password(stdin: bool) -> str:
    try:
        if stdin:
            value = sys.stdin.readline(MAX_PASSWORD + 1).rstrip("\r\n")
            if not value:
                raise InputError("Kata sandi dari --password-stdin kosong.")
        else:
            value = getpass.getpass("Kata sandi: ")
            if getpass.getpass("Ulangi kata sandi: ") != value:
                raise InputError("Kedua kata sandi tidak sama; tidak ada yang disimpan.")
    except UnicodeDecodeError:
        raise InputError("Kata sandi bukan teks UTF-8 yang sah; tidak ada yang disimpan.") from None
    if len(value) > MAX_PASSWORD:
        raise InputError(f"Kata sandi terlalu panjang (paling banyak {MAX_PASSWORD} karakter); "
                         "tidak ada yang disimpan.")
    if visible(value, keep="") != value:
        raise InputError("Kata sandi memuat karakter kendali (mis. NUL atau tab); tidak ada yang "
                         "disimpan.")
    return value


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(metavar="NAMA_PENGGUNA", help="nama pengguna, mis. nining.skj")],
    peran: Annotated[str, typer.Option("--peran", help=" | ".join(ROLES))],
    puskesmas: Annotated[list[str] | None, typer.Option("--puskesmas", help="kode Puskesmas (boleh "
                                                        "berulang) untuk pj_mutu dan surveyor")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="baca kata sandi dari "
                                                 "masukan standar")] = False,
) -> None:
    """Tambah pengguna; kata sandi diminta (tersembunyi, diulang) atau dibaca dari stdin."""
    from tpcb.services.users import add_user

    username = required_text(username, "NAMA_PENGGUNA")
    kodes = [kode_puskesmas(k) for k in puskesmas or []]
    password = _password(password_stdin)
    with app_().repo() as repo:
        user = add_user(repo, username, peran, kodes, password, oleh=f"cli:{_login()}")
    scope = ", ".join(user.puskesmas) or "seluruh kantor"
    console.print(styled(f"Pengguna [bold]{escape(user.username)}[/bold] ditambahkan: peran "
                         f"{escape(user.peran)}, cakupan {escape(scope)}."))


UsernameArg = Annotated[str, typer.Argument(metavar="NAMA_PENGGUNA", help="nama pengguna")]


@user_app.command("sandi")
def user_sandi(
    username: UsernameArg,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="baca kata sandi dari "
                                                 "masukan standar")] = False,
) -> None:
    """Ganti kata sandi (lupa, atau bocor): kunci dibuka dan semua sesi pengguna itu berakhir."""
    from tpcb.services.users import known_user, set_password

    with app_().repo() as repo:
        known_user(repo, username)  # ask for no password when there is nobody to set it for
        user = set_password(repo, username, _password(password_stdin), oleh=f"cli:{_login()}")
    console.print(styled(f"Kata sandi [bold]{escape(user.username)}[/bold] diganti; semua sesinya "
                         "berakhir."))


@user_app.command("nonaktif")
def user_nonaktif(username: UsernameArg) -> None:
    """Nonaktifkan pengguna (pindah tugas, keluar): sesinya berakhir dan ia tidak dapat masuk."""
    from tpcb.services.users import set_active

    with app_().repo() as repo:
        user = set_active(repo, username, False, oleh=f"cli:{_login()}")
    console.print(styled(f"Pengguna [bold]{escape(user.username)}[/bold] dinonaktifkan; semua "
                         "sesinya berakhir."))


@user_app.command("aktif")
def user_aktif(username: UsernameArg) -> None:
    """Aktifkan kembali pengguna dan buka kuncinya setelah terlalu sering gagal masuk."""
    from tpcb.services.users import set_active

    with app_().repo() as repo:
        user = set_active(repo, username, True, oleh=f"cli:{_login()}")
    console.print(styled(f"Pengguna [bold]{escape(user.username)}[/bold] aktif dan tidak terkunci."))


def _login() -> str:
    try:
        return getpass.getuser() or "admin"
    except Exception:  # no login name in a container
        return "admin"


def _iso(when) -> str | None:
    return when.isoformat(timespec="minutes") if when else None


@user_app.command("list")
def user_list(
    fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table",
    lebar: LebarOpt = False,
) -> None:
    """Daftar pengguna, peran, cakupan dan status penguncian."""
    check_format(fmt)
    with app_().repo() as repo:
        users = repo.pengguna_list()
    if fmt == "json":
        print_json([{"nama_pengguna": u.username, "peran": u.peran, "puskesmas": list(u.puskesmas),
                     "aktif": u.aktif, "gagal_masuk": u.gagal,
                     "terkunci_sampai": _iso(as_utc(u.terkunci_sampai))} for u in users])
        return
    table = Table(title=f"Pengguna ({len(users)})")
    for col in ("Nama pengguna", "Peran", "Puskesmas", "Status", "Gagal masuk", "Terkunci sampai"):
        table.add_column(col, overflow="fold")
    for u in users:
        until = as_utc(u.terkunci_sampai)
        table.add_row(u.username, u.peran, ", ".join(u.puskesmas) or "-",
                      "aktif" if u.aktif else tinted("nonaktif", "red"), str(u.gagal),
                      until.isoformat(timespec="minutes") if until else "-")
    cetak(table, lebar)


@contextmanager
def kemajuan_bundel() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr for the bundle builder: its stage, and documents done of total
    (invisible when stderr is not a terminal, so scripts and logs get only the result)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("Bundel: {task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console_err, transient=True) as bar:
        task = bar.add_task("menyiapkan", total=None)

        def kemajuan(tahap: str, selesai: int, total: int) -> None:
            bar.update(task, description=tahap, completed=selesai, total=total or None)

        yield kemajuan


def bundle(
    puskesmas: Annotated[str, typer.Option("--puskesmas", help="kode Puskesmas")],
    out: Annotated[Path, typer.Option("--out", help="berkas tujuan: .pdf atau .zip")],
    ep: Annotated[str | None, typer.Option("--ep", help="satu EP saja (a-h)")] = None,
    tahun: Annotated[str | None, typer.Option("--tahun", help="tahun penilaian")] = None,
) -> None:
    """Bundel bukti satu Puskesmas: PDF (sampul, daftar isi, penanda per EP dan butir) atau ZIP."""
    from evidence.catalogue import EP_CODES
    from tpcb.services import bundle as bundles

    check_out(out, suffixes=(".pdf", ".zip"))
    fmt = out.suffix.lower().lstrip(".")
    ep = ep.strip().lower() if ep is not None else None
    if ep is not None and ep not in EP_CODES:
        raise InputError(f"--ep '{shown(ep)}' tidak dikenal; pilih a sampai h.")
    year = parse_year(tahun)
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        if repo.puskesmas(kode) is None:
            raise InputError(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
    with kemajuan_bundel() as kemajuan:
        made = bundles.build(a, kode, ep=ep, tahun=year, fmt=fmt, today=today(), kemajuan=kemajuan)
    write_file(out, made.data)
    console.print(styled(f"Bundel tersimpan: [bold]{escape(str(out))}[/bold] ({len(made.data)} bita)."))
    if made.dikonversi:
        console.print(f"{made.dikonversi} berkas belum punya rendisi PDF dan dikonversi sekarang; "
                      "jalankan `tpcb storage rendisi` sekali agar bundel berikutnya cepat.")
