"""Read many reports at once: unchanged files from a cache, the rest on every
core (forked workers, results pickled back as plain values).

The cache lives in ``CACHE_PATH/portal-reads-<hash>.pickle``; an entry is
used only while the file's size and modification time are unchanged and the
reader's settings and code are the same (both are part of the hash).
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
from pathlib import Path
from typing import Any

import buildstate

logger = logging.getLogger(__name__)

_CODE = Path(__file__).resolve().parent
_WORKER: Any = None


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
    for source in sorted([*_CODE.glob("*.py"), _CODE.parent / "vntext.py",
                          _CODE.parent / "vndates.py"]):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _init(reader_class: type, settings: dict[str, Any]) -> None:
    global _WORKER  # one reader per worker process (never shared)
    _WORKER = reader_class(settings)


def _parse(path: str) -> tuple[str, Any]:
    from .errors import ContentError, unreadable

    try:
        return path, _WORKER.parse(path)
    except ContentError as error:
        return path, error
    except Exception as error:  # noqa: BLE001 - a file that breaks the reader
        return path, ContentError(path, 1, unreadable(error))


def parse_all(reader: Any, paths: list[str]) -> dict[str, Any]:
    """``{path: parsed or ContentError}`` for ``paths``."""
    settings = reader.settings
    cache_file = None
    cached: dict[str, tuple[tuple[int, int], Any]] = {}
    if settings.get("PORTAL_READ_CACHE", True) and settings.get("CACHE_PATH"):
        cache_file = Path(settings["CACHE_PATH"]) / f"portal-reads-{_version(settings)}.pickle"
        try:
            with open(cache_file, "rb") as handle:
                cached = pickle.load(handle)
        except FileNotFoundError:
            cached = {}
        except Exception:  # noqa: BLE001 - a damaged cache is only a slower build
            logger.warning("Bỏ qua bộ nhớ đệm %s (tệp hỏng): đọc lại mọi bài.", cache_file.name)
            cached = {}
    results: dict[str, Any] = {}
    signatures = {path: _signature(path) for path in paths}
    stale = []
    for path in paths:
        entry = cached.get(path)
        if entry is not None and entry[0] == signatures[path]:
            results[path] = entry[1]
        else:
            stale.append(path)
    workers = max(1, int(settings.get("READER_JOBS", os.cpu_count() or 1)))
    if len(stale) > 50 and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, _init, (type(reader), settings)) as pool:
            results.update(pool.imap_unordered(_parse, stale, chunksize=32))
    else:
        for path in stale:
            try:
                results[path] = reader.parse(path)
            except Exception as error:  # noqa: BLE001 - kept and raised by read()
                results[path] = error
    logger.info("Đã đọc %d bài (%d từ bộ nhớ đệm)", len(paths), len(paths) - len(stale))
    if cache_file is not None and stale:
        _save(cache_file, {path: (signatures[path], results[path]) for path in paths})
    return results


def _save(cache_file: Path, entries: dict[str, Any]) -> None:
    """Write the cache atomically (a reader never sees half a file)."""
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    for old in cache_file.parent.glob("portal-reads-*.pickle"):
        if old != cache_file:
            old.unlink(missing_ok=True)
    buildstate.write_atomic(cache_file, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
