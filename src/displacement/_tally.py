"""The engine behind `displacement.totals`: a dataset's records as numpy columns, reconciled and added.

`totals.total` and `totals.increments` check their arguments, then call `tally` and `increments`
here. A dataset's flows (or stocks) become a `_Table` once, kept by the dataset (see
`dataset.derived`). Each total then selects rows, numbers the facts (overlapping reports of one
fact key), reconciles the facts with several reports one by one in Python (`_reconcile`), and
adds the facts' `_Intervals` per group in numpy. Groups of mixed units, and sums that float64 may
not hold exactly, are added again with Python ints and fractions.

What a fact is (`_FACT_PARTS`) and what a total may group by (`FIELDS`) are each written once,
here: the columns and the record-by-record view (`_row`) both read them.

Totals of event figures (`tally_figures`) and breakdowns by cohort (`tally_cohorts`, on the facts
`tally` reconciled) add up in plain Python, with the same rules (`_sum`).
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from itertools import chain, product
from operator import attrgetter
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ._bulk import paused_gc
from ._intervals import Interval, count_of, interval_of, unit_factor
from ._validate import quoted, show
from .count import Count
from .dataset import Dataset, derived
from .errors import DisplacementError, UnitError, ValidationError
from .event import Event, Figure
from .flow import MIXED, Cohort, Flow, Population, Stock
from .households import HouseholdSizes
from .period import Period, Precision
from .place import Place
from .source import Attribution, Reliability, Source
from .totals import COHORT_FIELDS, Key, Policy, Reason, Series, SetAside, Total

# -- records as rows ---------------------------------------------------------------------------

_NEG = -(10**9)
_POS = 10**9

_RELIABILITY = {
    Reliability.LOW: 1.0,
    Reliability.LOW_TO_MEDIUM: 1.5,
    Reliability.MEDIUM: 2.0,
    Reliability.LOW_TO_HIGH: 2.0,
    Reliability.MEDIUM_TO_HIGH: 2.5,
    Reliability.HIGH: 3.0,
}


def _period_span(period: Period) -> tuple[int, int, int | None]:
    """(start ordinal, end ordinal, year when the period lies within one year)."""
    first = period.start
    last = period.end if period.end is not None else period.as_of
    start = first.toordinal() if first is not None else _NEG
    end = last.toordinal() if last is not None else _POS
    return start, end, period.calendar_year


def _stock_span(stock: Stock) -> tuple[int, int]:
    """(first, last) ordinal of the days a stock's figure may hold for: its day, or the whole
    week, month or year of a coarser `Stock.as_of_precision` (a date "in July" is no exact day)."""
    if stock.as_of_precision is Precision.DAY:
        day = stock.as_of.toordinal()
        return day, day
    period = stock.as_of_period
    assert period.start is not None
    assert period.end is not None
    return period.start.toordinal(), period.end.toordinal()


def _same(value: Any) -> Any:
    return value


def _composition(population: Population) -> tuple[tuple[str, str], ...]:
    """The parts a mixed population names, in order (``()`` for one that is not a mix): a mix
    and a population of one of its parts are different facts, however their counts compare."""
    return tuple(sorted((s.nationality or "", s.category or "") for s in population.shares))


def _nationality(population: Population) -> str | None:
    """A population's key by nationality: `MIXED` for a mix of nationalities."""
    return MIXED if population.mixed_nationality else population.nationality


_FACT_PARTS: dict[str, tuple[tuple[str, Callable[[Any], tuple[Any, ...]]], ...]] = {
    "flows": (
        ("origin", lambda p: (p.identity,)),
        ("destination", lambda p: (p.identity,)),
        ("population", lambda p: (p.category, p.nationality, _composition(p))),
        ("movement", lambda m: (m,)),
        ("metric", lambda m: (m,)),
        ("causes", lambda c: (frozenset(c),)),
    ),
    "stocks": (
        ("place", lambda p: (p.identity,)),
        ("population", lambda p: (p.category, p.nationality, _composition(p))),
        ("causes", lambda c: (frozenset(c),)),
    ),
}
"""What makes reports one fact: (the record's attribute, its values in the fact key), in key order."""

_LEVELS = ("subdivision", "admin1", "admin2", "admin3")
"""The parts of a place a total may group by below its country (``origin.admin1``...)."""


def _levels(attr: str) -> dict[str, tuple[str, Callable[[Any], Any]]]:
    """The fields ``attr``, ``attr.subdivision``, ``attr.admin1``... of a place attribute."""
    fields: dict[str, tuple[str, Callable[[Any], Any]]] = {attr: (attr, attrgetter("country"))}
    fields.update({f"{attr}.{level}": (attr, attrgetter(level)) for level in _LEVELS})
    return fields


FIELDS: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "flows": {
        **_levels("origin"),
        **_levels("destination"),
        "movement": ("movement", _same),
        "metric": ("metric", _same),
        "category": ("population", attrgetter("category")),
        "nationality": ("population", _nationality),
        "year": ("period", lambda p: _period_span(p)[2]),
    },
    "stocks": {
        **_levels("place"),
        "category": ("population", attrgetter("category")),
        "nationality": ("population", _nationality),
        "year": ("as_of", attrgetter("year")),
    },
}
"""What a total of flows (or stocks) may group by: field -> (the record's attribute, its value).

A place groups by its country (``origin``) or by its code at one level (``origin.admin1``: the
p-code, ``None`` when the place is not known at that level); a finer place has its parents'
codes (`Place` fills them in), so it rolls up into them."""

FIELDS["figures"] = {
    "measure": ("figure", attrgetter("measure")),
    "event": ("event", attrgetter("id")),
    "kind": ("event", attrgetter("kind")),
    "cause_kind": ("event", attrgetter("cause_kind")),
    "hazard": ("event", lambda e: None if e.hazard is None else e.hazard.type),
    "year": ("event", lambda e: _period_span(e.period)[2]),
}
"""What a total of event figures may group by: the figure's measure, its event's id, kind, cause
kind, hazard type (``Flood``, ``None`` when not known) and year (of a period within one year)."""

_PLACES = {"flows": ("origin", "destination"), "stocks": ("place",)}
"""The place attributes of a record, in `_FACT_PARTS` order: they lead its fact key."""


@attrs.define(slots=True)
class _Row:
    """One record, reduced to what reconciliation and grouping need (plain values only)."""

    id: str
    fact: tuple[Any, ...]
    start: int
    end: int
    series: tuple[int, bool]  # (start, open start): cumulative reports of one series share it
    interval: Interval | None
    unit: str | None
    record: Flow | Stock | _Figured
    index: int = -1

    @property
    def fields(self) -> dict[str, Any]:
        """The record's value of every field of `FIELDS` (the table's columns hold the same)."""
        of = "flows" if isinstance(self.record, Flow) else "stocks"
        return {name: derive(getattr(self.record, attr)) for name, (attr, derive) in FIELDS[of].items()}


def _row(table: _Table, index: int) -> _Row:
    """Row *index* of *table*, from its record: the same facts and fields as the columns."""
    record = table.records[index]
    of = "flows" if isinstance(record, Flow) else "stocks"
    if isinstance(record, Flow):
        start, end, _ = _period_span(record.period)
        series = (start, record.period.open_start)
    else:
        start, end = _stock_span(record)
        series = (0, False)  # every stock of one population at one place is one series of figures
    count = record.count
    return _Row(
        record.id,
        tuple(chain.from_iterable(derive(getattr(record, name)) for name, derive in _FACT_PARTS[of])),
        start,
        end,
        series,
        None if count is None else interval_of(count),
        None if count is None else count.unit,
        record,
        index,
    )


# -- intervals as columns ----------------------------------------------------------------------

_UNQUANTIFIED: Interval = (0, False, None, False, False)


def _whole(interval: Interval) -> bool:
    """Whether the interval's bounds are whole numbers (ints), so that its sums are too."""
    return isinstance(interval[0], int) and (interval[2] is None or isinstance(interval[2], int))


@attrs.define(slots=True, eq=False)
class _Intervals:
    """Many intervals as columns, each with its unit, or with no number at all (not quantified).

    A table's records, the facts of a total and the sums of its groups are each one of these.
    `of` makes them from `Interval` values, `take` and `joined` select and append rows, and `sums`
    adds them per group by the rule of `Count.__add__` (docs/counting.md). Bounds are float64:
    exact for whole numbers, since a `Count` holds at most 2**53 - 1 (`_Sums` checks the sums).
    """

    low: npt.NDArray[np.float64]
    high: npt.NDArray[np.float64]  # inf: no upper bound
    low_excluded: npt.NDArray[np.bool_]
    high_excluded: npt.NDArray[np.bool_]
    approximate: npt.NDArray[np.bool_]
    whole: npt.NDArray[np.bool_]  # int magnitudes
    quantified: npt.NDArray[np.bool_]
    unit: npt.NDArray[np.int64]  # index into units, -1 when unquantified
    units: list[str]

    @classmethod
    def of(
        cls, intervals: Sequence[Interval | None], unit: npt.NDArray[np.int64], units: list[str]
    ) -> _Intervals:
        """Columns of *intervals* (``None``: no number), in the units *unit* indexes in *units*."""
        known = [_UNQUANTIFIED if i is None else i for i in intervals]
        n = len(known)
        return cls(
            low=np.fromiter((i[0] for i in known), np.float64, n),
            high=np.fromiter((math.inf if i[2] is None else i[2] for i in known), np.float64, n),
            low_excluded=np.fromiter((i[1] for i in known), np.bool_, n),
            high_excluded=np.fromiter((i[3] for i in known), np.bool_, n),
            approximate=np.fromiter((i[4] for i in known), np.bool_, n),
            whole=np.fromiter(map(_whole, known), np.bool_, n),
            quantified=np.fromiter((i is not None for i in intervals), np.bool_, n),
            unit=unit,
            units=units,
        )

    def take(self, rows: npt.NDArray[np.int64]) -> _Intervals:
        """The intervals at *rows*, in that order (the same list of units)."""
        return _Intervals._made([column[rows] for column in self._columns()], self.units)

    def joined(self, more: _Intervals) -> _Intervals:
        """These intervals, then *more*'s, in *more*'s units (which start with these units)."""
        assert more.units[: len(self.units)] == self.units
        pairs = zip(self._columns(), more._columns(), strict=True)
        return _Intervals._made([np.concatenate(pair) for pair in pairs], more.units)

    @classmethod
    def _made(cls, columns: Sequence[Any], units: list[str]) -> _Intervals:
        low, high, low_excluded, high_excluded, approximate, whole, quantified, unit = columns
        return cls(low, high, low_excluded, high_excluded, approximate, whole, quantified, unit, units)

    def _columns(self) -> tuple[Any, ...]:
        """Every column, in the order of the fields (all but `units`)."""
        return tuple(getattr(self, a.name) for a in attrs.fields(_Intervals) if a.name != "units")

    def sums(self, groups: npt.NDArray[np.int64], n: int) -> tuple[_Intervals, npt.NDArray[np.int64]]:
        """The quantified intervals added up in each of the *n* *groups*, and each group's largest unit.

        Bounds add (an interval with no number leaves its group without an upper bound); a bound
        of the sum is excluded, or the sum approximate, when any part's is; the sum is whole when
        every part is. A group's unit is its smallest unit code: when the largest differs, the
        float sums mix units and must be worked out again (`_Sums.recompute`).
        """

        def anywhere(flags: Any) -> Any:
            return np.bincount(groups, weights=flags, minlength=n) > 0

        q = self.quantified
        unit = np.where(q, self.unit, -1)
        unit_min = np.full(n, np.iinfo(np.int64).max, np.int64)
        unit_max = np.full(n, -1, np.int64)
        if len(self.units) == 1:
            unit_min[:] = unit_max[:] = 0
        else:
            np.minimum.at(unit_min, groups[q], unit[q])
            np.maximum.at(unit_max, groups[q], unit[q])
        low = np.bincount(groups, weights=np.where(q, self.low, 0.0), minlength=n).astype(np.float64)
        high = np.bincount(groups, weights=np.where(q, self.high, np.inf), minlength=n).astype(np.float64)
        sums = _Intervals(
            low=low,
            high=high,
            low_excluded=anywhere(self.low_excluded & q),
            high_excluded=anywhere(self.high_excluded & q),
            approximate=anywhere(self.approximate & q),
            whole=~anywhere(~self.whole & q),
            quantified=anywhere(q),
            unit=unit_min,
            units=self.units,
        )
        return sums, unit_max


