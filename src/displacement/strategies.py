"""Hypothesis strategies for every model type, for your own property-based tests.

Needs the ``hypothesis`` extra (``pip install "displacement-events[hypothesis]"``); importing
`displacement` itself never does. Every strategy generates *valid* records, and `datasets`
generates records that refer to each other correctly (causes, attributions, participants,
affiliations all resolve), and shrinks towards small datasets.

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

import functools
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, TypeVar, cast

import attrs
import pycountry
from hypothesis import strategies as st

from .actor import Actor, ActorKind, Role
from .count import Count, Qualifier
from .dataset import Dataset
from .event import Event, EventKind, Figure, Participation
from .flow import Cohort, Flow, Metric, Movement, Population, PopulationCategory, Sex, Stock
from .period import Period, Precision
from .place import SPECIAL_CODES, Place, country_codes
from .source import Attribution, Reliability, Source, SourceKind

__all__ = [
    "actors",
    "attributions",
    "cohorts",
    "counts",
    "datasets",
    "events",
    "figures",
    "flows",
    "ids",
    "participations",
    "periods",
    "places",
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
_SEX = st.none() | st.sampled_from(list(Sex))
_DATE = st.dates(MIN_DATE, MAX_DATE)
_LAT = st.floats(-90, 90, allow_nan=False) | st.integers(-90, 90)
_LON = st.floats(-180, 180, allow_nan=False) | st.integers(-180, 180)
# ISO 8601 offsets are whole minutes, within a day either way.
_OFFSETS = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
_TIMEZONES: st.SearchStrategy[tzinfo | None] = st.none() | st.just(UTC) | _OFFSETS
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
) -> Place:
    """Places with real ISO 3166-1 codes (or only *countries*), sometimes a special code
    (unknown, stateless...), a real ISO 3166-2 subdivision of the country, a name, coordinates."""
    if special and countries is None and draw(st.integers(0, 9)) == 0:
        return Place(draw(_SPECIAL))
    country = draw(_COUNTRY if countries is None else st.sampled_from(sorted(countries)))
    subdivision = None
    options = _subdivisions_by_country().get(country, ())
    if subdivisions and options and draw(st.booleans()):
        subdivision = draw(st.sampled_from(options))
    name = draw(_MAYBE_TEXT)
    lat = lon = None
    if coordinates and draw(st.booleans()):
        lat = draw(_LAT)
        lon = draw(_LON)
    return Place(country, subdivision=subdivision, name=name, lat=lat, lon=lon)


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
    if precision is not Precision.DAY:
        return Period.around(day, precision)
    shape = draw(st.sampled_from(["day", "span", "open_end", "open_start_day", "unknown_start"]))
    if shape == "day":
        return Period.day(day)
    end = draw(st.dates(min_value=day, max_value=max_date))
    as_of = draw(st.none() | st.dates(min_value=day, max_value=max_date))
    if not open_ends or shape == "span":
        return Period(day, end, as_of=as_of, open_start=draw(st.booleans()))
    if shape == "open_end":
        return Period(day, None, as_of=as_of)
    if shape == "open_start_day":
        return Period(day, end, open_start=True, as_of=as_of)
    return Period(None, end)


@st.composite
def counts(
    draw: st.DrawFn,
    units: Collection[str] = ("person", "household"),
    qualifiers: Collection[Qualifier] | None = None,
    *,
    max_value: int = 10_000_000,
    fractions: bool = False,
) -> Count:
    """Counts of every qualifier and unit, as sources report them: whole numbers up to
    *max_value* (ranges with an upper end above the value). *units* may include rates
    (``"person / day"``); *fractions* adds non-integral magnitudes (derived figures, rates)."""
    unit = draw(_sampled(units, ["person", "household"]))
    qualifier = draw(_sampled(qualifiers, list(Qualifier)))
    magnitudes: st.SearchStrategy[int | float] = st.integers(0, max_value)
    if fractions:
        magnitudes = magnitudes | st.floats(0, max_value, allow_nan=False, allow_infinity=False)
    if qualifier is Qualifier.RANGE:
        low = draw(magnitudes.filter(lambda m: m < max_value))
        high = draw(magnitudes.filter(lambda m: m > low) | st.just(max_value))
        return Count(low, unit, qualifier, upper=high)
    if qualifier is Qualifier.LESS_THAN:  # "less than 0" counts nobody and is refused
        return Count(draw(magnitudes.filter(lambda m: m > 0)), unit, qualifier)
    return Count(draw(magnitudes), unit, qualifier)


@st.composite
def cohorts(draw: st.DrawFn) -> Cohort:
    """One sex and age cell of a breakdown, in persons."""
    low = draw(st.none() | st.integers(0, 100))
    high = draw(st.none() | st.integers(low or 0, 120))
    return Cohort(draw(_SEX), low, high, draw(_PERSON_COUNTS))


_PERSON_COUNTS = counts(units=["person"])
_COHORTS = st.lists(cohorts(), max_size=3)


@st.composite
def populations(draw: st.DrawFn, categories: Collection[PopulationCategory] | None = None) -> Population:
    """Populations of every category, with a nationality and a sex/age breakdown sometimes."""
    return Population(
        draw(_sampled(categories, list(PopulationCategory))),
        nationality=draw(_NATIONALITY),
        description=draw(_MAYBE_TEXT),
        cohorts=draw(_COHORTS),
    )


@st.composite
def attributions(
    draw: st.DrawFn, source_ids: Sequence[str] = ("source-0",), speaker_ids: Sequence[str] = ()
) -> Attribution:
    """An attribution to one of *source_ids*, attributed on through a chain of other sources or
    *speaker_ids* (actors) without repeats."""
    source = list(source_ids)[draw(_INDEX) % len(source_ids)]
    others = [i for i in dict.fromkeys([*source_ids, *speaker_ids]) if i != source]
    chain = _some(draw, others, max_size=3)
    return Attribution(source, attributed_to=chain, excerpt=draw(_MAYBE_TEXT))


@st.composite
def roles(draw: st.DrawFn) -> Role:
    """A title with optional dates."""
    start = draw(st.none() | st.dates(MIN_DATE, MAX_DATE))
    end = draw(st.none() | st.dates(start or MIN_DATE, MAX_DATE))
    return Role(draw(_TEXT), start=start, end=end)


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
    published: date | datetime | None = draw(
        st.none()
        | st.dates(MIN_DATE, MAX_DATE)
        | st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))
    )
    return Source(
        source_id,
        draw(st.sampled_from(list(SourceKind))),
        publisher=draw(_MAYBE_TEXT),
        title=draw(_MAYBE_TEXT),
        authors=draw(st.lists(_TEXT, max_size=2)),
        url=draw(
            st.none() | st.sampled_from(["https://www.unhcr.org/refugee-statistics/", "https://www.upi.com/"])
        ),
        published=published,
        accessed=draw(st.none() | st.dates(MIN_DATE, MAX_DATE)),
        language=draw(st.none() | st.sampled_from(["en", "fr", "ar", "ru", "kaz", "es"])),
        reliability=draw(st.none() | st.sampled_from(list(Reliability))),
        actor=_one(draw, actor_ids),
        part_of=_one(draw, parents),
        section=draw(_MAYBE_TEXT),
        licence=draw(st.none() | st.sampled_from(["CC-BY-4.0", "CC0-1.0", "all rights reserved"])),
        description=draw(_MAYBE_TEXT),
    )


@st.composite
def actors(
    draw: st.DrawFn, id: st.SearchStrategy[str] | None = None, *, actor_ids: Sequence[str] = ()
) -> Actor:
    """Actors of every kind; *actor_ids* are those it may be affiliated to."""
    actor_id = draw(id if id is not None else ids("actor"))
    parents = [a for a in actor_ids if a != actor_id]
    return Actor(
        actor_id,
        draw(st.sampled_from(list(ActorKind))),
        draw(_TEXT),
        aliases=draw(st.lists(_TEXT, max_size=2)),
        country=draw(st.none() | st.sampled_from(sorted(country_codes()))),
        affiliation=_one(draw, parents),
        roles=draw(st.lists(roles(), max_size=2)),
        description=draw(_MAYBE_TEXT),
    )


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
    return Event(
        event_id,
        kind,
        draw(_TEXT),
        period=draw(periods()),
        places=draw(st.lists(places(), max_size=2)),
        participants=[
            Participation(actor_ids[k % len(actor_ids)], role)
            for k, role in draw(st.lists(st.tuples(_INDEX, _TEXT), max_size=2))
            if actor_ids
        ],
        causes=_some(draw, causes),
        figures=draw(st.lists(figures(source_ids), max_size=1)),
        attributions=draw(st.lists(attribution, max_size=2)) if source_ids else (),
        hazard=draw(_MAYBE_TEXT) if kind is EventKind.DISASTER else None,
        description=draw(_MAYBE_TEXT),
    )


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
        destination = Place(origin.country, name=destination.name)
    return Flow(
        draw(id if id is not None else ids("flow")),
        origin=origin,
        destination=destination,
        movement=movement,
        population=draw(populations()),
        count=draw(count_strategy),
        period=draw(periods()),
        metric=draw(st.sampled_from(list(Metric))),
        causes=_some(draw, event_ids),
        attributions=draw(st.lists(attributions(source_ids, actor_ids), max_size=2)) if source_ids else (),
        term=draw(_MAYBE_TEXT),
        description=draw(_MAYBE_TEXT),
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
    """Stocks at a place on a date, quantified or not."""
    return Stock(
        draw(id if id is not None else ids("stock")),
        place=draw(_places()),
        population=draw(populations()),
        count=draw(counts if counts is not None else (st.none() | _counts())),
        as_of=draw(st.dates(MIN_DATE, MAX_DATE)),
        causes=_some(draw, event_ids),
        attributions=draw(st.lists(attributions(source_ids, actor_ids), max_size=2)) if source_ids else (),
        term=draw(_MAYBE_TEXT),
        description=draw(_MAYBE_TEXT),
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


def participations(actor_ids: Sequence[str] = ()) -> st.SearchStrategy[Participation]:
    """An actor (one of *actor_ids*, or any id) taking part in an event, with a role."""
    actor = st.sampled_from(list(actor_ids)) if actor_ids else ids("actor")
    return st.builds(Participation, actor, _TEXT)


def figures(source_ids: Sequence[str] = ("source-0",)) -> st.SearchStrategy[Figure]:
    """A figure about an event, quantified or not, attributed to *source_ids*."""
    cited = st.lists(attributions(source_ids), max_size=1) if source_ids else st.just([])
    return st.builds(Figure, _TEXT, st.none() | counts(), attributions=cited)


def register() -> None:
    """Register a strategy for every model type with hypothesis (``st.from_type``).

    Runs by itself through hypothesis' entry point when the library is installed; call it only
    when entry points are disabled (``HYPOTHESIS_NO_PLUGINS``).
    """
    from ._hypothesis import setup

    setup()
