"""Settings of the writer plugin: one table of name, default, type, help."""

from __future__ import annotations

from typing import Any

import settingstable
from settingstable import Setting

SETTINGS: list[Setting] = [
    Setting("WRITER_JOBS", None, (int, type(None)),
            "processes rendering pages (and computing fingerprints) at once (None: every"
            " core)"),
    Setting("WRITER_SKIP_UNCHANGED", True, bool,
            "render only pages whose inputs changed since the last build (state in"
            " CACHE_PATH)"),
]


def apply_defaults(settings: dict[str, Any]) -> None:
    """Fill in every setting the user did not set; refuse a value of the wrong type."""
    settingstable.apply(settings, SETTINGS)
