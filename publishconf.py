"""Production settings: ``pelican -s publishconf.py`` (``invoke preview``/``publish``).

SITEURL comes from the environment: ``SITEURL=https://example.gov.vn``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
del FEED_DOMAIN  # noqa: F821 - feeds link to SITEURL (Pelican's default)
# A production build: SITEURL is required, and an unfilled scaffold is an error.
PORTAL_PRODUCTION = True

DELETE_OUTPUT_DIRECTORY = True

# Drafts and reports dated in the future never reach readers.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
