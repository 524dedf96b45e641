"""Follow-up tasks through the real CLI: escalation, list, status changes with proof, reminders."""

import json
import socket

import pytest

from tests.e2e.conftest import SAMPLES
from tests.samples import pdf_bytes
from tpcb.cli.tindak_lanjut import _default_user

# One problem long overdue (any day the tests run), one due far in the future.
ESKALASI = """\
sumber: lokmin
rapat: Lokakarya mini bulanan Februari 2024
tanggal: 2024-02-05
surat_nomor: 440/12/PKM-SKJ/2024
masalah:
  - masalah: Ambulans Puskesmas rusak dan tidak dapat dipakai merujuk
    rencana: Bidang SDK menjadwalkan perbaikan
    pj: Bidang SDK
    batas_waktu: 2024-03-01
  - masalah: Kekurangan tenaga analis laboratorium
    pj: Bidang SDK
    batas_waktu: 2099-12-31
"""


@pytest.fixture
def tasks(cli, tmp_path):
    """A seeded CLI with two escalated tasks of PKM-SKJ; returns (cli, [overdue id, later id])."""
    cli.seeded()
    f = tmp_path / "eskalasi.yaml"
    f.write_text(ESKALASI, encoding="utf-8")
    out = cli.ok("tindak-lanjut", "eskalasi", "--puskesmas", "PKM-SKJ", "--tahun", "2024", f).out
    assert "2 baru, 0 sudah tercatat" in out and "Ambulans Puskesmas rusak" in out
    items = _list(cli)
    return cli, [i["id"] for i in items]


def _list(cli, *args):
    return json.loads(cli.ok("tindak-lanjut", "list", *args, "--format", "json").out)


def _artefacts(cli):
    return json.loads(cli.ok("artefact", "list", "--format", "json").out)


def _pdf(tmp_path, name="bukti perbaikan.pdf"):
    f = tmp_path / name
    f.write_bytes(pdf_bytes())
    return f


def test_eskalasi_creates_escalated_tasks_once(tasks, tmp_path):
    cli, ids = tasks
    items = _list(cli)
    assert [i["masalah"] for i in items] == ["Ambulans Puskesmas rusak dan tidak dapat dipakai merujuk",
                                             "Kekurangan tenaga analis laboratorium"]
    for i in items:
        assert (i["puskesmas"], i["sumber"], i["ep"], i["tingkat"], i["status"]) == (
            "PKM-SKJ", "lokmin", "f", "dinkes", "dieskalasi")
        assert i["nomor_surat"] == "440/12/PKM-SKJ/2024" and i["pj"] == "Bidang SDK"
        assert i["bukti"] is None
        assert {"id", "rekomendasi", "batas_waktu", "terlambat", "hari_terlambat"} <= set(i)
    assert (items[0]["terlambat"], items[1]["terlambat"]) == (True, False)
    assert items[0]["hari_terlambat"] > 0 and items[1]["hari_terlambat"] == 0
    again = cli.ok("tindak-lanjut", "eskalasi", "--puskesmas", "PKM-SKJ", "--tahun", "2024",
                   tmp_path / "eskalasi.yaml").out
    assert "0 baru, 2 sudah tercatat" in again
    assert len(_list(cli)) == 2


@pytest.mark.parametrize("text,message", [
    ("sumber: rapat\nrapat: X\ntanggal: 2024-02-05\nmasalah: [{masalah: A}]", "kolom 'sumber'"),
    ("sumber: lokmin\nrapat: X\ntanggal: 5 Feb\nmasalah: [{masalah: A}]", "bukan tanggal"),
    ("sumber: lokmin\nrapat: X\ntanggal: 2024-02-05\nmasalah: []", "minimal satu baris"),
    ("sumber: lokmin\nrapat: X\ntanggal: 2024-02-05\nmasalah: [{masalah: ''}]", "tidak boleh kosong"),
    ("- bukan: peta", "pasangan kolom"),
])
def test_eskalasi_bad_yaml_creates_nothing(cli, tmp_path, text, message):
    cli.seeded()
    f = tmp_path / "eskalasi.yaml"
    f.write_text(text, encoding="utf-8")
    r = cli("tindak-lanjut", "eskalasi", "--puskesmas", "PKM-SKJ", "--tahun", "2024", f)
    assert r.code == 1 and message in r.err, r.err
    assert _list(cli) == []


