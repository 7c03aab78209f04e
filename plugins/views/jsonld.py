"""Structured data for search engines: schema.org JSON-LD, prepared here.

The theme prints it with the ``jsonld`` filter, which escapes ``<``, ``>``
and ``&`` so no value can close the ``<script>`` element.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from reading import sanitize
from records.model import Event, Official, Participation

CONTEXT = "https://schema.org"


def to_jsonld(data: dict[str, Any]) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _person(official: Official, siteurl: str, title: str = "") -> dict[str, Any]:
    data = {"@type": "Person", "name": official.name, "url": f"{siteurl}/{official.url}"}
    if title or official.latest_title:
        data["jobTitle"] = title or official.latest_title
    return data


def _attendees(participations: list[Participation], siteurl: str) -> list[dict[str, Any]]:
    return [_person(p.official, siteurl, p.title) for p in participations]


def _images(html: str, siteurl: str) -> list[str]:
    """The article's pictures, as absolute URLs when the site has one."""
    return [f"{siteurl}{src}" if src.startswith("/") else src
            for src, _ in sanitize.images(html)]


def article(item: Any, siteurl: str, publisher: str, emblem: str) -> dict[str, Any]:
    """A NewsArticle: what the report says, in its language, published by the
    site (``publisher``, with its ``emblem`` as logo)."""
    records = item.records
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "NewsArticle", "headline": item.title,
        "datePublished": item.date.isoformat(), "inLanguage": item.lang,
        "dateModified": (getattr(item, "modified", None) or item.date).isoformat(),
        "mainEntityOfPage": f"{siteurl}/{item.url}", "articleSection": str(item.category),
        "author": [{"@type": "Person", "name": str(a), "url": f"{siteurl}/{a.url}"}
                   for a in getattr(item, "authors", [])],
        "publisher": {"@type": "Organization", "name": publisher, "url": f"{siteurl}/",
                      "logo": {"@type": "ImageObject", "url": f"{siteurl}/{emblem}"}},
        "about": _attendees(records.participations, siteurl),
    }
    images = _images(item.content, siteurl)
    if images:
        data["image"] = images
    if records.event is not None:
        data["about"].append({"@type": "Event", "name": records.event.name,
                              "url": f"{siteurl}/{records.event.url}"})
    return data


def event(item: Event, siteurl: str) -> dict[str, Any]:
    start = item.date.date().isoformat() if item.all_day else item.date.isoformat()
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Event", "name": item.name, "startDate": start,
        "url": f"{siteurl}/{item.url}", "inLanguage": "vi",
        "attendee": _attendees(item.participations, siteurl),
        "performer": _attendees(item.chairs, siteurl),
    }
    # only what the reports say: a place when one is named (never the organizer)
    if item.place:
        data["location"] = {"@type": "Place", "name": item.place}
    if item.organizer:
        data["organizer"] = {"@type": "Organization", "name": item.organizer}
    return data


def person(item: Official, siteurl: str, organization: str) -> dict[str, Any]:
    data = {"@context": CONTEXT, **_person(item, siteurl), "givenName": item.given,
            "familyName": item.family,
            "affiliation": {"@type": "Organization", "name": organization}}
    if item.aliases:
        data["alternateName"] = item.aliases
    if item.photo:
        data["image"] = f"{siteurl}/{item.photo}"
    return data
