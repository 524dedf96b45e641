"""`tpcb surat buat` and `tpcb templates check`: ad-hoc letters and template checks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.table import Table

from evidence.dokumen import DocumentRequest, issue_document
from evidence.errors import InputError
from evidence.letters import LetterRequest, file_stem, issue_letter
from evidence.letters import label as letter_label
from evidence.records import DINKES
from evidence.siklus.konteks import images, with_defaults
from evidence.yaml_aman import muat_yaml
from tpcb.cli.common import (
    SHOWN_PATH,
    app_,
    assemble,
    check_out,
    console,
    kode_puskesmas,
    parse_date,
    read_text,
    required_text,
    shown,
    tinted,
    write_file,
)

templates_app = typer.Typer(help="Templat surat: periksa variabel dan keamanannya.",
                            no_args_is_help=True)


def _load_context(path: Path) -> tuple[dict, str]:
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"Berkas konteks '{shown(path.name)}' harus YAML (.yaml).")
    text = read_text(path)
    try:
        data = muat_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"Berkas konteks '{shown(path.name)}' bukan YAML yang sah: {exc}") from exc
    except RecursionError:
        raise InputError(f"Berkas konteks '{shown(path.name)}' bersarang terlalu dalam.") from None
    if not isinstance(data, dict):
        raise InputError(f"Berkas konteks '{shown(path.name)}' harus berisi pasangan kolom: nilai.")
    return data, hashlib.sha256(text.encode()).hexdigest()[:16]


def buat(
    templat: Annotated[str, typer.Argument(metavar="TEMPLAT",
                                           help="nama templat, mis. surat_tugas_pembinaan")],
    context: Annotated[Path, typer.Option("--context", help="berkas YAML isi surat")],
    puskesmas: Annotated[str | None, typer.Option("--puskesmas", help="kode Puskesmas")] = None,
    tanggal: Annotated[str | None, typer.Option("--tanggal", help="tanggal surat TTTT-BB-HH")] = None,
    sumber: Annotated[str | None, typer.Option("--sumber", help="kunci sumber (idempotensi)")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="simpan salinan .docx ke berkas")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="buat juga PDF (LibreOffice)")] = False,
) -> None:
    """Periksa konteks, isi templat, dan arsipkan sebagai draf (nomor diberikan saat ditandatangani)."""
    from doc_templates import entry

    found = entry(required_text(templat, "TEMPLAT"))
    kode = kode_puskesmas(puskesmas)
    target = _copy_target(out, pdf)
    ctx, digest = _load_context(context)
    when = parse_date(tanggal if tanggal is not None else ctx.get("tanggal") and str(ctx["tanggal"]))
    a = app_()
    item = a.catalogue.item(found.items[0])
    with a.uow() as uow:
        repo = uow.repo
        office = repo.office()
        if office is None:
            raise InputError("Data Dinas Kesehatan belum ada. Jalankan dulu: tpcb import dinkes FILE.yaml")
        pkm = _puskesmas(repo, item.scope, kode)
        full = with_defaults(ctx, fields=set(found.schema_class.model_fields), office=office,
                             tim=repo.tim(), signer=found.signer, tanggal=when, puskesmas=pkm)
        pemilik = pkm.kode if pkm else DINKES
        key = sumber or f"adhoc:{digest}"
        if found.jenis:
            surat, created = issue_letter(uow, a.store, a.catalogue, a.render, LetterRequest(
                templat=templat, jenis=found.jenis, sumber=key, item_id=item.id, pemilik=pemilik,
                tanggal=when, perihal=str(ctx.get("hal") or ctx.get("tentang") or found.title),
                tujuan=str(ctx.get("kepada") or (pkm.nama if pkm else "-")),
                penandatangan=full.get("penandatangan", {}).get("nama", "-"), context=full,
                images=images(office)), max_bytes=a.settings.max_upload_bytes)
            assert surat.artefak_draf is not None  # issue_letter files the draft with the letter
            kunci, label = surat.artefak_draf, f"Surat {letter_label(surat)}"
        else:
            art, created = issue_document(uow, a.store, a.catalogue, a.render, DocumentRequest(
                templat=templat, sumber=key, item_id=item.id, pemilik=pemilik, tanggal=when,
                context=full, images=images(office)), max_bytes=a.settings.max_upload_bytes)
            kunci, label = art.kunci, f"Dokumen {found.title}"
        data = a.store.get(kunci)
    console.print(f"{label} {'dibuat' if created else 'sudah ada'}: {kunci}")
    if found.jenis and surat.nomor is None:
        console.print(f"Draf ini belum bernomor. Saat ditandatangani: tpcb surat nomor {label.split()[-1]} "
                      "--tanggal TTTT-BB-HH, lalu tpcb surat sign NOMOR --file TTD.pdf")
    _write_copies(data, target, pdf, label, found, kunci)


def _copy_target(out: Path | None, pdf: bool) -> Path | None:
    """Where the .docx copy (and the PDF beside it) go; checked before the letter is filed."""
    if out is not None:
        check_out(out, suffixes=(".docx",))
        if pdf:
            check_out(out.with_suffix(".pdf"))
        return out
    if pdf and not os.access(Path.cwd(), os.W_OK):
        raise InputError("Folder kerja ini tidak boleh ditulis; sebutkan --out FOLDER/NAMA.docx.")
    return None


def _puskesmas(repo, scope: str, kode: str | None):
    if scope == "dinkes":
        return repo.puskesmas(kode) if kode else None
    if not kode:
        raise InputError("Templat ini untuk satu Puskesmas: sebutkan --puskesmas KODE.")
    pkm = repo.puskesmas(kode)
    if pkm is None:
        raise InputError(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
    return pkm


def _write_copies(data: bytes, out: Path | None, pdf: bool, label: str, found, kunci: str) -> None:
    target = out or Path(f"{file_stem(Path(kunci).stem)}.docx")
    if out is not None or pdf:
        write_file(target, data)
        console.print(f"Salinan .docx: {target}")
    if pdf:
        from doc_templates.pdf import SofficeMissing, convert_one, set_metadata

        try:
            doc = convert_one(data, target.name)
        except SofficeMissing as exc:  # the .docx is already there: say how to get the PDF too
            console.print(assemble(tinted("PDF tidak dibuat:", "yellow"), f" {exc}"))
            return
        doc = set_metadata(doc, title=found.title, subject=f"Kriteria 1.7.1 {', '.join(found.items)}",
                           keywords=label)
        pdf_path = target.with_suffix(".pdf")
        write_file(pdf_path, doc)
        console.print(f"PDF: {pdf_path}")


def check(directory: Annotated[Path | None, typer.Argument(
        metavar="FOLDER", help="folder templat kantor")] = None) -> None:
    """Daftar variabel tiap templat; tolak variabel tak dikenal dan akses ke bagian internal Python."""
    from doc_templates import check_dir

    try:
        missing = directory is not None and not directory.is_dir()
    except OSError:  # a name too long, a symlink loop
        missing = True
    if missing:
        raise InputError(f"Folder '{shown(directory, SHOWN_PATH)}' tidak ada.")
    reports = check_dir(directory)
    table = Table(title=f"Pemeriksaan templat ({directory or 'bawaan paket'})", show_lines=True)
    for col in ("Templat", "Variabel", "Hasil"):
        table.add_column(col)
    for r in reports:
        verdict = tinted("aman", "green") if r.ok else tinted("; ".join(r.problems()), "red")
        table.add_row(r.template, ", ".join(sorted(r.variables)), verdict)
    console.print(table)
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


templates_app.command("check")(check)
