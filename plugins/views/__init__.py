"""What each page type shows beyond the model: search facets, JSON-LD, charts
(inline SVG), iCalendar files and open data. Views read the records model;
the model imports none of them.

:func:`install` gives the model's classes the values their pages show,
prepared when a page is rendered (on the rendering core, only for pages that
changed) and kept: ``official.facets``, ``official.jsonld``,
``official.pictures``, ``post.facets``, ``event.facets``, ``event.jsonld``,
``term.facets``, ``term.pictures``. A record that changes drops them
(:func:`records.model.forget_prepared`).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Callable

from records.model import Event, Official, Post, Term
from views import charts, facets, jsonld


def _person(official: Official) -> dict[str, Any]:
    settings = official.settings
    return jsonld.person(official, settings.get("SITEURL", ""), settings["RECORDS_ORGANIZATION"])


def _event(event: Event) -> dict[str, Any]:
    return jsonld.event(event, event.settings.get("SITEURL", ""))


def _official_charts(official: Official) -> dict[str, Any]:
    return charts.for_official(official, official.settings)


def _term_charts(term: Term) -> dict[str, Any]:
    return charts.for_term(term, term.settings)


PREPARED: list[tuple[type, str, Callable[[Any], Any]]] = [
    (Official, "facets", facets.for_official), (Official, "jsonld", _person),
    (Official, "pictures", _official_charts), (Post, "facets", facets.for_post),
    (Event, "facets", facets.for_event), (Event, "jsonld", _event),
    (Term, "facets", facets.for_term), (Term, "pictures", _term_charts),
]


def install() -> None:
    """Attach the prepared values to the model's classes (once)."""
    for cls, name, prepare in PREPARED:
        if name not in cls.__dict__:
            value = cached_property(prepare)
            value.__set_name__(cls, name)
            setattr(cls, name, value)


install()
