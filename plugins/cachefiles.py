"""Files kept between builds: written whole (never half of one), one version
of each cache at a time, keyed by the version of the portal's code.

A cache of one entry per report is kept in :data:`BUCKETS` files (a folder
of buckets, by a digest of each key): a build that changed one report
rewrites the one file holding it, not the whole cache (at 100 000 reports
the read cache and the memo of linked bodies are 630 and 590 MB).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

#: files a bucketed cache is kept in
BUCKETS = 64


def write_atomic(where: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old one or the new one, never half
    of one (a unique temporary name, then a rename): never into a file that
    may be shared, through a hard link, with the live output."""
    where.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=where.parent, prefix=f".{where.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)  # mkstemp makes 0600: a web server must read it
        os.replace(temp, where)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Digest of the portal's code (every module under plugins/, and the
    extractor's word lists): caches made by other code are not used."""
    hasher = hashlib.blake2b(digest_size=8)
    root = Path(__file__).resolve().parent
    for source in sorted([*root.rglob("*.py"), *root.rglob("lexicon/*.txt")]):
        hasher.update(source.name.encode())
        hasher.update(source.read_bytes())
    return hasher.hexdigest()


def _family(path: Path) -> str:
    return path.name.split(".", 1)[0].rsplit("-", 1)[0]


def _prune(current: Path) -> None:
    """Remove the caches of ``current``'s family (``<family>-<version>``,
    bucket folders, or single files as earlier versions kept them) but
    another version."""
    family = _family(current)
    for old in current.parent.glob(f"{family}-*"):
        if old != current and _family(old) == family:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)


def bucket(key: str) -> int:
    """The bucket ``key`` is kept in (the same in every process and build)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=1).digest()[0] % BUCKETS


def load_buckets(folder: Path) -> dict[int, dict[str, Any]]:
    """Every bucket of the cache ``folder`` (none yet: empty). A damaged
    bucket is left out, with one line: its entries are made again."""
    found: dict[int, dict[str, Any]] = {}
    for number in range(BUCKETS):
        path = folder / f"{number:02d}.pickle"
        try:
            entries = pickle.loads(path.read_bytes())
        except FileNotFoundError:
            continue
        except Exception:  # noqa: BLE001 - a damaged cache is only a slower build
            logger.warning("Bỏ qua bộ nhớ đệm %s/%s (tệp hỏng): tính lại.", folder.name,
                           path.name)
            continue
        if isinstance(entries, dict):
            found[number] = entries
    return found


def save_buckets(folder: Path, entries: dict[str, Any], kept: dict[int, dict[str, Any]],
                 changed: set[str]) -> None:
    """Keep ``entries`` in the cache ``folder`` (``<family>-<version>``),
    rewriting only the buckets that differ from ``kept`` (what
    :func:`load_buckets` gave): one of their keys is in ``changed``, or
    their keys are not the same (entries gone or new). Other versions of the
    cache are removed."""
    groups: dict[int, dict[str, Any]] = {}
    for key, value in entries.items():
        groups.setdefault(bucket(key), {})[key] = value
    dirty = {bucket(key) for key in changed}
    todo = [number for number in sorted(set(groups) | set(kept))
            if number in dirty or groups.get(number, {}).keys() != kept.get(number, {}).keys()]
    if not todo:
        return
    _prune(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for number in todo:
        path = folder / f"{number:02d}.pickle"
        if number in groups:
            write_atomic(path, pickle.dumps(groups[number], pickle.HIGHEST_PROTOCOL))
        else:
            path.unlink(missing_ok=True)
