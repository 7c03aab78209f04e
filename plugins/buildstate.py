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
import pickle
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


#: set by a build: small cache updates may then be written by a forked process
BACKGROUND = False
_WRITERS: list[int] = []


def write_pickle(where: Path, value: Any, background: bool = False) -> None:
    """Pickle ``value`` into ``where`` atomically. With ``background`` (and
    during a build), a forked copy of this process pickles and writes while
    the build goes on: after a one-report edit the caches of a large site
    (hundreds of MB at 100 000 reports) are written again, and the build
    need not wait for that. :func:`wait_writers` waits for them."""
    if background and BACKGROUND and hasattr(os, "fork"):
        pid = os.fork()
        if pid == 0:  # child: write, then leave without the parent's exit handlers
            status = 0
            try:
                write_atomic(where, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
            except BaseException:  # noqa: BLE001 - a cache not written is only slower
                status = 1
            finally:
                os._exit(status)
        _WRITERS.append(pid)
        return
    write_atomic(where, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def wait_writers() -> None:
    """Wait until every cache write started by :func:`write_pickle` is done."""
    while _WRITERS:
        os.waitpid(_WRITERS.pop(), 0)


def commit(settings: dict[str, Any], final: str) -> None:
    """After a successful swap: every pending state of ``final`` becomes current."""
    probe = path({**settings, "PORTAL_FINAL_OUTPUT": final}, final, "x")
    if probe is None:
        return
    key = probe.stem.rsplit("-", 1)[1]
    for pending in probe.parent.glob(f"portal-*-{key}.pending"):
        os.replace(pending, pending.with_suffix(".json"))
