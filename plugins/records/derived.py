"""A memo kept between builds for per-article work that depends only on its
inputs (first-mention links in a report body): keyed by a digest of those
inputs, in ``CACHE_PATH``, one file per version of the records code.

Entries not used by a build are dropped when it saves, so the file holds
what the current content needs and no more.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from pathlib import Path
from typing import Any, Callable, TypeVar

import cachefiles

logger = logging.getLogger(__name__)

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

    def __init__(self, file: Path | None = None) -> None:
        self.file = file
        self.kept: dict[str, Any] = {}
        if file is not None and file.exists():
            try:
                self.kept = pickle.loads(file.read_bytes())
            except Exception:  # noqa: BLE001 - a damaged memo is only a slower build
                logger.warning("Bỏ qua bộ nhớ đệm %s (tệp hỏng): tính lại.", file.name)
                self.kept = {}
        self.used: dict[str, Any] = {}
        self.computed = 0

    @classmethod
    def open(cls, settings: dict[str, Any], name: str) -> "Memo":
        """The memo ``name`` of this site (none when caching is off)."""
        if not settings.get("CACHE_PATH") or not settings.get("PORTAL_READ_CACHE", True):
            return cls()
        return cls(Path(settings["CACHE_PATH"])
                   / f"portal-{name}-{cachefiles.code_version()}.pickle")

    def __contains__(self, key: str) -> bool:
        return key in self.used or key in self.kept

    def get(self, key: str, compute: Callable[[], T]) -> T:
        value = self.used.get(key, _MISSING)
        if value is _MISSING:
            value = self.kept.get(key, _MISSING)
            if value is _MISSING:
                value = compute()
                self.computed += 1
            self.used[key] = value
        return value  # type: ignore[return-value]

    def save(self) -> None:
        """Keep what this build used (nothing written when nothing changed)."""
        if self.file is None or (not self.computed and len(self.used) == len(self.kept)):
            return
        cachefiles.save_cache(self.file, pickle.dumps(self.used, pickle.HIGHEST_PROTOCOL))
