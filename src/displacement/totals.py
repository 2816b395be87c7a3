"""Totals without double counting: reconcile reports of one fact, then add facts as intervals.

Records with the same corridor (or place: the same `Place.identity`), population (category and
nationality), movement and metric whose periods overlap are reports of *one fact*: they are never added to each other. A later cumulative
report with the same start supersedes an earlier one; the reports that remain are reconciled
by a `Policy`. Each `Total` then says which records it used, which it set aside and why, and
which facts had no number. `Dataset.total` and `Dataset.increments` are the entry points.

Flows and stocks never add into one total, and flows of different metrics (arrivals,
applications) are never added either: they count different things.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from ._bulk import paused_gc
from ._intervals import Interval, count_of, interval_of, unit_factor
from ._repr import Choice
from ._validate import quoted, show
from .count import Count
from .errors import DisplacementError, UnitError, ValidationError
from .flow import Flow, Stock
from .households import HouseholdSizes
from .period import Period
from .source import Attribution, Reliability, Source

if TYPE_CHECKING:
    from .dataset import Dataset, TableKind

__all__ = ["Policy", "Reason", "SetAside", "Total", "Totals", "increments", "total"]


class Policy(Choice):
    """How competing reports of one fact are reconciled into one figure."""

    LATEST = "latest"
    """The report that speaks for the latest date (its as-of date or end); on a tie the one
    covering the longer period, then the most reliable source. The default: newer figures
    replace older ones, as analysts update a series."""
    MOST_RELIABLE = "most_reliable"
    """The report whose sources have the highest `Reliability`; on a tie, the latest."""
    MAXIMUM = "maximum"
    """The report with the highest figure (by lower bound, then upper bound); on a tie, the latest."""
    RANGE = "range"
    """No single report: the fact is the range from the lowest to the highest report."""


class Reason(Choice):
    """Why a record was set aside from a total."""

    SUPERSEDED = "superseded"
    """A later cumulative report since the same start (or a later stock figure) replaces it."""
    SAME_FACT = "same_fact"
    """It reports the same fact as the record the policy kept."""
    UNQUANTIFIED = "unquantified"
    """It gives no number, and another report of the same fact does."""
    PARTLY_OUTSIDE = "partly_outside"
    """Its period lies only partly within the total's period, so it cannot be apportioned."""


@attrs.frozen
class SetAside:
    """A record a total did not add, the `Reason`, and the record kept instead (if any)."""

    record: str
    """Id of the record set aside."""
    reason: Reason
    """Why."""
    kept: str | None = None
    """Id of the record that stands for the same fact, if one does (under `Policy.RANGE`, the
    range over several reports stands for it: then ``None``)."""

    def __str__(self) -> str:
        text = {
            Reason.SUPERSEDED: "superseded by {kept}, a later report of the same cumulative figure",
            Reason.SAME_FACT: "reports the same fact as {kept}, kept by the policy",
            Reason.UNQUANTIFIED: "gives no number, while {kept} reports the same fact with one",
            Reason.PARTLY_OUTSIDE: "its period lies only partly within the period of the total",
        }[self.reason]
        if self.reason is Reason.UNQUANTIFIED and self.kept is None:
            text = "gives no number, while other reports of the same fact do (their range is used)"
        return f"{self.record}: " + text.format(kept=self.kept)


Key: TypeAlias = tuple[Any, ...]


