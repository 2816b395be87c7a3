"""Hypothesis strategies for every model type, for your own property-based tests.

Needs the ``hypothesis`` extra (``pip install "displacement-events[hypothesis]"``); importing
`displacement` itself never does. Every strategy generates *valid* records, and `datasets`
generates records that refer to each other correctly (causes, attributions, participants,
affiliations all resolve), and shrinks towards small datasets. Every field of every record is
drawn: a strategy draws the fields with rules of their own (ids, codes, ranges, rules between
fields) and every other field from its type in the model, so a new field is drawn with no change.

>>> from hypothesis import given
>>> from displacement import strategies as dst
>>> @given(dst.flows(counts=dst.counts(units=["household"])))
... def test_households_need_a_size(flow):
...     assert flow.count is None or flow.count.counts == "household"
>>> test_households_need_a_size()

Once the library is installed, hypothesis also knows its types without any setup, through its
``hypothesis`` entry point: ``st.from_type(displacement.Flow)`` just works.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, TypeVar, cast

import attrs
import pycountry
from hypothesis import strategies as st

from .actor import Actor, Role
from .count import MAX_MAGNITUDE, Count, Qualifier
from .dataset import Dataset
from .event import TERMS, CauseKind, Event, EventKind, Figure, Measure, Participation
from .flow import Cohort, Flow, Movement, Population, PopulationCategory, Settlement, Sex, Share, Stock
from .gazetteer import Gazetteer
from .hazard import CLASSES, LEVELS, Hazard
from .period import Period, Precision
from .place import SPECIAL_CODES, Accuracy, Place, country_codes
from .source import Attribution, Source
from .units import PERSON, base_unit

__all__ = [
    "actors",
    "attributions",
    "cohorts",
    "counts",
    "datasets",
    "events",
    "figures",
    "flows",
    "hazards",
    "ids",
    "participations",
    "periods",
    "places",
    "shares",
    "populations",
    "register",
    "roles",
    "sources",
    "stocks",
]

T = TypeVar("T")

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")


_MAYBE_TEXT = st.none() | _TEXT
_CODES = tuple(sorted(country_codes()))
_ALL_CODES = tuple(sorted(country_codes() | SPECIAL_CODES.keys()))
_COUNTRY = st.sampled_from(_CODES)
_SPECIAL = st.sampled_from(sorted(SPECIAL_CODES))
_NATIONALITY = st.none() | st.sampled_from(_ALL_CODES)
_DATE = st.dates(MIN_DATE, MAX_DATE)
_LAT = st.floats(-90, 90, allow_nan=False) | st.integers(-90, 90)
_LON = st.floats(-180, 180, allow_nan=False) | st.integers(-180, 180)
# ISO 8601 offsets are whole minutes, within a day either way.
_OFFSETS = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
_TIMEZONES: st.SearchStrategy[tzinfo | None] = st.none() | st.just(UTC) | _OFFSETS
# Persons per household: positive, finite, up to the largest number a count holds exactly. Not
# below a millionth: `Count.parse` cannot read back what `str` writes for a size such as 1e-100
# (a long decimal), so a count with one would not round-trip through text.
_HOUSEHOLD_SIZES = st.none() | st.integers(1, 20) | st.floats(1e-6, MAX_MAGNITUDE)
_PUBLISHED = (
    st.none()
    | _DATE
    | st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1), timezones=cast(Any, _TIMEZONES))
)


# Links to other records are drawn as indexes whether or not there is anything to link to, so
# that removing a record while shrinking leaves every other draw in place.
_INDEX = st.integers(0, 99)
_MAYBE_INDEX = st.none() | _INDEX


def _one(draw: st.DrawFn, ids: Sequence[str]) -> str | None:
    k = draw(_MAYBE_INDEX)
    return None if k is None or not ids else ids[k % len(ids)]


def _some(draw: st.DrawFn, ids: Sequence[str], max_size: int = 2) -> tuple[str, ...]:
    ks = draw(st.lists(_INDEX, max_size=max_size))
    return tuple(dict.fromkeys(ids[k % len(ids)] for k in ks)) if ids else ()


@functools.cache
def _subdivisions_by_country() -> dict[str, tuple[str, ...]]:
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    found: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions:
        found.setdefault(alpha3[sub.country_code], []).append(sub.code)
    return {k: tuple(sorted(v)) for k, v in found.items()}


@functools.cache
def _units_by_country() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """The bundled gazetteer's admin1 p-codes by country, each with its admin2 children's codes
    (sorted, so draws are stable), indexed once."""
    children: dict[str, list[str]] = {}
    tops: dict[str, list[str]] = {}
    for unit in Gazetteer.ocha():
        if unit.level == 1:
            tops.setdefault(unit.country, []).append(unit.code)
        elif unit.level == 2 and unit.parent is not None:
            children.setdefault(unit.parent, []).append(unit.code)
    return {
        country: tuple((code, tuple(sorted(children.get(code, ())))) for code in sorted(codes))
        for country, codes in tops.items()
    }


@functools.cache
def _admin3_length(country: str) -> int | None:
    """The characters an admin3 p-code of *country* adds to its admin2 code, when the gazetteer's
    code lengths say exactly one length (Ethiopia: 2), else ``None`` (no admin3 codes drawn).

    Asked through `Gazetteer.problem`, the rule `Place` applies, on one admin2 unit."""
    found = Gazetteer.ocha()
    if found.depth(country) != 2:
        return None
    admin2 = next((kids[0] for _, kids in _units_by_country().get(country, ()) if kids), None)
    if admin2 is None:
        return None
    fits = [n for n in range(1, 6) if found.problem(country, 3, admin2 + "1" * n, admin2) is None]
    return fits[0] if len(fits) == 1 else None


def _covered_countries() -> tuple[str, ...]:
    return tuple(sorted(_units_by_country()))


_COVERED = st.deferred(lambda: st.sampled_from(_covered_countries()))
"""The countries the bundled gazetteer has p-codes for (read on first draw, not on import)."""


@st.composite
def _pcodes(draw: st.DrawFn, country: str) -> dict[str, str | None]:
    """The p-codes of a real unit of *country*: an admin1 unit, maybe one of its admin2 units,
    maybe an admin3 code below that (admin2 code + the country's admin3 length in digits). A
    finer code alone is enough (`Place` fills in its parents): sometimes only that is given."""
    codes: dict[str, str | None] = {"admin1": None, "admin2": None, "admin3": None}
    admin1, children = draw(st.sampled_from(_units_by_country()[country]))
    codes["admin1"] = admin1
    below: bool = draw(st.booleans())
    if children and below:
        codes["admin2"] = draw(st.sampled_from(children))
        size = _admin3_length(country)
        if size is not None and draw(st.booleans()):
            digits = draw(st.integers(0, 10**size - 1))
            codes["admin3"] = f"{codes['admin2']}{digits:0{size}d}"
        if draw(st.booleans()):  # the finest code alone
            finest = "admin3" if codes["admin3"] else "admin2"
            codes = {level: code if level == finest else None for level, code in codes.items()}
    return codes


# -- every record from its fields ---------------------------------------------------------------
#
# A strategy builds its record with `_record`, which goes through the init fields of the model
# class (by alias, as the constructor takes them). A field the strategy names is drawn the way it
# says: ids, country codes, numbers with their ranges, rules between fields (an upper end above the
# value, a household size only for persons). Every other field is drawn from its type (`_derived`):
# None or a value, enums, text, dates, tuples, and the model's own parts through their strategies.
# So a field added to the model is drawn with no change here, and one whose type says too little
# (a number, whose range only its validator knows) makes every draw of its record fail with a
# message that names it.

_TUPLE_SIZE = 2  # the most elements a derived tuple field gets


class _Underivable(TypeError):
    """A field of the model that no strategy draws and whose type gives no strategy: a field was
    added to the model without telling `displacement.strategies` how to draw it."""


def _nested() -> dict[type, st.SearchStrategy[Any]]:
    """The model's parts, drawn by their own strategies when a field has their type."""
    return {
        Place: places(),
        Period: periods(),
        Count: counts(),
        Cohort: cohorts(),
        Share: shares(),
        Population: populations(),
        Role: roles(),
        Attribution: attributions(),
        Participation: participations(),
        Figure: figures(),
        Hazard: hazards(),
    }


_PLAIN: dict[Any, st.SearchStrategy[Any]] = {
    type(None): st.none(),
    str: _TEXT,
    bool: st.booleans(),
    date: _DATE,
    datetime: st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
}


def _for_type(tp: Any) -> st.SearchStrategy[Any] | None:
    """A strategy for values of the type *tp*, or None when the type alone cannot say which values
    are valid (numbers: every number of the model has a range that only its validator knows)."""
    if tp in _PLAIN:
        return _PLAIN[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and attrs.has(tp):
        return _nested().get(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        parts = [_for_type(a) for a in sorted(args, key=lambda a: a is not type(None))]  # None first
        return None if any(p is None for p in parts) else st.one_of(*cast(list[Any], parts))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        element = _for_type(args[0])
        return None if element is None else st.lists(element, max_size=_TUPLE_SIZE).map(tuple)
    return None


@functools.cache
def _derived(cls: type) -> dict[str, st.SearchStrategy[Any] | str]:
    """Each init field of *cls* by alias: the strategy its type gives, or why there is none."""
    fields = attrs.fields(attrs.resolve_types(cls))
    plan: dict[str, st.SearchStrategy[Any] | str] = {}
    for field in fields:
        if not field.init:
            continue
        name = field.alias or field.name
        strategy = _for_type(field.type)
        shown = field.type.__name__ if isinstance(field.type, type) else str(field.type)
        plan[name] = (
            strategy
            if strategy is not None
            else (
                f"{cls.__name__}.{name} cannot be drawn: its type {shown} gives no strategy "
                "(a number needs its range); draw it by name in displacement.strategies"
            )
        )
    return plan


def _record(draw: st.DrawFn, cls: type[T], /, **given: Any) -> T:
    """A *cls* from its init fields: those in *given* (values, or strategies to draw from), the
    others drawn from their types, in field order."""
    plan = _derived(cast(type, cls))
    unknown = given.keys() - plan.keys()
    if unknown:
        raise _Underivable(f"{cls.__name__} has no init field {sorted(unknown)}: a field was renamed?")
    keys: dict[str, Any] = {}
    for name, derived in plan.items():
        if name not in given and isinstance(derived, str):
            raise _Underivable(derived)
        value = given.get(name, derived)
        keys[name] = draw(value) if isinstance(value, st.SearchStrategy) else value
    return cls(**keys)


def ids(prefix: str = "id") -> st.SearchStrategy[str]:
    """Identifiers such as ``flow-3`` (readable, and shrinking towards ``flow-0``)."""
    return st.integers(min_value=0, max_value=10_000).map(lambda n: f"{prefix}-{n}")


def _sampled(values: Collection[T] | None, default: Sequence[T]) -> st.SearchStrategy[T]:
    pool = sorted(values, key=str) if values is not None else list(default)
    if not pool:
        raise ValueError("nothing to choose from: give at least one value")
    return st.sampled_from(pool)


@st.composite
def places(
    draw: st.DrawFn,
    countries: Collection[str] | None = None,
    *,
    special: bool = True,
    subdivisions: bool = True,
    coordinates: bool = True,
    units: bool = True,
) -> Place:
    """Places with real ISO 3166-1 codes (or only *countries*), sometimes a special code
    (unknown, stateless...), a real ISO 3166-2 subdivision of the country, real OCHA p-codes of
    the bundled gazetteer (*units*: an admin1 unit, maybe one of its admin2 units, maybe an admin3
    code below that where the country's code lengths say its shape), a named area, coordinates
    with an `Accuracy`. With *units* and no *countries*, a country the gazetteer covers is drawn
    more often, so that p-codes come up often."""
    if special and countries is None and draw(st.integers(0, 9)) == 0:
        return Place(draw(_SPECIAL))
    if countries is not None:
        country = draw(st.sampled_from(sorted(countries)))
    elif units and draw(st.booleans()):
        country = draw(_COVERED)
    else:
        country = draw(_COUNTRY)
    subdivision = None
    options = _subdivisions_by_country().get(country, ())
    if subdivisions and options and draw(st.booleans()):
        subdivision = draw(st.sampled_from(options))
    codes: dict[str, str | None] = {"admin1": None, "admin2": None, "admin3": None}
    if units and country in _units_by_country() and draw(st.booleans()):
        codes = draw(_pcodes(country))
    lat = lon = accuracy = None
    if coordinates and draw(st.booleans()):
        lat = draw(_LAT)
        lon = draw(_LON)
        accuracy = draw(st.none() | st.sampled_from(list(Accuracy)))
    return _record(
        draw, Place, country=country, subdivision=subdivision, lat=lat, lon=lon, accuracy=accuracy, **codes
    )


@st.composite
def periods(
    draw: st.DrawFn,
    precisions: Collection[Precision] | None = None,
    *,
    open_ends: bool = True,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
) -> Period:
    """Periods of every precision: single days, ISO weeks, months, years, spans, open ends."""
    precision = draw(_sampled(precisions, list(Precision)))
    day = draw(st.dates(min_value=min_date + timedelta(days=7), max_value=max_date - timedelta(days=7)))
    keys: dict[str, Any] = {"precision": precision, "as_of": None, "open_start": False}
    if precision is not Precision.DAY:
        around = Period.around(day, precision)
        return _record(draw, Period, start=around.start, end=around.end, **keys)
    shape = draw(st.sampled_from(["day", "span", "open_end", "open_start_day", "unknown_start"]))
    if shape == "day":
        return _record(draw, Period, start=day, end=day, **keys)
    start: date | None = day
    end: date | None = draw(st.dates(min_value=day, max_value=max_date))
    keys["as_of"] = draw(st.none() | st.dates(min_value=day, max_value=max_date))
    if not open_ends or shape == "span":
        keys["open_start"] = draw(st.booleans())
    elif shape == "open_end":
        end = None
    elif shape == "open_start_day":
        keys["open_start"] = True
    else:
        start, keys["as_of"] = None, None
    return _record(draw, Period, start=start, end=end, **keys)


@st.composite
def counts(
    draw: st.DrawFn,
    units: Collection[str] = ("person", "household"),
    qualifiers: Collection[Qualifier] | None = None,
    *,
    max_value: int = 10_000_000,
    fractions: bool = False,
    household_sizes: bool = True,
) -> Count:
    """Counts of every qualifier and unit, as sources report them: whole numbers up to
    *max_value* (ranges with an upper end above the value). *units* may include rates
    (``"person / day"``); *fractions* adds non-integral magnitudes (derived figures, rates).
    A count of persons sometimes records the household size it was derived with
    (`Count.household_size`), unless *household_sizes* is false."""
    unit = draw(_sampled(units, ["person", "household"]))
    qualifier = draw(_sampled(qualifiers, list(Qualifier)))
    magnitudes: st.SearchStrategy[int | float] = st.integers(0, max_value)
    if fractions:
        magnitudes = magnitudes | st.floats(0, max_value, allow_nan=False, allow_infinity=False)
    upper = None
    if qualifier is Qualifier.RANGE:
        value = draw(magnitudes.filter(lambda m: m < max_value))
        upper = draw(magnitudes.filter(lambda m: m > value) | st.just(max_value))
    elif qualifier is Qualifier.LESS_THAN:  # "less than 0" counts nobody and is refused
        value = draw(magnitudes.filter(lambda m: m > 0))
    else:
        value = draw(magnitudes)
    # only a count of persons records the household size it was derived with
    size = draw(_HOUSEHOLD_SIZES) if household_sizes and base_unit(unit) == PERSON else None
    return _record(draw, Count, value=value, unit=unit, qualifier=qualifier, upper=upper, household_size=size)


@st.composite
def cohorts(draw: st.DrawFn, units: Collection[str] = ("person",)) -> Cohort:
    """One cell of a breakdown, counted in one of *units*: a sex, an age band, urban or rural, in
    or out of camps, with or without disabilities (each dimension sometimes left open)."""
    low = draw(st.none() | st.integers(0, 100))
    high = draw(st.none() | st.integers(low or 0, 120))
    return _record(draw, Cohort, min_age=low, max_age=high, count=counts(units=units))


_BREAKDOWN_DIMENSIONS = ("sex", "age", "settlement", "in_camp", "disability")
_DIMENSION_VALUES: dict[str, tuple[Any, ...]] = {
    "sex": tuple(Sex),
    "settlement": tuple(Settlement),
    "in_camp": (True, False),
    "disability": (True, False),
}


@st.composite
def _age_bands(draw: st.DrawFn) -> list[tuple[int | None, int | None]]:
    """Age bands that do not overlap and restrict age (never both ends open): 0 to 150 cut at
    some ages, the first band sometimes written "up to", the last "and over"."""
    cuts = sorted(draw(st.sets(st.integers(1, 150), max_size=3)))
    if not cuts:
        return [(0, draw(st.sampled_from([None, 150])))]
    starts = [0, *cuts]
    ends = [c - 1 for c in cuts] + [150]
    bands: list[tuple[int | None, int | None]] = list(zip(starts, ends, strict=True))
    if draw(st.booleans()):
        bands[0] = (None, bands[0][1])
    if draw(st.booleans()):
        bands[-1] = (bands[-1][0], None)
    return bands


def _fits(low: float, excluded: bool, whole: Count | None) -> bool:
    """Whether parts whose lowest sum is *low* (*excluded*: "more than" it) fit inside *whole*:
    the rule of `Flow` and `Stock` (their breakdowns' lowest sums never above the whole's top)."""
    if whole is None:
        return True
    high = whole.bound_magnitudes[1]
    if high is None:
        return True
    return low < high or (low == high and not excluded and whole.qualifier is not Qualifier.LESS_THAN)


@st.composite
def _cell_count(draw: st.DrawFn, unit: str, whole: Count | None, low: float, excluded: bool) -> Count:
    """A count in *unit* that keeps the breakdown inside *whole*, whose cells so far add up to
    at least *low* (more than *low* when *excluded*)."""
    high = None if whole is None else whole.bound_magnitudes[1]
    most = 1_000_000 if high is None else int(max(0, min(high - low, 1_000_000)))
    count = draw(counts(units=[unit], max_value=max(most, 1)))
    lowest = count.bound_magnitudes[0]
    if _fits(low + lowest, excluded or count.qualifier is Qualifier.MORE_THAN, whole):
        return count
    # a cell whose lowest value is 0 always fits where the cells before it did
    return Count(count.magnitude, unit, Qualifier.AT_MOST)


@st.composite
def _breakdown(draw: st.DrawFn, dimensions: tuple[str, ...], unit: str, whole: Count | None) -> list[Cohort]:
    """The cells of one breakdown by *dimensions*: each a different combination of values (age
    bands that do not overlap), so no two cells overlap, and together they fit inside *whole*."""
    axes: list[tuple[Any, ...]] = []
    for dimension in dimensions:
        if dimension == "age":
            axes.append(tuple(draw(_age_bands())))
        else:
            axes.append(_DIMENSION_VALUES[dimension])
    combinations: list[tuple[Any, ...]] = [()]
    for axis in axes:
        combinations = [(*c, value) for c in combinations for value in axis]
    chosen = draw(st.lists(st.sampled_from(combinations), unique=True, min_size=1, max_size=3))
    cells = []
    low: float = 0
    excluded = False
    for values in chosen:
        keys: dict[str, Any] = {"sex": None, "min_age": None, "max_age": None}
        for dimension, value in zip(dimensions, values, strict=True):
            if dimension == "age":
                keys["min_age"], keys["max_age"] = value
            else:
                keys[dimension] = value
        count = draw(_cell_count(unit, whole, low, excluded))
        low += count.bound_magnitudes[0]  # in the order Flow adds them, so floats agree
        excluded = excluded or count.qualifier is Qualifier.MORE_THAN
        cells.append(Cohort(keys.pop("sex"), keys.pop("min_age"), keys.pop("max_age"), count, **keys))
    return cells


@st.composite
def _cohort_sets(draw: st.DrawFn, whole: Count | None) -> tuple[Cohort, ...]:
    """Zero to two breakdowns (by different dimensions) that each fit inside *whole*, counted in
    its unit (persons or households; persons when there is no whole)."""
    unit = whole.unit if whole is not None else draw(st.sampled_from(["person", "household"]))
    names = draw(
        st.lists(
            st.lists(st.sampled_from(_BREAKDOWN_DIMENSIONS), unique=True, max_size=3).map(
                lambda ds: tuple(d for d in _BREAKDOWN_DIMENSIONS if d in ds)
            ),
            unique=True,
            max_size=2,
        )
    )
    found: list[Cohort] = []
    for dimensions in names:
        found.extend(draw(_breakdown(dimensions, unit, whole)))
    return tuple(found)


_ONE_CATEGORY = [c for c in PopulationCategory if c is not PopulationCategory.MIXED]
_SHARE_QUALIFIERS = [q for q in Qualifier if q is not Qualifier.RANGE]
_FRACTIONS = st.integers(1, 20).map(lambda n: n / 20) | st.sampled_from([1 / 3, 2 / 3])


def _fraction_fits(low: float, excluded: bool) -> bool:
    """The rule of `Population.shares`: the fractions' lowest sum (*excluded*: more than it) is
    at most the whole."""
    return not (low > 1 + 1e-9 or (excluded and low >= 1 - 1e-9))


@st.composite
def shares(draw: st.DrawFn, units: Collection[str] = ("person",), *, mostly: bool | None = None) -> Share:
    """One part of a mixed population: a nationality, a category or both; a count (in one of
    *units*), a fraction with its qualifier ("mostly" sometimes), both or neither."""
    nationality = draw(st.none() | st.sampled_from(_ALL_CODES))
    category = (
        draw(st.sampled_from(_ONE_CATEGORY))
        if nationality is None
        else draw(st.none() | st.sampled_from(_ONE_CATEGORY))
    )
    if mostly is None:
        mostly = draw(st.integers(0, 3)) == 0
    if mostly:
        fraction: float | None = 0.5
        qualifier = Qualifier.MORE_THAN
    else:
        fraction = draw(st.none() | _FRACTIONS)
        qualifier = Qualifier.EXACT if fraction is None else draw(st.sampled_from(_SHARE_QUALIFIERS))
    count = draw(st.none() | counts(units=units))
    return Share(
        nationality=nationality, category=category, count=count, fraction=fraction, qualifier=qualifier
    )


@st.composite
def _share_sets(
    draw: st.DrawFn,
    category: PopulationCategory,
    nationality: str | None,
    whole: Count | None,
    mixed_categories: bool = True,
) -> tuple[PopulationCategory, str | None, tuple[Share, ...]]:
    """A population's category, nationality and shares: a mix of nationalities (the population
    has none of its own), of categories (its category `MIXED`), or both; each part once, their
    counts in the whole's unit fitting inside it, their fractions adding up to at most 1."""
    kinds = [(True, False), (False, True), (True, True)] if mixed_categories else [(True, False)]
    by_nationality, by_category = draw(st.sampled_from(kinds))
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(_ALL_CODES) if by_nationality else st.none(),
                st.sampled_from(_ONE_CATEGORY) if by_category else st.none(),
            ),
            unique=True,
            min_size=1,
            max_size=3,
        )
    )
    if by_nationality:
        nationality = None
    if by_category:
        category = PopulationCategory.MIXED
    unit = whole.unit if whole is not None else draw(st.sampled_from(["person", "household"]))
    low: float = 0
    excluded = False
    fraction_low: float = 0
    fraction_excluded = False
    parts = []
    for share_nationality, share_category in keys:
        count = None
        if draw(st.booleans()):
            count = draw(_cell_count(unit, whole, low, excluded))
            low += count.bound_magnitudes[0]  # in the order Flow adds them, so floats agree
            excluded = excluded or count.qualifier is Qualifier.MORE_THAN
        fraction: float | None = None
        qualifier = Qualifier.EXACT
        if draw(st.booleans()):
            if draw(st.integers(0, 3)) == 0:
                fraction, qualifier = 0.5, Qualifier.MORE_THAN
            else:
                fraction, qualifier = draw(_FRACTIONS), draw(st.sampled_from(_SHARE_QUALIFIERS))
            if qualifier not in (Qualifier.AT_MOST, Qualifier.LESS_THAN):
                more = fraction_excluded or qualifier is Qualifier.MORE_THAN
                if _fraction_fits(fraction_low + fraction, more):
                    fraction_low, fraction_excluded = fraction_low + fraction, more
                else:  # "at most" a fraction always fits where the shares before it did
                    qualifier = Qualifier.AT_MOST
        parts.append(
            Share(
                nationality=share_nationality,
                category=share_category,
                count=count,
                fraction=fraction,
                qualifier=qualifier,
            )
        )
    return category, nationality, tuple(parts)


