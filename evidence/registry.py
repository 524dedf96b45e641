"""Use cases of the evidence registry: file, replace, list, fetch, verify, reconcile.

Database and object store must agree: the object is written first, then the row that points to it
is committed, as one step of the unit of work (or as part of the caller's step). When that commit
is certainly refused the new object is removed again; a crash between the two leaves an object
without a row, which `reconcile` adopts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from evidence import rendisi
from evidence.catalogue import Catalogue
from evidence.content import check_file
from evidence.errors import Conflict, InputError, NotFound
from evidence.keys import build_key, parse_key, safe_filename
from evidence.ports import ObjectStore, Repository, UnitOfWork
from evidence.records import DINKES, DRAFT, FINAL, Artefact, Office, Puskesmas, utcnow

STATUSES = (DRAFT, FINAL)


@dataclass(frozen=True)
class FileRequest:
    data: bytes
    filename: str
    item_id: str
    pemilik: str  # kode Puskesmas or DINKES
    tahun: int
    tanggal: date
    status: str = DRAFT
    sumber: str | None = None  # source record; defaults to the file name
    replace: bool = False
    penandatangan: str | None = None  # who signed it (a signed letter or document)
    tte: dict | None = None  # what its electronic signatures prove (evidence.tte), when checked


@dataclass(frozen=True)
class Filed:
    artefact: Artefact
    outcome: str  # baru | sama | status | revisi

    @property
    def changed(self) -> bool:
        return self.outcome != "sama"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def require_office(repo: Repository) -> Office:
    office = repo.office()
    if office is None:
        raise InputError("Data Dinas Kesehatan belum ada. Jalankan dulu: tpcb import dinkes FILE.yaml")
    return office


def require_puskesmas(repo: Repository, kode: str) -> Puskesmas:
    pkm = repo.puskesmas(kode)
    if pkm is None:
        raise NotFound(f"Puskesmas dengan kode '{kode}' tidak terdaftar.")
    return pkm


def check_owner(repo: Repository, catalogue: Catalogue, item_id: str, pemilik: str) -> None:
    item = catalogue.item(item_id)
    if item.scope == "dinkes" and pemilik != DINKES:
        raise InputError(
            f"Butir {item.id} adalah bukti tingkat Dinkes (satu untuk semua Puskesmas); "
            "ajukan dengan --dinkes, bukan untuk satu Puskesmas."
        )
    if item.scope == "puskesmas":
        if pemilik == DINKES:
            raise InputError(f"Butir {item.id} adalah bukti per Puskesmas; sebutkan --puskesmas KODE.")
        if repo.puskesmas(pemilik) is None:
            raise NotFound(f"Puskesmas dengan kode '{pemilik}' tidak terdaftar.")


def file_artefact(uow: UnitOfWork[Repository], store: ObjectStore, catalogue: Catalogue,
                  req: FileRequest, *, max_bytes: int) -> Filed:
    """File evidence idempotently by (tahun, pemilik, butir, sumber); the row is stored when this
    step ends (or with the caller's step, when it is part of one)."""
    repo = uow.repo
    if req.status not in STATUSES:
        raise InputError(f"Status '{req.status}' tidak dikenal; pilih draf (draft) atau final.")
    if req.penandatangan is not None and (req.status != FINAL or not req.penandatangan.strip()):
        raise InputError("Penandatangan hanya dicatat untuk berkas final, dan namanya tidak boleh "
                         "kosong.")
    office = require_office(repo)
    check_owner(repo, catalogue, req.item_id, req.pemilik)
    item = catalogue.item(req.item_id)
    name = safe_filename(req.filename)
    kind = _checked(req, name, max_bytes)
    digest = sha256(req.data)
    sumber = req.sumber or name
    # From here to the commit, other filings of this item wait: the revision read below is the
    # newest stored, and the object written under its key is ours until our row is stored.
    existing = repo.artefact_terkunci(tahun=req.tahun, pemilik=req.pemilik, item_id=item.id,
                                      sumber=sumber)
    if existing is not None and existing.sha256 == digest:
        return _same_content(uow, existing, req)
    twin = _same_bytes(repo, req, item.id, digest)
    if twin is not None:  # the same file under another name: the artefact that holds it already
        return _same_content(uow, twin, req)
    if existing is not None and not req.replace:
        raise Conflict(
            f"Artefak {item.id} untuk {req.pemilik} tahun {req.tahun} ('{sumber}') sudah ada "
            "dengan isi berbeda. Gunakan opsi ganti (--ganti) untuk menyimpan revisi baru."
        )
    key = str(build_key(kode_wilayah=office.kode_wilayah, tahun=req.tahun, pemilik=req.pemilik,
                        ep=item.ep, item_id=item.id, filename=name))
    clash = repo.artefact_by_key(key)
    if clash is not None and clash is not existing:
        raise Conflict(f"Nama berkas '{name}' sudah dipakai artefak lain di {item.id}; ganti namanya.")
    meta = {"ep": item.ep, "item": item.id, "type": item.type,
            "pemilik": req.pemilik, "tahun": str(req.tahun), "status": req.status,
            "tanggal": req.tanggal.isoformat(), "sumber": sumber}
    stored = store.put(key, req.data, content_type=kind.content_type, metadata=meta)
    if existing is None:
        row = Artefact(kunci=key, tahun=req.tahun, pemilik=req.pemilik, ep=item.ep, item_id=item.id,
                       jenis=item.type, sumber=sumber, nama_berkas=name, status=req.status,
                       tanggal=req.tanggal, sha256=digest, ukuran=len(req.data),
                       content_type=kind.content_type, version_id=stored.version_id,
                       penandatangan=_signer(req), tte=req.tte)
        return _commit_new(uow, store, row)
    old_key = existing.kunci
    existing.kunci, existing.nama_berkas, existing.sha256 = key, name, digest
    existing.ukuran, existing.content_type = len(req.data), kind.content_type
    existing.status, existing.tanggal, existing.version_id = req.status, req.tanggal, stored.version_id
    existing.penandatangan, existing.tte = _signer(req), req.tte
    existing.revisi += 1
    existing.diubah = utcnow()
    if old_key != key:  # the revision has a name of its own: the old object goes once it is stored
        uow.on_failure(_forget(store, key))
        uow.after_commit(lambda: store.delete(old_key))
    with uow.step():
        repo.add(existing)
    return Filed(existing, "revisi")


def _checked(req: FileRequest, name: str, max_bytes: int):
    """`check_file` on the stored name, its refusal naming the file as the user called it."""
    try:
        return check_file(req.data, name, max_bytes=max_bytes)
    except InputError as exc:
        own = nama_asli(req.filename)
        if own == name or f"'{name}'" not in str(exc):
            raise
        raise InputError(str(exc).replace(f"'{name}'", f"'{own}'")) from None


def nama_asli(filename: str) -> str:
    """The file's own name as the user chose it (no folders, no control characters)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    return "".join(ch for ch in base if ch.isprintable()).strip() or "berkas"


def _same_bytes(repo: Repository, req: FileRequest, item_id: str, digest: str) -> Artefact | None:
    """The item's artefact (same owner and year) whose current revision has exactly these bytes."""
    return next((a for a in repo.artefacts(pemilik=req.pemilik, tahun=req.tahun, item_id=item_id)
                 if a.sha256 == digest), None)


def _signer(req: FileRequest) -> str | None:
    return req.penandatangan.strip() if req.penandatangan else None


def _same_content(uow: UnitOfWork, existing: Artefact, req: FileRequest) -> Filed:
    signer = _signer(req)
    if req.status == FINAL and (existing.status != FINAL or
                                (signer and signer != existing.penandatangan)):
        existing.status, existing.tanggal, existing.diubah = FINAL, req.tanggal, utcnow()
        existing.penandatangan = signer or existing.penandatangan
        existing.tte = req.tte or existing.tte
        with uow.step():
            uow.repo.add(existing)
        return Filed(existing, "status")
    return Filed(existing, "sama")


def _forget(store: ObjectStore, key: str):
    """Remove the object just written when its row was certainly not stored; not after a clash,
    where another process stored the same row first and the object under this key is theirs."""
    def undo(error: BaseException) -> None:
        if not isinstance(error, Conflict):
            store.delete(key)
    return undo


def _commit_new(uow: UnitOfWork, store: ObjectStore, row: Artefact) -> Filed:
    uow.on_failure(_forget(store, row.kunci))
    try:
        with uow.step():
            uow.repo.add(row)
    except Conflict:
        # Another process filed the same natural key first: theirs stands, ours is the same file.
        winner = uow.repo.artefact(tahun=row.tahun, pemilik=row.pemilik, item_id=row.item_id,
                                   sumber=row.sumber)
        if winner is None:
            raise
        return Filed(winner, "sama")
    return Filed(row, "baru")


def get_artefact(repo: Repository, store: ObjectStore, kunci: str) -> tuple[Artefact, bytes]:
    """The record and its bytes; refuses bytes whose sha256 no longer matches the record."""
    row = repo.artefact_by_key(kunci)
    if row is None:
        raise NotFound(f"Artefak dengan kunci '{kunci}' tidak ditemukan.")
    return row, isi_artefak(store, row)


def isi_artefak(store: ObjectStore, row: Artefact) -> bytes:
    """The bytes of an artefact whose row is in hand; refused when their sha256 no longer
    matches the row."""
    data = store.get(row.kunci)
    if sha256(data) != row.sha256:
        raise Conflict(f"Isi artefak '{row.kunci}' tidak cocok dengan sidik sha256 yang tercatat.")
    return data


@dataclass
class ReconcileReport:
    objects_without_rows: list[str] = field(default_factory=list)
    rows_without_objects: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    removed_rows: list[str] = field(default_factory=list)
    unrepairable: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # temporary files of killed writes
    removed_leftovers: list[str] = field(default_factory=list)
    # PDF renditions (evidence.rendisi) are derived objects, not artefacts: one no row points to
    # (a crash before its row, a removed row) is removed; a row pointing to a missing one forgets
    # it, and the next `tpcb storage rendisi` makes it again.
    renditions_without_rows: list[str] = field(default_factory=list)
    rows_without_renditions: list[str] = field(default_factory=list)  # the missing rendition keys
    removed_renditions: list[str] = field(default_factory=list)
    forgotten_renditions: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.objects_without_rows or self.rows_without_objects or self.leftovers
                    or self.renditions_without_rows or self.rows_without_renditions)


