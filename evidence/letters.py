"""Use cases of the letter register: draft a letter from a template, give it its number when it
is dated and signed, attach the signed PDF, record its receipt.

A draft holds no number ("Nomor: ……"). The number is taken when the letter is dated and signed
(or approved for signature), in a short transaction of its own, from the office's pattern and in
date order, so the register (buku agenda) reads in date order with no gaps and no reuse; a
backdated letter is refused unless the office uses a nomor sisipan (004a). The numbered .docx is
rendered from the letter's stored context before the number is taken, with a placeholder where
the number goes; once taken, the number is written in and the letter filed as the draft's new
revision. Nothing but the number is done while the series' counter is held.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from evidence.catalogue import Catalogue
from evidence.content import check_pdf
from evidence.docx_teks import isi_penanda
from evidence.errors import Conflict, InputError, NotFound
from evidence.format_id import tanggal as tanggal_id
from evidence.keys import build_key, safe_filename
from evidence.numbering import format_nomor, next_sisipan, seri, sisipan_allowed
from evidence.ports import ObjectStore, UnitOfWork
from evidence.records import DRAFT, FINAL, Office, Surat, utcnow
from evidence.registry import FileRequest, check_owner, file_artefact, require_office
from evidence.status import StatusSurat
from evidence.tindak_lanjut import TindakLanjutRepository
from evidence.tte import Periksa

MENUNGGU = StatusSurat.MENUNGGU_PERSETUJUAN
NOMOR_DRAF = "……"  # what a draft shows in place of its number
NOMOR_SEMENTARA = "@@NOMOR-SURAT@@"  # rendered where the number goes, replaced once it is taken
_DRAF_REF = re.compile(r"(?i)^draf-(\d{1,9})$")
SHIFTED = ("batas_laporan",)  # context dates that move with the letter's date when numbered


class Rendered(Protocol):
    data: bytes


class Renderer(Protocol):
    def __call__(self, name: str, context: dict[str, Any], *,
                 images: dict[str, Any] | None = None) -> Rendered: ...


class LetterRepository(TindakLanjutRepository, Protocol):
    """What the letter use cases need on top of the registry's repository: the buku agenda, and
    the follow-up tasks a letter opens once it is sent."""

    def kunci_untuk_nomor(self, surat: Surat) -> bool: ...

    def tulis_sekarang(self) -> None: ...

    def next_urut(self, tahun: int, jenis: str) -> int: ...

    def kembalikan_urut(self, tahun: int, jenis: str) -> None: ...

    def surat_by_id(self, id: int) -> Surat | None: ...

    def surat_terakhir(self, tahun: int, seri: str) -> Surat | None: ...

    def surat_sebelum(self, tahun: int, seri: str, tanggal: date) -> Surat | None: ...

    def surat_urut(self, tahun: int, seri: str, urut: int) -> list[Surat]: ...

    def surat(self, nomor: str) -> Surat | None: ...

    def surat_by_source(self, templat: str, sumber: str) -> Surat | None: ...

    def surat_by_artefact(self, kunci: str) -> Surat | None: ...

    def surat_list(self, *, status: str | None = None, jenis: str | None = None,
                   pemilik: str | None = None, tahun: int | None = None,
                   pemilik_in: list[str] | None = None) -> list[Surat]: ...


LetterUnit = UnitOfWork[LetterRepository]  # the unit of work a letter use case runs in


@dataclass(frozen=True)
class LetterRequest:
    templat: str
    jenis: str  # kind of letter for numbering: sk, surat_tugas, nota_dinas, umpan_balik, ...
    sumber: str  # the source record: the same source always means the same letter
    item_id: str
    pemilik: str
    tanggal: date  # the planned date; the letter is dated when it is numbered
    perihal: str
    tujuan: str
    penandatangan: str
    context: dict[str, Any] = field(default_factory=dict)  # without `nomor`: it comes at signing
    images: dict[str, Any] = field(default_factory=dict)
    tugas: tuple = ()  # follow-up tasks (tindak_lanjut.NewTask) the letter opens once sent


def label(surat: Surat) -> str:
    """How a letter is named to users: its number, or `draf-ID` while it has none."""
    return surat.nomor or f"draf-{surat.id}"


def file_stem(nomor: str) -> str:
    return safe_filename(nomor.replace("/", "-"))


def _plain(value: Any) -> Any:
    """The context as JSON (dates as ISO text; the template schema reads them back)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _images(office: Office) -> dict[str, bytes]:
    return {"logo": office.logo} if office.logo else {}


