"""Settings of the search plugin: one table of (name, default, help)."""

from __future__ import annotations

from typing import Any

import siteurls

SETTINGS: list[tuple[str, Any, str]] = [
    ("SEARCH_INDEX", True, "build the Pagefind index after every build"),
    ("SEARCH_OUTPUT", "pagefind", "folder of the index inside the output folder"),
    ("SEARCH_YEAR_ROOTS", None,
     "folders whose <yyyy>/ subfolders form one index shard per year (default: the"
     " folders of ARTICLE_URL and EVENT_URL)"),
    ("SEARCH_OTHER_PAGES", None,
     "glob of the undated pages (records), indexed as the 'records' shard (default:"
     " the folders of OFFICIAL_URL, POST_URL, TERM_URL and PAGE_URL)"),
    ("SEARCH_DEFAULT_PAGES", 8000,
     "the search page loads the newest years up to this many pages unless the"
     " reader asks for all years"),
    ("SEARCH_JOBS", 2, "shards indexed at the same time (one Pagefind process each)"),
]


def apply_defaults(settings: dict[str, Any]) -> None:
    """Fill in every setting the user did not set."""
    for name, default, _help in SETTINGS:
        settings.setdefault(name, default)


def year_roots(settings: dict[str, Any]) -> list[str]:
    """``SEARCH_YEAR_ROOTS``, else the folders of the dated URL settings (read
    when the index is built: every plugin has set its defaults by then)."""
    return settings.get("SEARCH_YEAR_ROOTS") or siteurls.dated_folders(
        settings, ("ARTICLE_URL", "EVENT_URL"))


def other_pages(settings: dict[str, Any]) -> str:
    """``SEARCH_OTHER_PAGES``, else a glob of the undated record and page folders."""
    others = siteurls.folders(settings, ("OFFICIAL_URL", "POST_URL", "TERM_URL", "PAGE_URL"))
    return settings.get("SEARCH_OTHER_PAGES") or "{" + ",".join(others) + "}/**/*.html"
