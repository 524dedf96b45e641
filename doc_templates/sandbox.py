"""The Jinja environment templates run in, and what a template may use.

ImmutableSandboxedEnvironment: no access to underscore attributes or Python internals, no
mutation of the context; autoescape so `&` and `<` typed by a user stay text in the XML;
StrictUndefined so a misspelt variable fails instead of printing nothing. The globals
(range, lipsum, cycler, joiner, namespace, dict) are removed and only listed filters exist.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any, TypeVar

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from doc_templates.filters import FILTERS

BUILTIN_FILTERS = frozenset({
    "abs", "batch", "capitalize", "count", "d", "default", "e", "escape", "first",
    "float", "groupby", "int", "join", "last", "length", "list", "lower", "map", "max", "min",
    "reject", "rejectattr", "replace", "reverse", "round", "select", "selectattr", "slice",
    "sort", "string", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
})  # not: safe (lets user text inject XML), attr, format, pprint, tojson, xmlattr, urlize, center
ATTRIBUTE_FILTERS = frozenset({"map", "selectattr", "rejectattr", "sort", "groupby", "sum",
                               "unique", "min", "max"})  # take an attribute name as a string
FORBIDDEN_NAMES = frozenset({"self", "cycler", "joiner", "namespace", "lipsum", "range", "dict",
                             "caller", "varargs", "kwargs", "super", "config", "request"})
RENDERER_NAMES = frozenset({"logo"})  # supplied by the renderer, not by the context schema
MAX_REPEAT = 10_000  # longest string or list a template may build with `*`, `ljust`, `{:N}`...
PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
FORMAT_METHODS = frozenset({"format", "format_map"})
WIDE_PERCENT = re.compile(r"%[-+ #0]*(\d{6,}|\*)|%[-+ #0]*\d*\.(\d{6,})")
WIDE = re.compile(r"\{[^{}]*:[^{}]*?(\d{6,})")  # a format width or precision of 6+ digits


class LetterSandbox(ImmutableSandboxedEnvironment):
    """The sandbox also refuses `**` and huge `'x' * n`: a letter needs neither, and both can
    exhaust memory or CPU (the Jinja sandbox does not limit resources by itself)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("operator pangkat (**) tidak diizinkan di templat")
        if operator == "%" and isinstance(left, str) and WIDE_PERCENT.search(left):
            raise SecurityError(f"lebar format lebih dari {MAX_REPEAT} karakter tidak diizinkan")
        sized = [x for x in (left, right) if isinstance(x, str | list | tuple)] if operator == "*" \
            else []
        counts = [x for x in (left, right) if isinstance(x, int)]
        if sized and counts and len(sized[0]) * counts[0] > MAX_REPEAT:
            raise SecurityError(f"perkalian menghasilkan teks lebih dari {MAX_REPEAT} karakter")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        name = getattr(method, "__name__", "")
        if isinstance(getattr(method, "__self__", None), str):
            if name in PADDING_METHODS and any(
                    isinstance(a, int) and a > MAX_REPEAT for a in [*args, *kwargs.values()]):
                raise SecurityError(f"{name}() lebih dari {MAX_REPEAT} karakter tidak diizinkan")
            if name in FORMAT_METHODS and WIDE.search(method.__self__):
                raise SecurityError(f"lebar format lebih dari {MAX_REPEAT} karakter tidak diizinkan")
        return super().call(__context, __obj, *args, **kwargs)


@lru_cache(maxsize=1)
def make_env() -> LetterSandbox:
    return _configure(LetterSandbox(autoescape=True, undefined=StrictUndefined))


class CompiledSandbox(LetterSandbox):
    """The same sandbox, compiling each distinct template text once: docxtpl hands every part of
    every letter to `from_string`, and compiling is about half the cost of a render. Keyed by the
    whole text, so an office template or a changed one is compiled anew; least recently used
    first out. A compile error is never kept."""

    MAX_COMPILED = 128

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self._compiled: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (Jinja's name)
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            found = self._compiled.get(source)
            if found is not None:
                self._compiled.move_to_end(source)
                return found
        compiled = super().from_string(source)
        with self._lock:
            self._compiled[source] = compiled
            while len(self._compiled) > self.MAX_COMPILED:
                self._compiled.popitem(last=False)
        return compiled


Env = TypeVar("Env", bound=LetterSandbox)


def _configure(env: Env) -> Env:
    env.globals.clear()
    env.filters = {k: v for k, v in env.filters.items() if k in BUILTIN_FILTERS}
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=1)
def make_render_env() -> CompiledSandbox:
    """The renderer's environment: `make_env`'s rules, compiled templates kept."""
    return _configure(CompiledSandbox(autoescape=True, undefined=StrictUndefined))
