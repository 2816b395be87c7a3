"""Hypothesis strategies for flows and stocks of every shape, shared by the io round-trip tests.

``hxl=True`` keeps to what a flat HXL row can hold exactly: cohorts with exact counts of people or
households and no household size (HXL refuses one on a cohort's count), one per sex and age, in the order HXL columns take; texts without the ``|`` that
separates several values in a cell.
"""

from __future__ import annotations

import string
from datetime import date
from typing import Any

from hypothesis import strategies as st

from displacement import (
    Accuracy,
    Actor,
    ActorKind,
    Attribution,
    Cohort,
    Count,
    Dataset,
    Event,
    EventKind,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Precision,
    Qualifier,
    Settlement,
    Sex,
    Source,
    SourceKind,
    Stock,
)

SOURCES = ("upi", "unhcr")
SPEAKERS = ("kaz-mvd", "idmc", "fsb")

ids = st.text(string.ascii_letters + string.digits + "-_.:/ =+@'", min_size=1, max_size=10).filter(str.strip)
magnitudes = st.one_of(st.integers(0, 2**52), st.floats(0, 1e12, allow_nan=False))
days = st.dates(date(1900, 1, 1), date(2100, 12, 31))


def texts(*, hxl: bool = False) -> st.SearchStrategy[str]:
    """Any non-blank text, including ones a spreadsheet would run as a formula."""
    characters = st.characters(
        codec="utf-8", exclude_categories=("Cs",), exclude_characters="|" if hxl else ""
    )
    formula = st.sampled_from(["=1+1", "+33", "-2+3", "@SUM(A1)", "\t=x", "\r=x", "'quoted", "'=1"])
    return st.one_of(formula, st.text(characters, min_size=1, max_size=12).filter(str.strip))


# persons per household, as a count of persons records it: positive, finite, up to 2**53 - 1;
# floats, as Arrow stores them (float64: a whole size comes back as 4.0, equal but not an int)
household_sizes = st.none() | st.floats(1e-6, 2**53 - 1)


@st.composite
def counts(
    draw: st.DrawFn, *, exact: bool = False, unit: str | None = None, most: float | None = None
) -> Count:
    """Counts of every qualifier and unit, persons ones with a household size sometimes; *exact*
    keeps to what HXL writes for a cohort: one exact number of people or households, no size.
    *unit* fixes what is counted (persons or households); *most* caps the count's lowest
    possible value (whole numbers then, so that the lowest values of cells add up exactly)."""
    if unit is None:
        units = (
            ["person", "household"] if exact else ["person", "household", "person / day", "household / week"]
        )
        unit = draw(st.sampled_from(units))
    values = magnitudes if most is None else st.integers(0, int(most))
    if exact:
        return Count(draw(values), unit)
    qualifier = draw(st.sampled_from(list(Qualifier)))
    value = draw(magnitudes if qualifier in (Qualifier.AT_MOST, Qualifier.LESS_THAN) else values)
    size = draw(household_sizes) if unit.startswith("person") else None
    if qualifier is Qualifier.RANGE:
        gap = draw(st.integers(1, 10**6) if isinstance(value, int) else st.floats(1, 1e6))
        return Count(value, unit, qualifier, upper=value + gap, household_size=size)
    if qualifier is Qualifier.LESS_THAN and value == 0:
        value = 1  # "less than 0" counts nobody and is refused
    return Count(value, unit, qualifier, household_size=size)


def places(*, hxl: bool = False) -> st.SearchStrategy[Place]:
    return st.one_of(
        st.builds(Place, st.sampled_from(["KAZ", "RUS", "UNK", "XXA", "AB9", "TIB"])),
        st.builds(
            Place,
            st.just("RUS"),
            subdivision=st.sampled_from(["RU-DA", "RU-MOW", None]),
            name=st.none() | texts(hxl=hxl),
            lat=st.sampled_from([42.98, -33.5, 0.0, 12.0]),  # floats, as declared (Arrow stores float64)
            lon=st.sampled_from([47.5, -70.25, 180.0]),
        ),
        below_the_country(hxl=hxl),
    )


