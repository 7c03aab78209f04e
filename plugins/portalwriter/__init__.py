"""Parallel writer plugin: pages are rendered on every core.

Pelican renders and writes pages one after another. This plugin's writer
records each ``write_file``/``write_feed`` call instead, and when all
generators are done (the ``finalized`` signal, before search indexing and
the sitemap, which need the files) runs the recorded jobs in ``WRITER_JOBS``
forked processes, each taking every N-th job. Forked children share the
built context copy-on-write: nothing is pickled.

List it first in PLUGINS so its ``finalized`` receiver runs first.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .writer import PortalWriter

__all__ = ["PortalWriter", "register"]


def get_writer(pelican: Any) -> type[PortalWriter]:
    """Use the parallel writer for this build."""
    return PortalWriter


def flush(pelican: Any) -> None:
    """Write every recorded page before anything reads the output."""
    PortalWriter.flush_all()


def register() -> None:
    """Connect the plugin's receivers (Pelican plugin entry point)."""
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(flush)
