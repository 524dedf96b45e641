"""The template catalogue: which .docx proves which evidence item, how it is numbered and signed.

Loaded once from `catalogue.yaml` and validated; `schema` names a class of `schemas.py`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from doc_templates import schemas
from doc_templates.errors import TemplateError, TemplateNotFound
from evidence.yaml_aman import muat_yaml

Jenis = Literal["sk", "surat_tugas", "nota_dinas", "umpan_balik", "berita_acara", "surat"]


class TemplateEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = ""  # filled from the mapping key
    title: str
    items: tuple[str, ...] = Field(min_length=1)
    jenis: Jenis | None
    layout: Literal["titled", "correspondence", "document"]
    signer: Literal["kepala_dinas", "ketua_tpcb", "ketua_kunjungan"] | None
    schema_name: str = Field(alias="schema")

    @field_validator("schema_name")
    @classmethod
    def _known_schema(cls, value: str) -> str:
        found = getattr(schemas, value, None)
        if not (isinstance(found, type) and issubclass(found, BaseModel)):
            raise ValueError(f"kelas skema '{value}' tidak ada di doc_templates.schemas")
        return value

    @property
    def file(self) -> str:
        return f"{self.name}.docx"

    @property
    def schema_class(self) -> type[BaseModel]:
        return getattr(schemas, self.schema_name)


def parse_catalogue(text: str) -> dict[str, TemplateEntry]:
    data = muat_yaml(text) or {}
    try:
        return {name: TemplateEntry.model_validate({**body, "name": name})
                for name, body in (data.get("templates") or {}).items()}
    except (ValidationError, TypeError, AttributeError) as exc:
        raise TemplateError(f"Katalog templat tidak sah: {exc}") from exc


@lru_cache(maxsize=1)
def catalogue() -> dict[str, TemplateEntry]:
    text = resources.files("doc_templates").joinpath("catalogue.yaml").read_text("utf-8")
    return parse_catalogue(text)


def entry(name: str) -> TemplateEntry:
    found = catalogue().get(name)
    if found is None:
        known = ", ".join(sorted(catalogue()))
        raise TemplateNotFound(f"Templat '{name}' tidak dikenal. Templat yang ada: {known}.")
    return found
