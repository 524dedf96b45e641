"""`tpcb surat list|show|nomor|unduh|revisi|sign|tte|terima|setujui|tolak`: the letter register
(buku agenda).

A letter is named by its number, or by `draf-ID` while it is a draft without one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from evidence.errors import InputError
from evidence.letters import beri_nomor, get_letter, label, record_receipt, sign_letter
from evidence.persetujuan import approve, reject, tanggal_persetujuan
from evidence.status import tampil, tersimpan
from evidence.tte import HasilTte
from tpcb.cli.common import (
    app_,
    assemble,
    check_format,
    check_out,
    console,
    kode_puskesmas,
    parse_date,
    print_json,
    read_file,
    required_text,
    shown,
    styled,
    tinted,
    today,
    write_file,
)
from tpcb.cli.tabel import LebarOpt, cetak, kolom_kunci
from tpcb.services.presenters import SURAT_STATUS as STATUS
from tpcb.services.presenters import surat_json

PILIHAN = tuple(tampil(s) for s in STATUS)  # as a clerk types them: draf, menunggu persetujuan, ...

app = typer.Typer(help="Register surat (buku agenda): daftar, lihat, beri nomor, unggah surat "
                  "bertanda tangan, tanda terima, persetujuan.", no_args_is_help=True)
RefArg = Annotated[str, typer.Argument(metavar="NOMOR",
                                       help="nomor surat, atau draf-ID untuk surat yang belum bernomor")]


def agenda(rows: list) -> list:
    """The buku agenda: numbered letters in date order (then by number), then the drafts."""
    numbered = sorted((s for s in rows if s.nomor), key=lambda s: (s.tahun, s.tanggal, s.seri or "",
                                                                      s.urut or 0, s.sisipan))
    drafts = sorted((s for s in rows if not s.nomor), key=lambda s: (s.tahun, s.tanggal, s.id))
    return numbered + drafts


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option("--status", help=" | ".join(PILIHAN))] = None,
    jenis: Annotated[str | None, typer.Option("--jenis", help="sk, surat_tugas, ...")] = None,
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table",
    lebar: LebarOpt = False,
) -> None:
    """Buku agenda: surat bernomor menurut tanggal, lalu draf yang belum bernomor."""
    check_format(fmt)
    status = tersimpan(status.strip().replace(" ", "_")) if status is not None else None
    if status is not None and status not in STATUS:
        raise InputError(f"Status '{shown(status)}' tidak dikenal; pilih: {', '.join(PILIHAN)}.")
    kode = kode_puskesmas(puskesmas)
    a = app_()
    with a.repo() as repo:
        if kode and repo.puskesmas(kode) is None:
            raise InputError(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
        rows = [surat_json(s) for s in agenda(repo.surat_list(
            status=status, jenis=jenis, pemilik=kode))]
    if fmt == "json":
        print_json(rows)
        return
    table = Table(title=f"Buku agenda surat ({len(rows)})", show_lines=False)
    kolom_kunci(table, "Nomor", [r["nomor"] or r["rujukan"] for r in rows])  # `surat show NOMOR`
    for col in ("Tanggal", "Perihal", "Untuk", "Status", "Diterima"):
        table.add_column(col, overflow="fold")
    for r in rows:
        nomor = r["nomor"] or tinted(f"{r['rujukan']} (belum bernomor)", "dim")
        table.add_row(nomor, r["tanggal"], r["perihal"], r["puskesmas"] or "Dinkes",
                      tampil(r["status"]), r["diterima_pada"] or "-")
    cetak(table, lebar)


@app.command("show")
def show(ref: RefArg,
         fmt: Annotated[str, typer.Option("--format", help="table atau json")] = "table") -> None:
    """Rincian satu surat."""
    check_format(fmt)
    ref = required_text(ref, "NOMOR")
    a = app_()
    with a.repo() as repo:
        surat = get_letter(repo, ref)
        final = repo.artefact_by_key(surat.artefak_final) if surat.artefak_final else None
        data = surat_json(surat, final.tte if final else None)
    if fmt == "json":
        print_json(data)
        return
    for k, v in data.items():
        v = tampil(v) if k == "status" else v
        console.print(assemble((f"{k:>14}", "bold"), f": {v if v is not None else '-'}"),
                      highlight=False)


@app.command("nomor")
def nomor(
    refs: Annotated[list[str], typer.Argument(metavar="NOMOR",
                                              help="nomor surat, atau draf-ID (mis. draf-12); "
                                              "beberapa sekaligus untuk satu tanggal")],
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal surat TTTT-BB-HH "
                                                "(bawaan: hari ini)")] = None,
    sisipan: Annotated[bool, typer.Option("--sisipan", help="nomor sisipan (mis. 004a) untuk "
                                          "tanggal di antara dua surat bernomor")] = False,
) -> None:
    """Beri tanggal dan nomor surat (siap ditandatangani): nomor berikutnya dari pola kantor.

    Beberapa surat bertanggal sama diberi nomor sekaligus, berurutan seperti disebutkan."""
    refs = [required_text(r, "NOMOR") for r in refs]
    when = parse_date(tanggal)
    if len(refs) > 1 and sisipan:
        raise InputError("Nomor sisipan diberikan untuk satu surat saja; sebutkan satu surat.")
    a = app_()
    with a.uow() as uow:
        if len(refs) == 1:
            letters = [beri_nomor(uow, a.store, a.catalogue, a.render, refs[0], tanggal=when,
                                  today=today(), max_bytes=a.settings.max_upload_bytes,
                                  sisipan=sisipan)]
        else:
            from evidence.nomor_banyak import beri_nomor_banyak

            letters = beri_nomor_banyak(uow, a.store, a.catalogue, a.render_banyak, refs,
                                        tanggal=when, today=today(),
                                        max_bytes=a.settings.max_upload_bytes)
    if len(refs) == 1:
        console.print(styled(f"Surat {escape(refs[0])} bernomor [bold]{escape(label(letters[0]))}"
                             f"[/bold], tanggal {letters[0].tanggal.isoformat()}. Draf bernomor: "
                             f"{escape(letters[0].artefak_draf or '-')}"))
    else:
        console.print(f"{len(letters)} surat bertanggal {when.isoformat()}:")
        for surat in letters:
            console.print(f"  {surat.nomor}  {surat.perihal}")
    first = letters[0].nomor if len(letters) == 1 else "NOMOR"
    console.print(f"Tandatangani lalu unggah: tpcb surat sign {first} --file TTD.pdf")


@app.command("unduh")
def unduh(
    ref: RefArg,
    out: Annotated[Path | None, typer.Option("--out", help="berkas tujuan (bawaan: nama "
                                             "draf di folder ini)")] = None,
) -> None:
    """Unduh draf .docx surat untuk diperbaiki di Word/LibreOffice sebelum ditandatangani."""
    from evidence.registry import get_artefact

    ref = required_text(ref, "NOMOR")
    into_folder = _is_folder(out)
    if out is not None and not into_folder:
        check_out(out, suffixes=(".docx",))
    a = app_()
    with a.repo() as repo:
        surat = get_letter(repo, ref)
        if not surat.artefak_draf:
            raise InputError(f"Surat {label(surat)} tidak memiliki draf .docx.")
        row, data = get_artefact(repo, a.store, surat.artefak_draf)
    target = Path(row.nama_berkas) if out is None else out / row.nama_berkas if into_folder else out
    write_file(target, data)
    console.print(f"Draf surat {label(surat)} (revisi {row.revisi}) tersimpan ke {target}.")
    if surat.nomor:
        console.print(f"Setelah diperbaiki: tpcb surat revisi {surat.nomor} --file {target}")


def _is_folder(out: Path | None) -> bool:
    """`--out FOLDER` puts the draft there under its own name (the documented shortcut)."""
    try:
        return out is not None and out.is_dir()
    except OSError:
        return False  # check_out names the problem


@app.command("revisi")
def revisi(
    ref: RefArg,
    file: Annotated[Path, typer.Option("--file", help="draf .docx yang sudah diperbaiki")],
) -> None:
    """Unggah draf .docx yang diperbaiki sebagai revisi draf surat bernomor.

    Ditolak bila bukan .docx Word, memuat makro, atau nomor/tujuan suratnya diubah."""
    from evidence.revisi_surat import unggah_revisi

    ref = required_text(ref, "NOMOR")
    data = read_file(file)
    a = app_()
    with a.uow() as uow:
        surat, filed = unggah_revisi(uow, a.store, a.catalogue, a.baca_docx, ref, data,
                                     file.name, max_bytes=a.settings.max_upload_bytes)
    if not filed.changed:
        console.print(f"Isi berkas sama dengan draf surat {surat.nomor} sekarang; tidak "
                      "ada yang berubah.")
        return
    console.print(f"Draf surat {surat.nomor} diganti dengan revisi "
                  f"{filed.artefact.revisi}: {filed.artefact.kunci}")
    console.print(f"Tandatangani lalu unggah: tpcb surat sign {surat.nomor} --file TTD.pdf")


@app.command("sign")
def sign(
    ref: RefArg,
    file: Annotated[Path, typer.Option("--file", help="PDF yang sudah ditandatangani (TTE/scan)")],
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal tanda tangan")] = None,
) -> None:
    """Lampirkan PDF bertanda tangan sebagai artefak final surat (surat harus sudah bernomor)."""
    ref = required_text(ref, "NOMOR")
    if file.suffix.lower() != ".pdf":
        raise InputError(f"Berkas '{shown(file.name)}' harus PDF (.pdf) hasil tanda tangan.")
    data = read_file(file)
    when = parse_date(tanggal)
    a = app_()
    with a.uow() as uow:
        surat = sign_letter(uow, a.store, a.catalogue, ref, data, tanggal=when,
                            max_bytes=a.settings.max_upload_bytes, periksa=a.periksa_tte)
        final = uow.repo.artefact_by_key(surat.artefak_final) if surat.artefak_final else None
        tte = HasilTte.from_json(final.tte if final else None)
    console.print(f"Surat {surat.nomor} final: {surat.artefak_final}")
    console.print(f"Tanda tangan: {tte.label if tte else '-'}", highlight=False)


@app.command("terima")
def terima(
    ref: RefArg,
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal diterima TTTT-BB-HH")] = None,
) -> None:
    """Catat tanda terima surat oleh penerimanya (bukti penyampaian)."""
    ref = required_text(ref, "NOMOR")
    when = parse_date(tanggal)
    a = app_()
    with a.repo() as repo:
        surat = record_receipt(repo, ref, when)
    diterima = surat.diterima_pada.isoformat() if surat.diterima_pada else "-"  # set by record_receipt
    console.print(f"Tanda terima surat {surat.nomor} dicatat: {diterima}")


@app.command("tte")
def tte(
    ref: RefArg,
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal surat bila belum "
                                                "bernomor (bawaan: hari ini)")] = None,
) -> None:
    """Tandatangani surat secara elektronik (TTE) dengan sertifikat kantor.

    Sertifikat PKCS#12 dari lingkungan; surat diberi nomor bila belum, diubah ke PDF,
    ditandatangani PAdES, lalu menjadi artefak final."""
    from tpcb.surat_tte import tandatangani_surat

    ref = required_text(ref, "NOMOR")
    when = parse_date(tanggal)
    a = app_()
    with console.status("Membuat PDF dan menandatangani ..."):
        surat, checked = tandatangani_surat(a, ref, tanggal=when, today=today())
    console.print(f"Surat {surat.nomor} final dengan TTE: {surat.artefak_final}")
    console.print(f"Pemeriksaan: {checked.label}", highlight=False)


def _pengguna() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "kepala_dinas"


@app.command("setujui")
def setujui(
    ref: RefArg,
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal surat TTTT-BB-HH "
                                                "(bawaan: hari ini)")] = None,
) -> None:
    """Setujui surat yang menunggu persetujuan Kepala Dinas.

    Surat diberi tanggal dan nomor, lalu siap ditandatangani."""
    ref = required_text(ref, "NOMOR")
    chosen = parse_date(tanggal) if tanggal is not None else None
    a = app_()
    day = today()
    with a.uow() as uow:
        surat = get_letter(uow.repo, ref)
        when = chosen or tanggal_persetujuan(surat, day)
        surat = approve(uow, a.store, a.catalogue, a.render, ref, oleh=_pengguna(), tanggal=when,
                        today=day, max_bytes=a.settings.max_upload_bytes)
    console.print(f"Surat {ref} disetujui: bernomor {surat.nomor}, tanggal "
                  f"{surat.tanggal.isoformat()}, menunggu tanda tangan.")
    _lanjutkan(surat.flow_run_id, True, "")


@app.command("tolak")
def tolak(ref: RefArg,
          alasan: Annotated[str, typer.Option("--alasan", help="alasan penolakan")]) -> None:
    """Tolak surat yang menunggu persetujuan, dengan alasan."""
    ref = required_text(ref, "NOMOR")
    a = app_()
    with a.repo() as repo:
        surat = reject(repo, ref, oleh=_pengguna(), alasan=alasan)
    console.print(f"Surat {label(surat)} ditolak: {surat.catatan}")
    _lanjutkan(surat.flow_run_id, False, alasan)


def _lanjutkan(flow_run_id: str | None, setuju: bool, alasan: str) -> None:
    from tpcb.persetujuan import resume_paused_run

    if flow_run_id is None:
        return
    if resume_paused_run(flow_run_id, setuju, alasan):
        console.print("Alur Prefect yang menunggu dilanjutkan.")
    else:
        console.print(tinted("Keputusan tersimpan; alur Prefect tidak sedang menunggu. Ia membaca "
                             "keputusan ini saat berjalan lagi.", "yellow"))
