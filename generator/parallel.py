"""Work split over the machine's cores, for the few stages where that pays.

Used where many independent items each cost milliseconds of CPU: rendering contributor bodies
(``generator.load.body.render_bodies``) and inspecting the built pages (``generator.publish.gate``).
Workers are forked, so they start in a few milliseconds with everything this process has
loaded; below ``at_least`` items, or on one core, or where fork is missing, the work runs here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_map(function: Callable[[Item], Result], items: Sequence[Item],
             at_least: int = 200) -> list[Result]:
    """``[function(item) for item in items]``, on every core when there are enough items.

    ``function`` must be a module-level function; its results travel back pickled.
    """
    workers = min(cores(), len(items) // max(1, at_least // 2))
    if len(items) < at_least or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(function, items, chunksize=max(1, len(items) // (workers * 8)))


def fork_map_started(function: Callable[[Item], Result],
                     items: Sequence[Item]) -> Callable[[], list[Result]]:
    """Start ``fork_map`` on every core and return a function that waits for its results.

    For when this process has other work to do meanwhile; on one core (or without fork) the
    work is done when the results are asked for.
    """
    workers = min(cores(), len(items))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return lambda: [function(item) for item in items]
    pool = multiprocessing.get_context("fork").Pool(workers)
    pending = pool.map_async(function, items, chunksize=max(1, len(items) // (workers * 8)))

    def results() -> list[Result]:
        try:
            return pending.get()
        finally:
            pool.close()
            pool.join()
    return results
