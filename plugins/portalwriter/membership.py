"""Pelican's tag, category and author pages filter the site's date-sorted
articles with ``article in articles`` on plain lists: quadratic, seconds
at 10 000 articles. The lists are swapped for ones that answer ``in`` by
identity from a set (Content defines no equality, so ``in`` meant identity).
"""

from __future__ import annotations

from typing import Any, Iterable


class Members(list):
    """A list whose membership test is one set lookup."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._ids = {id(item) for item in self}

    def __contains__(self, item: object) -> bool:
        return id(item) in self._ids


def speed_up(generator: Any) -> None:
    """``article_generator_finalized``: taxonomy lists become :class:`Members`."""
    if hasattr(generator, "tags"):
        for tag, articles in generator.tags.items():
            generator.tags[tag] = Members(articles)
    for attribute in ("categories", "authors"):
        pairs = getattr(generator, attribute, None)
        if pairs:  # in place: the context holds the same list
            pairs[:] = [(key, Members(items)) for key, items in pairs]
