"""The acceptance rules of the catalogue, interpreted: a verdict per item with its reason."""

from datetime import date

import pytest

from evidence.aturan import Status, Verdict
from evidence.catalogue import load_catalogue
from evidence.completeness import ScoringRule, completeness, status_of, to_json
from evidence.records import DINKES, DRAFT, FINAL, Artefact, Surat
from evidence.records.siklus import TindakLanjut
from tests.samples import anggota, puskesmas

CAT = load_catalogue()
TAHUN = 2026
SIGNER = "dr. Kepala Dinas"
FEEDBACK = {"h-d1": "d-d2", "h-d2": "g-d2"}


def art(item_id, pemilik="PKM-A", tahun=TAHUN, status=FINAL, tanggal=date(2026, 3, 1),
        penandatangan=SIGNER, sumber="x", kunci=None):
    item = CAT.item(item_id)
    signed = penandatangan if status == FINAL else None
    return Artefact(kunci=kunci or f"{pemilik}/{item_id}/{tahun}/{status}/{sumber}", tahun=tahun,
                    pemilik=pemilik, ep=item.ep, item_id=item_id, jenis=item.type, sumber=sumber,
                    nama_berkas=f"{item_id}.pdf", status=status, tanggal=tanggal, sha256="0",
                    ukuran=1, content_type="application/pdf", penandatangan=signed)


def letter(item_id, nomor, *, status=FINAL, diterima=date(2026, 4, 1), pemilik="PKM-A", key=None):
    item = CAT.item(item_id)
    return Surat(nomor=nomor, tahun=TAHUN, jenis="umpan_balik", urut=1, tanggal=date(2026, 3, 20),
                 templat=item.template, sumber=nomor, perihal="-", tujuan="-", penandatangan=SIGNER,
                 pemilik=pemilik, item_id=item_id, status=status, diterima_pada=diterima,
                 artefak_draf=key)


def task(nomor, status="diverifikasi", batas=date(2026, 5, 1), bukti="bukti.pdf", tid=1):
    return TindakLanjut(id=tid, asal=f"{nomor}:{tid}", tahun=TAHUN, puskesmas="PKM-A",
                        sumber="pembinaan", nomor_surat=nomor, ep="h", masalah="m", batas_waktu=batas,
                        status=status, bukti=bukti if status in ("selesai", "diverifikasi") else None)


def complete_record(pemilik="PKM-A"):
    """Every R/D item signed or uploaded final, the photos, this year's guides, the feedback
    letters received and their tasks closed with proof."""
    arts, letters, tasks = [], [], []
    for item in CAT.items():
        owner = DINKES if item.scope == "dinkes" else pemilik
        if item.type == "W":
            arts.append(art(item.id, owner, penandatangan=None, sumber="dokumen:panduan"))
        elif item.accept.rule != "tindak_lanjut":
            arts.append(art(item.id, owner))
    arts.append(art("e-d2", pemilik, status=DRAFT, sumber="foto:pendampingan:1"))
    for n, source in enumerate(FEEDBACK.values(), start=1):
        letters.append(letter(source, f"UB/{n}"))
        tasks.append(task(f"UB/{n}", tid=n))
    return arts, letters, tasks


def evaluate_one(arts, letters=(), tasks=(), pkm=None, tim=None, today=date(2026, 6, 1)):
    return completeness(CAT, pkm or puskesmas(), TAHUN, arts,
                        [anggota(["PKM-A"])] if tim is None else tim,
                        letters=list(letters), tasks=list(tasks), today=today)


def ep(result, code):
    return next(e for e in result.elements if e.code == code)


def without(arts, item_id):
    return [a for a in arts if a.item_id != item_id]


def test_a_complete_record_scores_80_and_every_interview_is_ready():
    r = evaluate_one(*complete_record())
    assert r.total == 80 and {e.grade for e in r.elements} == {"TL"}
    w = [v for e in r.elements for v in e.items if v.item.type == "W"]
    assert {v.status for v in w} == {Status.SIAP} and len(w) == 7
    assert "wawancara sendiri dinilai surveior" in w[0].alasan


def test_nothing_on_record_scores_0_even_with_every_person_named():
    r = evaluate_one([])
    assert r.total == 0 and {e.grade for e in r.elements} == {"TT"}
    b_w1 = status_of(r, "b-w1")
    assert b_w1.status == Status.BELUM_SIAP and "panduan wawancara 2026 belum dibuat" in b_w1.alasan


def test_an_ep_whose_only_present_items_are_interviews_is_tt():
    item_w, item_d = CAT.item("c-w1"), CAT.item("c-d1")
    verdicts = [Verdict(item_d, Status.TIDAK_ADA, "belum ada"), Verdict(item_w, Status.SIAP, "siap")]
    assert ScoringRule().grade(verdicts)[0] == "TT"
    assert "hanya butir wawancara" in ScoringRule().grade(verdicts)[1]
    verdicts[0] = Verdict(item_d, Status.ADA, "ada")
    assert ScoringRule().grade(verdicts)[0] == "TL"


