"""Re-resolve the records touched by one edited report, without the rest.

The live server (see :mod:`live`) keeps the whole model of its first build.
When one report changes, the pages it feeds — its own, its event's, its
officials' and its terms' — depend only on the reports that share an
official or the event with it. :class:`Site` resolves just those reports
(hundreds at 10 000 articles, not all of them), takes slugs and neighbours
from the whole model, and keeps its indexes current for the next edit.
Everything else (listings, feeds, search) is left to a full build.
"""

from __future__ import annotations

import bisect
import copy
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import vntext

from reading.mentions import MentionLinker
from records.model import Event, Official, Records, Term, forget_prepared
from records.registry import Registry
from records.resolve import (Resolver, _event_slug, _newest_first, _suffix, mention_names,
                             official_link, officials_in)


@dataclass
class Update:
    """What one edit changed: the records whose pages must be written again."""

    article: Any
    events: list[Event] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


class ScopedResolver(Resolver):
    """A resolver for a few reports whose slugs come from the whole model."""

    def __init__(self, settings: dict[str, Any], registry: Registry, site: "Site",
                 edited: Any) -> None:
        super().__init__(settings, registry)
        self.site, self.edited = site, edited
        for term_id in site.terms:  # every term, so that "in force" sees them all
            self.term(term_id)

    def event_for(self, article: Any, info: Any) -> Event:
        if info is not None and info.id:
            return super().event_for(article, info)
        slug = self.site.event_of.get(article.source_path)
        if article is self.edited:
            when = (info.date if info and info.date else None) or article.date
            base = _event_slug(when, (info.name if info else "") or article.title)
            if not (slug and re.fullmatch(re.escape(base) + r"(-\d+)?", slug)):
                slug, number = base, 1
                while slug in self.events or slug in self.site.events:
                    number += 1
                    slug = f"{base}-{number}"
        if slug not in self.events:
            self.events[slug] = Event(slug, self.settings, slug)
            self.event_infos[slug] = []
        self.events[slug].reports.append(article)
        self.event_infos[slug].append((info, article))
        return self.events[slug]

    def assign_slugs(self) -> dict[str, list[Official]]:
        taken = {o.slug for o in self.site.officials.values()}
        for official in self.officials.values():
            known = self.site.officials.get(official.key)
            base = vntext.slugify(official.name)
            official.slug = known.slug if known else (
                f"{base}-{_suffix(official.key)}" if base in taken else base)
        post_slugs = {p.key: p.slug for p in self.site.posts}
        post_taken = set(post_slugs.values())
        for post in self.posts.values():
            base = vntext.slugify(post.name)
            post.slug = post_slugs.get(post.key) or (
                f"{base}-{_suffix(post.key)}" if base in post_taken else base)
        return {}


