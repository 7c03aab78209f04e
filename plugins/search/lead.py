"""Index the lead of a report, not its whole body.

Every word a page indexes adds to the index chunks a browser downloads for a
query; the few words that say what a report is about (its title, its
meeting facts, its first paragraphs) are what readers search for. The Jinja
filter ``search_lead`` marks the body's top-level blocks after the first
``SEARCH_BODY_WORDS`` words with ``data-pagefind-ignore`` (an attribute on
each block, no wrapper): they stay on the page, out of the index. 0 indexes
the whole body.
"""

from __future__ import annotations

import re
from typing import Callable

from markupsafe import Markup

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})


_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*?(/?)>")


def cut_at(html: str, limit: int) -> int | None:
    """Offset in ``html`` after the top-level block that reaches ``limit``
    words; None if the text after it is empty, the whole text is shorter,
    or ``limit`` is 0. A scan of the tags (the body is sanitised,
    well-formed HTML), several times faster than an HTML parser."""
    if limit <= 0:
        return None
    depth = words = position = 0
    for tag in _TAG.finditer(html):
        if words < limit:
            words += len(html[position:tag.start()].split())
        position = tag.end()
        closing, name, empty = tag.groups()
        if empty or name.lower() in VOID:
            continue
        if not closing:
            depth += 1
            continue
        depth = max(0, depth - 1)
        if depth == 0 and words >= limit:
            return tag.end() if html[tag.end():].strip() else None
    return None


def mark_after(html: str, cut: int) -> str:
    """``html`` with every top-level element from ``cut`` on carrying
    ``data-pagefind-ignore`` (the blocks keep their place: no wrapper)."""
    out, position, depth = [html[:cut]], cut, 0
    for tag in _TAG.finditer(html, cut):
        closing, name, empty = tag.groups()
        void = bool(empty) or name.lower() in VOID
        if not closing and depth == 0 and "data-pagefind-ignore" not in tag.group(0):
            end = tag.end() - (2 if empty else 1)
            out += [html[position:end], " data-pagefind-ignore", html[end:tag.end()]]
            position = tag.end()
        if void:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
    out.append(html[position:])
    return "".join(out)


def search_lead(limit: int) -> Callable[[str], Markup]:
    """The Jinja filter: ``html`` with its blocks after the lead kept out of the index."""

    def mark(html: str) -> Markup:
        html = str(html or "")
        cut = cut_at(html, limit)
        return Markup(html if cut is None else mark_after(html, cut))

    return mark