@st.composite
def populations(
    draw: st.DrawFn,
    categories: Collection[PopulationCategory] | None = None,
    *,
    whole: Count | None = None,
    mixes: bool = True,
) -> Population:
    """Populations of every category, with a nationality and breakdowns sometimes, and with
    *mixes* sometimes a mix (`Population.shares`) of nationalities or categories.

    The cells of a breakdown (by sex, age, settlement, camps, disability, or several of these)
    never overlap, and each breakdown fits inside *whole* (the count of the flow or stock the
    population belongs to) and counts what it counts; so do a mix's shares, whose fractions
    add up to at most the whole."""
    category = draw(_sampled(categories, list(PopulationCategory)))
    nationality = draw(_NATIONALITY)
    parts: tuple[Share, ...] = ()
    if mixes and draw(st.integers(0, 3)) == 0:
        mixed_categories = categories is None or PopulationCategory.MIXED in categories
        category, nationality, parts = draw(_share_sets(category, nationality, whole, mixed_categories))
    return _record(
        draw,
        Population,
        category=category,
        nationality=nationality,
        cohorts=_cohort_sets(whole),
        shares=parts,
    )


@st.composite
def hazards(draw: st.DrawFn) -> Hazard:
    """Hazards of IDMC's classification (`displacement.hazard.CLASSES`): a class down to some
    level, the names in any case, sometimes with a detail; sometimes a detail alone."""
    detail = draw(_MAYBE_TEXT)
    if detail is not None and draw(st.integers(0, 4)) == 0:
        return Hazard(detail=detail)
    row = draw(st.sampled_from(CLASSES))
    depth = draw(st.sampled_from((4, 1, 2, 3)))  # all four levels first, as IDMC gives them
    upper: bool | None = draw(st.none() | st.booleans())  # as spelled, in capitals, in lower case
    names = {
        level: name if upper is None else name.upper() if upper else name.lower()
        for level, name in zip(LEVELS[:depth], row, strict=False)
    }
    return Hazard(detail=detail, **names)


