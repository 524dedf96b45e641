"""Follow-up tasks (tindak lanjut): the state machine, task creation, overdue lists, EP h rule.

State machine
-------------
Resting statuses (what the `status` column holds)::

    terbuka -> dikerjakan -> selesai -> diverifikasi (final)
    terbuka, dikerjakan -> dieskalasi -> selesai     (the Dinkes answered officially)
    selesai --ditolak--> dikerjakan (tingkat puskesmas) or dieskalasi (tingkat dinkes)

Requested transitions (what `update_status` accepts) and who typically asks for them:

=============  ===============================  =================================================
from           allowed                          meaning
=============  ===============================  =================================================
terbuka        dikerjakan, dieskalasi           PJ starts the work, or hands it to the Dinkes
dikerjakan     selesai, dieskalasi              done (with proof), or hands it to the Dinkes
dieskalasi     selesai                          the Dinkes answered officially (proof: its letter)
selesai        diverifikasi, ditolak            the verifier accepts, or refuses with a reason
diverifikasi   (none)                           final
=============  ===============================  =================================================

- ``ditolak`` is an action, never a resting status: the verifier refuses a ``selesai`` task with a
  mandatory reason. The task goes back to ``dikerjakan`` (tingkat puskesmas) or back to
  ``dieskalasi`` (tingkat dinkes: the Dinkes must answer again). The reason is appended to
  ``catatan``; the proof already filed stays attached (it is the registry's history), so marking
  ``selesai`` again may bring a new file (filed as a new revision) or keep the attached one.
- ``dieskalasi`` hands the task to the Dinkes: ``tingkat`` becomes ``dinkes`` and ``ep`` becomes
  ``f`` (EP f: the TPCB follows up what the Puskesmas cannot solve). A reason is mandatory. Tasks
  raised from lokmin/PTM are created already ``dieskalasi``.
- ``selesai`` needs proof: a file unless one is already attached. It is filed in the evidence
  registry as final under EP f ``f-d1`` (tingkat dinkes), EP h ``h-d1`` (sumber pembinaan) or EP h
  ``h-d2`` (sumber pkp), sumber ``tindak_lanjut:{id}:bukti``; its object key goes to ``bukti``.
- ``diverifikasi`` records ``diverifikasi_oleh`` and ``diverifikasi_pada`` (aware, UTC).
- Anything else is refused with the current status, the requested one and the allowed ones; a
  refused request changes nothing (every check runs before the proof is stored).

Dates: due dates and "today" are Asia/Jakarta calendar dates (evidence.jam).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from evidence.catalogue import Catalogue
from evidence.content import check_file
from evidence.errors import Conflict, InputError, NotFound
from evidence.format_id import tanggal
from evidence.keys import safe_filename
from evidence.ports import ObjectStore, Repository, UnitOfWork
from evidence.records import FINAL, utcnow
from evidence.records.siklus import TindakLanjut
from evidence.registry import FileRequest, check_owner, file_artefact, require_office
from evidence.status import AksiTugas, StatusTugas

# -- statuses ------------------------------------------------------------------------------------
TERBUKA, DIKERJAKAN, SELESAI, DIVERIFIKASI, DIESKALASI = (
    StatusTugas.TERBUKA, StatusTugas.DIKERJAKAN, StatusTugas.SELESAI, StatusTugas.DIVERIFIKASI,
    StatusTugas.DIESKALASI)
DITOLAK = AksiTugas.DITOLAK  # an action (refusal by the verifier), never stored as a status
STATUSES = tuple(StatusTugas)  # resting statuses
CLOSED = (SELESAI, DIVERIFIKASI)  # done: never overdue, no reminders
OPEN = (TERBUKA, DIKERJAKAN, DIESKALASI)  # someone still has to act
TRANSITIONS: dict[str, tuple[AksiTugas, ...]] = {  # resting status -> the actions it allows
    TERBUKA: (AksiTugas.DIKERJAKAN, AksiTugas.DIESKALASI),
    DIKERJAKAN: (AksiTugas.SELESAI, AksiTugas.DIESKALASI),
    DIESKALASI: (AksiTugas.SELESAI,),
    SELESAI: (AksiTugas.DIVERIFIKASI, AksiTugas.DITOLAK),
    DIVERIFIKASI: (),
}
REQUESTABLE = tuple(AksiTugas)
NEEDS_REASON = (AksiTugas.DITOLAK, AksiTugas.DIESKALASI)

PUSKESMAS_LEVEL, DINKES_LEVEL = "puskesmas", "dinkes"
SUMBER = ("pembinaan", "pkp", "lokmin", "ptm", "audit", "insiden")
PROOF_ITEM_BY_SUMBER = {"pembinaan": "h-d1", "pkp": "h-d2"}
PROOF_ITEM_ESCALATED = "f-d1"

tanggal_id = tanggal  # 12 Maret 2026 (evidence.format_id)


class StatusTidakBoleh(InputError):
    """A transition the state machine does not allow."""


class TindakLanjutRepository(Repository, Protocol):
    """What these use cases need on top of the registry's repository."""

    def tindak_lanjut(self, id: int) -> TindakLanjut | None: ...

    def tindak_lanjut_by_asal(self, asal: str) -> TindakLanjut | None: ...

    def tindak_lanjut_list(self, *, puskesmas: str | None = None, status: str | None = None,
                           tahun: int | None = None,
                           nomor_surat: str | None = None) -> list[TindakLanjut]: ...


