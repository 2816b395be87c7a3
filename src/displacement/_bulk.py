"""Private: helpers for code that makes many records at once (readers, totals).

Python's cyclic garbage collector runs every few hundred allocations and, once a dataset is
large, rescans it again and again while more records are made: measured here, a third of the
time of loading 100,000 flows from JSON. Records hold no reference cycles, so pausing the
collector for the duration of a bulk build loses nothing; it runs again right after.

The collector is one switch for the whole process. `paused_gc` counts the builds running (in
any thread, nested or not) and turns it back on only when the last one ends, and only if it was
on when the first began: a program that switched it off keeps it off. Meanwhile the garbage
cycles other threads make wait for the first collection after the build (UNHCR's flows.csv
takes 0.3 s of CPU time to read). The alternatives cost more, measured on that file and its
JSON (100,000 flows): without the pause, reading the CSV takes 1.36 times the CPU time and
loading the JSON 1.5 times; with a gen-0 threshold of 100,000 instead, 1.14 and 1.17 times;
with ``gc.freeze``, 1.1 and 1.46 times, and its ``unfreeze`` would thaw what the program froze.

`unchecked` and `unchecked_columns` make records without validating them. They refuse classes
whose ``__init__`` does more than set fields the caller gives (see `_buildable`), and when the
environment variable ``DISPLACEMENT_CHECK_UNCHECKED`` is set (not ``0``), as the test suite
sets it, every record they make is compared with what the class's own validating constructor
makes of the same fields.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import itertools
import os
import threading
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar

import attrs

from . import _validate
from .errors import DisplacementError

P = ParamSpec("P")
R = TypeVar("R")

CHECK_ENV = "DISPLACEMENT_CHECK_UNCHECKED"
"""The environment variable that makes `unchecked` and `unchecked_columns` check every record."""


def checks_asked(environ: Mapping[str, str]) -> bool:
    """Whether *environ* asks for the checks: `CHECK_ENV` set to anything but ``0`` (or blank)."""
    return environ.get(CHECK_ENV, "").strip() not in ("", "0")


class _Checks:
    """Whether the unchecked makers check what they make; read at every call, so tests may set it."""

    __slots__ = ("on",)

    def __init__(self, on: bool) -> None:
        self.on = on


checks = _Checks(checks_asked(os.environ))
"""The switch: `CHECK_ENV` when the library was imported (tests/conftest.py sets it again)."""


# -- the collector pause ----------------------------------------------------------------------

_lock = threading.Lock()
_pauses = 0  # bulk builds running now, in every thread
_resume = False  # whether the collector was on when the first of them began


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block (see the module's docstring).

    Re-entrant and thread-safe: the collector stays paused until the last block running in any
    thread ends, and is turned back on only if it was on when the first began. Code the block
    calls back (a progress callback) runs with it paused too.
    """
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def paused_gc_during(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a bulk builder so that it runs with the collector paused (`paused_gc`)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return fn(*args, **kwargs)

    return wrapper


# -- records made from validated parts --------------------------------------------------------

_SAFE_CONVERTERS: frozenset[object] = frozenset({_validate.to_tuple})
"""Converters that leave a value of the converted type as it is (a tuple stays the same tuple):
skipping them is safe when the caller passes converted values, which the checks verify."""


def _buildable(cls: type[Any], maker: str) -> tuple[attrs.Attribute[Any], ...]:
    """The fields of *cls*, if setting them is all its ``__init__`` needs to do; else `TypeError`.

    Refused: a class that is not an attrs class; one whose objects have a ``__dict__`` (a slot
    for every field and nothing else, so nothing else is left unset: not a cached hash either);
    a field the ``__init__`` does not take (its default or ``__attrs_post_init__`` would set it);
    a converter other than the tuple normaliser; an ``__attrs_pre_init__``. An
    ``__attrs_post_init__`` may only check, which the checks (`CHECK_ENV`) verify.
    """
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise TypeError(f"{maker} needs an attrs class, got {cls!r}")
    name = cls.__name__
    slots: set[str] = set()
    for klass in cls.__mro__[:-1]:
        declared = klass.__dict__.get("__slots__")
        if declared is None:
            raise TypeError(f"{maker} needs a slotted class; {klass.__name__} has no __slots__")
        slots.update((declared,) if isinstance(declared, str) else declared)
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)
    if "__dict__" in slots:
        raise TypeError(f"{maker} needs a slotted class; {name} has a __dict__ slot")
    extra = slots - {a.name for a in fields} - {"__weakref__"}
    if extra:
        raise TypeError(f"{maker}: {name} has slots that are no fields ({', '.join(sorted(extra))})")
    for a in fields:
        if not a.init:
            raise TypeError(f"{maker}: {name}.{a.name} is no __init__ argument, so it would stay unset")
        if a.converter is not None and a.converter not in _SAFE_CONVERTERS:
            raise TypeError(
                f"{maker}: {name}.{a.name} has a converter ({a.converter!r}), which it would skip"
            )
    if hasattr(cls, "__attrs_pre_init__"):
        raise TypeError(f"{maker}: {name} has an __attrs_pre_init__, which it would skip")
    return fields


