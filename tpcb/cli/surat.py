"""`tpcb surat buat|list|show|sign`: the letter register from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from evidence.errors import InputError
from evidence.letters import get_letter, record_receipt, sign_letter
from evidence.persetujuan import approve, reject
from evidence.records import DINKES
from tpcb.cli.common import app_, check_format, console, parse_date, print_json, read_file

app = typer.Typer(help="Register surat: buat, daftar, lihat, unggah surat bertanda tangan.",
                  no_args_is_help=True)
STATUS = ("draft", "menunggu_persetujuan", "ditolak", "final")


def surat_json(s) -> dict:
    return {"nomor": s.nomor, "jenis": s.jenis, "tanggal": s.tanggal.isoformat(),
            "perihal": s.perihal, "tujuan": s.tujuan, "penandatangan": s.penandatangan,
            "status": s.status, "puskesmas": None if s.pemilik == DINKES else s.pemilik,
            "item": s.item_id, "templat": s.templat, "key": s.artefak_final or s.artefak_draf,
            "draft_key": s.artefak_draf, "final_key": s.artefak_final, "catatan": s.catatan,
            "diterima_pada": s.diterima_pada.isoformat() if s.diterima_pada else None}


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option("--status", help=" | ".join(STATUS))] = None,
    jenis: Annotated[str | None, typer.Option("--jenis", help="sk, surat_tugas, ...")] = None,
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table",
) -> None:
    """Daftar surat di register."""
    check_format(fmt)
    if status is not None and status not in STATUS:
        raise InputError(f"Status '{status}' tidak dikenal; pilih: {', '.join(STATUS)}.")
    a = app_()
    with a.repo() as repo:
        rows = [surat_json(s) for s in repo.surat_list(
            status=status, jenis=jenis, pemilik=puskesmas.upper() if puskesmas else None)]
    if fmt == "json":
        print_json(rows)
        return
    table = Table(title=f"Register surat ({len(rows)})")
    for col in ("Nomor", "Jenis", "Tanggal", "Perihal", "Puskesmas", "Status"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["nomor"], r["jenis"], r["tanggal"], r["perihal"], r["puskesmas"] or "Dinkes",
                      r["status"])
    console.print(table)


@app.command("show")
def show(nomor: Annotated[str, typer.Argument(help="nomor surat")],
         fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table") -> None:
    """Rincian satu surat."""
    check_format(fmt)
    a = app_()
    with a.repo() as repo:
        data = surat_json(get_letter(repo, nomor))
    if fmt == "json":
        print_json(data)
        return
    for k, v in data.items():
        console.print(f"[bold]{k:>14}[/bold]: {v if v is not None else '-'}")


@app.command("sign")
def sign(
    nomor: Annotated[str, typer.Argument(help="nomor surat")],
    file: Annotated[Path, typer.Option("--file", help="PDF yang sudah ditandatangani (TTE/scan)")],
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal tanda tangan")] = None,
) -> None:
    """Lampirkan PDF bertanda tangan sebagai artefak final surat."""
    if file.suffix.lower() != ".pdf":
        raise InputError(f"Berkas '{file.name}' harus PDF (.pdf) hasil tanda tangan.")
    data = read_file(file)
    when = parse_date(tanggal)
    a = app_()
    with a.repo() as repo:
        surat = sign_letter(repo, a.store, a.catalogue, nomor, data, tanggal=when,
                            max_bytes=a.settings.max_upload_bytes)
    console.print(f"Surat {surat.nomor} final: {surat.artefak_final}")


@app.command("terima")
def terima(
    nomor: Annotated[str, typer.Argument(help="nomor surat")],
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal diterima TTTT-BB-HH")] = None,
) -> None:
    """Catat tanda terima surat oleh penerimanya (bukti penyampaian)."""
    when = parse_date(tanggal)
    a = app_()
    with a.repo() as repo:
        surat = record_receipt(repo, nomor, when)
    console.print(f"Tanda terima surat {surat.nomor} dicatat: {surat.diterima_pada.isoformat()}")


def _pengguna() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "kepala_dinas"


@app.command("setujui")
def setujui(nomor: Annotated[str, typer.Argument(help="nomor surat")]) -> None:
    """Setujui surat yang menunggu persetujuan Kepala Dinas (lalu dapat ditandatangani)."""
    a = app_()
    with a.repo() as repo:
        surat = approve(repo, nomor, oleh=_pengguna())
    console.print(f"Surat {surat.nomor} disetujui; status: {surat.status}.")
    _lanjutkan(surat.flow_run_id, True, "")


@app.command("tolak")
def tolak(nomor: Annotated[str, typer.Argument(help="nomor surat")],
          alasan: Annotated[str, typer.Option("--alasan", help="alasan penolakan")]) -> None:
    """Tolak surat yang menunggu persetujuan, dengan alasan."""
    a = app_()
    with a.repo() as repo:
        surat = reject(repo, nomor, oleh=_pengguna(), alasan=alasan)
    console.print(f"Surat {surat.nomor} ditolak: {surat.catatan}")
    _lanjutkan(surat.flow_run_id, False, alasan)


def _lanjutkan(flow_run_id: str | None, setuju: bool, alasan: str) -> None:
    from tpcb.persetujuan import resume_paused_run

    if flow_run_id is None:
        return
    if resume_paused_run(flow_run_id, setuju, alasan):
        console.print("Alur Prefect yang menunggu dilanjutkan.")
    else:
        console.print("[yellow]Keputusan tersimpan; alur Prefect tidak sedang menunggu. Ia membaca "
                      "keputusan ini saat berjalan lagi.[/yellow]")
