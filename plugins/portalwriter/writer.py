"""A Pelican writer that defers writes and runs them on several processes."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from typing import Any, Callable

from pelican.writers import Writer

logger = logging.getLogger(__name__)


class WriteError(RuntimeError):
    """A page could not be written by a worker process."""


class PortalWriter(Writer):
    """Records writes; :meth:`flush` performs them on ``WRITER_JOBS`` processes."""

    #: writers with pending jobs (one per build; class-level so the
    #: ``finalized`` receiver can reach the one Pelican created)
    _pending: list["PortalWriter"] = []

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.jobs: list[tuple[Callable[..., Any], tuple, dict]] = []
        PortalWriter._pending.append(self)

    def write_file(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102 (Pelican API)
        self.jobs.append((Writer.write_file, args, kwargs))

    def write_feed(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102 (Pelican API)
        self.jobs.append((Writer.write_feed, args, kwargs))

    @classmethod
    def flush_all(cls) -> None:
        while cls._pending:
            cls._pending.pop(0).flush()

    def flush(self) -> None:
        """Run every recorded job, split over ``WRITER_JOBS`` processes."""
        jobs, self.jobs = self.jobs, []
        workers = max(1, int(self.settings.get("WRITER_JOBS", os.cpu_count() or 1)))
        if workers == 1 or len(jobs) < 2 * workers or not hasattr(os, "fork"):
            self._run(jobs)
            return
        children = []
        for index in range(1, workers):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # child: its share, then exit without cleanup handlers
                os.close(read)
                status = 0
                try:
                    self._run(jobs[index::workers])
                except BaseException:  # noqa: BLE001 - reported to the parent
                    os.write(write, traceback.format_exc().encode("utf-8", "replace"))
                    status = 1
                finally:
                    os.close(write)
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(status)
            os.close(write)
            children.append((pid, read))
        errors = []
        try:
            self._run(jobs[0::workers])
        finally:
            for pid, read in children:
                with os.fdopen(read, "rb") as pipe:
                    message = pipe.read().decode("utf-8", "replace")
                _, status = os.waitpid(pid, 0)
                if status != 0:
                    errors.append(message or f"worker {pid} exited with {status}")
        if errors:
            raise WriteError("writing pages failed:\n" + "\n".join(errors))

    def _run(self, jobs: list[tuple[Callable[..., Any], tuple, dict]]) -> None:
        for method, args, kwargs in jobs:
            method(self, *args, **kwargs)
