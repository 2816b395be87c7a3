"""Hypothesis strategies for valid records of every model type, for round-trip tests.

Written out by hand: ``st.builds`` ignores the model's validators and would make invalid records.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pycountry
from hypothesis import strategies as st

import displacement as d

TEXT = st.text(min_size=1, max_size=12).filter(lambda s: bool(s.strip()))
IDS = st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=6).filter(lambda s: bool(s.strip()))
COUNTRIES = st.sampled_from(["RUS", "KAZ", "GEO", "FIN", "MNG", "UKR", "SYR", "UNK", "XXA"])
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
SUBDIVISIONS = {
    c: sorted(
        s.code for s in pycountry.subdivisions.get(country_code=pycountry.countries.get(alpha_3=c).alpha_2)
    )[:5]
    for c in ("RUS", "KAZ")
}


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def places(draw: st.DrawFn) -> d.Place:
    country = draw(COUNTRIES)
    subdivision = draw(optional(st.sampled_from(SUBDIVISIONS[country]))) if country in SUBDIVISIONS else None
    coordinates = draw(
        optional(
            st.tuples(
                st.floats(-90, 90) | st.integers(-90, 90),
                st.floats(-180, 180) | st.integers(-180, 180),
            )
        )
    )
    lat, lon = coordinates or (None, None)
    return d.Place(country, subdivision=subdivision, name=draw(optional(TEXT)), lat=lat, lon=lon)


@st.composite
def periods(draw: st.DrawFn) -> d.Period:
    start = draw(optional(DATES))
    end = draw(optional(DATES))
    if start is not None and end is not None and end < start:
        start, end = end, start
    as_of = draw(optional(DATES))
    if as_of is not None and start is not None and as_of < start:
        as_of = start
    return d.Period(
        start,
        end,
        precision=draw(st.sampled_from(d.Precision)),
        as_of=as_of,
        open_start=start is not None and draw(st.booleans()),
    )


MAGNITUDES = st.integers(0, 10**12) | st.floats(0, 1e12, allow_nan=False, allow_infinity=False)


@st.composite
def counts(draw: st.DrawFn) -> d.Count:
    qualifier = draw(st.sampled_from(d.Qualifier))
    value = draw(MAGNITUDES)
    unit = draw(st.sampled_from(["person", "household", "person / day", "household / week"]))
    upper = None
    if qualifier is d.Qualifier.RANGE:
        upper = draw(MAGNITUDES.filter(lambda u: u > value)) if value < 1e12 else value * 2 + 1
    return d.Count(value, unit, qualifier, upper=upper)


OFFSETS = st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59))
DATETIMES = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.none() | st.builds(timezone, OFFSETS),
)


@st.composite
def attributions(draw: st.DrawFn) -> d.Attribution:
    chain = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    return d.Attribution(chain[0], attributed_to=chain[1:], excerpt=draw(optional(TEXT)))


@st.composite
def sources(draw: st.DrawFn) -> d.Source:
    id = draw(IDS)
    return d.Source(
        id,
        draw(st.sampled_from(d.SourceKind)),
        publisher=draw(optional(TEXT)),
        title=draw(optional(TEXT)),
        authors=draw(st.lists(TEXT, max_size=2)),
        url=draw(optional(st.sampled_from(["https://www.upi.com/a", "http://example.org/x?y=1"]))),
        published=draw(optional(DATES | DATETIMES)),
        accessed=draw(optional(DATES)),
        language=draw(optional(st.sampled_from(["en", "ru", "kaz"]))),
        reliability=draw(optional(st.sampled_from(d.Reliability))),
        actor=draw(optional(IDS)),
        part_of=draw(optional(IDS.filter(lambda p: p != id))),
        licence=draw(optional(TEXT)),
        description=draw(optional(TEXT)),
    )


@st.composite
def roles(draw: st.DrawFn) -> d.Role:
    start = draw(optional(DATES))
    end = draw(optional(DATES))
    if start is not None and end is not None and end < start:
        start, end = end, start
    return d.Role(draw(TEXT), start=start, end=end)


@st.composite
def actors(draw: st.DrawFn) -> d.Actor:
    id = draw(IDS)
    return d.Actor(
        id,
        draw(st.sampled_from(d.ActorKind)),
        draw(TEXT),
        aliases=draw(st.lists(TEXT, max_size=2)),
        country=draw(optional(COUNTRIES)),
        affiliation=draw(optional(IDS.filter(lambda a: a != id))),
        roles=draw(st.lists(roles(), max_size=2)),
        description=draw(optional(TEXT)),
    )


participations = st.builds(d.Participation, IDS, TEXT)
figures = st.builds(d.Figure, TEXT, optional(counts()), attributions=st.lists(attributions(), max_size=2))


@st.composite
def events(draw: st.DrawFn) -> d.Event:
    id = draw(IDS)
    kind = draw(st.sampled_from(d.EventKind))
    return d.Event(
        id,
        kind,
        draw(TEXT),
        period=draw(periods()),
        places=draw(st.lists(places(), max_size=2)),
        participants=draw(st.lists(participations, max_size=2)),
        causes=draw(st.lists(IDS.filter(lambda c: c != id), max_size=2)),
        figures=draw(st.lists(figures, max_size=2)),
        attributions=draw(st.lists(attributions(), max_size=2)),
        hazard=draw(optional(TEXT)) if kind is d.EventKind.DISASTER else None,
        description=draw(optional(TEXT)),
    )


@st.composite
def cohorts(draw: st.DrawFn) -> d.Cohort:
    low = draw(optional(st.integers(0, 150)))
    high = draw(optional(st.integers(low or 0, 150)))
    return d.Cohort(draw(optional(st.sampled_from(d.Sex))), low, high, draw(counts()))


@st.composite
def populations(draw: st.DrawFn) -> d.Population:
    return d.Population(
        draw(st.sampled_from(d.PopulationCategory)),
        nationality=draw(optional(COUNTRIES)),
        description=draw(optional(TEXT)),
        cohorts=draw(st.lists(cohorts(), max_size=2)),
    )


@st.composite
def flows(draw: st.DrawFn, ids: st.SearchStrategy[str] = IDS) -> d.Flow:
    movement = draw(st.sampled_from(d.Movement))
    origin = draw(places())
    destination = draw(places())
    if movement is d.Movement.INTERNAL:
        destination = origin
    return d.Flow(
        draw(ids),
        origin=origin,
        destination=destination,
        movement=movement,
        metric=draw(st.sampled_from(d.Metric)),
        population=draw(populations()),
        count=draw(optional(counts())),
        period=draw(periods()),
        causes=draw(st.lists(IDS, max_size=2)),
        attributions=draw(st.lists(attributions(), max_size=2)),
        term=draw(optional(TEXT)),
        description=draw(optional(TEXT)),
    )


@st.composite
def stocks(draw: st.DrawFn) -> d.Stock:
    return d.Stock(
        draw(IDS),
        place=draw(places()),
        population=draw(populations()),
        count=draw(optional(counts())),
        as_of=draw(DATES),
        causes=draw(st.lists(IDS, max_size=2)),
        attributions=draw(st.lists(attributions(), max_size=2)),
        term=draw(optional(TEXT)),
        description=draw(optional(TEXT)),
    )


@st.composite
def datasets(draw: st.DrawFn) -> d.Dataset:
    """A consistent dataset: unique ids, and every reference resolves to a record of the right kind."""
    n_sources, n_events = draw(st.integers(1, 3)), draw(st.integers(0, 3))
    source_ids = [f"s{i}" for i in range(n_sources)]
    event_ids = [f"e{i}" for i in range(n_events)]
    cites = st.lists(
        st.builds(
            lambda chain, excerpt: d.Attribution(chain[0], attributed_to=chain[1:], excerpt=excerpt),
            st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True),
            optional(TEXT),
        ),
        max_size=2,
    )
    made_sources = [
        d.Source(sid, draw(st.sampled_from(d.SourceKind)), published=draw(optional(DATES | DATETIMES)))
        for sid in source_ids
    ]
    made_events = [
        d.Event(
            eid,
            draw(st.sampled_from(d.EventKind)),
            draw(TEXT),
            period=draw(periods()),
            causes=event_ids[:i][-1:],
            attributions=draw(cites),
        )
        for i, eid in enumerate(event_ids)
    ]
    causes = st.lists(st.sampled_from(event_ids), max_size=2, unique=True) if event_ids else st.just([])
    made_flows = []
    for i in range(draw(st.integers(0, 4))):
        flow = draw(flows(ids=st.just(f"f{i}")))
        made_flows.append(
            d.Flow(
                flow.id,
                origin=flow.origin,
                destination=flow.destination,
                movement=flow.movement,
                metric=flow.metric,
                population=flow.population,
                count=flow.count,
                period=flow.period,
                causes=draw(causes),
                attributions=draw(cites),
                term=flow.term,
            )
        )
    made_stocks = [
        d.Stock(
            f"k{i}",
            place=draw(places()),
            population=draw(populations()),
            count=draw(optional(counts())),
            as_of=draw(DATES),
            causes=draw(causes),
            attributions=draw(cites),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    return d.Dataset(sources=made_sources, events=made_events, flows=made_flows, stocks=made_stocks)


RECORDS: dict[type[Any], st.SearchStrategy[Any]] = {
    d.Place: places(),
    d.Period: periods(),
    d.Count: counts(),
    d.Attribution: attributions(),
    d.Source: sources(),
    d.Role: roles(),
    d.Actor: actors(),
    d.Participation: participations,
    d.Figure: figures,
    d.Event: events(),
    d.Cohort: cohorts(),
    d.Population: populations(),
    d.Flow: flows(),
    d.Stock: stocks(),
    d.Dataset: datasets(),
}
"""A strategy for every record type of the model."""
