"""`tpcb kinerja kategori|import|hitung|verifikasi|peringkat`: Penilaian Kinerja Puskesmas (PKP)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from evidence.errors import InputError, NotFound
from evidence.format_id import angka
from evidence.kinerja import (
    KinerjaResult,
    Perbandingan,
    SelfAssessment,
    Thresholds,
    bandingkan,
    kategori,
    parse_score,
    peringkat,
)
from evidence.kinerja.hasil import KOMPONEN
from evidence.registry import require_puskesmas
from evidence.siklus.verifikasi_kinerja import (
    PUSKESMAS,
    VERIFIKASI,
    baca_pkp,
    catat_verifikasi,
    hasil_pkp,
    impor_pkp,
)
from tpcb.cli.common import (
    add_columns,
    app_,
    assemble,
    check_format,
    console,
    kode_puskesmas,
    parse_date,
    parse_year,
    print_json,
    read_file,
    shown,
    styled,
    tinted,
    today,
)
from tpcb.services.kinerja import pkp_tahun
from tpcb.services.presenters import komponen_json, perbandingan_json
from tpcb.settings import get_settings

app = typer.Typer(help="Penilaian Kinerja Puskesmas (PKP): kategori, impor, verifikasi, peringkat.",
                  no_args_is_help=True)
VERSI = (PUSKESMAS, VERIFIKASI)
WARNA = {"Baik": "green", "Cukup": "yellow", "Kurang": "red"}
BATAS = {"layanan": 100.0, "manajemen": 10.0, "mutu": 100.0}
FileArg = Annotated[Path, typer.Argument(metavar="BERKAS", help="berkas PKP (.csv atau .xlsx)")]
PuskesmasOpt = Annotated[str, typer.Option("--puskesmas", help="kode Puskesmas, mis. PKM-SKJ")]
TahunOpt = Annotated[str, typer.Option("--tahun", help="tahun penilaian kinerja, mis. 2025")]
FormatOpt = Annotated[str, typer.Option("--format", help="table atau json")]


def _thresholds() -> Thresholds:
    """Category bounds: the office's own from settings (TPCB_KINERJA_AMBANG), else the decree's."""
    return get_settings().kinerja_ambang


def _angka(value: float | None, digits: int = 2) -> str:
    return angka(value, digits)


def _kat(name: str) -> Text:
    """A category as a table cell, in its colour."""
    return tinted(name, WARNA.get(name, "white"))


def _kat_markup(name: str) -> str:
    """A category inside a `styled` template."""
    return f"[{WARNA.get(name, 'white')}]{escape(name)}[/]"


def _expect_pkp_file(path: Path) -> None:
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"Berkas penilaian kinerja '{shown(path.name)}' harus berakhiran .csv "
                         "atau .xlsx.")


def _kode(repo, puskesmas: str) -> str:
    kode = kode_puskesmas(puskesmas)
    if repo.puskesmas(kode) is None:
        raise NotFound(f"Puskesmas dengan kode '{shown(kode)}' tidak terdaftar.")
    return kode


def _print_komponen(r: KinerjaResult, title: str) -> None:
    table = Table(title=title, title_justify="left")
    add_columns(table, ("Komponen", "left"), ("Nilai", "right"), ("Kategori", "left"))
    for key, label in KOMPONEN:
        table.add_row(label, _angka(getattr(r, key)), _kat(r.kategori[key]))
    console.print(table)
    console.print(styled(f"Kategori Puskesmas: {_kat_markup(r.kategori['puskesmas'])} (kelompok "
                         f"{escape(r.kelompok)}); nilai rata-rata {_angka(r.nilai_rata)}."))


# -- kategori ------------------------------------------------------------------------------------
@app.command("kategori")
def kategori_(
    layanan: Annotated[str, typer.Option("--layanan", help="nilai pelayanan 0-100, mis. 90,5")],
    manajemen: Annotated[str, typer.Option("--manajemen", help="nilai manajemen 0-10, mis. 8,5")],
    mutu: Annotated[str, typer.Option("--mutu", help="nilai mutu 0-100")],
    fmt: FormatOpt = "table",
) -> None:
    """Kategori kinerja (Baik, Cukup, Kurang) tiap komponen dan Puskesmas (yang terendah)."""
    check_format(fmt)
    values = {field: parse_score(text, field, BATAS[field])
              for field, text in (("layanan", layanan), ("manajemen", manajemen), ("mutu", mutu))}
    result = kategori(values["layanan"], values["manajemen"], values["mutu"], _thresholds())
    if fmt == "json":
        print_json({key: result[key] for key in ("layanan", "manajemen", "mutu", "puskesmas")})
        return
    table = Table(title="Kategori kinerja Puskesmas", title_justify="left")
    add_columns(table, ("Komponen", "left"), ("Nilai", "right"), ("Kategori", "left"))
    for key, label in KOMPONEN:
        table.add_row(label, _angka(values[key]), _kat(result[key]))
    console.print(table)
    console.print(styled(f"Kategori Puskesmas: {_kat_markup(result['puskesmas'])} (kategori "
                         "terendah dari ketiganya)."))


# -- import --------------------------------------------------------------------------------------
@app.command("import")
def import_(
    file: FileArg,
    puskesmas: PuskesmasOpt,
    tahun: TahunOpt,
) -> None:
    """Impor penilaian kinerja (PKP) satu Puskesmas; semua-atau-tidak-sama-sekali.

    PKP bukan SA standar akreditasi: SA diimpor dengan `tpcb sa import`.
    """
    year = parse_year(tahun)
    _expect_pkp_file(file)
    data = read_file(file)
    a = app_()
    with a.ctx() as c:
        kode = _kode(c.repo, puskesmas)
        existed = c.repo.pkp(year, kode, PUSKESMAS) is not None
        row = impor_pkp(c, kode, year, data, file.name)
        result = hasil_pkp(row, _thresholds())
        nama = require_puskesmas(c.repo, kode).nama
    _print_komponen(result, f"Penilaian kinerja {nama} tahun {year} (nilai Puskesmas)")
    if existed:
        console.print(f"Data ini menggantikan data PKP {year} sebelumnya.")
    console.print(f"Berikutnya: catat verifikasi Dinas Kesehatan dengan tpcb kinerja verifikasi "
                  f"--puskesmas {kode} --tahun {year} --tanggal TTTT-BB-HH --verifikator NIP [FILE]")


# -- hitung --------------------------------------------------------------------------------------
@app.command("hitung")
def hitung_(
    puskesmas: PuskesmasOpt,
    tahun: TahunOpt,
    versi: Annotated[str, typer.Option("--versi", help="puskesmas atau verifikasi")] = PUSKESMAS,
    fmt: FormatOpt = "table",
) -> None:
    """Tampilkan hasil PKP tersimpan: rata-rata per bagian, layanan, manajemen, mutu, kategori."""
    check_format(fmt)
    year = parse_year(tahun)
    if versi not in VERSI:
        raise InputError(f"Versi '{shown(versi)}' tidak dikenal; pilih salah satu: {', '.join(VERSI)}.")
    a = app_()
    with a.repo() as repo:
        kode = _kode(repo, puskesmas)
        row = repo.pkp(year, kode, versi)
        nama = require_puskesmas(repo, kode).nama
    if row is None:
        how = "tpcb kinerja import" if versi == PUSKESMAS else "tpcb kinerja verifikasi"
        raise NotFound(f"Belum ada penilaian kinerja versi {versi} untuk {kode} tahun {year}. "
                       f"Impor dulu dengan: {how} --puskesmas {kode} --tahun {year} FILE")
    r = hasil_pkp(row, _thresholds())
    if fmt == "json":
        print_json({
            "puskesmas": kode, "tahun": year, "versi": versi, **komponen_json(r),
            "bagian": [s.model_dump(include={"kode", "nama", "rata", "jumlah"}) for s in r.sections],
            "variabel": [v.model_dump() for v in r.variabel],
            "kelompok_manajemen": [k.model_dump() for k in r.kelompok_manajemen],
            "indikator": [{**i.model_dump(include={"kode", "nama"}), "bagian": i.section,
                           **i.model_dump(include={"target", "sasaran", "pencapaian", "cakupan",
                                                   "kinerja"})} for i in r.indikator],
            "butir_manajemen": [b.model_dump(include={"kode", "nama", "nilai"})
                                for b in r.butir_manajemen],
            "tidak_dinilai": list(r.tidak_dinilai), "tidak_berlaku": list(r.tidak_berlaku),
        })
        return
    table = Table(title=f"Rata-rata kinerja per bagian: {nama} tahun {year} (versi {versi})",
                  title_justify="left")
    add_columns(table, ("Bagian", "left"), ("Rata-rata kinerja (%)", "right"),
                       ("Variabel dinilai", "right"))
    for s in r.sections:
        table.add_row(s.nama, _angka(s.rata), str(s.jumlah))
    console.print(table)
    _print_komponen(r, "Hasil penilaian kinerja")
    console.print(f"Tidak dinilai: {len(r.tidak_dinilai)} butir; tidak berlaku (sasaran 0): "
                  f"{', '.join(r.tidak_berlaku) or '-'}.")


# -- verifikasi ----------------------------------------------------------------------------------
@app.command("verifikasi")
def verifikasi(
    puskesmas: PuskesmasOpt,
    tahun: TahunOpt,
    tanggal: Annotated[str, typer.Option("--tanggal", help="tanggal verifikasi TTTT-BB-HH")],
    verifikator: Annotated[list[str], typer.Option("--verifikator", help="NIP anggota TPCB yang "
                                                   "hadir (boleh berulang)")],
    file: Annotated[Path | None, typer.Argument(metavar="BERKAS",
                                                help="nilai hasil verifikasi (.csv/.xlsx); tanpa "
                                                "berkas: nilai Puskesmas dinyatakan sesuai")] = None,
    oleh: Annotated[str | None, typer.Option("--oleh", help="yang mencatat")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Catat verifikasi PKP yang sudah dilaksanakan: siapa, kapan, dan data yang dikoreksi."""
    check_format(fmt)
    year = parse_year(tahun)
    when = parse_date(tanggal)
    data = None
    if file is not None:
        _expect_pkp_file(file)
        data = read_file(file)
    a = app_()
    with a.ctx() as c:
        kode = _kode(c.repo, puskesmas)
        verified = (baca_pkp(data, file.name, kode=kode, tahun=year)
                    if file is not None and data is not None else None)
        catat_verifikasi(c, kode, year, tanggal=when, verifikator=verifikator, verified=verified,
                         oleh=oleh or "cli", today=today())
        own = c.repo.pkp(year, kode, PUSKESMAS)
        ver = c.repo.pkp(year, kode, VERIFIKASI)
        assert own is not None and ver is not None  # catat_verifikasi stored both
        cmp_ = bandingkan(SelfAssessment.model_validate(own.data),
                          SelfAssessment.model_validate(ver.data), thresholds=_thresholds())
        nama = require_puskesmas(c.repo, kode).nama
    if fmt == "json":
        print_json(perbandingan_json(cmp_, kode, year))
        return
    _print_perbandingan(cmp_, nama, year)
    console.print(f"Verifikasi tercatat ({when.isoformat()}, {len(set(verifikator))} verifikator). "
                  f"Berita acara dibuat pada tahap verifikasi_kinerja: tpcb cycle run --tahun "
                  f"{year + 1} --tahap verifikasi_kinerja")


