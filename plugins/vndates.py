"""Date display for the portal: dd/mm/yyyy in Asia/Ho_Chi_Minh.

Used as Jinja filters (see ``JINJA_FILTERS`` in pelicanconf.py).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _local(value: date) -> date:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(TIMEZONE)
    return value


def _day(value: date) -> str:
    # by fields: Pelican's date-time type has a slow strftime
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def vn_date(value: date) -> str:
    """``14/03/2019``."""
    return _day(_local(value))


def vn_datetime(value: date) -> str:
    """``14/03/2019 15:22`` (a bare date shows without the time)."""
    value = _local(value)
    if not isinstance(value, datetime):
        return _day(value)
    return f"{_day(value)} {value.hour:02d}:{value.minute:02d}"


def iso(value: date) -> str:
    """Machine-readable form for ``<time datetime>``: ISO 8601 with +07:00."""
    return _local(value).isoformat()