def issue_letter(uow: LetterUnit, store: ObjectStore, catalogue: Catalogue, render: Renderer,
                 req: LetterRequest, *, max_bytes: int, hold: bool = False) -> tuple[Surat, bool]:
    """Render and file a draft letter (no number); the same source returns the existing letter.

    The letter's row and its draft's artefact are stored together, in one step. With `hold` the
    letter waits for the signer's approval (status menunggu_persetujuan).
    """
    repo = uow.repo
    existing = repo.surat_by_source(req.templat, req.sumber)
    if existing is not None:
        return existing, False
    office = require_office(repo)
    check_owner(repo, catalogue, req.item_id, req.pemilik)
    item = catalogue.item(req.item_id)
    rendered = render(req.templat, {**req.context, "nomor": NOMOR_DRAF}, images=req.images)
    filename = safe_filename(f"draf_{req.templat}_{req.sumber.replace(':', '_')}.docx")
    key = str(build_key(kode_wilayah=office.kode_wilayah, tahun=req.tanggal.year,
                        pemilik=req.pemilik, ep=item.ep, item_id=item.id, filename=filename))
    tasks = [{k: v for k, v in _plain(asdict(t)).items() if k not in ("asal", "nomor_surat")}
             for t in req.tugas]
    surat = Surat(nomor=None, tahun=req.tanggal.year, jenis=req.jenis, tanggal=req.tanggal,
                  templat=req.templat, sumber=req.sumber, perihal=req.perihal, tujuan=req.tujuan,
                  penandatangan=req.penandatangan, pemilik=req.pemilik, item_id=item.id,
                  status=MENUNGGU if hold else StatusSurat.DRAFT, artefak_draf=key,
                  konteks=_plain(req.context), tugas=tasks or None)
    try:
        with uow.step():
            repo.add(surat)
            file_artefact(uow, store, catalogue, FileRequest(
                data=rendered.data, filename=filename, item_id=item.id, pemilik=req.pemilik,
                tahun=req.tanggal.year, tanggal=req.tanggal, status=DRAFT,
                sumber=f"surat:{req.templat}:{req.sumber}"), max_bytes=max_bytes)
    except Conflict:
        # the same letter was registered by another process while we rendered: theirs stands
        theirs = repo.surat_by_source(req.templat, req.sumber)
        if theirs is None:
            raise
        return theirs, False
    return surat, True


def get_letter(repo: LetterRepository, ref: str) -> Surat:
    """A letter by its number, or by `draf-ID` while it has none."""
    ref = (ref or "").strip()
    match = _DRAF_REF.match(ref)
    surat = repo.surat_by_id(int(match.group(1))) if match else repo.surat(ref)
    if surat is None:
        raise NotFound(f"Surat '{ref}' tidak ada di register. Sebutkan nomornya, atau draf-ID "
                       "(mis. draf-12) untuk surat yang belum bernomor.")
    return surat