class Site:
    """The current records of a built site, kept up to date edit by edit."""

    def __init__(self, articles: Iterable[Any], records: Records, registry: Registry,
                 settings: dict[str, Any]) -> None:
        self.settings, self.registry = settings, registry
        self.articles = {a.source_path: a for a in articles}
        self.officials = {o.key: o for o in records.officials}
        self.posts = records.posts
        self.events = {e.slug: e for e in records.events}
        self.terms = {t.id: t for t in records.terms}
        #: report path → its event's slug; official key / event slug → report paths
        self.event_of: dict[str, str] = {}
        self.reports_of: dict[str, set[str]] = {}
        self.event_reports: dict[str, set[str]] = {}
        for event in records.events:
            for report in event.reports:
                self._index(report.source_path, event.slug,
                            (p.official.key for p in event.participations))
        self.names = mention_names(records.officials)

    def _index(self, path: str, slug: str | None, keys: Iterable[str]) -> None:
        if slug:
            self.event_of[path] = slug
            self.event_reports.setdefault(slug, set()).add(path)
        for key in keys:
            self.reports_of.setdefault(key, set()).add(path)

    def _unindex(self, path: str) -> None:
        slug = self.event_of.pop(path, None)
        if slug:
            self.event_reports.get(slug, set()).discard(path)
        for paths in self.reports_of.values():
            paths.discard(path)

    def update(self, new: Any) -> Update:
        """Replace (or add) one report; return the records to render again."""
        path = new.source_path
        old = self.articles.get(path)
        scoped = ScopedResolver(self.settings, self.registry, self, new)
        keys = {scoped.key(p.name) for p in scoped.participants(new)}
        old_records = getattr(old, "records", None)
        if old_records is not None:
            keys |= {p.official.key for p in old_records.participations}
        slugs = {self.event_of.get(path)}
        info = getattr(new, "event", None)
        if info is not None and info.id:
            slugs.add(info.id)
        scope = {path}
        for key in keys:
            scope |= self.reports_of.get(key, set())
        for slug in slugs - {None}:
            scope |= self.event_reports.get(slug, set())
        current = {**self.articles, path: new}
        for article in sorted((current[p] for p in scope), key=lambda a: (a.date, a.source_path)):
            scoped.add(article)
        part = scoped.finish()
        mine = next(records for article, records in scoped.articles if article is new)
        self._link(new, mine, scoped)
        # indexes and records now describe the edited report
        self.articles[path] = new
        self._unindex(path)
        self._index(path, mine.event.slug if mine.event else None,
                    (p.official.key for p in mine.participations))
        events = self._events(part, slugs | {mine.event and mine.event.slug})
        officials = self._officials(part, keys, old, new)
        for term in part.terms:  # a term first named by this report
            self.terms.setdefault(term.id, term)
        terms = self._terms(old_records, mine, events)
        for record in [*events, *officials, *terms]:  # copies carry what was prepared
            forget_prepared(record)
        return Update(new, events, officials, terms)

    def _link(self, article: Any, records: Any, scoped: ScopedResolver) -> None:
        """The edited report's records and first-mention links."""
        article.records = records
        names = {**mention_names(scoped.officials.values()), **self.names}
        siteurl = self.settings.get("SITEURL", "")
        article.mentioned = {p.official.key for p in records.participations}

        def render(name: str, text: str) -> str:
            official = names[name]
            article.mentioned.add(official.key)
            return official_link(siteurl, official, text)

        article._content = MentionLinker(names).link(article._content, render)
        article.body_d_words = None  # found again from the linked body

    def _events(self, part: Records, slugs: set[str | None]) -> list[Event]:
        """The touched events, with neighbours from the whole site."""
        touched = [e for e in part.events if e.slug in slugs]
        for event in touched:
            self.events[event.slug] = event
        for slug in slugs - {None} - {e.slug for e in touched}:
            self.events.pop(slug, None)  # no report left: the full build removes its page
        self.ordered = sorted(self.events.values(), key=lambda e: e.sort_key)
        keys = [e.sort_key for e in self.ordered]
        for event in touched:
            at = bisect.bisect_left(keys, event.sort_key)
            event.previous = self.ordered[at - 1] if at > 0 else None
            event.next = self.ordered[at + 1] if at + 1 < len(self.ordered) else None
        return touched

    def _officials(self, part: Records, keys: set[str], old: Any, new: Any) -> list[Official]:
        """The touched officials: the edited report's participants as just
        resolved, and those only named in its text (before or after) with
        their report lists patched."""
        resolved = {o.key: o for o in part.officials}
        named = set(new.mentioned)
        if old is not None:
            named |= getattr(old, "mentioned", None) or {
                key for key, o in self.officials.items() if any(r is old for r in o.reports)}
        touched = []
        for key in sorted(keys | named):
            known = self.officials.get(key)
            official = resolved.get(key) if key in keys else copy.copy(known)
            if official is None:
                continue
            reports = [r for r in (known.reports if known else []) if r is not old]
            if key in new.mentioned:
                reports.append(new)
            official.reports = _newest_first(reports)
            if known:
                official.aliases, official.photo = known.aliases, known.photo
                official.photo_credit = known.photo_credit
            self.officials[key] = official
            touched.append(official)
        return touched

    def _terms(self, old: Any, mine: Any, events: list[Event]) -> list[Term]:
        """The touched terms, rebuilt from the site's current events."""
        ids = {t.id for t in mine.terms}
        if old is not None:
            ids |= {t.id for t in old.terms}
            if old.event is not None:
                ids |= {t.id for t in old.event.terms_in_force + old.event.terms_about}
        for event in events:
            ids |= {t.id for t in event.terms_in_force + event.terms_about}
        touched = []
        ordered = self.ordered
        for term_id in sorted(ids):
            if term_id not in self.terms:
                continue
            term = copy.copy(self.terms[term_id])
            term.events_in_force = [e for e in ordered if e.date in term]
            term.events_about = [e for e in ordered
                                 if term_id in {t.id for t in e.terms_about}]
            term.officials = self._term_officials(term)
            self.terms[term_id] = term
            touched.append(term)
        return touched

    def _term_officials(self, term: Term) -> list[tuple[Official, list[str]]]:
        """Officials at the term's events with their titles (the site's records)."""
        return officials_in(term, lambda official: self.officials.get(official.key))
