"""What search needs to know about each page: type, date, filters, sort key
and the đ-folded words. Prepared here; the theme renders them as Pagefind
``data-pagefind-*`` attributes, so the search plugin knows nothing of records."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import vntext

from records.model import Event, Official, Post, Term, day



@dataclass(frozen=True)
class Facets:
    """Search metadata of one page."""

    type: str
    date: str  # dd/mm/yyyy, shown in results
    sort: str  # yyyy-mm-dd, for newest-first ordering
    filters: tuple[tuple[str, str], ...]
    folded_title: str  # đ-words of the title, folded: weighted like the title
    folded: str
    summary: str = ""  # a record page's result text: a short sentence, never labels


def _when(value: date | None) -> tuple[str, str]:
    if value is None:
        return "", ""
    value = day(value)
    return value.strftime("%d/%m/%Y"), value.isoformat()


def _make(kind: str, when: date | None, filters: list[tuple[str, str]], title: str,
          *texts: str, words: list[str] | None = None) -> Facets:
    """``words``: đ-words already found (as written), before those of ``texts``."""
    shown, sort = _when(when)
    unique = tuple(dict.fromkeys((k, v) for k, v in filters if v))
    found = [*(words or []), *(w for text in texts for w in vntext.d_words(text))]
    return Facets(kind, shown, sort, unique, vntext.d_folded_words(title),
                  vntext.fold_words(found))


def day_word(when: date) -> str:
    """``d20190314``: one indexed word per day, so that a date query searches a
    word (a filter alone would make Pagefind load every index chunk)."""
    return "d" + day(when).strftime("%Y%m%d")


def _people_filters(participations: list[Any]) -> list[tuple[str, str]]:
    return [("official", p.official.name) for p in participations]


def for_article(article: Any) -> Facets:
    """An article's facets. The đ-words of its body are ``article.body_d_words``
    when the build found them already (with its mention links, in parallel)."""
    records = article.records
    event = records.event
    filters = [("category", str(article.category)), ("year", str(article.date.year)),
               ("day", _when(article.date)[0])]
    if event is not None and event.date:
        filters.append(("day", _when(event.date)[0]))  # "14/03/2019" finds the meeting's reports
    filters += _people_filters(records.participations)
    filters += [("term", t.label) for t in records.terms]
    if event is not None:
        filters.append(("kind", event.kind))
    body = getattr(article, "body_d_words", None)
    if body is None:
        body = vntext.body_d_words(article._content)
    names = " ".join(f"{p.official.name} {p.title}" for p in records.participations)
    days = [day_word(article.date)] + ([day_word(event.date)] if event and event.date else [])
    return _make("bài viết", article.date, filters, article.title, names,
                 event.name if event else "", words=[*days, *body])


def for_event(event: Event) -> Facets | None:
    """An event's facets, or None when one report covers it: search then
    finds that report (which carries the event's kind, people and terms),
    not the same meeting twice — and the index holds half as many pages."""
    if len(event.reports) < 2:
        return None
    filters = [("kind", event.kind), ("year", str(event.date.year)), ("day", _when(event.date)[0])]
    filters += _people_filters(event.participations)
    filters += [("term", t.label) for t in event.terms_in_force + event.terms_about]
    names = " ".join(f"{p.official.name} {p.title}" for p in event.participations)
    return _make("sự kiện", event.date, filters, event.name, event.kind, event.place,
                 event.organizer, names, words=[day_word(event.date)])


def _years(start: date | None, end: date | None) -> str:
    first, last = start and day(start).year, end and day(end).year
    if not first and not last:
        return ""
    return str(first or last) if first == last or not (first and last) else f"{first}–{last}"


def _events(count: int) -> str:
    return f"{count} sự kiện"


def official_summary(official: Official) -> str:
    """``Chủ tịch UBND thành phố (2015–2020); 7 sự kiện``: the latest posts
    with their years, and how many events."""
    posts = sorted(official.memberships, key=lambda m: m.end or m.start or date.min,
                   reverse=True)[:2]
    parts = [f"{m.post.name} ({_years(m.start, m.end)})" if _years(m.start, m.end)
             else m.post.name for m in posts]
    return "; ".join([*parts, _events(len(official.participations))])


def post_summary(post: Post) -> str:
    """``Nguyễn Tư Khánh (2019–2021), Lê Anh Xuân (2021)``: who held the post."""
    holders = sorted(post.memberships, key=lambda m: m.end or m.start or date.min,
                     reverse=True)[:3]
    names = [f"{m.official.name} ({_years(m.start, m.end)})" if _years(m.start, m.end)
             else m.official.name for m in holders]
    more = len(post.memberships) - len(holders)
    return "Người giữ chức vụ: " + ", ".join(names) + (f" và {more} người khác" if more else "")


def term_summary(term: Term) -> str:
    """``Nhiệm kỳ 2020–2025: 12 sự kiện``."""
    return f"{term.label}: {_events(len(term.events))}"


def for_official(official: Official) -> Facets:
    latest = official.participations[-1].event.date if official.participations else None
    filters = [("official", official.name)] + [("term", t.label) for t in official.terms]
    titles = " ".join(m.post.name for m in official.memberships)
    return dataclasses.replace(_make("cán bộ", latest, filters, official.name, titles),
                               summary=official_summary(official))


def for_post(post: Post) -> Facets:
    latest = max((m.end for m in post.memberships if m.end), default=None)
    filters = [("official", m.official.name) for m in post.memberships]
    return dataclasses.replace(_make("chức danh", latest, filters, post.name),
                               summary=post_summary(post))


def for_term(term: Term) -> Facets:
    return dataclasses.replace(
        _make("nhiệm kỳ", term.start, [("term", term.label)], term.label, term.cycle),
        summary=term_summary(term))
