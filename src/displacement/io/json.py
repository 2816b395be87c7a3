"""JSON documents: a `Dataset` (or any single record) to JSON text and back, exactly.

A dataset document is an object with a ``schema_version`` and one array per record type. Keys
come out in the model's field order, so the same dataset always gives the same bytes; fields at
their default are left out; a count keeps its unit, qualifier and upper bound; an unquantified
count is ``null``, never 0; dates are ISO 8601.

>>> from displacement import Count, Qualifier
>>> from displacement.io import json
>>> print(json.dumps(Count(98000, qualifier=Qualifier.MORE_THAN), indent=None))
{"value": 98000, "unit": "person", "qualifier": "more_than"}
>>> json.loads('{"value": 98000, "qualifier": "more_than"}', Count)
Count(98000, qualifier=Qualifier.MORE_THAN)

Loading reports every problem in the document, each with the path of the JSON the user wrote:

>>> json.loads('[{"value": -5, "qualfier": "exact"}, {"value": "many"}]', tuple[Count, ...])
Traceback (most recent call last):
...
displacement.errors.ValidationError: 3 validation errors:
  - [0].qualfier: unknown key (did you mean 'qualifier'?)
  - [0].value: -5 is negative
  - [1].value: expected a number, got the string 'many'

Unknown keys are errors, so a misspelt field never vanishes; ``ignore_unknown=True`` skips them
instead, for documents written by a newer version. Text that is not JSON at all raises
`DocumentError`.

With msgspec installed (``pip install msgspec``), `loads` parses with it, about twice as fast as
the standard library; the records and every error are the same either way.
"""

from __future__ import annotations

import difflib
import functools
import json as _json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from enum import Enum
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias, TypeVar, overload

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter, make_converter

from .._bulk import paused_gc
from .._repr import Choice
from .._validate import one_of
from ..count import Count
from ..dataset import REFERENCES, Dataset, References
from ..errors import DisplacementError, DocumentError, ErrorDetail, ValidationError
from ..flow import Cohort, Population
from ..hazard import Hazard
from ..period import Period
from ..place import Place
from ..source import Attribution
from . import SCHEMA_VERSION, SUPPORTED_VERSIONS, _fields
from ._cells import FLOAT_MAX, TOO_LARGE, TOO_SMALL, cannot_open

if TYPE_CHECKING:
    from ..actor import Actor, Role
    from ..event import Event, Figure, Participation
    from ..flow import Cohort, Flow, Population, Share, Stock
    from ..period import Period
    from ..place import Place
    from ..source import Attribution, Source

__all__ = [
    "SCHEMA_VERSION",
    "SUPPORTED_VERSIONS",
    "dump",
    "dumps",
    "load",
    "loads",
    "structure",
    "unstructure",
]

# `SCHEMA_VERSION`, written into every dataset document, and `SUPPORTED_VERSIONS`, the values
# read, are the whole document family's (`displacement.io`): Arrow tables carry the same.

T = TypeVar("T")
Progress = Callable[[int, int], object]
"""Called as ``progress(done, total)`` while the records of a dataset are read."""

DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""An ISO 8601 calendar date as documents write it: ``2022-09-27``."""
DATETIME_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{6})?)?)?$"
)
"""An ISO 8601 date and time, with an optional UTC offset: ``2022-09-27T12:24:00-04:00``."""
_DATE = re.compile(DATE_PATTERN)
_DATETIME = re.compile(DATETIME_PATTERN)
_SURROGATE = re.compile("[\ud800-\udfff]")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RECORD_PATH = re.compile(r"([a-z_]+)\[(\d+)\]")


_SHARED: Final = frozenset({Place, Period, Count, Population, Cohort, Attribution})
"""Value records (no id) that a document may repeat: made once per distinct JSON object."""
_TRIAL: Final = 2048
"""Objects of one type read before sharing gives up on a type that seldom repeats."""


# -- reading JSON text --------------------------------------------------------------------------


class _Unreadable:
    """A JSON number the model cannot hold (``1e400``) or a non-JSON constant (``NaN``).

    The reader keeps it in place so that the error can name its path; every hook refuses it.
    *text* is the token as written, shortened for messages; *why* says what is wrong with it.
    """

    __slots__ = ("text", "why")

    def __init__(self, text: str, why: str = "") -> None:
        self.text = _shorten(text)
        if not why:
            why = (
                "is not allowed: JSON has no such number"
                if text in ("NaN", "Infinity", "-Infinity")
                else TOO_LARGE
            )
        self.why = why

    def __repr__(self) -> str:
        return self.text


def _shorten(text: str) -> str:
    """A number's text as messages show it: ``12345678901234567890... (5000 digits)``."""
    if len(text) <= 30:
        return text
    return f"{text[:20]}... ({len(text)} characters)"


class _Object(dict[str, Any]):
    """A JSON object that repeats a key (JSON readers silently keep the last one; we do not)."""

    __slots__ = ("repeated",)
    repeated: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    found = _Object(obj)
    found.repeated = [k for k, n in Counter(k for k, _ in pairs).items() if n > 1]
    return found


def _float(text: str) -> float | _Unreadable:
    value = float(text)
    if not math.isfinite(value):
        return _Unreadable(text)
    if value == 0.0 and text.lower().partition("e")[0].strip("-+0."):
        return _Unreadable(text, TOO_SMALL)  # 1e-400: below the smallest float64, not 0
    return value


