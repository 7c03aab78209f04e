"""State kept between builds (page fingerprints, search shard sources), in
``CACHE_PATH``, one file per kind and per output folder.

When a build writes into a folder that is swapped in afterwards (declared
with :func:`staged`), state is kept under the final folder's name, saved as
*pending*, and made current by :func:`commit` only once the swap is done: a
failed build never leaves state describing an output that was thrown away.

State can never make a build fail. Each file records its format and the
identity (device and inode) of the output folder it describes; state whose
format is older, whose output folder was removed (``invoke clean``,
``rebuild``), replaced or moved, or that cannot be read is ignored, with one
line saying so, and the build renders everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any, Iterator

from cachefiles import write_atomic

logger = logging.getLogger(__name__)

#: bump when the layout of a state file changes: older files are then ignored
FORMAT = 2
#: build folders being written, each with the output folder it will replace
_STAGED: dict[str, str] = {}


@contextlib.contextmanager
def staged(folder: Path, final: Path) -> Iterator[None]:
    """Declare, for the block, that ``folder`` is written to replace ``final``."""
    _STAGED[os.path.abspath(folder)] = os.path.abspath(final)
    try:
        yield
    finally:
        _STAGED.pop(os.path.abspath(folder), None)


def _final(output: str) -> str | None:
    return _STAGED.get(os.path.abspath(output))


def path(settings: dict[str, Any], output: str, kind: str) -> Path | None:
    """The state file of ``kind`` for the output folder; None if caching is off."""
    cache = settings.get("CACHE_PATH")
    if not cache or not settings.get("WRITER_SKIP_UNCHANGED", True):
        return None
    final = _final(output) or output
    key = hashlib.sha256(os.path.abspath(final).encode("utf-8")).hexdigest()[:16]
    return Path(cache) / f"portal-{kind}-{key}.json"


def _identity(folder: str) -> list[int] | None:
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino]


def load(settings: dict[str, Any], output: str, kind: str) -> dict[str, Any]:
    """The last committed state of the output folder, or ``{}`` (nothing to
    trust: every page is rendered again)."""
    where = path(settings, output, kind)
    if where is None or not where.exists():
        return {}
    final = _final(output) or output
    try:
        saved = json.loads(where.read_text(encoding="utf-8"))
        if not isinstance(saved, dict) or saved.get("format") != FORMAT:
            reason = "định dạng cũ"
        elif saved.get("output") != _identity(final):
            reason = f"thư mục {final} đã bị xóa, thay hay chuyển đi"
        else:
            return dict(saved["data"])
    except (OSError, ValueError, KeyError, TypeError):
        reason = "tệp hỏng"
    logger.warning("Bỏ qua bộ nhớ đệm %s (%s): dựng lại mọi trang.", where.name, reason)
    return {}


def save(settings: dict[str, Any], output: str, kind: str, state: dict[str, Any]) -> None:
    """Save state for the folder being written (``output``): pending when it is
    swapped in later (it then takes the final folder's place), else current."""
    where = path(settings, output, kind)
    if where is None:
        return
    if _final(output):
        where = where.with_suffix(".pending")
    record = {"format": FORMAT, "output": _identity(output), "data": state}
    write_atomic(where, json.dumps(record, sort_keys=True).encode("utf-8"))


def commit(settings: dict[str, Any], final: str) -> None:
    """After a successful swap: every pending state of ``final`` becomes current."""
    probe = path(settings, final, "x")
    if probe is None:
        return
    key = probe.stem.rsplit("-", 1)[1]
    for pending in probe.parent.glob(f"portal-*-{key}.pending"):
        os.replace(pending, pending.with_suffix(".json"))
