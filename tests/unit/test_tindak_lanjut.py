"""Follow-up tasks: the state machine, proof filing, creation, overdue on Jakarta dates, EP h."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from evidence.catalogue import load_catalogue
from evidence.errors import Conflict, InputError, NotFound
from evidence.jam import jakarta_today
from evidence.records.siklus import Notifikasi, TindakLanjut
from evidence.tindak_lanjut import (
    NewTask,
    StatusTidakBoleh,
    create_tasks,
    feedback_followed_up,
    is_overdue,
    list_tasks,
    tasks_from_eskalasi,
    tasks_from_pembinaan,
    tasks_from_pkp,
    update_status,
)
from tests.fakes import FakeRepo, FakeStore, FakeUnitOfWork
from tests.samples import office, pdf_bytes, puskesmas

MB = 1024 * 1024
CAT = load_catalogue()
TODAY = date(2026, 3, 12)


class SiklusFakeRepo(FakeRepo):
    """FakeRepo plus follow-up tasks and notifications, with the database's unique keys."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self._tl: list[TindakLanjut] = []
        self._notif: list[Notifikasi] = []

    def tindak_lanjut(self, id):
        return next((t for t in self._tl if t.id == id), None)

    def tindak_lanjut_by_asal(self, asal):
        return next((t for t in self._tl if t.asal == asal), None)

    def tindak_lanjut_list(self, *, puskesmas=None, status=None, tahun=None, nomor_surat=None):
        rows = [t for t in self._tl if (puskesmas is None or t.puskesmas == puskesmas)
                and (status is None or t.status == status) and (tahun is None or t.tahun == tahun)
                and (nomor_surat is None or t.nomor_surat == nomor_surat)]
        return sorted(rows, key=lambda t: (t.batas_waktu, t.id))

    def notifikasi_list(self, *, status=None, tindak_lanjut_id=None, tanggal=None):
        rows = [n for n in self._notif if (status is None or n.status == status)
                and (tindak_lanjut_id is None or n.tindak_lanjut_id == tindak_lanjut_id)
                and (tanggal is None or n.tanggal == tanggal)]
        return sorted(rows, key=lambda n: (n.tanggal, n.id))

    def notifikasi_exists(self, tindak_lanjut_id, tanggal):
        return any((n.tindak_lanjut_id, n.tanggal) == (tindak_lanjut_id, tanggal) for n in self._notif)

    def apply_staged(self):
        new_tl = [r for r in self._staged if isinstance(r, TindakLanjut) and r not in self._tl]
        new_n = [r for r in self._staged if isinstance(r, Notifikasi) and r not in self._notif]
        asals = [t.asal for t in self._tl + new_tl]
        days = [(n.tindak_lanjut_id, n.tanggal) for n in self._notif + new_n]
        if len(set(asals)) != len(asals) or len(set(days)) != len(days):
            self._staged.clear()
            raise Conflict("kunci ganda")
        for t in new_tl:
            t.id = t.id or max([x.id for x in self._tl] + [0]) + 1
            self._tl.append(t)
        for n in new_n:
            n.id = len(self._notif) + 1
            self._notif.append(n)
        super().apply_staged()


def make_repo() -> SiklusFakeRepo:
    return SiklusFakeRepo(office(), [puskesmas("PKM-A", email="pkm-a@contoh.go.id"), puskesmas("PKM-B")])


def task(**kw) -> TindakLanjut:
    base = dict(asal="pembinaan:440/1/2026:1", tahun=2026, puskesmas="PKM-A", sumber="pembinaan", ep="h",
                masalah="SOP belum ditinjau", batas_waktu=date(2026, 3, 20))
    base.update(kw)
    return TindakLanjut(**base)


def put(repo: SiklusFakeRepo, t: TindakLanjut) -> TindakLanjut:
    with FakeUnitOfWork(repo) as uow:
        uow.repo.add(t)
    return t


@pytest.fixture
def repo():
    return make_repo()


@pytest.fixture
def store():
    return FakeStore()


