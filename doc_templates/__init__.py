"""The .docx templates of the TPCB letters, their catalogue, context schemas and renderer.

    render(name, context, *, images=None, override_dir=None) -> Rendered
    check_template(path_or_bytes, schema, *, name="") -> CheckReport
    check_dir(directory=None) -> list[CheckReport]
    catalogue() -> dict[str, TemplateEntry]; entry(name) -> TemplateEntry
    doc_templates.samples: sample_context(name) -> dict; sample_images() -> {"logo": bytes}

May import evidence.*, never prefect, fastapi, flows, tpcb or minio.
"""

from doc_templates.catalogue import TemplateEntry, catalogue, entry
from doc_templates.check import CheckReport, check_dir, check_template
from doc_templates.errors import (
    ContextInvalid,
    TemplateError,
    TemplateInvalid,
    TemplateNotFound,
    UnsafeTemplate,
)
from doc_templates.renderer import Rendered, render

__all__ = [
    "CheckReport", "ContextInvalid", "Rendered", "TemplateEntry", "TemplateError",
    "TemplateInvalid", "TemplateNotFound", "UnsafeTemplate", "catalogue", "check_dir",
    "check_template", "entry", "render",
]
