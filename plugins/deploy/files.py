"""The files of a built site: listing, hashing, and the upload/delete plan."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


def walk(root: Path) -> Iterator[tuple[str, Path]]:
    """Every file under ``root`` as (POSIX key relative to root, path), sorted."""
    root = Path(root)
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), path


def md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Plan:
    """What a publish changes: keys to upload (new first), then to delete."""

    new: list[str]
    changed: list[str]
    stale: list[str]
    unchanged: int

    @property
    def uploads(self) -> list[str]:
        return self.new + self.changed

    def describe(self, limit: int | None = None) -> str:
        """A summary line, then each key to upload and delete (up to ``limit``)."""
        lines = [f"{len(self.new)} mới, {len(self.changed)} thay đổi, {len(self.stale)} cần"
                 f" xóa, {self.unchanged} không đổi"]
        for label, keys in (("tải lên", self.uploads), ("xóa", self.stale)):
            shown = keys if limit is None else keys[:limit]
            lines += [f"  {label} {key}" for key in shown]
            if len(keys) > len(shown):
                lines.append(f"  … và {len(keys) - len(shown)} tệp nữa để {label}")
        return "\n".join(lines)


def plan(local: dict[str, str], remote: dict[str, str]) -> Plan:
    """Compare ``{key: md5}`` of the build and of the target."""
    new = sorted(k for k in local if k not in remote)
    changed = sorted(k for k in local if k in remote and remote[k] != local[k])
    stale = sorted(k for k in remote if k not in local)
    return Plan(new, changed, stale, len(local) - len(new) - len(changed))