@st.composite
def attributions(
    draw: st.DrawFn, source_ids: Sequence[str] = ("source-0",), speaker_ids: Sequence[str] = ()
) -> Attribution:
    """An attribution to one of *source_ids*, attributed on through a chain of other sources or
    *speaker_ids* (actors) without repeats."""
    source = list(source_ids)[draw(_INDEX) % len(source_ids)]
    others = [i for i in dict.fromkeys([*source_ids, *speaker_ids]) if i != source]
    return _record(draw, Attribution, source=source, attributed_to=_some(draw, others, max_size=3))


@st.composite
def roles(draw: st.DrawFn) -> Role:
    """A title with optional dates."""
    start = draw(st.none() | st.dates(MIN_DATE, MAX_DATE))
    end = draw(st.none() | st.dates(start or MIN_DATE, MAX_DATE))
    return _record(draw, Role, start=start, end=end)


@st.composite
def sources(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] | None = None,
    *,
    actor_ids: Sequence[str] = (),
    source_ids: Sequence[str] = (),
) -> Source:
    """Sources of every kind; *actor_ids* and *source_ids* are what `Source.actor` and `Source.part_of` may name."""
    source_id = draw(id if id is not None else ids("source"))
    parents = [s for s in source_ids if s != source_id]
    return _record(
        draw,
        Source,
        id=source_id,
        url=st.none()
        | st.sampled_from(["https://www.unhcr.org/refugee-statistics/", "https://www.upi.com/"]),
        language=st.none() | st.sampled_from(["en", "fr", "ar", "ru", "kaz", "es"]),
        actor=_one(draw, actor_ids),
        part_of=_one(draw, parents),
        licence=st.none() | st.sampled_from(["CC-BY-4.0", "CC0-1.0", "all rights reserved"]),
    )


