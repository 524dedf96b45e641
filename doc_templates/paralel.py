"""Render many letters on every core: a pool of worker processes, each keeping its compiled
templates (sandbox.CompiledSandbox), fed in order. A handful of letters is rendered here, in
this process, where starting workers would cost more than it saves.

Workers come from a fork server (a clean process, not a fork of a threaded web server or
Prefect worker). A template error in a worker is raised here as the same kind of TemplateError
with its Indonesian message.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from doc_templates import errors
from doc_templates.renderer import render

log = logging.getLogger(__name__)
MIN_PARALLEL = 24  # starting two workers costs ~0.5-1 s, about 20 letters' rendering
Job = tuple[str, dict, dict]


def render_banyak(jobs: Sequence[Job], *, override_dir: Path | None = None,
                  workers: int | None = None, min_parallel: int = MIN_PARALLEL) -> list[bytes]:
    """The .docx of each (template, context, images) job, in order."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    args = [(name, ctx, images, override_dir) for name, ctx, images in jobs]
    if workers < 2 or len(jobs) < min_parallel:
        return [_unwrap(_one(a)) for a in args]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["doc_templates.renderer"])
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(args) // (workers * 4))
            results = list(pool.map(_one, args, chunksize=chunk))
    except (BrokenProcessPool, OSError) as exc:  # no workers here (limits, sandbox): do it alone
        log.warning("Render paralel gagal (%s); surat dirender satu per satu.", exc)
        results = [_one(a) for a in args]
    return [_unwrap(r) for r in results]


def _one(arg: tuple) -> tuple[str, str | bytes]:
    name, ctx, images, override_dir = arg
    try:
        return "ok", render(name, ctx, images=images, override_dir=override_dir).data
    except errors.TemplateError as exc:  # its class and message travel; its arguments may not
        return type(exc).__name__, str(exc)


def _unwrap(result: tuple[str, str | bytes]) -> bytes:
    kind, value = result
    if kind == "ok":
        assert isinstance(value, bytes)
        return value
    cls = getattr(errors, kind, errors.TemplateError)
    exc = errors.TemplateError(value) if cls is errors.ContextInvalid else cls(value)
    raise exc