# -- Jakarta dates and overdue -------------------------------------------------------------------
def is_overdue(task: TindakLanjut, today: date) -> bool:
    """Past its due date (a Jakarta date) and not done yet."""
    return task.batas_waktu < today and task.status not in CLOSED


def days_overdue(task: TindakLanjut, today: date) -> int:
    return (today - task.batas_waktu).days if is_overdue(task, today) else 0


def _order(task: TindakLanjut, today: date) -> tuple:
    # Overdue first (earliest due date = most overdue first), then by due date.
    return (not is_overdue(task, today), task.batas_waktu, task.id or 0)


def list_tasks(repo: TindakLanjutRepository, *, puskesmas: str | None = None, status: str | None = None,
               terlambat: bool = False, today: date, tahun: int | None = None) -> list[TindakLanjut]:
    """Tasks filtered by Puskesmas, status, year and overdue; overdue first, then by due date."""
    if status is not None and status not in STATUSES:
        raise InputError(f"Status '{status}' tidak dikenal; pilih salah satu: {', '.join(STATUSES)}.")
    rows = repo.tindak_lanjut_list(puskesmas=puskesmas, status=status, tahun=tahun)
    if terlambat:
        rows = [t for t in rows if is_overdue(t, today)]
    return sorted(rows, key=lambda t: _order(t, today))


def feedback_followed_up(letter_received: bool, tasks: Iterable[TindakLanjut], today: date) -> bool:
    """EP h rule: the feedback letter's receipt is recorded and every task it opened is selesai,
    diverifikasi, or not yet due."""
    if not letter_received:
        return False
    return all(t.status in CLOSED or t.batas_waktu >= today for t in tasks)


# -- the state machine ---------------------------------------------------------------------------
def allowed_next(status: str) -> tuple[AksiTugas, ...]:
    return TRANSITIONS.get(status, ())


def check_transition(task: TindakLanjut, new_status: str) -> None:
    """Refuse, naming current, requested and allowed statuses, any transition not in the table."""
    if new_status not in REQUESTABLE and new_status not in STATUSES:
        raise InputError(f"Status '{new_status}' tidak dikenal; pilih salah satu: "
                         f"{', '.join(REQUESTABLE)}.")
    allowed = allowed_next(task.status)
    if new_status in allowed:
        return
    nexts = (f"Status berikutnya yang boleh: {', '.join(allowed)}." if allowed
             else "Status ini final; tidak ada perubahan status lagi.")
    if new_status == task.status:
        raise StatusTidakBoleh(f"Tindak lanjut #{task.id} sudah berstatus '{task.status}'. {nexts}")
    raise StatusTidakBoleh(f"Tindak lanjut #{task.id} berstatus '{task.status}'; tidak dapat langsung "
                           f"menjadi '{new_status}'. {nexts}")


