"""Private attrs validators and converters shared by the model classes.

Every validator raises `ValidationError` naming the field (``attribute.name``) and the bad value,
never attrs' own `TypeError`, so that callers catch one exception family.

A validator that can say what it accepts in JSON Schema words is `Described`: it has a
``json_schema`` mapping (the keywords a valid, non-null value meets). `displacement.io.schema`
reads only that, so the schema is generated from the validators' data, never from their code.
A validator is marked with `accepts` (a factory such as `number_in` marks the function it makes
with its parameters). They stay functions rather than classes with ``__call__`` (as attrs' own
validators are) because they run on every record built, and CPython calls a function faster.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import attrs

from .errors import ErrorDetail, ValidationError

E = TypeVar("E", bound=Enum)
S = TypeVar("S", bound=str)
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
F = TypeVar("F", bound=Validator)


@runtime_checkable
class Described(Protocol):
    """A validator that says, as JSON Schema keywords, what a valid non-null value meets."""

    @property
    def json_schema(self) -> Mapping[str, Any]:
        """The keywords, such as ``{"minimum": 0}``; added to those of the field's type."""

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any, /) -> None:
        """Raise `ValidationError` if *value* is not valid for *attribute*."""


def accepts(keywords: Mapping[str, Any]) -> Callable[[F], F]:
    """Mark a validator function as `Described` by *keywords* (a decorator).

    >>> @accepts({"pattern": "^[a-z]+$"})
    ... def lowercase(instance, attribute, value): ...
    >>> isinstance(lowercase, Described), lowercase.json_schema
    (True, {'pattern': '^[a-z]+$'})
    """

    def mark(check: F) -> F:
        vars(check)["json_schema"] = dict(keywords)
        return check

    return mark


def all_of(*validators: Validator) -> Validator:
    """One validator that runs *validators* in order: use it instead of attrs' ``validator=[a, b]``.

    It is `Described` by the keywords of its parts that are, or by their ``allOf`` when two parts
    set the same keyword (attrs' own ``and_`` keeps its parts in a private attribute, which the
    schema must not read).

    >>> both = all_of(accepts({"minimum": 0})(lambda i, a, v: None), accepts({"maximum": 9})(lambda i, a, v: None))
    >>> both.json_schema
    {'minimum': 0, 'maximum': 9}
    """
    parts = tuple(validators)
    described = [dict(part.json_schema) for part in parts if isinstance(part, Described)]
    keywords: dict[str, Any] = {}
    for one in described:
        keywords.update(one)
    if sum(map(len, described)) > len(keywords):  # two parts set one keyword: keep both
        keywords = {"allOf": described}

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        for part in parts:
            part(instance, attribute, value)

    return accepts(keywords)(check)


TEXT_SCHEMA: Mapping[str, Any] = {"minLength": 1, "pattern": r"\S"}
"""What `text` accepts: at least one character that is not whitespace."""


def name(attribute: attrs.Attribute[Any]) -> str:
    """The field's name as the caller writes it (its ``__init__`` alias)."""
    return attribute.alias or attribute.name


def fail(attribute: attrs.Attribute[Any], message: str, value: Any) -> ValidationError:
    """Build the error for *attribute* (used with ``raise``)."""
    return ValidationError([ErrorDetail(name(attribute), message, value)])


def show(value: Any) -> str:
    """A short, safe rendering of a bad value for messages."""
    if isinstance(value, int) and value.bit_length() > 256:
        # repr() of an int of over 4,300 digits raises ValueError, and a long one says nothing
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"a number of about {digits:,} digits ({type(value).__name__})"
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{text} ({type(value).__name__})"


def quoted(text: str, limit: int = 40) -> str:
    """*text* quoted for a message, cut after *limit* characters and followed by its length.

    A message names the bad value; it must not echo a whole document back.
    """
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text):,} characters)"


