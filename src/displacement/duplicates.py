"""Suspected duplicates: records that may count the same people under different framings.

Two sources often report one movement of people in different words. In September 2023 the
Armenian government counted "forcibly displaced persons" arriving from Nagorno-Karabakh while
UNHCR counted "refugees" (categories OTHERS and REFUGEES); one report gives the nationality and
another does not; one gives Armenia as the destination and another its province Syunik. Each
record follows the fact rule of `Dataset.total` (reports of one fact share their places,
population and causes), so a total adds them. `Dataset.suspected_duplicates` finds them.

Two records of one table kind (flows with flows, stocks with stocks) are suspected of counting
the same people when all of these hold:

- flows: the same movement and metric, and an origin and a destination that each lie within
  the other record's (`Place.within`, either way: a place and its subdivision or admin unit);
  stocks: places that lie within each other in the same way;
- their periods overlap (flows), or their as-of dates are at most `STOCK_DAYS` apart (stocks;
  a date known only to the week, month or year is its whole span: a stock "in 2023" is near
  every stock of that year);
- nothing tells them apart: a nationality given in both is the same, causes given in both share
  an event, a cause kind given in both is the same (a mixed population, `Population.shares`,
  tells nothing apart: it may hold the other record's people);
- they are *not* reports of one fact by the fact rule, and not a plain breakdown (a place within
  another with everything else equal): totals already reconcile those or set them aside, so
  they would not be added to each other. What remains is what a total would add;
- they are not one publisher's own rows: records with the same attributions that differ in
  category or nationality (UNHCR's refugees and asylum-seekers in one country and year) count
  people the publisher keeps apart itself.

Places that cannot be told apart count as contained: two points of unknown accuracy (no
`Place.accuracy`, as IDMC's figures are read) in one country, in records of the same cause
event (the five IDMC figures of the 2023 Manipur violence).

Each group comes with its `Framing` reasons. Groups are connected components (the transitive
closure of the pairs): if *a* may count the people of *b* and *b* those of *c*, all three are
one group, and the reasons are those of every pair in it. Groups list their records by id and
come sorted by kind, then by their first record id.

>>> from datetime import date
>>> from displacement import Count, Dataset, Flow, Metric, Movement, Period, Place
>>> from displacement import Population, PopulationCategory as C
>>> def arrivals(id, category):
...     return Flow(id, origin=Place("AZE", name="Nagorno-Karabakh"), destination=Place("ARM"),
...                 movement=Movement.CROSS_BORDER, population=Population(category),
...                 count=Count(100_000), period=Period(date(2023, 9, 24), date(2023, 9, 30)),
...                 metric=Metric.ARRIVALS)
>>> ds = Dataset(flows=[arrivals("gov", C.OTHERS), arrivals("unhcr", C.REFUGEES)])
>>> for group in ds.suspected_duplicates():
...     print(group)
2 flows may count the same people: gov, unhcr (a different population category)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from operator import attrgetter
from typing import Any, Final, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from ._repr import Choice
from .flow import Flow, Population, PopulationCategory, Stock
from .period import Period, Precision
from .place import Place
from .source import Attribution

__all__ = ["STOCK_DAYS", "Framing", "SuspectedDuplicates", "suspected_duplicates"]

STOCK_DAYS: Final[int] = 31
"""Stocks whose as-of dates are at most this many days apart may count the same people: two
sources rarely publish a count of one situation on the same day."""


class Framing(Choice):
    """How two records that may count the same people differ: why neither the fact rule nor a
    total tells they are one."""

    CATEGORY = "category"
    """A different population category ("forcibly displaced persons", OTHERS, against UNHCR's
    REFUGEES)."""
    NATIONALITY = "nationality"
    """A nationality given in one and missing in the other."""
    PLACE = "place"
    """A place in one and one of its subdivisions or admin units in the other."""
    POINTS = "points"
    """Points of unknown accuracy in one country, for one cause event: they cannot be told apart."""
    CAUSES = "causes"
    """Causes (or a cause kind) given in one and missing in the other, or only partly shared."""
    SAME_SOURCE = "same_source"
    """The same original source, reached through different reporters (`Attribution.original`)."""
    MIX = "mix"
    """A mixed population (`Population.shares`) in one and not in the other, or another mix: a
    total keeps them apart, but the mix may hold the other's people."""

    @property
    def words(self) -> str:
        """The reason in words."""
        return _WORDS[self]