@attrs.frozen
class Total:
    """One group's total: a count with bounds, and the records behind it.

    *count* is ``None`` when every fact in the group was reported without a number. Facts with
    no number (`unquantified`) leave the total without an upper bound.
    """

    key: Key
    """The group: one value per field of ``by`` (a country code, a `Metric`, a year...)."""
    count: Count | None
    """The total, as an interval count, or ``None`` when nothing in the group has a number."""
    records: tuple[str, ...]
    """Ids of the records whose counts were added, sorted."""
    unquantified: tuple[str, ...] = ()
    """Ids of records of facts reported with no number, sorted."""
    set_aside: tuple[SetAside, ...] = ()
    """Records of the group that were not added, with why, sorted by record id."""
    household_sizes: tuple[tuple[str, float], ...] = ()
    """``(record id, persons per household)`` for every record converted from households."""

    def __str__(self) -> str:
        key = ", ".join(str(k) for k in self.key) or "all"
        count = "unquantified" if self.count is None else str(self.count)
        extra = [f"{len(self.records)} record" + ("" if len(self.records) == 1 else "s")]
        if self.unquantified:
            extra.append(f"{len(self.unquantified)} unquantified")
        if self.set_aside:
            extra.append(f"{len(self.set_aside)} set aside")
        return f"{key}: {count} ({', '.join(extra)})"


@attrs.frozen(eq=False)
class Totals(Mapping[Key, Total]):
    """Totals by group: a read-only mapping from a group key to its `Total`, in key order.

    Keys are tuples with one value per field of `by` (``("RUS", "KAZ")``); a single field name
    also finds its group by the bare value (``totals["RUS"]``).
    """

    by: tuple[str, ...]
    """The fields the records were grouped by."""
    policy: Policy
    """How reports of one fact were reconciled."""
    _totals: Mapping[Key, Total] = attrs.field(alias="totals", repr=False)

    def __getitem__(self, key: Any) -> Total:
        if not isinstance(key, tuple):
            key = (key,)
        try:
            return self._totals[key]
        except KeyError:
            raise _NoGroup(
                f"no total for {show(key)} (grouped by {', '.join(self.by) or 'nothing'})"
            ) from None

    def __iter__(self) -> Iterator[Key]:
        return iter(self._totals)

    def __len__(self) -> int:
        return len(self._totals)

    def __str__(self) -> str:
        return "\n".join(str(t) for t in self._totals.values())


class _NoGroup(DisplacementError, KeyError):
    """A key with no total: a `DisplacementError` that is also the `KeyError` a mapping raises."""

    def __str__(self) -> str:
        return str(self.args[0])


# -- records as rows ---------------------------------------------------------------------------

_NEG = -(10**9)
_POS = 10**9

_FLOW_FIELDS = ("origin", "destination", "movement", "metric", "category", "nationality", "year")
_STOCK_FIELDS = ("place", "category", "nationality", "year")

_RELIABILITY = {
    Reliability.LOW: 1.0,
    Reliability.LOW_TO_MEDIUM: 1.5,
    Reliability.MEDIUM: 2.0,
    Reliability.LOW_TO_HIGH: 2.0,
    Reliability.MEDIUM_TO_HIGH: 2.5,
    Reliability.HIGH: 3.0,
}


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
    fields: dict[str, Any]
    record: Flow | Stock
    index: int = -1


def _period_span(period: Period) -> tuple[int, int, int | None]:
    """(start ordinal, end ordinal, year when the period lies within one year)."""
    first = period.start
    last = period.end if period.end is not None else period.as_of
    start = first.toordinal() if first is not None else _NEG
    end = last.toordinal() if last is not None else _POS
    year = first.year if first is not None and last is not None and first.year == last.year else None
    return start, end, year


def _flow_row(f: Flow) -> _Row:
    period = f.period
    start, end, year = _period_span(period)
    o, d, pop = f.origin, f.destination, f.population
    count = f.count
    return _Row(
        f.id,
        (o.identity, d.identity, pop.category, pop.nationality, f.movement, f.metric),
        start,
        end,
        (start, period.open_start),
        None if count is None else interval_of(count),
        None if count is None else count.unit,
        {
            "origin": o.country,
            "destination": d.country,
            "movement": f.movement,
            "metric": f.metric,
            "category": pop.category,
            "nationality": pop.nationality,
            "year": year,
        },
        f,
    )


def _stock_row(s: Stock) -> _Row:
    day = s.as_of.toordinal()
    p, pop = s.place, s.population
    count = s.count
    return _Row(
        s.id,
        (p.identity, pop.category, pop.nationality),
        day,
        day,
        (0, False),  # every stock of one population at one place is one series of figures
        None if count is None else interval_of(count),
        None if count is None else count.unit,
        {"place": p.country, "category": pop.category, "nationality": pop.nationality, "year": s.as_of.year},
        s,
    )


