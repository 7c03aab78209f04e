"""Build the records model from all articles and the registries, once.

Order matters only for determinism: articles are taken by (date, path), so
the same content always gives the same slugs, display names and links.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Callable, Iterable

import parallel
import vntext

from reading.errors import ContentError, display_path
from records.derived import Memo, digest
from reading.mentions import MentionLinker
from reading.fields import ROLE_ATTENDEE, EventInfo, Participant
from records.model import (ArticleRecords, Event, EventKind, EventMonth, Membership, Official, Participation, Post, Records, Term)
from records.registry import Registry

logger = logging.getLogger(__name__)

_TERM_IN_TITLE = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_SLUG_WORDS = 10


def _suffix(key: str) -> str:
    """A short, stable suffix that tells apart names with the same slug."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]


@lru_cache(maxsize=1 << 12)  # a few dozen titles, written on every participation
def _post_key(title: str) -> str:
    """The identity of a post's title: spacing collapsed, one tone placement, lower case."""
    return vntext.canonical_tones(vntext.collapse(title)).lower()


def _event_slug(when: Any, name: str) -> str:
    words = vntext.slugify(name).split("-")[:_SLUG_WORDS]
    # by fields: Pelican's dates format through a slow, regex-based strftime
    return f"{when.year:04d}-{when.month:02d}-{when.day:02d}-" + "-".join(w for w in words if w)


