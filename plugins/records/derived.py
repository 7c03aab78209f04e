"""A memo kept between builds for per-article work that depends only on its
inputs (first-mention links in a report body): keyed by a digest of those
inputs, in ``CACHE_PATH``, one folder of buckets per version of the records
code (see :mod:`cachefiles`).

Entries not used by a build are dropped when it saves, so the buckets hold
what the current content needs and no more.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, TypeVar

import cachefiles


T = TypeVar("T")
_MISSING = object()


def digest(*parts: str) -> str:
    """A key for ``parts`` (unambiguous: each part is length-prefixed)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()




class Memo:
    """``get(key, compute)``: the value kept for ``key``, else ``compute()``."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.buckets = cachefiles.load_buckets(folder) if folder is not None else {}
        self.kept: dict[str, Any] = {key: value for entries in self.buckets.values()
                                     for key, value in entries.items()}
        self.used: dict[str, Any] = {}
        self.made: set[str] = set()  # keys this build computed

    @classmethod
    def open(cls, settings: dict[str, Any], name: str) -> "Memo":
        """The memo ``name`` of this site (none when caching is off)."""
        if not settings.get("CACHE_PATH") or not settings.get("PORTAL_READ_CACHE", True):
            return cls()
        return cls(Path(settings["CACHE_PATH"]) / f"portal-{name}-{cachefiles.code_version()}")

    def __contains__(self, key: str) -> bool:
        return key in self.used or key in self.kept

    def get(self, key: str, compute: Callable[[], T]) -> T:
        value = self.used.get(key, _MISSING)
        if value is _MISSING:
            value = self.kept.get(key, _MISSING)
            if value is _MISSING:
                value = compute()
                self.made.add(key)
            self.used[key] = value
        return value  # type: ignore[return-value]

    def save(self) -> None:
        """Keep what this build used: only the buckets that changed are
        written (nothing when nothing changed)."""
        if self.folder is not None:
            cachefiles.save_buckets(self.folder, self.used, self.buckets, self.made)