def move(repo, store, t, new, **kw):
    args = dict(oleh="PJ Mutu", bukti=None, catatan=None, today=TODAY, max_bytes=MB)
    args.update(kw)
    with FakeUnitOfWork(repo) as uow:
        return update_status(uow, store, CAT, t.id, new, **args)


# -- the state machine, every pair ---------------------------------------------------------------
RESTING = ["terbuka", "dikerjakan", "selesai", "diverifikasi", "dieskalasi"]
REQUESTED = ["terbuka", "dikerjakan", "selesai", "diverifikasi", "dieskalasi", "ditolak"]
ALLOWED = {("terbuka", "dikerjakan"), ("terbuka", "dieskalasi"),
           ("dikerjakan", "selesai"), ("dikerjakan", "dieskalasi"),
           ("dieskalasi", "selesai"),
           ("selesai", "diverifikasi"), ("selesai", "ditolak")}
RESULT = {"ditolak": "dikerjakan"}


@pytest.mark.parametrize("current", RESTING)
@pytest.mark.parametrize("requested", REQUESTED)
def test_every_status_pair_exactly_the_allowed_set_passes(repo, store, current, requested):
    has_proof = current in ("selesai", "diverifikasi")
    t = put(repo, task(status=current, bukti="kunci/lama.pdf" if has_proof else None,
                       tingkat="dinkes" if current == "dieskalasi" else "puskesmas"))
    before = t.model_dump()
    proof = (pdf_bytes(), "bukti.pdf") if requested == "selesai" else None
    if (current, requested) in ALLOWED:
        out = move(repo, store, t, requested, bukti=proof, catatan="alasan yang jelas")
        assert out.status == RESULT.get(requested, requested)
    else:
        with pytest.raises(StatusTidakBoleh) as err:
            move(repo, store, t, requested, bukti=proof, catatan="alasan yang jelas")
        msg = str(err.value)
        assert f"'{current}'" in msg
        assert f"'{requested}'" in msg or (requested == current and "sudah berstatus" in msg)
        assert t.model_dump() == before and store.objects == {}


def test_refusal_names_current_requested_and_allowed_statuses(repo, store):
    t = put(repo, task(id=12))
    with pytest.raises(StatusTidakBoleh) as err:
        move(repo, store, t, "diverifikasi")
    assert str(err.value) == ("Tindak lanjut #12 berstatus 'terbuka'; tidak dapat langsung menjadi "
                              "'diverifikasi'. Status berikutnya yang boleh: dikerjakan, dieskalasi.")


def test_verified_is_final_and_says_so(repo, store):
    t = put(repo, task(status="diverifikasi", bukti="k.pdf"))
    with pytest.raises(StatusTidakBoleh, match="final"):
        move(repo, store, t, "ditolak", catatan="x")


def test_unknown_status_is_refused_with_the_choices(repo, store):
    t = put(repo, task())
    with pytest.raises(InputError, match="tidak dikenal.*dikerjakan, selesai, diverifikasi, ditolak"):
        move(repo, store, t, "beres")


def test_unknown_task_is_not_found(repo, store):
    with pytest.raises(NotFound, match="#99"):
        update_status(FakeUnitOfWork(repo), store, CAT, 99, "dikerjakan", oleh="X", bukti=None, catatan=None,
                      today=TODAY, max_bytes=MB)


# -- proof -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("sumber, tingkat, item, ep", [
    ("pembinaan", "puskesmas", "h-d1", "h"),
    ("pkp", "puskesmas", "h-d2", "h"),
    ("pembinaan", "dinkes", "f-d1", "f"),
    ("lokmin", "dinkes", "f-d1", "f"),
])
def test_proof_is_filed_final_under_the_right_item(repo, store, sumber, tingkat, item, ep):
    status = "dieskalasi" if tingkat == "dinkes" else "dikerjakan"
    t = put(repo, task(sumber=sumber, tingkat=tingkat, status=status))
    out = move(repo, store, t, "selesai", bukti=(pdf_bytes(), "Foto SOP.pdf"))
    assert out.status == "selesai"
    art = repo.artefact(tahun=2026, pemilik="PKM-A", item_id=item, sumber=f"tindak_lanjut:{t.id}:bukti")
    assert art is not None and art.status == "final" and art.ep == ep
    assert out.bukti == art.kunci and art.kunci in store.objects
    assert art.kunci == f"99.01/2026/PKM-A/1.7.1/{ep}/{item}/tl{t.id}_Foto_SOP.pdf"