_SPAN = 4 * 10**9  # more than any end ordinal minus _NEG


@attrs.define(slots=True, eq=False)
class _Table:
    """A dataset's flows (or stocks) as columns, built once: reconciliation and sums run on these."""

    records: tuple[Flow, ...] | tuple[Stock, ...]
    ids: npt.NDArray[np.object_]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    low: npt.NDArray[np.float64]
    high: npt.NDArray[np.float64]  # inf: no upper bound
    low_excluded: npt.NDArray[np.bool_]
    high_excluded: npt.NDArray[np.bool_]
    approximate: npt.NDArray[np.bool_]
    whole: npt.NDArray[np.bool_]  # int magnitudes
    quantified: npt.NDArray[np.bool_]
    unit: npt.NDArray[np.int64]  # index into units, -1 when unquantified
    units: list[str]
    fact: npt.NDArray[np.int64]
    fields: dict[str, tuple[npt.NDArray[np.int64], list[Any]]]
    _id_rank: npt.NDArray[np.int64] | None = None
    _fact_by_year: npt.NDArray[np.int64] | None = None

    @property
    def fact_by_year(self) -> npt.NDArray[np.int64]:
        """`fact`, with the figures of different years as different facts (made when first needed)."""
        if self._fact_by_year is None:
            self._fact_by_year = _combined(self.fact, self.fields["year"][0]) if len(self.fact) else self.fact
        return self._fact_by_year

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
    cache = dataset._derived
    found = cache.get(("table", of))
    if isinstance(found, _Table):
        return found
    with paused_gc():  # a row per record
        table = _build_table(dataset, of)
    cache[("table", of)] = table
    return table


class _Parts:
    """One part of every record (its period, its origin...), factorized by identity.

    Records read in bulk share their parts (a reader makes one `Period` per year, one `Place` per
    country), so anything derived from a part is computed once per distinct object and spread to
    the rows with numpy. Records that share nothing cost one computation each, as before.
    """

    def __init__(self, records: Sequence[Any], name: str) -> None:
        part = attrgetter(name)
        # one pass in C; the records keep every part alive, so no two parts share an id
        ids = np.fromiter(map(id, map(part, records)), np.uint64, len(records))
        _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
        self.rows: npt.NDArray[np.int64] = inverse.reshape(-1)
        """For each record, the index of its part in `items`."""
        self.items = [part(records[i]) for i in first.tolist()]
        """The distinct objects."""

    def array(self, derive: Callable[[Any], Any], dtype: Any) -> Any:
        """``derive(part)`` for every record, as an array."""
        return np.array([derive(x) for x in self.items], dtype)[self.rows]

    def codes(self, derive: Callable[[Any], Any]) -> tuple[npt.NDArray[np.int64], list[Any]]:
        """`_codes` of ``derive(part)`` for every record."""
        codes, distinct = _codes([derive(x) for x in self.items])
        return codes[self.rows], distinct