def test_eskalasi_unknown_puskesmas_and_wrong_suffix(cli, tmp_path):
    cli.seeded()
    f = tmp_path / "eskalasi.yaml"
    f.write_text(ESKALASI, encoding="utf-8")
    r = cli("tindak-lanjut", "eskalasi", "--puskesmas", "PKM-XXX", "--tahun", "2024", f)
    assert r.code == 1 and "tidak terdaftar" in r.err
    r = cli("tindak-lanjut", "eskalasi", "--puskesmas", "PKM-SKJ", "--tahun", "2024",
            SAMPLES / "puskesmas.csv")
    assert r.code == 1 and ".yaml" in r.err
    assert _list(cli) == []


def test_list_filters(tasks):
    cli, (late, later) = tasks
    assert [i["id"] for i in _list(cli, "--terlambat")] == [late]
    assert [i["id"] for i in _list(cli, "--status", "dieskalasi", "--puskesmas", "pkm-skj")] == [late, later]
    assert _list(cli, "--status", "selesai") == []
    assert _list(cli, "--puskesmas", "PKM-MKS") == []
    assert len(_list(cli, "--tahun", "2024")) == 2 and _list(cli, "--tahun", "2025") == []
    r = cli("tindak-lanjut", "list", "--status", "ditutup")
    assert r.code == 1 and "Status 'ditutup' tidak dikenal" in r.err
    r = cli("tindak-lanjut", "list", "--puskesmas", "PKM-XXX")
    assert r.code == 1 and "tidak terdaftar" in r.err
    table = cli.ok("tindak-lanjut", "list", "--terlambat").out
    assert "Ambulans" in table and "hari" in table and "analis" not in table


def test_update_with_proof_files_f_d1_and_follows_the_state_machine(tasks, tmp_path):
    cli, (late, _) = tasks
    out = cli.ok("tindak-lanjut", "update", str(late), "--status", "selesai", "--bukti", _pdf(tmp_path),
                 "--oleh", "Bidang SDK").out
    assert "dieskalasi → selesai" in out
    task = next(i for i in _list(cli) if i["id"] == late)
    assert task["status"] == "selesai" and task["terlambat"] is False
    arts = _artefacts(cli)
    assert [(a["butir"], a["status"], a["puskesmas"], a["kunci"]) for a in arts] == [
        ("f-d1", "final", "PKM-SKJ", task["bukti"])]
    assert task["bukti"].endswith(f"/f/f-d1/tl{late}_bukti_perbaikan.pdf") and task["bukti"] in out
    # The verifier refuses it (reason mandatory): back to the Dinkes, default actor recorded.
    r = cli("tindak-lanjut", "update", str(late), "--status", "ditolak")
    assert r.code == 1 and "Alasan wajib" in r.err
    cli.ok("tindak-lanjut", "update", str(late), "--status", "ditolak", "--catatan", "Foto kurang jelas")
    task = next(i for i in _list(cli) if i["id"] == late)
    assert task["status"] == "dieskalasi" and task["bukti"] == arts[0]["kunci"]
    assert f"Ditolak oleh {_default_user()}: Foto kurang jelas" in task["catatan"]
    cli.ok("tindak-lanjut", "update", str(late), "--status", "selesai")  # keeps the attached proof
    cli.ok("tindak-lanjut", "update", f"#{late}", "--status", "diverifikasi", "--oleh", "Ketua TPCB")
    assert next(i for i in _list(cli) if i["id"] == late)["status"] == "diverifikasi"
    r = cli("tindak-lanjut", "update", str(late), "--status", "dikerjakan")
    assert r.code == 1 and "final" in r.err
    assert len(_artefacts(cli)) == 1


@pytest.mark.parametrize("args,message", [
    (["--status", "diverifikasi"], "tidak dapat langsung menjadi 'diverifikasi'"),
    (["--status", "dikerjakan", "--bukti", "PDF"], "tidak dapat langsung menjadi 'dikerjakan'"),
    (["--status", "selesai"], "belum punya bukti"),
    (["--status", "beres"], "Status 'beres' tidak dikenal"),
    (["--status", "selesai", "--bukti", "KOSONG"], "kosong"),
    (["--status", "selesai", "--oleh", " ", "--bukti", "PDF"], "--oleh"),
])
def test_refused_transitions_change_nothing(tasks, tmp_path, args, message):
    cli, (late, _) = tasks
    before = _list(cli)
    empty = tmp_path / "kosong.pdf"
    empty.write_bytes(b"")
    swap = {"PDF": str(_pdf(tmp_path)), "KOSONG": str(empty)}
    r = cli("tindak-lanjut", "update", str(late), *[swap.get(a, a) for a in args])
    assert r.code == 1 and message in r.err, r.err
    assert _list(cli) == before
    assert _artefacts(cli) == []
    assert not [p for p in (tmp_path / "home" / "objects").rglob("*") if p.is_file()]


