"""Master data from the secretariat's files: the Dinas Kesehatan (YAML), Puskesmas and TPCB (CSV).

Pure domain code: the functions take text (and the logo's bytes) and return records. Imports are
all-or-nothing: every problem is collected and raised together as ImportRejected, with the line,
the field and a reason in Bahasa Indonesia.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from evidence import validators as v
from evidence.errors import ImportRejected, InputError, RowError
from evidence.records import AnggotaTim, Office, Puskesmas
from evidence.yaml_aman import YamlDitolak, muat_yaml, susun_yaml

WAJIB = v.WAJIB
PERAN = ("ketua", "wakil_ketua", "sekretaris", "anggota")
_QUOTE = "tulis dalam tanda kutip, mis. \"{}\", agar angka 0 di belakang titik tidak hilang"
_DINKES_REQUIRED = ("nama", "kabupaten", "kode_wilayah", "kota", "alamat", "telepon", "email",
                    "kepala_dinas.nama", "kepala_dinas.nip", "kepala_dinas.pangkat")
_DINKES_OPTIONAL = ("jenis_daerah", "kode_pos", "faks", "website", "logo")
_DINKES_KEYS = {key.split(".")[0] for key in _DINKES_REQUIRED + _DINKES_OPTIONAL} | {
    "penomoran", "dasar_hukum"}
_KEPALA_KEYS = {"nama", "nip", "pangkat"}
_PENOMORAN_KEYS = {"pola", "unit", "kode", "sisipan"}
_PKM_REQUIRED = ("kode", "nama", "kecamatan", "kepala_nama")
_PKM_OPTIONAL = ("kepala_nip", "ktu_nama", "pj_mutu_nama", "pj_pelayanan_nama", "email")
_TIM_REQUIRED = ("nama", "nip", "pangkat", "jabatan", "bidang", "peran")
_TIM_COLUMNS = _TIM_REQUIRED + ("puskesmas_binaan",)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


# -- Dinas Kesehatan (YAML) -------------------------------------------------------------------
class _Problems:
    """Collects RowErrors, placing each at the YAML line of its key (or of its parent key)."""

    def __init__(self, lines: dict[str, int], rows: list[RowError]):
        self.lines, self.rows = lines, rows

    def add(self, path: str, reason: str) -> None:
        line = self.lines.get(path) or self.lines.get(path.rpartition(".")[0], 0)
        self.rows.append(RowError(line, path, reason))


def logo_reference(text: str) -> str | None:
    """The logo file name given in the dinkes YAML, so the caller knows which file to read."""
    data, _ = _load_yaml(text)
    logo = data.get("logo")
    return (logo.strip() or None) if isinstance(logo, str) else None


def parse_dinkes(text: str, *, logo: bytes | None = None, logo_name: str | None = None) -> Office:
    data, problems = _load_yaml(text)
    for key in sorted(set(data) - _DINKES_KEYS):
        problems.add(key, "kunci tidak dikenal")
    if isinstance(data.get("kepala_dinas"), dict):
        for key in sorted(set(data["kepala_dinas"]) - _KEPALA_KEYS):
            problems.add(f"kepala_dinas.{key}", "kunci tidak dikenal")
    values = {path: _yaml_text(data, path, problems) for path in _DINKES_REQUIRED}
    values |= {path: _yaml_text(data, path, problems, required=False) for path in _DINKES_OPTIONAL}
    _check_dinkes_values(values, problems)
    penomoran = _penomoran(data.get("penomoran"), problems)
    dasar = _dasar_hukum(data.get("dasar_hukum"), problems)
    if logo is not None and not logo.startswith(_IMAGE_MAGIC):
        problems.add("logo", "logo harus berkas gambar PNG atau JPEG")
    if problems.rows:
        raise ImportRejected("dinkes", sorted(problems.rows, key=lambda row: row.line))
    return Office(
        nama=values["nama"], kabupaten=values["kabupaten"], kode_wilayah=values["kode_wilayah"],
        jenis_daerah=values["jenis_daerah"] or "Kabupaten", kota=values["kota"],
        alamat=values["alamat"], kode_pos=values["kode_pos"], telepon=values["telepon"],
        faks=values["faks"], email=values["email"], website=values["website"],
        logo=logo, logo_nama=(logo_name or values["logo"] or None) if logo is not None else None,
        kepala_nama=values["kepala_dinas.nama"], kepala_nip=values["kepala_dinas.nip"],
        kepala_pangkat=values["kepala_dinas.pangkat"], penomoran=penomoran, dasar_hukum=dasar,
    )


def _load_yaml(text: str) -> tuple[dict[str, Any], _Problems]:
    try:
        data = muat_yaml(text)
        node = susun_yaml(text)
    except YamlDitolak as exc:
        raise InputError(f"Berkas data Dinas Kesehatan ditolak: {exc}.") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (sekitar baris {mark.line + 1})" if mark else ""
        raise InputError(
            f"Berkas data Dinas Kesehatan bukan YAML yang sah{where}: periksa titik dua, "
            "indentasi (pakai spasi, bukan tab) dan tanda kutip."
        ) from exc
    if data is None:
        raise InputError("Berkas data Dinas Kesehatan kosong.")
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise InputError(
            "Berkas data Dinas Kesehatan harus berisi pasangan 'kunci: nilai' "
            "(mis. 'nama: Dinas Kesehatan Kabupaten ...'), bukan teks biasa atau daftar."
        )
    problems = _Problems({}, [])
    _key_lines(node, "", problems)
    return data, problems


def _key_lines(node: yaml.MappingNode, prefix: str, problems: _Problems) -> None:
    for key_node, value_node in node.value:
        path, line = f"{prefix}{key_node.value}", key_node.start_mark.line + 1
        if path in problems.lines:
            reason = f"kunci ganda (juga di baris {problems.lines[path]})"
            problems.rows.append(RowError(line, path, reason))
        problems.lines.setdefault(path, line)
        if isinstance(value_node, yaml.MappingNode):
            _key_lines(value_node, f"{path}.", problems)


def _yaml_text(data: dict, path: str, problems: _Problems, *, required: bool = True) -> str:
    value: Any = data
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, dict | list):
        problems.add(path, "harus berupa satu nilai teks, bukan daftar")
        return ""
    if path == "kode_wilayah" and isinstance(value, float):
        problems.add(path, _QUOTE.format("33.18"))
        return ""
    text = "" if value is None else str(value).strip()
    if reason := v.teks_problem(text):
        problems.add(path, reason)
        return ""
    if required and not text:
        problems.add(path, WAJIB)
    return text


def _check_dinkes_values(values: dict[str, str], problems: _Problems) -> None:
    values["kepala_dinas.nip"] = nip = v.clean_nip(values["kepala_dinas.nip"])
    checks = [
        ("kepala_dinas.nip", nip and v.nip_problem(nip)),
        ("email", values["email"] and v.email_problem(values["email"])),
        ("kode_wilayah", values["kode_wilayah"] and v.kode_wilayah_problem(values["kode_wilayah"])),
    ]
    jenis = values["jenis_daerah"].capitalize()
    if jenis not in ("", "Kabupaten", "Kota"):
        checks.append(("jenis_daerah", "harus 'Kabupaten' atau 'Kota'"))
    values["jenis_daerah"] = jenis
    for path, reason in checks:
        if reason:
            problems.add(path, reason)


def _dasar_hukum(value: Any, problems: _Problems) -> dict[str, Any]:
    """Optional: `standar` (the decree of the accreditation standard) and `mengingat` (the
    regulations cited by the SK TPCB); anything left out takes the product's defaults."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add("dasar_hukum", "harus berisi 'standar' dan/atau 'mengingat'")
        return {}
    for key in sorted(set(value) - {"standar", "mengingat"}):
        problems.add(f"dasar_hukum.{key}", "kunci tidak dikenal; yang boleh: standar, mengingat")
    out: dict[str, Any] = {}
    standar = value.get("standar")
    if standar is not None:
        if not isinstance(standar, str) or not standar.strip():
            problems.add("dasar_hukum.standar", "harus berupa teks, mis. \"Keputusan Menteri "
                         "Kesehatan Nomor HK.01.07/MENKES/165/2023 tentang ...\"")
        else:
            out["standar"] = " ".join(standar.split())
    mengingat = value.get("mengingat")
    if mengingat is not None:
        if (not isinstance(mengingat, list) or not mengingat
                or not all(isinstance(x, str) and x.strip() for x in mengingat)):
            problems.add("dasar_hukum.mengingat", "harus berupa daftar peraturan (teks), satu per baris")
        else:
            out["mengingat"] = [" ".join(x.split()) for x in mengingat]
    return out


