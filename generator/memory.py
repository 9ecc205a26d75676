"""Pausing Python's cycle collector while a stage builds a large, long-lived structure."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector for the duration of the block.

    Validating, linking and rendering build many small objects and free almost none until the
    build ends, so each collection walks an ever larger heap for nothing: on a big site that
    was a quarter of the validation time and an eighth of the whole generator. What the stages
    build has no reference cycles worth collecting early (peak memory measured the same with
    and without); reference counting frees it as usual, and the collector runs again after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
