"""`tpcb artefact add|list|get`: file, list and fetch evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from evidence import registry as reg
from evidence.dokumen import sahkan as sahkan_dokumen
from evidence.dokumen import tte_unggahan
from evidence.errors import InputError
from evidence.records import DINKES, DRAFT, FINAL
from evidence.status import tampil
from tpcb.cli.common import (
    app_,
    check_format,
    check_out,
    console,
    kode_puskesmas,
    parse_date,
    parse_year,
    print_json,
    read_file,
    required_text,
    shown,
    styled,
    write_file,
)
from tpcb.cli.tabel import LebarOpt, cetak, kartu, kolom, kolom_kunci, muat
from tpcb.services.artefak import kalimat_unggah
from tpcb.services.presenters import artefact_json

app = typer.Typer(help="Unggah, daftar dan unduh artefak bukti.", no_args_is_help=True)
OUTCOME = {"baru": "tersimpan", "sama": "sudah ada (tidak ada perubahan)",
           "status": "status diubah menjadi final", "revisi": "revisi baru tersimpan"}


@app.command("add")
def add(
    item: Annotated[str, typer.Option("--item", help="id butir bukti, mis. c-d3")],
    file: Annotated[Path, typer.Option("--file", help="berkas bukti (pdf, docx, xlsx, png, jpg)")],
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
    dinkes: Annotated[bool, typer.Option("--dinkes", help="bukti tingkat Dinkes")] = False,
    final: Annotated[bool, typer.Option("--final", help="artefak final (sudah ditandatangani)")] = False,
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal efektif TTTT-BB-HH")] = None,
    tahun: Annotated[str | None, typer.Option("--tahun", help="tahun penilaian")] = None,
    ganti: Annotated[bool, typer.Option("--ganti", help="simpan sebagai revisi baru")] = False,
    ttd: Annotated[str | None, typer.Option(
        "--ditandatangani-oleh",
        help="nama penandatangan (surat atau dokumen bertanda tangan; hanya dengan --final)")] = None,
) -> None:
    """Simpan berkas sebagai bukti sebuah butir untuk satu Puskesmas atau untuk Dinkes."""
    kode = kode_puskesmas(puskesmas)
    if (kode is not None) == dinkes:
        raise InputError("Sebutkan salah satu: --puskesmas KODE atau --dinkes.")
    pemilik = DINKES if kode is None else kode
    if ttd is not None and not final:
        raise InputError("--ditandatangani-oleh hanya untuk berkas final (--final).")
    item = required_text(item, "--item")
    when = parse_date(tanggal)
    year = parse_year(tahun) if tahun is not None else when.year
    data = read_file(file)
    a = app_()
    req = reg.FileRequest(data=data, filename=file.name, item_id=item,
                          pemilik=pemilik, tahun=year, tanggal=when,
                          status=FINAL if final else DRAFT, replace=ganti, penandatangan=ttd,
                          tte=tte_unggahan(a.catalogue, item, data, final, a.periksa_tte))
    with a.uow() as uow:
        filed = reg.file_artefact(uow, a.store, a.catalogue, req,
                                  max_bytes=a.settings.max_upload_bytes)
    art = filed.artefact
    console.print(styled(f"{OUTCOME[filed.outcome].capitalize()}: [bold]{escape(art.kunci)}[/bold]"))
    if not filed.changed:
        console.print(escape(kalimat_unggah(filed, file.name)))
    signer = f", ditandatangani {art.penandatangan}" if art.penandatangan else ""
    console.print(f"status {tampil(art.status)}{signer}, revisi {art.revisi}, sha256 {art.sha256[:16]}…")


@app.command("sahkan")
def sahkan(
    key: Annotated[str, typer.Argument(metavar="KUNCI",
                                       help="kunci artefak (draf dokumen yang ditandatangani)")],
    oleh: Annotated[str, typer.Option("--oleh", help="nama yang menandatangani/mengesahkan")],
    file: Annotated[Path | None, typer.Option("--file", help="pindaian atau PDF bertanda tangan")] = None,
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal tanda tangan TTTT-BB-HH")] = None,
) -> None:
    """Catat bahwa dokumen sudah ditandatangani: berkas bertanda tangan menjadi artefak final."""
    key = required_text(key, "KUNCI")
    when = parse_date(tanggal)
    signed = (read_file(file), file.name) if file is not None else None
    a = app_()
    with a.uow() as uow:
        filed = sahkan_dokumen(uow, a.store, a.catalogue, key, oleh=oleh, tanggal=when,
                               signed=signed, max_bytes=a.settings.max_upload_bytes,
                               periksa=a.periksa_tte)
    art = filed.artefact
    console.print(styled(f"Disahkan: [bold]{escape(art.kunci)}[/bold] (final, ditandatangani "
                         f"{escape(art.penandatangan or '')}, tanggal {art.tanggal.isoformat()})."))


LAIN = 50  # columns the other cells of a row need beside the key (EP .. sha256, borders)


@app.command("list")
def list_(
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
    tahun: Annotated[str | None, typer.Option("--tahun", help="tahun penilaian")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table",
    lebar: LebarOpt = False,
) -> None:
    """Daftar artefak tersimpan. Kunci selalu tampil utuh (untuk `tpcb artefact get KUNCI`)."""
    check_format(fmt)
    year = parse_year(tahun) if tahun is not None else None
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        if kode and repo.puskesmas(kode) is None:
            raise InputError(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
        rows = repo.artefacts(pemilik=kode, tahun=year)
    items = [artefact_json(r) for r in rows]
    if fmt == "json":
        print_json(items)
        return
    keys = [i["kunci"] for i in items]
    if not lebar and not muat(keys, LAIN):
        kartu(f"Artefak ({len(items)}): kunci utuh per baris, rincian di bawahnya", [
            (i["kunci"], f"EP {i['ep']} · {i['butir']} ({i['jenis']}) · {tampil(i['status'])} · "
                         f"{i['ukuran']} bita · sha256 {i['sha256'][:12]}") for i in items])
        return
    table = Table(title=f"Artefak ({len(items)})")
    kolom_kunci(table, "Kunci", keys)
    kolom(table, "EP", "Butir", "Jenis", "Status", "Ukuran", "sha256")
    for i in items:
        table.add_row(i["kunci"], i["ep"], i["butir"], i["jenis"], tampil(i["status"]),
                      str(i["ukuran"]), i["sha256"][:12])
    cetak(table, lebar)


@app.command("get")
def get(
    key: Annotated[str, typer.Argument(metavar="KUNCI", help="kunci artefak")],
    out: Annotated[Path, typer.Option("--out", help="berkas tujuan")],
) -> None:
    """Unduh artefak ke berkas (isi diperiksa dengan sha256)."""
    key = required_text(key, "KUNCI")
    check_out(out)
    a = app_()
    with a.repo() as repo:
        row, data = reg.get_artefact(repo, a.store, key)
    write_file(out, data)
    console.print(f"Tersimpan ke {out} ({len(data)} bita, sha256 cocok).")
