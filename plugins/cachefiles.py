"""Files kept between builds: written whole (never half of one), one version
of each cache at a time, keyed by the version of the portal's code."""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path


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


def save_cache(file: Path, data: bytes) -> None:
    """Write a cache file whose name ends in ``-<version>.<suffix>``, and remove
    the same cache of other versions (one pruner for every cache)."""
    family = file.name.rsplit("-", 1)[0]
    for old in file.parent.glob(f"{family}-*{file.suffix}"):
        if old != file and old.name.rsplit("-", 1)[0] == family:
            old.unlink(missing_ok=True)
    write_atomic(file, data)