# -- a dataset's records as columns --------------------------------------------------------------

_SPAN = 4 * 10**9  # more than any end ordinal minus _NEG


@attrs.define(slots=True, eq=False)
class _Table:
    """A dataset's flows (or stocks) as columns, built once: reconciliation and sums run on these."""

    records: tuple[Flow, ...] | tuple[Stock, ...]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    count_items: _Intervals
    """The intervals of the distinct counts (objects) of the records: `count_rows` indexes them."""
    count_rows: npt.NDArray[np.int64]
    """Each row's count, an index into `count_items` (records read in bulk share their counts)."""
    fact: npt.NDArray[np.int64]
    """Each row's fact key as a code: equal codes for equal keys, in the order of the keys."""
    fields: _Fields
    of: str
    """``"flows"`` or ``"stocks"``."""
    places: dict[str, list[Place]]
    """For each place attribute (`_PLACES`), its distinct places by identity, in code order."""
    _ids: npt.NDArray[np.object_] | None = None
    _counts: _Intervals | None = None
    _id_rank: npt.NDArray[np.int64] | None = None
    _fact_by_year: npt.NDArray[np.int64] | None = None
    _span_code: tuple[npt.NDArray[np.int64], int] | None = None
    _nesting: _Nesting | None = None
    _nesting_done: bool = False

    @property
    def nesting(self) -> _Nesting | None:
        """Which places of the table lie strictly within others (`None`: none, the common case)."""
        if not self._nesting_done:
            self._nesting = _Nesting.of(self)
            self._nesting_done = True
        return self._nesting

    @property
    def fact_by_year(self) -> npt.NDArray[np.int64]:
        """`fact`, with the figures of different years as different facts (made when first needed).

        Codes in the order of (fact, year), below `_SAFE`, not dense, as `fact`'s are.
        """
        if self._fact_by_year is None:
            years = self.fields["year"][0]
            if not len(self.fact):
                self._fact_by_year = self.fact
            elif (int(self.fact.max()) + 1) * (size := int(years.max()) + 1) < _SAFE:
                self._fact_by_year = self.fact * size + years
            else:
                self._fact_by_year = _combined(self.fact, years, dense=False)
        return self._fact_by_year

    @property
    def span_code(self) -> tuple[npt.NDArray[np.int64], int]:
        """Each row's (start, end) as one code, in the order of (start, end), and how many codes
        there are (made when first needed: sorting by fact and code sorts by fact, start and end)."""
        if self._span_code is None:
            # both ends shifted to [0, _SPAN): the pair fits an unsigned 64-bit integer
            first, last = (self.start - _NEG).astype(np.uint64), (self.end - _NEG).astype(np.uint64)
            codes, where = _factorized(first * np.uint64(_SPAN) + last)
            self._span_code = codes, len(where)
        return self._span_code

    @property
    def counts(self) -> _Intervals:
        """Each row's interval (made when first asked for: totals take the rows they need from
        `count_items` directly)."""
        if self._counts is None:
            self._counts = self.count_items.take(self.count_rows)
        return self._counts

    @property
    def ids(self) -> npt.NDArray[np.object_]:
        """Each row's record id (made when first needed: a total names records only when asked)."""
        if self._ids is None:
            self._ids = np.fromiter(map(attrgetter("id"), self.records), object, len(self.records))
        return self._ids

    @property
    def id_rank(self) -> npt.NDArray[np.int64]:
        """Each row's position in id order (sorting strings is slow: made when first needed)."""
        if self._id_rank is None:
            rank = np.empty(len(self.ids), np.int64)
            rank[np.argsort(self.ids, kind="stable")] = np.arange(len(self.ids))
            self._id_rank = rank
        return self._id_rank


def _codes(values: list[Any]) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """Integer codes for *values*, numbered in sorted order (so code order is key order)."""
    distinct = sorted(set(values), key=lambda v: (v is None, str(v)))
    number = {v: i for i, v in enumerate(distinct)}
    return np.fromiter((number[v] for v in values), np.int64, len(values)), distinct


def _table(dataset: Dataset, of: str) -> _Table:
    """The dataset's records of one kind as a `_Table`, built on first use (records never change)."""
    return derived(dataset, ("table", of), functools.partial(_build_table, of=of))


class _Pointers:
    """The pointers an object array holds, seen as integers (numpy's array interface).

    numpy refuses to view an object array as integers, though that is what it stores: a pointer
    to each element. This object describes the same memory with an integer type, and keeps the
    array (its ``base``) alive for as long as the view is, so the pointers stay valid.
    """

    def __init__(self, base: npt.NDArray[np.object_]) -> None:
        assert base.dtype == object, base.dtype
        assert base.ndim == 1, base.shape
        assert base.flags.c_contiguous
        self.base = base
        self.__array_interface__ = {
            "shape": base.shape,
            "typestr": np.dtype(np.intp).str,
            "data": (base.__array_interface__["data"][0], True),  # read-only
            "version": 3,
        }


def _addresses(objects: npt.NDArray[np.object_]) -> npt.NDArray[np.intp]:
    """An integer per element of *objects*: equal for the same object, different for different ones.

    The address of each object (its ``id`` in CPython), read from the array itself: a third of
    the cost of calling ``id`` per element (2 ms against 4.7 ms for 100,000 flows).
    """
    return np.asarray(_Pointers(objects))


