"""Static check of a .docx template before it is used: `tpcb templates check [DIR]`.

Reads every part docxtpl renders (body, headers, footers, footnotes, core properties), parses
it with the sandboxed environment and walks the Jinja AST: variables must be declared by the
template's context schema (attribute paths too, as far as the schema's sub-models go), and
nothing may reach underscore attributes, forbidden names, imports/macros or unlisted filters.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import TemplateAssertionError, TemplateSyntaxError, meta, nodes
from pydantic import BaseModel

from doc_templates.catalogue import catalogue
from doc_templates.errors import TemplateInvalid, UnsafeTemplate
from doc_templates.sandbox import (
    ATTRIBUTE_FILTERS,
    FORBIDDEN_NAMES,
    FORMAT_METHODS,
    MAX_REPEAT,
    PADDING_METHODS,
    RENDERER_NAMES,
    WIDE,
    WIDE_PERCENT,
    make_env,
)
from doc_templates.schema_paths import field_type, item_type, model_of

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024  # a letter template with its logo is well under 1 MB
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
BANNED_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends, nodes.Macro,
                nodes.CallBlock, nodes.Pow)


@dataclass(frozen=True)
class CheckReport:
    template: str
    source: str
    variables: tuple[str, ...] = ()
    undeclared: tuple[str, ...] = ()
    unsafe: tuple[str, ...] = ()
    errors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not (self.undeclared or self.unsafe or self.errors)

    def problems(self) -> list[str]:
        return ([f"tidak aman: {u}" for u in self.unsafe] + list(self.errors)
                + [f"variabel tidak ada di skema: '{v}'" for v in self.undeclared])

    def raise_for_problems(self) -> None:
        if self.ok:
            return
        text = f"Templat '{self.template}' ({self.source}) ditolak: " + "; ".join(self.problems())
        raise (UnsafeTemplate if self.unsafe else TemplateInvalid)(text + ".")


def template_parts(tpl: DocxTemplate) -> list[tuple[str, str]]:
    """(part name, Jinja source) of everything docxtpl renders."""
    docx = tpl.get_docx()
    parts = [("dokumen", tpl.patch_xml(tpl.get_xml()))]
    for uri, label in ((tpl.HEADER_URI, "header"), (tpl.FOOTER_URI, "footer")):
        parts += [(label, tpl.patch_xml(tpl.get_part_xml(part)))
                  for _, part in tpl.get_headers_footers(uri)]
    parts += [("catatan kaki", tpl.patch_xml(part.blob.decode("utf-8")))
              for part in docx.part.package.parts if part.content_type == FOOTNOTES]
    parts += [(f"properti {p}", getattr(docx.core_properties, p) or "") for p in PROPERTIES]
    return parts


def _unsafe_nodes(ast: nodes.Template, part: str) -> list[str]:
    env, out = make_env(), []
    for n in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Name, nodes.Filter,
                           *BANNED_NODES)):
        if isinstance(n, nodes.Getattr) and n.attr.startswith("_"):
            out.append(f"atribut '{n.attr}' ({part})")
        elif isinstance(n, nodes.Getitem) and _underscore(n.arg):
            out.append(f"kunci '{n.arg.value}' ({part})")  # type: ignore[attr-defined]
        elif isinstance(n, nodes.Name) and (n.name in FORBIDDEN_NAMES or n.name[:1] == "_"):
            out.append(f"nama '{n.name}' ({part})")
        elif isinstance(n, nodes.Filter) and n.name not in env.filters:
            out.append(f"filter '{n.name}' tidak diizinkan ({part})")
        elif isinstance(n, nodes.Filter) and n.name in ATTRIBUTE_FILTERS and any(
                _underscore(a) for a in [*n.args, *(k.value for k in n.kwargs)]):
            out.append(f"filter '{n.name}' dengan atribut bergaris bawah ({part})")
        elif isinstance(n, BANNED_NODES):
            what = "**" if isinstance(n, nodes.Pow) else type(n).__name__.lower()
            out.append(f"perintah '{what}' tidak diizinkan ({part})")
    return out + _unbounded(ast, part)


def _unbounded(ast: nodes.Template, part: str) -> list[str]:
    """Calls that could build a text longer than the sandbox allows: the render would fail."""
    out = []
    for call in ast.find_all(nodes.Call):
        target = call.node
        if not isinstance(target, nodes.Getattr):
            continue
        if target.attr in PADDING_METHODS:
            widths = [*call.args, *(k.value for k in call.kwargs)]
            if any(not isinstance(w, nodes.Const) or (isinstance(w.value, int) and w.value > MAX_REPEAT)
                   for w in widths):
                out.append(f"{target.attr}() dengan lebar di atas {MAX_REPEAT} karakter atau dari "
                           f"variabel ({part})")
        elif target.attr in FORMAT_METHODS and isinstance(target.node, nodes.Const) and \
                WIDE.search(str(target.node.value)):
            out.append(f"format dengan lebar di atas {MAX_REPEAT} karakter ({part})")
    for mul in ast.find_all(nodes.Mul):
        if any(isinstance(side, nodes.Const) and isinstance(side.value, int) and side.value > MAX_REPEAT
               for side in (mul.left, mul.right)):
            out.append(f"perkalian teks di atas {MAX_REPEAT} karakter ({part})")
    for mod in ast.find_all(nodes.Mod):
        if isinstance(mod.left, nodes.Const) and WIDE_PERCENT.search(str(mod.left.value)):
            out.append(f"format % dengan lebar di atas {MAX_REPEAT} karakter ({part})")
    return out


def _underscore(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Const) and str(node.value).startswith("_")


def _bad_paths(node: nodes.Node, scope: dict[str, object], out: list[str]) -> None:
    """Attribute paths the schema does not have, e.g. `penandatangan.nma` or `p.nam` in a loop."""
    if isinstance(node, nodes.For):
        _bad_paths(node.iter, scope, out)
        inner = dict(scope)
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = item_type(_resolve(node.iter, scope))
        for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
            _bad_paths(child, inner, out)
        return
    if isinstance(node, nodes.Getattr):
        model = model_of(_resolve(node.node, scope))
        if model is not None and field_type(model, node.attr) is None:
            out.append(f"{_dotted(node.node)}.{node.attr}")
    for child in node.iter_child_nodes():
        _bad_paths(child, scope, out)


def _resolve(node: nodes.Node, scope: dict[str, object]) -> object:
    if isinstance(node, nodes.Name):
        return scope.get(node.name)
    if isinstance(node, nodes.Getattr):
        model = model_of(_resolve(node.node, scope))
        return field_type(model, node.attr) if model is not None else None
    return None


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    return "..."


def _check_part(part: str, source: str, schema: type[BaseModel]) -> tuple[set, list, list, list]:
    try:
        ast = make_env().parse(source)
    except TemplateSyntaxError as exc:
        return set(), [], [], [f"sintaks Jinja salah ({part}, baris {exc.lineno}): {exc.message}"]
    unsafe = _unsafe_nodes(ast, part)
    try:
        used = meta.find_undeclared_variables(ast)
    except TemplateAssertionError as exc:  # unknown filter: already reported as unsafe
        return set(), [], unsafe, [] if unsafe else [f"{exc.message} ({part})"]
    declared = {*schema.model_fields, *schema.model_computed_fields, *RENDERER_NAMES}
    undeclared = sorted(v for v in used - declared if v not in FORBIDDEN_NAMES)
    scope = {name: field_type(schema, name) for name in declared}
    _bad_paths(ast, scope, undeclared)
    return used, undeclared, unsafe, []


@lru_cache(maxsize=64)
def _check_bytes(data: bytes, schema: type[BaseModel], name: str, source: str) -> CheckReport:
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        parts = template_parts(tpl)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        return CheckReport(name, source, errors=(f"bukan berkas .docx yang sah ({exc})",))
    used: set[str] = set()
    undeclared, unsafe, errors = [], [], []
    for part, text in parts:
        u, und, uns, err = _check_part(part, text, schema)
        used |= u
        undeclared += [v for v in und if v not in undeclared]
        unsafe += uns
        errors += err
    return CheckReport(name, source, tuple(sorted(used)), tuple(undeclared), tuple(unsafe),
                       tuple(errors))


def check_template(source: Path | bytes, schema: type[BaseModel], *,
                   name: str = "") -> CheckReport:
    """Check one template against its context schema; never raises for a bad template."""
    if isinstance(source, bytes):
        return _check_bytes(source, schema, name or "templat", "bytes")
    path = Path(source)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            data = fh.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        return CheckReport(name or path.stem, str(path), errors=(
            f"berkas tidak dapat dibaca ({exc.strerror or exc})",))
    if len(data) > MAX_TEMPLATE_BYTES or size > MAX_TEMPLATE_BYTES:
        return CheckReport(name or path.stem, str(path), errors=(
            f"berkas templat lebih dari {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB",))
    return _check_bytes(data, schema, name or path.stem, str(path))


def check_dir(directory: Path | None = None) -> list[CheckReport]:
    """Check every template of an office's override folder, or the packaged ones (None)."""
    folder = Path(directory) if directory is not None else Path(__file__).parent
    entries = catalogue()
    reports = []
    for path in sorted(folder.glob("*.docx")):
        entry = entries.get(path.stem)
        if entry is None:
            reports.append(CheckReport(path.stem, str(path), errors=(
                "nama berkas tidak dikenal di katalog templat",)))
            continue
        reports.append(check_template(path, entry.schema_class, name=entry.name))
    if directory is None:
        found = {r.template for r in reports}
        reports += [CheckReport(n, str(folder / e.file), errors=("berkas templat tidak ada",))
                    for n, e in entries.items() if n not in found]
    return reports