def test_two_tasks_with_the_same_file_name_do_not_clash(repo, store):
    a = put(repo, task(status="dikerjakan"))
    b = put(repo, task(asal="pembinaan:440/1/2026:2", status="dikerjakan"))
    ka = move(repo, store, a, "selesai", bukti=(pdf_bytes(1), "bukti.pdf")).bukti
    kb = move(repo, store, b, "selesai", bukti=(pdf_bytes(2), "bukti.pdf")).bukti
    assert ka != kb and {ka, kb} <= set(store.objects)


def test_done_needs_proof_unless_already_attached(repo, store):
    t = put(repo, task(status="dikerjakan"))
    with pytest.raises(InputError, match="belum punya bukti"):
        move(repo, store, t, "selesai")
    t.bukti = "99.01/2026/PKM-A/1.7.1/h/h-d1/lama.pdf"
    assert move(repo, store, t, "selesai").status == "selesai"
    assert store.objects == {}


def test_proof_is_only_accepted_when_marking_done(repo, store):
    t = put(repo, task())
    with pytest.raises(InputError, match="hanya dilampirkan"):
        move(repo, store, t, "dikerjakan", bukti=(pdf_bytes(), "b.pdf"))
    assert store.objects == {} and t.status == "terbuka"


@pytest.mark.parametrize("proof, match", [
    ((b"bukan pdf", "bukti.pdf"), "bukan PDF"),
    ((pdf_bytes(), "bukti.exe"), "tidak diterima"),
    ((b"", "bukti.pdf"), "kosong"),
])
def test_refused_update_changes_nothing(repo, store, proof, match):
    t = put(repo, task(status="dikerjakan"))
    before, commits = t.model_dump(), repo.commits
    with pytest.raises(InputError, match=match):
        move(repo, store, t, "selesai", bukti=proof)
    assert t.model_dump() == before and repo.commits == commits
    assert store.objects == {} and repo.artefacts() == []


def test_refused_when_the_puskesmas_is_unknown_stores_nothing(store):
    repo = make_repo()
    t = put(repo, task(puskesmas="PKM-X", status="dikerjakan"))
    with pytest.raises(NotFound, match="PKM-X"):
        move(repo, store, t, "selesai", bukti=(pdf_bytes(), "b.pdf"))
    assert store.objects == {} and t.status == "dikerjakan"


def test_proof_for_an_unmapped_source_is_refused_before_storing(repo, store):
    t = put(repo, task(sumber="audit", status="dikerjakan"))
    with pytest.raises(InputError, match="audit"):
        move(repo, store, t, "selesai", bukti=(pdf_bytes(), "b.pdf"))
    assert store.objects == {}


def test_new_proof_after_rejection_is_a_new_revision(repo, store):
    t = put(repo, task(status="dikerjakan"))
    first = move(repo, store, t, "selesai", bukti=(pdf_bytes(1), "bukti.pdf")).bukti
    move(repo, store, t, "ditolak", oleh="Verifikator", catatan="Foto kegiatan tidak ada")
    assert t.bukti == first  # kept: the registry's history
    second = move(repo, store, t, "selesai", bukti=(pdf_bytes(2), "bukti.pdf")).bukti
    art = repo.artefact_by_key(second)
    assert art.revisi == 2 and len(repo.artefacts()) == 1