def _combined(*columns: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """One code per distinct combination of integer *columns*, in lexicographic order of the columns."""
    code = np.zeros(len(columns[0]), np.int64)
    for column in columns:
        code = code * (int(column.max()) + 1 if len(column) else 1) + column
        code = np.unique(code, return_inverse=True)[1].reshape(-1)  # keep codes small: no overflow
    return code


_UNQUANTIFIED: Interval = (0, False, None, False, False)


_FLOAT_MAX = int(np.finfo(np.float64).max)


def _bound_columns(intervals: list[Interval]) -> tuple[Any, Any]:
    """Lower and upper bounds (inf: none) of *intervals*, as float64 arrays.

    Exact for whole numbers: a `Count` holds at most 2**53 - 1, which a float64 holds exactly.
    """
    low = np.array([i[0] for i in intervals], np.float64)
    high = np.array([np.inf if i[2] is None else i[2] for i in intervals], np.float64)
    return low, high


def _build_table(dataset: Dataset, of: str) -> _Table:
    """The table of *dataset*'s flows or stocks; see `_Parts` for why it works on distinct parts."""
    records: tuple[Flow, ...] | tuple[Stock, ...] = dataset.flows if of == "flows" else dataset.stocks
    n = len(records)
    flows = of == "flows"
    ids = np.array(list(map(attrgetter("id"), records)), dtype=object)

    counts = _Parts(records, "count")
    intervals = [_UNQUANTIFIED if c is None else interval_of(c) for c in counts.items]
    interval_rows = counts.rows
    unit_codes, units = counts.codes(lambda c: None if c is None else c.unit)
    if None in units:  # unquantified rows: code -1
        none = units.index(None)
        unit_codes = np.where(unit_codes == none, -1, unit_codes - (unit_codes > none))
        units = [u for u in units if u is not None]

    population = _Parts(records, "population")
    fields: dict[str, tuple[npt.NDArray[np.int64], list[Any]]] = {}
    if flows:
        origin, destination = _Parts(records, "origin"), _Parts(records, "destination")
        periods, metric = _Parts(records, "period"), _Parts(records, "metric")
        start = periods.array(lambda p: _period_span(p)[0], np.int64)
        end = periods.array(lambda p: _period_span(p)[1], np.int64)
        fields["origin"] = origin.codes(lambda p: p.country)
        fields["destination"] = destination.codes(lambda p: p.country)
        movement = _Parts(records, "movement")
        fields["movement"] = movement.codes(lambda m: m)
        fields["metric"] = metric.codes(lambda m: m)
        fields["year"] = periods.codes(lambda p: _period_span(p)[2])
        fact_parts: list[tuple[_Parts, Callable[[Any], tuple[Any, ...]]]] = [
            (origin, attrgetter("identity")),
            (destination, attrgetter("identity")),
            (population, lambda p: (p.category, p.nationality)),
            (movement, lambda m: (m,)),
            (metric, lambda m: (m,)),
        ]
    else:
        place, days = _Parts(records, "place"), _Parts(records, "as_of")
        start = end = days.array(date.toordinal, np.int64)
        fields["place"] = place.codes(lambda p: p.country)
        fields["year"] = days.codes(lambda day: day.year)
        fact_parts = [
            (place, attrgetter("identity")),
            (population, lambda p: (p.category, p.nationality)),
        ]
    fields["category"] = population.codes(lambda p: p.category)
    fields["nationality"] = population.codes(lambda p: p.nationality)

    # a fact is a combination of the values of several parts; each part's codes follow the order
    # of its values, so the combinations are numbered in the order of the values, part by part
    value_codes = [part.codes(derive)[0] for part, derive in fact_parts]
    fact = _combined(*value_codes) if n else np.zeros(0, np.int64)

    def interval_column(position: int, dtype: Any, default: Any = None) -> Any:
        values = [i[position] if i[position] is not None else default for i in intervals]
        return np.array(values, dtype)[interval_rows]

    low, high = _bound_columns(intervals)

    return _Table(
        records=records,
        ids=ids,
        start=start,
        end=end,
        low=low[interval_rows],
        high=high[interval_rows],
        low_excluded=interval_column(1, np.bool_),
        high_excluded=interval_column(3, np.bool_),
        approximate=interval_column(4, np.bool_),
        whole=np.array(
            [isinstance(i[0], int) and (i[2] is None or isinstance(i[2], int)) for i in intervals], np.bool_
        )[interval_rows],
        quantified=np.array([c is not None for c in counts.items], np.bool_)[interval_rows],
        unit=unit_codes,
        units=units,
        fact=fact,
        fields=fields,
    )


def _row(table: _Table, index: int) -> _Row:
    record = table.records[index]
    row = _flow_row(record) if isinstance(record, Flow) else _stock_row(record)
    row.index = index
    return row


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
    # a later cumulative report since the same start supersedes the earlier ones
    latest_of_series: dict[tuple[int, bool], _Row] = {}
    for r in sorted(quantified, key=lambda r: (r.end, r.id)):
        latest_of_series[r.series] = r
    candidates = []
    for r in quantified:
        newest = latest_of_series[r.series]
        if r.end < newest.end:
            set_aside.append(SetAside(r.id, Reason.SUPERSEDED, newest.id))
        else:
            candidates.append(r)

    def reliability(r: _Row) -> float:
        return _reliability(dataset, r.record.attributions)

    def recency(r: _Row) -> tuple[int, int]:
        return (r.end, -r.start)

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
    whole = all(isinstance(i[0], int) and (i[2] is None or isinstance(i[2], int)) for i, _, _ in spans)
    low_number, high_number = _magnitudes(low, high, whole)
    return (low_number, low_excluded, high_number, high_excluded, any(i[4] for i, _, _ in spans))


def _scaled(interval: Interval, ratio: Fraction) -> Interval:
    """*interval* multiplied by *ratio*, exactly, then rounded outward (see `_magnitudes`)."""
    if ratio == 1:
        return interval
    low, ls, high, hs, ap = interval
    whole = ratio.denominator == 1 and isinstance(low, int) and (high is None or isinstance(high, int))
    low_number, high_number = _magnitudes(*_exact_bounds(interval, ratio), whole)
    return (low_number, ls, high_number, hs, ap)


# -- exact numbers -----------------------------------------------------------------------------
# Totals add float64 columns: fast, and exact for whole numbers while every sum stays below 2**53.
# Groups beyond that (to give the true sum in the error a count past MAX_MAGNITUDE raises), groups of mixed units, and the
# bounds of reconciled reports are worked out exactly here, with Python ints and fractions.

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


def _check_by(of: str, by: str | Sequence[str]) -> tuple[str, ...]:
    fields = (by,) if isinstance(by, str) else by
    if not isinstance(fields, Sequence) or not all(isinstance(f, str) for f in fields):
        raise ValidationError.single("by", f"expected field names, got {show(by)}", by)
    allowed = _FLOW_FIELDS if of == "flows" else _STOCK_FIELDS
    for f in fields:
        if f not in allowed:
            raise ValidationError.single(
                "by", f"{of} cannot be grouped by {quoted(f)} (choose from {', '.join(allowed)})", f
            )
    return tuple(fields)


def _where(table: _Table, where: Callable[[Any], bool] | None) -> npt.NDArray[np.bool_]:
    if where is None:
        return np.ones(len(table.ids), np.bool_)
    try:
        return np.fromiter((bool(where(r)) for r in table.records), np.bool_, len(table.ids))
    except DisplacementError:
        raise
    except Exception as exc:
        raise DisplacementError(f"the where= function failed: {show(exc)}") from exc


def _components(
    table: _Table, facts: npt.NDArray[np.int64], chosen: npt.NDArray[np.int64], stocks: bool
) -> tuple[Any, Any]:
    """*chosen* rows in fact order, and for each the number of its fact (overlapping reports)."""
    keys = (table.end[chosen], table.start[chosen], facts[chosen])
    order = chosen[np.lexsort(keys)]
    tied = (
        (facts[order][1:] == facts[order][:-1])
        & (table.start[order][1:] == table.start[order][:-1])
        & (table.end[order][1:] == table.end[order][:-1])
    )
    if tied.any():  # rows of one fact and period: order them by id, so the result never varies
        order = chosen[np.lexsort((table.id_rank[chosen], *keys))]
    if len(order) == 0:
        return order, np.zeros(0, np.int64)
    fact = facts[order]
    new = np.ones(len(order), np.bool_)
    new[1:] = fact[1:] != fact[:-1]
    if not stocks:
        shifted = fact * _SPAN + (table.end[order] - _NEG)
        reach = np.maximum.accumulate(shifted) - fact * _SPAN + _NEG
        new[1:] |= table.start[order][1:] > reach[:-1]
    return order, np.cumsum(new) - 1


def total(
    dataset: Dataset,
    of: TableKind = "flows",
    *,
    by: str | Sequence[str] = ("origin", "destination"),
    during: Period | None = None,
    where: Callable[[Any], bool] | None = None,
    policy: Policy = Policy.LATEST,
    household_sizes: HouseholdSizes | None = None,
) -> Totals:
    """Totals of *dataset*'s flows (or stocks) per group; see `Dataset.total`."""
    from ._validate import one_of
    from .dataset import TABLE_KINDS  # dataset.py imports this module on first use: no import loop

    of = one_of("of", of, TABLE_KINDS)
    fields = _check_by(of, by)
    if not isinstance(policy, Policy):
        raise ValidationError.single("policy", f"expected a Policy, got {show(policy)}", policy)
    if during is not None and not isinstance(during, Period):
        raise ValidationError.single("during", f"expected a Period, got {show(during)}", during)
    if household_sizes is not None and not isinstance(household_sizes, HouseholdSizes):
        raise ValidationError.single(
            "household_sizes", f"expected HouseholdSizes, got {show(household_sizes)}", household_sizes
        )
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
    derived = facts.convert(table, household_sizes) if household_sizes is not None else {}

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
    sums = _Sums.build(facts, groups, n)
    members = np.argsort(groups, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(groups, minlength=n))])
    outside: dict[int, list[SetAside]] = {}
    for row, g in zip(partly.tolist(), inverse[len(fact_groups) :].tolist(), strict=True):
        outside.setdefault(g, []).append(SetAside(str(table.ids[row]), Reason.PARTLY_OUTSIDE))
    for g in sums.to_recompute():
        members_of_g = members[bounds[g] : bounds[g + 1]]
        sums.recompute(g, facts, members_of_g, table, _key(table, fields, keys[g]), derived)
    return Totals(
        fields,
        policy,
        _LazyTotals(table, fields, keys, facts, sums, members, bounds, outside, derived),
    )


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
    """Every fact as columns: its row (for its group), bounds, flags and unit."""

    row: npt.NDArray[np.int64]
    low: npt.NDArray[np.float64]
    high: npt.NDArray[np.float64]
    low_excluded: npt.NDArray[np.bool_]
    high_excluded: npt.NDArray[np.bool_]
    approximate: npt.NDArray[np.bool_]
    whole: npt.NDArray[np.bool_]
    quantified: npt.NDArray[np.bool_]
    unit: npt.NDArray[np.int64]
    units: list[str]
    singles: int
    extra: list[_Fact]

    @classmethod
    def build(cls, table: _Table, rep: npt.NDArray[np.int64], extra: list[_Fact]) -> _Facts:
        units = list(table.units)

        def unit_code(unit: str | None) -> int:
            if unit is None:
                return -1
            if unit not in units:
                units.append(unit)
            return units.index(unit)

        intervals = [f.interval or (0, False, None, False, False) for f in extra]

        def join(column: Any, values: Any, dtype: Any) -> Any:
            return np.concatenate([column[rep], np.array(values, dtype=dtype).reshape(-1)])

        low, high = _bound_columns(intervals)
        return cls(
            row=np.concatenate([rep, np.array([f.row.index for f in extra], np.int64)]),
            low=join(table.low, low, np.float64),
            high=join(table.high, high, np.float64),
            low_excluded=join(table.low_excluded, [i[1] for i in intervals], np.bool_),
            high_excluded=join(table.high_excluded, [i[3] for i in intervals], np.bool_),
            approximate=join(table.approximate, [i[4] for i in intervals], np.bool_),
            whole=join(
                table.whole,
                [isinstance(i[0], int) and (i[2] is None or isinstance(i[2], int)) for i in intervals],
                np.bool_,
            ),
            quantified=join(table.quantified, [f.interval is not None for f in extra], np.bool_),
            unit=join(table.unit, [unit_code(f.unit) for f in extra], np.int64),
            units=units,
            singles=len(rep),
            extra=extra,
        )

    def convert(self, table: _Table, sizes: HouseholdSizes) -> dict[int, float]:
        """Turn facts in households into persons; return the size used per fact."""
        derived: dict[int, float] = {}
        household = [i for i, u in enumerate(self.units) if u.startswith("household")]
        if not household:
            return derived
        for f in np.flatnonzero(np.isin(self.unit, household)).tolist():
            record = table.records[int(self.row[f])]
            place = record.population.nationality or (
                record.origin.country if isinstance(record, Flow) else record.place.country
            )
            size = sizes.size(place)
            self.low[f] *= size
            self.high[f] *= size
            self.whole[f] = False
            unit = "person" + self.units[int(self.unit[f])][len("household") :]
            if unit not in self.units:
                self.units.append(unit)
            self.unit[f] = self.units.index(unit)
            derived[f] = size
        return derived

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
            return ([rid], [], []) if self.quantified[f] else ([], [rid], [])
        fact = self.extra[f - self.singles]
        return fact.records, fact.unquantified, fact.set_aside