LEFTOVER_AGE_S = 15 * 60  # a temporary file this old belongs to no write still running


def reconcile(repo: Repository, store: ObjectStore, *, fix: bool = False) -> ReconcileReport:
    """Find (and with `fix`, repair) differences between the rows and the objects.

    An object without a row is what a crash between the two writes leaves: its metadata says
    what it proves, so the row is recreated. A row without an object cannot be recovered: the row
    is removed so the item shows as missing and the producing flow files it again.
    """
    report = ReconcileReport()
    office = repo.office()
    rows = {r.kunci: r for r in repo.artefacts()}
    prefix = f"{office.kode_wilayah}/" if office else ""
    listed = {o.key: o for o in store.list_objects(prefix)}
    renditions = {k for k in listed if rendisi.adalah_kunci(k)}
    objects = {k: o for k, o in listed.items() if k not in renditions}
    pointed = {r.pdf_kunci: r for r in rows.values() if r.pdf_kunci}
    report.objects_without_rows = sorted(set(objects) - set(rows))
    report.rows_without_objects = sorted(set(rows) - set(objects))
    report.renditions_without_rows = sorted(renditions - set(pointed))
    report.rows_without_renditions = sorted(set(pointed) - renditions)
    report.leftovers = store.leftovers(older_than_s=LEFTOVER_AGE_S)
    if not fix:
        return report
    _fix_renditions(repo, store, report, pointed)
    for name in report.leftovers:
        store.remove_leftover(name)
        report.removed_leftovers.append(name)
    for key in report.objects_without_rows:
        row = _row_from_object(objects[key])
        if row is None or repo.artefact(tahun=row.tahun, pemilik=row.pemilik, item_id=row.item_id,
                                        sumber=row.sumber) is not None:
            report.unrepairable.append(key)
            continue
        repo.add(row)
        report.adopted.append(key)
    for key in report.rows_without_objects:
        repo.delete(rows[key])
        report.removed_rows.append(key)
    return report  # the repairs are stored when the caller's unit of work ends


