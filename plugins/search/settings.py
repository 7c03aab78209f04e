"""Settings of the search plugin: one table of (name, default, help)."""

from __future__ import annotations

from typing import Any

SETTINGS: list[tuple[str, Any, str]] = [
    ("SEARCH_INDEX", True, "build the Pagefind index after every build"),
    ("SEARCH_OUTPUT", "pagefind", "folder of the index inside the output folder"),
    ("SEARCH_YEAR_ROOTS", ["tin-tuc", "su-kien"],
     "folders whose <yyyy>/ subfolders form one index shard per year"),
    ("SEARCH_OTHER_PAGES", "{can-bo,chuc-danh,nhiem-ky,thong-tin}/**/*.html",
     "glob of the undated pages (records), indexed as the 'records' shard"),
    ("SEARCH_DEFAULT_PAGES", 8000,
     "the search page loads the newest years up to this many pages unless the"
     " reader asks for all years"),
    ("SEARCH_JOBS", 2, "shards indexed at the same time (one Pagefind process each)"),
]


def apply_defaults(settings: dict[str, Any]) -> None:
    """Fill in every setting the user did not set."""
    for name, default, _help in SETTINGS:
        settings.setdefault(name, default)