def _print_perbandingan(cmp_: Perbandingan, nama: str, year: int) -> None:
    rows = cmp_.ditandai
    if rows:
        table = Table(title=f"Butir yang berbeda: {len(rows)} ({nama}, PKP tahun {year})",
                      title_justify="left")
        add_columns(table, ("Kode", "left"), ("Butir", "left"), ("Jenis", "left"),
                           ("Sasaran/pencapaian", "left"), ("Puskesmas", "right"),
                           ("Verifikasi", "right"), ("Selisih", "right"))
        for s in rows:
            figures: str | Text = "-"
            if s.jenis == "indikator":
                figures = assemble(
                    f"{_angka(s.sasaran_sendiri, 0)}/{_angka(s.pencapaian_sendiri, 0)} → ",
                    (f"{_angka(s.sasaran_verifikasi, 0)}/{_angka(s.pencapaian_verifikasi, 0)}",
                     "red"))
            digits = 0 if s.jenis == "manajemen" else 2
            table.add_row(s.kode, s.nama, s.jenis, figures, _angka(s.sendiri, digits),
                          tinted(_angka(s.verifikasi, digits), "red"),
                          tinted(_angka(s.selisih, digits), "bold red"))
        console.print(table)
        console.print("Nilai indikator = cakupan (%); nilai manajemen = skor 0/4/7/10.")
    else:
        console.print(f"Nilai Puskesmas sesuai dengan hasil verifikasi ({nama}, PKP tahun {year}).")
    own, ver = cmp_.hasil_sendiri, cmp_.hasil_verifikasi
    table = Table(title="Hasil setelah verifikasi", title_justify="left")
    add_columns(table, ("Komponen", "left"), ("Puskesmas", "right"), ("Verifikasi", "right"),
                       ("Kategori (verifikasi)", "left"))
    for key, label in KOMPONEN:
        mine, theirs = getattr(own, key), getattr(ver, key)
        changed = _angka(theirs) if mine == theirs else tinted(_angka(theirs), "red")
        table.add_row(label, _angka(mine), changed, _kat(ver.kategori[key]))
    console.print(table)
    console.print(styled(f"Kategori Puskesmas hasil verifikasi: "
                         f"{_kat_markup(cmp_.kategori['puskesmas'])} (kelompok "
                         f"{escape(ver.kelompok)})."))