@st.composite
def actors(
    draw: st.DrawFn, id: st.SearchStrategy[str] | None = None, *, actor_ids: Sequence[str] = ()
) -> Actor:
    """Actors of every kind; *actor_ids* are those it may be affiliated to."""
    actor_id = draw(id if id is not None else ids("actor"))
    parents = [a for a in actor_ids if a != actor_id]
    return _record(draw, Actor, id=actor_id, country=st.none() | _COUNTRY, affiliation=_one(draw, parents))


@st.composite
def events(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] | None = None,
    *,
    event_ids: Sequence[str] = (),
    actor_ids: Sequence[str] = (),
    source_ids: Sequence[str] = ("source-0",),
) -> Event:
    """Events of every kind; causes, participants and attributions name the given ids."""
    event_id = draw(id if id is not None else ids("event"))
    kind = draw(st.sampled_from(list(EventKind)))
    causes = [e for e in event_ids if e != event_id]
    attribution = attributions(source_ids, actor_ids) if source_ids else st.nothing()
    return _record(
        draw,
        Event,
        id=event_id,
        kind=kind,
        participants=[
            attrs.evolve(participation, actor=actor_ids[k % len(actor_ids)])
            for k, participation in draw(st.lists(st.tuples(_INDEX, _PARTICIPATIONS), max_size=2))
            if actor_ids
        ],
        causes=_some(draw, causes),
        figures=st.lists(figures(source_ids), max_size=1),
        attributions=st.lists(attribution, max_size=2) if source_ids else (),
        hazard=st.none() | hazards() if kind is EventKind.DISASTER else None,
        cause_kind=_cause_kinds(kind),
    )


