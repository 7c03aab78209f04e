"""Index the lead of a report, not its whole body.

Every word a page indexes adds to the index chunks a browser downloads for a
query; the few words that say what a report is about (its title, its
meeting facts, its first paragraphs) are what readers search for. The Jinja
filter ``search_lead`` marks the body's top-level blocks after the first
``SEARCH_BODY_WORDS`` words with ``data-pagefind-ignore``: they stay on the
page, out of the index. 0 indexes the whole body.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Callable

from markupsafe import Markup

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})


class _Cut(HTMLParser):
    """Finds the end of the first top-level block at which ``limit`` words are reached."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=True)
        self.limit, self.depth, self.words, self.cut = limit, 0, 0, None
        self.lines: list[int] = []

    def position(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and self.cut is None and self.words >= self.limit:
            self.cut = self.position()

    def handle_data(self, data: str) -> None:
        self.words += len(data.split())


def cut_at(html: str, limit: int) -> int | None:
    """Offset in ``html`` after the top-level block that reaches ``limit``
    words; None if the whole text is shorter, or ``limit`` is 0."""
    if limit <= 0:
        return None
    parser = _Cut(limit)
    parser.lines = [0]
    for line in html.splitlines(keepends=True):
        parser.lines.append(parser.lines[-1] + len(line))
    parser.feed(html)
    parser.close()
    if parser.cut is None:
        return None
    end = html.find(">", parser.cut)
    return None if end < 0 or not html[end + 1:].strip() else end + 1


def search_lead(limit: int) -> Callable[[str], Markup]:
    """The Jinja filter: ``html`` with its blocks after the lead kept out of the index."""

    def mark(html: str) -> Markup:
        html = str(html or "")
        cut = cut_at(html, limit)
        if cut is None:
            return Markup(html)
        return Markup(f"{html[:cut]}<div data-pagefind-ignore>{html[cut:]}</div>")

    return mark