def one_of(name: str, value: object, allowed: tuple[S, ...]) -> S:
    """*value* if it is one of the strings *allowed*, else a `ValidationError` naming *name*.

    >>> one_of("unit", "person", ("person", "household"))
    'person'
    >>> one_of("unit", "acre", ("person", "household"))
    Traceback (most recent call last):
    ...
    displacement.errors.ValidationError: unit: expected 'person' or 'household', got 'acre' (str)
    >>> one_of("day", 7, ("mon", "tue", "wed"))
    Traceback (most recent call last):
    ...
    displacement.errors.ValidationError: day: expected one of 'mon', 'tue', 'wed', got 7 (int)
    """
    if isinstance(value, str) and value in allowed:
        return allowed[allowed.index(value)]
    names = [repr(a) for a in allowed]
    expected = " or ".join(names) if len(names) <= 2 else f"one of {', '.join(names)}"
    raise ValidationError.single(name, f"expected {expected}, got {show(value)}", value)


def to_tuple(value: Any) -> Any:
    """Turn a list (or other non-string iterable) into a tuple; leave anything else for the validator."""
    kind = type(value)
    if kind is tuple:  # the common cases first: isinstance against an ABC is slow
        return value
    if kind is list:
        return tuple(value)
    if isinstance(value, (tuple, str, bytes)) or not isinstance(value, Iterable):
        return value
    return tuple(value)


# `to_tuple` under the names the model's tuple fields use, one per item type. At run time they
# are all `to_tuple` itself. For type checkers each takes an iterable of its item type: attrs'
# mypy plugin types a field's ``__init__`` parameter from its converter's argument (it does not
# solve a generic converter against the field), so ``Flow(attributions=["upi"])`` or
# ``Dataset(flows=flow)`` is rejected before it runs. The run-time function keeps its ``Any``
# annotations, which attrs copies into ``__init__``, so ``typing.get_type_hints`` on a record's
# ``__init__`` (hypothesis, cattrs) resolves exactly as before.
if TYPE_CHECKING:
    from .actor import Actor, Role
    from .event import Event, Figure, Participation
    from .flow import Cohort, Flow, Share, Stock
    from .place import Place
    from .source import Attribution, Source

    def to_strs(value: Iterable[str]) -> tuple[str, ...]: ...
    def to_attributions(value: Iterable[Attribution]) -> tuple[Attribution, ...]: ...
    def to_roles(value: Iterable[Role]) -> tuple[Role, ...]: ...
    def to_places(value: Iterable[Place]) -> tuple[Place, ...]: ...
    def to_participations(value: Iterable[Participation]) -> tuple[Participation, ...]: ...
    def to_figures(value: Iterable[Figure]) -> tuple[Figure, ...]: ...
    def to_cohorts(value: Iterable[Cohort]) -> tuple[Cohort, ...]: ...
    def to_shares(value: Iterable[Share]) -> tuple[Share, ...]: ...
    def to_sources(value: Iterable[Source]) -> tuple[Source, ...]: ...
    def to_actors(value: Iterable[Actor]) -> tuple[Actor, ...]: ...
    def to_events(value: Iterable[Event]) -> tuple[Event, ...]: ...
    def to_flows(value: Iterable[Flow]) -> tuple[Flow, ...]: ...
    def to_stocks(value: Iterable[Stock]) -> tuple[Stock, ...]: ...

    # `Stock.as_of` takes a date or a whole `Period` (which the stock resolves); to_tuple leaves both
    from datetime import date

    from .period import Period

    def to_as_of(value: date | Period) -> date: ...

else:
    to_strs = to_attributions = to_roles = to_places = to_participations = to_figures = to_tuple
    to_cohorts = to_shares = to_sources = to_actors = to_events = to_flows = to_stocks = to_as_of = to_tuple


@accepts(TEXT_SCHEMA)
def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty string without surrounding whitespace-only content."""
    if not isinstance(value, str):
        raise fail(attribute, f"expected a string, got {show(value)}", value)
    if not value.strip():
        raise fail(attribute, "must not be empty", value)


@accepts(TEXT_SCHEMA)
def optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``None`` or a non-empty string."""
    if value is not None:
        text(instance, attribute, value)


