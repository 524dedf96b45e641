"""Master-data imports: the samples parse, and every kind of bad input is refused with its place."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from evidence.errors import ImportRejected, InputError
from evidence.master_parse import (
    logo_reference,
    parse_dinkes,
    parse_puskesmas_csv,
    parse_tim_csv,
)

SAMPLES = Path(__file__).parents[2] / "tpcb" / "samples"
DINKES = (SAMPLES / "dinkes.yaml").read_text(encoding="utf-8")
PKM_HEADER = ("kode,nama,kecamatan,kepala_nama,kepala_nip,ktu_nama,pj_mutu_nama,"
              "pj_pelayanan_nama,email")
PKM_ROW = "PKM-A,Puskesmas A,Kec A,dr. A,198203172010012014,KTU A,Mutu A,Yan A,a@pkm.example"
TIM_HEADER = "nama,nip,pangkat,jabatan,bidang,peran,puskesmas_binaan"
KNOWN = {"PKM-A", "PKM-B", "PKM-C"}
NIP = ("197505122003121004", "198109252006042011", "197702182005011006")


def rejected(call, *args, **kwargs) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as info:
        call(*args, **kwargs)
    return [(row.line, row.field, row.reason) for row in info.value.rows]


def line_of(text: str, start: str) -> int:
    """1-based number of the first line of `text` that starts with `start` (after indentation)."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(start))


def member(nama: str, nip: str, peran: str = "anggota", binaan: str = "PKM-A") -> str:
    return f"{nama},{nip},Penata (III/c),Staf,Bidang P2P,{peran},{binaan}"


