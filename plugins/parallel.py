"""One way to run a build's work on every core.

Workers are forked: they share the parent's memory copy-on-write (the reader,
the records model, the templates: nothing is pickled on the way in), each
takes every n-th item, and sends its results back pickled through a pipe.
The parent works on its own share meanwhile. Results come back in order; an
exception in a worker is raised in the parent with the worker's traceback.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: below this many items, forking costs more than it saves
MINIMUM = 64


class WorkerError(RuntimeError):
    """Work failed in a forked worker (its traceback is the message)."""


def workers(settings: dict[str, Any], name: str = "WRITER_JOBS") -> int:
    """How many processes ``name`` asks for (default: every core)."""
    return max(1, int(settings.get(name) or os.cpu_count() or 1))


def forks(count: int, jobs: int, minimum: int = MINIMUM) -> bool:
    """Whether :func:`on_every_core` forks for ``count`` items on ``jobs`` processes."""
    return jobs >= 2 and count >= max(minimum, 2 * jobs) and hasattr(os, "fork")


def on_every_core(function: Callable[[T], R], items: Sequence[T], jobs: int,
                  minimum: int = MINIMUM) -> list[R]:
    """``[function(item) for item in items]``, on ``jobs`` processes."""
    if not forks(len(items), jobs, minimum):
        return [function(item) for item in items]
    children = []
    for index in range(1, jobs):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # a worker: its share, then leave without the parent's exit handlers
            os.close(read)
            status = 0
            try:
                data = pickle.dumps(("ok", [function(item) for item in items[index::jobs]]),
                                    pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - the parent raises it
                data, status = pickle.dumps(("error", traceback.format_exc())), 1
            try:
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        os.close(write)
        children.append((index, pid, read))
    results: list[Any] = [None] * len(items)
    errors = []
    try:
        results[0::jobs] = [function(item) for item in items[0::jobs]]
    finally:
        for index, pid, read in children:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            try:
                kind, value = pickle.loads(data)
            except Exception as error:  # noqa: BLE001 - a worker that died without answering
                kind, value = "error", (f"tiến trình {pid} dừng với mã {status}, không trả"
                                        f" kết quả đọc được ({type(error).__name__}: {error})")
            if kind == "ok":
                results[index::jobs] = value
            else:
                errors.append(value)
    if errors:
        raise WorkerError("\n".join(errors))
    return results
