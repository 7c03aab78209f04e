"""What the home page and the events index show beyond a list of reports: a
lead story with its picture, the latest news of each category, recent and
upcoming events, the terms and officials to go to. Chosen here; the
templates only print it.

"Upcoming" is relative to the day of the build, in the site's time zone: a
daily build moves an event from one list to the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime
from html import unescape
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from reading import sanitize
from records.model import Event, Records, Term, day

LEAD_LOOKS_BACK = 10  # the lead is the newest of this many reports that has a picture
PER_CATEGORY = 4
CATEGORIES = 6
RECENT_EVENTS = 6
UPCOMING_EVENTS = 6
TERMS = 3


class Lead:
    """The lead story: a report, and its first picture when it has one.

    The picture's address is read from the report's HTML when the page is
    written: Pelican resolves ``{static}`` links only once every static file
    is known, and keeps the first result, so nothing here reads it earlier.
    """

    def __init__(self, article: Any) -> None:
        self.article = article

    @cached_property
    def picture(self) -> tuple[str, str]:
        return first_picture(self.article.content)

    @property
    def image(self) -> str:
        return self.picture[0]

    @property
    def alt(self) -> str:
        return self.picture[1]


@dataclass
class Home:
    """Everything the first page of the home page shows above the news list."""

    lead: Lead | None
    sections: list[tuple[Any, list[Any]]] = field(default_factory=list)
    recent: list[Event] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    officials: int = 0

    def inputs(self) -> tuple:
        """What the page shows, for the writer's fingerprints."""
        lead = self.lead
        return (
            (lead.article.url, lead.article.title, str(lead.article.summary), lead.image,
             lead.alt) if lead else None,
            [(str(c), c.url, [(a.url, a.title, a.date.isoformat()) for a in items])
             for c, items in self.sections],
            [(e.url, e.name, e.kind, e.date.isoformat()) for e in self.recent + self.upcoming],
            [(t.url, t.label, t.cycle) for t in self.terms], self.officials,
        )


def today(settings: dict[str, Any]) -> date:
    """The day of the build where the site is."""
    return datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()


def first_picture(html: str) -> tuple[str, str]:
    """``(src, alt)`` of the first picture in a report's HTML, or ``("", "")``."""
    found = sanitize.images(html)
    return (unescape(found[0][0]), unescape(found[0][1])) if found else ("", "")


def event_lists(events: Iterable[Event], on: date, recent: int, upcoming: int
                ) -> tuple[list[Event], list[Event]]:
    """The latest ``recent`` events up to ``on`` (newest first) and the next
    ``upcoming`` after it (soonest first)."""
    ordered = sorted(events, key=lambda e: e.sort_key)
    past = [e for e in ordered if day(e.date) <= on]
    coming = [e for e in ordered if day(e.date) > on]
    return past[::-1][:recent], coming[:upcoming]


def lead_of(articles: list[Any]) -> Lead | None:
    """The newest report with a picture among the latest few, else the newest."""
    if not articles:
        return None
    for article in articles[:LEAD_LOOKS_BACK]:
        if sanitize.images(getattr(article, "_content", "")):  # as read: links unresolved
            return Lead(article)
    return Lead(articles[0])


def home(articles: list[Any], records: Records, recent: list[Event], upcoming: list[Event]
         ) -> Home:
    """The home page's blocks; ``articles`` newest first, ``recent`` and
    ``upcoming`` events as :func:`event_lists` gives them (the first few shown)."""
    lead = lead_of(articles)
    sections: dict[Any, list[Any]] = {}
    for article in articles:
        if lead and article is lead.article:
            continue
        items = sections.setdefault(article.category, [])
        if len(items) < PER_CATEGORY:
            items.append(article)
        if len(sections) >= CATEGORIES and all(len(v) >= PER_CATEGORY
                                               for v in sections.values()):
            break
    terms = sorted(records.terms, key=lambda t: (t.end, t.start), reverse=True)[:TERMS]
    return Home(lead, list(sections.items())[:CATEGORIES], recent[:RECENT_EVENTS],
                upcoming[:UPCOMING_EVENTS], terms, len(records.officials))
