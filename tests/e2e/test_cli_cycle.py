"""`tpcb cycle run` refuses bad input before any flow starts, and approval answers are checked."""

import json


def test_cycle_run_refuses_bad_values(cli):
    cli.ok("init")
    r = cli("cycle", "run", "--tahun", "2026")
    assert r.code == 1 and "tpcb import dinkes" in r.err
    cli.seeded()
    r = cli("cycle", "run", "--tahun", "2026", "--tahap", "panen")
    assert r.code == 1 and "Tahap 'panen' tidak dikenal" in r.err
    r = cli("cycle", "run", "--tahun", "2026", "--puskesmas", "PKM-XXX")
    assert r.code == 1 and "tidak terdaftar" in r.err
    r = cli("cycle", "run", "--tahun", "tahun depan")
    assert r.code == 1 and "bukan tahun" in r.err
    assert json.loads(cli.ok("surat", "list", "--format", "json").out) == []


def test_approval_answers_need_a_held_letter(cli):
    cli.seeded()
    r = cli("surat", "setujui", "400.7/001/TPCB/I/2026")
    assert r.code == 1 and "tidak ada di register" in r.err
    r = cli("surat", "tolak", "400.7/001/TPCB/I/2026", "--alasan", " ")
    assert r.code == 1 and "Alasan penolakan wajib" in r.err


def test_a_database_not_initialised_gets_a_clear_message(cli):
    r = cli("surat", "list")
    assert r.code == 1 and "tpcb init" in r.err and "Traceback" not in r.err