@accepts({"items": TEXT_SCHEMA})
def texts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A tuple of non-empty strings."""
    if not isinstance(value, tuple):
        raise fail(attribute, f"expected a sequence of strings, got {show(value)}", value)
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(
                [
                    ErrorDetail(
                        f"{name(attribute)}[{i}]", f"expected a non-empty string, got {show(item)}", item
                    )
                ]
            )


def optional_bool(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``None``, ``True`` or ``False`` (not 0 or 1)."""
    if value is not None and not isinstance(value, bool):
        raise fail(attribute, f"expected true, false or None, got {show(value)}", value)


def enum(cls: type[E]) -> Validator:
    """A member of the enum *cls* (its string value is not enough: use ``cls(value)``)."""
    names = ", ".join(m.name for m in cls)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            hint = ""
            if isinstance(value, str) and value in cls._value2member_map_:
                hint = f" (use {cls.__name__}({value!r}))"
            raise fail(attribute, f"expected a {cls.__name__} ({names}), got {show(value)}{hint}", value)

    return check


def optional_enum(cls: type[E]) -> Validator:
    """``None`` or a member of *cls*."""
    inner = enum(cls)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def instance(cls: type[Any], *, optional: bool = False) -> Validator:
    """An instance of *cls* (or ``None`` when *optional*)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, cls):
            expected = f"a {cls.__name__}" + (" or None" if optional else "")
            raise fail(attribute, f"expected {expected}, got {show(value)}", value)

    return check


def instances(cls: type[Any]) -> Validator:
    """A tuple whose items are all instances of *cls*."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise fail(attribute, f"expected a sequence of {cls.__name__}, got {show(value)}", value)
        for i, item in enumerate(value):
            if not isinstance(item, cls):
                raise ValidationError(
                    [
                        ErrorDetail(
                            f"{name(attribute)}[{i}]",
                            f"expected a {cls.__name__}, got {show(item)}",
                            item,
                        )
                    ]
                )

    return check


def number_in(low: float, high: float, *, optional: bool = False) -> Validator:
    """A finite real number (not a bool) within ``[low, high]`` (or ``None`` when *optional*).

    The validator is `Described` by its bounds (a closure, not a class with ``__call__``: it
    runs on every record built, and CPython calls a function faster than an object).

    >>> number_in(-90, 90, optional=True).json_schema
    {'minimum': -90, 'maximum': 90}
    """

    @accepts({"minimum": low, "maximum": high})
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(attribute, f"expected a number, got {show(value)}", value)
        if isinstance(value, float) and not math.isfinite(value):
            raise fail(attribute, f"{value!r} is not a finite number", value)
        if not low <= value <= high:
            raise fail(attribute, f"{value!r} is outside [{low:g}, {high:g}]", value)

    return check


def positive_problem(value: Any, of: str) -> str | None:
    """What is wrong with *value* as a positive finite real number (not a bool) of *of*, or None.

    The one check of a household size, wherever one is given (`Count`, `HouseholdSizes`, the
    ``household_size`` context of the unit registry); each caller adds its own upper limit.

    >>> positive_problem(4.5, "persons per household") is None
    True
    >>> positive_problem(float("nan"), "persons per household")
    'nan is not a positive finite number of persons per household'
    >>> positive_problem("5", "persons")
    "expected a number, got '5' (str)"
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected a number, got {show(value)}"
    if (isinstance(value, float) and not math.isfinite(value)) or value <= 0:
        shown = repr(value) if isinstance(value, float) or value.bit_length() <= 128 else show(value)
        return f"{shown} is not a positive finite number of {of}"
    return None


def date_value(cls: type[Any], *, optional: bool = True) -> Validator:
    """A `datetime.date` (or the given subclass) or ``None``; datetimes are refused for dates."""
    import datetime as dt

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if cls is dt.date and isinstance(value, dt.datetime):
            raise fail(attribute, f"expected a date, got a datetime {value.isoformat()} (use .date())", value)
        if not isinstance(value, cls):
            raise fail(attribute, f"expected a {cls.__name__}, got {show(value)}", value)

    return check