# -- reasons, escalation, verification -------------------------------------------------------------
def test_rejection_needs_a_reason_and_returns_to_in_progress(repo, store):
    t = put(repo, task(status="selesai", bukti="k.pdf"))
    with pytest.raises(InputError, match="Alasan wajib"):
        move(repo, store, t, "ditolak", oleh="Verifikator")
    assert t.status == "selesai"
    out = move(repo, store, t, "ditolak", oleh="dr. Verifikator", catatan="Daftar hadir belum ditandatangani")
    assert out.status == "dikerjakan"
    assert "[12 Maret 2026] Ditolak oleh dr. Verifikator: Daftar hadir belum ditandatangani" in out.catatan


def test_rejected_escalated_task_goes_back_to_the_dinkes(repo, store):
    t = put(repo, task(status="selesai", bukti="k.pdf", tingkat="dinkes", ep="f"))
    assert move(repo, store, t, "ditolak", catatan="Jawaban belum resmi").status == "dieskalasi"


def test_escalation_hands_the_task_to_the_dinkes(repo, store):
    t = put(repo, task(status="dikerjakan", catatan="catatan awal"))
    with pytest.raises(InputError, match="Alasan wajib"):
        move(repo, store, t, "dieskalasi")
    out = move(repo, store, t, "dieskalasi", catatan="Butuh tenaga analis dari Dinkes")
    assert (out.status, out.tingkat, out.ep) == ("dieskalasi", "dinkes", "f")
    assert out.catatan.startswith("catatan awal\n") and "Butuh tenaga analis" in out.catatan


def test_verification_records_who_and_when_in_utc(repo, store):
    t = put(repo, task(status="selesai", bukti="k.pdf"))
    wib = datetime(2026, 3, 13, 15, 0, tzinfo=timezone(timedelta(hours=7)))
    out = move(repo, store, t, "diverifikasi", oleh="dr. Ani (TPCB)", now=wib)
    assert out.diverifikasi_oleh == "dr. Ani (TPCB)"
    assert out.diverifikasi_pada == datetime(2026, 3, 13, 8, 0, tzinfo=UTC)
    assert out.diverifikasi_pada.utcoffset() == timedelta(0)


def test_verification_without_now_is_aware(repo, store):
    t = put(repo, task(status="selesai", bukti="k.pdf"))
    assert move(repo, store, t, "diverifikasi").diverifikasi_pada.tzinfo is not None


def test_the_actor_is_required(repo, store):
    t = put(repo, task())
    with pytest.raises(InputError, match="--oleh"):
        move(repo, store, t, "dikerjakan", oleh="  ")
    assert t.status == "terbuka"


# -- creation --------------------------------------------------------------------------------------
FINDINGS = [
    {"area": "Manajemen", "temuan": "SK tim mutu kedaluwarsa", "rekomendasi": "Perbarui SK", "pj": "KTU"},
    {"area": "UKP", "temuan": "Lapor insiden belum rutin", "rekomendasi": "Rapat bulanan",
     "batas_waktu": "2026-04-30"},
]


def test_tasks_from_pembinaan_map_fields():
    tasks = tasks_from_pembinaan(FINDINGS, puskesmas="PKM-A", tahun=2026, nomor_surat="440/7/2026",
                                 batas_waktu=date(2026, 4, 15))
    assert [t.asal for t in tasks] == ["pembinaan:440/7/2026:1", "pembinaan:440/7/2026:2"]
    first, second = tasks
    assert (first.sumber, first.ep, first.tingkat, first.status) == ("pembinaan", "h", "puskesmas", "terbuka")
    assert (first.masalah, first.rekomendasi, first.pj, first.unit) == (
        "SK tim mutu kedaluwarsa", "Perbarui SK", "KTU", "Manajemen")
    assert first.batas_waktu == date(2026, 4, 15) and second.batas_waktu == date(2026, 4, 30)
    assert first.nomor_surat == "440/7/2026"


