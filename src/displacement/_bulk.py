"""Private: helpers for code that makes many records at once (readers, totals).

Python's cyclic garbage collector runs every few hundred allocations and, once a dataset is
large, rescans it again and again while more records are made: measured here, a third of the
time of loading 100,000 flows from JSON. Records hold no reference cycles, so pausing the
collector for the duration of a bulk build loses nothing; it runs again right after.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import itertools
import types
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ParamSpec, TypeVar

import attrs

P = ParamSpec("P")
R = TypeVar("R")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it is on) for the ``with`` block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def paused_gc_during(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a bulk builder so that it runs with the collector paused (`paused_gc`)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return fn(*args, **kwargs)

    return wrapper


def unchecked(cls: type[R]) -> Callable[..., R]:
    """A constructor for *cls* that sets its fields without running validators or converters.

    Only for readers that build a record from parts they have already validated (shared places,
    periods, counts) and values that cannot be wrong by construction: validation is most of the
    cost of making a record, and a reader of 100,000 rows would run it on the same parts
    100,000 times. Takes every field, by name or in field order (defaults are not filled in); the
    result is equal to what ``cls(...)`` would make from the same values, which the tests check
    on real data.
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    names = [a.name for a in fields]
    lines = [f"def make({', '.join(names)}):", "    self = new(cls)"]
    lines += [f"    setattr(self, {n!r}, {n})" for n in names]
    lines.append("    return self")
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, "setattr": object.__setattr__}
    exec("\n".join(lines), namespace)  # the way attrs makes its own __init__
    maker: Callable[..., R] = namespace["make"]
    maker.__qualname__ = f"unchecked({cls.__name__})"
    return maker


def unchecked_columns(cls: type[R]) -> Callable[..., list[R]]:
    """A bulk `unchecked`: make *count* records of *cls* from one column of values per field.

    ``make(count, id=ids, origin=origins, ...)`` takes every field by name, each a sequence of
    *count* values or an ``itertools.repeat`` of one value shared by every record. It sets one
    field of every record at a time, a C-level ``map`` over the field's slot (which, like
    ``object.__setattr__``, passes a frozen class's ``__setattr__`` by): about 1.6 times as fast
    as calling `unchecked` per record on 100,000 flows. The same trust rules apply: only for
    parts a reader has validated.
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    slots = []
    for a in fields:
        slot = getattr(cls, a.name, None)
        if not isinstance(slot, types.MemberDescriptorType):
            raise TypeError(f"unchecked_columns needs a slotted class; {cls.__name__}.{a.name} is no slot")
        slots.append((a.name, slot.__set__))
    new = object.__new__

    def make(count: int, /, **columns: Sequence[Any] | itertools.repeat[Any]) -> list[R]:
        if columns.keys() != {name for name, _ in slots}:
            raise TypeError(f"expected the fields {[name for name, _ in slots]}, got {list(columns)}")
        for name, values in columns.items():
            if not isinstance(values, itertools.repeat) and len(values) != count:
                raise ValueError(f"{name}: {len(values)} values for {count} records")
        records: list[R] = list(map(new, itertools.repeat(cls, count)))
        for name, set_slot in slots:
            collections.deque(map(set_slot, records, columns[name]), maxlen=0)  # run the map in C
        return records

    make.__qualname__ = f"unchecked_columns({cls.__name__})"
    return make
