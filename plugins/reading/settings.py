"""Settings of the read stage: one table of name, default, type, help (the
limits every report is held to, the site's own header keys, reading on
every core and the read cache). The records plugin applies them."""

from __future__ import annotations

from typing import Any

import settingstable
from settingstable import Setting

SETTINGS: list[Setting] = [
    Setting("RECORDS_MAX_TITLE_CHARS", 300, int,
            "longest title, event name, place or other text value"),
    Setting("RECORDS_MAX_LABEL_CHARS", 100, int,
            "longest category, tag, author or event kind"),
    Setting("RECORDS_MAX_SUMMARY_CHARS", 1000, int, "longest summary"),
    Setting("RECORDS_MAX_NAME_CHARS", 80, int, "longest name of a person"),
    Setting("RECORDS_MAX_SLUG_BYTES", 120, int,
            "longest slug (slugs made from titles are cut there)"),
    Setting("RECORDS_MAX_WORD_LETTERS", 60, int,
            "longest word (letters in a row) of any header value"),
    Setting("RECORDS_MAX_REPORT_BYTES", 5_000_000, int, "largest report file"),
    Setting("RECORDS_EXTRA_KEYS", {}, dict,
            "the site's own plain-text header keys: name → help"),
    Setting("RECORDS_PEOPLE_FROM_PROSE", True, bool,
            "find officials in report bodies: participants when the header lists none,"
            " warnings for those a header lacks"),
    Setting("READER_JOBS", None, (int, type(None)),
            "processes reading reports at once (None: every core)"),
    Setting("PORTAL_READ_CACHE", True, bool,
            "keep parsed reports and per-report work in CACHE_PATH between builds"),
]


def setting(settings: dict[str, Any], name: str) -> Any:
    """A read setting, or its default when ``settings`` has none (a reader made
    without Pelican, as tests do)."""
    return settingstable.value(settings, SETTINGS, name)