_WORDS: Final[dict[Framing, str]] = {
    Framing.CATEGORY: "a different population category",
    Framing.NATIONALITY: "a nationality given in one and not the other",
    Framing.PLACE: "a place and one of its subdivisions",
    Framing.POINTS: "points of unknown accuracy for one event",
    Framing.CAUSES: "causes given in one and not the other",
    Framing.SAME_SOURCE: "the same original source through different reporters",
    Framing.MIX: "a mix of nationalities or categories in one and not the other",
}


@attrs.frozen
class SuspectedDuplicates:
    """A group of records (of one kind) that may count the same people, and why."""

    kind: str
    """``"flows"`` or ``"stocks"``."""
    records: tuple[str, ...]
    """Ids of the records, sorted."""
    reasons: tuple[Framing, ...]
    """How they differ, in `Framing` order."""

    def __str__(self) -> str:
        noun = self.kind if len(self.records) != 1 else self.kind[:-1]
        why = "; ".join(r.words for r in self.reasons)
        return f"{len(self.records)} {noun} may count the same people: {', '.join(self.records)} ({why})"


_Row: TypeAlias = Flow | Stock


def _unknown_point(place: Place) -> bool:
    return place.lat is not None and place.accuracy is None


def _places(a: Place, b: Place, one_event: bool) -> frozenset[Framing] | None:
    """No framing for one place, `Framing.PLACE` for containment, `Framing.POINTS` for points
    that cannot be told apart, ``None`` for different places."""
    if a == b:
        return frozenset()
    if a.within(b) or b.within(a):
        return frozenset({Framing.PLACE})
    if one_event and a.country == b.country and _unknown_point(a) and _unknown_point(b):
        # the rest of the place (codes, name) must still agree: compare it without the point
        rest_a, rest_b = a.identity[1:6], b.identity[1:6]
        if all(x is None or y is None or x == y for x, y in zip(rest_a, rest_b, strict=True)):
            return frozenset({Framing.POINTS})
    return None


def _originals(row: _Row) -> dict[str, set[str]]:
    """Original speaker -> the reporters it reached us through."""
    found: dict[str, set[str]] = defaultdict(set)
    for a in row.attributions:
        found[a.original].add(a.source)
    return found


def _said_by(attributions: Iterable[Attribution]) -> frozenset[tuple[str, tuple[str, ...]]]:
    """Who says a record: its attributions' sources and whom they attribute it to (not excerpts)."""
    return frozenset((a.source, a.attributed_to) for a in attributions)


def _parts(population: Population) -> frozenset[tuple[str | None, PopulationCategory | None]]:
    """The parts a mixed population names (empty for one that is not a mix)."""
    return frozenset(s.key for s in population.shares)


def _one_table(a: _Row, b: _Row) -> bool:
    """Whether *a* and *b* have the same attributions: one publisher's figures, which it keeps
    apart itself (a category or a nationality it reports separately is another population)."""
    if not a.attributions:
        return False
    # a reader usually gives all its rows one tuple of attributions: the cheap test first
    return a.attributions is b.attributions or _said_by(a.attributions) == _said_by(b.attributions)