@attrs.define(slots=True, eq=False)
class _Sums:
    """Per group: bounds added up, flags, the unit, and whether anything has a number."""

    low: npt.NDArray[np.float64]
    high: npt.NDArray[np.float64]
    low_excluded: npt.NDArray[np.bool_]
    high_excluded: npt.NDArray[np.bool_]
    approximate: npt.NDArray[np.bool_]
    whole: npt.NDArray[np.bool_]
    quantified: npt.NDArray[np.bool_]
    unit_min: npt.NDArray[np.int64]
    unit_max: npt.NDArray[np.int64]
    units: list[str]
    inexact: npt.NDArray[np.bool_]
    """Groups of whole numbers whose float sums reach 2**53, where a float64 may be off by one: added
    up exactly, so that the error a count beyond `MAX_MAGNITUDE` raises gives the true sum."""
    exact: dict[int, tuple[int | float, int | float | None]] = attrs.Factory(dict)
    """Bounds of the groups added up exactly (`recompute`)."""

    @classmethod
    def build(cls, facts: _Facts, groups: npt.NDArray[np.int64], n: int) -> _Sums:
        def count(flags: Any) -> Any:
            return np.bincount(groups, weights=flags, minlength=n) > 0

        q = facts.quantified
        high = np.where(q, facts.high, np.inf)
        unit = np.where(q, facts.unit, -1)
        big = np.iinfo(np.int64).max
        unit_min = np.full(n, big, np.int64)
        unit_max = np.full(n, -1, np.int64)
        if len(facts.units) == 1:
            unit_min[:] = unit_max[:] = 0
        else:
            np.minimum.at(unit_min, groups[q], unit[q])
            np.maximum.at(unit_max, groups[q], unit[q])
        low = np.bincount(groups, weights=np.where(q, facts.low, 0.0), minlength=n).astype(np.float64)
        high = np.bincount(groups, weights=high, minlength=n).astype(np.float64)
        whole = ~count(~facts.whole & q)
        big = whole & ((low >= _EXACT) | ((high >= _EXACT) & np.isfinite(high)))
        return cls(
            low=low,
            high=high,
            low_excluded=count(facts.low_excluded & q),
            high_excluded=count(facts.high_excluded & q),
            approximate=count(facts.approximate & q),
            whole=whole,
            quantified=count(q),
            unit_min=unit_min,
            unit_max=unit_max,
            units=facts.units,
            inexact=count(q) & big,
        )

    def to_recompute(self) -> list[int]:
        """Groups that `recompute` must add up: mixed units, or float sums that may be inexact."""
        mixed = self.quantified & (self.unit_min != self.unit_max)
        return np.flatnonzero(mixed | self.inexact).tolist()

    def recompute(
        self, g: int, facts: _Facts, members: Any, table: _Table, key: Key, derived: dict[int, float]
    ) -> None:
        """Add up group *g* exactly, in Python ints and fractions.

        For facts of different units (person / day and person / week: the sum is in the first,
        as floats) and for sums that float64 cannot hold exactly (whole numbers stay whole).
        """
        unit = self.units[int(self.unit_min[g])]
        mixed = self.unit_min[g] != self.unit_max[g]
        low = Fraction(0)
        high: Fraction | None = Fraction(0)
        for f in members.tolist():
            if not facts.quantified[f]:
                high = None
                continue
            try:
                ratio = _ratio(facts.units[int(facts.unit[f])], unit)
            except UnitError as exc:
                raise UnitError(f"cannot total the group {key!r}: {exc}") from None
            if f in derived:  # households, converted to persons at this size
                ratio *= Fraction(derived[f])
            fact_low, fact_high = _exact_bounds(facts.interval(f, table), ratio)
            low += fact_low
            high = None if high is None or fact_high is None else high + fact_high
        whole = bool(self.whole[g]) and not mixed
        self.exact[g] = _magnitudes(low, high, whole)
        self.unit_max[g], self.whole[g] = self.unit_min[g], whole

    def count(self, g: int) -> Count | None:
        if not self.quantified[g]:
            return None
        low: int | float
        high: int | float | None
        if g in self.exact:
            low, high = self.exact[g]
        else:
            low = float(self.low[g])
            high = None if np.isinf(self.high[g]) else float(self.high[g])
            if self.whole[g]:
                low = round(low)
                high = None if high is None else round(high)
        return count_of(
            low,
            bool(self.low_excluded[g]),
            high,
            bool(self.high_excluded[g]),
            bool(self.approximate[g]),
            self.units[int(self.unit_min[g])],
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
        derived: dict[int, float],
    ) -> None:
        self._table, self._fields, self._facts, self._sums = table, fields, facts, sums
        self._members, self._bounds, self._outside, self._derived = members, bounds, outside, derived
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
        derived: list[tuple[str, float]] = []
        for f in self._members[self._bounds[g] : self._bounds[g + 1]].tolist():
            added, missing, aside = self._facts.records(f, self._table)
            records += added
            unquantified += missing
            set_aside += aside
            if f in self._derived:
                derived += [(rid, self._derived[f]) for rid in added]
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
            tuple(sorted(derived)),
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
    whole = ratio.denominator == 1 and all(
        isinstance(x, int) for x in (*second[0:3:2], *first[0:3:2]) if x is not None
    )
    low_number, high_number = _magnitudes(low, high, whole)
    return count_of(low_number, low_excluded, high_number, hs2 or ls1, ap1 or ap2, later.unit)


