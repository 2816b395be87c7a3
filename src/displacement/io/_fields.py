"""Private: what the formats need to know about the model, read from the attrs classes.

Every format works from these descriptions rather than from field lists written by hand, so a
field or enum member added to the model reaches every format at once: JSON, its schema and CSV
through `fields`; the table formats (Arrow, HXL) through `columns`, the flattening of a record
into flat columns, which also says per format what it does not carry and why (`NOT_CARRIED`).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from enum import Enum
from typing import Any, Final

import attrs

from ..count import Count
from ..dataset import Dataset

__all__ = [
    "NOT_CARRIED",
    "NO_DEFAULT",
    "Column",
    "Field",
    "columns",
    "fields",
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

    A field with ``metadata={"document": False}`` is no part of a document and is left out.

    A default comes from attrs (`Count` declares its ``__init__``'s defaults on its fields too);
    a field whose default is ``None`` also accepts ``null``.
    """
    attrs.resolve_types(cls)
    found = []
    for a in attrs.fields(cls):
        if not a.init or a.metadata.get("document") is False:  # how it was read: `Dataset.references`
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


NOT_CARRIED: Final[dict[str, dict[str, str]]] = {
    # format -> column key (document keys, ``[]`` for the items of a list) -> why it is not carried.
    # A format carries every column of `columns` that is not listed here for it.
    "arrow": {},
    "hxl": {
        # A cohort is one number column: write_hxl refuses (raises on) a cohort count that is not
        # exact or that has a household size, so nothing is dropped, and an exact count has no
        # upper end.
        "population.cohorts[].count.qualifier": "one number a cohort: only exact counts, others refused",
        "population.cohorts[].count.upper": "one number a cohort: only exact counts, others refused",
        "population.cohorts[].count.household_size": (
            "one number a cohort: a cohort count with a household size is refused"
        ),
        # A list of places has no cell of its own in HXL (one cell a column), and joining several
        # places' codes, names and coordinates in one cell would be a format of our own that HXL
        # tools cannot read: write_hxl refuses (raises on) a flow with a route rather than drop it.
        "via": "a list of places has no HXL column: a flow with a route (via) is refused",
        # The parts of a mixed population are a list of records like the route: no one cell holds
        # them, so write_hxl refuses a mixed population (with shares) rather than drop its parts.
        "population.shares": "a list of parts has no HXL column: a mixed population (shares) is refused",
    },
}
"""The columns of `columns` that a table format does not carry, with the reason."""


@attrs.frozen
class Column:
    """One flat column of a record type, as the table formats (Arrow, HXL) lay it out.

    A field that holds a record (a `Place`, a `Count`) becomes the columns of that record, their
    names joined with ``_`` (``origin_country``, ``count_value``); a list of records becomes one
    column whose items have their own columns (`items`); anything else is a leaf.
    """

    name: str
    """The flat name: document keys joined with ``_`` (``count_upper``, ``period_as_of``)."""
    key: str
    """The model path in document keys, joined with ``.`` (``count.upper``, ``period.as_of``)."""
    attributes: tuple[str, ...]
    """The attribute names that lead from the record to the value (``("count", "upper_magnitude")``)."""
    type: Any
    """The type of a value, without ``None``: `str`, `int`, `float`, ``int | float``, `bool`,
    `date`, an `Enum`, ``tuple[str, ...]``, or for `items` the record class of an item."""
    nullable: bool
    """True when the value may be ``None`` (its field, or a record around it, is optional)."""
    owner: Any
    """The record class whose field this is (`Count` for ``count_value``)."""
    items: tuple[Column, ...] = ()
    """For a list of records: the columns of one item, relative to the item."""

    @property
    def part(self) -> tuple[str, ...]:
        """The attributes of the record that holds this column's field (``("count",)``)."""
        return self.attributes[:-1]

    def why_not(self, format: str, prefix: str = "") -> str | None:
        """Why *format* does not carry this column, or ``None`` when it does."""
        return NOT_CARRIED.get(format, {}).get(prefix + self.key)


@functools.cache
def columns(cls: Any) -> tuple[Column, ...]:
    """The flat columns of the attrs class *cls* (`Flow`, `Stock`...), in field order, recursively."""
    return tuple(_flatten(cls, (), (), (), False))


def _flatten(
    cls: Any, names: tuple[str, ...], keys: tuple[str, ...], attributes: tuple[str, ...], optional: bool
) -> Iterator[Column]:
    stored = attrs.fields_dict(cls)
    for f in fields(cls):
        tp, _ = optional_of(f.type)
        nullable = optional or optional_of(stored[f.name].type)[1]  # what the record holds, not the key
        here = (*names, f.key), (*keys, f.key), (*attributes, f.name)
        item = sequence_of(tp)
        if item is not None and attrs.has(item):
            inner = tuple(_flatten(item, (), (), (), False))
            yield Column("_".join(here[0]), ".".join(here[1]), here[2], item, nullable, cls, inner)
        elif attrs.has(tp):
            yield from _flatten(tp, *here, nullable)
        else:
            yield Column("_".join(here[0]), ".".join(here[1]), here[2], tp, nullable, cls)
