"""The instant lookup of the search page: every official, post and term in one
small JSON file, so a name, a post or a term is found before any full-text
index is loaded.

Each entry is ``[title, url, type, date, summary, words]``: the title and the
summary sentence as shown in results; ``words``, the folded words a query may
also match (an official's posts, a term's years and cycle), lower than the
title. The browser folds the query the same way (marks removed, đ → d).
"""

from __future__ import annotations

import json
import re
from typing import Any

import vntext

from records.model import Official, Post, Records, Term
from views import facets

FORMAT = 1
_WORD = re.compile(r"\w+")


def _words(*texts: str) -> str:
    return vntext.fold_words(w for text in texts for w in _WORD.findall(text))


def official(item: Official, siteurl: str) -> list[str]:
    found = facets.for_official(item)
    posts = " ".join(m.post.name for m in item.memberships)
    return [item.name, f"{siteurl}/{item.url}", found.type, found.date, found.summary,
            _words(posts)]


def post(item: Post, siteurl: str) -> list[str]:
    found = facets.for_post(item)
    return [item.name, f"{siteurl}/{item.url}", found.type, found.date, found.summary, ""]


def term(item: Term, siteurl: str) -> list[str]:
    found = facets.for_term(item)
    return [item.label, f"{siteurl}/{item.url}", found.type, found.date, found.summary,
            _words(item.cycle)]


def lookup(records: Records, siteurl: str) -> dict[str, Any]:
    """The lookup file's data: officials, then posts, then terms."""
    entries = [official(o, siteurl) for o in records.officials]
    entries += [post(p, siteurl) for p in records.posts]
    entries += [term(t, siteurl) for t in records.terms]
    return {"format": FORMAT, "records": entries}


def to_json(data: dict[str, Any]) -> str:
    """Compact JSON (the file is fetched by every search)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
