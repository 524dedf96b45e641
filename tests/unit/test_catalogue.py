import pytest

from evidence.catalogue import EP_CODES, load_catalogue, parse_catalogue
from evidence.errors import CatalogueError, NotFound

SEED_COUNTS = {"a": 1, "b": 3, "c": 5, "d": 3, "e": 6, "f": 2, "g": 3, "h": 3}


def test_every_ep_and_item_of_the_standard_is_there():
    cat = load_catalogue()
    assert [e.code for e in cat.elements] == list(EP_CODES)
    assert {e.code: len(e.items) for e in cat.elements} == SEED_COUNTS
    assert len(cat.items()) == 26


def test_types_follow_the_standard_letters():
    cat = load_catalogue()
    expected = {"a": ("R",), "b": ("R", "D", "W"), "c": ("D", "W"), "d": ("D", "W"),
                "e": ("R", "D", "W"), "f": ("D", "W"), "g": ("D", "W"), "h": ("D", "W")}
    for e in cat.elements:
        assert e.evidence_types == expected[e.code]
        assert {i.type for i in e.items} == set(expected[e.code])


def test_wording_scope_and_interviewees():
    cat = load_catalogue()
    assert cat.item("b-r1").title == "SK TPCB beserta uraian tugas tim TPCB"
    assert cat.item("b-r1").scope == "dinkes" and cat.item("b-d1").scope == "dinkes"
    assert cat.item("c-d3").template == "surat_tugas_pembinaan"
    assert cat.item("f-w1").interviewees == ("tpcb", "kepala_puskesmas", "ktu", "pj_mutu")
    assert cat.item("e-d2").group.startswith("Bukti hasil pendampingan")
    assert cat.item("b-d1").recency.current_year


def test_json_shape():
    data = load_catalogue().to_json()
    first = data["elemen"][0]
    assert first["kode"] == "a" and first["jenis_bukti"] == ["R"]
    assert set(first["butir"][0]) >= {"id", "jenis", "judul", "cakupan", "tahap", "templat"}


BASE = """
criterion: "1.7.1"
title: t
chapter: I
stages: {s: S}
roles: {tpcb: TPCB}
elements:
  - code: a
    title: A
    evidence_types: [R, W]
    items:
{items}
"""


def _cat(items: str):
    return parse_catalogue(BASE.replace("{items}", items))


def test_unknown_type_is_refused():
    with pytest.raises(CatalogueError, match="type"):
        _cat("      - {id: a-x1, type: X, title: t, scope: dinkes, stage: s, accept: {rule: unggahan}}")


def test_duplicate_id_is_refused():
    item = "      - {id: a-r1, type: R, title: t, scope: dinkes, stage: s, accept: {rule: unggahan}}"
    with pytest.raises(CatalogueError, match="ganda"):
        _cat(item + "\n" + item)


def test_w_item_needs_interviewees_and_known_roles():
    with pytest.raises(CatalogueError, match="narasumber"):
        _cat("      - {id: a-w1, type: W, title: t, scope: puskesmas, stage: s, accept: {rule: unggahan}}")
    with pytest.raises(CatalogueError, match="peran"):
        _cat("      - {id: a-w1, type: W, title: t, scope: puskesmas, stage: s,"
             " interviewees: [lurah], accept: {rule: wawancara}}")


def test_o_and_s_types_are_allowed_by_the_format():
    cat = parse_catalogue(BASE.replace("[R, W]", "[O, S]").replace("{items}",
        "      - {id: a-o1, type: O, title: t, scope: puskesmas, stage: s, accept: {rule: unggahan}}"))
    assert cat.item("a-o1").type == "O"


def test_unknown_item_is_not_found():
    with pytest.raises(NotFound, match="zz-1"):
        load_catalogue().item("zz-1")


def test_every_item_states_its_acceptance_rule_and_name():
    cat = load_catalogue()
    rules = {i.id: i.accept.rule for i in cat.items()}
    assert {i for i, r in rules.items() if r == "wawancara"} == {i.id for i in cat.items()
                                                              if i.type == "W"}
    assert rules["c-d3"] == "surat_ttd" and rules["b-d1"] == "dokumen_ttd"
    assert rules["e-r2"] == "unggahan" and rules["h-d1"] == "tindak_lanjut"
    assert cat.item("e-d2").accept.foto and cat.item("h-d2").accept.umpan_balik == "g-d2"
    assert all(i.nama for i in cat.items())
    assert all(i.pertanyaan for i in cat.items() if i.type == "W")
    assert "tpcb sa import --puskesmas PKM-X --tahun 2027" in cat.item("c-d1").cara_untuk("PKM-X", 2027)


def test_acceptance_rules_are_checked_at_load():
    with pytest.raises(CatalogueError, match="wawancara"):
        _cat("      - {id: a-r1, type: R, title: t, scope: dinkes, stage: s, accept: {rule: wawancara}}")
    with pytest.raises(CatalogueError, match="rule"):
        _cat("      - {id: a-r1, type: R, title: t, scope: dinkes, stage: s, accept: {rule: kira}}")
    with pytest.raises(CatalogueError, match="umpan_balik"):
        _cat("      - {id: a-r1, type: R, title: t, scope: dinkes, stage: s,"
             " accept: {rule: tindak_lanjut, umpan_balik: zz}}")
