"""Writer plugin: only changed pages are rendered, on every core.

Pelican renders and writes every page, one after another. This plugin's
writer records each ``write_file``/``write_feed`` call instead; when all
generators are done (the ``finalized`` signal, before search indexing and
the sitemap, which need the files) it expands them into pages, compares each
page's input fingerprint with the last build's (``CACHE_PATH``), renders only
the pages whose inputs changed (or whose file is missing) in ``WRITER_JOBS``
forked processes, and deletes pages it wrote last time that no longer exist.
Forked children share the built context copy-on-write: nothing is pickled.

List it first in PLUGINS so its ``finalized`` receiver runs first.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .settings import apply_defaults
from pelican_patches import install, speed_up
from .writer import PortalWriter

__all__ = ["PortalWriter", "register"]


def add_defaults(pelican: Any) -> None:
    """Give every writer setting its default unless pelicanconf set it."""
    apply_defaults(pelican.settings)


def get_writer(pelican: Any) -> type[PortalWriter]:
    """Use the parallel writer for this build."""
    return PortalWriter


def flush(pelican: Any) -> None:
    """Write every recorded page before anything reads the output."""
    PortalWriter.flush_all()


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    install()
    signals.initialized.connect(add_defaults)
    signals.get_writer.connect(get_writer)
    signals.article_generator_finalized.connect(speed_up)
    signals.finalized.connect(flush)
