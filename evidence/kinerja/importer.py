"""Import of a Puskesmas's PKP self-assessment from CSV text or XLSX bytes.

One row per indicator or management item; the first row names the columns:

    jenis       indikator | manajemen                                   (wajib)
    kode        kode in the instrument, e.g. B.A1.1, E.A2.6             (wajib kolomnya; the cell may
                be empty when `nama` is exactly the name of one item of that jenis)
    nama        optional; when given it must match the kode's name (catches shifted rows)
    sasaran     indikator: a number >= 0 (yes/no indicators: empty or 1)
    pencapaian  indikator: a number >= 0 (yes/no indicators: ya/tidak, ada/tidak ada, 1/0)
    nilai       manajemen: 0, 4, 7 or 10, and only a level the instrument describes for the item
    keterangan  optional note, ignored

Numbers take a comma or a dot as decimal mark and no thousands marks ("1.234" is refused as
ambiguous). Sasaran 0 with pencapaian 0 means "tidak berlaku"; sasaran 0 with pencapaian > 0 is an
error. Items left out are "tidak dinilai". The import is all-or-nothing: every problem is reported
at once as ImportRejected (line, column, reason); XLSX lines are the Excel row numbers of the first
worksheet, whose first row is the header.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
from openpyxl.styles import Font

from evidence import validators as v
from evidence.errors import ImportRejected, InputError, RowError
from evidence.kinerja.hasil import NilaiIndikator, SelfAssessment
from evidence.kinerja.model import ButirManajemen, Indikator, Perangkat, load_perangkat
from evidence.kinerja.scoring import angka, baca_angka

KOLOM = ("jenis", "kode", "nama", "sasaran", "pencapaian", "nilai", "keterangan")
KOLOM_WAJIB = ("jenis", "kode")
JENIS = ("indikator", "manajemen")
_YA_TIDAK = {"ya": 1.0, "ada": 1.0, "1": 1.0, "tidak": 0.0, "tdk": 0.0, "tidak ada": 0.0, "0": 0.0}
_NUMERIC = ("sasaran", "pencapaian", "nilai")


def parse_csv(text: str, *, puskesmas: str = "", tahun: int | None = None,
              perangkat: Perangkat | None = None, source: str = "penilaian kinerja") -> SelfAssessment:
    rows, problems = v.read_table(text, source, KOLOM_WAJIB, KOLOM)
    p = perangkat or load_perangkat()
    indikator: dict[str, NilaiIndikator] = {}
    manajemen: dict[str, int] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        jenis = row["jenis"].lower()
        if jenis not in JENIS:
            reason = f"'{row['jenis']}' tidak dikenal; yang boleh: indikator, manajemen"
            problems.append(RowError(line, "jenis", reason if jenis else v.WAJIB))
            continue
        item = _item(line, row, jenis, p, problems)
        if item is None:
            continue
        v.note_duplicate(item.kode, line, seen, "kode", problems)
        if isinstance(item, Indikator):
            if (value := _indikator(line, row, item, problems)) is not None:
                indikator[item.kode] = value
        elif (score := _nilai(line, row, item, problems)) is not None:
            manajemen[item.kode] = score
    if problems:
        raise ImportRejected(source, sorted(problems, key=lambda row: row.line))
    return SelfAssessment(puskesmas=puskesmas, tahun=tahun, indikator=indikator, manajemen=manajemen)


def parse_xlsx(data: bytes, *, puskesmas: str = "", tahun: int | None = None,
               perangkat: Perangkat | None = None, source: str = "penilaian kinerja") -> SelfAssessment:
    return parse_csv(xlsx_ke_csv(data, source), puskesmas=puskesmas, tahun=tahun,
                     perangkat=perangkat, source=source)


def xlsx_ke_csv(data: bytes, source: str = "penilaian kinerja") -> str:
    """The first worksheet as CSV text, one line per Excel row (so line numbers stay Excel's)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = [[_cell(value) for value in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... on a bad file
        raise InputError(f"Berkas {source} bukan XLSX yang sah (Excel 2007 ke atas). Berkas .xls "
                         "lama: simpan ulang sebagai .xlsx, atau unggah sebagai CSV.") from exc
    filled = [row for row in rows if any(row)]
    if len(filled) < 2:
        what = "kosong" if not filled else "hanya berisi tajuk, tanpa data"
        raise InputError(f"Lembar pertama berkas XLSX {source} {what}.")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def csv_ke_xlsx(text: str) -> bytes:
    """The same table as an .xlsx workbook (sheet "PKP"), numbers stored as numbers."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    rows = list(csv.reader(io.StringIO(text), delimiter=max((",", ";", "\t"), key=first.count)))
    header = [name.strip().lower() for name in rows[0]] if rows else []
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "PKP"
    for cells in rows:
        sheet.append([_typed(cell, header[i] if i < len(header) else "") for i, cell in enumerate(cells)])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that looks like a formula stays text (CSV injection)
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _typed(cell: str, column: str) -> str | float | int:
    if column in _NUMERIC and cell.strip():
        try:
            value = baca_angka(cell)
        except ValueError:
            return cell
        return int(value) if value.is_integer() else value
    return cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", name.casefold()).strip()


def _item(line: int, row: dict[str, str], jenis: str, p: Perangkat,
          problems: list[RowError]) -> Indikator | ButirManajemen | None:
    kode, nama = row["kode"], row.get("nama", "")
    find, other = ((p.cari_indikator, p.cari_butir) if jenis == "indikator"
                   else (p.cari_butir, p.cari_indikator))
    if kode:
        item = find(kode)
        if item is None:
            reason = f"kode '{kode}' tidak dikenal dalam perangkat PKP"
            if other(kode) is not None:
                reason = f"kode '{kode}' bukan {jenis} (periksa kolom jenis)"
            problems.append(RowError(line, "kode", reason))
        elif nama and _norm(nama) != _norm(item.nama):
            problems.append(RowError(line, "nama", f"tidak cocok dengan kode {item.kode} "
                                                   f"('{item.nama}'); periksa apakah baris tergeser"))
        return item
    if not nama:
        problems.append(RowError(line, "kode", v.WAJIB))
        return None
    items = p.indikator if jenis == "indikator" else p.manajemen
    matches = [item for item in items if _norm(item.nama) == _norm(nama)]
    if len(matches) == 1:
        return matches[0]
    reason = "kode kosong dan nama tidak ada di perangkat PKP; isi kode"
    if matches:
        reason = f"kode kosong dan nama cocok dengan {', '.join(m.kode for m in matches)}; isi kode"
    problems.append(RowError(line, "nama", reason))
    return None


def _angka(line: int, row: dict, field: str, problems: list, default: float | None = None):
    text = row.get(field, "")
    if not text:
        if default is None:
            problems.append(RowError(line, field, v.WAJIB))
        return default
    try:
        value = baca_angka(text)
    except ValueError as exc:
        problems.append(RowError(line, field, str(exc)))
        return None
    if value < 0:
        problems.append(RowError(line, field, f"tidak boleh negatif ({angka(value)})"))
        return None
    return value


def _kosong(line: int, row: dict, fields: tuple[str, ...], jenis: str, problems: list) -> None:
    problems += [RowError(line, field, f"hanya untuk baris {jenis}; kosongkan")
                 for field in fields if row.get(field)]


def _indikator(line: int, row: dict, item: Indikator, problems: list) -> NilaiIndikator | None:
    _kosong(line, row, ("nilai",), "manajemen", problems)
    if item.ya_tidak:
        sasaran = _angka(line, row, "sasaran", problems, default=1.0)
        if sasaran not in (None, 1.0):
            problems.append(RowError(line, "sasaran", "indikator ya/tidak: isi 1 atau kosongkan"))
            sasaran = None
        pencapaian = _YA_TIDAK.get(row.get("pencapaian", "").lower())
        if pencapaian is None:
            problems.append(RowError(line, "pencapaian", "indikator ya/tidak: isi ya atau tidak"))
    else:
        sasaran = _angka(line, row, "sasaran", problems)
        pencapaian = _angka(line, row, "pencapaian", problems)
    if sasaran is None or pencapaian is None:
        return None
    if sasaran == 0 and pencapaian > 0:
        problems.append(RowError(line, "pencapaian", f"{angka(pencapaian)} tanpa sasaran: sasaran 0 "
                                 "hanya boleh bila pencapaian juga 0 (indikator tidak berlaku)"))
        return None
    return NilaiIndikator(sasaran=sasaran, pencapaian=pencapaian)


def _nilai(line: int, row: dict, item: ButirManajemen, problems: list) -> int | None:
    _kosong(line, row, ("sasaran", "pencapaian"), "indikator", problems)
    value = _angka(line, row, "nilai", problems)
    if value is None:
        return None
    if value not in (0, 4, 7, 10):
        problems.append(RowError(line, "nilai", f"{angka(value)} tidak boleh; nilai manajemen "
                                                "hanya 0, 4, 7 atau 10"))
        return None
    if value not in item.nilai_boleh:
        allowed = ", ".join(map(str, item.nilai_boleh))
        problems.append(RowError(line, "nilai", f"butir {item.kode} tidak punya uraian untuk nilai "
                                                f"{angka(value)}; yang boleh: {allowed}"))
        return None
    return int(value)