def _int(text: str) -> int | _Unreadable:
    try:
        value = int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        return _Unreadable(text)
    return value if -FLOAT_MAX <= value <= FLOAT_MAX else _Unreadable(text)


def parse_json(data: str | bytes | bytearray) -> Any:
    """JSON text (or UTF-8 bytes) to Python values; any failure is a `DocumentError`.

    Stricter than `json.loads`: a repeated key and a number a float64 cannot hold are kept as
    markers that `structure` refuses with their path. Not in `__all__`: the reader behind `loads`,
    shared with `displacement.io.csv` for cells that hold JSON (lists, numbers).
    """
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            before = bytes(data[: exc.start])
            bad = bytes(data[exc.start : exc.start + 1])
            raise DocumentError(
                f"the document is not valid UTF-8: byte {bad!r} at offset {exc.start}",
                line=before.count(b"\n") + 1,
                column=exc.start - before.rfind(b"\n"),
            ) from None
    elif isinstance(data, str):
        text = data
    else:
        raise DocumentError(f"expected JSON text (str or bytes), got {type(data).__name__}")
    text = text.removeprefix("\ufeff")  # a byte order mark that some editors write
    try:
        return _json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_float=_float,
            parse_int=_int,
            parse_constant=_Unreadable,
        )
    except _json.JSONDecodeError as exc:
        if not text.strip():
            raise DocumentError("the document is empty") from None
        message = exc.msg
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            message = f"the document ends too early (truncated?): {exc.msg}"
        raise DocumentError(f"not valid JSON: {message}", line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise DocumentError("not readable: arrays or objects nest too deeply") from None


# -- describing bad values ----------------------------------------------------------------------


def _describe(value: Any) -> str:
    """How a JSON value looks, for messages: ``the string 'x'``, ``an array of 3 items``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _Unreadable):
        return value.text
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        text = repr(value)
        return f"the string {text[:60] + '...' if len(text) > 60 else text}"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _fault(message: str, value: Any) -> ValidationError:
    return ValidationError(
        [ErrorDetail("", message, value.text if isinstance(value, _Unreadable) else value)]
    )


def _expected(what: str, value: Any) -> ValidationError:
    if isinstance(value, _Unreadable):
        return _fault(f"{value.text} {value.why}", value)
    return _fault(f"expected {what}, got {_describe(value)}", value)


def _join(path: str, key: str) -> str:
    """*path* then the object key *key*: ``flows[3].count``, or ``flows[3]["a b"]`` for other keys.

    A key longer than 60 characters is shortened (a path is part of every message), and one with
    an unpaired surrogate is written with ASCII escapes (it cannot be printed as it is).
    """
    if len(key) > 60:
        key = f"{key[:40]}... ({len(key)} characters)"
    elif _KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    ascii_only = not key.isascii() and _SURROGATE.search(key) is not None
    return f"{path}[{_json.dumps(key, ensure_ascii=ascii_only)}]"


# -- structure hooks: strict, so nothing is silently coerced --------------------------------------


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise _expected("a string", value)
    if not value.isascii() and _SURROGATE.search(value):
        raise _fault("contains an unpaired surrogate (\\ud800 to \\udfff), which is not text", value)
    return value


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise _expected("true or false", value)
    return value


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():  # 4.0 is a float: no silent coercion to 4
        raise _fault(
            f"{value!r} is not a whole number (write {int(value)}, without the decimal point)", value
        )
    raise _expected("a whole number", value)


def _structure_number(value: Any, _: Any) -> int | float:
    if type(value) is float or type(value) is int:
        return value  # the parser has refused numbers out of a float64's range (`_int`, `_float`)
    raise _expected("a number", value)


def _structure_date(value: Any, _: Any) -> date:
    if type(value) is not str:
        raise _expected("an ISO 8601 date such as '2022-09-27'", value)
    if _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise _fault(f"{value!r} is not a date ({exc})", value) from None
    raise _fault(f"{_describe(value)} is not an ISO 8601 date such as '2022-09-27'", value)


def _structure_datetime(value: Any, _: Any) -> datetime:
    if type(value) is str and _DATETIME.match(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError as exc:
            raise _fault(f"{value!r} is not a date and time ({exc})", value) from None
    raise _expected("an ISO 8601 date and time such as '2022-09-27T12:24:00-04:00'", value)


def _structure_date_or_datetime(value: Any, _: Any) -> date:
    if type(value) is str and "T" in value:
        return _structure_datetime(value, datetime)
    if type(value) is str and not _DATE.match(value):
        raise _fault(
            f"{_describe(value)} is neither an ISO 8601 date ('2022-09-27') "
            "nor a date and time ('2022-09-27T12:24:00-04:00')",
            value,
        )
    return _structure_date(value, date)


@functools.cache
def _enum_hook(cls: Any) -> Callable[[Any, Any], Any]:
    members = {m.value: m for m in cls}
    names = ", ".join(repr(v) for v in members)

    def structure(value: Any, _: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            hint = ""
            if isinstance(value, str):
                close = difflib.get_close_matches(value.lower().replace(" ", "_"), list(members), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise _fault(f"expected one of {names}, got {_describe(value)}{hint}", value) from None

    return structure


def _structure_enum(value: Any, cls: Any) -> Any:
    return _enum_hook(cls)(value, cls)


def _is_union(tp: Any) -> bool:
    return _fields.optional_of(tp)[1] or {*getattr(tp, "__args__", ())} in ({int, float}, {date, datetime})


def _mapping_errors(value: Any, cls: type[Any], allowed: Iterable[str] | None) -> list[Exception]:
    """Repeated keys (and, with *allowed*, unknown keys) of an object, as exceptions."""
    problems: list[Exception] = []
    if isinstance(value, _Object):
        problems.append(
            ValidationError(
                [
                    ErrorDetail(_join("", k), "appears more than once in this object", k)
                    for k in value.repeated
                ]
            )
        )
    if allowed is not None:
        extra = set(value) - set(allowed)
        if extra:
            problems.append(ForbiddenExtraKeysError("", cls, extra))
    return problems


class _Reader:
    """The cattrs converter for documents, with strict hooks; one per unknown-key policy."""

    def __init__(self, *, ignore_unknown: bool) -> None:
        self.ignore_unknown = ignore_unknown
        self.made: dict[Any, Any] = {}
        """The value records made during one call of `structure`: see `_shared`."""
        self.misses: dict[Any, int] = {}
        """Per type, records not found in `made` (-1: no longer looked up)."""
        self.hits: dict[Any, int] = {}
        """Per type, records found in `made`."""
        # Unknown keys are found by the hooks below rather than by cattrs, so that a record with
        # a misspelt key is still built and checked: every problem is reported at once.
        conv = make_converter(detailed_validation=True, forbid_extra_keys=False, use_alias=True)
        self.converter: JsonConverter = conv
        # cattrs dispatches on these classes first (by MRO), so the enums, which are also
        # strings, need their own entries next to str's.
        conv.register_structure_hook(str, _structure_str)
        conv.register_structure_hook(bool, _structure_bool)
        conv.register_structure_hook(int, _structure_int)
        conv.register_structure_hook(float, _structure_number)
        conv.register_structure_hook(date, _structure_date)
        conv.register_structure_hook(datetime, _structure_datetime)
        conv.register_structure_hook(Choice, _structure_enum)
        conv.register_structure_hook(Enum, _structure_enum)
        conv.register_structure_hook_factory(lambda t: _fields.sequence_of(t) is not None, self._sequence)
        conv.register_structure_hook_factory(_is_union, self._union)
        conv.register_structure_hook_factory(attrs.has, self._record)
        conv.register_structure_hook(Dataset, lambda value, _: self.dataset(value))
        self._hazard_object = self._checked_record(Hazard)
        conv.register_structure_hook(Hazard, self._hazard)
        self.quick = _Quick(self)
        """The hooks that read a valid record faster: see `_Quick`."""

    def hook(self, tp: Any) -> Callable[[Any, Any], Any]:
        return self.converter.get_structure_hook(tp)

    def _union(self, tp: Any) -> Callable[[Any, Any], Any]:
        inner, optional = _fields.optional_of(tp)
        args = {*getattr(inner, "__args__", (inner,))}
        if args == {int, float}:
            hook: Callable[[Any, Any], Any] = _structure_number
        elif args == {date, datetime}:
            hook = _structure_date_or_datetime
        else:
            hook = self.hook(inner)
        if not optional:
            return hook

        def structure(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure

    def _hazard(self, value: Any, _: Any) -> Hazard:
        """A hazard: an object of its levels, or a name `Hazard.parse` reads (``"flood"``).

        Documents of schema version 1.0 wrote a hazard as a name; it still reads.
        """
        if type(value) is str:
            try:
                return Hazard.parse(value)
            except ValidationError as exc:  # Hazard.parse names its argument "hazard": this is the key
                raise ValidationError(
                    ErrorDetail("", e.message, e.value) if e.path == "hazard" else e for e in exc.errors
                ) from None
        hazard: Hazard = self._hazard_object(value, Hazard)
        return hazard

    def _sequence(self, tp: Any) -> Callable[[Any, Any], Any]:
        item = _fields.sequence_of(tp)
        hook = self.hook(item)

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _expected("an array", value)
            out = []
            errors: list[Exception] = []
            for i, x in enumerate(value):
                try:
                    out.append(hook(x, item))
                except Exception as exc:
                    exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote("", i, item)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("", errors, tp)
            return tuple(out)

        return structure

    def _shared(self, cls: Any, make: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        """Wrap the hook *make* of a value record so that equal JSON objects give one record.

        Documents repeat the same place, year, population and count on many records; each
        distinct object is built and validated once per call of `structure`, and the records
        share it (as the UNHCR readers do). Only objects of strings, integers, booleans and
        nulls are shared: a float could be -0.0 where an equal 0.0 was seen. A type whose
        objects seldom repeat in a document (every count different) stops being looked up
        after `_TRIAL` misses: remembering them all would cost more than it saves.
        """
        made, misses, hits = self.made, self.misses, self.hits

        def structure(value: Any, _: Any) -> Any:
            if type(value) is not dict or misses.get(cls, 0) < 0:
                return make(value, cls)
            kinds = tuple(map(type, value.values()))
            if float in kinds:
                return make(value, cls)
            key = (cls, kinds, tuple(value.items()))
            try:
                record = made[key]
            except KeyError:
                record = made[key] = make(value, cls)
                missed = misses[cls] = misses.get(cls, 0) + 1
                if missed == _TRIAL and hits.get(cls, 0) < _TRIAL:
                    misses[cls] = -1  # mostly distinct: build the rest without looking them up
                return record
            except TypeError:  # an array or object inside: not shared
                return make(value, cls)
            hits[cls] = hits.get(cls, 0) + 1
            return record

        return structure

    def forget(self) -> None:
        """Drop the records shared during one document (see `_shared`)."""
        self.made.clear()
        self.misses.clear()
        self.hits.clear()
        self.quick.forget()

    def record(self, value: Any, cls: Any, exact: bool) -> Any:
        """A record of type *cls* read from *value*: quickly when it is valid, else strictly.

        *exact* is false for values parsed by msgspec (see `_Inexact`): a record the quick hooks
        refuse raises `_Inexact` rather than being read strictly from those values.
        """
        try:
            return self.quick.hook(cls)(value)
        except Exception:
            if not exact:
                raise _Inexact from None
        return self.hook(cls)(value, cls)

    def _record(self, cls: Any) -> Callable[[Any, Any], Any]:
        if cls in _SHARED:
            return self._shared(cls, self._checked_record(cls))
        return self._checked_record(cls)

    def _checked_record(self, cls: Any) -> Callable[[Any, Any], Any]:
        # A field whose default is None also takes null (`_fields.fields`), whatever its type.
        nullable: dict[str, Any] = {
            f.name: override(struct_hook=self.hook(f.type))
            for f, a in zip(_fields.fields(cls), (a for a in attrs.fields(cls) if a.init), strict=True)
            if f.type is not a.type
        }
        inner = make_dict_structure_fn(cls, self.converter, **nullable)
        what = f"an object ({cls.__name__})"
        allowed = None if self.ignore_unknown else frozenset(f.key for f in _fields.fields(cls))

        def structure(value: Any, _: Any) -> Any:
            if type(value) is dict and (allowed is None or value.keys() <= allowed):
                return inner(value, cls)
            if not isinstance(value, dict):
                raise _expected(what, value)
            # Unknown or repeated keys: report them and whatever else is wrong in the object.
            problems = _mapping_errors(value, cls, allowed)
            try:
                inner(value, cls)
            except Exception as exc:
                problems.append(exc)
            raise ClassValidationError("", problems, cls)

        return structure

    def dataset(
        self,
        value: Any,
        progress: Progress | None = None,
        references: References = "strict",
        *,
        exact: bool = True,
    ) -> Dataset:
        """Structure a dataset document, reporting the problems of every record and of the whole."""
        if not isinstance(value, dict):
            raise _expected("an object (a dataset document)", value)
        _check_version(value)
        kinds = {f.key: f for f in _fields.fields(Dataset)}
        allowed = None if self.ignore_unknown else ["schema_version", *kinds]
        errors = [d for exc in _mapping_errors(value, Dataset, allowed) for d in _details(exc, "")]
        total = sum(len(value[k]) for k in kinds if type(value.get(k)) is list)
        done = 0
        good: dict[str, list[tuple[int, Any]]] = {}
        failed_ids: set[str] = set()
        for key, f in kinds.items():
            good[key] = []
            if key not in value:
                continue
            items = value[key]
            if type(items) is not list:
                errors.extend(d.within(key) for d in _expected("an array", items).errors)
                continue
            item = _fields.sequence_of(f.type)
            quick, strict, kept = self.quick.hook(item), self.hook(item), good[key]
            for i, raw in enumerate(items):
                try:
                    kept.append((i, quick(raw)))
                except Exception:
                    if not exact:
                        raise _Inexact from None
                    try:  # again, strictly: what is wrong, and where
                        kept.append((i, strict(raw, item)))
                    except Exception as exc:
                        errors.extend(_details(exc, f"{key}[{i}]"))
                        if isinstance(raw, dict) and type(raw.get("id")) is str:
                            failed_ids.add(raw["id"])
                done += 1
                if progress is not None and (done % 1000 == 0 or done == total):
                    progress(done, total)
        try:
            dataset = Dataset(
                **{key: [r for _, r in records] for key, records in good.items()}, references=references
            )
        except ValidationError as exc:
            errors.extend(_renumber(exc.errors, good, failed_ids))
        if errors:
            order = list(kinds)
            raise ValidationError(sorted(errors, key=lambda d: _position(d.path, order)))
        return dataset


def _position(path: str, order: list[str]) -> tuple[int, int]:
    match = _RECORD_PATH.match(path)
    if match is None or match.group(1) not in order:
        return (-1, 0)
    return (order.index(match.group(1)), int(match.group(2)))


def _renumber(
    details: list[ErrorDetail], good: dict[str, list[tuple[int, Any]]], failed_ids: set[str]
) -> Iterator[ErrorDetail]:
    """Dataset problems found among the records that could be read, with the document's indexes.

    A reference to a record that exists in the document but could not be read is not dangling:
    its own errors are already reported.
    """

    def original(match: re.Match[str]) -> str:
        kind, k = match.group(1), int(match.group(2))
        records = good.get(kind)
        return f"{kind}[{records[k][0]}]" if records is not None and k < len(records) else match.group(0)

    for d in details:
        if failed_ids and d.value in failed_ids and not d.path.endswith(".id"):
            continue
        yield ErrorDetail(
            _RECORD_PATH.sub(original, d.path, count=1), _RECORD_PATH.sub(original, d.message), d.value
        )


def _check_version(value: dict[str, Any]) -> None:
    if "schema_version" not in value:
        raise ValidationError.single(
            "schema_version", f'missing: a dataset document starts with "schema_version": "{SCHEMA_VERSION}"'
        )
    version = value["schema_version"]
    if version not in SUPPORTED_VERSIONS or type(version) is not str:
        known = ", ".join(repr(v) for v in SUPPORTED_VERSIONS)
        shown = _describe(version).removeprefix("the string ")
        raise DocumentError(
            f"unknown schema_version {shown}: this version of displacement reads {known}"
            + (" (a newer displacement may read it)" if type(version) is str else "")
        )


# -- the quick way through a valid document ------------------------------------------------------


class _Inexact(Exception):
    """A record of a document parsed by msgspec that the quick hooks refused: read it all again.

    msgspec makes ``0.0`` of a number too small for a float64 (``1e-400``) and keeps a huge
    integer, where `parse_json` keeps markers that the strict hooks refuse with their path; so
    an error in such a document is reported from `parse_json`'s values, never from msgspec's.
    """


class _Quick:
    """Hooks that make the records of a valid document without cattrs' bookkeeping.

    They check what the strict hooks of `_Reader` check (the same type tests, and the classes'
    own ``__init__`` with its validators) but keep no context for messages: on anything
    unexpected they raise, and the caller reads that record again with the strict hooks, which
    say what is wrong and where. They may refuse more than the strict hooks (a float equal to
    0, which msgspec may have made of ``1e-400``), never less, and what they make is equal to
    what the strict hooks make. Value records are shared as `_Reader._shared` shares them.
    """

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.hooks: dict[Any, Callable[[Any], Any]] = {}
        self.made: dict[Any, dict[tuple[Any, ...], Any]] = {}
        """Per value record type, the records made during one document, by their items."""
        self.seen: dict[Any, list[int]] = {}
        """Per value record type, records not found in `made` and records found."""

    def forget(self) -> None:
        """Drop the records shared during one document."""
        for made in self.made.values():
            made.clear()
        for seen in self.seen.values():
            seen[:] = [0, 0]

    def hook(self, tp: Any) -> Callable[[Any], Any]:
        """The quick hook of the type *tp*: its value, or any exception."""
        hook = self.hooks.get(tp)
        if hook is None:
            hook = self.hooks[tp] = self._make(tp)
        return hook

    def _make(self, tp: Any) -> Callable[[Any], Any]:
        inner, optional = _fields.optional_of(tp)
        if optional:
            hook = self.hook(inner)
            return lambda value: None if value is None else hook(value)
        if tp is str:
            return _quick_str
        if tp is int:
            return _quick_int
        if tp is float or {*getattr(tp, "__args__", ())} == {int, float}:
            return _quick_number
        if tp is bool:
            return _quick_bool
        if tp is date:
            return _quick_date
        if _fields.is_enum(tp):
            return {m.value: m for m in tp}.__getitem__
        item = _fields.sequence_of(tp)
        if item is not None:
            return self._sequence(item)
        if attrs.has(tp) and tp is not Hazard and tp is not Dataset:
            return self._record(tp)
        strict = self.reader.hook(tp)  # rare types (a hazard, a date and time): the strict hook
        return lambda value: strict(value, tp)

    def _sequence(self, item: Any) -> Callable[[Any], tuple[Any, ...]]:
        hook = self.hook(item)

        def structure(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _Inexact
            return tuple(map(hook, value))

        return structure

    def _record(self, cls: Any) -> Callable[[Any], Any]:
        """A function written for *cls*: the checks of its fields inline, then a call of *cls*.

        Written as source (as cattrs writes its hooks) because a generic loop over the fields
        costs as much as the record's own ``__init__``.
        """
        lines = [
            "def make(value):",
            "    if type(value) is not dict:",  # also an object with a repeated key (`_Object`)
            "        raise _Inexact",
        ]
        if not self.reader.ignore_unknown:
            lines += ["    if not value.keys() <= allowed:", "        raise _Inexact"]
        lines.append("    kw = {}")  # the optional keys the object gives
        required: list[str] = []
        later: dict[str, Any] = {}
        for i, f in enumerate(_fields.fields(cls)):
            indent, target = "    ", f"r{i}"
            if f.required:
                required.append(f"{f.key}=r{i}")
            else:
                lines.append(f"    if {f.key!r} in value:")
                indent, target = "        ", f"kw[{f.key!r}]"
            lines.append(f"{indent}x = value[{f.key!r}]")  # a required key missing: KeyError
            tp, optional = _fields.optional_of(f.type)
            if tp is str:
                check = "type(x) is not str or not (x.isascii() or _SURROGATE.search(x) is None)"
                if optional:
                    check = f"x is not None and ({check})"
                lines += [f"{indent}if {check}:", f"{indent}    raise _Inexact", f"{indent}{target} = x"]
            elif _fields.is_enum(tp):
                later[f"h{i}"] = {m.value: m for m in tp}  # not a member: KeyError
                lines.append(f"{indent}{target} = {'None if x is None else ' if optional else ''}h{i}[x]")
            else:
                later[f"h{i}"] = f.type
                lines.append(f"{indent}{target} = h{i}(x)")
        lines.append(f"    return cls({''.join(a + ', ' for a in required)}**kw)")
        names: dict[str, Any] = {
            "cls": cls,
            "allowed": frozenset(f.key for f in _fields.fields(cls)),
            "_Inexact": _Inexact,
            "_SURROGATE": _SURROGATE,
        }
        exec("\n".join(lines), names)  # our own source, from the model's fields
        make: Callable[[Any], Any] = names["make"]
        structure = self._shared(cls, make) if cls in _SHARED else make
        self.hooks[cls] = structure  # before the fields' hooks: a record type may hold itself
        for name, tp in later.items():  # looked up when `make` runs, so they may come after it
            names[name] = tp if isinstance(tp, dict) else self.hook(tp)
        return structure

    def _shared(self, cls: Any, make: Callable[[Any], Any]) -> Callable[[Any], Any]:
        made: dict[tuple[Any, ...], tuple[Any, tuple[type, ...] | None]] = {}
        seen = self.seen[cls] = [0, 0]  # misses (-1: no longer looked up), hits
        self.made[cls] = made

        def structure(value: Any) -> Any:
            if type(value) is not dict or seen[0] < 0:
                return make(value)
            try:
                record, kinds = made[tuple(value.items())]
            except KeyError:
                record = make(value)
                kinds = tuple(map(type, value.values()))
                # Only a string equals a string: a record of strings (and nulls) is found by its
                # items alone. Others keep their types, as true == 1 and 1 == 1.0 in a key.
                made[tuple(value.items())] = (record, None if {*kinds} <= _TEXTS else kinds)
                seen[0] += 1
                if seen[0] == _TRIAL and seen[1] < _TRIAL:
                    seen[0] = -1  # mostly distinct: build the rest without looking them up
                return record
            except TypeError:  # an array or object inside: not shared
                return make(value)
            if kinds is not None and kinds != tuple(map(type, value.values())):
                return make(value)
            seen[1] += 1
            return record

        return structure


_TEXTS: Final = frozenset({str, type(None)})


def _quick_str(value: Any) -> str:
    if type(value) is str and (value.isascii() or _SURROGATE.search(value) is None):
        return value
    raise _Inexact


def _quick_bool(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise _Inexact


def _quick_int(value: Any) -> int:
    if type(value) is int and -FLOAT_MAX <= value <= FLOAT_MAX:
        return value
    raise _Inexact


def _quick_number(value: Any) -> int | float:
    kind = type(value)
    if kind is int and -FLOAT_MAX <= value <= FLOAT_MAX:
        return value  # type: ignore[no-any-return]
    if kind is float and value != 0.0 and math.isfinite(value):
        return value  # type: ignore[no-any-return]
    raise _Inexact  # 0.0 may be msgspec's reading of 1e-400: the strict hooks decide


def _quick_date(value: Any) -> date:
    if type(value) is str and _DATE.match(value):
        return date.fromisoformat(value)
    raise _Inexact


def _quick_parse(data: str | bytes | bytearray) -> Any:
    """*data* parsed by msgspec when it is installed, faster than `parse_json`, or `None`.

    `None` whenever the result could differ from `parse_json`'s on a document it reads, so that
    `parse_json` reads it: when msgspec is missing or refuses the text (all it refuses that
    `parse_json` reads are lone surrogates and ``NaN``, kept to be reported), when the text starts with a
    byte order mark, and when an object repeats a key, which msgspec silently drops. A repeated
    key is found by counting colons: outside strings a colon follows every key, so without
    repeats the text has as many as msgspec's own compact writing of what it read, less any
    written as the escape ``\\u003a``, which the count cannot tell apart (then `None`, as for any
    escape ``\\u003...``).
    """
    msgspec = _msgspec()
    if msgspec is None:
        return None
    if type(data) is str:
        if data.startswith("\ufeff") or "\\u003" in data:
            return None
        colons = data.count(":")
    elif type(data) is bytes:
        if data.startswith(b"\xef\xbb\xbf") or b"\\u003" in data:
            return None
        colons = data.count(b":")
    else:
        return None
    try:
        document = msgspec.json.decode(data)
        if msgspec.json.encode(document).count(b":") != colons:
            return None  # a repeated key
    except Exception:  # any refusal: parse_json reads it and says what is wrong
        return None
    return document


@functools.cache
def _msgspec() -> Any:
    """The msgspec module, or `None` when it is not installed (imported on first use)."""
    try:
        import msgspec  # optional, and costs import time: on first use
    except ImportError:
        return None
    return msgspec


# -- from cattrs' exception tree to paths the user wrote ----------------------------------------


def _note(exc: BaseException) -> AttributeValidationNote | IterableValidationNote | None:
    for note in reversed(getattr(exc, "__notes__", ())):
        if isinstance(note, AttributeValidationNote | IterableValidationNote):
            return note
    return None


def _details(exc: BaseException, path: str) -> Iterator[ErrorDetail]:
    """Every problem under *exc*, each with the path of the JSON value it is about."""
    if isinstance(exc, ValidationError):
        yield from (d.within(path) for d in exc.errors)
    elif isinstance(exc, ClassValidationError | IterableValidationError):
        cl: Any = getattr(exc, "cl", None)
        keys = {f.name: f.key for f in _fields.fields(cl)} if attrs.has(cl) else {}
        for sub in exc.exceptions:
            note = _note(sub)
            if isinstance(note, AttributeValidationNote):
                yield from _details(sub, _join(path, keys.get(note.name, note.name)))
            elif isinstance(note, IterableValidationNote):
                yield from _details(sub, f"{path}[{note.index}]")
            else:
                yield from _details(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [f.key for f in _fields.fields(exc.cl)] if attrs.has(exc.cl) else ["schema_version"]
        if exc.cl is Dataset:
            known = ["schema_version", *known]
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (expected one of {', '.join(known)})"
            yield ErrorDetail(_join(path, key), "unknown key" + hint, key)
    elif isinstance(exc, KeyError):
        yield ErrorDetail(path, "missing (required)", None)
    elif isinstance(exc, DisplacementError):
        yield ErrorDetail(path, str(exc), None)
    else:  # a bug in a hook: still report it where it happened, never as a bare exception
        yield ErrorDetail(path, f"{type(exc).__name__}: {exc}", None)


# -- writing ----------------------------------------------------------------------------------


def _writer() -> JsonConverter:
    conv = make_converter(use_alias=True, omit_if_default=True)
    conv.register_unstructure_hook_func(_fields.is_enum, lambda member: member.value)
    conv.register_unstructure_hook(Choice, lambda member: member.value)
    # A count always says its unit and qualifier, even at their defaults: a reader of the
    # document sees what was counted without knowing the model's defaults.
    always = override(omit_if_default=False)
    count = make_dict_unstructure_fn(
        Count, conv, _cattrs_omit_if_default=True, _cattrs_use_alias=True, unit=always, qualifier=always
    )
    conv.register_unstructure_hook(Count, count)
    records = make_dict_unstructure_fn(
        Dataset, conv, _cattrs_omit_if_default=True, _cattrs_use_alias=True, references=override(omit=True)
    )
    conv.register_unstructure_hook(Dataset, lambda ds: {"schema_version": SCHEMA_VERSION, **records(ds)})
    return conv


_READERS: dict[bool, _Reader] = {}
_WRITER: list[JsonConverter] = []


def _reader(ignore_unknown: bool) -> _Reader:
    reader = _READERS.get(ignore_unknown)
    if reader is None:
        reader = _READERS[ignore_unknown] = _Reader(ignore_unknown=ignore_unknown)
    return reader


def _check_model(cls: Any) -> None:
    """Refuse anything but a record type, or ``tuple[Record, ...]`` (a JSON array of records)."""
    item = _fields.sequence_of(cls)
    if cls not in _fields.model_classes() and (item is None or item not in _fields.model_classes()):
        names = ", ".join(c.__name__ for c in _fields.model_classes())
        raise DisplacementError(f"{cls!r} is not a record type of displacement (one of {names})")


# -- the public functions -----------------------------------------------------------------------


if TYPE_CHECKING:
    # What `unstructure` writes: a dataset, or any record of the model.
    _Model: TypeAlias = (
        Dataset
        | Source
        | Attribution
        | Actor
        | Role
        | Place
        | Period
        | Count
        | Population
        | Cohort
        | Share
        | Event
        | Participation
        | Figure
        | Flow
        | Stock
    )
    _M = TypeVar("_M", bound=_Model)


@overload
def unstructure(obj: list[_Model]) -> list[dict[str, Any]]: ...  # [flow, stock], typed in context
@overload
def unstructure(obj: list[_M] | tuple[_M, ...]) -> list[dict[str, Any]]: ...  # list[Flow], ds.flows
@overload
def unstructure(obj: _Model) -> dict[str, Any]: ...
def unstructure(obj: Any) -> Any:
    """The JSON-ready value of a dataset or a record (a dict), or of a list or tuple of records (a list).

    Raises `ValidationError` for a number that `loads` would refuse (an int beyond a float64's
    range, such as ``Count(10**400)``): what is written always reads back.

    >>> from displacement import Place
    >>> unstructure(Place("KAZ", name="Turkestan region"))
    {'country': 'KAZ', 'name': 'Turkestan region'}
    """
    if isinstance(obj, tuple | list):
        for item in obj:
            _check_model(type(item))
    else:
        _check_model(type(obj))
    if not _WRITER:
        _WRITER.append(_writer())
    # every number a record holds is one `loads` reads back: a count's are at most 2**53 - 1
    return _WRITER[0].unstructure(obj)


@overload
def structure(
    document: Any,
    cls: None = None,
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> Dataset: ...
@overload
def structure(
    document: Any,
    cls: type[T],
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> T: ...
def structure(
    document: Any,
    cls: type[Any] | None = None,
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> Any:
    """Build a record of type *cls* (default `Dataset`) from JSON-ready values (already parsed).

    *cls* may also be ``tuple[Record, ...]`` for a JSON array of records.

    Raises `ValidationError` listing every problem, each with its path in *document*;
    *ignore_unknown* skips unknown keys instead of reporting them. *progress*, if given, is called
    as ``progress(done, total)`` while a dataset's records are read. *references* is the
    dataset's `Dataset.references`: ``"open"`` reads a partial document (flows whose sources and
    events are elsewhere), its references to records it does not hold kept as open references.

    >>> from displacement import Place
    >>> structure({"country": "KAZ", "name": "Turkestan region"}, Place)
    Place('KAZ', name='Turkestan region')
    """
    return _structure(document, cls, ignore_unknown, progress, references, exact=True)


def _structure(
    document: Any,
    cls: type[Any] | None,
    ignore_unknown: bool,
    progress: Progress | None,
    references: References,
    *,
    exact: bool,
) -> Any:
    """`structure`; with *exact* false (values parsed by msgspec), any problem raises `_Inexact`."""
    cls = Dataset if cls is None else cls
    _check_model(cls)
    reader = _reader(ignore_unknown)
    try:
        if cls is Dataset:
            return reader.dataset(
                document, progress, one_of("references", references, REFERENCES), exact=exact
            )
        try:
            return reader.record(document, cls, exact)
        except (DocumentError, _Inexact):
            raise
        except Exception as exc:
            raise ValidationError(list(_details(exc, ""))) from None
    finally:
        reader.forget()  # shared records live as long as one document


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """JSON text of a dataset (with its ``schema_version``) or of any single record.

    The same object always gives the same text, and `loads` reads it back equal. *indent* is the
    indentation (``None``: one line). Raises `ValidationError` for a number no document can hold
    (see `unstructure`).
    """
    try:
        return _json.dumps(unstructure(obj), ensure_ascii=False, allow_nan=False, indent=indent)
    except (ValueError, TypeError) as exc:  # pragma: no cover - the model only holds JSON-ready values
        if isinstance(exc, DisplacementError):
            raise
        raise DisplacementError(f"cannot write {type(obj).__name__} as JSON: {exc}") from None


@overload
def loads(
    data: str | bytes | bytearray,
    cls: None = None,
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> Dataset: ...
@overload
def loads(
    data: str | bytes | bytearray,
    cls: type[T],
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> T: ...
def loads(
    data: str | bytes | bytearray,
    cls: type[Any] | None = None,
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> Any:
    """Read JSON text (or UTF-8 bytes) as a record of type *cls* (default `Dataset`).

    Text that is not JSON raises `DocumentError` with the line and column; a document that breaks
    the model raises `ValidationError` listing every problem with its path. *ignore_unknown* skips
    unknown keys instead of reporting them. With ``references="open"`` a document that refers to
    records it does not hold (a file of flows only) reads, the references kept as
    `Dataset.open_references`.

    msgspec, when installed, parses the text (faster); a document it cannot read exactly as the
    standard library does (a repeated key, a number beyond a float64) or that has errors is read
    again from the standard library's parse, so the records and the errors do not depend on it.
    """
    with paused_gc():  # many records at once: see displacement._bulk
        document = _quick_parse(data)
        if document is not None:
            if progress is not None:
                progress = _forward(progress)
            try:
                return _structure(document, cls, ignore_unknown, progress, references, exact=False)
            except (DisplacementError, _Inexact):
                pass  # read again from parse_json's values, which the messages are about
        return _structure(parse_json(data), cls, ignore_unknown, progress, references, exact=True)


def _forward(progress: Progress) -> Progress:
    """*progress*, called only when the count goes up: a document read twice counts once."""
    high = [-1]

    def call(done: int, total: int) -> object:
        if done <= high[0]:
            return None
        high[0] = done
        return progress(done, total)

    return call


def _read(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str | bytes, str | None]:
    if isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as f:
                return f.read(), os.fspath(source)
        except OSError as exc:
            raise cannot_open(source, exc) from None
    return source.read(), getattr(source, "name", None)


@overload
def load(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    cls: None = None,
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> Dataset: ...
@overload
def load(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    cls: type[T],
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> T: ...
def load(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    cls: type[Any] | None = None,
    *,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    references: References = "strict",
) -> Any:
    """Read a JSON file (a path, or a file object open in text or binary mode); see `loads`.

    Errors name the file: ``invalid document data.json (2 problems)``.
    """
    data, name = _read(source)
    try:
        return loads(data, cls, ignore_unknown=ignore_unknown, progress=progress, references=references)
    except ValidationError as exc:
        n = len(exc.errors)
        where = f" {name}" if name else ""
        raise ValidationError(
            exc.errors, title=f"invalid document{where} ({n} problem{'s' * (n != 1)})"
        ) from None
    except DocumentError as exc:
        if name is None:
            raise
        raise DocumentError(f"{name}: {exc.message}", line=exc.line, column=exc.column) from None


def dump(obj: Any, target: str | os.PathLike[str] | IO[str], *, indent: int | None = 2) -> None:
    """Write `dumps` of *obj* (and a final newline) to a path or a text file object, as UTF-8."""
    text = dumps(obj, indent=indent) + "\n"
    if isinstance(target, str | os.PathLike):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise DisplacementError(f"cannot write UTF-8: the text holds {exc.object[exc.start]!r}") from None
        with open(target, "wb") as f:
            f.write(data)
    else:
        target.write(text)