def test_tasks_from_pembinaan_refuse_bad_rows():
    with pytest.raises(InputError, match="Temuan ke-1.*kosong"):
        tasks_from_pembinaan([{"area": "UKM", "temuan": " "}], puskesmas="PKM-A", tahun=2026,
                             nomor_surat="1", batas_waktu=TODAY)
    with pytest.raises(InputError, match="Temuan ke-2.*'30-04-2026' bukan tanggal"):
        tasks_from_pembinaan([FINDINGS[0], {"temuan": "x", "batas_waktu": "30-04-2026"}],
                             puskesmas="PKM-A", tahun=2026, nomor_surat="1", batas_waktu=TODAY)


def test_tasks_from_pkp_and_escalations():
    pkp = tasks_from_pkp(["Tingkatkan cakupan K4", {"rekomendasi": "Perbaiki SPM", "pj": "PJ UKM"}],
                         puskesmas="PKM-A", tahun=2026, nomor_surat="400.7/3", batas_waktu=TODAY)
    assert [(t.asal, t.sumber, t.ep, t.masalah) for t in pkp] == [
        ("pkp:400.7/3:1", "pkp", "h", "Tingkatkan cakupan K4"), ("pkp:400.7/3:2", "pkp", "h", "Perbaiki SPM")]
    esc = tasks_from_eskalasi([{"masalah": "Kekurangan vaksin", "penyebab": "Distribusi"}], sumber="ptm",
                              puskesmas="PKM-A", tahun=2026, rapat="2026-03-05", batas_waktu=TODAY)
    assert [(t.asal, t.sumber, t.ep, t.tingkat, t.status) for t in esc] == [
        ("ptm:PKM-A:2026-03-05:1", "ptm", "f", "dinkes", "dieskalasi")]
    with pytest.raises(InputError, match="lokmin atau ptm"):
        tasks_from_eskalasi([], sumber="audit", puskesmas="PKM-A", tahun=2026, rapat="r", batas_waktu=TODAY)


def test_create_tasks_is_idempotent_by_asal(repo):
    new = tasks_from_pembinaan(FINDINGS, puskesmas="PKM-A", tahun=2026, nomor_surat="440/7/2026",
                               batas_waktu=TODAY)
    first = create_tasks(FakeUnitOfWork(repo), new)
    again = create_tasks(FakeUnitOfWork(repo), new + new)
    assert [t.id for t in first] == [1, 2]
    assert [t.id for t in again] == [1, 2, 1, 2] and len(repo.tindak_lanjut_list()) == 2


def test_create_tasks_keeps_what_was_changed_meanwhile(repo, store):
    new = tasks_from_pkp(["A"], puskesmas="PKM-A", tahun=2026, nomor_surat="1", batas_waktu=TODAY)
    (t,) = create_tasks(FakeUnitOfWork(repo), new)
    move(repo, store, t, "dikerjakan")
    (again,) = create_tasks(FakeUnitOfWork(repo), new)
    assert again.status == "dikerjakan"


def test_create_tasks_is_all_or_nothing(repo):
    good = tasks_from_pkp(["A"], puskesmas="PKM-A", tahun=2026, nomor_surat="1", batas_waktu=TODAY)
    bad = tasks_from_pkp(["B"], puskesmas="PKM-X", tahun=2026, nomor_surat="2", batas_waktu=TODAY)
    with pytest.raises(NotFound, match="PKM-X"):
        create_tasks(FakeUnitOfWork(repo), good + bad)
    assert repo.tindak_lanjut_list() == []


@pytest.mark.parametrize("kw, match", [
    (dict(sumber="rapat"), "sumber 'rapat'"),
    (dict(status="selesai"), "terbuka atau dieskalasi"),
    (dict(status="dieskalasi"), "bertingkat dinkes"),
    (dict(masalah=""), "kosong"),
])
def test_create_tasks_checks_each_request(repo, kw, match):
    base = dict(asal="x:1", tahun=2026, puskesmas="PKM-A", sumber="pembinaan", ep="h", masalah="M",
                batas_waktu=TODAY)
    base.update(kw)
    with pytest.raises(InputError, match=match):
        create_tasks(FakeUnitOfWork(repo), [NewTask(**base)])


