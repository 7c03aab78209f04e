"""Dates the Vietnamese way: shown dd/mm/yyyy in Asia/Ho_Chi_Minh, and read
day first (``05/03/2019`` is 5 March 2019), never month first.

The display functions are Jinja filters (see ``JINJA_FILTERS`` in
pelicanconf.py); :func:`read_date` reads every date an editor writes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Callable
from zoneinfo import ZoneInfo

def _local(value: date, zone: tzinfo | None) -> date:
    if zone is not None and isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(zone)
    return value


def _day(value: date) -> str:
    # by fields: Pelican's date-time type has a slow strftime
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def vn_date(value: date, zone: tzinfo | None = None) -> str:
    """``14/03/2019`` (in ``zone`` when given, else in the value's own)."""
    return _day(_local(value, zone))


def vn_datetime(value: date, zone: tzinfo | None = None) -> str:
    """``14/03/2019 15:22`` (a bare date shows without the time)."""
    value = _local(value, zone)
    if not isinstance(value, datetime):
        return _day(value)
    return f"{_day(value)} {value.hour:02d}:{value.minute:02d}"


def iso(value: date, zone: tzinfo | None = None) -> str:
    """Machine-readable form for ``<time datetime>``: ISO 8601 with its offset."""
    return _local(value, zone).isoformat()


def filters(timezone_name: str) -> dict[str, Callable[[date], str]]:
    """The Jinja filters, showing times in the site's ``TIMEZONE``."""
    zone = ZoneInfo(timezone_name)
    return {name: functools.partial(function, zone=zone)
            for name, function in (("vn_date", vn_date), ("vn_datetime", vn_datetime),
                                   ("iso", iso))}


# -- reading dates as Vietnamese editors write them -----------------------------------

_TIME = r"(?P<hour>\d{1,2})\s*(?::|h|giờ)\s*(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
_ZONE = r"(?:\s*(?P<zone>Z|[+-]\d{2}:?\d{2}))?"
#: ISO 8601: 2019-03-14, 2019-03-14 15:22[:05][+07:00], 2019-03-14T15:22
_ISO_FORM = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
                       rf"(?:[ T]{_TIME})?{_ZONE}")
#: day first, always: 14/03/2019, 5/3/2019, 14-03-2019, 14.03.2019, with the time
#: after (14/03/2019 15:22) or before it (15:22 14/03/2019)
_DMY = r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
_DMY_FORMS = (re.compile(rf"{_DMY}(?:,?\s+{_TIME})?"), re.compile(rf"{_TIME},?\s+{_DMY}"))


class DateError(ValueError):
    """A date that cannot be read; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class ReadDate:
    """A date as written: its value (naive unless an offset was written) and
    whether a time of day was given."""

    value: datetime
    has_time: bool


def _in_words(day: int, month: int, year: int) -> str:
    return f"ngày {day} tháng {month} năm {year}"


def read_date(text: str) -> ReadDate:
    """Read ``text`` the Vietnamese way: day before month (``05/03/2019`` is
    5 March), or ISO 8601 (``2019-03-05``); never month first. Raises
    :class:`DateError` for any other form or an impossible date."""
    text = " ".join(text.split())
    match = _ISO_FORM.fullmatch(text)
    if match is None:
        match = next((m for m in (f.fullmatch(text) for f in _DMY_FORMS) if m), None)
    if match is None:
        raise DateError("không phải một ngày")
    day, month, year = (int(match.group(k)) for k in ("day", "month", "year"))
    if not 1 <= month <= 12:
        hint = (f"; ngày viết trước tháng: {month:02d}/{day:02d}/{year}"
                if 1 <= day <= 12 and "sep" in match.groupdict() else "")
        raise DateError(f"đọc là {_in_words(day, month, year)} nhưng không có tháng {month}{hint}")
    try:
        when = datetime(year, month, day)
    except ValueError:
        raise DateError(f"đọc là {_in_words(day, month, year)} nhưng tháng {month} năm {year}"
                        f" không có ngày {day}") from None
    has_time = match.group("hour") is not None
    if has_time:
        hour, minute = int(match.group("hour")), int(match.group("minute"))
        second = int(match.group("second") or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise DateError(f"{hour}:{minute:02d} không phải giờ trong ngày (00:00 đến 23:59)")
        when = when.replace(hour=hour, minute=minute, second=second)
    zone = match.groupdict().get("zone")
    if zone:
        offset = timedelta(0) if zone == "Z" else (
            (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]),
                                                      minutes=int(zone[-2:])))
        if abs(offset) > timedelta(hours=14):
            raise DateError(f"múi giờ {zone} không có thật")
        when = when.replace(tzinfo=timezone(offset))
    return ReadDate(when, has_time)


_ANY_DMY = re.compile(r"(?<![\d/.-])(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"
                      r"(?![\d/.-])")
_ANY_TIME = re.compile(rf"(?<![\d/.:]){_TIME}(?![\d/.])")


def published_date(text: str) -> datetime | None:
    """The date and time in a portal's date line, in any order and with any
    decoration: ``15:22 !! 14/03/2019``, ``Ngày đăng 17/07/2019 | 09:15``,
    ``08:57, 28/04/2021``, ``Thứ Năm, 14/03/2019 - 15:22``. Day first; naive
    (local time); None when the line holds no possible date."""
    day = _ANY_DMY.search(text)
    if day is None:
        return None
    rest = text[:day.start()] + " " * (day.end() - day.start()) + text[day.end():]
    clock = _ANY_TIME.search(rest)
    try:
        when = datetime(int(day.group("year")), int(day.group("month")), int(day.group("day")))
        if clock and int(clock.group("hour")) < 24 and int(clock.group("minute")) < 60:
            when = when.replace(hour=int(clock.group("hour")), minute=int(clock.group("minute")))
    except ValueError:
        return None
    return when