def _reasons(a: _Row, b: _Row) -> tuple[Framing, ...] | None:
    """Why *a* and *b* may count the same people, or ``None`` when they cannot or when a total
    would not add them (one fact, or a plain breakdown)."""
    pa, pb = a.population, b.population
    if (pa.category is not pb.category or pa.nationality != pb.nationality) and _one_table(a, b):
        return None  # one publisher's own breakdown (UNHCR's refugees and asylum-seekers): disjoint
    if pa.nationality is not None and pb.nationality is not None and pa.nationality != pb.nationality:
        return None
    ca, cb = frozenset(a.causes), frozenset(b.causes)
    if ca and cb and not ca & cb:
        return None
    if a.cause_kind is not None and b.cause_kind is not None and a.cause_kind is not b.cause_kind:
        return None
    one_event = bool(ca and ca == cb)
    if isinstance(a, Flow) and isinstance(b, Flow):
        pairs = [(a.origin, b.origin), (a.destination, b.destination)]
    else:
        assert isinstance(a, Stock)
        assert isinstance(b, Stock)
        pairs = [(a.place, b.place)]
    reasons: set[Framing] = set()
    for x, y in pairs:
        found = _places(x, y, one_event)
        if found is None:
            return None
        reasons |= found
    framed = False  # differs in what the fact key holds, beyond place containment
    if pa.category is not pb.category:
        reasons.add(Framing.CATEGORY)
        framed = True
    if pa.nationality != pb.nationality:
        reasons.add(Framing.NATIONALITY)
        framed = True
    if (pa.shares or pb.shares) and _parts(pa) != _parts(pb):
        reasons.add(Framing.MIX)
        framed = True
    if ca != cb:
        reasons.add(Framing.CAUSES)
        framed = True
    if not framed and reasons <= {Framing.PLACE}:
        return None  # one fact (reconciled by totals), or a breakdown (set aside by totals)
    if a.cause_kind != b.cause_kind:
        reasons.add(Framing.CAUSES)
    oa, ob = _originals(a), _originals(b)
    if any(oa[o] != ob[o] for o in oa.keys() & ob.keys()):
        reasons.add(Framing.SAME_SOURCE)
    return tuple(f for f in Framing if f in reasons)


def _bucket(row: _Row) -> Hashable:
    if isinstance(row, Flow):
        return (row.origin.country, row.destination.country, row.movement, row.metric)
    return (row.place.country,)


_OPEN: Final[int] = 10**9
"""The day number of an open end (``-_OPEN`` for an open start): beyond every date's ordinal."""


def _period_days(period: Period) -> tuple[int, int]:
    """The first and last day of *period* as ordinals (open ends unbounded)."""
    start, end = period.start, period.end
    return (-_OPEN if start is None else start.toordinal(), _OPEN if end is None else end.toordinal())


def _span(row: _Row) -> tuple[int, int]:
    """The days a record covers as ordinals (open ends unbounded); a stock's (its day, or the whole
    week, month or year of a coarser `Stock.as_of_precision`) widened by `STOCK_DAYS` on one side
    so that stocks at most that far apart overlap."""
    if isinstance(row, Stock):
        if row.as_of_precision is Precision.DAY:
            day = row.as_of.toordinal()
            return day, day + STOCK_DAYS
        start, end = _period_days(row.as_of_period)
        return start, end + STOCK_DAYS
    return _period_days(row.period)


def _overlapping(rows: list[_Row]) -> Iterator[tuple[int, int]]:
    """Indices of the pairs of *rows* whose spans overlap: a sweep over the rows sorted by start."""
    spans = sorted(((*_span(r), i) for i, r in enumerate(rows)))
    active: list[tuple[int, int]] = []  # (end, index) of rows that started and may still overlap
    for start, end, i in spans:
        active = [(e, j) for e, j in active if e >= start]
        for _, j in active:
            yield j, i
        active.append((end, i))


def _candidates(rows: list[_Row]) -> Iterator[tuple[_Row, _Row]]:
    """Pairs of *rows* that overlap in time and whose nationalities agree (equal, or missing in
    one): rows of one nationality among themselves, rows without one among themselves and
    against each nationality. Each pair once."""
    by_nationality: dict[str | None, list[_Row]] = defaultdict(list)
    for row in rows:
        by_nationality[row.population.nationality].append(row)
    unknown = by_nationality.pop(None, [])
    for i, j in _overlapping(unknown):
        yield unknown[i], unknown[j]
    for group in by_nationality.values():
        rows_ = group + unknown
        known = len(group)
        for i, j in _overlapping(rows_):
            if i < known or j < known:  # pairs of two rows without one were found above
                yield rows_[i], rows_[j]