class RacingRepo(SiklusFakeRepo):
    """Another process inserts the same asal between our check and our commit, once."""

    raced = False

    def apply_staged(self):
        if not self.raced and any(isinstance(r, TindakLanjut) for r in self._staged):
            self.raced = True
            mine = [r for r in self._staged if isinstance(r, TindakLanjut)]
            theirs = TindakLanjut(**mine[0].model_dump(exclude={"id"}))
            self._staged = [r for r in self._staged if r not in mine]
            self._tl.append(theirs)
            theirs.id = 50
            self._staged.extend(mine)
        super().apply_staged()


def test_create_tasks_accepts_a_concurrent_winner():
    repo = RacingRepo(office(), [puskesmas("PKM-A")])
    new = tasks_from_pkp(["A", "B"], puskesmas="PKM-A", tahun=2026, nomor_surat="1", batas_waktu=TODAY)
    rows = create_tasks(FakeUnitOfWork(repo), new)
    assert rows[0].id == 50 and rows[1].id == 51 and len(repo.tindak_lanjut_list()) == 2


# -- overdue on Jakarta dates ----------------------------------------------------------------------
def test_jakarta_today_crosses_midnight_before_utc():
    assert jakarta_today(datetime(2026, 3, 12, 17, 30, tzinfo=UTC)) == date(2026, 3, 13)
    assert jakarta_today(datetime(2026, 3, 12, 16, 59, tzinfo=UTC)) == date(2026, 3, 12)
    with pytest.raises(ValueError):
        jakarta_today(datetime(2026, 3, 12, 17, 30))


def test_overdue_uses_the_jakarta_date():
    t = task(batas_waktu=date(2026, 3, 12), status="dikerjakan")
    assert not is_overdue(t, date(2026, 3, 12))
    assert is_overdue(t, jakarta_today(datetime(2026, 3, 12, 17, 30, tzinfo=UTC)))


@pytest.mark.parametrize("status, overdue", [
    ("terbuka", True), ("dikerjakan", True), ("dieskalasi", True), ("selesai", False),
    ("diverifikasi", False)])
def test_done_tasks_are_never_overdue(status, overdue):
    assert is_overdue(task(batas_waktu=date(2026, 1, 1), status=status), TODAY) is overdue


def test_list_tasks_puts_the_most_overdue_first(repo):
    rows = [("a", date(2026, 3, 10), "terbuka"), ("b", date(2026, 3, 1), "dikerjakan"),
            ("c", date(2026, 3, 5), "selesai"), ("d", date(2026, 3, 20), "terbuka"),
            ("e", date(2026, 3, 14), "terbuka"), ("f", date(2026, 3, 12), "terbuka")]
    for asal, due, status in rows:
        put(repo, task(asal=asal, batas_waktu=due, status=status))
    put(repo, task(asal="g", puskesmas="PKM-B", batas_waktu=date(2026, 1, 1)))
    got = list_tasks(repo, puskesmas="PKM-A", today=TODAY)
    assert [t.asal for t in got] == ["b", "a", "c", "f", "e", "d"]
    late = list_tasks(repo, terlambat=True, today=TODAY)
    assert [t.asal for t in late] == ["g", "b", "a"]
    assert [t.asal for t in list_tasks(repo, status="selesai", today=TODAY)] == ["c"]
    with pytest.raises(InputError, match="ditolak"):
        list_tasks(repo, status="ditolak", today=TODAY)


# -- EP h ------------------------------------------------------------------------------------------
def test_feedback_followed_up_rule():
    done = task(status="selesai", batas_waktu=date(2026, 3, 1))
    verified = task(status="diverifikasi", batas_waktu=date(2026, 3, 1))
    not_due = task(status="terbuka", batas_waktu=TODAY)
    late = task(status="dikerjakan", batas_waktu=date(2026, 3, 11))
    assert feedback_followed_up(True, [done, verified, not_due], TODAY)
    assert not feedback_followed_up(False, [done, verified], TODAY)
    assert not feedback_followed_up(True, [done, late], TODAY)
    assert feedback_followed_up(True, [], TODAY)
