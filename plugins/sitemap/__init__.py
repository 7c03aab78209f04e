"""Sitemap plugin: ``sitemap.xml`` listing every public HTML page and a
``robots.txt`` pointing to it, written after the build from the output.

Public: not the 404 page, not drafts (their folder, and Pelican's draft
articles and pages) and not hidden articles and pages. A site whose content
brings its own ``robots.txt`` (a static file) keeps it.

Above 50 000 pages (the sitemap protocol's limit) the pages are split into
``sitemap-N.xml`` files listed by a ``sitemap.xml`` index.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals

import outputfiles
import siteurls
from cachefiles import write_atomic

LIMIT = 50_000
SKIP = {"404.html"}
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


#: per output folder, what this build's generators keep out of the sitemap:
#: the files of hidden and draft articles and pages; "robots.txt" when the
#: content brings its own
_UNLISTED: dict[str, set[str]] = {}


def page_urls(output: Path, siteurl: str, index: str = "pagefind",
              skip: set[str] | frozenset[str] = frozenset(),
              files: list[str] | None = None) -> list[str]:
    """The public URL of every HTML page in ``output`` (``files``: its
    listing, if made already) but those in ``skip`` (paths inside
    ``output``), sorted."""
    listed: dict[str, bool] = {"": True}

    def public(folder: str) -> bool:
        # no page lives in hidden folders or the search index (20 000 files)
        found = listed.get(folder)
        if found is None:
            parent, _, name = folder.rpartition("/")
            found = listed[folder] = (public(parent) and not name.startswith(".")
                                      and name != index and folder not in skip)
        return found

    names = outputfiles.walk(output) if files is None else files
    pages = [name for name in names if name.endswith(".html")
             and public(name.rpartition("/")[0])]
    urls = []
    for relative in sorted(pages, key=lambda name: name.split("/")):  # as paths sort
        if relative in SKIP or relative in skip:
            continue
        if relative.endswith("index.html"):
            relative = relative[: -len("index.html")]
        urls.append(f"{siteurl}/{relative}")
    return urls


def _urlset(urls: list[str]) -> str:
    items = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n{items}</urlset>\n'


def write(output: Path, siteurl: str, limit: int = LIMIT, index: str = "pagefind",
          drafts: str | None = "ban-nhap", skip: set[str] | frozenset[str] = frozenset(),
          robots: bool = True, files: list[str] | None = None) -> None:
    """Write sitemap.xml (or an index and its parts) without the ``drafts``
    folder and the files in ``skip``, and, with ``robots``, robots.txt
    (which keeps crawlers out of the ``drafts`` folder)."""
    urls = page_urls(output, siteurl, index, skip | ({drafts} if drafts else set()), files)
    chunks = [urls[i:i + limit] for i in range(0, len(urls), limit)] or [[]]
    # each file replaced whole, never rewritten in place: the build's folder
    # shares its files with the live output through hard links
    def put(name: str, text: str) -> None:
        write_atomic(output / name, text.encode("utf-8"))

    if len(chunks) == 1:
        put("sitemap.xml", _urlset(urls))
    else:
        parts = []
        for number, chunk in enumerate(chunks, start=1):
            put(f"sitemap-{number}.xml", _urlset(chunk))
            parts.append(f"<sitemap><loc>{escape(siteurl)}/sitemap-{number}.xml</loc></sitemap>\n")
        put("sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n'
                           f'{"".join(parts)}</sitemapindex>\n')
    if not robots:
        return
    # the Disallow first: parsers that take the first matching rule (Python's
    # urllib.robotparser) would otherwise let crawlers into the drafts
    lines = ["User-agent: *", *([f"Disallow: /{drafts}/"] if drafts else []), "Allow: /"]
    if siteurl.startswith("http"):
        lines.append(f"Sitemap: {siteurl}/sitemap.xml")
    put("robots.txt", "\n".join(lines) + "\n")


def _unlisted(generator: Any) -> set[str]:
    return _UNLISTED.setdefault(os.fspath(generator.output_path), set())


#: the lists of Pelican's article and page generators that are not public
_NOT_PUBLIC = ("drafts", "drafts_translations", "hidden_articles", "hidden_pages",
               "draft_pages", "draft_translations", "hidden_translations")


def on_content(generator: Any) -> None:
    items = [item for name in _NOT_PUBLIC for item in getattr(generator, name, [])]
    _unlisted(generator).update(item.save_as for item in items if item.save_as)


def on_static(generator: Any) -> None:
    if any(item.save_as == "robots.txt" for item in generator.staticfiles):
        _unlisted(generator).add("robots.txt")


def on_finalized(pelican: Any) -> None:
    settings = pelican.settings
    unlisted = _UNLISTED.pop(os.fspath(pelican.output_path), set())
    # the protocol wants absolute URLs: a preview (no SITEURL) lists those of
    # `invoke serve` (FEED_DOMAIN), as its feeds do
    base = settings.get("SITEURL") or settings.get("FEED_DOMAIN") or ""
    output = Path(pelican.output_path)
    # the search index listed the output when it started (every page written)
    files = outputfiles.listing(output) if settings.get("SEARCH_INDEX") else None
    write(output, base, index=settings.get("SEARCH_OUTPUT", "pagefind"),
          drafts=siteurls.folder(settings.get("DRAFT_URL") or ""),
          skip=unlisted - {"robots.txt"}, robots="robots.txt" not in unlisted, files=files)
    outputfiles.forget(output)


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    signals.article_generator_finalized.connect(on_content)
    signals.page_generator_finalized.connect(on_content)
    signals.static_generator_finalized.connect(on_static)
    signals.finalized.connect(on_finalized)
