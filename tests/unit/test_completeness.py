from datetime import date

from evidence.catalogue import load_catalogue
from evidence.completeness import ADA, DRAF, KEDALUWARSA, TIDAK_ADA, ScoringRule, completeness
from evidence.records import DINKES, DRAFT, FINAL, Artefact
from tests.samples import anggota, puskesmas

CAT = load_catalogue()


def art(item_id, pemilik="PKM-A", tahun=2026, status=FINAL, tanggal=date(2026, 3, 1)):
    item = CAT.item(item_id)
    return Artefact(kunci=f"{pemilik}/{item_id}/{tahun}/{status}", tahun=tahun, pemilik=pemilik,
                    ep=item.ep, item_id=item_id, jenis=item.type, sumber="x", nama_berkas="x.pdf",
                    status=status, tanggal=tanggal, sha256="0", ukuran=1,
                    content_type="application/pdf")


def full_set(pemilik="PKM-A"):
    out = []
    for item in CAT.items():
        if item.type != "W":
            out.append(art(item.id, DINKES if item.scope == "dinkes" else pemilik))
    return out


def ep(result, code):
    return next(e for e in result.elements if e.code == code)


def test_everything_present_scores_80():
    r = completeness(CAT, puskesmas(), 2026, full_set(), [anggota(["PKM-A"])])
    assert r.total == 80 and r.maximum == 80
    assert all(e.grade == "TL" for e in r.elements)


def test_nothing_present_scores_0():
    unnamed = puskesmas(kepala_nama="", ktu_nama="", pj_mutu_nama="", pj_pelayanan_nama="")
    r = completeness(CAT, unnamed, 2026, [], [])
    assert r.total == 0 and {e.grade for e in r.elements} == {"TT"}


def test_some_items_give_ts_and_drafts_do_not_count():
    arts = [a for a in full_set() if a.item_id != "c-d4"] + [art("c-d4", status=DRAFT)]
    r = completeness(CAT, puskesmas(), 2026, arts, [anggota(["PKM-A"])])
    c = ep(r, "c")
    assert c.grade == "TS" and c.score == 5 and r.total == 75
    assert next(s for s in c.items if s.item.id == "c-d4").status == DRAF


def test_office_wide_items_serve_every_puskesmas():
    arts = [art("b-r1", DINKES), art("b-d1", DINKES)]
    for kode in ("PKM-A", "PKM-B"):
        r = completeness(CAT, puskesmas(kode), 2026, arts, [anggota([kode])])
        assert ep(r, "b").grade == "TL"


def test_last_years_schedule_is_out_of_window():
    arts = [art("b-r1", DINKES), art("b-d1", DINKES, tahun=2025, tanggal=date(2025, 1, 5))]
    r = completeness(CAT, puskesmas(), 2026, arts, [anggota(["PKM-A"])])
    statuses = {s.item.id: s.status for s in ep(r, "b").items}
    assert statuses == {"b-r1": ADA, "b-d1": KEDALUWARSA, "b-w1": ADA}


def test_sk_organisasi_without_window_counts_from_earlier_years():
    r = completeness(CAT, puskesmas(), 2026, [art("a-r1", tahun=2023)], [])
    assert ep(r, "a").grade == "TL"


def test_interviews_need_named_people():
    pkm = puskesmas(pj_mutu_nama="")
    r = completeness(CAT, pkm, 2026, full_set(), [anggota(["PKM-A"])])
    f_w1 = next(s for s in ep(r, "f").items if s.item.id == "f-w1")
    assert f_w1.status == TIDAK_ADA and f_w1.interviewees["pj_mutu"] == []
    assert f_w1.interviewees["tpcb"] == ["Anggota Tim"]
    no_team = completeness(CAT, puskesmas(), 2026, full_set(), [anggota(["PKM-OTHER"])])
    assert ep(no_team, "b").grade == "TS"


def test_scoring_rule_is_configurable():
    strict = ScoringRule(ts_min_share=0.5)
    assert strict.score(1, 5) == "TT" and strict.score(3, 5) == "TS" and strict.score(5, 5) == "TL"
    assert ScoringRule().score(1, 5) == "TS"