# -- the number, when the letter is dated and signed ------------------------------------------------
def beri_nomor(uow: LetterUnit, store: ObjectStore, catalogue: Catalogue, render: Renderer,
               ref: str, *, tanggal: date, today: date, max_bytes: int, sisipan: bool = False,
               approving: bool = False) -> Surat:
    """Date the letter and take its number (idempotent: a numbered letter keeps its number),
    then file the numbered .docx and open the follow-up tasks the letter carries.

    The letter is rendered first, with a placeholder for its number (a template error takes no
    number). Then three steps, each stored when it ends: the number (a short transaction: the
    counter is held for nothing else), the tasks, the numbered document (the number written into
    the rendered one). A run stopped between them is finished by running it again."""
    surat = get_letter(uow.repo, ref)
    rendered: bytes | None = None
    if surat.nomor is None:
        check_numberable(surat, tanggal, today, approving)
        office = require_office(uow.repo)
        job = _job(surat, office, NOMOR_SEMENTARA, tanggal)
        rendered = render(*job[:2], images=job[2]).data if job is not None else None
        if not _take_number(uow, office, surat, tanggal, sisipan, approving):
            rendered = None  # numbered meanwhile by someone else: their number and date stand
    if surat.tugas:
        open_tasks(uow, surat)
    if not surat.bernomor_dirender:
        if rendered is not None and surat.nomor is not None:
            file_numbered(uow, store, catalogue, surat,
                          isi_penanda(rendered, NOMOR_SEMENTARA, surat.nomor), max_bytes)
        else:
            _render_numbered(uow, store, catalogue, render, surat, max_bytes)
    return surat


def check_numberable(surat: Surat, tanggal: date, today: date, approving: bool) -> None:
    who = label(surat)
    if surat.status == MENUNGGU and not approving:
        raise InputError(f"Surat {who} masih menunggu persetujuan Kepala Dinas; nomor diberikan "
                         "saat disetujui (tpcb surat setujui).")
    if surat.status == StatusSurat.DITOLAK:
        raise InputError(f"Surat {who} ditolak ({surat.catatan}); tidak diberi nomor.")
    if tanggal > today:
        raise InputError(f"Tanggal {tanggal.isoformat()} belum terjadi (hari ini {today.isoformat()}); "
                         "nomor diberikan saat surat ditanggali dan ditandatangani.")
    if tanggal.year != surat.tahun:
        raise InputError(f"Surat {who} adalah surat tahun {surat.tahun}; tanggal "
                         f"{tanggal.isoformat()} berada di tahun lain.")


def _take_number(uow: LetterUnit, office: Office, surat: Surat, tanggal: date, sisipan: bool,
                 approving: bool) -> bool:
    """Number the letter in a step of its own; False when another user numbered it first."""
    who = label(surat)
    try:
        with uow.step():
            if not uow.repo.kunci_untuk_nomor(surat):
                return False
            assign_number(uow.repo, office, surat, tanggal, sisipan=sisipan, approving=approving)
    except Conflict:
        raise Conflict(f"Nomor untuk surat {who} bentrok dengan surat yang baru diberi "
                       "nomor oleh pengguna lain; ulangi perintahnya.") from None
    return True


def assign_number(repo: LetterRepository, office: Office, surat: Surat, tanggal: date, *,
                  sisipan: bool = False, approving: bool = False) -> None:
    """Take the next number of the series inside the current transaction (the caller's step
    stores it, or drops it and nothing is taken). A date before the series' last letter gets a
    nomor sisipan when asked for, else InputError."""
    series = seri(office, surat.jenis, tanggal.year)
    urut, suffix = repo.next_urut(tanggal.year, series), ""
    last = repo.surat_terakhir(tanggal.year, series)
    if last is not None and tanggal < last.tanggal:
        repo.kembalikan_urut(tanggal.year, series)  # the counter keeps its number: none skipped
        urut, suffix = _sisipan(repo, office, surat, tanggal, series, last, sisipan)
    surat.nomor = format_nomor(office, surat.jenis, urut, tanggal, suffix)
    surat.urut, surat.sisipan, surat.seri = urut, suffix, series
    delta = tanggal - surat.tanggal
    surat.tanggal, surat.dinomori_pada, surat.diubah = tanggal, utcnow(), utcnow()
    if approving:
        surat.status = StatusSurat.DRAFT
    _shift(surat, delta)
    repo.add(surat)


