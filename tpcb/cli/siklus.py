"""`tpcb cycle run` and `tpcb demo`: the yearly cycle through Prefect, in-process."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from evidence.errors import InputError
from tpcb import prefect_env
from tpcb.cli.common import (
    app_,
    console,
    kode_puskesmas,
    parse_year,
    read_file,
    read_text,
    shown,
    styled,
    today,
)
from tpcb.cli.registry import _safe_url, print_table

cycle_app = typer.Typer(help="Siklus tahunan TPCB lewat Prefect.", no_args_is_help=True)
TAHAP = ("penetapan", "penugasan", "pendampingan", "verifikasi_kinerja", "pelaksanaan",
         "pelaporan", "tindak_lanjut", "audit_kelengkapan", "rendisi", "pengingat")


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
        raise InputError(f"Tahap '{shown(tahap)}' tidak dikenal; pilih: {', '.join(TAHAP)}.")
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        if repo.office() is None:
            raise InputError("Data Dinas Kesehatan belum ada. Jalankan dulu: tpcb import dinkes FILE.yaml")
        if kode and repo.puskesmas(kode) is None:
            raise InputError(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
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
        elif tahap == "rendisi":  # every year's artefacts: a bundle shows earlier ones too
            result = {tahap: [flows[tahap](puskesmas=kode)]}
        else:
            result = {tahap: flows[tahap](year, puskesmas=kode)}
    for name, rows in result.items():
        _summary(name, rows)
    console.print(f"Selesai dalam {time.perf_counter() - started:.1f} detik.")


@cycle_app.command("hasil")
def hasil(
    file: Annotated[Path, typer.Argument(metavar="BERKAS", help="berkas YAML temuan kunjungan pembinaan")],
    puskesmas: Annotated[str, typer.Option("--puskesmas", help="kode Puskesmas")],
    tahun: Annotated[str, typer.Option("--tahun", help="tahun siklus, mis. 2026")],
) -> None:
    """Catat (atau koreksi) temuan kunjungan pembinaan: bahan laporan dan umpan balik (EP c, d)."""
    from evidence.siklus.pelaksanaan import catat_hasil

    year, kode = parse_year(tahun), kode_puskesmas(puskesmas)
    text = _yaml_text(file)
    with app_().ctx() as c:
        _known(c.repo, kode)
        row = catat_hasil(c, year, kode, text)
    console.print(f"Hasil pembinaan {kode} tahun {year} tercatat: {len(row.data['temuan'])} temuan. "
                  f"Lanjutkan: tpcb cycle run --tahun {year} --tahap pelaksanaan")


@cycle_app.command("notulen")
def notulen(
    file: Annotated[Path, typer.Argument(metavar="BERKAS",
                                         help="berkas YAML notulen dan peserta pendampingan")],
    puskesmas: Annotated[str, typer.Option("--puskesmas", help="kode Puskesmas")],
    tahun: Annotated[str, typer.Option("--tahun", help="tahun siklus, mis. 2026")],
    foto: Annotated[list[Path] | None, typer.Option("--foto", help="foto kegiatan PNG/JPEG "
                                                    "(boleh berulang)")] = None,
) -> None:
    """Catat notulen, peserta dan foto pendampingan RUK/RPK (EP e)."""
    from evidence.siklus.pendampingan import catat_notulen

    year, kode = parse_year(tahun), kode_puskesmas(puskesmas)
    text = _yaml_text(file)
    photos = [(read_file(f), f.name, "") for f in foto or []]
    with app_().ctx() as c:
        _known(c.repo, kode)
        row = catat_notulen(c, year, kode, text, photos)
    console.print(f"Notulen pendampingan {kode} tahun {year} tercatat: {len(row.data['peserta'])} "
                  f"peserta, {len(row.data['foto'])} foto. Lanjutkan: tpcb cycle run --tahun {year} "
                  "--tahap pendampingan")


def _yaml_text(file: Path) -> str:
    if file.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"Berkas '{shown(file.name)}' harus berakhiran .yaml atau .yml.")
    return read_text(file)


def _known(repo, kode: str) -> str:
    if repo.puskesmas(kode) is None:
        raise InputError(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
    return kode


def print_gaps(results) -> None:
    """One line per EP below TL: what is missing and why, as a surveyor would name it."""
    for r in results:
        lines = [f"  EP {e.code}) {e.grade}: " + "; ".join(
            f"{s.item.id} {s.label}" for s in e.items if not s.present)
            for e in r.elements if e.grade != "TL"]
        if lines:
            console.print(styled(f"[bold]{escape(r.puskesmas.kode)}[/bold] {r.total}/{r.maximum}:"),
                          highlight=False)
            for line in lines:
                console.print(line, highlight=False)
    console.print("Alasan dan langkah berikutnya: tpcb completeness --puskesmas KODE", highlight=False)


def _summary(name: str, rows: list[dict]) -> None:
    if not rows:
        console.print(styled(f"[bold]{escape(name)}[/bold]: tidak ada yang perlu dikerjakan."))
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
    console.rule(styled(f"[bold]Demo tpcb: Kabupaten Sukamaju (fiktif), siklus TPCB tahun {year}"))
    kodes = d.load_samples(a)
    console.print(f"1. Data induk dimuat: Dinas Kesehatan, {len(kodes)} Puskesmas, anggota TPCB.")
    sk_dir = d.seed_inputs(a, year, kodes, today())
    console.print("2. Masukan dicatat: PKP dan verifikasinya, SA standar akreditasi, hasil pembinaan, "
                  "notulen dan foto, RUK/RPK, eskalasi. Siklus berjalan tiga putaran: surat diberi "
                  "nomor saat ditandatangani, dan tahap berikutnya menunggu nomor itu.")
    day = today()
    signed = 0
    for n, what in enumerate(("SK, jadwal, dokumen awal", "surat tugas", "laporan, nota dinas, "
                              "umpan balik"), start=1):
        with prefect_env.in_process():
            spent = d.run_cycle(a, year, sk_dir, console, f"Putaran {n}/3: siklus tahunan")
        done = demo_people.sign_and_receive(a, year, kodes, day)
        signed += done
        console.print(f"   Putaran {n} ({spent:.1f} detik): {done} surat dan dokumen diberi tanggal, "
                      f"nomor dan tanda tangan ({what}).")
    moved = demo_people.follow_up(a, year, kodes[0], day)
    console.print(f"3. Siklus tahunan selesai; {signed} surat dan dokumen ditandatangani (surat "
                  f"diterima); {moved} langkah tindak lanjut oleh {kodes[0]}.")
    _, flows = _flows()
    with prefect_env.in_process():
        flows["audit_kelengkapan"](year)
    with a.repo() as repo:
        results = evaluate(repo, a.catalogue, year, rule=a.scoring, today=today())
    print_table(results, year)
    print_gaps(results)
    from tpcb.services.users import demo_users

    users = demo_users(a)
    assessed = demo_people.surveyor_assessment(a, year, kodes[0])
    console.print(f"4. Surveior menilai {assessed} EP {kodes[0]} (lihat: tpcb penilaian list "
                  f"--puskesmas {kodes[0]} --tahun {year}):")
    from tpcb.cli.penilaian import list_ as penilaian_list

    penilaian_list(kodes[0], str(year), "table")
    console.print("Pengguna demo (hanya untuk demo) — jalankan `tpcb serve`, buka http://127.0.0.1:8000:")
    for username, peran, password in users:
        console.print(f"  {peran:<13} {username:<16} sandi: {password}")
    console.print(f"Basis data  : {_safe_url(a.settings.db_url)}")
    console.print(f"Berkas bukti: {a.settings.objects_dir.resolve()}")
    console.print(f"Prefect     : {(a.settings.home / 'prefect').resolve()}")
    console.print(f"Waktu demo  : {time.perf_counter() - started:.1f} detik. Ulangi `tpcb cycle run "
                  f"--tahun {year}`: tidak ada yang diarsipkan dua kali.")