def _factorized(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """A code for each of *values* (an index into their distinct values, sorted), and a position
    of each distinct value (any one: it is the same value).

    Records in file order often share a part with the record before (a year, a country, the
    one movement of a file): sorting one value per run of equal values then costs less than
    sorting every value, which is done when the runs are short.
    """
    heads = np.flatnonzero(values[1:] != values[:-1]) + 1
    if len(heads) >= len(values) // 2:
        distinct, inverse = np.unique(values, return_inverse=True)
        codes = inverse.reshape(-1)
        where = np.empty(len(distinct), np.int64)
        where[codes] = np.arange(len(values))
        return codes, where
    heads = np.concatenate([np.zeros(min(len(values), 1), np.int64), heads])
    distinct, inverse = np.unique(values[heads], return_inverse=True)
    inverse = inverse.reshape(-1)
    where = np.empty(len(distinct), np.int64)
    where[inverse] = heads
    return np.repeat(inverse, np.diff(heads, append=len(values))), where


class _Parts:
    """One part of every record (its period, its origin...), factorized by identity.

    Records read in bulk share their parts (a reader makes one `Period` per year, one `Place` per
    country), so anything derived from a part is computed once per distinct object and spread to
    the rows with numpy. Records that share nothing cost one computation each, as before.
    """

    def __init__(self, records: Sequence[Any], name: str) -> None:
        # one pass in C; the array keeps every part alive, so no two parts share an address
        parts = np.fromiter(map(attrgetter(name), records), object, len(records))
        rows, one = _factorized(_addresses(parts))
        self.rows: npt.NDArray[np.int64] = rows
        """For each record, the index of its part in `items`."""
        self.items: list[Any] = parts[one].tolist()
        """The distinct objects."""

    def array(self, derive: Callable[[Any], Any], dtype: Any) -> Any:
        """``derive(part)`` for every record, as an array."""
        return np.array([derive(x) for x in self.items], dtype)[self.rows]

    def codes(self, derive: Callable[[Any], Any]) -> tuple[npt.NDArray[np.int64], list[Any]]:
        """`_codes` of ``derive(part)`` for every record."""
        codes, distinct = _codes([derive(x) for x in self.items])
        return codes[self.rows], distinct


class _Fields(Mapping[str, tuple[npt.NDArray[np.int64], list[Any]]]):
    """A table's codes for each field of `FIELDS`: the common ones made with the table, the
    levels below the country (``origin.admin1``...) when first asked for, then kept."""

    def __init__(
        self,
        names: Iterable[str],
        made: dict[str, tuple[npt.NDArray[np.int64], list[Any]]],
        make: Callable[[str], tuple[npt.NDArray[np.int64], list[Any]]],
    ) -> None:
        self._names = tuple(names)
        self._made = made
        self._make = make

    def __getitem__(self, name: str) -> tuple[npt.NDArray[np.int64], list[Any]]:
        found = self._made.get(name)
        if found is None:
            if name not in self._names:
                raise KeyError(name)
            found = self._made[name] = self._make(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _field_codes(records: Sequence[Any], of: str, name: str) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """The codes of field *name* of *records* (flows or stocks, *of*)."""
    attr, derive = FIELDS[of][name]
    return _Parts(records, attr).codes(derive)


def _combined(*columns: npt.NDArray[np.int64], dense: bool = True) -> npt.NDArray[np.int64]:
    """One code per distinct combination of integer *columns*, in lexicographic order of the columns.

    The codes number the combinations that occur (0, 1, 2...), or with *dense* false, any codes
    below `_SAFE` in that order: a sort of every row less (a fact key only needs the order).
    """
    code = np.zeros(len(columns[0]), np.int64)
    if not len(code):
        return code
    for column in columns:
        size = int(column.max()) + 1
        if size == 1:  # one value for every row (no record names a cause): nothing to tell apart
            continue
        if int(code.max()) >= _SAFE // size:  # make the codes small again before they overflow
            code = np.unique(code, return_inverse=True)[1].reshape(-1)
        code = code * size + column
    return np.unique(code, return_inverse=True)[1].reshape(-1) if dense else code


_SAFE = 2**62
"""`_combined` keeps its codes below this, so that one more column never overflows an int64."""


def _unpacked(derive: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], Any]:
    """*derive*, giving its only value bare (a place's identity, not a 1-tuple of it)."""

    def value(part: Any) -> Any:
        values = derive(part)
        return values[0] if len(values) == 1 else values

    return value


def _build_table(dataset: Dataset, of: str) -> _Table:
    """The table of *dataset*'s flows or stocks; see `_Parts` for why it works on distinct parts."""
    records: tuple[Flow, ...] | tuple[Stock, ...] = dataset.flows if of == "flows" else dataset.stocks
    with paused_gc():  # arrays and lists of a value per record
        n = len(records)
        parts: dict[str, _Parts] = {}

        def part(name: str) -> _Parts:
            if name not in parts:
                parts[name] = _Parts(records, name)
            return parts[name]

        counts = part("count")
        unit_codes, units = _codes([None if c is None else c.unit for c in counts.items])
        if None in units:  # unquantified rows: code -1
            none = units.index(None)
            unit_codes = np.where(unit_codes == none, -1, unit_codes - (unit_codes > none))
            units = [u for u in units if u is not None]
        intervals = [None if c is None else interval_of(c) for c in counts.items]
        count_items = _Intervals.of(intervals, unit_codes, units)

        if of == "flows":
            periods = part("period")
            start = periods.array(lambda p: _period_span(p)[0], np.int64)
            end = periods.array(lambda p: _period_span(p)[1], np.int64)
        else:
            start = part("as_of").array(date.toordinal, np.int64)
            end = start
            precisions = part("as_of_precision")
            if any(p is not Precision.DAY for p in precisions.items):
                # a date known to the week, month or year holds for the whole of it: the span of
                # each of those records, from its date and precision (one computation per pair)
                day = np.array([p is Precision.DAY for p in precisions.items], np.bool_)
                rows = np.flatnonzero(~day[precisions.rows])
                coarse = [r for r in map(records.__getitem__, rows.tolist()) if isinstance(r, Stock)]
                pairs = {(r.as_of, r.as_of_precision): r for r in coarse}
                spans = {pair: _stock_span(r) for pair, r in pairs.items()}
                found = [spans[r.as_of, r.as_of_precision] for r in coarse]
                both = np.array(found, np.int64).reshape(-1, 2)
                start, end = start.copy(), start.copy()
                start[rows], end[rows] = both[:, 0], both[:, 1]
        # the codes below the country (``origin.admin1``...) are made when first asked for
        common = {
            name: part(attr).codes(derive) for name, (attr, derive) in FIELDS[of].items() if "." not in name
        }
        fields = _Fields(FIELDS[of], common, functools.partial(_field_codes, records, of))

        # a fact is a combination of the values of several parts; each part's codes follow the
        # order of its values, so the combinations are numbered in the order of the values
        value_codes = [part(name).codes(_unpacked(derive))[0] for name, derive in _FACT_PARTS[of]]
        fact = _combined(*value_codes, dense=False) if n else np.zeros(0, np.int64)
        places = {}
        for name in _PLACES[of]:
            by_identity = {p.identity: p for p in part(name).items}
            places[name] = [by_identity[i] for i in sorted(by_identity, key=lambda v: (v is None, str(v)))]
        return _Table(records, start, end, count_items, counts.rows, fact, fields, of, places)


# -- places that contain each other ------------------------------------------------------------

_SLOTS = ((1,), (2,), (3,), (4,), (5,), (6, 7))
"""The parts of `Place.identity` below the country that a containing place may leave out:
subdivision, admin1, admin2, admin3, name, and the point (latitude and longitude together)."""


def _strict_containers(places: list[Place]) -> list[list[int]]:
    """For each of *places* (distinct), the indices of the others it lies strictly within.

    A place is within another when the other gives nothing it does not (`Place.within`), so the
    candidates are the place's identity with some of its parts left out: at most 64 look-ups a
    place, not a comparison with every other. `Place.within` decides each candidate.
    """
    index: dict[tuple[Any, ...], int] = {p.identity: i for i, p in enumerate(places)}
    found: list[list[int]] = []
    for i, place in enumerate(places):
        identity = place.identity
        given = [slot for slot in _SLOTS if any(identity[k] is not None for k in slot)]
        inside: list[int] = []
        for mask in range(2 ** len(given) - 1):  # the last mask keeps every part: the place itself
            candidate = list(identity)
            for bit, slot in enumerate(given):
                if not mask >> bit & 1:
                    for k in slot:
                        candidate[k] = None
            j = index.get(tuple(candidate))
            if j is not None and j != i and place.within(places[j]):
                inside.append(j)
        found.append(inside)
    return found


@attrs.define(slots=True, eq=False)
class _Nesting:
    """The places of a table that lie strictly within other places of the same table.

    Made once per table; `of` gives ``None`` when no place of the table lies within another (a
    table of countries, or of districts only), and totals then skip the containment rule.
    """

    containers: list[list[list[int]]]
    """For each place attribute (`_PLACES`), each distinct place's strict containers (codes)."""
    places: list[npt.NDArray[np.int64]]
    """For each place attribute, each row's place (its code: an index into `_Table.places`)."""
    rest: npt.NDArray[np.int64]
    """Per row, one code for the rest of its fact key (population, movement, metric)."""

    @classmethod
    def of(cls, table: _Table) -> _Nesting | None:
        containers = [_strict_containers(places) for places in table.places.values()]
        if not any(any(c) for c in containers):
            return None
        # the common case never gets here: the codes are made again rather than kept by every table
        codes = [
            _Parts(table.records, name).codes(_unpacked(derive))[0] for name, derive in _FACT_PARTS[table.of]
        ]
        places, rest = codes[: len(containers)], codes[len(containers) :]
        return cls(containers, places, _combined(*rest) if len(table.fact) else np.zeros(0, np.int64))


def _breakdowns(
    table: _Table,
    facts: _Facts,
    groups: npt.NDArray[np.int64],
    spans: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None,
) -> tuple[dict[int, str | None], dict[int, list[str]]]:
    """The facts that are a breakdown of another fact of their group, and the figures below their breakdown.

    A fact is a breakdown when another fact of its group and of the same population (movement,
    metric), with a number, has places that contain its own, at least one strictly (a flow:
    origin within origin and destination within destination), and (for flows, *spans*) a period
    that overlaps its own. Stocks compare no dates, as the facts of one place do not.
    Returns ``{fact: the id of the containing record that stands}`` and, per group, the ids of
    the records that stand for a place whose breakdown adds to more than their upper bound.
    """
    nesting = table.nesting
    if nesting is None or not len(facts.row):
        return {}, {}
    rows = facts.row
    places = [codes[rows] for codes in nesting.places]
    finer = np.zeros(len(rows), np.bool_)
    coarser = np.zeros(len(rows), np.bool_)
    for k, containers in enumerate(nesting.containers):
        has = np.fromiter((bool(c) for c in containers), np.bool_, len(containers))
        holds = np.zeros(len(containers), np.bool_)
        for c in containers:
            holds[c] = True
        finer |= has[places[k]]
        coarser |= holds[places[k]]
    if not finer.any():
        return {}, {}
    rest = nesting.rest[rows].tolist()
    group = groups.tolist()
    place = [p.tolist() for p in places]
    begins, ends = (spans[0].tolist(), spans[1].tolist()) if spans is not None else ([], [])
    # the figures that may contain others, by their group, population and places; for flows,
    # in order of their start (facts of one key do not overlap), with the latest end so far
    index: dict[tuple[int, ...], tuple[list[int], list[int], list[int]]] = {}
    coarse = np.flatnonzero(coarser & facts.counts.quantified)  # only a figure takes in its parts
    if spans is not None:
        coarse = coarse[np.argsort(spans[0][coarse], kind="stable")]
    for g in coarse.tolist():
        starts, reach, members = index.setdefault((group[g], rest[g], *(p[g] for p in place)), ([], [], []))
        if spans is not None:
            starts.append(begins[g])
            reach.append(max(ends[g], reach[-1]) if reach else ends[g])
        members.append(g)
    within: dict[int, list[int]] = {}
    candidates = np.flatnonzero(finer & np.isin(groups, groups[coarse]))  # a container in their group
    for f in candidates.tolist():
        own = tuple(p[f] for p in place)
        choices = [[own[k], *nesting.containers[k][own[k]]] for k in range(len(own))]
        found = []
        for combination in product(*choices):
            if combination == own:
                continue
            entry = index.get((group[f], rest[f], *combination))
            if entry is None:
                continue
            starts, reach, members = entry
            if spans is None:
                found += members
                continue
            # the figures whose period overlaps f's: they reach its start and start by its end
            for at in range(bisect_left(reach, begins[f]), bisect_right(starts, ends[f])):
                g = members[at]
                if ends[g] >= begins[f]:
                    found.append(g)
        if found:
            within[f] = found

    record_of: dict[int, str] = {}

    def record(g: int) -> str:
        if g not in record_of:
            added, missing, _ = facts.records(g, table)
            record_of[g] = min(added or missing)
        return record_of[g]

    aside: dict[int, str | None] = {}
    for f, containing in within.items():
        standing = [g for g in containing if g not in within] or containing
        aside[f] = record(standing[0]) if len(standing) == 1 else min(map(record, standing))
    # a figure whose breakdown (its next level down) adds to more than it: the figure stands
    children: dict[int, set[int]] = {}
    for f, containing in within.items():
        for g in containing:
            children.setdefault(g, set()).add(f)
    counts = facts.counts
    above: dict[int, list[str]] = {}
    for g, inside in sorted(children.items()):
        if not counts.quantified[g] or math.isinf(counts.high[g]):
            continue
        top = [f for f in inside if inside.isdisjoint(within[f])]
        same_unit = all(counts.quantified[f] and counts.unit[f] == counts.unit[g] for f in top)
        if same_unit and float(counts.low[top].sum()) > counts.high[g]:
            above.setdefault(group[g], []).append(record(g))
    return aside, above


# -- reconciliation ----------------------------------------------------------------------------


@attrs.define(slots=True)
class _Fact:
    row: _Row  # the row whose fields place the fact in a group
    interval: Interval | None
    unit: str | None
    records: list[str]
    set_aside: list[SetAside]
    unquantified: list[str]


def _reliability(dataset: Dataset, attributions: Iterable[Attribution]) -> float:
    best = 0.0
    for a in attributions:
        for link in a.chain:
            source = dataset.get(link)
            if isinstance(source, Source) and source.reliability is not None:
                best = max(best, _RELIABILITY[source.reliability])
    return best


def _reconcile(dataset: Dataset, rows: list[_Row], policy: Policy) -> _Fact:
    """One fact from its reports (two or more rows of one fact key with overlapping periods)."""
    quantified = [r for r in rows if r.interval is not None]
    if not quantified:
        ids = sorted(r.id for r in rows)
        first = min(rows, key=lambda r: r.id)
        return _Fact(first, None, None, [], [], ids)
    unit = quantified[0].unit
    assert unit is not None
    for r in quantified:
        assert r.unit is not None
        unit_factor(r.unit, unit)  # raises UnitError for persons with households
    set_aside: list[SetAside] = []
    stocks = isinstance(quantified[0].record, Stock)

    def recency(r: _Row) -> tuple[int, int]:
        # a flow: the later end, then the longer period (a cumulative report covering more); a
        # stock: the later first day its figure may hold for, then the more precise date, so that
        # "July" (a month) ranks below 15 July and above 30 June: a coarse date is not taken to
        # be later than it is known to be
        return (r.start, -r.end) if stocks else (r.end, -r.start)

    # a later cumulative report since the same start supersedes the earlier ones; a stock is
    # superseded only by one certainly later (its whole span after the other's)
    latest_of_series: dict[tuple[int, bool], _Row] = {}
    for r in sorted(quantified, key=lambda r: (*recency(r), r.id)):
        latest_of_series[r.series] = r
    candidates = []
    for r in quantified:
        newest = latest_of_series[r.series]
        if r.end < (newest.start if stocks else newest.end):
            set_aside.append(SetAside(r.id, Reason.SUPERSEDED, newest.id))
        else:
            candidates.append(r)

    def reliability(r: _Row) -> float:
        return _reliability(dataset, r.record.attributions)

    def bounds(r: _Row) -> tuple[Fraction, Fraction | None]:
        assert r.interval is not None
        assert r.unit is not None
        return _exact_bounds(r.interval, _ratio(r.unit, unit))

    def size(r: _Row) -> tuple[Fraction, Fraction | float]:
        low, high = bounds(r)
        return (low, math.inf if high is None else high)

    ranked: Callable[[_Row], tuple[Any, ...]]
    if policy is Policy.MOST_RELIABLE:
        ranked = lambda r: (reliability(r), *recency(r))  # noqa: E731
    elif policy is Policy.MAXIMUM:
        ranked = lambda r: (*size(r), *recency(r))  # noqa: E731
    else:
        ranked = lambda r: (*recency(r), reliability(r))  # noqa: E731
    # best first; equal ranks fall back on the id, so record order never matters
    candidates.sort(key=lambda r: r.id)
    candidates.sort(key=ranked, reverse=True)
    chosen = candidates[0]
    kept: str | None = chosen.id
    if policy is Policy.RANGE and len(candidates) > 1:
        interval = _hull([(r.interval, *bounds(r)) for r in candidates if r.interval is not None])
        records = sorted(r.id for r in candidates)
        kept = None  # the range stands for the fact, not one record
    else:
        assert chosen.interval is not None
        assert chosen.unit is not None
        interval = _scaled(chosen.interval, _ratio(chosen.unit, unit))
        records = [chosen.id]
        set_aside.extend(SetAside(r.id, Reason.SAME_FACT, chosen.id) for r in candidates[1:])
    set_aside.extend(SetAside(r.id, Reason.UNQUANTIFIED, kept) for r in rows if r.interval is None)
    return _Fact(chosen, interval, unit, records, set_aside, [])


def _hull(spans: list[tuple[Interval, Fraction, Fraction | None]]) -> Interval:
    """The range over reports: the smallest interval holding every one (``Policy.RANGE``).

    *spans* are each report's interval with its bounds in the fact's unit. A bound is excluded
    (more than / less than) only if every report at that bound excludes it. When every report is
    in whole numbers, the bounds are whole too, rounded outward (10 a day and 103 a week are
    between 10 and 15 a day), so the range still holds every report.
    """
    low = min(lo for _, lo, _ in spans)
    low_excluded = all(i[1] for i, lo, _ in spans if lo == low)
    highs = [hi for _, _, hi in spans if hi is not None]
    high = max(highs) if len(highs) == len(spans) else None
    high_excluded = high is not None and all(i[3] for i, _, hi in spans if hi == high)
    whole = all(_whole(i) for i, _, _ in spans)
    low_number, high_number = _magnitudes(low, high, whole)
    return (low_number, low_excluded, high_number, high_excluded, any(i[4] for i, _, _ in spans))


def _scaled(interval: Interval, ratio: Fraction) -> Interval:
    """*interval* multiplied by *ratio*, exactly, then rounded outward (see `_magnitudes`)."""
    if ratio == 1:
        return interval
    _, ls, _, hs, ap = interval
    whole = ratio.denominator == 1 and _whole(interval)
    low_number, high_number = _magnitudes(*_exact_bounds(interval, ratio), whole)
    return (low_number, ls, high_number, hs, ap)


# -- exact numbers -----------------------------------------------------------------------------
# Totals add float64 columns: fast, and exact for whole numbers while every sum stays below 2**53.
# Groups beyond that (to give the true sum in the error a count past MAX_MAGNITUDE raises), groups of mixed units, and the
# bounds of reconciled reports are worked out exactly here, with Python ints and fractions.

_FLOAT_MAX = int(np.finfo(np.float64).max)

_EXACT = float(2**53)
"""Every whole number below this is exact in a float64, so a float sum of such numbers below it is."""


@functools.lru_cache(maxsize=256)
def _ratio(source: str, target: str) -> Fraction:
    """`unit_factor` as an exact fraction (1/7 from person / week to person / day).

    Ratios of units are simple fractions (a day is 4/1461 of a year of 365.25 days); the float
    factor is the float nearest to one, and the simplest fraction that close to it is the ratio.
    """
    factor = unit_factor(source, target)
    if factor == 1:
        return Fraction(1)
    exact = Fraction(factor)
    simple = exact.limit_denominator(10**6)
    return simple if abs(simple - exact) <= exact / 2**50 else exact


def _exact_bounds(interval: Interval, ratio: Fraction) -> tuple[Fraction, Fraction | None]:
    """The interval's lower and upper bound (None: none) times *ratio*, exactly."""
    high = interval[2]
    return Fraction(interval[0]) * ratio, None if high is None else Fraction(high) * ratio


def _number(value: Fraction, whole: bool, rounding: int) -> int | float:
    """*value* as a magnitude, rounded down (*rounding* -1) or up (1).

    A whole number is an int (never rounded when *value* is whole, however large); otherwise the
    float64 next to *value* in that direction, or an int when no float64 is that large.
    """
    if not whole:
        try:
            number = float(value)
        except OverflowError:
            pass
        else:
            if rounding < 0 and Fraction(number) > value:
                number = math.nextafter(number, -math.inf)
            elif rounding > 0 and Fraction(number) < value:
                number = math.nextafter(number, math.inf)
            if math.isfinite(number):
                return number
    return math.floor(value) if rounding < 0 else math.ceil(value)


def _magnitudes(low: Fraction, high: Fraction | None, whole: bool) -> tuple[int | float, int | float | None]:
    """Exact bounds as magnitudes, rounded outward so the interval still holds them.

    A single value (low == high) that needs no rounding to a whole number goes to the nearest
    float64: converting a figure's unit gives the float nearest to it, not a range of two floats.
    """
    if high is not None and low == high:
        if whole and low.denominator == 1:
            return int(low), int(low)
        if not whole and abs(low) <= _FLOAT_MAX:
            return float(low), float(low)
    return _number(low, whole, -1), None if high is None else _number(high, whole, 1)


# -- totals ------------------------------------------------------------------------------------


def _where(table: _Table, where: Callable[[Any], bool] | None) -> npt.NDArray[np.bool_]:
    if where is None:
        return np.ones(len(table.records), np.bool_)
    try:
        return np.fromiter((bool(where(r)) for r in table.records), np.bool_, len(table.records))
    except DisplacementError:
        raise
    except Exception as exc:
        raise DisplacementError(f"the where= function failed: {show(exc)}") from exc


def _components(
    table: _Table, facts: npt.NDArray[np.int64], chosen: npt.NDArray[np.int64], stocks: bool
) -> tuple[Any, Any]:
    """*chosen* rows in fact order, and for each the number of its fact (overlapping reports).

    The rows are sorted by fact, start and end: one sort of a key that holds all three, as
    `_Table.span_code` numbers the (start, end) pairs in their order. Rows with the same key are
    ordered by id, so that the result never varies.
    """
    span, spans = table.span_code
    chosen_facts = facts[chosen]
    if len(chosen) and (int(chosen_facts.max()) + 1) * spans >= _SAFE:  # too many to hold both
        chosen_facts = np.unique(chosen_facts, return_inverse=True)[1].reshape(-1)
    key = chosen_facts * spans + span[chosen]
    at = np.argsort(key)  # not stable, but rows of equal keys are put in order below
    ordered = key[at]
    if (ordered[1:] == ordered[:-1]).any():  # rows of one fact and period: order them by id
        at = np.lexsort((table.id_rank[chosen], key))
        ordered = key[at]
    order = chosen[at]
    if len(order) == 0:
        return order, np.zeros(0, np.int64)
    fact = ordered // spans
    new = np.ones(len(order), np.bool_)
    new[1:] = fact[1:] != fact[:-1]
    if not stocks:
        # reports of one fact whose periods overlap, directly or through others: a fact's latest
        # end so far, each fact numbered from 0 (small, so that times _SPAN it is still an int64)
        number = np.cumsum(new) - 1
        shifted = number * _SPAN + (table.end[order] - _NEG)
        reach = np.maximum.accumulate(shifted) - number * _SPAN + _NEG
        new[1:] |= table.start[order][1:] > reach[:-1]
    return order, np.cumsum(new) - 1


def tally(
    dataset: Dataset,
    of: str,
    fields: tuple[str, ...],
    during: Period | None,
    where: Callable[[Any], bool] | None,
    policy: Policy,
    household_sizes: HouseholdSizes | None,
) -> Mapping[Key, Total]:
    """The totals of `totals.total`, by group key, from arguments it has checked."""
    table = _table(dataset, of)
    selected = _where(table, where)
    partly = np.zeros(0, np.int64)
    if during is not None:
        low = during.start.toordinal() if during.start is not None else _NEG
        last = during.end if during.end is not None else during.as_of
        high = last.toordinal() if last is not None else _POS
        inside = (table.start >= low) & (table.end <= high)
        overlapping = (table.start <= high) & (table.end >= low)
        partly = np.flatnonzero(selected & overlapping & ~inside)
        selected &= inside
    # Every field but the year is part of what a fact is; figures of one population in different
    # years are different facts when totals are asked per year (stocks at each year's end).
    fact_codes = table.fact_by_year if "year" in fields else table.fact
    order, component = _components(table, fact_codes, np.flatnonzero(selected), of == "stocks")

    # facts: single reports straight from the columns, the others reconciled one by one
    sizes = np.bincount(component) if len(component) else np.zeros(0, np.int64)
    single = sizes[component] == 1 if len(component) else np.zeros(0, np.bool_)
    rep = order[single]
    extra: list[_Fact] = []
    if not single.all():
        multi = np.flatnonzero(~single)
        starts = np.flatnonzero(np.diff(component[multi], prepend=-1))
        for chunk in np.split(multi, starts[1:]):
            rows = [_row(table, int(i)) for i in order[chunk]]
            extra.append(_reconcile(dataset, rows, policy))
    facts = _Facts.build(table, rep, extra)
    converted = facts.convert(table, household_sizes) if household_sizes is not None else {}
    spans = None
    if of == "flows" and table.nesting is not None and len(component):
        # each fact's span: from the first start to the last end of its reports
        begins = np.full(len(sizes), _POS, np.int64)
        ends = np.full(len(sizes), _NEG, np.int64)
        np.minimum.at(begins, component, table.start[order])
        np.maximum.at(ends, component, table.end[order])
        multi_first = np.flatnonzero(~single)
        heads = multi_first[np.flatnonzero(np.diff(component[multi_first], prepend=-1))]
        fact_component = np.concatenate([component[single], component[heads]])
        spans = (begins[fact_component], ends[fact_component])

    # groups: one integer per combination of the by-fields, in key order
    def group_codes(rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        code = np.zeros(len(rows), np.int64)
        for name in fields:
            codes, values = table.fields[name]
            code = code * max(len(values), 1) + codes[rows]
        return code

    fact_groups = group_codes(facts.row)
    partly_groups = group_codes(partly)
    keys, inverse = np.unique(np.concatenate([fact_groups, partly_groups]), return_inverse=True)
    inverse = inverse.reshape(-1)
    groups = inverse[: len(fact_groups)]
    n = len(keys)
    if of == "flows" and "metric" not in fields and len(fact_groups):
        _check_metrics(table, facts, groups, n, fields, keys)
    aside, above = _breakdowns(table, facts, groups, spans)
    sums = _Sums.build(facts, groups, n, aside)
    members = np.argsort(groups, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(groups, minlength=n))])
    outside: dict[int, list[SetAside]] = {}
    for row, g in zip(partly.tolist(), inverse[len(fact_groups) :].tolist(), strict=True):
        outside.setdefault(g, []).append(SetAside(str(table.ids[row]), Reason.PARTLY_OUTSIDE))
    for g in sums.to_recompute():
        members_of_g = members[bounds[g] : bounds[g + 1]]
        sums.recompute(g, facts, members_of_g, table, _key(table, fields, keys[g]), converted, aside)
    return _LazyTotals(table, fields, keys, facts, sums, members, bounds, outside, converted, aside, above)