class Resolver:
    """Accumulates articles, then :meth:`finish` returns the sorted model."""

    def __init__(self, settings: dict[str, Any], registry: Registry) -> None:
        self.settings = settings
        self.registry = registry
        self.officials: dict[str, Official] = {}
        self.aliases: dict[str, str] = {}
        self.pinned: dict[str, str] = {}
        self.posts: dict[str, Post] = {}
        self.events: dict[str, Event] = {}
        self.event_infos: dict[str, list[tuple[EventInfo | None, Any]]] = {}
        self.terms: dict[str, Term] = {}
        self.articles: list[tuple[Any, ArticleRecords]] = []
        #: where each official was first named: key → (name as written, path, line)
        self.first_seen: dict[str, tuple[str, str, int]] = {}
        self.kinds = sorted(settings["RECORDS_EVENT_KINDS"], key=len, reverse=True)
        for entry in registry.terms:
            term = self.term(entry.id)
            term.label = entry.label or term.label
            term.cycle = entry.cycle or term.cycle
            if entry.start and entry.end:
                term.start, term.end, term.exact_dates = entry.start, entry.end, True
        for entry in registry.officials:
            official = self.official(entry.name)
            official.photo, official.photo_credit = entry.photo, entry.photo_credit
            if entry.parts:
                official.family, official.middle, official.given = entry.parts
            if entry.slug:
                self.pinned[official.key] = entry.slug
            for alias in entry.aliases:
                self.aliases[vntext.name_key(alias)] = official.key
                official.aliases.append(alias)
            for position in entry.positions:
                membership = self.membership(official, self.post(position.title))
                membership.registry_start = position.start
                membership.registry_end = position.end

    # -- records on demand -------------------------------------------------
    def key(self, name: str) -> str:
        key = vntext.name_key(name)
        return self.aliases.get(key, key)

    def official(self, name: str) -> Official:
        key = self.key(name)
        if key not in self.officials:
            self.officials[key] = Official(vntext.strip_honorific(name), self.settings, key)
        return self.officials[key]

    def post(self, title: str) -> Post:
        key = _post_key(title)
        if key not in self.posts:
            self.posts[key] = Post(vntext.collapse(title), self.settings, key)
        return self.posts[key]

    def membership(self, official: Official, post: Post) -> Membership:
        for membership in official.memberships:
            if membership.post is post:
                return membership
        membership = Membership(official, post)
        official.memberships.append(membership)
        post.memberships.append(membership)
        return membership

    def term(self, term_id: str) -> Term:
        if term_id not in self.terms:
            term = Term(term_id, self.settings)
            term.cycle = self.settings["RECORDS_TERM_CYCLES"].get(term.start_year % 5, "")
            self.terms[term_id] = term
        return self.terms[term_id]

    # -- articles ------------------------------------------------------------
    def participants(self, article: Any) -> list[Participant]:
        """The article's people: metadata first; the body fills in positions
        and chair roles, and stands alone only when metadata names nobody."""
        listed = list(getattr(article, "chair", [])) + list(getattr(article, "attendees", []))
        mentioned = list(getattr(article, "mentions", []))
        if not listed:
            return mentioned
        by_key = {self.key(m.name): m for m in mentioned}
        merged = []
        for person in listed:
            found = by_key.get(self.key(person.name))
            position = person.position or (found.position if found else "")
            role = person.role
            if role == ROLE_ATTENDEE and found and found.role != ROLE_ATTENDEE:
                role = found.role
            merged.append(Participant(person.name, position, role, person.line))
        return merged

    def term_ids(self, article: Any) -> list[str]:
        if getattr(article, "terms", None):
            return list(article.terms)
        title = vntext.nfc(article.title)
        at = vntext.fold(title).find("nhiem ky")
        if at < 0:
            return []
        ids = [f"{a}-{b}" for a, b in _TERM_IN_TITLE.findall(title[at:]) if int(b) > int(a)]
        return list(dict.fromkeys(ids))

    def add(self, article: Any) -> None:
        """Record one article: its event, participants and terms."""
        people = self.participants(article)
        info: EventInfo | None = getattr(article, "event", None)
        terms = [self.term(t) for t in self.term_ids(article)]
        event = None
        if info is not None or people:
            event = self.event_for(article, info)
            for term in terms:
                if term not in event.terms_about:
                    event.terms_about.append(term)
        own = []
        for person in people:
            official = self.official(person.name)
            if official.key not in self.first_seen:
                self.first_seen[official.key] = (person.name, display_path(article.source_path),
                                                 person.line)
            own.append(Participation(event, official, person.role, person.position))
            if event is not None:
                self.attend(event, official, person)
        self.articles.append((article, ArticleRecords(event, own, terms)))

    def event_for(self, article: Any, info: EventInfo | None) -> Event:
        if info is not None and info.id:
            slug = info.id
        else:
            when = (info.date if info and info.date else None) or article.date
            base = _event_slug(when, (info.name if info else "") or article.title)
            slug, number = base, 1
            while slug in self.events:
                number += 1
                slug = f"{base}-{number}"
        if slug not in self.events:
            self.events[slug] = Event(slug, self.settings, slug)
            self.event_infos[slug] = []
        event = self.events[slug]
        event.reports.append(article)
        self.event_infos[slug].append((info, article))
        return event

    def attend(self, event: Event, official: Official, person: Participant) -> None:
        for existing in event.participations:
            if existing.official is official:
                if person.role != ROLE_ATTENDEE and not existing.is_chair:
                    existing.role = person.role
                existing.title = existing.title or person.position
                return
        event.participations.append(Participation(event, official, person.role,
                                                  person.position))

    # -- finishing -----------------------------------------------------------
    def settle_event(self, event: Event) -> None:
        """Fill an event's fields from the first report that gives each one."""
        infos = self.event_infos[event.slug]
        pick: Callable[[str], Any] = lambda attr: next(
            (getattr(i, attr) for i, _ in infos if i is not None and getattr(i, attr)), None
        )
        first_article = infos[0][1]
        event.name = pick("name") or first_article.title
        event.date = pick("date") or min(a.date for _, a in infos)
        event.all_day = bool(pick("date")) and next(
            i.all_day for i, _ in infos if i is not None and i.date)
        event.place = pick("place") or ""
        event.organizer = pick("organizer") or ""
        event.kind = pick("kind") or self.infer_kind(event.name)

    def infer_kind(self, name: str) -> str:
        folded = vntext.canonical_tones(name).lower()
        for kind in self.kinds:
            if folded.startswith(vntext.canonical_tones(kind).lower()):
                return kind
        return self.settings["RECORDS_DEFAULT_EVENT_KIND"]

    def assign_slugs(self) -> dict[str, list[Official]]:
        """Slugs for officials: pinned, else from the name; names that fold
        to the same slug get a stable suffix, and the bare slug becomes a
        page that lists them."""
        taken: dict[str, str] = {}
        for key, slug in self.pinned.items():
            if slug in taken:
                raise ContentError("content/records/officials.yaml", 1,
                                   f"slug {slug!r} được gán cho hai cán bộ; mỗi người một slug")
            taken[slug] = key
        groups: dict[str, list[Official]] = {}
        for official in self.officials.values():
            if official.key in self.pinned:
                official.slug = self.pinned[official.key]
            else:
                groups.setdefault(vntext.slugify(official.name), []).append(official)
        ambiguous = {}
        for base, group in groups.items():
            if len(group) == 1 and base not in taken:
                group[0].slug = base
                continue
            for official in group:
                official.slug = f"{base}-{_suffix(official.key)}"
            if base not in taken:
                ambiguous[base] = sorted(group, key=lambda o: o.sort_key)
        for posts in _collisions(self.posts.values(), lambda p: vntext.slugify(p.name)):
            for post in posts:
                post.slug = f"{vntext.slugify(post.name)}-{_suffix(post.key)}"
        return ambiguous

    def finish(self) -> Records:
        """Settle fields, link everything both ways, sort for display."""
        events = list(self.events.values())
        for event in events:
            self.settle_event(event)
            for participation in event.participations:
                official = participation.official
                for title in _split_titles(participation.title):
                    self.membership(official, self.post(title)).participations.append(
                        participation)
        # Records hash and compare by slug: settle slugs before any set or dict.
        ambiguous = self.assign_slugs()
        events.sort(key=lambda e: e.sort_key)
        for event in events:  # in event order: each official's list needs no sort
            for participation in event.participations:
                participation.official.participations.append(participation)
        for earlier, later in zip(events, events[1:]):
            earlier.next, later.previous = later, earlier
        terms = sorted(self.terms.values(), key=lambda t: (t.start, t.end, t.id))
        active: dict[Official, dict[Term, None]] = {}
        for event in events:
            event.terms_in_force = [t for t in terms if event.date in t]
            for term in event.terms_in_force:
                term.events_in_force.append(event)
                for participation in event.participations:
                    active.setdefault(participation.official, {})[term] = None
            for term in event.terms_about:
                term.events_about.append(event)
        self.link_coattendance(events)
        for term in terms:
            term.officials = officials_in(term)
        for official in self.officials.values():
            official.memberships.sort(key=lambda m: m.sort_key)
            official.terms = list(active.get(official, {}))
        posts = sorted(self.posts.values(), key=lambda p: p.sort_key)
        for post in posts:
            post.memberships.sort(key=lambda m: m.sort_key)
        officials = sorted(self.officials.values(), key=lambda o: o.sort_key)
        return Records(officials, posts, events, terms, ambiguous, self.months(events),
                       self.kinds_of(events))

    def kinds_of(self, events: list[Event]) -> list[EventKind]:
        """Events grouped by kind, in Vietnamese order of the kind's name."""
        groups: dict[str, list[Event]] = {}
        for event in events:
            groups.setdefault(event.kind, []).append(event)
        feed = self.settings["EVENT_KIND_FEED_ATOM"]
        kinds = []
        for name, group in groups.items():
            slug = vntext.slugify(name)
            reports = _newest_first(dict.fromkeys(r for e in group for r in e.reports))
            kinds.append(EventKind(name, slug, group, reports, feed.format(slug=slug)))
            for event in group:
                event.kind_feed = kinds[-1].feed
        return sorted(kinds, key=lambda k: vntext.collation_key(k.name))

    def months(self, events: list[Event]) -> list[EventMonth]:
        """Events by calendar month (site time zone), in date order."""
        groups: dict[tuple[int, int], list[Event]] = {}
        for event in events:
            groups.setdefault((event.date.year, event.date.month), []).append(event)
        url, save_as = self.settings["EVENTS_MONTH_URL"], self.settings["EVENTS_MONTH_SAVE_AS"]
        return [EventMonth(y, m, group, url.format(year=y, month=m),
                           save_as.format(year=y, month=m))
                for (y, m), group in sorted(groups.items())]

    def link_coattendance(self, events: Iterable[Event]) -> None:
        """Each official's most frequent co-attendees (counted by key: a
        record hashes by its slug, a property, millions of times here)."""
        counts: dict[str, Counter] = {}
        for event in events:
            present = list(dict.fromkeys(p.official.key for p in event.participations))
            for key in present:  # everyone present, the official too (a count made in C)…
                counts.setdefault(key, Counter()).update(present)
        limit = self.settings["RECORDS_COATTENDANCE_LIMIT"]
        officials = self.officials
        for key, counter in counts.items():
            del counter[key]  # … who is not their own co-attendee
            ranked = sorted(((officials[other], count) for other, count in counter.items()),
                            key=lambda kv: (-kv[1], kv[0].sort_key))
            officials[key].coattendees = ranked[:limit]

    def link_articles(self, memo: Memo | None = None) -> None:
        """Give each article its records and link first body mentions (the
        linked text comes from ``memo`` when the body and names are unchanged)."""
        names = mention_names(self.officials.values())
        linker = MentionLinker(names)
        siteurl = self.settings.get("SITEURL", "")
        memo = memo or Memo()
        version = digest(siteurl, *sorted(f"{n}\n{o.url}" for n, o in names.items()))

        def linked(content: str) -> tuple[str, list[str], list[str]]:
            found: list[str] = []

            def render(name: str, text: str) -> str:
                found.append(name)
                return official_link(siteurl, names[name], text)

            content = linker.link(content, render)
            return content, found, vntext.body_d_words(content)  # đ-words for search, here in parallel

        keys = [digest(version, article._content) for article, _ in self.articles]
        missing = {key: article._content for key, (article, _) in zip(keys, self.articles)
                   if key not in memo}
        done = dict(zip(missing, parallel.on_every_core(
            linked, list(missing.values()), parallel.workers(self.settings), minimum=200)))
        for key, (article, records) in zip(keys, self.articles):
            article.records = records
            mentioned: dict[Official, None] = {p.official: None for p in records.participations}
            content, found, article.body_d_words = memo.get(key, lambda: done.pop(key))
            article._content = content
            article.first_mentions = found  # what the writer's scope compares
            mentioned.update((names[name], None) for name in found)
            for official in mentioned:
                official.reports.append(article)
            event_terms = (records.event.terms_in_force + records.event.terms_about
                           if records.event else [])
            for term in dict.fromkeys(records.terms + event_terms):
                term.reports.append(article)
        for official in self.officials.values():
            official.reports = _newest_first(official.reports)
        for term in self.terms.values():
            term.reports = _newest_first(term.reports)