_IMPLIED_CAUSE = {
    EventKind.DISASTER: CauseKind.DISASTER,
    EventKind.ARMED_CONFLICT: CauseKind.CONFLICT,
    EventKind.VIOLENT_CLASH: CauseKind.CONFLICT,
}
"""The cause kind `Event` requires of these kinds (any other kind may say any)."""


def _cause_kinds(kind: EventKind) -> st.SearchStrategy[CauseKind | None]:
    """The cause kinds an event of *kind* may say: the one its kind implies (or nothing, which
    means the same), or any when its kind implies none."""
    implied = _IMPLIED_CAUSE.get(kind)
    if implied is not None:
        return st.none() | st.just(implied)
    return st.none() | st.sampled_from(list(CauseKind))


@st.composite
def flows(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] | None = None,
    *,
    counts: st.SearchStrategy[Count | None] | None = None,
    places: st.SearchStrategy[Place] | None = None,
    event_ids: Sequence[str] = (),
    source_ids: Sequence[str] = ("source-0",),
    actor_ids: Sequence[str] = (),
) -> Flow:
    """Flows of every movement and metric, quantified or not; causes and attributions name the
    given ids. Internal movements stay in one country."""
    count_strategy = counts if counts is not None else (st.none() | _counts())
    place_strategy = places if places is not None else _places()
    movement = draw(st.sampled_from(list(Movement)))
    origin = draw(place_strategy)
    destination = draw(place_strategy)
    if movement is Movement.INTERNAL and not (origin.is_special or destination.is_special):
        if places is None:  # another place of the same country, at any level (district to district)
            destination = draw(_places([origin.country], special=False))
        else:
            destination = Place(origin.country, name=destination.name)
    count = draw(count_strategy)
    return _record(
        draw,
        Flow,
        id=id if id is not None else ids("flow"),
        origin=origin,
        destination=destination,
        movement=movement,
        count=count,
        population=populations(whole=count),
        via=st.lists(place_strategy, max_size=2).map(tuple),
        causes=_some(draw, event_ids),
        attributions=st.lists(attributions(source_ids, actor_ids), max_size=2) if source_ids else (),
    )


