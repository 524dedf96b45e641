"""The PKP instrument ("perangkat") as data: indicators with targets, and management items.

The packaged instrument is `indikator_pati.yaml` (Kabupaten Pati decree 800/0022, seed 002); a
Dinas Kesehatan with other targets passes its own YAML text to `parse_perangkat`.

Indicator code = section letter of the decree, variabel and number joined by dots: "A.1" (SPM 1),
"B.A1.1" (UKM esensial, A1 Pemberdayaan Masyarakat, butir 1), "B.C1.A.1" (C1, sub-group A, butir 1),
"E.B1.1a" (INM, mutu). Management items: "E.A1.1" ... "E.B3.3". Look-ups ignore case.

Direction (`arah`) rule: "lower" (smaller is better) when the target text starts with "<" or "≤"
(a strict "<" is treated like "≤": meeting the bound exactly counts as met), or when the YAML says
`arah: lower` - done for rates of bad outcomes whose target is a plain number (angka kematian,
angka kesakitan, prevalensi, gizi buruk, bumil KEK, anemia, BBLR, rujukan). Otherwise "higher". A
YAML `arah` contradicting the target's operator is refused.

`faktor` is the multiplier of cakupan = pencapaian / sasaran x faktor: 100 for "%", 1000 for "‰" or
"per 1.000", 100000 for "per 100.000", 1 for yes/no indicators (target "ya"/"ada" = 1, pencapaian
1 = ya, 0 = tidak); any other unit must state its faktor in the YAML (e.g. 1 for averages such as
LOS in days). A higher-is-better target of 0 is refused (kinerja would divide by zero).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from evidence.errors import CatalogueError
from evidence.yaml_aman import muat_yaml

Section = Literal["spm", "ukm_esensial", "ukm_pengembangan", "ukp", "mutu"]
Arah = Literal["higher", "lower"]
LAYANAN: tuple[Section, ...] = ("spm", "ukm_esensial", "ukm_pengembangan", "ukp")
NILAI_MANAJEMEN = (0, 4, 7, 10)
NAMA_SECTION = {"spm": "SPM", "ukm_esensial": "UKM Esensial dan Perkesmas",
                "ukm_pengembangan": "UKM Pengembangan", "ukp": "UKP", "mutu": "Mutu"}
_FROZEN = ConfigDict(extra="forbid", frozen=True)
_TARGET = re.compile(r"^(?P<op><=|>=|[<>≤≥])?\s*(?P<angka>\d+(?:[.,]\d+)?)")
_YA = ("ya", "ada")


class Indikator(BaseModel):
    model_config = _FROZEN
    kode: str
    section: Section
    variabel_kode: str
    variabel: str
    program: str = ""
    nama: str
    satuan: str
    target: float = Field(ge=0)
    target_teks: str
    arah: Arah
    faktor: float = Field(gt=0)
    ya_tidak: bool = False
    sasaran: str = ""


class ButirManajemen(BaseModel):
    model_config = _FROZEN
    kode: str
    kelompok_kode: str
    kelompok: str
    nama: str
    target: str = ""
    level: dict[int, str]

    @property
    def nilai_boleh(self) -> tuple[int, ...]:
        """The scores this item may take: those of 0/4/7/10 that the instrument describes."""
        return tuple(sorted(self.level))


class Perangkat(BaseModel):
    model_config = _FROZEN
    sumber: str
    tahun_target: int | None = None
    indikator: tuple[Indikator, ...]
    manajemen: tuple[ButirManajemen, ...]
    _indikator: dict[str, Indikator] = PrivateAttr(default_factory=dict)
    _butir: dict[str, ButirManajemen] = PrivateAttr(default_factory=dict)

    def semua(self) -> tuple[Indikator | ButirManajemen, ...]:
        """Every item of the instrument: the indicators, then the management items."""
        return (*self.indikator, *self.manajemen)

    def model_post_init(self, _context) -> None:
        seen: set[str] = set()
        for item in self.semua():
            if item.kode.upper() in seen:
                raise ValueError(f"kode '{item.kode}' ganda")
            seen.add(item.kode.upper())
        self._indikator.update({i.kode.upper(): i for i in self.indikator})
        self._butir.update({b.kode.upper(): b for b in self.manajemen})

    def cari_indikator(self, kode: str) -> Indikator | None:
        return self._indikator.get(kode.strip().upper())

    def cari_butir(self, kode: str) -> ButirManajemen | None:
        return self._butir.get(kode.strip().upper())

    def section(self, section: Section) -> tuple[Indikator, ...]:
        return tuple(i for i in self.indikator if i.section == section)


# -- the YAML shape -------------------------------------------------------------------------------
class _RawIndikator(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nomor: str
    nama: str
    satuan: str
    target: str
    target_nilai: float | None = None
    arah: Arah | None = None
    faktor: float | None = None
    sasaran: str = ""


class _RawVariabel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kode: str
    nama: str
    program: str = ""
    indikator: list[_RawIndikator] = Field(min_length=1)


class _RawBagian(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kode: str
    section: Section
    judul: str
    variabel: list[_RawVariabel] = Field(min_length=1)


class _RawButir(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nomor: str
    nama: str
    target: str = ""
    level: list[str | None] = Field(min_length=4, max_length=4)


class _RawKelompok(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kode: str
    nama: str
    butir: list[_RawButir] = Field(min_length=1)


class _RawPerangkat(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sumber: str
    tahun_target: int | None = None
    bagian: list[_RawBagian]
    manajemen: list[_RawKelompok]


def parse_target(teks: str) -> tuple[float, Arah | None, bool]:
    """(number, direction implied by its operator or None, is a yes/no target) of a target text.

    "≤ 2 %" -> (2.0, "lower", False); "≥ 95" -> (95.0, "higher", False); "0,1" -> (0.1, None, False);
    "ya"/"Ada" -> (1.0, None, True). Raises ValueError when the text holds no number.
    """
    text = teks.strip()
    if text.lower() in _YA:
        return 1.0, None, True
    match = _TARGET.match(text)
    if not match:
        raise ValueError(f"target '{teks}' bukan angka; isi target_nilai")
    op = match["op"]
    arah: Arah | None = "lower" if op in ("<", "<=", "≤") else "higher" if op else None
    return float(match["angka"].replace(",", ".")), arah, False


def faktor_satuan(satuan: str) -> float | None:
    """The cakupan multiplier implied by a unit, or None when the unit does not imply one."""
    text = satuan.strip().lower()
    if text == "%":
        return 100.0
    if "‰" in text:
        return 1000.0
    if re.search(r"100\.?000|100\s*rb", text):
        return 100000.0
    if re.search(r"\b1\.?000\b", text):
        return 1000.0
    if text.replace(" ", "") in ("ya/tdk", "ada/tdk", "ya/tidak", "ada/tidak"):
        return 1.0
    return None


def _indikator(bagian: _RawBagian, var: _RawVariabel, raw: _RawIndikator, problems: list) -> dict:
    kode = ".".join(part for part in (bagian.kode, var.kode, raw.nomor) if part)
    try:
        target, arah, ya_tidak = parse_target(raw.target)
    except ValueError as exc:
        if raw.target_nilai is None:
            problems.append(f"{kode}: {exc}")
        target, arah, ya_tidak = 0.0, None, False
    if raw.target_nilai is not None:
        target = raw.target_nilai
    if arah and raw.arah and arah != raw.arah:
        problems.append(f"{kode}: arah {raw.arah} bertentangan dengan target '{raw.target}'")
    arah = raw.arah or arah or "higher"
    faktor = raw.faktor or faktor_satuan(raw.satuan) or (1.0 if ya_tidak else None)
    if faktor is None:
        problems.append(f"{kode}: satuan '{raw.satuan}' tidak menentukan faktor; isi faktor")
    if arah == "higher" and target <= 0:
        problems.append(f"{kode}: target 0 hanya boleh untuk indikator lower")
    return {"kode": kode, "section": bagian.section,
            "variabel_kode": ".".join(part for part in (bagian.kode, var.kode) if part),
            "variabel": f"{var.kode} {var.nama}".strip(), "program": var.program, "nama": raw.nama,
            "satuan": raw.satuan, "target": target, "target_teks": raw.target.strip(), "arah": arah,
            "faktor": faktor or 1.0, "ya_tidak": ya_tidak, "sasaran": raw.sasaran}


def _butir(kelompok: _RawKelompok, raw: _RawButir) -> dict:
    return {"kode": f"E.{kelompok.kode}.{raw.nomor}", "kelompok_kode": f"E.{kelompok.kode}",
            "kelompok": f"{kelompok.kode} {kelompok.nama}", "nama": raw.nama, "target": raw.target,
            "level": {nilai: text for nilai, text in zip(NILAI_MANAJEMEN, raw.level, strict=True)
                      if text and text.strip()}}


def parse_perangkat(text: str) -> Perangkat:
    """Parse and check an instrument YAML; every defect is a CatalogueError naming it."""
    try:
        raw = _RawPerangkat.model_validate(muat_yaml(text))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"Perangkat PKP bukan YAML yang sah: {exc}") from exc
    except ValidationError as exc:
        raise CatalogueError(f"Perangkat PKP tidak sah: {_explain(exc)}") from exc
    problems: list[str] = []
    indikator = [_indikator(bagian, var, item, problems)
                 for bagian in raw.bagian for var in bagian.variabel for item in var.indikator]
    butir = [_butir(kelompok, item) for kelompok in raw.manajemen for item in kelompok.butir]
    problems += [f"{b['kode']}: tidak ada uraian nilai 0" for b in butir if 0 not in b["level"]]
    if problems:
        raise CatalogueError("Perangkat PKP tidak sah: " + "; ".join(problems))
    try:
        return Perangkat(sumber=raw.sumber, tahun_target=raw.tahun_target,
                         indikator=tuple(Indikator(**i) for i in indikator),
                         manajemen=tuple(ButirManajemen(**b) for b in butir))
    except (ValidationError, ValueError) as exc:
        reason = _explain(exc) if isinstance(exc, ValidationError) else str(exc)
        raise CatalogueError(f"Perangkat PKP tidak sah: {reason}") from exc


def _explain(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())


@lru_cache(maxsize=1)
def load_perangkat() -> Perangkat:
    """The packaged Kabupaten Pati instrument, parsed once per process."""
    text = resources.files("evidence.kinerja").joinpath("indikator_pati.yaml").read_text("utf-8")
    return parse_perangkat(text)