def _penomoran(value: Any, problems: _Problems) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add("penomoran", "harus berisi pola, unit dan kode")
        return {}
    for key in sorted(set(value) - _PENOMORAN_KEYS):
        problems.add(f"penomoran.{key}", "kunci tidak dikenal")
    pola, unit = value.get("pola"), value.get("unit")
    if not isinstance(pola, str) or not pola.strip():
        problems.add("penomoran.pola", WAJIB)
    elif reason := v.pola_problem(pola):
        problems.add("penomoran.pola", reason)
    elif "unit" in v.pola_fields(pola) and not unit:
        problems.add("penomoran.unit", "wajib diisi karena pola memakai {unit}")
    kode = _penomoran_kode(value.get("kode"), problems)
    if isinstance(pola, str) and "{kode" in pola and not kode:
        problems.add("penomoran.kode", "wajib diisi karena pola memakai {kode}")
    sisipan = value.get("sisipan", False)
    if not isinstance(sisipan, bool):
        problems.add("penomoran.sisipan", "harus true atau false")
    return {"pola": pola, "unit": "" if unit is None else str(unit).strip(), "kode": kode,
            "sisipan": sisipan is True}


def _penomoran_kode(value: Any, problems: _Problems) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add("penomoran.kode", "harus berisi jenis surat: kode (mis. 'sk: \"400.7\"')")
        return {}
    kode: dict[str, str] = {}
    for jenis, nomor in value.items():
        path = f"penomoran.kode.{jenis}"
        if isinstance(nomor, float):
            problems.add(path, _QUOTE.format("400.10"))
        elif not isinstance(nomor, str | int) or not str(nomor).strip():
            problems.add(path, WAJIB)
        else:
            kode[str(jenis)] = str(nomor).strip()
    return kode


