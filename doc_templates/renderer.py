"""Render a template: validate the context, check the template, fill it in the sandbox.

Compose, then deliver: the result is bytes plus metadata (`Rendered`); filing is elsewhere.
An office overrides any template by dropping a .docx of the same name in its override folder.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.opc.part import Part, PartFactory
from docx.opc.pkgwriter import PackageWriter
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SecurityError
from pydantic import BaseModel, ValidationError

from doc_templates.catalogue import TemplateEntry, entry
from doc_templates.check import check_template
from doc_templates.errors import (
    ContextInvalid,
    TemplateError,
    TemplateInvalid,
    TemplateNotFound,
    UnsafeTemplate,
)
from doc_templates.sandbox import make_render_env
from doc_templates.validation import problems_of
from evidence.docx_teks import salin_tersimpan


class Templat(DocxTemplate):
    """docxtpl with its text clean-up of each part kept: it is a pure function of the part's
    XML, the same for every letter of a template (see sandbox.CompiledSandbox). The styles part
    is carried as bytes, not parsed and written out again: docxtpl never reads it, and it is the
    largest part of a letter (a third of the render's time went to it). On saving, the parts
    that are still byte for byte the template's (styles, theme, fonts, images of the template)
    are copied as the template stores them instead of being compressed again."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def init_docx(self, reload: bool = True) -> None:
        _opaque.styles = True
        try:
            super().init_docx(reload)
        finally:
            _opaque.styles = False

    def save(self, filename, *args, **kwargs) -> None:
        template = self.template_file
        replacing = (self.pics_to_replace or self.crc_to_new_media or self.crc_to_new_embedded
                     or self.zipname_to_replace)
        if not self.is_rendered or replacing or not isinstance(template, io.BytesIO):
            super().save(filename, *args, **kwargs)
            return
        package = self.docx.part.package  # what OpcPackage.save does, with our member writer
        for part in package.parts:
            part.before_marshal()
        writer: Any = _MemberWriter(filename, template.getvalue())  # PhysPkgWriter's interface
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
        writer.close()
        self.is_saved = True


class _MemberWriter:
    """python-docx's zip writer, except that a member identical to the template's is copied as
    the template stores it."""

    def __init__(self, out, template: bytes):
        self._zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
        self._template, self._members = template, _members(template)

    def write(self, pack_uri, blob: bytes) -> None:
        name = pack_uri.membername
        same = self._members.get(name)
        if same is not None and len(blob) == same[0].file_size and blob == same[1]:
            salin_tersimpan(self._template, same[0], self._zip)
        else:
            self._zip.writestr(name, blob)

    def close(self) -> None:
        self._zip.close()


@lru_cache(maxsize=32)
def _members(template: bytes) -> dict[str, tuple[zipfile.ZipInfo, bytes]]:
    """Each member of a template: its zip entry and its bytes (read once per template)."""
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        return {info.filename: (info, z.read(info)) for info in z.infolist()}


STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
_opaque = threading.local()  # set only while a Templat opens its template, in that thread


def _selector(previous):
    """python-docx's part class hook: a plain Part for the styles of a template being opened
    here; every other part, and every other Document opened anywhere, as before."""
    def select(content_type: str, reltype: str) -> type[Part] | None:
        if content_type == STYLES and getattr(_opaque, "styles", False):
            return Part
        return previous(content_type, reltype) if previous is not None else None
    return select


PartFactory.part_class_selector = _selector(PartFactory.part_class_selector)


@lru_cache(maxsize=128)
def _patched(src_xml: str) -> str:
    return DocxTemplate.patch_xml(None, src_xml)


IMAGE_WIDTHS = {"logo": Cm(2.2)}  # images passed beside the context, by variable name
PHOTO_WIDTH = Cm(7)  # any bytes field of the context (photos)


@dataclass(frozen=True)
class Rendered:
    data: bytes  # the .docx
    template: str
    items: tuple[str, ...]  # the evidence items it proves
    title: str


def render(name: str, context: dict[str, Any] | BaseModel, *,
           images: dict[str, bytes] | None = None, override_dir: Path | None = None) -> Rendered:
    """Fill template `name` with `context`; raises a TemplateError subclass on any problem."""
    found = entry(name)
    model = validate(found, context)
    data, origin = template_source(found, override_dir)
    check_template(data, found.schema_class, name=name).raise_for_problems()
    tpl = Templat(io.BytesIO(data))
    values = to_context(tpl, model, images or {}, name)
    return Rendered(_fill(tpl, values, name, origin), name, found.items, found.title)


def validate(found: TemplateEntry, context: dict[str, Any] | BaseModel) -> BaseModel:
    data = context.model_dump() if isinstance(context, BaseModel) else context
    if not isinstance(data, dict):
        raise ContextInvalid(found.name, ["konteks harus berupa objek (dict)"])
    try:
        return found.schema_class.model_validate(data)
    except ValidationError as exc:
        raise ContextInvalid(found.name, problems_of(exc)) from exc


def template_source(found: TemplateEntry, override_dir: Path | None) -> tuple[bytes, str]:
    """The office's own template if it has one, else the packaged one."""
    if override_dir is not None:
        folder = Path(override_dir)
        if not folder.is_dir():
            raise TemplateNotFound(f"Folder templat kantor '{folder}' tidak ada.")
        path = folder / found.file
        if path.is_file():
            return path.read_bytes(), str(path)
    packaged = resources.files("doc_templates").joinpath(found.file)
    if not packaged.is_file():
        raise TemplateNotFound(f"Berkas templat '{found.file}' tidak ada di paket; jalankan "
                               "`python -m doc_templates.build`.")
    return packaged.read_bytes(), f"paket:{found.file}"


def to_context(tpl: DocxTemplate, model: BaseModel, images: dict[str, bytes],
               name: str) -> dict[str, Any]:
    """Plain dicts for the template; bytes become inline images (checked to be images)."""
    values = _images(tpl, model.model_dump(), "", name)
    values["logo"] = ""
    for key, blob in images.items():
        if key not in IMAGE_WIDTHS:
            known = ", ".join(IMAGE_WIDTHS)
            raise ContextInvalid(name, [f"gambar '{key}' tidak dikenal (yang dipakai: {known})"])
        values[key] = _image(tpl, blob, IMAGE_WIDTHS[key], key, name)
    return values


def _images(tpl: DocxTemplate, value: Any, path: str, name: str) -> Any:
    if isinstance(value, bytes):
        return _image(tpl, value, PHOTO_WIDTH, path, name)
    if isinstance(value, dict):
        return {k: _images(tpl, v, f"{path}.{k}" if path else k, name) for k, v in value.items()}
    if isinstance(value, list):
        return [_images(tpl, v, f"{path}[{i}]", name) for i, v in enumerate(value, 1)]
    return value


def _image(tpl: DocxTemplate, blob: bytes, width: Cm, label: str, name: str) -> InlineImage:
    try:
        Image.from_blob(blob)
    except (UnrecognizedImageError, ValueError, IndexError, TypeError) as exc:
        raise ContextInvalid(name, [f"kolom '{label}' bukan gambar PNG/JPEG yang dapat dibaca"]) \
            from exc
    return InlineImage(tpl, io.BytesIO(blob), width=width)


def _fill(tpl: DocxTemplate, values: dict[str, Any], name: str, origin: str) -> bytes:
    where = f"Templat '{name}' ({origin})"
    try:
        tpl.render(values, jinja_env=make_render_env(), autoescape=True)
    except SecurityError as exc:  # the check should have refused it; the sandbox is the backstop
        raise UnsafeTemplate(f"{where} mencoba mengakses bagian internal Python dan ditolak: "
                             f"{exc}.") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateInvalid(f"{where} memakai {_undefined(exc.message or '')}.") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateInvalid(f"{where} rusak (baris {exc.lineno}): {exc.message}.") from exc
    except (jinja2.TemplateError, ValueError, TypeError) as exc:
        raise TemplateError(f"{where} gagal diisi: {exc}.") from exc
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _undefined(message: str) -> str:
    if m := re.search(r"'([^']+)' is undefined", message):
        return f"variabel '{m[1]}' yang tidak ada di konteks"
    if m := re.search(r"has no attribute '([^']+)'", message):
        return f"atribut '{m[1]}' yang tidak ada di konteks"
    return f"nilai yang tidak ada di konteks ({message})"
