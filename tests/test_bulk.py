"""The garbage-collector pause used by bulk builders restores the collector's state."""

from __future__ import annotations

import gc

import pytest

from displacement._bulk import paused_gc, paused_gc_during


def test_pause_and_restore() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error() -> None:
    with pytest.raises(ZeroDivisionError), paused_gc():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_decorator_keeps_the_function() -> None:
    @paused_gc_during
    def build(n: int) -> tuple[bool, int]:
        """Doc."""
        return gc.isenabled(), n

    assert build(3) == (False, 3)
    assert build.__doc__ == "Doc."
    assert gc.isenabled()
