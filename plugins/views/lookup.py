"""The instant lookup of the search page: every official, post and term in one
small JSON file, so a name, a post or a term is found before any full-text
index is loaded.

Each entry is ``[title, url, type, date, summary, title_words, words]``: the
title and the summary sentence as shown in results; ``title_words``, the
title's words folded, in order; ``words``, the other folded words a query may
match (the summary's, an official's posts, a term's years and cycle), lower
than the title. The browser folds the query the same way (marks removed,
đ → d); the words come folded so that the page has nothing to prepare before
its first search.
"""

from __future__ import annotations

import json
import re
from typing import Any

import vntext

from records.model import Official, Post, Records, Term
from views import facets

FORMAT = 2
_WORD = re.compile(r"\w+")


def _words(*texts: str) -> str:
    return vntext.fold_words(w for text in texts for w in _WORD.findall(text))


def _entry(title: str, url: str, found: facets.Facets, *more: str) -> list[str]:
    title_words = " ".join(vntext.fold(w) for w in _WORD.findall(title))
    return [title, url, found.type, found.date, found.summary, title_words,
            _words(found.summary, *more)]


def official(item: Official, siteurl: str) -> list[str]:
    posts = " ".join(m.post.name for m in item.memberships)
    return _entry(item.name, f"{siteurl}/{item.url}", facets.for_official(item), posts)


def post(item: Post, siteurl: str) -> list[str]:
    return _entry(item.name, f"{siteurl}/{item.url}", facets.for_post(item))


def term(item: Term, siteurl: str) -> list[str]:
    return _entry(item.label, f"{siteurl}/{item.url}", facets.for_term(item), item.cycle)


def lookup(records: Records, siteurl: str) -> dict[str, Any]:
    """The lookup file's data: officials, then posts, then terms."""
    entries = [official(o, siteurl) for o in records.officials]
    entries += [post(p, siteurl) for p in records.posts]
    entries += [term(t, siteurl) for t in records.terms]
    return {"format": FORMAT, "records": entries}


def to_json(data: dict[str, Any]) -> str:
    """Compact JSON (the file is fetched by every search)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