@st.composite
def stocks(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] | None = None,
    *,
    counts: st.SearchStrategy[Count | None] | None = None,
    event_ids: Sequence[str] = (),
    source_ids: Sequence[str] = ("source-0",),
    actor_ids: Sequence[str] = (),
) -> Stock:
    """Stocks at a place on a date, quantified or not, the date known to the day, ISO week, month
    or year (`Stock.as_of_precision`, drawn from its type: every date drawn has each span)."""
    count = draw(counts if counts is not None else (st.none() | _counts()))
    return _record(
        draw,
        Stock,
        id=id if id is not None else ids("stock"),
        place=_places(),
        count=count,
        population=populations(whole=count),
        causes=_some(draw, event_ids),
        attributions=st.lists(attributions(source_ids, actor_ids), max_size=2) if source_ids else (),
    )


# the parameters of flows() and stocks() shadow these names
_counts = counts
_places = places


def _earlier(ids: list[str], i: int, links: list[int], *, one: bool = False) -> Any:
    """The ids among ``ids[:i]`` that *links* point at (one id or None when *one*)."""
    chosen = [ids[k] for k in links if k < i]
    if one:
        return chosen[0] if chosen else None
    return tuple(chosen)


def _numbered(records: list[T], prefix: str) -> list[T]:
    """Give drawn records the ids ``prefix-0``, ``prefix-1``... (lists shrink better than counts)."""
    return [attrs.evolve(r, id=f"{prefix}-{i}") for i, r in enumerate(records)]  # type: ignore[misc]


