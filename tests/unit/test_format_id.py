"""The one Indonesian formatter (evidence.format_id) and the one clock (evidence.jam)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from evidence import jam
from evidence.format_id import (
    BULAN,
    BULAN_SINGKAT,
    MB,
    angka,
    bilangan,
    hari,
    hari_tanggal,
    persen,
    tanggal,
    ukuran,
)


@pytest.mark.parametrize("value, desimal, shown", [
    (1234.5, 2, "1.234,50"), (0, 2, "0,00"), (85.5, 1, "85,5"), (1_000_000, 0, "1.000.000"),
    (-0.5, 1, "-0,5"), (None, 2, "-"),
])
def test_angka_uses_decimal_comma_and_thousands_dot(value, desimal, shown):
    assert angka(value, desimal) == shown


@pytest.mark.parametrize("value, shown", [
    (8, "8"), (8.5, "8,5"), (90.99, "90,99"), (132.0, "132"), (8.125, "8,12"), (1234.5, "1.234,5"),
    (0.1 + 0.2, "0,3"), (None, "-"),
])
def test_bilangan_shows_only_the_decimals_it_needs(value, shown):
    assert bilangan(value) == shown


def test_a_typed_value_is_echoed_with_its_decimals_not_rounded_into_the_range():
    assert bilangan(100.004, maks=6) == "100,004"
    assert bilangan(1e9, maks=6) == "1.000.000.000"  # never "1e+09"


@pytest.mark.parametrize("value, shown", [
    (93.75, "93,8%"), (100, "100,0%"), (0, "0,0%"), (None, "-"),
])
def test_persen(value, shown):
    assert persen(value) == shown


@pytest.mark.parametrize("size, shown", [
    (25 * MB, "25 MB"), (int(25.5 * MB), "25,5 MB"), (int(25.34 * MB), "25,3 MB"),
    (int(0.001 * MB), "1 KB"), (900, "900 bita"), (0, "0 bita"),
])
def test_ukuran_is_one_form_for_every_size_message(size, shown):
    assert ukuran(size) == shown


def test_one_month_table_with_its_short_form():
    assert BULAN[7] == "Agustus" and BULAN_SINGKAT == ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul",
                                                        "Agu", "Sep", "Okt", "Nov", "Des")


def test_dates_in_indonesian():
    assert tanggal(date(2026, 3, 12)) == "12 Maret 2026"
    assert tanggal("2026-01-01") == "1 Januari 2026"
    assert hari(date(2026, 3, 12)) == "Kamis"
    assert hari_tanggal(date(2026, 3, 15)) == "Minggu, 15 Maret 2026"


def test_jakarta_date_crosses_midnight_before_utc():
    assert jam.jakarta_today(datetime(2026, 3, 12, 17, 30, tzinfo=UTC)) == date(2026, 3, 13)
    assert jam.jakarta_today(datetime(2026, 3, 12, 16, 59, tzinfo=UTC)) == date(2026, 3, 12)
    with pytest.raises(ValueError, match="aware"):
        jam.jakarta_today(datetime(2026, 3, 12, 17, 30))


def test_without_a_tz_database_jakarta_is_a_fixed_utc_plus_7():
    zone = jam.zona("Tidak/Ada")  # what ZoneInfo answers on a host without tzdata
    assert zone is jam.WIB and zone.utcoffset(None) == timedelta(hours=7)
    assert datetime(2026, 3, 12, 17, 30, tzinfo=UTC).astimezone(zone).date() == date(2026, 3, 13)


def test_today_is_the_jakarta_date_of_now(monkeypatch):
    monkeypatch.setattr(jam, "sekarang", lambda: datetime(2026, 12, 31, 18, 0, tzinfo=UTC))
    assert jam.hari_ini() == date(2027, 1, 1)
    assert jam.sekarang().tzinfo is UTC


def test_every_today_of_the_product_is_the_one_clock():
    from tpcb.cli import common as cli_common
    from tpcb.services import common as services_common

    assert cli_common.today() == services_common.today() == jam.hari_ini()
