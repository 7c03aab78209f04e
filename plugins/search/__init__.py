"""Search plugin: indexes the built site with Pagefind's Python API.

Pages opt in with ``data-pagefind-body``; the theme marks filters, metadata
and sort keys, and keeps a report's body after its lead out of the index
with the ``search_lead`` filter. Nothing here knows about records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from search.index import build_index
from search.lead import search_lead
from search.settings import apply_defaults


def add_defaults(pelican: Any) -> None:
    """Give every search setting its default unless pelicanconf set it."""
    apply_defaults(pelican.settings)
    filters = dict(pelican.settings.get("JINJA_FILTERS") or {})
    filters["search_lead"] = search_lead(pelican.settings["SEARCH_BODY_WORDS"])
    pelican.settings["JINJA_FILTERS"] = filters


def index_site(pelican: Any) -> None:
    """After every build, index the output folder."""
    if pelican.settings["SEARCH_INDEX"]:
        build_index(Path(pelican.output_path), pelican.settings)


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    signals.initialized.connect(add_defaults)
    signals.finalized.connect(index_site)