@pytest.mark.parametrize("item_id, status, words", [
    ("b-d1", Status.BELUM_TTD, "belum ditandatangani"),   # jadwal: a document someone signs
    ("c-d4", Status.BELUM_TTD, "belum ditandatangani"),   # laporan hasil pembinaan
    ("c-d3", Status.DRAF, "hanya draf"),                  # surat tugas: a letter
    ("e-r2", Status.DRAF, "hanya draf"),                  # RPK: an upload of the Puskesmas
])
def test_a_draft_never_counts_and_says_what_is_missing(item_id, status, words):
    arts, letters, tasks = complete_record()
    owner = DINKES if CAT.item(item_id).scope == "dinkes" else "PKM-A"
    arts = without(arts, item_id) + [art(item_id, owner, status=DRAFT)]
    r = evaluate_one(arts, letters, tasks)
    v = status_of(r, item_id)
    assert v.status == status and words in v.label and not v.present
    assert v.langkah and ep(r, CAT.item(item_id).ep).grade == "TS"


def test_a_final_letter_without_a_recorded_signer_is_not_signed():
    arts, letters, tasks = complete_record()
    arts = without(arts, "d-d1") + [art("d-d1", penandatangan=None)]
    v = status_of(evaluate_one(arts, letters, tasks), "d-d1")
    assert v.status == Status.BELUM_TTD and "tpcb artefact sahkan" in v.langkah


def test_a_letter_waiting_for_approval_names_the_next_step():
    arts, letters, tasks = complete_record()
    key = "PKM-A/c-d3/draft"
    arts = without(arts, "c-d3") + [art("c-d3", status=DRAFT, kunci=key)]
    held = letter("c-d3", None, status="menunggu_persetujuan", key=key)
    held.id = 7
    v = status_of(evaluate_one(arts, [*letters, held], tasks), "c-d3")
    assert v.status == Status.DRAF and "draf surat draf-7 menunggu persetujuan" in v.alasan
    assert v.langkah.endswith("tpcb surat setujui draf-7")
    held.status = "draft"
    v = status_of(evaluate_one(arts, [*letters, held], tasks), "c-d3")
    assert "belum bernomor" in v.alasan and "tpcb surat nomor draf-7" in v.langkah
    held.nomor = "800/7"
    v = status_of(evaluate_one(arts, [*letters, held], tasks), "c-d3")
    assert "sudah bernomor" in v.alasan and "tpcb surat sign 800/7" in v.langkah


def test_minutes_need_their_photos():
    arts, letters, tasks = complete_record()
    arts = [a for a in arts if not a.sumber.startswith("foto:")]
    v = status_of(evaluate_one(arts, letters, tasks), "e-d2")
    assert v.status == Status.TIDAK_ADA and "foto kegiatan belum dilampirkan" in v.alasan


def test_a_pkp_sheet_is_not_the_sa_of_the_standard():
    arts, letters, tasks = complete_record()
    arts = without(arts, "c-d1") + [art("c-d1", sumber="pkp:PKM-A:2025", penandatangan=None)]
    v = status_of(evaluate_one(arts, letters, tasks), "c-d1")
    assert v.status == Status.TIDAK_ADA and "Penilaian Kinerja Puskesmas" in v.alasan
    assert "tpcb sa import --puskesmas PKM-A --tahun 2026" in v.langkah


def test_a_berita_acara_issued_without_a_recorded_verification_does_not_count():
    arts, letters, tasks = complete_record()
    legacy = art("g-d1", sumber="surat:berita_acara_verifikasi:verifikasi:PKM-A:2025:ttd")
    v = status_of(evaluate_one(without(arts, "g-d1") + [legacy], letters, tasks), "g-d1")
    assert v.status == Status.TIDAK_ADA and "tanpa verifikasi tercatat" in v.alasan


def test_an_open_task_not_yet_due_keeps_ep_h_below_tl():
    arts, letters, tasks = complete_record()
    tasks[0] = task("UB/1", status="dikerjakan", batas=date(2026, 7, 1), tid=1)
    r = evaluate_one(arts, letters, tasks, today=date(2026, 6, 1))
    v = status_of(r, "h-d1")
    assert v.status == Status.TIDAK_ADA and "belum jatuh tempo" in v.alasan
    assert "#1" in v.langkah and ep(r, "h").grade == "TS"


def test_an_overdue_task_says_how_late():
    arts, letters, tasks = complete_record()
    tasks[1] = task("UB/2", status="terbuka", batas=date(2026, 5, 1), tid=2)
    v = status_of(evaluate_one(arts, letters, tasks, today=date(2026, 5, 11)), "h-d2")
    assert "terlambat 10 hari" in v.alasan


