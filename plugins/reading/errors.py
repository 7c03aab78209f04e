"""Content errors that point at the line an editor must fix."""

from __future__ import annotations

import os
from typing import Iterable


def display_path(path: str) -> str:
    """A path as editors see it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def unreadable(error: BaseException) -> str:
    """Why a file could not be read, for an editor (the kind of error, by its
    code name, is kept for whoever looks further)."""
    return (f"không đọc được tệp ({type(error).__name__}); kiểm tra tệp còn đó, mở được"
            " và là văn bản")


def quoted(keys: Iterable[str]) -> str:
    """Keys as a message lists them: ``'id', 'kind'``."""
    return ", ".join(f"'{key}'" for key in keys)


class ContentError(ValueError):
    """A problem in a content file, printed GNU-style as ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message

    def __reduce__(self):  # keep picklable (Pelican caches and multiprocessing)
        return (type(self), (self.path, self.line, self.message))