def _sisipan(repo: LetterRepository, office: Office, surat: Surat, tanggal: date, series: str, last: Surat,
             wanted: bool) -> tuple[int, str]:
    if not (wanted and sisipan_allowed(office)):
        how = (" atau minta nomor sisipan (--sisipan)" if sisipan_allowed(office) else
               "; kantor ini tidak memakai nomor sisipan (penomoran.sisipan di dinkes.yaml)")
        raise InputError(
            f"Tanggal {tanggal_id(tanggal)} lebih awal dari surat terakhir pada seri yang sama, "
            f"{last.nomor} tanggal {tanggal_id(last.tanggal)}. Nomor diberikan berurutan menurut "
            f"tanggal: pakai tanggal {last.tanggal.isoformat()} atau sesudahnya{how}.")
    before = repo.surat_sebelum(tanggal.year, series, tanggal)
    if before is None or before.urut is None:
        raise InputError(f"Tidak ada surat bernomor sebelum {tanggal_id(tanggal)} pada seri ini; "
                         "nomor sisipan harus menyisip sesudah surat yang sudah ada.")
    taken = [s.sisipan for s in repo.surat_urut(tanggal.year, series, before.urut)]
    return before.urut, next_sisipan(taken)


def _shift(surat: Surat, delta: timedelta) -> None:
    """Deadlines counted from the letter's date move with it when it is dated later than planned."""
    if not delta:
        return
    if surat.konteks:
        surat.konteks = _shifted(surat.konteks, delta)
    if surat.tugas:
        surat.tugas = [{**t, "batas_waktu": (date.fromisoformat(t["batas_waktu"]) + delta).isoformat()}
                       for t in surat.tugas]


def _shifted(konteks: dict[str, Any], delta: timedelta) -> dict[str, Any]:
    ctx = dict(konteks)
    for key in SHIFTED:
        if delta and ctx.get(key):
            ctx[key] = (date.fromisoformat(ctx[key]) + delta).isoformat()
    return ctx


def open_tasks(uow: LetterUnit, surat: Surat) -> None:
    """The follow-ups a letter asks for exist from the moment it is sent (numbered), each named
    by the letter's number."""
    from evidence.tindak_lanjut import NewTask, create_tasks

    tasks = [NewTask(**{**t, "asal": f"{t['sumber']}:{surat.nomor}:{n}", "nomor_surat": surat.nomor,
                        "batas_waktu": date.fromisoformat(t["batas_waktu"])})
             for n, t in enumerate(surat.tugas or [], start=1)]
    create_tasks(uow, tasks)


def _render_numbered(uow: LetterUnit, store: ObjectStore, catalogue: Catalogue, render: Renderer,
                     surat: Surat, max_bytes: int) -> None:
    """The letter as it is signed: its stored context with the number and the date."""
    job = numbered_job(uow.repo, surat)
    if job is not None:
        file_numbered(uow, store, catalogue, surat, render(*job[:2], images=job[2]).data, max_bytes)


def numbered_job(repo: LetterRepository, surat: Surat) -> tuple[str, dict, dict] | None:
    """What to render for the numbered letter (template, context, images); None for a letter
    registered by an older release, whose draft already had the number (marked rendered)."""
    job = _job(surat, require_office(repo), surat.nomor or NOMOR_DRAF, surat.tanggal)
    if job is None:
        surat.bernomor_dirender = True
        repo.add(surat)
    return job


def _job(surat: Surat, office: Office, nomor: str, tanggal: date) -> tuple[str, dict, dict] | None:
    """The letter as it is signed: its stored context with the number and the date it is given
    (the deadlines it carries moved with that date, as `assign_number` moves them)."""
    if surat.konteks is None:
        return None
    ctx = {**_shifted(surat.konteks, tanggal - surat.tanggal), "nomor": nomor,
           "tanggal": tanggal.isoformat()}
    return surat.templat, ctx, _images(office)