def proof_item(task: TindakLanjut) -> str:
    """The catalogue item the proof of completion is filed under."""
    if task.tingkat == DINKES_LEVEL:
        return PROOF_ITEM_ESCALATED
    item = PROOF_ITEM_BY_SUMBER.get(task.sumber)
    if item is None:
        raise InputError(
            f"Tindak lanjut #{task.id} bersumber '{task.sumber}' di tingkat Puskesmas tidak punya butir "
            "bukti di Kriteria 1.7.1 (hanya pembinaan -> h-d1, pkp -> h-d2, eskalasi ke Dinkes -> f-d1)."
        )
    return item


def get_task(repo: TindakLanjutRepository, task_id: int) -> TindakLanjut:
    task = repo.tindak_lanjut(task_id)
    if task is None:
        raise NotFound(f"Tindak lanjut #{task_id} tidak ditemukan.")
    return task


def update_status(uow: UnitOfWork[TindakLanjutRepository], store: ObjectStore, catalogue: Catalogue,
                  task_id: int, new_status: str, *, oleh: str, bukti: tuple[bytes, str] | None = None,
                  catatan: str | None = None, today: date, max_bytes: int,
                  now: datetime | None = None) -> TindakLanjut:
    """Move a task along the state machine (see the module docstring).

    Every check runs first (transition, actor, reason, proof file, owner); then the proof is filed
    (object, then artefact row, a step of its own); then the task row is staged, stored with the
    unit of work. A refused request stores nothing. `bukti` is (data, file name); `today` is the
    Jakarta date of the change.
    """
    repo = uow.repo
    task = get_task(repo, task_id)
    new_status = (new_status or "").strip().lower()
    check_transition(task, new_status)
    oleh = (oleh or "").strip()
    if not oleh:
        raise InputError("Sebutkan nama yang mengubah status tindak lanjut (--oleh).")
    reason = (catatan or "").strip()
    if new_status in NEEDS_REASON and not reason:
        what = "menolak" if new_status == DITOLAK else "mengeskalasi ke Dinkes"
        raise InputError(f"Alasan wajib diisi untuk {what} tindak lanjut #{task.id} (--catatan).")
    if bukti is not None and new_status != SELESAI:
        raise InputError("Bukti penyelesaian hanya dilampirkan saat status menjadi 'selesai'.")
    if new_status == SELESAI and bukti is None and not task.bukti:
        raise InputError(f"Tindak lanjut #{task.id} belum punya bukti penyelesaian; lampirkan berkas "
                         "bukti (--bukti FILE).")
    stamp = _aware_utc(now) if now is not None else utcnow()

    key = task.bukti
    if bukti is not None:
        key = _file_proof(uow, store, catalogue, task, bukti, today=today, max_bytes=max_bytes)

    if new_status == DITOLAK:
        task.status = DIESKALASI if task.tingkat == DINKES_LEVEL else DIKERJAKAN
    elif new_status == DIESKALASI:
        task.status, task.tingkat, task.ep = DIESKALASI, DINKES_LEVEL, "f"
    else:  # dikerjakan, selesai, diverifikasi: the action names the status it leads to
        task.status = StatusTugas(new_status)
    if new_status == DIVERIFIKASI:
        task.diverifikasi_oleh, task.diverifikasi_pada = oleh, stamp
    if reason:
        line = f"[{tanggal_id(today)}] {new_status.capitalize()} oleh {oleh}: {reason}"
        task.catatan = f"{task.catatan}\n{line}" if task.catatan else line
    task.bukti, task.diubah = key, stamp
    repo.add(task)
    return task


