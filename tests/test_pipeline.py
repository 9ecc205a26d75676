"""The cycle collector is paused for a stage and comes back as it was."""

from __future__ import annotations

import gc

import pytest

from generator.pipeline import paused_gc


def test_collector_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_restored_after_an_error_and_left_off_when_it_was_off() -> None:
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("stop")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