@st.composite
def datasets(
    draw: st.DrawFn,
    *,
    min_flows: int = 0,
    max_flows: int = 8,
    min_stocks: int = 0,
    max_stocks: int = 4,
    max_sources: int = 3,
    max_actors: int = 3,
    max_events: int = 3,
    counts: st.SearchStrategy[Count | None] | None = None,
) -> Dataset:
    """Datasets whose records refer to each other correctly, with unique ids.

    Affiliations, causes and part-of links point only at records drawn earlier, so they never
    loop. Shrinks towards one source and the fewest records allowed.
    """
    # Each list element draws its own links (as indexes back) so that shrinking can delete any
    # element without disturbing the others' draws.
    back = st.lists(st.integers(0, 99), unique=True, max_size=2)
    drawn_actors = draw(st.lists(st.tuples(actors(st.just("actor")), back), max_size=max_actors))
    actor_ids = [f"actor-{i}" for i in range(len(drawn_actors))]
    made_actors = [
        attrs.evolve(a, id=actor_ids[i], affiliation=_earlier(actor_ids, i, links, one=True))
        for i, (a, links) in enumerate(drawn_actors)
    ]
    drawn_sources = draw(
        st.lists(
            st.tuples(sources(st.just("source"), actor_ids=actor_ids), back),
            min_size=1,
            max_size=max(1, max_sources),
        )
    )
    source_ids = [f"source-{i}" for i in range(len(drawn_sources))]
    made_sources = [
        attrs.evolve(s, id=source_ids[i], part_of=_earlier(source_ids, i, links, one=True))
        for i, (s, links) in enumerate(drawn_sources)
    ]
    drawn_events = draw(
        st.lists(
            st.tuples(events(st.just("event"), actor_ids=actor_ids, source_ids=source_ids), back),
            max_size=max_events,
        )
    )
    event_ids = [f"event-{i}" for i in range(len(drawn_events))]
    made_events = [
        attrs.evolve(e, id=event_ids[i], causes=_earlier(event_ids, i, links))
        for i, (e, links) in enumerate(drawn_events)
    ]
    refs: dict[str, Any] = {
        "counts": counts,
        "event_ids": event_ids,
        "source_ids": source_ids,
        "actor_ids": actor_ids,
    }
    made_flows = _numbered(
        draw(st.lists(flows(st.just("flow"), **refs), min_size=min_flows, max_size=max_flows)), "flow"
    )
    made_stocks = _numbered(
        draw(st.lists(stocks(st.just("stock"), **refs), min_size=min_stocks, max_size=max_stocks)), "stock"
    )
    return Dataset(
        sources=made_sources, actors=made_actors, events=made_events, flows=made_flows, stocks=made_stocks
    )