# -- peringkat -----------------------------------------------------------------------------------
@app.command("peringkat")
def peringkat_(tahun: TahunOpt, fmt: FormatOpt = "table") -> None:
    """Peringkat Puskesmas per tahun PKP (nilai verifikasi bila ada), dalam kelompok I/II/III."""
    check_format(fmt)
    year = parse_year(tahun)
    a = app_()
    with a.repo() as repo:
        names = {p.kode: p.nama for p in repo.all_puskesmas()}
        chosen = pkp_tahun(repo, year)
    scores, versi = [], {}
    for kode, row in chosen.items():
        r = hasil_pkp(row, _thresholds())
        scores.append(SimpleNamespace(puskesmas=kode, layanan=r.layanan, manajemen=r.manajemen,
                                      mutu=r.mutu))
        versi[kode] = row.versi
    ranked = peringkat(scores, _thresholds())
    missing = [kode for kode in names if kode not in chosen]
    if fmt == "json":
        items = [{**p.model_dump(), "nama": names.get(p.puskesmas, p.puskesmas),
                  "nilai_rata": round(p.nilai_rata, 2), "versi": versi[p.puskesmas]} for p in ranked]
        print_json({"tahun": year, "peringkat": items,
                    "kelompok": {k: [p.puskesmas for p in ranked if p.kelompok == k]
                                 for k in ("I", "II", "III")},
                    "tanpa_data": missing})
        return
    if not ranked:
        console.print(f"Belum ada penilaian kinerja tahun {year}. Impor dulu: tpcb kinerja import")
        return
    table = Table(title=f"Peringkat kinerja Puskesmas tahun {year}", title_justify="left")
    add_columns(table, ("No", "right"), ("Puskesmas", "left"), ("Kategori", "left"),
                       ("Layanan", "right"), ("Manajemen", "right"), ("Mutu", "right"),
                       ("Nilai rata-rata", "right"), ("Sumber nilai", "left"))
    current = None
    for p in ranked:
        if p.kelompok != current:
            if current is not None:
                table.add_section()
            current = p.kelompok
            table.add_row("", tinted(f"Kelompok {p.kelompok}", "bold"), "", "", "", "", "", "")
        table.add_row(str(p.urutan), f"{p.puskesmas} {names.get(p.puskesmas, '')}",
                      _kat(p.kategori), _angka(p.layanan), _angka(p.manajemen), _angka(p.mutu),
                      _angka(p.nilai_rata), versi[p.puskesmas])
    console.print(table)
    console.print("Urutan: kategori (Baik dulu), lalu nilai rata-rata = (layanan + mutu + "
                  "manajemen × 10) / 3. Kelompok I = Baik, II = Cukup, III = Kurang.")
    if missing:
        console.print(f"Belum ada data PKP tahun {year}: {', '.join(missing)}.")
