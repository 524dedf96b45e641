"""The one clock of the product: the instant (UTC) and the date on the office's calendar.

Due dates, letter dates and "today" are Asia/Jakarta calendar dates whatever the server's own
timezone: 2026-03-12T17:30Z is already 13 March in Jakarta. Without a tz database on the host
(no tzdata, a slim container) Jakarta is the fixed UTC+7 it has kept since 1964, so nothing fails.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WIB = timezone(timedelta(hours=7), "WIB")


def zona(key: str = "Asia/Jakarta") -> tzinfo:
    """The zone `key` from the tz database, or WIB (UTC+7) when the database is not there."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return WIB


JAKARTA = zona()


def sekarang() -> datetime:
    """Now, as an aware UTC instant (what records store)."""
    return datetime.now(UTC)


def jakarta_today(now: datetime) -> date:
    """The Asia/Jakarta calendar date of an aware instant (2026-03-12T17:30Z is 13 March)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("Waktu harus memakai zona waktu (aware), misalnya datetime.now(UTC).")
    return now.astimezone(JAKARTA).date()


def hari_ini() -> date:
    """Today on the office's calendar."""
    return jakarta_today(sekarang())
