"""Internal link check of a built site: every href/src must resolve to a file.

Used by the tests and by ``invoke publish`` before anything is deployed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_ATTRS = {"href", "src", "poster", "action"}
_SKIP_SCHEMES = {"mailto", "tel", "javascript", "data"}


@dataclass(frozen=True)
class BrokenLink:
    """A link in ``page`` to ``target`` that no file in the output answers."""

    page: str
    target: str

    def __str__(self) -> str:
        return f"{self.page}: liên kết hỏng {self.target}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in _LINK_ATTRS:
                self.links.append(value)
            elif name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name in ("id", "name"):
                self.ids.add(value)


def page_links(html: str) -> tuple[list[str], set[str]]:
    """All link targets in a page and the ids it defines."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links, parser.ids


def resolve(output: Path, page: Path, target: str, siteurl: str = "") -> Path | None:
    """The file a link from ``page`` points to, or None if it leaves the site."""
    if siteurl and target.startswith(siteurl):
        target = "/" + target[len(siteurl):].lstrip("/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page
    base = output if path.startswith("/") else page.parent
    candidate = Path(os.path.normpath(base / path.lstrip("/")))
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


def check_site(output: Path, siteurl: str = "") -> list[BrokenLink]:
    """Every broken internal link (and same-page #fragment) in ``output``."""
    output = Path(output).resolve()
    broken = []
    for page in sorted(output.rglob("*.html")):
        links, ids = page_links(page.read_text(encoding="utf-8"))
        for target in links:
            if urlsplit(target).scheme in _SKIP_SCHEMES:
                continue
            resolved = resolve(output, page, target, siteurl)
            if resolved is None:
                continue
            inside = output == resolved or output in resolved.parents
            fragment = urlsplit(target).fragment
            if not inside or not resolved.is_file():
                broken.append(BrokenLink(str(page.relative_to(output)), target))
            elif fragment and resolved == page and fragment not in ids:
                broken.append(BrokenLink(str(page.relative_to(output)), target))
    return broken