def _check(cls: type[Any], record: Any, maker: str) -> None:
    """Raise `AssertionError` unless *record* is, field by field, what ``cls(...)`` makes of its fields.

    An `AssertionError`, not a `DisplacementError`: it is the library's mistake, and a reader that
    accounts for bad rows must not take it for one.
    """
    fields = attrs.fields(cls)
    try:
        valid = cls(**{a.alias: getattr(record, a.name) for a in fields})
    except DisplacementError as exc:
        raise AssertionError(f"{maker} made a record that {cls.__name__}(...) refuses: {exc}") from exc
    for a in fields:
        made, want = getattr(record, a.name), getattr(valid, a.name)
        if made is not want and (type(made) is not type(want) or made != want):
            raise AssertionError(
                f"{maker} made {a.name}={made!r:.100} where {cls.__name__}(...) makes {want!r:.100}"
            )


def _defaults(cls: type[Any]) -> dict[str, Any]:
    """The fields of *cls* that ``cls(...)`` fills in when left out, with the value it stores.

    Only plain defaults of an attrs-made ``__init__``: a factory makes a new value each time, and
    a hand-written ``__init__`` (`Count`'s) may turn its defaults into other stored values.
    """
    if hasattr(cls, "__attrs_init__"):  # attrs made no __init__ of its own: a hand-written one
        return {}
    return {
        a.name: a.default
        for a in attrs.fields(cls)
        if a.default is not attrs.NOTHING and not isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]
    }


def unchecked(cls: type[R]) -> Callable[..., R]:
    """A constructor for *cls* that sets its fields without running validators or converters.

    Only for readers that build a record from parts they have already validated (shared places,
    periods, counts) and values that cannot be wrong by construction: validation is most of the
    cost of making a record, and a reader of 100,000 rows would run it on the same parts
    100,000 times. Takes every field, by name or in field order; a field with a plain default
    (``None``, ``()``) may be left out, as ``cls(...)`` allows, so that a field added to the model
    with a default needs no change in the readers (a field after one with a default is taken by
    name only; a class with a hand-written ``__init__`` fills in nothing). The result is equal to what ``cls(...)`` would make from the same values, which the tests check
    on real data (every record is checked when `CHECK_ENV` is set). Refuses, with `TypeError`, a
    class whose ``__init__`` does more than set those fields (see `_buildable`).
    """
    fields = _buildable(cls, "unchecked")
    names = [a.name for a in fields]
    if any(n.startswith("_u_") for n in names):  # the helpers' names below
        raise TypeError(f"unchecked: {cls.__name__} has a field named _u_...")
    defaults = _defaults(cls)
    parameters: list[str] = []
    for i, name in enumerate(names):
        if name in defaults:
            if "*" not in parameters and any(n not in defaults for n in names[i + 1 :]):
                parameters.append("*")  # a field without a default follows: by name from here on
            parameters.append(f"{name}=_u_default_{name}")
        else:
            parameters.append(name)
    lines = [f"def make({', '.join(parameters)}):", "    _u_self = _u_new(_u_cls)"]
    lines += [f"    _u_setattr(_u_self, {n!r}, {n})" for n in names]
    lines += ["    if _u_checks.on:", "        _u_check(_u_cls, _u_self, _u_maker)", "    return _u_self"]
    namespace: dict[str, Any] = {
        "_u_new": object.__new__,
        "_u_cls": cls,
        "_u_setattr": object.__setattr__,
        "_u_checks": checks,
        "_u_check": _check,
        "_u_maker": f"unchecked({cls.__name__})",
        **{f"_u_default_{name}": value for name, value in defaults.items()},
    }
    exec("\n".join(lines), namespace)  # the way attrs makes its own __init__
    maker: Callable[..., R] = namespace["make"]
    maker.__qualname__ = f"unchecked({cls.__name__})"
    return maker


def unchecked_columns(cls: type[R]) -> Callable[..., list[R]]:
    """A bulk `unchecked`: make *count* records of *cls* from one column of values per field.

    ``make(count, id=ids, origin=origins, ...)`` takes every field by name (those with a plain
    default may be left out, as in `unchecked`), each a sequence of *count* values or an
    ``itertools.repeat`` of one value shared by every record. It sets one
    field of every record at a time, a C-level ``map`` over the field's slot (which, like
    ``object.__setattr__``, passes a frozen class's ``__setattr__`` by): about 1.6 times as fast
    as calling `unchecked` per record on 100,000 flows. The same trust rules, refusals and
    checks apply: only for parts a reader has validated.
    """
    slots = []
    for a in _buildable(cls, "unchecked_columns"):
        slot = getattr(cls, a.name, None)
        if not isinstance(slot, types.MemberDescriptorType):
            raise TypeError(f"unchecked_columns needs a slotted class; {cls.__name__}.{a.name} is no slot")
        slots.append((a.name, slot.__set__))
    new = object.__new__

    defaults = _defaults(cls)
    required = {name for name, _ in slots} - defaults.keys()

    def make(count: int, /, **columns: Sequence[Any] | itertools.repeat[Any]) -> list[R]:
        if not required <= columns.keys() <= {name for name, _ in slots}:
            raise TypeError(
                f"expected the fields {[name for name, _ in slots]} (those with a default may be left "
                f"out), got {list(columns)}"
            )
        columns = {name: columns.get(name, itertools.repeat(defaults.get(name))) for name, _ in slots}
        for name, values in columns.items():
            if not isinstance(values, itertools.repeat) and len(values) != count:
                raise ValueError(f"{name}: {len(values)} values for {count} records")
        records: list[R] = list(map(new, itertools.repeat(cls, count)))
        for name, set_slot in slots:
            collections.deque(map(set_slot, records, columns[name]), maxlen=0)  # run the map in C
        if checks.on:
            for record in records:
                _check(cls, record, make.__qualname__)
        return records

    make.__qualname__ = f"unchecked_columns({cls.__name__})"
    return make