@st.composite
def _participation(draw: st.DrawFn, actor: st.SearchStrategy[str]) -> Participation:
    return _record(draw, Participation, actor=actor)


def participations(actor_ids: Sequence[str] = ()) -> st.SearchStrategy[Participation]:
    """An actor (one of *actor_ids*, or any id) taking part in an event, with a role."""
    return _participation(st.sampled_from(list(actor_ids)) if actor_ids else ids("actor"))


@st.composite
def _figure(draw: st.DrawFn, source_ids: Sequence[str]) -> Figure:
    cited = st.lists(attributions(source_ids), max_size=1) if source_ids else ()
    measure = draw(st.none() | st.sampled_from(list(Measure)))
    units = ("person", "household") if measure is None or measure.unit is None else (measure.unit,)
    term = st.none() | _TEXT
    if measure is not None:
        said = sorted(t for t, m in TERMS.items() if m is measure)
        term = term | st.sampled_from(said) if said else term
    return _record(
        draw,
        Figure,
        count=st.none() | counts(units=units),
        measure=measure,
        term=term,
        attributions=cited,
    )


def figures(source_ids: Sequence[str] = ("source-0",)) -> st.SearchStrategy[Figure]:
    """A figure about an event, quantified or not, attributed to *source_ids*: what it counts (a
    `Measure`, its count in the unit the measure needs) and the source's term for it, each
    sometimes unsaid."""
    return _figure(tuple(source_ids))


_PARTICIPATIONS = participations()


def register() -> None:
    """Register a strategy for every model type with hypothesis (``st.from_type``).

    Runs by itself through hypothesis' entry point when the library is installed; call it only
    when entry points are disabled (``HYPOTHESIS_NO_PLUGINS``).
    """
    from ._hypothesis import setup

    setup()
