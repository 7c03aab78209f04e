"""Work on every core: forked workers, results in order, failures raised."""

from __future__ import annotations

import os

import pytest

import parallel


@pytest.mark.parametrize("count,jobs", [(10, 2), (64, 2), (200, 1), (200, 2), (3, 4), (300, 3)])
def test_forks_says_whether_the_work_leaves_this_process(count: int, jobs: int) -> None:
    """The writer compiles templates ahead only when workers are forked:
    :func:`parallel.forks` must answer what :func:`parallel.on_every_core` does."""
    pids = parallel.on_every_core(lambda n: (n, os.getpid()), list(range(count)), jobs)
    assert [n for n, _ in pids] == list(range(count))  # in order
    assert ({pid for _, pid in pids} != {os.getpid()}) == parallel.forks(count, jobs)


def test_a_failure_in_a_worker_is_raised_here_with_its_traceback() -> None:
    def fail_on_seven(n: int) -> int:
        if n == 7:
            raise ValueError("bảy")
        return n

    with pytest.raises(parallel.WorkerError, match="ValueError: bảy"):
        parallel.on_every_core(fail_on_seven, list(range(200)), 2)
