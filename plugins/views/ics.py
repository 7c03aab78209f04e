"""iCalendar (RFC 5545) files of events: all of them, and one per event.

Times carry the site's ``TIMEZONE`` as TZID with its VTIMEZONE (for
Asia/Ho_Chi_Minh: +07:00, no daylight saving; a zone with daylight saving
gets times in UTC instead); an event known only by its day is an all-day
event. Output depends on the content alone (DTSTAMP is the newest report's
date), so rebuilding gives the same bytes.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterable
from zoneinfo import ZoneInfo

from records.model import Event, day


def vtimezone(tzid: str) -> list[str] | None:
    """The VTIMEZONE of a zone without daylight saving; None for one with it."""
    zone = ZoneInfo(tzid)
    winter, summer = (datetime(2001, month, 1, tzinfo=zone).utcoffset() for month in (1, 7))
    if winter != summer or winter is None:
        return None
    minutes = int(winter.total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    offset = f"{sign}{minutes // 60:02d}{minutes % 60:02d}"
    return ["BEGIN:VTIMEZONE", f"TZID:{tzid}", "BEGIN:STANDARD", "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{offset}", f"TZOFFSETTO:{offset}", f"TZNAME:{offset[:3]}",
            "END:STANDARD", "END:VTIMEZONE"]


def escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma, newline."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets (never inside a UTF-8 character)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(event: Event) -> str:
    newest = max(report.date for report in event.reports)
    return newest.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def vevent(event: Event, siteurl: str, host: str, tzid: str | None,
           duration: timedelta) -> list[str]:
    """The VEVENT lines of one event (times in ``tzid``, else in UTC); an
    event known by its start time ends ``duration`` later."""
    if event.all_day:
        start = day(event.date)
        when = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}"]
    elif tzid:
        local = event.date.astimezone(ZoneInfo(tzid))
        when = [f"DTSTART;TZID={tzid}:{local:%Y%m%dT%H%M%S}",
                f"DTEND;TZID={tzid}:{local + duration:%Y%m%dT%H%M%S}"]
    else:
        utc = event.date.astimezone(timezone.utc)
        when = [f"DTSTART:{utc:%Y%m%dT%H%M%SZ}", f"DTEND:{utc + duration:%Y%m%dT%H%M%SZ}"]
    chairs = ", ".join(f"{p.official.name} ({p.title})" if p.title else p.official.name
                       for p in event.chairs)
    description = "\n".join(part for part in [
        f"Loại: {event.kind}", f"Đơn vị tổ chức: {event.organizer}" if event.organizer else "",
        f"Chủ trì: {chairs}" if chairs else "",
        f"Thành phần: {len(event.participations)} cán bộ được nêu tên",
    ] if part)
    lines = ["BEGIN:VEVENT", f"UID:{event.slug}@{host}", f"DTSTAMP:{_stamp(event)}", *when,
             f"SUMMARY:{escape(event.name)}", f"DESCRIPTION:{escape(description)}",
             f"URL:{siteurl}/{event.url}", f"CATEGORIES:{escape(event.kind)}"]
    if event.place:
        lines.append(f"LOCATION:{escape(event.place)}")
    return [*lines, "END:VEVENT"]


def calendar(events: Iterable[Event], siteurl: str, name: str, timezone_name: str,
             duration: timedelta) -> str:
    """A VCALENDAR holding ``events``, CRLF line endings, folded lines; a timed
    event lasts ``duration`` (EVENT_DURATION_MINUTES)."""
    host = siteurl.split("//")[-1].split("/")[0] or "localhost"
    zone = vtimezone(timezone_name)
    tzid = timezone_name if zone else None
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cong thong tin//Su kien//VI",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{escape(name)}",
             f"X-WR-TIMEZONE:{timezone_name}", *(zone or [])]
    for event in events:
        lines += vevent(event, siteurl, host, tzid, duration)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