# -- the rows that may pair, found with numpy --------------------------------------------------
#
# Most records pair with nothing: UNHCR's 108,717 flows hold 102 rows that share a corridor and
# a year with another (and are one publisher's own rows), its 980,079 stocks none that a
# total would add. Checking pairs in Python costs per pair; these functions find, in bulk, the
# rows that have a partner a pair check could accept, and only those go to `_candidates` and
# `_reasons`. They may keep a row that pairs with nothing (never drop one that pairs), so the
# groups are exactly those of checking every pair.

_Codes: TypeAlias = npt.NDArray[np.int64]


def _column(rows: Sequence[_Row], name: str) -> tuple[_Codes, list[Any]]:
    """Part *name* of every row (its period, its origin...) numbered by identity: each row's index
    into the distinct parts, and those parts. Records read in bulk share their parts (a reader
    makes one `Period` per year, one `Place` per country), so what is derived from a part is
    derived once per distinct object."""
    parts = np.fromiter(map(attrgetter(name), rows), object, len(rows))
    # the address of each object, read from the array (which keeps every part alive meanwhile)
    addresses = np.frombuffer(parts, np.intp)
    # rows in file order often share a part with the row before (a year, the one movement of a
    # file): numbering one address per run of equal ones costs less than numbering every row
    heads = np.flatnonzero(np.concatenate([[True], addresses[1:] != addresses[:-1]]))
    runs = len(heads) < len(rows) // 2
    distinct, codes = np.unique(addresses[heads] if runs else addresses, return_inverse=True)
    codes = codes.reshape(-1)
    first = np.empty(len(distinct), np.int64)
    first[codes] = heads if runs else np.arange(len(rows))
    if runs:
        codes = np.repeat(codes, np.diff(heads, append=len(rows)))
    return codes, parts[first].tolist()


def _numbered(
    parts: tuple[_Codes, list[Any]], derive: Callable[[Any], Hashable], numbers: dict[Any, int]
) -> _Codes:
    """``derive(part)`` of every row, numbered by *numbers* (which gets the values not in it yet)."""
    codes, items = parts
    found = [numbers.setdefault(derive(x), len(numbers)) for x in items]
    return np.array(found, np.int64)[codes]


_KEYS: Final[int] = 2**31
"""`_key` numbers stay below this, so that a key and a day fit in one int64 (`_key_days`)."""


def _key(*columns: _Codes) -> _Codes:
    """A number for each combination of the non-negative integer *columns*, below `_KEYS`."""
    key = columns[0]
    for column in columns[1:]:
        size = int(column.max()) + 1
        if int(key.max()) >= 2**62 // size:  # number the combinations again before they overflow
            key = np.unique(key, return_inverse=True)[1].reshape(-1)
        key = key * size + column
    if int(key.max()) >= _KEYS:
        key = np.unique(key, return_inverse=True)[1].reshape(-1)
    return key


def _key_days(key: _Codes, days: _Codes) -> _Codes:
    """*key* and *days* in one number, in the order of (key, day): a day (an ordinal, or
    ``±_OPEN``) shifted to be non-negative fits in the low 32 bits."""
    return (key << 32) | (days + 2**31)


def _overlap(key: _Codes, start: _Codes, end: _Codes) -> npt.NDArray[np.bool_]:
    """Whether each row's span overlaps the span of another row of the same *key*.

    Sorted by key and start, a row overlaps an earlier one when the latest end so far (of its
    key, since a smaller key gives a smaller number) reaches its start, and a later one when the
    next row (the earliest later start) starts by its end.
    """
    starts, ends = _key_days(key, start), _key_days(key, end)
    order = np.argsort(starts)
    starts, ends = starts[order], ends[order]
    found = np.zeros(len(key), np.bool_)
    if len(key) > 1:
        latest = np.maximum.accumulate(ends)
        found[1:] = latest[:-1] >= starts[1:]
        found[:-1] |= starts[1:] <= ends[:-1]
    overlaps = np.empty_like(found)
    overlaps[order] = found
    return overlaps


