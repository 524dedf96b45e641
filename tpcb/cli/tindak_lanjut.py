"""`tpcb tindak-lanjut list|update|eskalasi|pengingat`: follow-up tasks and their reminders."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, overload

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from evidence.errors import InputError, NotFound
from evidence.jam import jakarta_today
from evidence.pengingat import GAGAL, TERTUNDA, deliver, due_reminders, enqueue, recipients_for
from evidence.ports import Repository
from evidence.siklus.eskalasi import catat_eskalasi
from evidence.tindak_lanjut import (
    REQUESTABLE,
    STATUSES,
    is_overdue,
    list_tasks,
    update_status,
)
from tpcb.cli.common import (
    ArgumentError,
    app_,
    assemble,
    check_format,
    console,
    kode_puskesmas,
    parse_date,
    parse_int,
    parse_year,
    print_json,
    read_file,
    read_text,
    shown,
    styled,
    tinted,
)
from tpcb.cli.tabel import LebarOpt, cetak
from tpcb.services.presenters import task_json

app = typer.Typer(help="Tindak lanjut: daftar, ubah status, eskalasi lokmin/PTM, pengingat.",
                  no_args_is_help=True)
WARNA = {"terbuka": "cyan", "dikerjakan": "yellow", "dieskalasi": "magenta", "selesai": "green",
         "diverifikasi": "bold green"}
FormatOpt = Annotated[str, typer.Option("--format", help="table atau json")]


def _now() -> datetime:
    return datetime.now(UTC)


def _status(s: str) -> Text:
    return tinted(s, WARNA.get(s, "white"))


@overload
def _check_puskesmas(repo: Repository, puskesmas: str) -> str: ...
@overload
def _check_puskesmas(repo: Repository, puskesmas: str | None) -> str | None: ...
def _check_puskesmas(repo: Repository, puskesmas: str | None) -> str | None:
    kode = kode_puskesmas(puskesmas)
    if kode is not None and repo.puskesmas(kode) is None:
        raise NotFound(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
    return kode


# -- list ----------------------------------------------------------------------------------------
@app.command("list")
def list_(
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
    status: Annotated[str | None, typer.Option("--status", help=" | ".join(STATUSES))] = None,
    terlambat: Annotated[bool, typer.Option("--terlambat", help="hanya yang lewat batas waktu")] = False,
    tahun: Annotated[str | None, typer.Option("--tahun", help="tahun siklus")] = None,
    fmt: FormatOpt = "table",
    lebar: LebarOpt = False,
) -> None:
    """Daftar tindak lanjut, yang terlambat lebih dulu."""
    check_format(fmt)
    year = parse_year(tahun) if tahun is not None else None
    status = status.strip().lower() if status is not None else None
    today = jakarta_today(_now())
    with app_().repo() as repo:
        kode = _check_puskesmas(repo, puskesmas)
        rows = list_tasks(repo, puskesmas=kode, status=status, terlambat=terlambat, today=today,
                          tahun=year)
    items = [task_json(t, today) for t in rows]
    if fmt == "json":
        print_json(items)
        return
    if not items:
        console.print("Tidak ada tindak lanjut yang cocok dengan saringan.")
        return
    late = sum(i["terlambat"] for i in items)
    table = Table(title=f"Tindak lanjut ({len(items)}; terlambat {late}) per {today.isoformat()}",
                  title_justify="left", show_lines=True)
    for col in ("ID", "Puskesmas", "Sumber", "EP", "Masalah", "PJ", "Tingkat", "Batas waktu",
                "Status", "Terlambat", "Bukti"):
        table.add_column(col, overflow="fold")
    for i in items:
        late_text = tinted(f"{i['hari_terlambat']} hari", "bold red") if i["terlambat"] else "-"
        table.add_row(str(i["id"]), i["puskesmas"], i["sumber"], i["ep"], i["masalah"],
                      i["pj"] or "-", i["tingkat"], i["batas_waktu"], _status(i["status"]),
                      late_text, "ada" if i["bukti"] else "-")
    cetak(table, lebar)


# -- update --------------------------------------------------------------------------------------
def _default_user() -> str:
    try:
        return getpass.getuser() or "sekretariat"
    except Exception:  # no login name in a container or service: fall back to the office's role
        return "sekretariat"


def _task_id(value: str) -> int:
    text = value.strip().removeprefix("#")
    try:
        return parse_int(text, "ID tindak lanjut")
    except ArgumentError:
        raise
    except InputError:
        raise InputError(f"ID tindak lanjut '{shown(value)}' tidak sah; tulis nomornya, misalnya "
                         "12.") from None


@app.command("update")
def update(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="nomor tindak lanjut")],
    status: Annotated[str, typer.Option("--status", help=" | ".join(REQUESTABLE))],
    bukti: Annotated[Path | None, typer.Option("--bukti", help="berkas bukti penyelesaian")] = None,
    catatan: Annotated[str | None, typer.Option("--catatan", help="alasan atau catatan")] = None,
    oleh: Annotated[str | None, typer.Option("--oleh", help="nama yang mengubah status")] = None,
) -> None:
    """Ubah status tindak lanjut (dengan bukti saat selesai); perubahan yang tidak boleh ditolak."""
    tid = _task_id(task_id)
    proof = (read_file(bukti), bukti.name) if bukti is not None else None
    now = _now()
    a = app_()
    with a.uow() as uow:
        task = uow.repo.tindak_lanjut(tid)
        before = task.status if task is not None else None
        task = update_status(uow, a.store, a.catalogue, tid, status, oleh=oleh or _default_user(),
                             bukti=proof, catatan=catatan, today=jakarta_today(now),
                             max_bytes=a.settings.max_upload_bytes, now=now)
    console.print(assemble(f"Tindak lanjut #{task.id} ({task.puskesmas}): ", _status(before or "-"),
                           " → ", _status(task.status),
                           f" (tingkat {task.tingkat}, EP {task.ep})."))
    if proof is not None:
        console.print(styled(f"Bukti diarsipkan: [bold]{escape(task.bukti or '')}[/bold]"))


# -- eskalasi ------------------------------------------------------------------------------------
@app.command("eskalasi")
def eskalasi(
    file: Annotated[Path, typer.Argument(metavar="BERKAS",
                                         help="berkas YAML masalah lokmin/PTM yang dieskalasi")],
    puskesmas: Annotated[str, typer.Option("--puskesmas", help="kode Puskesmas")],
    tahun: Annotated[str, typer.Option("--tahun", help="tahun siklus, mis. 2026")],
) -> None:
    """Catat masalah lokmin/PTM yang dieskalasi ke Dinkes sebagai tindak lanjut (EP f)."""
    year = parse_year(tahun)
    kode_puskesmas(puskesmas)
    if file.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"Berkas '{shown(file.name)}' harus berakhiran .yaml atau .yml.")
    text = read_text(file)
    today = jakarta_today(_now())
    with app_().ctx() as c:
        kode = _check_puskesmas(c.repo, puskesmas)
        before = {t.id for t in c.repo.tindak_lanjut_list(puskesmas=kode, tahun=year)}
        tasks = catat_eskalasi(c, year, kode, text)
    new = sum(t.id not in before for t in tasks)
    table = Table(title=f"Tindak lanjut eskalasi {kode} tahun {year}: {new} baru, "
                        f"{len(tasks) - new} sudah tercatat", title_justify="left", show_lines=True)
    for col in ("ID", "Sumber", "Masalah", "PJ", "Batas waktu", "Status", "Keterangan"):
        table.add_column(col)
    for t in tasks:
        late = (" ", ("(terlambat)", "red")) if is_overdue(t, today) else ()
        table.add_row(str(t.id), t.sumber, t.masalah, t.pj or t.unit or "-",
                      assemble(t.batas_waktu.isoformat(), *late), _status(t.status),
                      "baru" if t.id not in before else "sudah ada")
    console.print(table)


# -- pengingat -----------------------------------------------------------------------------------
@app.command("pengingat")
def pengingat(
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="hari pengingat TTTT-BB-HH")] = None,
    kirim: Annotated[bool, typer.Option("--kirim/--tanpa-kirim", help="kirim email bila SMTP diatur")] = True,
    fmt: FormatOpt = "table",
) -> None:
    """Antrekan pengingat hari ini (H-7, H-1, H-0, terlambat), kirim bila SMTP diatur, tampilkan kotak keluar.

    Satu pengingat per tindak lanjut per hari: menjalankan ulang di hari yang sama tidak menambah pesan.
    Tanpa SMTP (TPCB_SMTP_HOST) pesan disimpan di kotak keluar dan ditampilkan, tidak pernah dibuang.
    """
    check_format(fmt)
    day = parse_date(tanggal) if tanggal is not None else jakarta_today(_now())
    a = app_()
    sender = a.sender if kirim else None
    with a.uow() as uow:
        reminders = due_reminders(uow.repo.tindak_lanjut_list(), day)
        queued = enqueue(uow, reminders, recipients_for(uow.repo, reminders))
        done = deliver(uow, sender, now=_now()) if kirim else None
        outbox = uow.repo.notifikasi_list(status=TERTUNDA) + uow.repo.notifikasi_list(status=GAGAL)
    no_address = [{"tindak_lanjut": r.task_id, "puskesmas": r.puskesmas, "jenis": r.jenis}
                  for r in queued.tanpa_penerima]
    rows: list[dict[str, Any]] = [
        {"id": n.id, "tindak_lanjut": n.tindak_lanjut_id, "tanggal": n.tanggal.isoformat(),
         "jenis": n.jenis, "penerima": n.penerima, "subjek": n.subjek, "status": n.status,
         "percobaan": n.percobaan, "galat": n.galat} for n in outbox]
    summary = {"tanggal": day.isoformat(), "jatuh_tempo": len(reminders), "dibuat": len(queued.dibuat),
               "sudah_ada": queued.sudah_ada, "tanpa_penerima": no_address,
               "dikirim": kirim and sender is not None,
               "terkirim": len(done.sent) if done else 0, "gagal": len(done.failed) if done else 0,
               "disimpan": len(rows), "kotak_keluar": rows}
    if fmt == "json":
        print_json(summary)
        return
    console.print(f"Pengingat {day.isoformat()}: {len(reminders)} jatuh tempo, {len(queued.dibuat)} baru "
                  f"masuk kotak keluar, {queued.sudah_ada} sudah diantrekan sebelumnya hari itu.")
    for r in no_address:
        console.print(assemble("  ", ("Tanpa alamat email:", "red"),
                               f" tindak lanjut #{r['tindak_lanjut']} ({r['puskesmas']}); isi email "
                               "Puskesmas di data induk (tpcb import puskesmas)."))
    if not kirim:
        console.print("Pengiriman dilewati (--tanpa-kirim); pesan tetap di kotak keluar.")
    elif sender is None:
        console.print("SMTP belum diatur (TPCB_SMTP_HOST); pesan disimpan di kotak keluar, tidak dikirim.")
    else:
        console.print(f"Terkirim: {summary['terkirim']}; gagal: {summary['gagal']}.")
    if not rows:
        console.print("Kotak keluar kosong.")
        return
    table = Table(title=f"Kotak keluar ({len(rows)} belum terkirim)", title_justify="left")
    for col in ("ID", "Tanggal", "Jenis", "Penerima", "Subjek", "Status", "Galat"):
        table.add_column(col)
    for n in rows:
        style = "red" if n["status"] == GAGAL else "yellow"
        table.add_row(str(n["id"]), n["tanggal"], n["jenis"], n["penerima"], n["subjek"],
                      tinted(n["status"], style), n["galat"] or "-")
    console.print(table)
