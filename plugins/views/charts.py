"""Pictures of the records, drawn at build time: position timelines, meeting
calendars, counts by event kind, co-attendance and a term's officials.

Each function returns a :class:`Picture` — shapes with coordinates, links and
labels — that the theme's ``picture`` macro writes out as inline SVG. The
geometry is decided here; the template only prints it (escaped). Layouts
stay legible on big sites by capping rows and aggregating (see each
function); the full data is always in the list or table beside the picture.

Text is never scaled: timelines and bars are as wide as the column, with
their x positions and widths in percent and everything else (text, rows,
ticks) in CSS pixels; a calendar has a fixed size that fits a phone (three
months across). A bar is never thinner than ``MIN_BAR`` pixels, so a post
seen on one day shows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

import vndates

from records.model import Event, Membership, Official, Term, day

ROW = 36  # pixels per timeline row (its label, then its bar)
BAR = 10
MIN_BAR = 6  # pixels: the thinnest bar drawn (a post seen on one day)
MIN_PERCENT = 1.5  # a bar narrower than this share of the width is drawn MIN_BAR wide
CELL, GAP = 12, 2  # calendar: a day's square and the space between days
MONTH_WIDTH = 7 * (CELL + GAP)
MONTH_HEIGHT = 18 + 6 * (CELL + GAP)
MONTHS_ACROSS, MONTH_SPACE = 3, 12

#: a timeline row draws one tick per event up to this many, then one per month
MAX_TICKS = 120
#: most rows in a timeline (positions) and a term's officials picture
MAX_POSITIONS = 12
MAX_TERM_OFFICIALS = 30
MAX_KINDS = 8


@dataclass
class Mark:
    """A rectangle: a bar, a tick or a calendar day; linked when ``href``.
    ``x`` and ``width`` are pixels, or a share of the width (``"12.5%"``)."""

    x: float | str
    y: float
    width: float | str
    height: float
    cls: str
    label: str = ""
    href: str = ""


@dataclass
class Text:
    x: float | str
    y: float
    text: str
    cls: str = "picture__label"
    anchor: str = "start"


@dataclass
class Picture:
    """One figure: ``title``/``desc`` are its text alternative. ``width`` is
    None for a picture as wide as its column (x positions in percent), else
    the fixed size in pixels (a calendar)."""

    id: str
    title: str
    desc: str
    width: float | None
    height: float
    marks: list[Mark] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    caption: str = ""
    kind: str = ""
    rows: list[tuple[str, int, str]] = field(default_factory=list)  # bars: the data
    heading: str = ""

    @property
    def role(self) -> str:
        """ARIA role of the drawing: an image, or a group when it holds links
        (an image's content is not interactive)."""
        return "group" if any(mark.href for mark in self.marks) else "img"


def _r(value: float) -> float:
    return round(value, 1)


def _pct(value: float) -> str:
    return f"{_r(value)}%"


def _span(x0: float, x1: float) -> tuple[str, float | str]:
    """x and width of a bar from ``x0`` to ``x1`` (percent), never thinner
    than ``MIN_BAR`` pixels."""
    if x1 - x0 < MIN_PERCENT:
        return _pct(min(x0, 100 - MIN_PERCENT)), MIN_BAR
    return _pct(x0), _pct(x1 - x0)


class _Axis:
    """Dates to x (percent of the width), whole years from ``start`` to ``end``."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = date(start.year, 1, 1), date(end.year, 12, 31)
        self.span = max((self.end - self.start).days, 1)

    def x(self, when: date) -> float:
        return _r(100 * (when - self.start).days / self.span)

    def draw(self, picture: Picture, y: float, years_across: int = 6) -> None:
        """A base line with a label every year (every few on long spans, so
        that labels never meet on a phone)."""
        picture.marks.append(Mark(0, y, "100%", 1, "picture__axis"))
        years = range(self.start.year, self.end.year + 1)
        step = max(1, -(-len(years) // years_across))
        for year in years[::step]:
            x = self.x(date(year, 1, 1))
            picture.marks.append(Mark(_pct(x), y, 1, 5, "picture__axis"))
            picture.texts.append(Text(_pct(x), y + 18, str(year), "picture__year"))


def _title_of(when: date, name: str) -> str:
    return f"{vndates.vn_date(when)}: {name}"


def _month_url(settings: dict[str, Any], when: date) -> str:
    return settings["EVENTS_MONTH_URL"].format(year=when.year, month=when.month)


def _ticks(events: list[Event], axis: _Axis, y: float, settings: dict[str, Any]) -> list[Mark]:
    """One tick per event, linking to it; by month beyond ``MAX_TICKS``."""
    if len(events) <= MAX_TICKS:
        return [Mark(_pct(axis.x(day(e.date))), y, 2, 16, "picture__tick",
                     _title_of(day(e.date), e.name), e.url) for e in events]
    months = Counter(day(e.date).replace(day=1) for e in events)
    return [Mark(_pct(axis.x(month)), y, 3, 16, "picture__tick picture__tick--month",
                 f"Tháng {month:%m/%Y}: {count} sự kiện", _month_url(settings, month))
            for month, count in sorted(months.items())]


def timeline(official: Official, settings: dict[str, Any]) -> Picture | None:
    """Positions held: a bar from start to end of each (registry dates where
    known, else first and last attested), the events as linked ticks.

    At most ``MAX_POSITIONS`` rows (the ones with most events); ticks are
    grouped by month when a row has more than ``MAX_TICKS`` events.
    """
    rows = [m for m in official.memberships if m.start or m.end]
    if not rows:
        return None
    events = {id(m): m.events for m in rows}  # a property: computed once here
    shown = sorted(sorted(rows, key=lambda m: -len(events[id(m)]))[:MAX_POSITIONS],
                   key=lambda m: m.sort_key)
    dates = [d for m in shown for d in (m.start, m.end) if d]
    dates += [day(e.date) for m in shown for e in events[id(m)]]
    axis = _Axis(min(dates), max(dates))
    picture = Picture("hinh-qua-trinh", f"Dòng thời gian chức vụ của {official.name}",
                      _timeline_desc(official, shown), None, ROW * len(shown) + 28,
                      kind="timeline")
    for row, membership in enumerate(shown):
        top = row * ROW
        start = membership.start or membership.end
        end = membership.end or membership.start
        x, width = _span(axis.x(start), axis.x(end))
        registry = " picture__bar--registry" if membership.registry_start else ""
        picture.texts.append(Text(0, top + 14, f"{membership.post.name} ({_period(start, end)})"))
        picture.marks.append(Mark(x, top + 22, width, BAR, "picture__bar" + registry,
                                  membership.post.name, membership.post.url))
        picture.marks += _ticks(events[id(membership)], axis, top + 19, settings)
    axis.draw(picture, ROW * len(shown) + 2)
    if len(rows) > len(shown):
        picture.caption = (f"{len(shown)} trong {len(rows)} chức vụ (nhiều sự kiện nhất);"
                           " tất cả có trong bảng dưới.")
    return picture


def _period(start: date, end: date) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _timeline_desc(official: Official, shown: list[Membership]) -> str:
    parts = [f"{m.post.name}: {_period(m.start or m.end, m.end or m.start)},"
             f" {len(m.events)} sự kiện" for m in shown]
    return "; ".join(parts) + "."


def _shade(count: int) -> int:
    return 1 if count == 1 else 2 if count == 2 else 3 if count <= 4 else 4


def calendar(year: int, events: Iterable[Event], settings: dict[str, Any],
             prefix: str = "lich") -> Picture:
    """A year of days (weeks across, Monday to Sunday down), days with
    events shaded by count; a day links to its event, or to its month's
    list when it has several."""
    by_day: dict[date, list[Event]] = {}
    for event in events:
        when = day(event.date)
        if when.year == year:
            by_day.setdefault(when, []).append(event)
    total = sum(len(v) for v in by_day.values())
    rows = -(-12 // MONTHS_ACROSS)
    picture = Picture(f"{prefix}-{year}", f"Lịch sự kiện năm {year}",
                      f"{total} sự kiện trong {len(by_day)} ngày của năm {year}; mỗi tháng một"
                      " khối, cột từ thứ Hai đến Chủ nhật; ô đậm hơn là ngày có nhiều sự kiện"
                      " hơn.",
                      MONTHS_ACROSS * MONTH_WIDTH + (MONTHS_ACROSS - 1) * MONTH_SPACE,
                      rows * MONTH_HEIGHT + (rows - 1) * 8, kind="calendar",
                      heading=f"Năm {year}")
    when = date(year, 1, 1)
    while when.year == year:
        month = when.month - 1
        left = (month % MONTHS_ACROSS) * (MONTH_WIDTH + MONTH_SPACE)
        top = (month // MONTHS_ACROSS) * (MONTH_HEIGHT + 8)
        if when.day == 1:
            picture.texts.append(Text(left, top + 12, f"Tháng {when.month}", "picture__day"))
        index = when.replace(day=1).weekday() + when.day - 1
        x = left + (index % 7) * (CELL + GAP)
        y = top + 18 + (index // 7) * (CELL + GAP)
        found = sorted(by_day.get(when, []), key=lambda e: e.sort_key)
        if not found:
            picture.marks.append(Mark(x, y, CELL, CELL, "cal cal--0"))
        elif len(found) == 1:
            picture.marks.append(Mark(x, y, CELL, CELL, "cal cal--1",
                                      _title_of(when, found[0].name), found[0].url))
        else:
            picture.marks.append(Mark(
                x, y, CELL, CELL, f"cal cal--{_shade(len(found))}",
                f"{vndates.vn_date(when)}: {len(found)} sự kiện",
                f"{_month_url(settings, when)}#{found[0].slug}"))
        when += timedelta(days=1)
    return picture


def calendars(events: list[Event], settings: dict[str, Any], years: int | None = None,
              prefix: str = "lich") -> list[Picture]:
    """One calendar per year that has events, newest first (``years`` of them)."""
    found = sorted({day(e.date).year for e in events}, reverse=True)
    return [calendar(year, events, settings, prefix) for year in found[:years]]


def bars(picture: Picture, rows: list[tuple[str, int, str]]) -> Picture:
    """Horizontal bars, one per (label, count, link), longest = full width."""
    most = max((count for _, count, _ in rows), default=1) or 1
    for row, (label, count, href) in enumerate(rows):
        top = row * 34
        picture.texts.append(Text(0, top + 14, f"{label} — {count}"))
        _, width = _span(0, 100 * count / most)
        picture.marks.append(Mark(0, top + 20, width, BAR, "picture__bar", f"{label}: {count}",
                                  href))
    picture.height = 34 * len(rows) + 2
    picture.rows = rows
    return picture


def kinds(events: list[Event], prefix: str = "loai") -> Picture | None:
    """Events by kind, most first; beyond ``MAX_KINDS`` kinds the rest are one bar."""
    counts = Counter(e.kind for e in events)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))
    rows = [(kind, count, "") for kind, count in ranked[:MAX_KINDS]]
    rest = sum(count for _, count in ranked[MAX_KINDS:])
    if rest:
        rows.append((f"{len(ranked) - MAX_KINDS} loại khác", rest, ""))
    desc = "; ".join(f"{label}: {count}" for label, count, _ in rows) + "."
    return bars(Picture(prefix, "Số sự kiện theo loại", desc, None, 0, kind="bars"), rows)


def coattendance(official: Official) -> Picture | None:
    """The officials met most often (``RECORDS_COATTENDANCE_LIMIT``), as bars
    of shared events, each linking to the official."""
    if not official.coattendees:
        return None
    rows = [(other.name, count, other.url) for other, count in official.coattendees]
    desc = "; ".join(f"{name}: {count} sự kiện chung" for name, count, _ in rows) + "."
    return bars(Picture("hinh-dong-du", f"Những người thường cùng dự với {official.name}",
                        desc, None, 0, kind="bars"), rows)


def term_officials(term: Term) -> Picture | None:
    """The term's officials on one axis: a bar from their first to their last
    event in force in the term. The ``MAX_TERM_OFFICIALS`` with most events
    are drawn (in order of first event); all are listed beside it."""
    seen: dict[str, list] = {}
    for event in term.events_in_force:
        for participation in event.participations:
            official = participation.official
            entry = seen.setdefault(official.key, [official, day(event.date), day(event.date),
                                                   set()])
            entry[1], entry[2] = min(entry[1], day(event.date)), max(entry[2], day(event.date))
            entry[3].add(event.slug)
    if not seen:
        return None
    ranked = sorted(seen.values(), key=lambda e: (-len(e[3]), e[0].sort_key))
    shown = sorted(ranked[:MAX_TERM_OFFICIALS], key=lambda e: (e[1], e[0].sort_key))
    axis = _Axis(term.start, term.end)
    picture = Picture("hinh-can-bo-nhiem-ky", f"Cán bộ trong {term.label} theo thời gian",
                      f"{len(shown)} cán bộ, mỗi người một vạch từ sự kiện đầu đến sự kiện"
                      f" cuối trong nhiệm kỳ.", None, 0, kind="timeline")
    for row, (official, first, last, slugs) in enumerate(shown):
        top = row * 34
        x, width = _span(axis.x(first), axis.x(last))
        picture.texts.append(Text(0, top + 14, f"{official.name} — {len(slugs)} sự kiện"))
        picture.marks.append(Mark(x, top + 20, width, BAR, "picture__bar",
                                  f"{official.name}: {vndates.vn_date(first)} –"
                                  f" {vndates.vn_date(last)}", official.url))
    axis.draw(picture, 34 * len(shown) + 2)
    picture.height = 34 * len(shown) + 28
    if len(seen) > len(shown):
        picture.caption = (f"{len(shown)} trong {len(seen)} cán bộ (nhiều sự kiện nhất);"
                           " danh sách đầy đủ bên dưới.")
    return picture


def for_official(official: Official, settings: dict[str, Any]) -> dict[str, Picture | None]:
    """The pictures of an official's page."""
    return {"timeline": timeline(official, settings), "coattendance": coattendance(official)}


def for_term(term: Term, settings: dict[str, Any]) -> dict[str, Any]:
    """The pictures of a term's page: calendars of its years, kinds, officials."""
    return {"calendars": calendars(term.events, settings, prefix="lich-nhiem-ky"),
            "kinds": kinds(term.events), "officials": term_officials(term)}


def for_events(events: list[Event], settings: dict[str, Any]) -> dict[str, Any]:
    """The pictures of the events index: the latest years' calendars, kinds."""
    return {"calendars": calendars(events, settings, settings["RECORDS_CALENDAR_YEARS"]),
            "kinds": kinds(events)}
