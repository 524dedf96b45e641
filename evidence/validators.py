"""Checks shared by the master-data imports: values (NIP, e-mail, kode, nomor-surat pattern)
and CSV tables (delimiter, BOM, header, line numbers).

Every `*_problem` function returns None when the value is fine, otherwise a short reason in
Bahasa Indonesia that a clerk can act on.
"""

from __future__ import annotations

import csv
import io
import re
import string

from evidence.errors import ImportRejected, InputError, RowError

WAJIB = "wajib diisi"
NIP_REASON = "NIP harus 18 digit angka"
POLA_FIELDS = ("kode", "urut", "unit", "bulan_romawi", "bulan", "tahun")
_POLA_SAMPLE = {"kode": "400.7", "urut": 7, "unit": "TPCB", "bulan_romawi": "IV", "bulan": 4,
                "tahun": 2025}
_NIP = re.compile(r"^\d{18}$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}$")
_KODE = re.compile(r"^[A-Z0-9-]{2,20}$")
_DOTTED_DIGITS = re.compile(r"^\d+(\.\d+)*$")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TEXT = 2000  # longest single value an import field may hold


def teks_problem(value: str) -> str | None:
    """Text a person typed: no control characters (NUL, \\x0b...), no megabyte cells."""
    if (m := _CONTROL.search(value)) is not None:
        return f"memuat karakter kendali {m.group()!r} yang tidak sah; ketik ulang isinya"
    if len(value) > MAX_TEXT:
        return f"terlalu panjang ({len(value)} karakter; batas {MAX_TEXT})"
    return None


def clean_nip(value: str) -> str:
    """The NIP without the spaces clerks type between its groups."""
    return "".join(value.split())


def nip_problem(nip: str) -> str | None:
    return None if _NIP.match(nip) else NIP_REASON


def email_problem(email: str) -> str | None:
    return None if _EMAIL.match(email) else "alamat email tidak sah"


def kode_problem(kode: str) -> str | None:
    if _KODE.match(kode):
        return None
    return "kode harus 2-20 karakter: huruf, angka atau tanda '-' (mis. PKM-SKJ)"


def kode_wilayah_problem(kode: str) -> str | None:
    if _DOTTED_DIGITS.match(kode):
        return None
    return "kode wilayah hanya boleh angka dan titik (mis. \"33.18\")"


def pola_fields(pola: str) -> list[str]:
    """The placeholder names used in a numbering pattern (raises ValueError if malformed)."""
    return [name for _, name, _, _ in string.Formatter().parse(pola) if name is not None]


def pola_problem(pola: str) -> str | None:
    """Check a letter-number pattern such as "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}"."""
    try:
        parts = list(string.Formatter().parse(pola))
    except ValueError:
        return "pola tidak sah: tanda kurung kurawal { } tidak berpasangan"
    allowed = ", ".join("{" + name + "}" for name in POLA_FIELDS)
    for _, name, _, conversion in parts:
        if name is not None and name not in POLA_FIELDS:
            return f"penanda {{{name}}} tidak dikenal; yang boleh: {allowed}"
        if conversion:
            return f"penanda {{{name}!{conversion}}} tidak boleh memakai '!'"
    if "urut" not in pola_fields(pola):
        return "pola harus memuat {urut} (nomor urut surat)"
    try:
        pola.format(**_POLA_SAMPLE)
    except (ValueError, KeyError, IndexError):
        return "format penanda tidak sah (contoh yang benar: {urut:03d})"
    return None


# -- CSV tables ----------------------------------------------------------------------------------
def read_table(text: str, source: str, required: tuple[str, ...], columns: tuple[str, ...]):
    """(rows as (line, {column: value}), row-shape errors); header problems raise at once.

    A row with more cells than the header is reported once and left out: its values are shifted,
    so checking them would only add noise.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"Berkas CSV {source} kosong.")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, dict[str, str] | None]] = []
    problems: list[RowError] = []
    try:
        header = [name.strip().lower() for name in next(reader)]
        _check_header(header, source, required, columns)
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((start, _row(header, cells, start, problems)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"Berkas CSV {source} rusak di baris {reader.line_num}: {exc}") from exc
    if not rows:
        raise InputError(f"Berkas CSV {source} hanya berisi tajuk, tanpa data.")
    return [(line, row) for line, row in rows if row is not None], problems


def _check_header(header: list[str], source: str, required: tuple, columns: tuple) -> None:
    named = [name for name in header if name]
    problems = [RowError(1, name, "kolom ganda") for name in sorted(set(named))
                if named.count(name) > 1]
    allowed = ", ".join(columns)
    problems += [RowError(1, name, f"kolom tidak dikenal; yang boleh: {allowed}")
                 for name in named if name not in columns]
    problems += [RowError(1, name, "kolom wajib tidak ada") for name in required
                 if name not in named]
    if problems:
        raise ImportRejected(source, problems)


def _row(header: list[str], cells: list[str], line: int, problems: list) -> dict | None:
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
        problems.append(RowError(line, "*", f"ada {len(cells)} kolom, tajuk hanya {len(header)}"))
        return None
    row = {name: "" for name in header if name}
    for name, cell in zip(header, cells, strict=False):
        if name and (reason := teks_problem(cell)):
            problems.append(RowError(line, name, reason))
        if name:
            row[name] = cell.strip()
        elif cell.strip():
            problems.append(RowError(line, "*", "ada isi di kolom tanpa nama tajuk"))
    return row


def require(row: dict[str, str], fields: tuple, line: int, problems: list) -> None:
    problems += [RowError(line, field, WAJIB) for field in fields if not row.get(field)]


def note_duplicate(key: str, line: int, seen: dict[str, int], field: str, problems: list) -> None:
    """Record `key` as seen at `line`; a repeat is a row error on `field`."""
    if key and key in seen:
        label = "NIP" if field.endswith("nip") else field
        problems.append(RowError(line, field, f"{label} ganda (juga di baris {seen[key]})"))
    seen.setdefault(key, line)