def _partners(key: _Codes, start: _Codes, end: _Codes) -> _Codes:
    """How many other rows of the same *key* overlap each row's span: those that start by its
    end, less those that end before its start (a row's start is never after its end)."""
    starts, ends = _key_days(key, start), _key_days(key, end)
    before_end = np.searchsorted(np.sort(starts), ends, side="right")
    ended = np.searchsorted(np.sort(ends), starts, side="left")
    return before_end - ended - 1


def _mixed(key: _Codes, values: _Codes) -> npt.NDArray[np.bool_]:
    """Whether the rows of each row's *key* hold more than one of *values*."""
    order = np.argsort(key)
    sorted_key = key[order]
    heads = np.flatnonzero(np.concatenate([[True], sorted_key[1:] != sorted_key[:-1]]))
    sorted_values = values[order]
    mixed = np.maximum.reduceat(sorted_values, heads) != np.minimum.reduceat(sorted_values, heads)
    found = np.empty(len(key), np.bool_)
    found[order] = np.repeat(mixed, np.diff(heads, append=len(key)))
    return found


def _days(rows: Sequence[_Row], flows: bool) -> tuple[_Codes, _Codes]:
    """`_span` of every row, as two arrays."""
    if flows:
        codes, periods = _column(rows, "period")
        starts, ends = zip(*map(_period_days, periods), strict=True) if periods else ((), ())
        return np.array(starts, np.int64)[codes], np.array(ends, np.int64)[codes]
    codes, dates = _column(rows, "as_of")
    start = np.array([d.toordinal() for d in dates], np.int64)[codes]
    end = start + STOCK_DAYS
    precisions, kinds = _column(rows, "as_of_precision")
    if any(p is not Precision.DAY for p in kinds):  # a coarser date holds for its whole span
        coarse = np.array([p is not Precision.DAY for p in kinds], np.bool_)
        for i in np.flatnonzero(coarse[precisions]).tolist():
            start[i], end[i] = _span(rows[i])
    return start, end


def _may_pair(rows: Sequence[_Row], flows: bool) -> list[int]:
    """Indices of the *rows* (all flows or all stocks) that have a partner which `_candidates`
    yields and `_reasons` may accept, in order.

    Such a partner is of the same `_bucket`, its span overlaps, its nationality is the same or
    missing in one, and it differs in what a total keeps apart: the category, the nationality,
    the places (by identity), the causes or the parts of a mix (otherwise the two are one fact
    or a breakdown). If it has the same attributions (`_one_table`: the same `_said_by`, not
    none), it has the same category and nationality, so it differs in its places, causes or mix.
    """
    if len(rows) < 2:
        return []
    countries: dict[str, int] = {}

    def country(rows: Sequence[_Row], name: str) -> _Codes:
        return _numbered(_column(rows, name), attrgetter("country"), countries)

    # first the rows that overlap another in the same countries (few in real tables), then of
    # those the rows that overlap another in the same bucket
    start, end = _days(rows, flows)
    key = _key(country(rows, "origin"), country(rows, "destination")) if flows else country(rows, "place")
    kept = np.flatnonzero(_overlap(key, start, end))  # indices into *rows*
    rows = [rows[i] for i in kept.tolist()]
    key, start, end = key[kept], start[kept], end[kept]
    if flows and len(kept):
        movement, metric = (_numbered(_column(rows, name), _same, {}) for name in ("movement", "metric"))
        key = _key(key, movement, metric)
        still = np.flatnonzero(_overlap(key, start, end))
        rows = [rows[i] for i in still.tolist()]
        kept, key, start, end = kept[still], key[still], start[still], end[still]
    if not len(kept):
        return []
    populations = _column(rows, "population")
    nationality = _numbered(populations, attrgetter("nationality"), {None: 0})
    unknown = (nationality == 0).astype(np.int64)
    category = _numbered(populations, attrgetter("category"), {})
    said = _numbered(_column(rows, "attributions"), _said_by, {frozenset(): 0})
    # a record without attributions is never one publisher's row with another: a number of its own
    unsaid = np.flatnonzero(said == 0)
    said[unsaid] = int(said.max()) + 1 + np.arange(len(unsaid))
    identity = attrgetter("identity")
    places = ("origin", "destination") if flows else ("place",)
    rest = _key(
        *(_numbered(_column(rows, name), identity, {}) for name in places),
        _numbered(_column(rows, "causes"), frozenset, {}),
        _numbered(populations, _parts, {}),
    )
    apart = _key(category, nationality, rest)  # what a total keeps apart, beyond the bucket

    found = np.zeros(len(rows), np.bool_)
    one = _key(key, nationality)  # the same nationality, or both without
    for within, differ in (
        # the same attributions, category and nationality, and other places, causes or mix
        (_key(one, said, category), (rest,)),
        # the same nationality, other attributions, and something else a total keeps apart
        (one, (said, apart)),
        # a nationality in one and not the other, and other attributions
        (key, (said, unknown)),
    ):
        found |= _differing_partner(within, differ, start, end)
    indices: list[int] = kept[found].tolist()
    return indices


