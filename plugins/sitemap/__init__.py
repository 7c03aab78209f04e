"""Sitemap plugin: ``sitemap.xml`` listing every HTML page (404 aside) and a
``robots.txt`` pointing to it, written after the build from the output.

Above 50 000 pages (the sitemap protocol's limit) the pages are split into
``sitemap-N.xml`` files listed by a ``sitemap.xml`` index.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals

import siteurls
from cachefiles import write_atomic

LIMIT = 50_000
SKIP = {"404.html"}
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_urls(output: Path, siteurl: str, index: str = "pagefind") -> list[str]:
    """The public URL of every HTML page in ``output``, sorted."""
    urls = []
    pages = []
    for root, folders, names in os.walk(output):
        # no page lives in hidden folders or the search index (20 000 files)
        folders[:] = [f for f in folders if not f.startswith(".") and f != index]
        pages += [os.path.join(root, n) for n in names if n.endswith(".html")]
    for path in sorted(Path(p) for p in pages):
        relative = path.relative_to(output).as_posix()
        if relative in SKIP:
            continue
        if relative.endswith("index.html"):
            relative = relative[: -len("index.html")]
        urls.append(f"{siteurl}/{relative}")
    return urls


def _urlset(urls: list[str]) -> str:
    items = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n{items}</urlset>\n'


def write(output: Path, siteurl: str, limit: int = LIMIT, index: str = "pagefind",
          drafts: str | None = "ban-nhap") -> None:
    """Write sitemap.xml (or an index and its parts) and robots.txt (which
    keeps crawlers out of the ``drafts`` folder)."""
    urls = page_urls(output, siteurl, index)
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
    lines = ["User-agent: *", "Allow: /", *([f"Disallow: /{drafts}/"] if drafts else [])]
    if siteurl.startswith("http"):
        lines.append(f"Sitemap: {siteurl}/sitemap.xml")
    put("robots.txt", "\n".join(lines) + "\n")


def on_finalized(pelican: Any) -> None:
    settings = pelican.settings
    write(Path(pelican.output_path), settings.get("SITEURL", ""),
          index=settings.get("SEARCH_OUTPUT", "pagefind"),
          drafts=siteurls.folder(settings.get("DRAFT_URL") or ""))


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    signals.finalized.connect(on_finalized)
