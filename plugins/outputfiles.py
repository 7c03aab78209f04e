"""Every file of a build's output, listed once for the plugins that read the
output when the build ends: the search index plans its shards from it, then
the sitemap lists its pages from it (at 100 000 reports, one walk of some
300 000 files in 200 000 folders instead of three).

:func:`listing` is taken at the start of the search index (after every page
is written) and kept until :func:`forget`: what is written after it (the
index's own folder, the sitemap) is not in it.
"""

from __future__ import annotations

import os
from collections import defaultdict

_LISTED: dict[str, list[str]] = {}
_BY_TOP: dict[str, dict[str, list[str]]] = {}


def walk(output: str | os.PathLike[str]) -> list[str]:
    """Relative names (``a/b.html``) of every file under ``output`` (or any
    folder: the records plugin lists the theme's static files with it), in
    the order of :func:`os.walk` (top-down)."""
    top = os.fspath(output)
    cut = len(top) + 1
    found = []
    for root, _, names in os.walk(top):
        prefix = root[cut:].replace(os.sep, "/")
        prefix += "/" if prefix else ""
        found += [prefix + name for name in names]
    return found


def listing(output: str | os.PathLike[str]) -> list[str]:
    """:func:`walk` of ``output``, made once until :func:`forget`."""
    key = os.path.realpath(output)
    found = _LISTED.get(key)
    if found is None:
        found = _LISTED[key] = walk(key)
    return found


def under(output: str | os.PathLike[str], folder: str, suffix: str) -> list[str]:
    """The names of :func:`listing` inside ``folder`` (``a/b``) ending with
    ``suffix``, in its order: what a walk of that folder alone finds."""
    key = os.path.realpath(output)
    groups = _BY_TOP.get(key)
    if groups is None or key not in _LISTED:
        groups = defaultdict(list)
        for name in listing(key):
            groups[name.partition("/")[0]].append(name)
        _BY_TOP[key] = groups
    prefix = folder.strip("/") + "/"
    return [name for name in groups.get(prefix.partition("/")[0], ())
            if name.startswith(prefix) and name.endswith(suffix)]


def forget(output: str | os.PathLike[str] | None = None) -> None:
    """Drop the listing of ``output`` (of every folder when None)."""
    if output is None:
        _LISTED.clear()
        _BY_TOP.clear()
        return
    key = os.path.realpath(output)
    _LISTED.pop(key, None)
    _BY_TOP.pop(key, None)
