"""Folders of the site's URL patterns: derived from the URL settings, never
repeated as literals (search shards, the sitemap, robots.txt)."""

from __future__ import annotations

from typing import Any, Iterable


def folder(pattern: str) -> str | None:
    """The first, literal folder of a URL pattern (``can-bo/{slug}/`` →
    ``can-bo``); None when the pattern starts with a variable or has none."""
    head = pattern.strip("/").split("/", 1)[0]
    return head if head and "{" not in head and "/" in pattern.strip("/") else None


def folders(settings: dict[str, Any], keys: Iterable[str]) -> list[str]:
    """The folders of the URL settings ``keys`` that are set, once each."""
    found = (folder(settings.get(key) or "") for key in keys)
    return sorted({name for name in found if name})


def dated_folders(settings: dict[str, Any], keys: Iterable[str]) -> list[str]:
    """Folders whose next part is the year (``tin-tuc/{date.year}/…``)."""
    return list(dict.fromkeys(folder(settings[key]) for key in keys
                              if settings.get(key) and folder(settings[key])
                              and settings[key].strip("/").split("/")[1].startswith("{date.year")))