def file_numbered(uow: LetterUnit, store: ObjectStore, catalogue: Catalogue, surat: Surat,
                  data: bytes, max_bytes: int) -> None:
    """File the numbered .docx as the draft's next revision and mark the letter rendered, in one
    step."""
    with uow.step():
        filed = file_artefact(uow, store, catalogue, FileRequest(
            data=data, filename=f"{file_stem(label(surat))}_{surat.templat}.docx",
            item_id=surat.item_id, pemilik=surat.pemilik, tahun=surat.tahun, tanggal=surat.tanggal,
            status=DRAFT, sumber=f"surat:{surat.templat}:{surat.sumber}", replace=True),
            max_bytes=max_bytes)
        surat.artefak_draf, surat.bernomor_dirender = filed.artefact.kunci, True
        surat.diubah = utcnow()
        uow.repo.add(surat)
        uow.repo.tulis_sekarang()  # the document is checked and stored: only the rows are left


# -- signing and receipt ----------------------------------------------------------------------------
def sign_letter(uow: LetterUnit, store: ObjectStore, catalogue: Catalogue, nomor: str, pdf: bytes,
                *, tanggal: date, max_bytes: int, periksa: Periksa | None = None) -> Surat:
    """Attach the signed PDF of a numbered letter as its final artefact, with what its
    electronic signatures prove when a checker is given (a tampered PDF is kept, shown invalid
    and never counted). The artefact is stored first; the letter's new status with the unit of
    work (running it again after a failure finds the same file and only updates the letter)."""
    repo = uow.repo
    surat = get_letter(repo, nomor)
    if surat.status == MENUNGGU:
        raise InputError(f"Surat {label(surat)} masih menunggu persetujuan; setujui dulu sebelum "
                         "diunggah.")
    if surat.status == StatusSurat.DITOLAK:
        raise InputError(f"Surat {label(surat)} ditolak ({surat.catatan}); buat ulang sebelum "
                         "ditandatangani.")
    if surat.nomor is None:
        raise InputError(f"Surat {label(surat)} belum bernomor. Beri nomor dan tanggal dulu "
                         f"(tpcb surat nomor {label(surat)} --tanggal TTTT-BB-HH), tandatangani "
                         "versi bernomornya, lalu unggah PDF-nya.")
    if tanggal < surat.tanggal:
        raise InputError(f"Tanggal tanda tangan {tanggal.isoformat()} sebelum tanggal surat "
                         f"{surat.tanggal.isoformat()}.")
    check_pdf(pdf, f"{file_stem(surat.nomor)}.pdf")
    tte = periksa(pdf).to_json() if periksa else None
    filed = file_artefact(uow, store, catalogue, FileRequest(
        data=pdf, filename=f"{file_stem(surat.nomor)}_ttd.pdf", item_id=surat.item_id,
        pemilik=surat.pemilik, tahun=surat.tahun, tanggal=tanggal, status=FINAL,
        sumber=f"surat:{surat.templat}:{surat.sumber}:ttd", replace=True,
        penandatangan=surat.penandatangan, tte=tte), max_bytes=max_bytes)
    if surat.status != StatusSurat.FINAL or surat.artefak_final != filed.artefact.kunci:
        surat.status, surat.artefak_final, surat.diubah = StatusSurat.FINAL, filed.artefact.kunci, utcnow()
        repo.add(surat)
    return surat


def record_receipt(repo: LetterRepository, nomor: str, tanggal: date) -> Surat:
    """Record that the addressee received the letter (proof of delivery; EP d and h)."""
    surat = get_letter(repo, nomor)
    if surat.status != StatusSurat.FINAL:
        raise InputError(f"Surat {label(surat)} belum final (belum ditandatangani); tanda terima "
                         "belum bisa dicatat.")
    if tanggal < surat.tanggal:
        raise InputError(f"Tanggal terima {tanggal.isoformat()} sebelum tanggal surat "
                         f"{surat.tanggal.isoformat()}.")
    if surat.diterima_pada != tanggal:
        surat.diterima_pada, surat.diubah = tanggal, utcnow()
        repo.add(surat)
    return surat