def test_a_written_follow_up_report_counts_for_ep_h():
    arts, letters, tasks = complete_record()
    tasks[0] = task("UB/1", status="terbuka", tid=1)
    report = art("h-d1", penandatangan=None, sumber="laporan_tindak_lanjut.pdf")
    task_proof = art("h-d2", penandatangan=None, sumber="tindak_lanjut:9:bukti")
    v = status_of(evaluate_one(arts + [report, task_proof], letters, tasks), "h-d1")
    assert v.status == Status.ADA and "laporan tindak lanjut tertulis" in v.alasan


@pytest.mark.parametrize("change, words", [
    (dict(diterima=None), "tanda terima"),
    (dict(status=DRAFT), "belum ditandatangani"),
])
def test_feedback_must_be_signed_and_received_before_ep_h(change, words):
    arts, letters, tasks = complete_record()
    letters[0] = letter("d-d2", "UB/1", **change)
    v = status_of(evaluate_one(arts, letters, tasks), "h-d1")
    assert v.status == Status.TIDAK_ADA and words in v.alasan


def test_an_interview_is_not_ready_on_names_alone():
    arts, letters, tasks = complete_record()
    no_guide = [a for a in arts if a.item_id != "f-w1"]
    v = status_of(evaluate_one(no_guide, letters, tasks), "f-w1")
    assert v.status == Status.BELUM_SIAP and "panduan wawancara 2026 belum dibuat" in v.alasan
    no_rd = without(arts, "f-d1")
    v = status_of(evaluate_one(no_rd, letters, tasks), "f-w1")
    assert v.status == Status.BELUM_SIAP and "f-d1 (tidak ada)" in v.alasan
    unnamed = evaluate_one(arts, letters, tasks, pkm=puskesmas(pj_mutu_nama=""))
    v = status_of(unnamed, "f-w1")
    assert v.status == Status.BELUM_SIAP and "PJ Mutu Puskesmas" in v.alasan
    assert "tetapkan narasumber PJ Mutu Puskesmas" in v.langkah
    no_team = evaluate_one(arts, letters, tasks, tim=[anggota(["PKM-OTHER"])])
    assert "anggota TPCB pembina" in status_of(no_team, "b-w1").langkah


def test_last_years_schedule_is_out_of_window():
    arts, letters, tasks = complete_record()
    old = art("b-d1", DINKES, tahun=2025, tanggal=date(2025, 1, 5))
    v = status_of(evaluate_one(without(arts, "b-d1") + [old], letters, tasks), "b-d1")
    assert v.status == Status.KEDALUWARSA and "dari tahun 2025" in v.alasan


def test_sk_organisasi_without_window_counts_from_earlier_years():
    arts, letters, tasks = complete_record()
    old = art("a-r1", tahun=2023, tanggal=date(2023, 1, 5))
    assert ep(evaluate_one(without(arts, "a-r1") + [old], letters, tasks), "a").grade == "TL"


def test_office_wide_items_serve_every_puskesmas():
    arts = [art("b-r1", DINKES), art("b-d1", DINKES)]
    for kode in ("PKM-A", "PKM-B"):
        r = completeness(CAT, puskesmas(kode), TAHUN, arts, [anggota([kode])])
        assert {v.status for v in ep(r, "b").items if v.item.type != "W"} == {Status.ADA}


def test_scoring_rule_is_configurable():
    arts, letters, tasks = complete_record()
    partial = without(without(arts, "c-d1"), "c-d2")  # 2 of 5 items of EP c
    assert ep(evaluate_one(partial, letters, tasks), "c").grade == "TS"
    strict = completeness(CAT, puskesmas(), TAHUN, partial, [anggota(["PKM-A"])],
                          ScoringRule(ts_min_share=0.75), letters=letters, tasks=tasks,
                          today=date(2026, 6, 1))
    assert ep(strict, "c").grade == "TT"


def test_json_keys_are_indonesian_and_every_item_has_a_reason():
    data = to_json(evaluate_one([]))
    assert set(data) == {"kode", "nama", "tahun", "total", "maksimum", "capaian_persen",
                         "sementara", "ep"}
    assert set(data["ep"][0]) == {"kode", "nilai", "skor", "alasan", "butir"}
    items = [i for e in data["ep"] for i in e["butir"]]
    assert len(items) == 26 and all(i["alasan"] and i["langkah"] for i in items)
    assert {"id", "jenis", "status", "label", "alasan", "langkah", "berkas"} <= set(items[0])


def test_members_found_once_for_the_kabupaten_name_the_same_interviewees():
    from evidence.completeness import interviewees_for, members_by_puskesmas

    a = anggota(["PKM-A", "PKM-B", "PKM-A"], nip="1" * 18)
    b = anggota(["PKM-B"], nip="3" * 18)
    b.nama = "Anggota Dua"
    tim = [a, b]
    binaan = members_by_puskesmas(tim)
    for kode in ("PKM-A", "PKM-B", "PKM-C"):
        pkm = puskesmas(kode)
        assert interviewees_for(pkm, tim, binaan=binaan) == interviewees_for(pkm, tim)
    assert binaan == {"PKM-A": ["Anggota Tim"], "PKM-B": ["Anggota Tim", "Anggota Dua"]}