def _file_proof(uow: UnitOfWork[Repository], store: ObjectStore, catalogue: Catalogue,
                task: TindakLanjut, bukti: tuple[bytes, str], *, today: date, max_bytes: int) -> str:
    repo = uow.repo
    data, filename = bukti
    item_id = proof_item(task)
    name = safe_filename(f"tl{task.id}_{safe_filename(filename)}")
    # Checked here as well as in file_artefact so that nothing is stored when they refuse.
    require_office(repo)
    check_owner(repo, catalogue, item_id, task.puskesmas)
    check_file(data, name, max_bytes=max_bytes)
    filed = file_artefact(uow, store, catalogue, FileRequest(
        data=data, filename=name, item_id=item_id, pemilik=task.puskesmas, tahun=task.tahun,
        tanggal=today, status=FINAL, sumber=f"tindak_lanjut:{task.id}:bukti", replace=True),
        max_bytes=max_bytes)
    return filed.artefact.kunci


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Waktu harus memakai zona waktu (aware), misalnya datetime.now(UTC).")
    return value.astimezone(UTC)


# -- creating tasks ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewTask:
    asal: str  # natural key: source + position; the same asal is never created twice
    tahun: int
    puskesmas: str
    sumber: str
    ep: str
    masalah: str
    batas_waktu: date
    nomor_surat: str | None = None
    penyebab: str = ""
    rekomendasi: str = ""
    rencana: str = ""
    pj: str = ""
    unit: str = ""
    tingkat: str = PUSKESMAS_LEVEL
    status: str = TERBUKA  # terbuka, or dieskalasi for problems raised to the Dinkes


def _check_new(repo: Repository, task: NewTask) -> None:
    where = f"Tindak lanjut '{task.asal}'"
    if not task.asal.strip():
        raise InputError("Tindak lanjut tanpa asal (kunci sumber) tidak dapat dibuat.")
    if not task.masalah.strip():
        raise InputError(f"{where}: uraian masalah/temuan kosong.")
    if task.sumber not in SUMBER:
        raise InputError(f"{where}: sumber '{task.sumber}' tidak dikenal; pilih: {', '.join(SUMBER)}.")
    if task.tingkat not in (PUSKESMAS_LEVEL, DINKES_LEVEL):
        raise InputError(f"{where}: tingkat '{task.tingkat}' tidak dikenal; pilih puskesmas atau dinkes.")
    if task.status not in (TERBUKA, DIESKALASI):
        raise InputError(f"{where}: tindak lanjut baru berstatus terbuka atau dieskalasi, "
                         f"bukan '{task.status}'.")
    if task.status == DIESKALASI and task.tingkat != DINKES_LEVEL:
        raise InputError(f"{where}: tindak lanjut yang dieskalasi harus bertingkat dinkes.")
    if repo.puskesmas(task.puskesmas) is None:
        raise NotFound(f"Puskesmas dengan kode '{task.puskesmas}' tidak terdaftar.")


def create_tasks(uow: UnitOfWork[TindakLanjutRepository],
                 tasks: Sequence[NewTask]) -> list[TindakLanjut]:
    """Create the tasks not created yet (by `asal`); returns one row per request, in order.

    All-or-nothing, in one step: every request is checked before anything is written. If another
    process creates the same `asal` meanwhile, its rows stand and are returned.
    """
    repo = uow.repo
    for t in tasks:
        _check_new(repo, t)
    wanted: dict[str, NewTask] = {}
    for t in tasks:
        wanted.setdefault(t.asal, t)
    for attempt in (1, 2):
        missing = [t for asal, t in wanted.items() if repo.tindak_lanjut_by_asal(asal) is None]
        if not missing:
            break
        try:
            with uow.step():
                for t in missing:
                    repo.add(TindakLanjut(**{k: getattr(t, k) for k in NewTask.__dataclass_fields__}))
            break
        except Conflict:  # a concurrent run created some of them first: create only the rest
            if attempt == 2:
                raise
    rows = {asal: repo.tindak_lanjut_by_asal(asal) for asal in wanted}
    return [row for t in tasks if (row := rows[t.asal]) is not None]  # all exist once committed


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    return "" if value is None else str(value).strip()


def _due(entry: Mapping[str, Any], default: date, where: str) -> date:
    value = entry.get("batas_waktu")
    if value in (None, ""):
        return default
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{where}: batas waktu '{value}' bukan tanggal (format TTTT-BB-HH).") from None