def test_update_unknown_or_malformed_id(tasks):
    cli, _ = tasks
    r = cli("tindak-lanjut", "update", "999", "--status", "selesai")
    assert r.code == 1 and "#999 tidak ditemukan" in r.err
    r = cli("tindak-lanjut", "update", "satu", "--status", "selesai")
    assert r.code == 1 and "ID tindak lanjut 'satu' tidak sah" in r.err


# -- pengingat -----------------------------------------------------------------------------------
def _pengingat(cli, *args):
    return json.loads(cli.ok("tindak-lanjut", "pengingat", *args, "--format", "json").out)


def test_pengingat_queues_once_per_day_and_keeps_without_smtp(tasks, monkeypatch):
    cli, (late, later) = tasks
    monkeypatch.delenv("TPCB_SMTP_HOST", raising=False)
    first = _pengingat(cli, "--tanggal", "2026-03-10")
    assert (first["jatuh_tempo"], first["dibuat"], first["sudah_ada"]) == (1, 1, 0)
    assert first["terkirim"] == 0 and first["disimpan"] == 1
    [row] = first["kotak_keluar"]
    assert (row["tindak_lanjut"], row["tanggal"], row["jenis"], row["status"]) == (
        late, "2026-03-10", "terlambat", "tertunda")
    assert row["penerima"] == "pkm.sukajaya@sukamaju.example, dinkes@sukamaju.example"
    assert f"#{late}" in row["subjek"] and "terlambat" in row["subjek"]
    second = _pengingat(cli, "--tanggal", "2026-03-10")
    assert (second["dibuat"], second["sudah_ada"], second["disimpan"]) == (0, 1, 1)
    table = cli.ok("tindak-lanjut", "pengingat", "--tanggal", "2026-03-10").out
    assert "SMTP belum diatur" in table and "tertunda" in table and "Kotak keluar (1" in table
    # The next day is another reminder; seven days before the later task's due date, one for it too.
    assert _pengingat(cli, "--tanggal", "2026-03-11")["disimpan"] == 2
    week = _pengingat(cli, "--tanggal", "2099-12-24", "--tanpa-kirim")
    assert week["dibuat"] == 2 and week["disimpan"] == 4
    assert {(n["tindak_lanjut"], n["jenis"]) for n in week["kotak_keluar"] if n["tanggal"] == "2099-12-24"} \
        == {(late, "terlambat"), (later, "h-7")}


def test_pengingat_failed_delivery_is_kept_with_its_error(tasks, monkeypatch):
    cli, (late, _) = tasks
    with socket.socket() as s:  # a port nobody listens on: the connection is refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("TPCB_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TPCB_SMTP_PORT", str(port))
    got = _pengingat(cli, "--tanggal", "2026-03-10")
    assert got["dikirim"] is True and (got["terkirim"], got["gagal"]) == (0, 1)
    [row] = got["kotak_keluar"]
    assert row["status"] == "tertunda" and row["percobaan"] == 1 and row["galat"]
    out = cli.ok("tindak-lanjut", "pengingat", "--tanggal", "2026-03-10").out
    assert "Terkirim: 0; gagal: 1" in out and "Kotak keluar (1" in out


def test_pengingat_without_email_address_says_so(tasks, tmp_path):
    cli, (late, _) = tasks
    lines = (SAMPLES / "puskesmas.csv").read_text(encoding="utf-8").splitlines()
    f = tmp_path / "puskesmas.csv"
    f.write_text("\n".join([lines[0], lines[1].rsplit(",", 1)[0] + ","]) + "\n", encoding="utf-8")
    cli.ok("import", "puskesmas", f)
    got = _pengingat(cli, "--tanggal", "2026-03-10")
    assert got["dibuat"] == 0 and got["tanpa_penerima"] == [
        {"tindak_lanjut": late, "puskesmas": "PKM-SKJ", "jenis": "terlambat"}]
    out = cli.ok("tindak-lanjut", "pengingat", "--tanggal", "2026-03-10").out
    assert f"Tanpa alamat email: tindak lanjut #{late}" in out


def test_pengingat_bad_date(cli):
    cli.seeded()
    r = cli("tindak-lanjut", "pengingat", "--tanggal", "10-03-2026")
    assert r.code == 1 and "bukan tanggal" in r.err