def tim(*rows: str, header: str = TIM_HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


# -- samples ------------------------------------------------------------------------------------
def test_sample_dinkes_parses_with_logo_and_numbering():
    logo = (SAMPLES / "logo.png").read_bytes()
    office = parse_dinkes(DINKES, logo=logo, logo_name="logo.png")
    assert office.kabupaten == "Sukamaju" and office.jenis_daerah == "Kabupaten"
    assert office.kode_wilayah == "99.01"
    assert office.kepala_nip.isdigit() and len(office.kepala_nip) == 18
    assert office.logo == logo and office.logo_nama == "logo.png"
    assert office.penomoran["pola"] == "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}"
    assert office.penomoran["unit"] == "TPCB"
    assert office.penomoran["kode"]["surat_tugas"] == "800.1.11.1"
    assert office.penomoran["kode"]["default"] == "400.7"
    assert logo_reference(DINKES) == "logo.png"


def test_sample_logo_is_a_200_pixel_png():
    data = (SAMPLES / "logo.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (200, 200)


def test_sample_puskesmas_parse_with_every_field():
    rows = parse_puskesmas_csv((SAMPLES / "puskesmas.csv").read_text(encoding="utf-8"))
    assert len(rows) == 5 and rows[0].kode == "PKM-SKJ" and rows[0].nama == "Puskesmas Sukajaya"
    for row in rows:
        assert all(row.model_dump().values()), row
        assert len(row.kepala_nip) == 18


def test_sample_tim_parses_and_covers_every_puskesmas_twice():
    puskesmas = parse_puskesmas_csv((SAMPLES / "puskesmas.csv").read_text(encoding="utf-8"))
    kode = {row.kode for row in puskesmas}
    team = parse_tim_csv((SAMPLES / "tim.csv").read_text(encoding="utf-8"), known_puskesmas=kode)
    assert sorted(m.peran for m in team) == ["anggota"] * 6 + ["ketua", "sekretaris"]
    assert next(m for m in team if m.peran == "ketua").jabatan == "Sekretaris Dinas Kesehatan"
    assert len({m.bidang for m in team}) >= 5
    assert all(1 <= len(m.puskesmas_binaan) <= 3 for m in team)
    for pkm in kode:
        assert sum(pkm in m.puskesmas_binaan for m in team) >= 2, pkm


# -- dinkes.yaml --------------------------------------------------------------------------------
def test_dinkes_missing_required_field_is_refused():
    text = "\n".join(ln for ln in DINKES.splitlines() if not ln.startswith("telepon:"))
    assert rejected(parse_dinkes, text) == [(0, "telepon", "wajib diisi")]


def test_dinkes_missing_nested_field_points_at_its_parent():
    text = "\n".join(ln for ln in DINKES.splitlines() if not ln.strip().startswith("nip:"))
    line = line_of(text, "kepala_dinas:")
    assert rejected(parse_dinkes, text) == [(line, "kepala_dinas.nip", "wajib diisi")]


def test_dinkes_bad_nip_email_and_wilayah_are_all_reported_with_lines():
    text = (DINKES.replace("1 005", "1 05").replace("dinkes@", "dinkes di ")
            .replace('"99.01"', "99-01"))
    assert rejected(parse_dinkes, text) == [
        (line_of(text, "kode_wilayah:"), "kode_wilayah",
         'kode wilayah hanya boleh angka dan titik (mis. "33.18")'),
        (line_of(text, "email:"), "email", "alamat email tidak sah"),
        (line_of(text, "nip:"), "kepala_dinas.nip", "NIP harus 18 digit angka"),
    ]


def test_dinkes_unquoted_dotted_number_is_refused_not_truncated():
    text = DINKES.replace('"99.01"', "99.10").replace('sk: "400.7"', "sk: 400.7")
    rows = rejected(parse_dinkes, text)
    assert [(line, field) for line, field, _ in rows] == [
        (line_of(text, "kode_wilayah:"), "kode_wilayah"),
        (line_of(text, "sk:"), "penomoran.kode.sk"),
    ]
    assert all("tanda kutip" in reason for _, _, reason in rows)


def test_dinkes_nip_with_spaces_is_stored_without_them():
    assert parse_dinkes(DINKES).kepala_nip == "197102141999031005"


def test_dinkes_unknown_pola_placeholder_is_refused():
    text = DINKES.replace("{bulan_romawi}", "{bulan_rumawi}")
    [(line, field, reason)] = rejected(parse_dinkes, text)
    assert (line, field) == (line_of(text, "pola:"), "penomoran.pola")
    assert reason.startswith("penanda {bulan_rumawi} tidak dikenal") and "{bulan_romawi}" in reason


@pytest.mark.parametrize(
    ("pola", "reason"),
    [
        ("{kode}/{unit}/{tahun}", "pola harus memuat {urut}"),
        ("{kode}/{urut:03d/{tahun}", "tidak berpasangan"),
        ("{kode}/{urut:xyz}/{tahun}", "format penanda tidak sah"),
        ("{kode}/{}/{urut}", "penanda {} tidak dikenal"),
        ("{kode}/{urut!r}", "tidak boleh memakai '!'"),
    ],
)
def test_dinkes_bad_pola_is_refused(pola, reason):
    text = DINKES.replace("{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}", pola)
    [(_, field, got)] = rejected(parse_dinkes, text)
    assert field == "penomoran.pola" and reason in got


def test_dinkes_pola_with_unit_needs_a_unit():
    text = DINKES.replace("  unit: TPCB\n", "")
    assert rejected(parse_dinkes, text) == [
        (line_of(text, "penomoran:"), "penomoran.unit", "wajib diisi karena pola memakai {unit}")
    ]


def test_dinkes_unknown_and_duplicate_keys_are_refused():
    text = DINKES.replace("telepon:", "telpon:") + "nama: Dinkes Lain\n"
    rows = rejected(parse_dinkes, text)
    assert (0, "telepon", "wajib diisi") in rows
    assert (line_of(text, "telpon:"), "telpon", "kunci tidak dikenal") in rows
    assert (len(text.splitlines()), "nama", "kunci ganda (juga di baris 3)") in rows


def test_dinkes_jenis_daerah_and_logo_kind_are_checked():
    text = DINKES.replace("jenis_daerah: Kabupaten", "jenis_daerah: Provinsi")
    assert rejected(parse_dinkes, text, logo=b"GIF89a...") == [
        (line_of(text, "jenis_daerah:"), "jenis_daerah", "harus 'Kabupaten' atau 'Kota'"),
        (line_of(text, "logo:"), "logo", "logo harus berkas gambar PNG atau JPEG"),
    ]
    assert parse_dinkes(DINKES.replace("jenis_daerah: Kabupaten", "jenis_daerah: kota")
                        ).jenis_daerah == "Kota"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nama: [Dinkes\nkota: x\n", "bukan YAML yang sah (sekitar baris 2)"),
        ("\tnama: Dinkes\n", "bukan YAML yang sah"),
        ("kode,nama\nPKM-A,Puskesmas A\n", "harus berisi pasangan 'kunci: nilai'"),
        ("- nama\n- kota\n", "harus berisi pasangan 'kunci: nilai'"),
        ("", "kosong"),
    ],
)
def test_dinkes_not_a_yaml_mapping_is_an_input_error(text, message):
    with pytest.raises(InputError) as info:
        parse_dinkes(text)
    assert not isinstance(info.value, ImportRejected)
    assert message in str(info.value) and "Dinas Kesehatan" in str(info.value)


# -- puskesmas.csv ------------------------------------------------------------------------------
def test_puskesmas_missing_and_unknown_columns_are_named():
    text = "kode,nama,kepala_nama,alamat\nPKM-A,Puskesmas A,dr. A,Jl. A\n"
    rows = rejected(parse_puskesmas_csv, text)
    assert (1, "kecamatan", "kolom wajib tidak ada") in rows
    assert [r for r in rows if r[1] == "alamat"][0][2].startswith("kolom tidak dikenal")
    assert len(rows) == 2


def test_puskesmas_optional_columns_may_be_left_out():
    [row] = parse_puskesmas_csv("nama,kode,kepala_nama,kecamatan\nPuskesmas A,pkm-a,dr. A,Kec A\n")
    assert (row.kode, row.kecamatan, row.kepala_nip, row.email) == ("PKM-A", "Kec A", "", "")


def test_puskesmas_bad_rows_are_all_reported_and_nothing_is_returned():
    text = "\n".join([
        PKM_HEADER, PKM_ROW,
        PKM_ROW.replace("PKM-A", "PKM-B").replace("198203172010012014", "1982031720100120"),
        PKM_ROW.replace("a@pkm.example", "a@pkm"),
        PKM_ROW.replace("PKM-A,Puskesmas A", "PKM B!,"),
    ])
    with pytest.raises(ImportRejected) as info:
        parse_puskesmas_csv(text)
    rows = [(r.line, r.field, r.reason) for r in info.value.rows]
    assert rows[:3] == [
        (3, "kepala_nip", "NIP harus 18 digit angka"),
        (4, "email", "alamat email tidak sah"),
        (4, "kode", "kode ganda (juga di baris 2)"),
    ]
    assert (5, "nama", "wajib diisi") in rows
    assert any(r[:2] == (5, "kode") and "huruf, angka atau tanda '-'" in r[2] for r in rows)
    assert "baris 3, kolom 'kepala_nip': NIP harus 18 digit angka" in str(info.value)
    assert "tidak ada data yang disimpan" in str(info.value)


def test_puskesmas_duplicate_kode_ignores_case():
    text = "\n".join([PKM_HEADER, PKM_ROW, PKM_ROW.replace("PKM-A", "pkm-a")])
    assert rejected(parse_puskesmas_csv, text) == [(3, "kode", "kode ganda (juga di baris 2)")]


def test_puskesmas_semicolon_bom_crlf_and_trailing_blank_lines_are_accepted():
    text = "\ufeff" + "\r\n".join([PKM_HEADER.replace(",", ";"), PKM_ROW.replace(",", ";"),
                                  "", ";;;;;;;;", ""])
    [row] = parse_puskesmas_csv(text)
    assert (row.kode, row.nama, row.email) == ("PKM-A", "Puskesmas A", "a@pkm.example")


def test_puskesmas_bom_does_not_hide_the_first_column():
    [row] = parse_puskesmas_csv("\ufeff" + PKM_HEADER + "\n" + PKM_ROW + "\n")
    assert row.kode == "PKM-A"


def test_puskesmas_line_numbers_count_blank_and_multiline_rows():
    text = "\n".join([PKM_HEADER, PKM_ROW.replace("Puskesmas A", '"Puskesmas\nA"'), "",
                      PKM_ROW.replace("PKM-A,", "PKM-B,,"), PKM_ROW.replace("PKM-A", "PKM-C")[:-8]])
    assert rejected(parse_puskesmas_csv, text) == [
        (5, "*", "ada 10 kolom, tajuk hanya 9"), (6, "email", "alamat email tidak sah")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "kosong"), ("\ufeff\n\n", "kosong"), (PKM_HEADER + "\n\n", "hanya berisi tajuk")],
)
def test_puskesmas_empty_file_is_an_input_error(text, message):
    with pytest.raises(InputError) as info:
        parse_puskesmas_csv(text)
    assert not isinstance(info.value, ImportRejected)
    assert message in str(info.value) and "puskesmas" in str(info.value)


