"""`tpcb cycle run` and `tpcb demo`: the yearly cycle through Prefect, in-process."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.table import Table

from evidence.errors import InputError
from tpcb import prefect_env
from tpcb.cli.common import app_, console, parse_year, today
from tpcb.cli.registry import _print_table, _safe_url

cycle_app = typer.Typer(help="Siklus tahunan TPCB lewat Prefect.", no_args_is_help=True)
TAHAP = ("penetapan", "penugasan", "pendampingan", "verifikasi_kinerja", "pelaksanaan",
         "pelaporan", "tindak_lanjut", "audit_kelengkapan", "pengingat")


def _flows():
    prefect_env.configure()
    from flows.pengingat import pengingat
    from flows.siklus_tahunan import TAHAP as FLOWS
    from flows.siklus_tahunan import siklus_tahunan

    return siklus_tahunan, {**FLOWS, "pengingat": pengingat}


@cycle_app.command("run")
def run(
    tahun: Annotated[str, typer.Option("--tahun", help="tahun siklus, mis. 2026")],
    tahap: Annotated[str | None, typer.Option("--tahap", help=" | ".join(TAHAP))] = None,
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
) -> None:
    """Jalankan seluruh siklus (atau satu tahap) untuk satu tahun; aman diulang."""
    year = parse_year(tahun)
    if tahap is not None and tahap not in TAHAP:
        raise InputError(f"Tahap '{tahap}' tidak dikenal; pilih: {', '.join(TAHAP)}.")
    a = app_()
    kode = puskesmas.upper() if puskesmas else None
    with a.repo() as repo:
        if repo.office() is None:
            raise InputError("Data Dinas Kesehatan belum ada. Jalankan dulu: tpcb import dinkes FILE.yaml")
        if kode and repo.puskesmas(kode) is None:
            raise InputError(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    siklus, flows = _flows()
    started = time.perf_counter()
    with prefect_env.in_process(), console.status(
            f"Menjalankan {'siklus tahunan' if tahap is None else tahap} {year} ..."):
        if tahap is None:
            result = siklus(year, puskesmas=kode)
        elif tahap == "pengingat":
            result = {tahap: [flows[tahap]()]}
        elif tahap in ("penetapan", "audit_kelengkapan"):  # office-wide: no Puskesmas filter
            result = {tahap: flows[tahap](year)}
        else:
            result = {tahap: flows[tahap](year, puskesmas=kode)}
    for name, rows in result.items():
        _summary(name, rows)
    console.print(f"Selesai dalam {time.perf_counter() - started:.1f} detik.")


def _summary(name: str, rows: list[dict]) -> None:
    if not rows:
        console.print(f"[bold]{name}[/bold]: tidak ada yang perlu dikerjakan.")
        return
    table = Table(title=name, title_justify="left")
    for col in rows[0]:
        table.add_column(col)
    for r in rows:
        table.add_row(*(str(r.get(c, "")) for c in rows[0]))
    console.print(table)


def demo(tahun: Annotated[str | None, typer.Option("--tahun", help="tahun siklus")] = None) -> None:
    """Contoh lengkap: kabupaten fiktif, 5 Puskesmas, satu tahun siklus lewat Prefect."""
    from evidence.completeness import evaluate
    from tpcb import demo as d
    from tpcb import demo_people

    year = parse_year(tahun)
    a = app_()
    prefect_env.configure(a.settings)
    started = time.perf_counter()
    console.rule(f"[bold]Demo tpcb: Kabupaten Sukamaju (fiktif), siklus TPCB tahun {year}")
    kodes = d.load_samples(a)
    console.print(f"1. Data induk dimuat: Dinas Kesehatan, {len(kodes)} Puskesmas, anggota TPCB.")
    sk_dir = d.seed_inputs(a, year, kodes)
    console.print("2. Masukan dicatat: SA/PKP, hasil pembinaan, notulen dan foto, RUK/RPK, eskalasi.")
    with prefect_env.in_process():
        spent = d.run_cycle(a, year, sk_dir, console)
    console.print(f"3. Siklus tahunan selesai ({spent:.1f} detik).")
    signed = demo_people.sign_and_receive(a, year, kodes)
    moved = demo_people.follow_up(a, year, kodes[0], today())
    console.print(f"4. Simulasi: {signed} surat ditandatangani dan diterima; {moved} langkah tindak "
                  f"lanjut oleh {kodes[0]}.")
    _, flows = _flows()
    with prefect_env.in_process():
        flows["audit_kelengkapan"](year)
    with a.repo() as repo:
        results = evaluate(repo, a.catalogue, year, rule=a.scoring, today=today())
    _print_table(results, year)
    from tpcb.web.users import demo_users

    users = demo_users(a)
    console.print("Pengguna demo (hanya untuk demo) — jalankan `tpcb serve`, buka http://127.0.0.1:8000:")
    for username, peran, password in users:
        console.print(f"  {peran:<13} {username:<16} sandi: {password}")
    console.print(f"Basis data  : {_safe_url(a.settings.db_url)}")
    console.print(f"Berkas bukti: {a.settings.objects_dir.resolve()}")
    console.print(f"Prefect     : {(a.settings.home / 'prefect').resolve()}")
    console.print(f"Waktu demo  : {time.perf_counter() - started:.1f} detik. Ulangi `tpcb cycle run "
                  f"--tahun {year}`: tidak ada yang diarsipkan dua kali.")
