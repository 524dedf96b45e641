"""Errors of the template package; every message is Bahasa Indonesia, shown to a clerk as is."""

from __future__ import annotations

from evidence.errors import EvidenceError


class TemplateError(EvidenceError):
    """Base of every template error: unknown template, bad context, broken or unsafe template."""


class TemplateNotFound(TemplateError):
    """No template of that name in the catalogue, or its .docx file is missing."""


class ContextInvalid(TemplateError):
    """The data given to a template does not match its schema; lists every bad field."""

    def __init__(self, template: str, problems: list[str]):
        self.template, self.problems = template, tuple(problems)
        super().__init__(f"Konteks templat '{template}' tidak sah: " + "; ".join(problems) + ".")


class TemplateInvalid(TemplateError):
    """The .docx is not a usable template: Jinja syntax error or a variable not in its schema."""


class UnsafeTemplate(TemplateError):
    """The template reaches for Python internals or forbidden names; it is never rendered."""