def mention_names(officials: Iterable[Official]) -> dict[str, Official]:
    """Every name and alias (one tone placement) → its official, for body links."""
    names: dict[str, Official] = {}
    for official in officials:
        for name in [official.name, *official.aliases]:
            names.setdefault(vntext.canonical_tones(name), official)
    return names


def official_link(siteurl: str, official: Official, text: str) -> str:
    """The link a first body mention becomes."""
    return f'<a class="official-link" href="{siteurl}/{official.url}">{text}</a>'


def _newest_first(articles: Iterable[Any]) -> list[Any]:
    return sorted(articles, key=lambda a: (a.date, a.source_path), reverse=True)


def _split_titles(title: str) -> list[str]:
    """Concurrent titles: "Phó Bí thư Thành ủy, Chủ tịch UBND thành phố" → 2."""
    return [part.strip() for part in title.split(",") if part.strip()]


def _collisions(items: Iterable[Any], slug_of: Callable[[Any], str]) -> list[list[Any]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(slug_of(item), []).append(item)
    return [group for group in groups.values() if len(group) > 1]


def officials_in(term: Term, canonical: Callable[[Official], Official | None] = lambda o: o
                 ) -> list[tuple[Official, list[str]]]:
    """Officials at the term's events with their titles, one entry per person,
    each post once (``Phó Bí thư Thành ủy, Chủ tịch UBND thành phố`` then
    ``Chủ tịch UBND thành phố`` is two posts, not three); ``canonical`` maps a
    participant to the model's own record (the live server's partial model
    holds copies)."""
    titles: dict[str, tuple[Official, dict[str, None]]] = {}
    for event in term.events_in_force:
        for participation in event.participations:
            official = canonical(participation.official)
            if official is None:
                continue
            held = titles.setdefault(official.key, (official, {}))[1]
            held.update(dict.fromkeys(_split_titles(participation.title)))
    return sorted(((o, list(t)) for o, t in titles.values()), key=lambda ot: ot[0].sort_key)


def build(articles: Iterable[Any], registry: Registry, settings: dict[str, Any],
          memo: Memo | None = None, unlinked: Callable[[Records], None] | None = None
          ) -> tuple[Records, Resolver]:
    """The records model for ``articles``; each article gets ``.records``.
    ``unlinked`` sees the model while the bodies are still as written (before
    first mentions become links)."""
    resolver = Resolver(settings, registry)
    for article in sorted(articles, key=lambda a: (a.date, a.source_path)):
        resolver.add(article)
    records = resolver.finish()
    if unlinked is not None:
        unlinked(records)
    resolver.link_articles(memo)
    return records, resolver