# -- Puskesmas ----------------------------------------------------------------------------------
def parse_puskesmas_csv(text: str) -> list[Puskesmas]:
    rows, problems = v.read_table(text, "puskesmas", _PKM_REQUIRED, _PKM_REQUIRED + _PKM_OPTIONAL)
    seen: dict[str, int] = {}
    result = []
    for line, row in rows:
        result.append(_puskesmas(line, row, problems))
        v.note_duplicate(result[-1].kode, line, seen, "kode", problems)
    if problems:
        raise ImportRejected("puskesmas", problems)
    return result


def _puskesmas(line: int, row: dict[str, str], problems: list) -> Puskesmas:
    v.require(row, _PKM_REQUIRED, line, problems)
    row["kode"] = row["kode"].upper()
    row["kepala_nip"] = v.clean_nip(row.get("kepala_nip", ""))
    checks = [("kode", v.kode_problem), ("kepala_nip", v.nip_problem), ("email", v.email_problem)]
    for field, check in checks:
        if row.get(field) and (reason := check(row[field])):
            problems.append(RowError(line, field, reason))
    return Puskesmas(**row)


# -- Tim Pembina Cluster Binaan -----------------------------------------------------------------
def parse_tim_csv(text: str, *, known_puskesmas: set[str]) -> list[AnggotaTim]:
    rows, problems = v.read_table(text, "tim", _TIM_COLUMNS, _TIM_COLUMNS)
    known = {kode.upper() for kode in known_puskesmas}
    seen: dict[str, int] = {}
    result = []
    for line, row in rows:
        result.append(_anggota(line, row, known, problems))
        v.note_duplicate(result[-1].nip, line, seen, "nip", problems)
    _one_ketua([line for (line, _), member in zip(rows, result, strict=True)
                if member.peran == "ketua"], problems)
    if problems:
        raise ImportRejected("tim", problems)
    return result


def _one_ketua(lines: list[int], problems: list[RowError]) -> None:
    if len(lines) != 1:
        found = "tidak ada"
        if lines:
            found = f"ditemukan {len(lines)} (baris {', '.join(map(str, lines))})"
        problems.append(RowError(0, "peran", f"harus ada tepat satu ketua; {found}"))


def _anggota(line: int, row: dict[str, str], known: set[str], problems: list) -> AnggotaTim:
    v.require(row, _TIM_REQUIRED, line, problems)
    row["nip"] = v.clean_nip(row["nip"])
    if row["nip"] and (reason := v.nip_problem(row["nip"])):
        problems.append(RowError(line, "nip", reason))
    row["peran"] = re.sub(r"[\s-]+", "_", row["peran"].lower())
    if row["peran"] and row["peran"] not in PERAN:
        problems.append(RowError(line, "peran", f"peran harus salah satu dari: {', '.join(PERAN)}"))
    binaan = list(dict.fromkeys(re.split(r"[;|,\s]+", row.pop("puskesmas_binaan").upper())))
    binaan = [kode for kode in binaan if kode]
    problems += [RowError(line, "puskesmas_binaan", f"kode Puskesmas '{kode}' tidak terdaftar")
                 for kode in binaan if kode not in known]
    fields: dict[str, Any] = dict(row)  # the text columns; the model has typed ones too
    return AnggotaTim(**fields, puskesmas_binaan=binaan)
