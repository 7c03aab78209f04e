"""Clean the HTML of report bodies: editors may write raw HTML in Markdown,
but scripts, event handlers, ``javascript:`` URLs and embeds are removed.

Uses nh3 (bindings to the maintained Rust sanitiser ammonia): an allow-list
of tags, attributes and URL schemes, rather than a home-made filter.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start", "type"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


_ID = re.compile(r'(?<=\sid=")([^"]*)(?=")')


def clean(html: str) -> str:
    """Return ``html`` with only allowed tags, attributes and URL schemes, and
    each ``id`` once (a second one gets a suffix: ``foo-8`` → ``foo-8-2``)."""
    cleaned = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                        link_rel=None, strip_comments=True)
    return unique_ids(cleaned) if ' id="' in cleaned else cleaned


_IMG = re.compile(r'<img\b[^>]*?\ssrc="(?P<src>[^"]+)"[^>]*>')
_ALT = re.compile(r'\balt="(?P<alt>[^"]*)"')


def images(html: str) -> list[tuple[str, str]]:
    """``(src, alt)`` of each picture of a report's HTML (as written by
    :func:`clean`: attributes in double quotes, entities kept), in order,
    each address once."""
    found: dict[str, str] = {}
    for tag in _IMG.finditer(html or ""):
        alt = _ALT.search(tag.group(0))
        found.setdefault(tag.group("src"), alt.group("alt") if alt else "")
    return list(found.items())


def unique_ids(html: str) -> str:
    """``html`` with every repeated ``id`` value made unique (a page may hold
    one element per id: Pygments' ``lineanchors`` and ``linespans`` together,
    or an editor's raw HTML, repeat them)."""
    seen: set[str] = set()

    def once(match: re.Match[str]) -> str:
        value = match.group(1)
        if value not in seen:
            seen.add(value)
            return value
        n = 2
        while f"{value}-{n}" in seen:
            n += 1
        seen.add(f"{value}-{n}")
        return f"{value}-{n}"

    return _ID.sub(once, html)