# -- tim.csv ------------------------------------------------------------------------------------
def test_tim_unknown_puskesmas_is_named():
    text = tim(member("Ketua", NIP[0], "ketua", "PKM-A;PKM-X"), member("B", NIP[1]))
    assert rejected(parse_tim_csv, text, known_puskesmas=KNOWN) == [
        (2, "puskesmas_binaan", "kode Puskesmas 'PKM-X' tidak terdaftar")
    ]


def test_tim_without_ketua_is_refused():
    text = tim(member("A", NIP[0]), member("B", NIP[1], "sekretaris"))
    assert rejected(parse_tim_csv, text, known_puskesmas=KNOWN) == [
        (0, "peran", "harus ada tepat satu ketua; tidak ada")
    ]


def test_tim_with_two_ketua_is_refused():
    text = tim(member("A", NIP[0], "Ketua"), member("B", NIP[1], "KETUA"))
    assert rejected(parse_tim_csv, text, known_puskesmas=KNOWN) == [
        (0, "peran", "harus ada tepat satu ketua; ditemukan 2 (baris 2, 3)")
    ]


def test_tim_nip_is_required_18_digits_and_unique():
    text = tim(member("A", NIP[0], "ketua"), member("B", "12345"), member("C", ""),
               member("D", NIP[0][:8] + " " + NIP[0][8:]))
    assert rejected(parse_tim_csv, text, known_puskesmas=KNOWN) == [
        (3, "nip", "NIP harus 18 digit angka"),
        (4, "nip", "wajib diisi"),
        (5, "nip", "NIP ganda (juga di baris 2)"),
    ]


