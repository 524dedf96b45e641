"""`tpcb penilaian set|list|final|export`: the surveyor's own assessment of Kriteria 1.7.1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from evidence import akses, penilaian
from evidence.completeness import evaluate
from evidence.errors import InputError, NotFound
from tpcb.cli.common import (
    app_,
    check_format,
    check_out,
    console,
    kode_puskesmas,
    parse_year,
    print_json,
    required_text,
    shown,
    styled,
    tinted,
    today,
    write_file,
)

app = typer.Typer(help="Penilaian surveior per EP Kriteria 1.7.1, di samping skor sementara.",
                  no_args_is_help=True)
PuskesmasOpt = Annotated[str, typer.Option("--puskesmas", help="kode Puskesmas")]
TahunOpt = Annotated[str | None, typer.Option("--tahun", help="tahun penilaian")]
SurveiorOpt = Annotated[str, typer.Option("--surveior", help="nama pengguna surveior (tpcb user add "
                                          "--peran surveyor)")]


def _surveior(repo, username: str) -> akses.Actor:
    user = repo.pengguna(required_text(username, "--surveior"))
    if user is None or not user.aktif:
        raise NotFound(f"Pengguna '{shown(username)}' tidak ada atau tidak aktif.")
    return akses.actor(user)


def _run(call):
    try:
        return call()
    except akses.TidakBerwenang as exc:  # a CLI user is told why, like the web's 403
        raise InputError(str(exc)) from None


@app.command("set")
def set_(
    puskesmas: PuskesmasOpt,
    ep: Annotated[str, typer.Option("--ep", help="EP a sampai h")],
    nilai: Annotated[str, typer.Option("--nilai", help="TL, TS, TT atau TDD")],
    surveior: SurveiorOpt,
    fakta: Annotated[str, typer.Option("--fakta", help="fakta dan analisis")] = "",
    rekomendasi: Annotated[str, typer.Option("--rekomendasi", help="rekomendasi surveior")] = "",
    tahun: TahunOpt = None,
) -> None:
    """Catat atau ubah nilai surveior satu EP (tercatat di log audit; dapat diubah sampai final)."""
    year = parse_year(tahun)
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        who = _surveior(repo, surveior)
        row = _run(lambda: penilaian.set_nilai(
            repo, a.catalogue, who, kode=kode, tahun=year, ep=ep, nilai=nilai,
            fakta=fakta, rekomendasi=rekomendasi))
    console.print(f"EP {row.ep}) {row.puskesmas} tahun {row.tahun}: {row.nilai} (surveior "
                  f"{row.oleh}).")


@app.command("final")
def final(puskesmas: PuskesmasOpt, surveior: SurveiorOpt, tahun: TahunOpt = None) -> None:
    """Finalkan penilaian: semua EP harus sudah dinilai; setelah itu tidak dapat diubah."""
    year = parse_year(tahun)
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        who = _surveior(repo, surveior)
        rows = _run(lambda: penilaian.finalkan(repo, a.catalogue, who, kode=kode, tahun=year))
    console.print(f"Penilaian surveior {rows[0].puskesmas} tahun {year} final ({len(rows)} EP).")


def _sheet(a, repo, kode: str, year: int):
    results = evaluate(repo, a.catalogue, year, kode=kode, rule=a.scoring, today=today())
    if not results:
        raise NotFound(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
    return penilaian.lembar(repo, a.catalogue, results[0])


@app.command("list")
def list_(
    puskesmas: PuskesmasOpt,
    tahun: TahunOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table",
) -> None:
    """Nilai surveior per EP di samping skor sementara dari bukti; perbedaan ditandai."""
    check_format(fmt)
    year = parse_year(tahun)
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        sheet = _sheet(a, repo, kode, year)
    if fmt == "json":
        print_json(penilaian.lembar_json(sheet))
        return
    status = "final" if sheet.final else "belum final"
    table = Table(title=f"Penilaian surveior {sheet.nama} ({sheet.kode}) {year}: {status}",
                  title_justify="left", show_lines=True)
    for col in ("EP", "Sementara (bukti)", "Surveior", "Fakta dan analisis", "Rekomendasi"):
        table.add_column(col)
    for b in sheet.baris:
        mark = (tinted(f"{b.surveior} ≠", "bold red") if b.beda else
                b.surveior or tinted("belum", "dim"))
        table.add_row(f"{b.ep})", b.sementara, mark, b.fakta or "-", b.rekomendasi or "-")
    console.print(table)
    from doc_templates.lembar import capaian_text

    console.print(capaian_text(sheet) + ". Tanda ≠: nilai surveior berbeda dari skor sementara.")


@app.command("export")
def export(
    puskesmas: PuskesmasOpt,
    out: Annotated[Path, typer.Option("--out", help="berkas tujuan: .xlsx atau .pdf")],
    tahun: TahunOpt = None,
) -> None:
    """Ekspor lembar penilaian surveior (kolom Standar, Kriteria, EP, Skor, Fakta, Rekomendasi)."""
    from doc_templates import lembar

    check_out(out, suffixes=(".xlsx", ".pdf"))
    fmt = out.suffix.lower().lstrip(".")
    year = parse_year(tahun)
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        sheet = _sheet(a, repo, kode, year)
        office = repo.office()
    if fmt == "xlsx":
        data = lembar.xlsx(sheet)
    else:
        from doc_templates.pdf import convert_batch

        kop = [office.nama] if office else []
        with console.status("Mengubah ke PDF (LibreOffice) ..."):
            data = convert_batch({"lembar": lembar.docx(sheet, kop)})["lembar"]
    write_file(out, data)
    console.print(styled(f"Lembar penilaian tersimpan: [bold]{escape(str(out))}[/bold] "
                         f"({len(data)} bita)."))