def increments(
    dataset: Dataset, *, where: Callable[[Any], bool] | None = None, policy: Policy = Policy.LATEST
) -> tuple[Flow, ...]:
    """Per-interval flows from cumulative series; see `Dataset.increments`."""
    if not isinstance(policy, Policy) or policy is Policy.RANGE:
        raise ValidationError.single(
            "policy", f"expected Policy.LATEST, MOST_RELIABLE or MAXIMUM, got {show(policy)}", policy
        )
    table = _table(dataset, "flows")
    rows = [_row(table, int(i)) for i in np.flatnonzero(_where(table, where))]
    series: dict[tuple[Any, ...], dict[int, list[_Row]]] = {}
    for r in rows:
        by_end = series.setdefault((*r.fact, *r.series), {})
        by_end.setdefault(r.end, []).append(r)
    result: list[Flow] = []
    for key in sorted(series, key=lambda k: tuple((v is None, str(v)) for v in k)):
        reports = []
        for end in sorted(series[key]):
            same = series[key][end]
            reports.append(same[0] if len(same) == 1 else _reconcile(dataset, same, policy).row)
        previous: _Row | None = None
        for r in reports:
            flow = r.record
            assert isinstance(flow, Flow)
            if r.end >= _POS:
                raise DisplacementError(
                    f"flow {quoted(flow.id)} has neither an end nor an as-of date: it cannot be placed in a series"
                )
            if previous is None:
                result.append(flow)
            else:
                before = previous.record
                assert isinstance(before, Flow)
                result.append(_increment(before, flow, previous.end))
            previous = r
    return tuple(result)


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
