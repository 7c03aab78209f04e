"""Articles from an RSS 2.0 or Atom feed, read with feedparser (BSD-2-Clause):
it reads every RSS and Atom dialect and the broken feeds old portals serve,
which a few lines of XML code would not."""

from __future__ import annotations

import calendar
from datetime import datetime, timezone, tzinfo
from typing import Iterator

from importing.articles import Article
from importing.html import blocks, finish


def is_feed(data: bytes) -> bool:
    """Whether ``data`` looks like an RSS or Atom document."""
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head
                                          or b"<rdf" in head) or head.startswith(
        (b"<rss", b"<feed"))


def articles(data: bytes, url: str | None, zone: tzinfo) -> Iterator[tuple[str, Article]]:
    """(where, article) for each item of the feed ``data``, in the feed's
    order; ``where`` names the item in messages (its link, or its number)."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": url or ""})
    if parsed.bozo and not parsed.entries:
        raise ValueError("không đọc được nguồn tin (RSS/Atom)")
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link") or None
        where = link or f"{url or 'nguồn tin'} (mục {number})"
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        body = body or entry.get("summary", "") or entry.get("description", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = None
        if stamp:
            published = datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc).astimezone(
                zone).replace(tzinfo=None)
        source = link if link and link.startswith(("http://", "https://")) else None
        yield where, finish(entry.get("title", ""), blocks(body, link or url), source,
                            author=entry.get("author") or None, published=published)