def _fix_renditions(repo: Repository, store: ObjectStore, report: ReconcileReport,
                    pointed: dict[str, Artefact]) -> None:
    for key in report.renditions_without_rows:
        store.delete(key)
        report.removed_renditions.append(key)
    for key in report.rows_without_renditions:
        row = pointed[key]
        row.pdf_kunci = row.pdf_sha256 = row.pdf_sumber = None
        repo.add(row)
        report.forgotten_renditions.append(key)


def _row_from_object(obj) -> Artefact | None:
    meta = obj.metadata
    try:
        parsed = parse_key(obj.key)
        return Artefact(
            kunci=obj.key, tahun=parsed.tahun, pemilik=parsed.pemilik, ep=parsed.ep,
            item_id=parsed.item_id, jenis=meta["type"], sumber=meta.get("sumber", parsed.filename),
            nama_berkas=parsed.filename, status=meta.get("status", DRAFT),
            tanggal=date.fromisoformat(meta["tanggal"]), sha256=obj.sha256, ukuran=obj.size,
            content_type=obj.content_type, version_id=obj.version_id,
        )
    except (KeyError, ValueError, InputError):
        return None


@dataclass(frozen=True)
class Mismatch:
    kunci: str
    reason: str


def verify(repo: Repository, store: ObjectStore) -> tuple[int, list[Mismatch]]:
    """Re-hash every object and compare with its row, and every recorded PDF rendition with its
    recorded sha256; returns (artefacts checked, mismatches)."""
    problems: list[Mismatch] = []
    rows = repo.artefacts()
    for row in rows:
        try:
            data = store.get(row.kunci)
        except NotFound:
            problems.append(Mismatch(row.kunci, "objek tidak ada di penyimpanan"))
        else:
            if len(data) != row.ukuran or sha256(data) != row.sha256:
                problems.append(Mismatch(row.kunci, "isi berubah: sha256 tidak cocok"))
        if row.pdf_kunci:
            problems += _verify_rendition(store, row.pdf_kunci, row.pdf_sha256)
    return len(rows), problems


def _verify_rendition(store: ObjectStore, key: str, digest: str | None) -> list[Mismatch]:
    try:
        data = store.get(key)
    except NotFound:
        return [Mismatch(key, "rendisi PDF tidak ada di penyimpanan (tpcb storage reconcile --fix)")]
    if sha256(data) != digest:
        return [Mismatch(key, "rendisi PDF berubah: sha256 tidak cocok (bundel mengonversi berkasnya "
                              "sendiri; hapus objek ini lalu jalankan tpcb storage reconcile --fix "
                              "dan tpcb storage rendisi)")]
    return []
