"""State kept between builds (page fingerprints, search shard sources), in
``CACHE_PATH``, one file per kind and per output folder.

When a build writes into a folder that is swapped in afterwards
(``PORTAL_FINAL_OUTPUT`` is set), state is saved as *pending* and made
current by :func:`commit` only once the swap is done: a failed build never
leaves state describing an output that was thrown away.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def path(settings: dict[str, Any], output: str, kind: str) -> Path | None:
    """The state file of ``kind`` for the output folder; None if caching is off."""
    cache = settings.get("CACHE_PATH")
    if not cache or not settings.get("WRITER_SKIP_UNCHANGED", True):
        return None
    final = settings.get("PORTAL_FINAL_OUTPUT") or output
    key = hashlib.sha256(os.path.abspath(final).encode("utf-8")).hexdigest()[:16]
    return Path(cache) / f"portal-{kind}-{key}.json"


def load(settings: dict[str, Any], output: str, kind: str) -> dict[str, Any]:
    """The last committed state (empty if none or unreadable)."""
    where = path(settings, output, kind)
    try:
        return json.loads(where.read_text(encoding="utf-8")) if where else {}
    except (OSError, ValueError):
        return {}


def save(settings: dict[str, Any], output: str, kind: str, state: dict[str, Any]) -> None:
    """Save state: pending when the output is swapped in later, else current."""
    where = path(settings, output, kind)
    if where is None:
        return
    where.parent.mkdir(parents=True, exist_ok=True)
    if settings.get("PORTAL_FINAL_OUTPUT"):
        where = where.with_suffix(".pending")
    write_atomic(where, json.dumps(state, sort_keys=True).encode("utf-8"))


def write_atomic(where: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old one or the new one, never half
    of one (a unique temporary name, then a rename)."""
    where.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=where.parent, prefix=f".{where.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temp, where)


def commit(settings: dict[str, Any], final: str) -> None:
    """After a successful swap: every pending state of ``final`` becomes current."""
    probe = path({**settings, "PORTAL_FINAL_OUTPUT": final}, final, "x")
    if probe is None:
        return
    key = probe.stem.rsplit("-", 1)[1]
    for pending in probe.parent.glob(f"portal-*-{key}.pending"):
        os.replace(pending, pending.with_suffix(".json"))
