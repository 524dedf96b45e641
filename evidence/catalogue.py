"""Kriteria 1.7.1 as data: load `catalogue.yaml` once, validate it, answer questions about it."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from evidence.errors import CatalogueError, NotFound
from evidence.yaml_aman import muat_yaml

EvidenceType = Literal["R", "D", "W", "O", "S"]
Scope = Literal["dinkes", "puskesmas"]
Rule = Literal["surat_ttd", "dokumen_ttd", "unggahan", "wawancara", "tindak_lanjut"]
EP_CODES = ("a", "b", "c", "d", "e", "f", "g", "h")
SIGNED_RULES = ("surat_ttd", "dokumen_ttd")  # present only with a recorded signer


class Recency(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_year: bool = False
    months: int | None = Field(default=None, ge=1)


class Accept(BaseModel):
    """When an item counts as present; evidence/aturan.py interprets it (see catalogue.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: Rule
    foto: bool = False  # dokumen_ttd: the activity's photos must be attached
    umpan_balik: str | None = None  # tindak_lanjut: the item of the feedback letter followed up
    bukan_bukti: dict[str, str] = Field(default_factory=dict)  # sumber prefix -> why it never counts

    @property
    def signed(self) -> bool:
        return self.rule in SIGNED_RULES


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    type: EvidenceType
    title: str
    scope: Scope
    stage: str
    template: str | None = None
    interviewees: tuple[str, ...] = ()
    recency: Recency | None = None
    group: str | None = None
    nama: str = ""  # short name for messages ("RPK", "Surat Tugas pembinaan")
    accept: Accept
    cara: str = ""  # how to obtain it: the next step shown when it is missing
    pertanyaan: tuple[str, ...] = ()  # W: what the interviewees must be able to explain
    ep: str = ""  # filled from the element at load

    def cara_untuk(self, kode: str, tahun: int) -> str:
        return self.cara.replace("{kode}", kode).replace("{tahun}", str(tahun))


class Element(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    title: str
    evidence_types: tuple[EvidenceType, ...]
    items: tuple[Item, ...]


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    criterion: str
    title: str
    chapter: str
    stages: dict[str, str]
    roles: dict[str, str]
    elements: tuple[Element, ...]

    @model_validator(mode="after")
    def _check(self) -> Catalogue:
        seen: set[str] = set()
        for element in self.elements:
            for item in element.items:
                if item.id in seen:
                    raise ValueError(f"id butir '{item.id}' ganda")
                seen.add(item.id)
                if item.stage not in self.stages:
                    raise ValueError(f"butir '{item.id}': tahap '{item.stage}' tidak dikenal")
                for role in item.interviewees:
                    if role not in self.roles:
                        raise ValueError(f"butir '{item.id}': peran narasumber '{role}' tidak dikenal")
                if item.type == "W" and not item.interviewees:
                    raise ValueError(f"butir W '{item.id}' harus menyebut narasumber")
                if (item.type == "W") != (item.accept.rule == "wawancara"):
                    raise ValueError(f"butir '{item.id}': aturan 'wawancara' khusus untuk butir W")
                if item.accept.rule == "tindak_lanjut":
                    source = item.accept.umpan_balik
                    if source not in seen or not self._template_of(source):
                        raise ValueError(f"butir '{item.id}': umpan_balik '{source}' harus butir "
                                         "surat bertemplat yang disebut lebih dahulu")
                if item.type not in element.evidence_types:
                    raise ValueError(
                        f"butir '{item.id}' berjenis {item.type}, tidak ada di jenis bukti EP "
                        f"{element.code} {list(element.evidence_types)}"
                    )
        return self

    def _template_of(self, item_id: str | None) -> str | None:
        return next((i.template for e in self.elements for i in e.items if i.id == item_id), None)

    # -- queries ------------------------------------------------------------------------------
    def items(self) -> list[Item]:
        return [item for element in self.elements for item in element.items]

    def item(self, item_id: str) -> Item:
        for item in self.items():
            if item.id == item_id:
                return item
        raise NotFound(f"Butir bukti '{item_id}' tidak ada di katalog Kriteria {self.criterion}.")

    def element(self, code: str) -> Element:
        for element in self.elements:
            if element.code == code:
                return element
        raise NotFound(f"Elemen penilaian '{code}' tidak ada (pilih a sampai h).")

    def to_json(self) -> dict:
        """The public JSON shape of `tpcb catalogue --format json` and `/api/catalogue`: the YAML's
        content under Indonesian keys (docs/api.md lists them)."""
        return {
            "kriteria": self.criterion,
            "judul": self.title,
            "elemen": [
                {
                    "kode": e.code,
                    "judul": e.title,
                    "jenis_bukti": list(e.evidence_types),
                    "butir": [_item_json(i, self) for i in e.items],
                }
                for e in self.elements
            ],
        }


def _item_json(item: Item, cat: Catalogue) -> dict:
    recency = item.recency
    accept = item.accept
    return {
        "id": item.id,
        "ep": item.ep,
        "jenis": item.type,
        "judul": item.title,
        "cakupan": item.scope,
        "tahap": item.stage,
        "templat": item.template,
        "narasumber": [{"peran": r, "sebutan": cat.roles[r]} for r in item.interviewees],
        "kebaruan": None if recency is None else {"tahun_berjalan": recency.current_year,
                                                  "bulan": recency.months},
        "kelompok": item.group,
        "penerimaan": {"aturan": str(accept.rule), "foto": accept.foto, "umpan_balik": accept.umpan_balik,
                       "bukan_bukti": dict(accept.bukan_bukti)},
    }


def parse_catalogue(text: str) -> Catalogue:
    """Parse and validate catalogue YAML; any defect is a CatalogueError naming it."""
    try:
        raw = muat_yaml(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"Katalog bukan YAML yang sah: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogueError("Katalog harus berupa pemetaan YAML.")
    for element in raw.get("elements") or []:
        for item in element.get("items") or []:
            if isinstance(item, dict):
                item["ep"] = element.get("code", "")
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(f"Katalog tidak sah: {_explain(exc)}") from exc


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        parts.append(f"{where}: {err['msg']}" if where else err["msg"])
    return "; ".join(parts)


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The packaged catalogue, parsed once per process."""
    text = resources.files("evidence").joinpath("catalogue.yaml").read_text(encoding="utf-8")
    return parse_catalogue(text)
