"""The records model (after Popolo): officials, posts, memberships, events,
participations and terms. Built once per build by :mod:`records.resolve`;
templates read it, never change it.

Named records are Pelican ``URLWrapper`` subclasses, so ``OFFICIAL_URL``,
``EVENT_SAVE_AS``… settings give their URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, partial
from datetime import date, datetime
from typing import Any

from pelican.urlwrappers import URLWrapper

import vntext


def _link(record: Any) -> tuple:
    return (record.name, record.url)


def _term(term: Term) -> tuple:
    return (term.name, term.url, term.label)


def _people(participations: list[Participation]) -> list[tuple]:
    """Participants as a page shows them, and as its JSON-LD names them (the
    official's latest title where the report gives none)."""
    return [(_link(p.official), p.role, p.title, "" if p.title else p.official.latest_title)
            for p in participations]


def _when(value: date | None) -> str:
    return value.isoformat() if value else ""


#: what views prepare from a record when its page is rendered (and keep):
#: dropped by :func:`forget_prepared` when the record changes
PREPARED = ("facets", "jsonld", "pictures")


def forget_prepared(record: Any) -> None:
    """Drop what views prepared from ``record``: it is prepared again."""
    for name in PREPARED:
        record.__dict__.pop(name, None)


def day(value: date) -> date:
    """The calendar day of a date or aware date-time (in its own zone)."""
    return value.date() if isinstance(value, datetime) else value


class Record(URLWrapper):
    """A named record whose URL is formatted once: slugs are settled before
    any URL is read (see resolve.finish)."""

    url = cached_property(URLWrapper.url.fget)
    save_as = cached_property(URLWrapper.save_as.fget)


def _events(participations: list[Participation]) -> list[Event]:
    """The events of ``participations``, each once, in their order."""
    return list(dict.fromkeys(p.event for p in participations))


class ByRole:
    """Participations split by role (for anything holding ``participations``)."""

    participations: list[Participation]

    @property
    def chairs(self) -> list[Participation]:
        return [p for p in self.participations if p.is_chair]

    @property
    def attendees(self) -> list[Participation]:
        return [p for p in self.participations if not p.is_chair]


class Official(ByRole, Record):
    """A person, identified by a tone-normalised name key.

    Search facets, JSON-LD and pictures are prepared when the page is
    rendered (on the rendering core, and only for pages that changed): each
    is a function of what :meth:`fingerprint` holds.
    """

    feed = property(partial(URLWrapper._from_settings, key="FEED_ATOM"))
    calendar = property(partial(URLWrapper._from_settings, key="CALENDAR_SAVE_AS"))

    @property
    def events(self) -> list[Event]:
        """The events the official took part in (their calendar)."""
        return _events(self.participations)

    def __init__(self, name: str, settings: dict[str, Any], key: str) -> None:
        super().__init__(name, settings)
        self.key = key
        self.family, self.middle, self.given = vntext.name_parts(name)
        self.aliases: list[str] = []
        self.photo = ""
        self.photo_credit = ""
        self.participations: list[Participation] = []
        self.memberships: list[Membership] = []
        self.reports: list[Any] = []
        self.coattendees: list[tuple[Official, int]] = []
        self.terms: list[Term] = []

    def fingerprint(self) -> tuple:
        """Everything the official's page shows (see incremental.fingerprint)."""
        latest = self.latest
        return (
            _link(self), self.family, self.middle, self.given, self.aliases, self.photo,
            self.photo_credit, self.feed, self.calendar,
            latest and (latest.title, latest.event.kind, _when(latest.event.date)),
            [_term(t) for t in self.terms],
            [(_link(p.event), _when(p.event.date), p.role, p.title) for p in self.participations],
            [(_link(m.post), _when(m.start), _when(m.end), _when(m.registry_start),
              _when(m.registry_end), [(_link(e), _when(e.date)) for e in m.events])
             for m in self.memberships],
            [(_link(o), count) for o, count in self.coattendees],
            [(r.url, r.title, _when(r.date)) for r in self.reports],
        )

    @property
    def sort_key(self) -> tuple:
        """Vietnamese order: given name, then family name, then middle name."""
        return (*vntext.person_key(self.family, self.middle, self.given), self.slug)

    @property
    def letter(self) -> str:
        """First letter of the given name, as an A–Z index heading (Đ ≠ D)."""
        return vntext.initial(self.given)

    @property
    def latest(self) -> Participation | None:
        """The most recent participation that names a title."""
        titled = [p for p in self.participations if p.title]
        return titled[-1] if titled else None

    @property
    def latest_title(self) -> str:
        latest = self.latest
        return latest.title if latest else ""



class Post(Record):
    """A position that can be held (one title, e.g. Chủ tịch UBND thành phố)."""

    def __init__(self, name: str, settings: dict[str, Any], key: str) -> None:
        super().__init__(name, settings)
        self.key = key
        self.memberships: list[Membership] = []

    @property
    def sort_key(self) -> tuple:
        return (vntext.collation_key(self.name), self.slug)

    def fingerprint(self) -> tuple:
        """Everything the post's page shows."""
        return (_link(self), [(_link(m.official), _when(m.start), _when(m.end),
                               _when(m.registry_start), len(m.events))
                              for m in self.memberships])


@dataclass(eq=False)
class Membership:
    """An official holding a post: attested dates and the events attesting it."""

    official: Official
    post: Post
    participations: list[Participation] = field(default_factory=list)
    registry_start: date | None = None
    registry_end: date | None = None

    @property
    def first(self) -> date | None:
        dates = [day(p.event.date) for p in self.participations]
        return min(dates) if dates else None

    @property
    def last(self) -> date | None:
        dates = [day(p.event.date) for p in self.participations]
        return max(dates) if dates else None

    @property
    def start(self) -> date | None:
        """Registry start where known, else first attested date."""
        return self.registry_start or self.first

    @property
    def end(self) -> date | None:
        return self.registry_end or self.last

    @property
    def sort_key(self) -> tuple:
        return (self.start or self.end or date.min, self.post.sort_key,
                self.official.sort_key)

    @property
    def titles(self) -> list[str]:
        """The full titles as written that include this post, in order."""
        return list(dict.fromkeys(p.title for p in self.participations))

    @property
    def events(self) -> list[Event]:
        return _events(self.participations)


@dataclass(eq=False)
class Participation:
    """An official at an event, with role and the title as written there."""

    event: Event
    official: Official
    role: str
    title: str

    @property
    def is_chair(self) -> bool:
        return "chủ trì" in self.role


class Event(ByRole, Record):
    """A meeting: one or more reports cover it. Facets and JSON-LD are
    prepared when its page is rendered (see :class:`Official`)."""

    calendar = property(partial(URLWrapper._from_settings, key="CALENDAR_SAVE_AS"))

    def __init__(self, name: str, settings: dict[str, Any], slug: str) -> None:
        super().__init__(name, settings)
        self.slug = slug
        self.kind = ""
        self.date: datetime | None = None
        self.all_day = False
        self.place = ""
        self.organizer = ""
        self.participations: list[Participation] = []
        self.reports: list[Any] = []
        self.terms_in_force: list[Term] = []
        self.terms_about: list[Term] = []
        self.previous: Event | None = None
        self.next: Event | None = None
        self.kind_feed = ""  # Atom feed of its kind

    @property
    def sort_key(self) -> tuple:
        return (self.date, self.slug)

    def fingerprint(self) -> tuple:
        """Everything the event's page (and its calendar file) shows."""
        return (
            _link(self), self.kind, _when(self.date), self.all_day, self.place,
            self.organizer, self.calendar, self.kind_feed,
            _people(self.participations),
            [(r.url, r.title, _when(r.date)) for r in self.reports],
            [_term(t) for t in self.terms_in_force], [_term(t) for t in self.terms_about],
            self.previous and _link(self.previous), self.next and _link(self.next),
        )



class Term(Record):
    """A term of office (nhiệm kỳ), e.g. 2015-2020 of the Party committee."""

    feed = property(partial(URLWrapper._from_settings, key="FEED_ATOM"))
    calendar = property(partial(URLWrapper._from_settings, key="CALENDAR_SAVE_AS"))

    def __init__(self, term_id: str, settings: dict[str, Any]) -> None:
        super().__init__(term_id, settings)
        self.slug = term_id
        self.id = term_id
        self.start_year, self.end_year = (int(y) for y in term_id.split("-"))
        self.label = f"Nhiệm kỳ {self.start_year}–{self.end_year}"
        self.cycle = ""
        # Without registry dates a term runs from 1 January of its first year
        # to 31 December of the year before its last (2015-2020: 2015–2019).
        self.start = date(self.start_year, 1, 1)
        self.end = date(self.end_year - 1, 12, 31)
        self.exact_dates = False
        self.events_in_force: list[Event] = []
        self.events_about: list[Event] = []
        self.officials: list[tuple[Official, list[str]]] = []
        self.reports: list[Any] = []  # newest first

    def __contains__(self, when: date) -> bool:
        """Whether the term is in force on ``when`` (both ends inclusive)."""
        return self.start <= day(when) <= self.end

    def fingerprint(self) -> tuple:
        """Everything the term's page shows."""
        return (
            _link(self), self.id, self.label, self.cycle, _when(self.start), _when(self.end),
            self.exact_dates, self.feed, self.calendar,
            [(_link(e), _when(e.date), e.kind) for e in self.events],
            len(self.events_in_force), len(self.events_about),
            [(_link(o), titles) for o, titles in self.officials],
            getattr(self, "pictures", None),
        )

    @property
    def events(self) -> list[Event]:
        """Events in force or about this term, by date."""
        merged = dict.fromkeys(self.events_in_force + self.events_about)
        return sorted(merged, key=lambda e: e.sort_key)

    @property
    def events_about_only(self) -> list[Event]:
        """Events about this term held outside it (a congress electing it):
        with :attr:`events_in_force`, they make :attr:`events`, each once."""
        held = set(self.events_in_force)
        return [e for e in dict.fromkeys(self.events_about) if e not in held]


@dataclass
class ArticleRecords(ByRole):
    """What an article page shows of the records: its own participants."""

    event: Event | None
    participations: list[Participation]
    terms: list[Term]


    def fingerprint(self) -> tuple:
        """What an article page shows of its records."""
        event = self.event
        return (
            event and (_link(event), event.kind, _when(event.date), event.all_day,
                       event.place, event.organizer),
            _people(self.participations),
            [_term(t) for t in self.terms],
        )


@dataclass
class EventKind:
    """All events of one kind (Hội nghị, Kỳ họp…), with their reports for a feed."""

    name: str
    slug: str
    events: list[Event]
    reports: list[Any]  # newest first
    feed: str  # path of its Atom feed, relative to the site


@dataclass
class EventMonth:
    """One month of events, with its own page."""

    year: int
    month: int
    events: list[Event]
    url: str
    save_as: str

    def fingerprint(self) -> tuple:
        return (self.year, self.month, self.url,
                [(_link(e), e.kind, _when(e.date)) for e in self.events])


@dataclass
class Records:
    """The whole model, sorted for display."""

    officials: list[Official]
    posts: list[Post]
    events: list[Event]
    terms: list[Term]
    ambiguous: dict[str, list[Official]]
    months: list[EventMonth] = field(default_factory=list)
    kinds: list[EventKind] = field(default_factory=list)

    @property
    def years(self) -> list[tuple[int, list[EventMonth]]]:
        """Months grouped by year, newest year first."""
        groups: dict[int, list[EventMonth]] = {}
        for month in self.months:
            groups.setdefault(month.year, []).append(month)
        return sorted(groups.items(), reverse=True)

    @property
    def officials_by_letter(self) -> list[tuple[str, list[Official]]]:
        groups: dict[str, list[Official]] = {}
        for official in self.officials:
            groups.setdefault(official.letter, []).append(official)
        return list(groups.items())