def test_tim_bad_peran_is_refused():
    text = tim(member("A", NIP[0], "ketua"), member("B", NIP[1], "bendahara"))
    assert rejected(parse_tim_csv, text, known_puskesmas=KNOWN) == [
        (3, "peran", "peran harus salah satu dari: ketua, wakil_ketua, sekretaris, anggota")
    ]


def test_tim_semicolon_file_normalises_peran_nip_and_binaan_lists():
    header = TIM_HEADER.replace(",", ";")
    rows = [member("A", NIP[0], " Ketua ", "pkm-a|PKM-B").replace(",", ";"),
            member("B", NIP[1][:8] + " " + NIP[1][8:], "Wakil Ketua", "PKM-B PKM-C PKM-B"),
            member("C", NIP[2], "Sekretaris", "")]
    team = parse_tim_csv(tim(*(r.replace(",", ";") for r in rows), header=header),
                         known_puskesmas={"pkm-a", "PKM-B", "PKM-C"})
    assert [(m.peran, m.nip, m.puskesmas_binaan) for m in team] == [
        ("ketua", NIP[0], ["PKM-A", "PKM-B"]),
        ("wakil_ketua", NIP[1], ["PKM-B", "PKM-C"]),
        ("sekretaris", NIP[2], []),
    ]


def test_tim_missing_column_is_refused():
    header = TIM_HEADER.replace(",bidang", "")
    text = tim(member("A", NIP[0], "ketua").replace(",Bidang P2P", ""), header=header)
    assert rejected(parse_tim_csv, text, known_puskesmas=KNOWN) == [
        (1, "bidang", "kolom wajib tidak ada")
    ]


def test_tim_empty_file_is_an_input_error():
    with pytest.raises(InputError, match="Berkas CSV tim kosong"):
        parse_tim_csv("  \n", known_puskesmas=KNOWN)


def test_dinkes_legal_bases_are_office_configuration_with_the_standard_as_default():
    from evidence.siklus import teks

    office = parse_dinkes(DINKES)
    assert "HK.01.07/MENKES/165/2023" in teks.standar(office)
    bare = parse_dinkes(DINKES.split("# Dasar hukum")[0])
    assert bare.dasar_hukum == {} and teks.standar(bare) == teks.STANDAR
    points = teks.mengingat(bare)
    assert points[-1] == teks.STANDAR + "." and all(p.endswith(";") for p in points[:-1])
    own = parse_dinkes(DINKES.split("# Dasar hukum")[0] + "dasar_hukum:\n  mengingat:\n"
                       "    - Peraturan Bupati Sukamaju Nomor 5 Tahun 2024\n")
    assert teks.mengingat(own) == ["Peraturan Bupati Sukamaju Nomor 5 Tahun 2024."]


@pytest.mark.parametrize("block,where", [
    ("dasar_hukum: teks saja\n", "dasar_hukum"),
    ("dasar_hukum:\n  standar: ''\n", "dasar_hukum.standar"),
    ("dasar_hukum:\n  mengingat: []\n", "dasar_hukum.mengingat"),
    ("dasar_hukum:\n  mengingat: [UU 1, {a: b}]\n", "dasar_hukum.mengingat"),
    ("dasar_hukum:\n  perbup: x\n", "dasar_hukum.perbup"),
])
def test_dinkes_bad_legal_bases_are_refused(block, where):
    with pytest.raises(ImportRejected) as err:
        parse_dinkes(DINKES.split("# Dasar hukum")[0] + block)
    assert f"kolom '{where}'" in str(err.value)