# Real units of the bundled gazetteer (OCHA Global P-Code List, CC BY): Somalia's Bay region and
# its Baidoa district, Banadir's Mogadishu districts, an Ethiopian zone (ET0412) and a woreda below
# it (admin3, below the levels the list holds, checked by Ethiopia's code length), Azerbaijan.
_UNITS = [
    ("SOM", {"admin1": "SO24"}),
    ("SOM", {"admin2": "SO2401"}),
    ("SOM", {"admin1": "SO22", "admin2": "SO2201"}),
    ("SOM", {"admin2": "SO2401", "subdivision": "SO-BY"}),  # both kinds of code
    ("ETH", {"admin2": "ET0412"}),
    ("ETH", {"admin3": "ET041291"}),
    ("AZE", {}),  # a named area with no code: Nagorno-Karabakh
]


@st.composite
def below_the_country(draw: st.DrawFn, *, hxl: bool = False) -> Place:
    """Places below the country: p-codes at admin levels 1 to 3, a named area inside them, a
    point with what its coordinates stand for (`Accuracy`)."""
    country, codes = draw(st.sampled_from(_UNITS))
    point = draw(st.booleans())
    return Place(
        country,
        **codes,
        name=draw(st.none() | st.sampled_from(["Nagorno-Karabakh", "Bulo Burto IDP site"]) | texts(hxl=hxl)),
        lat=2.04 if point else None,
        lon=45.34 if point else None,
        accuracy=draw(st.none() | st.sampled_from(list(Accuracy))) if point else None,
    )


def _order(c: Cohort) -> tuple[Any, ...]:
    rank = {None: 0, Sex.FEMALE: 1, Sex.MALE: 2, Sex.OTHER: 3}
    lo, hi = c.min_age, c.max_age
    return (rank[c.sex], lo is None, lo or 0, hi is None, hi or 0, c.count.unit != "person")


# Age bands that do not overlap; (None, None) is a cell that does not restrict age.
_BANDS: list[tuple[int | None, int | None]] = [(None, None), (0, 17), (18, 59), (60, None), (None, 4)]
_OTHER_DIMENSIONS = {
    "settlement": [None, *Settlement],
    "in_camp": [None, True, False],
    "disability": [None, True, False],
}


def _fits(low: float, excluded: bool, whole: Count | None) -> bool:
    """Whether cells whose lowest sum is *low* ("more than" it when *excluded*) fit inside *whole*:
    the rule `Flow` and `Stock` apply to each breakdown."""
    high = None if whole is None else whole.bound_magnitudes[1]
    if whole is None or high is None:
        return True
    return low < high or (low == high and not excluded and whole.qualifier is not Qualifier.LESS_THAN)