def tasks_from_pembinaan(temuan: Sequence[Mapping[str, Any]], *, puskesmas: str, tahun: int,
                         nomor_surat: str, batas_waktu: date) -> list[NewTask]:
    """One task per finding of a laporan hasil pembinaan, opened by the umpan balik letter.

    Each entry: {area, temuan, rekomendasi, pj?, batas_waktu?}; `batas_waktu` is the letter's
    deadline for entries without their own. asal = "pembinaan:{nomor_surat}:{n}" (n from 1).
    """
    out = []
    for n, entry in enumerate(temuan, start=1):
        where = f"Temuan ke-{n}"
        if not _text(entry, "temuan"):
            raise InputError(f"{where}: uraian temuan kosong.")
        out.append(NewTask(
            asal=f"pembinaan:{nomor_surat}:{n}", tahun=tahun, puskesmas=puskesmas, sumber="pembinaan",
            ep="h", nomor_surat=nomor_surat, masalah=_text(entry, "temuan"),
            rekomendasi=_text(entry, "rekomendasi"), pj=_text(entry, "pj"), unit=_text(entry, "area"),
            batas_waktu=_due(entry, batas_waktu, where)))
    return out


def tasks_from_pkp(rekomendasi: Sequence[str | Mapping[str, Any]], *, puskesmas: str, tahun: int,
                   nomor_surat: str, batas_waktu: date) -> list[NewTask]:
    """One task per recommendation of the PKP feedback letter (EP h, item h-d2 for the proof).

    Each entry is the recommendation text, or {rekomendasi, masalah?, pj?, unit?, batas_waktu?}.
    asal = "pkp:{nomor_surat}:{n}".
    """
    out = []
    for n, entry in enumerate(rekomendasi, start=1):
        where = f"Rekomendasi PKP ke-{n}"
        item: Mapping[str, Any] = {"rekomendasi": entry} if isinstance(entry, str) else entry
        text = _text(item, "rekomendasi")
        if not text:
            raise InputError(f"{where}: teks rekomendasi kosong.")
        out.append(NewTask(
            asal=f"pkp:{nomor_surat}:{n}", tahun=tahun, puskesmas=puskesmas, sumber="pkp", ep="h",
            nomor_surat=nomor_surat, masalah=_text(item, "masalah") or text, rekomendasi=text,
            pj=_text(item, "pj"), unit=_text(item, "unit"), batas_waktu=_due(item, batas_waktu, where)))
    return out


def tasks_from_eskalasi(masalah: Sequence[Mapping[str, Any]], *, sumber: str, puskesmas: str, tahun: int,
                        rapat: str, batas_waktu: date, nomor_surat: str | None = None) -> list[NewTask]:
    """Problems a lokmin or PTM raised to the Dinkes: tingkat dinkes, EP f, status dieskalasi.

    Each entry: {masalah, penyebab?, rencana?, rekomendasi?, pj?, unit?, batas_waktu?}. `rapat`
    names the meeting (e.g. its date "2026-03-05"); asal = "{sumber}:{puskesmas}:{rapat}:{n}".
    """
    if sumber not in ("lokmin", "ptm"):
        raise InputError(f"Sumber eskalasi '{sumber}' tidak dikenal; pilih lokmin atau ptm.")
    out = []
    for n, entry in enumerate(masalah, start=1):
        where = f"Masalah {sumber} ke-{n}"
        if not _text(entry, "masalah"):
            raise InputError(f"{where}: uraian masalah kosong.")
        out.append(NewTask(
            asal=f"{sumber}:{puskesmas}:{rapat}:{n}", tahun=tahun, puskesmas=puskesmas, sumber=sumber,
            ep="f", nomor_surat=nomor_surat, masalah=_text(entry, "masalah"),
            penyebab=_text(entry, "penyebab"), rencana=_text(entry, "rencana"),
            rekomendasi=_text(entry, "rekomendasi"), pj=_text(entry, "pj"), unit=_text(entry, "unit"),
            tingkat=DINKES_LEVEL, status=DIESKALASI, batas_waktu=_due(entry, batas_waktu, where)))
    return out
