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
def counts(draw: st.DrawFn, *, exact: bool = False) -> Count:
    """Counts of every qualifier and unit, persons ones with a household size sometimes; *exact*
    keeps to what HXL writes for a cohort: one exact number of people or households, no size."""
    if exact:
        return Count(draw(magnitudes), draw(st.sampled_from(["person", "household"])))
    unit = draw(st.sampled_from(["person", "household", "person / day", "household / week"]))
    qualifier = draw(st.sampled_from(list(Qualifier)))
    value = draw(magnitudes)
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


@st.composite
def populations(draw: st.DrawFn, *, hxl: bool = False) -> Population:
    cohorts = draw(
        st.lists(
            st.builds(
                Cohort,
                st.none() | st.sampled_from(list(Sex)),
                st.none() | st.integers(0, 17),
                st.none() | st.integers(18, 150),
                counts(exact=hxl),
            ),
            max_size=3,
            unique_by=(lambda c: (c.sex, c.min_age, c.max_age, c.count.unit)) if hxl else (lambda c: id(c)),
        )
    )
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


def _common(hxl: bool) -> dict[str, Any]:
    return {
        "population": populations(hxl=hxl),
        "count": st.none() | counts(),
        "causes": st.lists(ids.filter(lambda i: i not in SOURCES + SPEAKERS), max_size=2),
        "attributions": st.lists(attributions(hxl=hxl), max_size=2),
        "term": st.none() | texts(hxl=hxl),
        "description": st.none() | texts(hxl=hxl),
    }


def flows(*, hxl: bool = False) -> st.SearchStrategy[Flow]:
    return st.builds(
        Flow,
        ids,
        origin=places(hxl=hxl),
        destination=places(hxl=hxl),
        movement=st.sampled_from([m for m in Movement if m is not Movement.INTERNAL]),
        period=periods(),
        metric=st.sampled_from(list(Metric)),
        **_common(hxl),
    )


def stocks(*, hxl: bool = False) -> st.SearchStrategy[Stock]:
    return st.builds(Stock, ids, place=places(hxl=hxl), as_of=days, **_common(hxl))


def context(records: list[Flow] | list[Stock]) -> Dataset:
    """The sources, actors and events the records refer to."""
    causes = sorted({c for r in records for c in r.causes})
    return Dataset(
        sources=[Source(s, SourceKind.NEWS_MEDIA) for s in SOURCES],
        actors=[Actor(a, ActorKind.GOVERNMENT_BODY, a) for a in SPEAKERS],
        events=[Event(c, EventKind.OTHER, c, period=Period()) for c in causes],
    )