def _key(table: _Table, fields: tuple[str, ...], code: int) -> Key:
    values = []
    for name in reversed(fields):
        distinct = table.fields[name][1]
        code, at = divmod(int(code), max(len(distinct), 1))
        values.append(distinct[at])
    return tuple(reversed(values))


def _keys(table: _Table, fields: tuple[str, ...], codes: npt.NDArray[np.int64]) -> list[Key]:
    """`_key` for many codes at once."""
    columns = []
    rest = codes
    for name in reversed(fields):
        distinct = table.fields[name][1]
        rest, at = np.divmod(rest, max(len(distinct), 1))
        values = np.empty(len(distinct), dtype=object)
        values[:] = distinct
        columns.append(values[at].tolist())
    if not columns:
        return [() for _ in range(len(codes))]
    return list(zip(*reversed(columns), strict=True))


def _check_metrics(
    table: _Table, facts: _Facts, groups: npt.NDArray[np.int64], n: int, fields: tuple[str, ...], keys: Any
) -> None:
    codes, values = table.fields["metric"]
    metric = codes[facts.row]
    width = max(len(values), 1)
    pairs = np.unique(groups * width + metric)
    per_group = np.bincount(pairs // width, minlength=n)
    bad = np.flatnonzero(per_group > 1)
    if len(bad):
        g = int(bad[0])
        names = sorted({values[int(p % width)].value for p in pairs if p // width == g})
        raise DisplacementError(
            f"the group {_key(table, fields, keys[g])!r} mixes flows of different metrics "
            f"({', '.join(names)}), which count different things: add 'metric' to by=, or choose one "
            "with where="
        )


@attrs.define(slots=True, eq=False)
class _Facts:
    """Every fact of a total: its row (for its group) and its interval, as columns.

    The first `singles` facts are single reports, straight from the table's columns; the others
    are the facts reconciled from several reports (`extra`).
    """

    row: npt.NDArray[np.int64]
    counts: _Intervals
    singles: int
    extra: list[_Fact]

    @classmethod
    def build(cls, table: _Table, rep: npt.NDArray[np.int64], extra: list[_Fact]) -> _Facts:
        units = list(table.count_items.units)  # this total's own list: the reconciled facts may add units

        def unit_code(unit: str | None) -> int:
            if unit is None:
                return -1
            if unit not in units:
                units.append(unit)
            return units.index(unit)

        codes = np.fromiter((unit_code(f.unit) for f in extra), np.int64, len(extra))
        reconciled = _Intervals.of([f.interval for f in extra], codes, units)
        return cls(
            row=np.concatenate([rep, np.array([f.row.index for f in extra], np.int64)]),
            counts=table.count_items.take(table.count_rows[rep]).joined(reconciled),
            singles=len(rep),
            extra=extra,
        )

    def convert(self, table: _Table, sizes: HouseholdSizes) -> dict[int, float]:
        """Turn facts in households into persons; return the size used per fact."""
        converted: dict[int, float] = {}
        counts = self.counts
        household = [i for i, u in enumerate(counts.units) if u.startswith("household")]
        if not household:
            return converted
        for f in np.flatnonzero(np.isin(counts.unit, household)).tolist():
            record = table.records[int(self.row[f])]
            place = record.population.nationality or (
                record.origin.country if isinstance(record, Flow) else record.place.country
            )
            size = sizes.size(place)
            counts.low[f] *= size
            counts.high[f] *= size
            counts.whole[f] = False
            unit = "person" + counts.units[int(counts.unit[f])][len("household") :]
            if unit not in counts.units:
                counts.units.append(unit)
            counts.unit[f] = counts.units.index(unit)
            converted[f] = size
        return converted

    def interval(self, f: int, table: _Table) -> Interval:
        """The exact interval of quantified fact *f*, in its unit before any household conversion."""
        if f < self.singles:
            count = table.records[int(self.row[f])].count
            assert count is not None
            return interval_of(count)
        interval = self.extra[f - self.singles].interval
        assert interval is not None
        return interval

    def records(self, f: int, table: _Table) -> tuple[list[str], list[str], list[SetAside]]:
        """(records added, unquantified records, set aside) of fact *f*."""
        if f < self.singles:
            rid = str(table.ids[int(self.row[f])])
            return ([rid], [], []) if self.counts.quantified[f] else ([], [rid], [])
        fact = self.extra[f - self.singles]
        return fact.records, fact.unquantified, fact.set_aside


@attrs.define(slots=True, eq=False)
class _Sums:
    """Per group: the facts' intervals added up (`_Intervals.sums`), and the groups added exactly."""

    sums: _Intervals
    unit_max: npt.NDArray[np.int64]
    """Each group's largest unit code (`sums.unit` is the smallest): they differ for mixed units."""
    inexact: npt.NDArray[np.bool_]
    """Groups of whole numbers whose float sums reach 2**53, where a float64 may be off by one: added
    up exactly, so that the error a count beyond `MAX_MAGNITUDE` raises gives the true sum."""
    exact: dict[int, tuple[int | float, int | float | None]] = attrs.Factory(dict)
    """Bounds of the groups added up exactly (`recompute`)."""

    @classmethod
    def build(
        cls, facts: _Facts, groups: npt.NDArray[np.int64], n: int, aside: Mapping[int, Any] | None = None
    ) -> _Sums:
        """The sums of the facts of each group, but for the facts *aside* (breakdowns of others)."""
        if aside:  # the facts set aside go to one more group, left out
            groups = groups.copy()
            groups[np.fromiter(aside, np.int64, len(aside))] = n
            sums, unit_max = facts.counts.sums(groups, n + 1)
            sums, unit_max = sums.take(np.arange(n)), unit_max[:n]
        else:
            sums, unit_max = facts.counts.sums(groups, n)
        big = (sums.low >= _EXACT) | ((sums.high >= _EXACT) & np.isfinite(sums.high))
        return cls(sums, unit_max, sums.quantified & sums.whole & big)

    def to_recompute(self) -> list[int]:
        """Groups that `recompute` must add up: mixed units, or float sums that may be inexact."""
        mixed = self.sums.quantified & (self.sums.unit != self.unit_max)
        return np.flatnonzero(mixed | self.inexact).tolist()

    def recompute(
        self,
        g: int,
        facts: _Facts,
        members: Any,
        table: _Table,
        key: Key,
        converted: dict[int, float],
        aside: Mapping[int, Any] | None = None,
    ) -> None:
        """Add up group *g* exactly, in Python ints and fractions.

        For facts of different units (person / day and person / week: the sum is in the first,
        as floats) and for sums that float64 cannot hold exactly (whole numbers stay whole).
        """
        sums, counts = self.sums, facts.counts
        unit = sums.units[int(sums.unit[g])]
        mixed = sums.unit[g] != self.unit_max[g]
        low = Fraction(0)
        high: Fraction | None = Fraction(0)
        for f in members.tolist():
            if aside and f in aside:
                continue
            if not counts.quantified[f]:
                high = None
                continue
            try:
                ratio = _ratio(counts.units[int(counts.unit[f])], unit)
            except UnitError as exc:
                raise UnitError(f"cannot total the group {key!r}: {exc}") from None
            if f in converted:  # households, converted to persons at this size
                ratio *= Fraction(converted[f])
            fact_low, fact_high = _exact_bounds(facts.interval(f, table), ratio)
            low += fact_low
            high = None if high is None or fact_high is None else high + fact_high
        whole = bool(sums.whole[g]) and not mixed
        self.exact[g] = _magnitudes(low, high, whole)
        self.unit_max[g], sums.whole[g] = sums.unit[g], whole

    def count(self, g: int) -> Count | None:
        sums = self.sums
        if not sums.quantified[g]:
            return None
        low: int | float
        high: int | float | None
        if g in self.exact:
            low, high = self.exact[g]
        else:
            low = float(sums.low[g])
            high = None if np.isinf(sums.high[g]) else float(sums.high[g])
            if sums.whole[g]:
                low = round(low)
                high = None if high is None else round(high)
        return count_of(
            low,
            bool(sums.low_excluded[g]),
            high,
            bool(sums.high_excluded[g]),
            bool(sums.approximate[g]),
            sums.units[int(sums.unit[g])],
        )


class _LazyTotals(Mapping[Key, Total]):
    """The groups of one total; each `Total` is built when first asked for, then kept."""

    def __init__(
        self,
        table: _Table,
        fields: tuple[str, ...],
        keys: Any,
        facts: _Facts,
        sums: _Sums,
        members: Any,
        bounds: Any,
        outside: dict[int, list[SetAside]],
        converted: dict[int, float],
        aside: dict[int, str | None],
        above: dict[int, list[str]],
    ) -> None:
        self._table, self._fields, self._facts, self._sums = table, fields, facts, sums
        self._members, self._bounds, self._outside, self._converted = members, bounds, outside, converted
        self._aside, self._above = aside, above
        self._codes = keys
        self._key_list: list[Key] | None = None
        self._index_map: dict[Key, int] | None = None
        self._built: dict[int, Total] = {}

    # The group keys are Python tuples, one per group (about 100,000 for UNHCR's corridors and
    # years): they are made when first needed, like each Total, and with the cyclic garbage
    # collector paused, which otherwise rescans the dataset's records while they are allocated.
    @property
    def _keys(self) -> list[Key]:
        if self._key_list is None:
            with paused_gc():
                self._key_list = _keys(self._table, self._fields, self._codes)
        return self._key_list

    @property
    def _index(self) -> dict[Key, int]:
        if self._index_map is None:
            keys = self._keys
            with paused_gc():
                self._index_map = {k: i for i, k in enumerate(keys)}
        return self._index_map

    def __getitem__(self, key: Key) -> Total:
        g = self._index[key]
        found = self._built.get(g)
        if found is None:
            found = self._built[g] = self._build(g)
        return found

    def _build(self, g: int) -> Total:
        records: list[str] = []
        unquantified: list[str] = []
        set_aside = list(self._outside.get(g, ()))
        sizes_used: list[tuple[str, float]] = []
        for f in self._members[self._bounds[g] : self._bounds[g + 1]].tolist():
            added, missing, aside = self._facts.records(f, self._table)
            if f in self._aside:  # a breakdown of a figure for a place that contains its own
                kept = self._aside[f]
                set_aside += [SetAside(r, Reason.BREAKDOWN, kept) for r in added + missing]
                set_aside += aside
                continue
            records += added
            unquantified += missing
            set_aside += aside
            if f in self._converted:
                sizes_used += [(rid, self._converted[f]) for rid in added]
        set_aside.sort(key=lambda s: s.record)
        try:
            count = self._sums.count(g)
        except ValidationError as exc:  # a sum above the largest number a count holds
            raise ValidationError(
                exc.within(f"total[{show(self._keys[g])}]").errors,
                title=f"the total of {show(self._keys[g])} cannot be a count",
            ) from None
        return Total(
            self._keys[g],
            count,
            tuple(sorted(records)),
            tuple(sorted(unquantified)),
            tuple(set_aside),
            tuple(sorted(sizes_used)),
            tuple(sorted(self._above.get(g, ()))),
        )

    def __iter__(self) -> Iterator[Key]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._codes)


# -- increments --------------------------------------------------------------------------------


def _difference(later: Count, earlier: Count, what: str) -> Count:
    """How much a cumulative figure grew: the interval of ``later - earlier``, never below 0."""
    second = interval_of(later)
    first = interval_of(earlier)
    _, ls2, _, hs2, ap2 = second
    _, ls1, _, hs1, ap1 = first
    ratio = _ratio(earlier.unit, later.unit)
    lo2, high2 = _exact_bounds(second, Fraction(1))
    lo1, hi1 = _exact_bounds(first, ratio)
    if high2 is not None and high2 < lo1:
        raise DisplacementError(f"{what}: the later figure ({later}) is below the earlier one ({earlier})")
    low = Fraction(0) if hi1 is None else lo2 - hi1
    low_excluded = hi1 is not None and (ls2 or hs1)
    if low < 0 or (low == 0 and not low_excluded):
        low, low_excluded = Fraction(0), False
    high = None if high2 is None else high2 - lo1
    whole = ratio.denominator == 1 and _whole(second) and _whole(first)
    low_number, high_number = _magnitudes(low, high, whole)
    return count_of(low_number, low_excluded, high_number, hs2 or ls1, ap1 or ap2, later.unit)


def series(dataset: Dataset, where: Callable[[Any], bool] | None, policy: Policy) -> list[Series]:
    """The series of `totals.series`, from arguments it has checked."""
    table = _table(dataset, "flows")
    rows = [_row(table, int(i)) for i in np.flatnonzero(_where(table, where))]
    found: dict[tuple[Any, ...], dict[int, list[_Row]]] = {}
    for r in rows:
        by_end = found.setdefault((*r.fact, *r.series), {})
        by_end.setdefault(r.end, []).append(r)
    result: list[Series] = []
    for key in sorted(found, key=lambda k: tuple((v is None, str(v)) for v in k)):
        reports: list[Flow] = []
        steps: list[Flow] = []
        previous: _Row | None = None
        for end in sorted(found[key]):
            same = found[key][end]
            r = same[0] if len(same) == 1 else _reconcile(dataset, same, policy).row
            flow = r.record
            assert isinstance(flow, Flow)
            if r.end >= _POS:
                raise DisplacementError(
                    f"flow {quoted(flow.id)} has neither an end nor an as-of date: it cannot be placed in a series"
                )
            if previous is None:
                steps.append(flow)
            else:
                before = previous.record
                assert isinstance(before, Flow)
                steps.append(_increment(before, flow, previous.end))
            reports.append(flow)
            previous = r
        result.append(Series(tuple(reports), tuple(steps)))
    return result


def _increment(before: Flow, after: Flow, before_end: int) -> Flow:
    count = None
    if before.count is not None and after.count is not None:
        count = _difference(after.count, before.count, f"flows {quoted(before.id)} and {quoted(after.id)}")
    start = date.fromordinal(before_end) + timedelta(days=1)
    period = after.period
    end = period.end if period.end is not None else period.as_of
    attributions = list(after.attributions)
    attributions += [a for a in before.attributions if a not in attributions]
    return attrs.evolve(
        after,
        id=f"{after.id}-after-{before.id}",
        count=count,
        period=Period(start, end, precision=period.precision, as_of=period.as_of),
        attributions=attributions,
        description=f"the growth of {after.id!r} since {before.id!r}, derived by Dataset.increments",
    )


# -- sums in Python: figures of events, and breakdowns by cohort ---------------------------------
# Figures are few, and a breakdown splits each fact into its cells: both add up here, in exact
# numbers, with the rule of `Count.__add__` (the numpy engine adds the facts of flows and stocks).

_Part = tuple[Interval | None, str | None, float | None]
"""One term of a sum: its interval (``None``: no number), its unit, and the household size that
turns it into persons (``None``: not converted)."""


def _sum(parts: Sequence[_Part], key: Key) -> Count | None:
    """The parts added as intervals: ``None`` when no part has a number; no upper bound when one has none."""
    quantified = [(i, u, s) for i, u, s in parts if i is not None and u is not None]
    if not quantified:
        return None
    _, first_unit, first_size = quantified[0]
    unit = _persons(first_unit) if first_size is not None else first_unit
    low: Fraction | int = 0
    high: Fraction | int | None = None if len(quantified) < len(parts) else 0
    flags = [False, False, False]
    whole = True
    for interval, part_unit, size in quantified:
        try:
            ratio = _ratio(_persons(part_unit) if size is not None else part_unit, unit)
        except UnitError as exc:
            raise UnitError(f"cannot total the group {key!r}: {exc}") from None
        if size is not None:
            ratio *= Fraction(size)
            whole = False
        part_low, part_high = _bounds(interval, ratio)
        low += part_low
        high = None if high is None or part_high is None else high + part_high
        whole = whole and ratio.denominator == 1 and _whole(interval)
        flags = [flags[0] or interval[1], flags[1] or interval[3], flags[2] or interval[4]]
    low_number, high_number = _magnitudes(Fraction(low), None if high is None else Fraction(high), whole)
    try:
        return count_of(low_number, flags[0], high_number, flags[1] and high is not None, flags[2], unit)
    except ValidationError as exc:  # a sum above the largest number a count holds
        raise ValidationError(
            exc.within(f"total[{show(key)}]").errors, title=f"the total of {show(key)} cannot be a count"
        ) from None


def _bounds(interval: Interval, ratio: Fraction) -> tuple[Fraction | int, Fraction | int | None]:
    """`_exact_bounds`, with plain ints for whole numbers in their own unit (Fractions are slow)."""
    low, high = interval[0], interval[2]
    if ratio == 1 and isinstance(low, int) and (high is None or isinstance(high, int)):
        return low, high
    return _exact_bounds(interval, ratio)


def _persons(unit: str) -> str:
    """A unit of households as the same unit of persons (``household / day`` -> ``person / day``)."""
    return "person" + unit[len("household") :] if unit.startswith("household") else unit


@attrs.define(slots=True)
class _Group:
    """What one group of a total in Python collects before it becomes a `Total`."""

    parts: list[_Part] = attrs.Factory(list)
    records: set[str] = attrs.Factory(set)
    unquantified: set[str] = attrs.Factory(set)
    set_aside: list[SetAside] = attrs.Factory(list)
    sizes: dict[str, float] = attrs.Factory(dict)
    below: set[str] = attrs.Factory(set)

    def total(self, key: Key) -> Total:
        return Total(
            key,
            _sum(self.parts, key),
            tuple(sorted(self.records)),
            tuple(sorted(self.unquantified)),
            tuple(sorted(self.set_aside, key=lambda s: s.record)),
            tuple(sorted(self.sizes.items())),
            tuple(sorted(self.below)),
        )


def _sort_key(key: Key) -> tuple[Any, ...]:
    """The order of group keys: ``None`` last; age bands by their ages; anything else as text."""

    def value(v: Any) -> Any:
        if isinstance(v, tuple):
            return (0, -1 if v[0] is None else v[0], _POS if v[1] is None else v[1], "")
        return (1, 0, 0, str(v))

    return tuple((v is None, value(v)) for v in key)


def _totals_of(groups: dict[Key, _Group]) -> dict[Key, Total]:
    return {key: groups[key].total(key) for key in sorted(groups, key=_sort_key)}


@attrs.frozen
class _Figured:
    """A figure of an event, as a record of a total: its path (``ev1.figures[0]``) is its id."""

    event: Event
    figure: Figure
    id: str

    @property
    def attributions(self) -> tuple[Attribution, ...]:
        """The figure's attributions, or its event's when it gives none."""
        return self.figure.attributions or self.event.attributions


def tally_figures(
    dataset: Dataset,
    fields: tuple[str, ...],
    during: Period | None,
    where: Callable[[Any], bool] | None,
    policy: Policy,
    household_sizes: HouseholdSizes | None,
) -> dict[Key, Total]:
    """The totals of the figures of *dataset*'s events (`totals.total` with ``of="figures"``).

    The figures of one event with the same measure are reports of one fact, reconciled by
    *policy*; facts add as intervals. A figure without a measure is set aside (`Reason.UNMEASURED`).
    """
    low, high = _NEG, _POS
    if during is not None:
        low, high, _ = _period_span(during)
    groups: dict[Key, _Group] = {}
    facts: dict[tuple[Key, str, Any], list[_Row]] = {}
    for event in dataset.events:
        start, end, _ = _period_span(event.period)
        for i, figure in enumerate(event.figures):
            item = _Figured(event, figure, f"{event.id}.figures[{i}]")
            if where is not None and not _kept(where, figure):
                continue
            key = tuple(
                derive(getattr(item, attr)) for attr, derive in (FIELDS["figures"][f] for f in fields)
            )
            if not (start <= high and end >= low):
                continue
            group = groups.setdefault(key, _Group())
            if not (start >= low and end <= high):
                group.set_aside.append(SetAside(item.id, Reason.PARTLY_OUTSIDE))
            elif figure.measure is None:
                group.set_aside.append(SetAside(item.id, Reason.UNMEASURED))
            else:
                count = figure.count
                row = _Row(
                    item.id,
                    (event.id, figure.measure),
                    start,
                    end,
                    (i, False),  # each figure its own series: none supersedes another
                    None if count is None else interval_of(count),
                    None if count is None else count.unit,
                    item,
                    i,
                )
                facts.setdefault((key, event.id, figure.measure), []).append(row)
    measures: dict[Key, set[Any]] = {}
    for (key, _, measure), rows in facts.items():
        group = groups[key]
        measures.setdefault(key, set()).add(measure)
        if len(rows) == 1:
            r = rows[0]
            quantified = r.interval is not None
            fact = _Fact(
                r, r.interval, r.unit, [r.id] if quantified else [], [], [] if quantified else [r.id]
            )
        else:
            fact = _reconcile(dataset, rows, policy)
        group.records.update(fact.records)
        group.unquantified.update(fact.unquantified)
        group.set_aside += fact.set_aside
        size = None
        if fact.unit is not None and fact.unit.startswith("household") and household_sizes is not None:
            size = _figure_size(household_sizes, fact.row.record)
            group.sizes.update(dict.fromkeys(fact.records, size))
        group.parts.append((fact.interval, fact.unit, size))
    if "measure" not in fields:
        for key, found in measures.items():
            if len(found) > 1:
                names = ", ".join(sorted(m.value for m in found))
                raise DisplacementError(
                    f"the group {key!r} mixes figures of different measures ({names}), which count "
                    "different things: add 'measure' to by=, or choose one with where="
                )
    return _totals_of(groups)


def _kept(where: Callable[[Any], bool], record: Any) -> bool:
    try:
        return bool(where(record))
    except DisplacementError:
        raise
    except Exception as exc:
        raise DisplacementError(f"the where= function failed: {show(exc)}") from exc


def _figure_size(sizes: HouseholdSizes, item: Flow | Stock | _Figured) -> float:
    """The household size for a figure: its event's country (its first place), else the default."""
    assert isinstance(item, _Figured)
    country = next((p.country for p in item.event.places), None)
    if country is not None:
        return sizes.size(country)
    if sizes.default is None:
        raise UnitError(
            f"no household size for {item.id}: its event has no place, and the sizes have no default"
        )
    return sizes.default


_CELL_VALUES: dict[str, Callable[[Cohort], Any]] = {
    "sex": attrgetter("sex"),
    "age": lambda c: (c.min_age, c.max_age),
    "settlement": attrgetter("settlement"),
    "in_camp": attrgetter("in_camp"),
    "disability": attrgetter("disability"),
}
"""A cell's value in each dimension it may be grouped by (an age band is ``(min_age, max_age)``)."""


def tally_cohorts(
    dataset: Dataset,
    of: str,
    fields: tuple[str, ...],
    during: Period | None,
    where: Callable[[Any], bool] | None,
    policy: Policy,
    household_sizes: HouseholdSizes | None,
) -> dict[Key, Total]:
    """Totals broken down by cohort dimensions (``by=("destination", "sex")``).

    The facts are reconciled and grouped by the other fields first (`tally`). Then each fact
    kept by one record splits into the cells of that record's breakdown whose dimensions are
    exactly the requested ones, each under its key, and the rest (the whole minus the cells, as
    an interval) under ``None`` in every requested dimension. A fact without that breakdown,
    or reconciled as a range over several records, counts under ``None`` whole.
    """
    dims = tuple(d for d in COHORT_FIELDS if d in fields)
    base = tuple(f for f in fields if f not in COHORT_FIELDS)
    found = tally(dataset, of, base, during, where, policy, household_sizes)
    assert isinstance(found, _LazyTotals)

    def key_of(base_key: Key, cell: Cohort | None) -> Key:
        values = iter(base_key)
        return tuple(
            (None if cell is None else _CELL_VALUES[f](cell)) if f in COHORT_FIELDS else next(values)
            for f in fields
        )

    def cells_of(record: Flow | Stock, base_key: Key) -> list[tuple[Key, Count]]:
        return [(key_of(base_key, c), c.count) for c in record.population.cohorts if c.dimensions == dims]

    return _split(found, lambda k: key_of(k, None), cells_of)


def _counted_shares(dataset: Dataset, of: str) -> bool:
    """Whether any flow (or stock, *of*) of *dataset* is a mix with a share that has a count."""
    records: tuple[Flow, ...] | tuple[Stock, ...] = dataset.flows if of == "flows" else dataset.stocks
    populations = _Parts(records, "population").items  # readers share populations
    return any(s.count is not None for p in populations for s in p.shares)


def tally_shares(
    dataset: Dataset,
    of: str,
    fields: tuple[str, ...],
    during: Period | None,
    where: Callable[[Any], bool] | None,
    policy: Policy,
    household_sizes: HouseholdSizes | None,
) -> Mapping[Key, Total]:
    """Totals by ``nationality`` or ``category`` that split mixed populations into their shares.

    `tally` groups a mix under its own key (`MIXED` by nationality, `PopulationCategory.MIXED`
    by category). Then each fact kept by one record whose population has shares with counts
    splits as a breakdown does (`tally_cohorts`): each share's count under its nationality (and
    category; a share that names none has the population's), and what the shares' counts do not
    cover, as an interval, under the mix's key. Fractions are not counts: a share with only a
    fraction leaves its part under the mix's key.
    """
    found = tally(dataset, of, fields, during, where, policy, household_sizes)
    assert isinstance(found, _LazyTotals)
    if not derived(dataset, ("counted shares", of), functools.partial(_counted_shares, of=of)):
        return found  # the common case: no mix to split
    at = {f: fields.index(f) for f in ("nationality", "category") if f in fields}

    def shares_of(record: Flow | Stock, base_key: Key) -> list[tuple[Key, Count]]:
        parts: list[tuple[Key, Count]] = []
        for share in record.population.shares:
            if share.count is None:
                continue
            key = list(base_key)
            for f, i in at.items():
                value = getattr(share, f)
                if value is not None:
                    key[i] = value
            if tuple(key) != base_key:
                parts.append((tuple(key), share.count))
        return parts

    return _split(found, lambda k: k, shares_of)


def _split(
    found: _LazyTotals,
    rest_key: Callable[[Key], Key],
    parts_of: Callable[[Flow | Stock, Key], list[tuple[Key, Count]]],
) -> dict[Key, Total]:
    """The totals *found*, with each fact kept by one record split into the parts that
    ``parts_of(record, its group's key)`` gives (each under its own key), and the rest (the
    whole less the parts, as an interval) under ``rest_key(its group's key)``. A fact
    reconciled as a range over several records counts whole under the rest's key."""
    table, facts, aside, converted = found._table, found._facts, found._aside, found._converted
    groups: dict[Key, _Group] = {}
    for g, base_key in enumerate(found._keys):
        total = found[base_key]
        rest = groups.setdefault(rest_key(base_key), _Group())
        rest.set_aside += total.set_aside
        rest.below.update(total.below_breakdown)
        sizes = dict(total.household_sizes)
        for f in found._members[found._bounds[g] : found._bounds[g + 1]].tolist():
            if f in aside:
                continue
            added, missing, _ = facts.records(f, table)
            if not facts.counts.quantified[f]:  # no number for the whole: its parts may have one
                rest.unquantified.update(missing)
                alone = table.records[int(facts.row[f])] if f < facts.singles else None
                for key, count in [] if alone is None else parts_of(alone, base_key):
                    group = groups.setdefault(key, _Group())
                    group.parts.append((interval_of(count), count.unit, None))
                    group.records.update(missing)
                continue
            interval = facts.interval(f, table)
            record: Flow | Stock | None = None
            if f < facts.singles:
                record = table.records[int(facts.row[f])]
                unit = record.count.unit if record.count is not None else None
            else:
                fact = facts.extra[f - facts.singles]
                unit = fact.unit
                if len(fact.records) == 1:
                    chosen = fact.row.record
                    assert isinstance(chosen, (Flow, Stock))
                    record = chosen
            assert unit is not None
            size = converted.get(f)
            cells = [] if record is None else parts_of(record, base_key)
            remainder = _remainder(interval, unit, [c for _, c in cells], base_key) if cells else interval
            for key, count in cells:
                group = groups.setdefault(key, _Group())
                group.parts.append((interval_of(count), count.unit, size))
                group.records.update(added)
                group.sizes.update({r: sizes[r] for r in added if r in sizes})
            if remainder is not None:
                rest.parts.append((remainder, unit, size))
                rest.records.update(added)
                rest.sizes.update({r: sizes[r] for r in added if r in sizes})
    empty = [k for k, group in groups.items() if not (group.parts or group.unquantified or group.set_aside)]
    for k in empty:
        del groups[k]
    return _totals_of(groups)


def _remainder(whole: Interval, unit: str, cells: list[Count], key: Key) -> Interval | None:
    """What the counts *cells* leave of *whole* (in *unit*), as an interval; ``None`` when they cover it exactly.

    The rest is at least the whole's lowest value less the cells' highest sum (never below 0),
    and at most the whole's highest value less the cells' lowest sum.
    """
    cell_low: Fraction | int = 0
    cell_high: Fraction | int = 0
    unbounded = False
    low_excluded, high_excluded, approximate, whole_numbers = whole[1], whole[3], whole[4], _whole(whole)
    for cell in cells:
        interval = interval_of(cell)
        try:
            ratio = _ratio(cell.unit, unit)
        except UnitError as exc:
            raise UnitError(f"cannot break down the group {key!r}: {exc}") from None
        part_low, part_high = _bounds(interval, ratio)
        cell_low += part_low
        if part_high is None:
            unbounded = True
        else:
            cell_high += part_high
        low_excluded = low_excluded or interval[3]
        high_excluded = high_excluded or interval[1]
        approximate = approximate or interval[4]
        whole_numbers = whole_numbers and ratio.denominator == 1 and _whole(interval)
    whole_low, whole_high = _bounds(whole, Fraction(1))
    low = 0 if unbounded else whole_low - cell_high
    if low <= 0:
        low, low_excluded = 0, False
    high = None if whole_high is None else max(whole_high - cell_low, low)
    if high == 0:  # the cells cover the whole
        return None
    low_number, high_number = _magnitudes(
        Fraction(low), None if high is None else Fraction(high), whole_numbers
    )
    return (low_number, low_excluded, high_number, high_excluded and high is not None, approximate)


# -- columns for engines -----------------------------------------------------------------------
# What an engine (DuckDB, Dask, Spark) needs to reconcile and add records the way `tally` does,
# one value per record, written next to the record's own columns by `displacement.io.arrow`.
# Whatever takes knowledge of other records (which facts, whose sources are reliable, which
# records may count the same people, which places lie within others) is worked out here, once;
# `displacement.engines` does the rest with window functions and sums.

ENGINE_COLUMNS: tuple[str, ...] = (
    "total_lower",
    "total_upper",
    "total_lower_excluded",
    "total_upper_excluded",
    "total_approximate",
    "total_whole",
    "total_unit",
    "total_household_size",
    "total_fact",
    "total_start",
    "total_end",
    "total_year",
    "total_reliability",
    "total_duplicates",
    "total_nested",
    "total_mixed",
)
"""The names of `engine_columns`, in order."""


def _canonical(value: Any) -> Any:
    """*value* as plain, ordered data whose ``repr`` is stable (enums as values, sets sorted)."""
    if isinstance(value, (frozenset, set)):
        return tuple(sorted(map(str, value)))
    if isinstance(value, tuple):
        return tuple(_canonical(v) for v in value)
    return getattr(value, "value", value)


def _fact_digest(parts: tuple[Any, ...]) -> str:
    import hashlib

    return hashlib.blake2b(repr(_canonical(parts)).encode(), digest_size=16).hexdigest()


def _ordinal_date(ordinal: int) -> date | None:
    return None if ordinal in (_NEG, _POS) else date.fromordinal(ordinal)


_BOUND_COLUMNS = ENGINE_COLUMNS[:8]
"""The columns of a record's count (`_engine_bounds`)."""


def _engine_bounds(count: Count | None, sizes: HouseholdSizes | None, country: str | None) -> tuple[Any, ...]:
    """The `_BOUND_COLUMNS` of *count*: households in persons at the size for *country*."""
    if count is None:
        return (None, None, False, False, False, True, None, None)
    interval = interval_of(count)
    low, low_excluded, high, high_excluded, approximate = interval
    unit, size, whole = count.unit, None, _whole(interval)
    if sizes is not None and country is not None:
        size = sizes.size(country)
        low, high = float(low) * size, None if high is None else float(high) * size
        unit, whole = "person" + unit[len("household") :], False
    return (
        float(low),
        None if high is None else float(high),
        low_excluded,
        high_excluded,
        approximate,
        whole,
        unit,
        size,
    )


def engine_columns(
    records: Sequence[Flow] | Sequence[Stock],
    of: str,
    dataset: Dataset | None,
    household_sizes: HouseholdSizes | None,
) -> dict[str, list[Any]]:
    """The `ENGINE_COLUMNS` of *records* (flows or stocks, *of*), a list of values each.

    ``total_lower`` and ``total_upper`` are the count's bounds (``total_upper`` ``None``: no upper
    bound; both ``None``: no number) in ``total_unit``: the count's unit, or persons when
    *household_sizes* converts households (``total_household_size``: the size used), with the
    interval's flags (`Count.bounds`: ``total_lower_excluded`` for "more than"...) and
    ``total_whole`` (whole numbers, so sums stay whole). ``total_fact`` names the fact the record
    reports (`_FACT_PARTS`, as a digest: equal for reports of one fact wherever they are
    written); ``total_start`` and ``total_end`` the days its figure covers (``None``: open);
    ``total_year`` the year a total ``by="year"`` puts it in; ``total_reliability`` its sources'
    best (from *dataset*; 0 without one); ``total_duplicates`` the number of its group of
    suspected duplicates; ``total_nested`` whether one of its places lies strictly within
    another place of *records*; ``total_mixed`` whether its population is a mix.
    """
    from .duplicates import suspected_duplicates

    columns: dict[str, list[Any]] = {name: [] for name in ENGINE_COLUMNS}
    flows = of == "flows"
    year_of = FIELDS[of]["year"][1]
    digests: dict[tuple[Any, ...], str] = {}
    groups = (
        dataset.suspected_duplicates()
        if dataset is not None
        else (
            suspected_duplicates(records, ()) if flows else suspected_duplicates((), records)  # type: ignore[arg-type]
        )
    )
    group_of = {r: i for i, g in enumerate(groups) if g.kind == of for r in g.records}
    nested: set[tuple[str, Any]] = set()
    for name in _PLACES[of]:
        shared = {id(p): p for p in map(attrgetter(name), records)}  # records share their places
        by_identity = {p.identity: p for p in shared.values()}
        distinct = list(by_identity.values())
        nested.update(
            (name, p.identity)
            for p, inside in zip(distinct, _strict_containers(distinct), strict=True)
            if inside
        )
    counts: dict[tuple[int, str | None], tuple[Any, ...]] = {}
    spans: dict[int, tuple[date | None, date | None, int | None]] = {}
    reliabilities: dict[int, float] = {}
    flags: dict[tuple[int, ...], bool] = {}
    keeps: list[Any] = []  # the parts looked up by id(): kept alive until the end, so no id is reused
    with paused_gc():
        for record in records:
            count = record.count
            converted = (
                household_sizes is not None and count is not None and count.unit.startswith("household")
            )
            if converted:
                assert household_sizes is not None
                country = record.population.nationality or (
                    record.origin.country if isinstance(record, Flow) else record.place.country
                )
            else:
                country = None
            bounds = counts.get((id(count), country))
            if bounds is None:
                keeps.append(count)
                bounds = counts[(id(count), country)] = _engine_bounds(count, household_sizes, country)
            for name, value in zip(_BOUND_COLUMNS, bounds, strict=True):
                columns[name].append(value)
            places = tuple(getattr(record, name) for name in _PLACES[of])
            key = (
                *map(id, places),
                id(record.population),
                *((record.movement, record.metric) if isinstance(record, Flow) else ()),
                *record.causes,
            )
            digest = digests.get(key)
            if digest is None:
                keeps.append((places, record.population))
                parts = tuple(derive(getattr(record, name)) for name, derive in _FACT_PARTS[of])
                digest = digests[key] = _fact_digest(parts)
                flags[key] = any(
                    (name, p.identity) in nested for name, p in zip(_PLACES[of], places, strict=True)
                )
            columns["total_fact"].append(digest)
            columns["total_nested"].append(flags[key])
            when = record.period if isinstance(record, Flow) else record.as_of
            span = spans.get(id(when)) if isinstance(record, Flow) else None
            if span is None:
                if isinstance(record, Flow):
                    start, end, _ = _period_span(record.period)
                else:
                    start, end = _stock_span(record)
                span = (_ordinal_date(start), _ordinal_date(end), year_of(when))
                if isinstance(record, Flow):
                    keeps.append(when)
                    spans[id(when)] = span
            columns["total_start"].append(span[0])
            columns["total_end"].append(span[1])
            columns["total_year"].append(span[2])
            reliability = reliabilities.get(id(record.attributions))
            if reliability is None:
                keeps.append(record.attributions)
                reliability = 0.0 if dataset is None else _reliability(dataset, record.attributions)
                reliabilities[id(record.attributions)] = reliability
            columns["total_reliability"].append(reliability)
            columns["total_duplicates"].append(group_of.get(record.id))
            columns["total_mixed"].append(bool(record.population.shares))
    return columns