@st.composite
def populations(draw: st.DrawFn, *, hxl: bool = False, whole: Count | None = None) -> Population:
    """Populations whose cells are valid breakdowns of *whole* (the record's count): no two cells
    of one breakdown overlap, each breakdown's lowest sum fits inside the whole, every cell counts
    what the whole counts. *hxl* keeps to sex and age (the cells a flat HXL row holds), with exact
    counts, in the order HXL columns take."""
    # Cells with different keys never overlap: two cells of one breakdown restrict the same
    # dimensions, so they differ in a value of one of them (a sex, a band that does not overlap).
    bands = _BANDS[:4] if hxl else _BANDS
    others: dict[str, st.SearchStrategy[Any]] = (
        {} if hxl else {name: st.sampled_from(values) for name, values in _OTHER_DIMENSIONS.items()}
    )
    keys = draw(
        st.lists(
            st.tuples(
                st.none() | st.sampled_from(list(Sex)), st.sampled_from(bands), st.fixed_dictionaries(others)
            ),
            max_size=3,
            unique_by=lambda k: (k[0], k[1], tuple(sorted(k[2].items(), key=str))),
        )
    )
    if not hxl and any(b == (None, 4) for _, b, _ in keys) and any(b == (0, 17) for _, b, _ in keys):
        keys = [k for k in keys if k[1] != (None, 4)]  # "up to 4" overlaps 0 to 17
    unit = whole.unit if whole is not None else draw(st.sampled_from(["person", "household"]))
    if hxl and "/" in unit:
        keys = []  # a flat HXL row holds cells of people or households, not rates
    high = None if whole is None else whole.bound_magnitudes[1]
    sums: dict[tuple[str, ...], tuple[float, bool]] = {}
    cohorts = []
    for sex, (low_age, high_age), rest in keys:
        cell = Cohort(sex, low_age, high_age, Count(0, unit), **rest)
        low, excluded = sums.get(cell.dimensions, (0, False))
        most = None if high is None else max(0, high - low)
        count = draw(counts(exact=hxl, unit=unit, most=most))
        more_than = excluded or count.qualifier is Qualifier.MORE_THAN
        if not _fits(low + count.bound_magnitudes[0], more_than, whole):
            # a cell whose lowest value is 0 fits wherever the cells before it did
            count = Count(0, unit) if hxl else Count(count.magnitude, unit, Qualifier.AT_MOST)
        # added in the order Flow adds them, so that the floats agree with its check
        sums[cell.dimensions] = (
            low + count.bound_magnitudes[0],
            excluded or count.qualifier is Qualifier.MORE_THAN,
        )
        cohorts.append(Cohort(sex, low_age, high_age, count, **rest))
    if hxl:
        cohorts.sort(key=_order)
    return Population(
        draw(st.sampled_from(list(PopulationCategory))),
        nationality=draw(st.none() | st.sampled_from(["RUS", "STA", "UKR"])),
        description=draw(st.none() | texts(hxl=hxl)),
        cohorts=cohorts,
    )


def attributions(*, hxl: bool = False) -> st.SearchStrategy[Attribution]:
    return st.builds(
        Attribution,
        st.sampled_from(SOURCES),
        attributed_to=st.lists(st.sampled_from(SPEAKERS), max_size=3, unique=True),
        excerpt=st.none() | texts(hxl=hxl),
    )


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start, end = draw(st.none() | days), draw(st.none() | days)
    if start is not None and end is not None and end < start:
        start, end = end, start
    as_of = draw(st.none() | days)
    if as_of is not None and start is not None and as_of < start:
        as_of = start
    return Period(
        start,
        end,
        precision=draw(st.sampled_from(list(Precision))),
        as_of=as_of,
        open_start=start is not None and draw(st.booleans()),
    )


@st.composite
def _common(draw: st.DrawFn, hxl: bool) -> dict[str, Any]:
    count = draw(st.none() | counts())
    return {
        "population": draw(populations(hxl=hxl, whole=count)),
        "count": count,
        "causes": draw(st.lists(ids.filter(lambda i: i not in SOURCES + SPEAKERS), max_size=2)),
        "attributions": draw(st.lists(attributions(hxl=hxl), max_size=2)),
        "term": draw(st.none() | texts(hxl=hxl)),
        "description": draw(st.none() | texts(hxl=hxl)),
    }


@st.composite
def flows(draw: st.DrawFn, *, hxl: bool = False) -> Flow:
    return Flow(
        draw(ids),
        origin=draw(places(hxl=hxl)),
        destination=draw(places(hxl=hxl)),
        movement=draw(st.sampled_from([m for m in Movement if m is not Movement.INTERNAL])),
        period=draw(periods()),
        metric=draw(st.sampled_from(list(Metric))),
        **draw(_common(hxl)),
    )


@st.composite
def stocks(draw: st.DrawFn, *, hxl: bool = False) -> Stock:
    return Stock(draw(ids), place=draw(places(hxl=hxl)), as_of=draw(days), **draw(_common(hxl)))


def context(records: list[Flow] | list[Stock]) -> Dataset:
    """The sources, actors and events the records refer to."""
    causes = sorted({c for r in records for c in r.causes})
    return Dataset(
        sources=[Source(s, SourceKind.NEWS_MEDIA) for s in SOURCES],
        actors=[Actor(a, ActorKind.GOVERNMENT_BODY, a) for a in SPEAKERS],
        events=[Event(c, EventKind.OTHER, c, period=Period()) for c in causes],
    )
