"""The portal's identity, as settings: who publishes it and their emblem.

The emblem is a file of the built site (a static file of ``content/`` such
as ``images/bieu-trung.png``, or the theme's neutral default). Pages show
it, and JSON-LD names it as the publisher's logo.
"""

from __future__ import annotations

from typing import Any

import settingstable
from settingstable import Setting

SETTINGS: list[Setting] = [
    Setting("SITE_EMBLEM", None, (str, type(None)),
            "the agency's emblem: a path in the built site (`images/bieu-trung.png`);"
            " None: the theme's neutral emblem"),
]


def apply_defaults(settings: dict[str, Any]) -> None:
    """Give every identity setting its default; refuse a value of the wrong type."""
    settingstable.apply(settings, SETTINGS)


def emblem(settings: dict[str, Any]) -> str:
    """The emblem's path in the built site (no leading ``/``)."""
    chosen = settingstable.value(settings, SETTINGS, "SITE_EMBLEM")
    if chosen:
        return str(chosen).lstrip("/")
    return f"{settings.get('THEME_STATIC_DIR', 'theme')}/img/bieu-trung.svg"
