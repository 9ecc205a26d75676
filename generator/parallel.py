"""Run independent jobs on every core, with results in job order.

The render stage is thousands of independent jobs (a page, a JSON twin, a calendar) over one
read-only site graph. MkDocs, which runs after it, uses one core; on a big site the generator
can use all of them. Worker processes are forked, so they inherit the graph and the jobs
without copying or pickling them: only a job's number goes in and its result (bytes) comes
back, in the order of the jobs, so the output does not depend on how the work was split.

Forking is used only where it is safe and worth it: on Linux (macOS and Windows run the jobs
in this process), with more than one core available, and for at least ``min_jobs`` jobs. A
worker touches nothing but the jobs (templates are loaded before the fork) and never writes
to the terminal, so threads in the parent (the progress ticker, the preview's watcher)
cannot leave it stuck on a lock.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import zip_longest
from multiprocessing.pool import Pool
from typing import TypeVar, cast

T = TypeVar("T")
U = TypeVar("U")

MIN_JOBS = 500  # below this, starting processes costs more than it saves
MAX_WORKERS = 8

_jobs: Sequence[Callable[[], object]] = ()  # set only around a fork, read by the workers


def available_workers() -> int:
    """The cores this process may use (as the OS's CPU affinity says), at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def run_jobs(jobs: Sequence[Callable[[], T]], workers: int | None = None,
             min_jobs: int | None = None) -> list[T]:
    """Call every job and return their results in job order, in parallel where it pays."""
    count = available_workers() if workers is None else workers
    enough = len(jobs) >= (MIN_JOBS if min_jobs is None else min_jobs)
    if count < 2 or not enough or not _can_fork():
        return [job() for job in jobs]
    workers = min(count, len(jobs))
    results: list[object] = [None] * len(jobs)
    with _forked_pool(jobs, workers) as pool:
        for start, values in pool.imap_unordered(_run_chunk, _spread(len(jobs), workers)):
            results[start:start + len(values)] = values
    return cast(list[T], results)


def _spread(count: int, workers: int) -> list[range]:
    """Small chunks of job numbers, handed out round-robin from ``workers`` far-apart regions.

    Small, because a few jobs are much longer than the rest. From far apart, because jobs next
    to each other write into the same folder, and processes creating files in one folder wait
    for each other (measured: 10,500 files from two processes took 40% longer in shared
    folders than in folders of their own).
    """
    size = max(1, count // (workers * 32))
    chunks = [range(i, min(i + size, count)) for i in range(0, count, size)]
    per_region = -(-len(chunks) // workers)
    regions = [chunks[r * per_region:(r + 1) * per_region] for r in range(workers)]
    return [chunk for turn in zip_longest(*regions) for chunk in turn if chunk is not None]


def run_beside(side: Callable[[], T], main: Callable[[], U]) -> tuple[T, U | BaseException]:
    """Run ``side`` in a forked process while ``main`` runs here; both results.

    ``main``'s exception is returned, not raised: the caller decides which result counts
    (the build links content while its cross-file rules run, and a rule's error explains a
    link failure better than the failure itself). ``side``'s exception is raised. On a
    single core or without fork, ``side`` runs first, then ``main``.
    """
    if available_workers() < 2 or not _can_fork():
        side_result = side()
        return side_result, _guarded(main)
    with _forked_pool((side,), 1) as pool:
        pending = pool.apply_async(_run_job, (0,))
        main_result = _guarded(main)
        return cast(T, pending.get()), main_result


def _can_fork() -> bool:
    return sys.platform.startswith("linux")


@contextmanager
def _forked_pool(jobs: Sequence[Callable[[], object]], workers: int) -> Iterator[Pool]:
    """Worker processes forked with ``jobs`` in place, for :func:`_run_job` to call by number."""
    global _jobs
    _jobs = jobs
    # Objects that exist before the fork are frozen out of the cycle collector, so a worker's
    # collections do not touch (and copy) every page of the parent's heap.
    gc.freeze()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork in a process with threads; see the module text.
            warnings.simplefilter("ignore", DeprecationWarning)
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                yield pool
    finally:
        _jobs = ()
        gc.unfreeze()


def _guarded(main: Callable[[], U]) -> U | BaseException:
    try:
        return main()
    except Exception as exc:  # handed to the caller, which decides whether to raise it
        return exc


def _run_job(index: int) -> object:
    return _jobs[index]()


def _run_chunk(numbers: range) -> tuple[int, list[object]]:
    return numbers.start, [_jobs[i]() for i in numbers]
