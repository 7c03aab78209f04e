"""Read many reports at once: unchanged files from a cache, the rest on every
core (forked workers, results pickled back as plain values).

The cache lives in ``CACHE_PATH/portal-reads-<hash>/``, in buckets (see
:mod:`cachefiles`: an edit rewrites the bucket of the report edited); an
entry is used only while the file's size and modification time are
unchanged and the reader's settings and code are the same (both are part of
the hash).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

import cachefiles
import parallel

logger = logging.getLogger(__name__)



def _signature(path: str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def _version(settings: dict[str, Any]) -> str:
    """Hash of what reading depends on besides the file: settings and code."""
    digest = hashlib.sha256()
    keys = ["MARKDOWN", "TIMEZONE", "FORMATTED_FIELDS", "PAGE_PATHS", "PATH", "THEME",
            "THEME_TEMPLATES_OVERRIDES", *sorted(k for k in settings if k.startswith("RECORDS_"))]
    for key in keys:
        digest.update(repr((key, settings.get(key))).encode())
    templates = Path(settings.get("THEME", "")) / "templates"  # 'template' must name one
    digest.update(repr(sorted(os.listdir(templates)) if templates.is_dir() else []).encode())
    digest.update(cachefiles.code_version().encode())
    return digest.hexdigest()[:16]


def _parsed(reader: Any, path: str) -> Any:
    """What ``reader.parse`` gives, or the :class:`ContentError` it raised (any
    other failure becomes one, never a traceback)."""
    from reading.errors import ContentError, display_path, unreadable

    try:
        return reader.parse(path)
    except ContentError as error:
        return error
    except Exception as error:  # noqa: BLE001 - a file that breaks the reader
        return ContentError(display_path(path), 1, unreadable(error))


def parse_all(reader: Any, paths: list[str]) -> dict[str, Any]:
    """``{path: parsed or ContentError}`` for ``paths``."""
    settings = reader.settings
    folder = None
    kept: dict[int, dict[str, Any]] = {}
    if settings.get("PORTAL_READ_CACHE", True) and settings.get("CACHE_PATH"):
        folder = Path(settings["CACHE_PATH"]) / f"portal-reads-{_version(settings)}"
        kept = cachefiles.load_buckets(folder)
    cached = {path: entry for entries in kept.values() for path, entry in entries.items()}
    results: dict[str, Any] = {}
    signatures = {path: _signature(path) for path in paths}
    stale = []
    for path in paths:
        entry = cached.get(path)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == signatures[path]:
            results[path] = entry[1]
        else:
            stale.append(path)
    results.update(zip(stale, parallel.on_every_core(
        functools.partial(_parsed, reader), stale, parallel.workers(settings, "READER_JOBS"),
        minimum=50)))
    logger.info("Đã đọc %d bài (%d từ bộ nhớ đệm)", len(paths), len(paths) - len(stale))
    if folder is not None:  # only the buckets holding a report read again (or gone)
        cachefiles.save_buckets(folder, {path: (signatures[path], results[path])
                                         for path in paths}, kept, set(stale))
    return results