def _differing_partner(
    key: _Codes, differ: tuple[_Codes, ...], start: _Codes, end: _Codes
) -> npt.NDArray[np.bool_]:
    """Whether each row has an overlapping partner of the same *key* that differs from it in
    each of the columns *differ* (one or two), by inclusion and exclusion: the partners in
    *key*, less those that agree in one column, plus those that agree in both."""
    found = np.zeros(len(key), np.bool_)
    # only the keys whose rows differ at all, and all the rows of each: all their partners
    some = np.flatnonzero(np.logical_and.reduce([_mixed(key, column) for column in differ]))
    if not len(some):
        return found
    key, start, end = key[some], start[some], end[some]
    columns = [c[some] for c in differ]
    count = _partners(key, start, end)
    for c in columns:
        count -= _partners(_key(key, c), start, end)
    if len(columns) == 2:
        count += _partners(_key(key, *columns), start, end)
    found[some] = count > 0
    return found


def _same(value: Hashable) -> Hashable:
    """*value* itself (a movement, a metric: numbered as it is)."""
    return value


def _root(parent: dict[str, str], x: str) -> str:
    """The root of *x* in a union-find forest, halving the path on the way."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def suspected_duplicates(flows: Iterable[Flow], stocks: Iterable[Stock]) -> tuple[SuspectedDuplicates, ...]:
    """The groups of *flows* and of *stocks* that may count the same people; see the module."""
    groups: list[SuspectedDuplicates] = []
    for kind, rows in (("flows", list[_Row](flows)), ("stocks", list[_Row](stocks))):
        buckets: dict[Hashable, list[_Row]] = defaultdict(list)
        for i in _may_pair(rows, kind == "flows"):
            row = rows[i]
            buckets[_bucket(row)].append(row)
        parent: dict[str, str] = {}
        why: dict[str, set[Framing]] = defaultdict(set)

        for bucket in buckets.values():
            if len(bucket) < 2:
                continue
            for a, b in _candidates(bucket):
                reasons = _reasons(a, b)
                if reasons is None:
                    continue
                for r in (a.id, b.id):
                    parent.setdefault(r, r)
                ra, rb = _root(parent, a.id), _root(parent, b.id)
                if ra != rb:
                    parent[rb] = ra
                    why[ra] |= why.pop(rb, set())
                why[ra].update(reasons)
        members: dict[str, list[str]] = defaultdict(list)
        for r in parent:
            members[_root(parent, r)].append(r)
        for root, ids in members.items():
            reasons_ = why[root]
            groups.append(
                SuspectedDuplicates(kind, tuple(sorted(ids)), tuple(f for f in Framing if f in reasons_))
            )
    groups.sort(key=lambda g: (g.kind, g.records))
    return tuple(groups)
