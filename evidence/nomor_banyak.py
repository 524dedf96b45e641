"""Number the drafts of one day at once: the secretariat dates and numbers, say, every surat tugas
of tomorrow's visits in one step.

The numbers are taken in one short step (nothing else is done while the counters are held), in
the order given (the register reads in date order, then in that order), and committed together;
nothing is taken if any letter is refused (unknown, waiting for approval, rejected, dated in the
future or in another year, or dated before the last letter of its series, which needs a nomor
sisipan and is numbered on its own).
The numbered documents are then rendered together, on every core (`RenderBanyak`), and filed,
each as its draft's next revision. Letters already numbered keep their number (idempotent).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from evidence.catalogue import Catalogue
from evidence.errors import Conflict, InputError
from evidence.letters import (
    LetterRepository,
    assign_number,
    check_numberable,
    file_numbered,
    get_letter,
    label,
    numbered_job,
    open_tasks,
)
from evidence.ports import ObjectStore, UnitOfWork
from evidence.records import Surat
from evidence.registry import require_office

Job = tuple[str, dict, dict]  # template, context, images
RenderBanyak = Callable[[Sequence[Job]], list[bytes]]  # the .docx of each job, in order


def beri_nomor_banyak(uow: UnitOfWork[LetterRepository], store: ObjectStore, catalogue: Catalogue,
                      render_banyak: RenderBanyak, refs: Sequence[str], *, tanggal: date,
                      today: date, max_bytes: int) -> list[Surat]:
    letters = _distinct([get_letter(uow.repo, ref) for ref in refs])
    todo = [s for s in letters if s.nomor is None]
    for surat in todo:
        check_numberable(surat, tanggal, today, approving=False)
    if todo:
        _take_numbers(uow, todo, tanggal)
    for surat in letters:
        if surat.tugas:
            open_tasks(uow, surat)
    pending = [(s, job) for s in letters if not s.bernomor_dirender
               and (job := numbered_job(uow.repo, s)) is not None]
    for (surat, _), data in zip(pending, render_banyak([job for _, job in pending]), strict=True):
        file_numbered(uow, store, catalogue, surat, data, max_bytes)
    return letters


def _distinct(letters: list[Surat]) -> list[Surat]:
    seen: set[int | None] = set()
    out = []
    for surat in letters:
        if surat.id not in seen:
            seen.add(surat.id)
            out.append(surat)
    return out


def _take_numbers(uow: UnitOfWork[LetterRepository], todo: list[Surat], tanggal: date) -> None:
    office = require_office(uow.repo)
    try:
        with uow.step():
            # the letters are locked in one order (by id) whatever order they are numbered in,
            # so that two requests sharing letters cannot wait on each other; a letter numbered
            # meanwhile by another user keeps that number
            free = {s.id for s in sorted(todo, key=lambda s: s.id or 0)
                    if uow.repo.kunci_untuk_nomor(s)}
            for surat in todo:
                if surat.id not in free:
                    continue
                try:
                    assign_number(uow.repo, office, surat, tanggal)
                except InputError as exc:
                    raise InputError(f"Surat {label(surat)}: {exc} Tidak ada surat yang diberi "
                                     "nomor; beri nomor surat itu sendiri.") from None
    except Conflict:
        raise Conflict("Nomor bentrok dengan surat yang baru diberi nomor oleh pengguna lain; "
                       "tidak ada surat yang diberi nomor, ulangi perintahnya.") from None
