"""Private: what the document formats need to know about the model, read from the attrs classes.

Every format (JSON, its schema, CSV) works from these descriptions rather than from field lists
written by hand, so a field or enum member added to the model reaches every format at once.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import Any

import attrs

from ..count import Count
from ..dataset import Dataset
from ..errors import ErrorDetail, ValidationError

__all__ = [
    "NO_DEFAULT",
    "Field",
    "fields",
    "household_sizes_not_carried",
    "is_enum",
    "model_classes",
    "optional_of",
    "sequence_of",
]

NO_DEFAULT: Any = attrs.NOTHING
"""Marks a field that a document must give."""


@attrs.frozen
class Field:
    """One init field of a model class as documents see it: the key, the type, the default."""

    name: str
    """The attribute name on the record (``upper_magnitude``)."""
    key: str
    """The key in documents, the ``__init__`` argument (``upper``)."""
    type: Any
    """The resolved type annotation."""
    default: Any
    """The default when the key is absent, or `NO_DEFAULT` when the key is required."""

    @property
    def required(self) -> bool:
        """True when a document must give this key."""
        return self.default is NO_DEFAULT


@functools.cache
def fields(cls: Any) -> tuple[Field, ...]:
    """The init fields of the attrs class *cls*, in declaration order, with resolved types.

    A default comes from attrs (`Count` declares its ``__init__``'s defaults on its fields too);
    a field whose default is ``None`` also accepts ``null``.
    """
    attrs.resolve_types(cls)
    found = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        key = a.alias or a.name
        default: Any = NO_DEFAULT
        if a.default is not attrs.NOTHING:
            factory = getattr(a.default, "factory", None)  # an attrs.Factory
            default = factory() if callable(factory) else a.default
        tp = a.type
        if default is None and not optional_of(tp)[1]:
            tp = typing.Optional[tp]  # noqa: UP045 - tp is a runtime value, not an annotation
        found.append(Field(a.name, key, tp, default))
    return tuple(found)


def optional_of(tp: Any) -> tuple[Any, bool]:
    """Split ``X | None`` into ``(X, True)``; other types give ``(tp, False)``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if type(None) in args:
            rest = tuple(a for a in args if a is not type(None))
            inner = rest[0] if len(rest) == 1 else functools.reduce(lambda x, y: x | y, rest)
            return inner, True
    return tp, False


def sequence_of(tp: Any) -> Any | None:
    """The item type of ``tuple[X, ...]``, else ``None``."""
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


def is_enum(tp: Any) -> bool:
    """True for an `Enum` class."""
    return isinstance(tp, type) and issubclass(tp, Enum)


def _walk(tp: Any) -> Iterator[Any]:
    tp, _ = optional_of(tp)
    item = sequence_of(tp)
    if item is not None:
        yield from _walk(item)
    elif typing.get_origin(tp) in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            yield from _walk(arg)
    elif attrs.has(tp):
        yield tp


@functools.cache
def model_classes() -> tuple[type[Any], ...]:
    """Every record class a `Dataset` document can hold, `Dataset` first, then in the order met."""
    seen: dict[Any, None] = {}
    todo: list[Any] = [Dataset, Count]
    while todo:
        cls = todo.pop(0)
        if cls in seen:
            continue
        seen[cls] = None
        for f in fields(cls):
            todo.extend(c for c in _walk(f.type) if c not in seen)
    return tuple(seen)


def household_sizes_not_carried(records: Sequence[Any], kind: str, format: str) -> None:
    """Refuse to write a household size that *format* (Arrow, HXL) has no column for yet.

    A count's ``household_size`` says how many people a household is taken to be; writing the
    count without it would silently lose that. Raises `ValidationError` naming every such count by
    its path (``flows[3].count.household_size``, ``flows[3].population.cohorts[0].count.household_size``).
    """
    errors = []
    for i, r in enumerate(records):
        counts = [("count", r.count)]
        counts += [(f"population.cohorts[{j}].count", c.count) for j, c in enumerate(r.population.cohorts)]
        for where, count in counts:
            if count is not None and count.household_size is not None:
                errors.append(
                    ErrorDetail(
                        f"{kind}[{i}].{where}.household_size",
                        f"{format} has no column for a household size yet: write the count "
                        "without it (attrs.evolve(count, household_size=None)) or use JSON or CSV, "
                        "which carry it",
                        count.household_size,
                    )
                )
    if errors:
        raise ValidationError(errors)
