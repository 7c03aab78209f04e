"""Settings of the search plugin: one table of name, default, type, help."""

from __future__ import annotations

from typing import Any

import settingstable
import siteurls
from settingstable import Setting

SETTINGS: list[Setting] = [
    Setting("SEARCH_INDEX", True, bool, "build the Pagefind index after every build"),
    Setting("SEARCH_OUTPUT", "pagefind", str, "folder of the index inside the output folder"),
    Setting("SEARCH_YEAR_ROOTS", None, (list, type(None)),
            "folders whose <yyyy>/ subfolders form one index shard per year (default: the"
            " folders of ARTICLE_URL and EVENT_URL)"),
    Setting("SEARCH_OTHER_PAGES", None, (str, type(None)),
            "glob of the undated record pages, indexed as the 'records' shard (default:"
            " the folders of OFFICIAL_URL, POST_URL and TERM_URL); the search page loads it"
            " only when the instant lookup file is missing"),
    Setting("SEARCH_SHARD_PAGES", 1500, int,
            "a year of more pages than this, laid out in month folders, is indexed as"
            " several shards of consecutive months (0: one shard per year)"),
    Setting("SEARCH_DEFAULT_PAGES", 1000, int,
            "the search page searches the newest shards up to this many pages (at least"
            " one), and the shards of a year or a day the query names; older ones on demand"),
    Setting("SEARCH_BODY_WORDS", 60, int,
            "words of a report's body indexed (its lead: whole top-level blocks until this"
            " many words); the rest stays on the page, out of the index. 0: the whole body"),
    Setting("SEARCH_JOBS", 2, int, "full shards indexed at the same time (one Pagefind"
            " process each); smaller shards share their number of pages, up to 8 processes"),
]


def apply_defaults(settings: dict[str, Any]) -> None:
    """Fill in every setting the user did not set; refuse a value of the wrong type."""
    settingstable.apply(settings, SETTINGS)


def year_roots(settings: dict[str, Any]) -> list[str]:
    """``SEARCH_YEAR_ROOTS``, else the folders of the dated URL settings (read
    when the index is built: every plugin has set its defaults by then)."""
    return settings.get("SEARCH_YEAR_ROOTS") or siteurls.dated_folders(
        settings, ("ARTICLE_URL", "EVENT_URL"))


def other_pages(settings: dict[str, Any]) -> str | None:
    """``SEARCH_OTHER_PAGES``, else a glob of the undated record folders (None
    if no record URL is set: never a glob of the whole disk)."""
    if settings.get("SEARCH_OTHER_PAGES"):
        return settings["SEARCH_OTHER_PAGES"]
    others = siteurls.folders(settings, ("OFFICIAL_URL", "POST_URL", "TERM_URL"))
    if not others:
        return None
    return ("{" + ",".join(others) + "}" if len(others) > 1 else others[0]) + "/**/*.html"


def page_pages(settings: dict[str, Any]) -> str | None:
    """A glob of the site's own pages (PAGE_URL's folder): the 'pages' shard."""
    folders = siteurls.folders(settings, ("PAGE_URL",))
    if not folders:
        return None
    return f"{folders[0]}/**/*.html"
