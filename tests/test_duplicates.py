"""Suspected duplicates: records that may count the same people under different framings.

The Karabakh cases are the September 2023 arrivals in Armenia, reported by the Armenian
government ("forcibly displaced persons") and by UNHCR ("refugees"). The Manipur case is IDMC's
Internal Displacement Updates for India (CC BY-IGO, Internal Displacement Monitoring Centre).
"""

from __future__ import annotations

import pathlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import (
    Accuracy,
    Attribution,
    CauseKind,
    Count,
    Dataset,
    Event,
    EventKind,
    Flow,
    Framing,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Precision,
    Reason,
    Share,
    Source,
    SourceKind,
    Stock,
    SuspectedDuplicates,
)
from displacement.duplicates import STOCK_DAYS, _may_pair, _reasons, suspected_duplicates
from displacement.io import unhcr
from displacement.io.account import Load

KARABAKH = Place("AZE", name="Nagorno-Karabakh")
ARMENIA = Place("ARM")
SEPTEMBER = Period(date(2023, 9, 24), date(2023, 9, 30))
SOURCES = [
    Source("s-gov", SourceKind.GOVERNMENT),
    Source("s-unhcr", SourceKind.UN_AGENCY),
    Source("reuters", SourceKind.NEWS_MEDIA),
    Source("afp", SourceKind.NEWS_MEDIA),
]
EVENTS = [
    Event("exodus", EventKind.OTHER, "Exodus from Nagorno-Karabakh", period=SEPTEMBER, places=[KARABAKH]),
    Event("other", EventKind.OTHER, "Something else", period=SEPTEMBER, places=[KARABAKH]),
]


def arrivals(id: str, category: PopulationCategory = PopulationCategory.REFUGEES, **changes: Any) -> Flow:
    fields: dict[str, Any] = {
        "origin": KARABAKH,
        "destination": ARMENIA,
        "movement": Movement.CROSS_BORDER,
        "population": Population(category, nationality=changes.pop("nationality", None)),
        "count": Count(100_000),
        "period": SEPTEMBER,
        "metric": Metric.ARRIVALS,
    }
    fields.update(changes)
    return Flow(id, **fields)


def dataset(*flows: Flow, stocks: tuple[Stock, ...] = ()) -> Dataset:
    return Dataset(sources=SOURCES, events=EVENTS, flows=flows, stocks=stocks)


def test_a_government_category_and_unhcr_refugees_are_one_group_and_the_total_says_so() -> None:
    ds = dataset(arrivals("gov", PopulationCategory.OTHERS), arrivals("unhcr"))
    assert ds.suspected_duplicates() == (SuspectedDuplicates("flows", ("gov", "unhcr"), (Framing.CATEGORY,)),)
    assert str(ds.suspected_duplicates()[0]) == (
        "2 flows may count the same people: gov, unhcr (a different population category)"
    )
    total = ds.total()["AZE", "ARM"]
    assert total.suspected_duplicates == ("gov", "unhcr")
    assert str(total) == "AZE, ARM: 200,000 people (2 records; 2 records may count the same people)"
    assert "suspected_duplicates=('gov', 'unhcr')" in repr(total)


def test_a_total_can_count_each_group_once_at_least_its_largest_at_most_the_sum() -> None:
    ds = dataset(
        arrivals("gov", PopulationCategory.OTHERS, count=Count(100_000, qualifier="more than")),
        arrivals("unhcr", count=Count(90_000)),
        arrivals("baku", origin=Place("AZE", name="Baku"), count=Count(5)),  # not in the group
    )
    added = ds.total()["AZE", "ARM"]
    assert str(added) == "AZE, ARM: more than 190,005 people (3 records; 2 records may count the same people)"
    once = ds.total(duplicates_once=True)["AZE", "ARM"]
    assert once.counted_once
    assert str(once) == (
        "AZE, ARM: more than 100,005 people (3 records; 2 records may count the same people, counted once)"
    )
    ds = dataset(arrivals("gov", PopulationCategory.OTHERS), arrivals("unhcr", count=Count(90_000)))
    assert ds.total(duplicates_once=True)["AZE", "ARM"].count == Count(
        100_000, qualifier="range", upper=190_000
    )
    # a group that a key splits is not one fact within either key
    by_category = ds.total(by="category", duplicates_once=True)
    assert [t.count for t in by_category.values()] == [Count(100_000), Count(90_000)]


def test_households_count_once_in_persons() -> None:
    from displacement import HouseholdSizes

    ds = dataset(
        arrivals("gov", PopulationCategory.OTHERS, count=Count(1_000, "household")),
        arrivals("unhcr", count=Count(3_000)),
    )
    sizes = HouseholdSizes({"ARM": 4, "AZE": 4})
    once = ds.total(household_sizes=sizes, duplicates_once=True)["AZE", "ARM"]
    assert once.count == Count(4_000, qualifier="range", upper=7_000)


def test_duplicates_once_must_be_true_or_false() -> None:
    from displacement.errors import ValidationError

    with pytest.raises(ValidationError, match="duplicates_once: expected True or False, got 'yes'"):
        dataset(arrivals("a")).total(duplicates_once="yes")  # type: ignore[arg-type]


def test_a_nationality_given_in_one_report_only() -> None:
    ds = dataset(arrivals("a", nationality="ARM"), arrivals("b"))
    assert ds.suspected_duplicates() == (SuspectedDuplicates("flows", ("a", "b"), (Framing.NATIONALITY,)),)


@pytest.mark.parametrize(
    "province",
    [Place("ARM", subdivision="AM-SU"), Place("ARM", admin1="AM09"), Place("ARM", name="Goris")],
    ids=["iso-3166-2", "p-code", "named"],
)
def test_a_country_and_one_of_its_provinces_under_another_category(province: Place) -> None:
    ds = dataset(arrivals("gov", PopulationCategory.OTHERS, destination=province), arrivals("unhcr"))
    assert ds.suspected_duplicates() == (
        SuspectedDuplicates("flows", ("gov", "unhcr"), (Framing.CATEGORY, Framing.PLACE)),
    )
    assert "2 records may count the same people" in str(ds.total()["AZE", "ARM"])


def test_a_province_under_its_country_with_the_same_framing_is_a_breakdown_not_a_duplicate() -> None:
    # Totals already set the province aside (Reason.BREAKDOWN): it is never added, so not flagged.
    ds = dataset(arrivals("country"), arrivals("syunik", destination=Place("ARM", subdivision="AM-SU")))
    assert ds.suspected_duplicates() == ()
    total = ds.total()["AZE", "ARM"]
    assert [s.reason for s in total.set_aside] == [Reason.BREAKDOWN]
    assert total.suspected_duplicates == ()
    assert str(total) == "AZE, ARM: 100,000 people (1 record, 1 set aside)"


def test_the_same_original_source_through_two_reporters() -> None:
    ds = dataset(
        arrivals(
            "r", PopulationCategory.OTHERS, attributions=[Attribution("reuters", attributed_to=["s-gov"])]
        ),
        arrivals("f", attributions=[Attribution("afp", attributed_to=["s-gov"])]),
    )
    [group] = ds.suspected_duplicates()
    assert group.reasons == (Framing.CATEGORY, Framing.SAME_SOURCE)
    assert "the same original source through different reporters" in str(group)


def test_the_same_fact_through_two_reporters_is_reconciled_not_flagged() -> None:
    ds = dataset(
        arrivals("r", attributions=[Attribution("reuters", attributed_to=["s-gov"])]),
        arrivals("f", attributions=[Attribution("afp", attributed_to=["s-gov"])]),
    )
    assert ds.suspected_duplicates() == ()
    assert str(ds.total()["AZE", "ARM"]) == "AZE, ARM: 100,000 people (1 record, 1 set aside)"


def test_causes_or_a_cause_kind_given_in_one_only() -> None:
    ds = dataset(arrivals("a", causes=["exodus"], cause_kind=CauseKind.CONFLICT), arrivals("b"))
    assert ds.suspected_duplicates()[0].reasons == (Framing.CAUSES,)


def test_groups_are_transitive_and_in_order() -> None:
    ds = dataset(
        arrivals("c", PopulationCategory.OTHERS),
        arrivals("a"),
        arrivals("b", PopulationCategory.OTHERS, nationality="AZE"),
        arrivals("z", origin=Place("GEO")),  # another corridor: alone
    )
    [group] = ds.suspected_duplicates()
    assert group.records == ("a", "b", "c")
    assert group.reasons == (Framing.CATEGORY, Framing.NATIONALITY)


@pytest.mark.parametrize(
    "other",
    [
        arrivals("b", PopulationCategory.OTHERS, destination=Place("GEO")),
        arrivals("b", PopulationCategory.OTHERS, origin=Place("AZE", name="Baku")),
        arrivals("b", PopulationCategory.OTHERS, period=Period(date(2023, 10, 1), date(2023, 10, 31))),
        arrivals("b", PopulationCategory.OTHERS, movement=Movement.INTERNAL, destination=Place("AZE")),
        arrivals("b", PopulationCategory.OTHERS, metric=Metric.APPLICATIONS),
        arrivals("b", nationality="RUS"),
        arrivals("b", causes=["other"]),
        arrivals("b", PopulationCategory.OTHERS, cause_kind=CauseKind.DISASTER),
    ],
    ids=[
        "other-destination",
        "other-origin",
        "later-period",
        "other-movement",
        "other-metric",
        "other-nationality",
        "other-cause",
        "other-cause-kind",
    ],
)
def test_what_is_not_flagged(other: Flow) -> None:
    first = arrivals("a", nationality="AZE", causes=["exodus"], cause_kind=CauseKind.CONFLICT)
    assert dataset(first, other).suspected_duplicates() == ()


def test_stocks_of_close_dates_and_not_of_distant_ones() -> None:
    def stock(id: str, category: PopulationCategory, day: date) -> Stock:
        return Stock(id, place=ARMENIA, population=Population(category), count=Count(100_000), as_of=day)

    close = dataset(
        stocks=(
            stock("gov", PopulationCategory.OTHERS, date(2023, 10, 1)),
            stock("unhcr", PopulationCategory.REFUGEES, date(2023, 10, 20)),
        )
    )
    assert close.suspected_duplicates() == (
        SuspectedDuplicates("stocks", ("gov", "unhcr"), (Framing.CATEGORY,)),
    )
    assert "2 records may count the same people" in str(close.total(of="stocks")["ARM"])
    distant = dataset(
        stocks=(
            stock("gov", PopulationCategory.OTHERS, date(2023, 10, 1)),
            stock("unhcr", PopulationCategory.REFUGEES, date(2024, 3, 1)),
        )
    )
    assert distant.suspected_duplicates() == ()


@pytest.mark.parametrize(
    "other",
    [{"category": PopulationCategory.ASYLUM_SEEKERS}, {"nationality": None}],
    ids=["another-category", "no-nationality"],
)
def test_one_publishers_own_categories_and_nationalities_are_kept_apart(other: dict[str, Any]) -> None:
    # UNHCR's table gives refugees and asylum-seekers (or a known and an unknown origin) in
    # separate rows: disjoint populations by the publisher's own word, not two framings.
    def stock(id: str, **changes: Any) -> Stock:
        population = {"category": PopulationCategory.REFUGEES, "nationality": "AZE", **changes}
        return Stock(
            id,
            place=ARMENIA,
            population=Population(**population),
            count=Count(100_000),
            as_of=date(2023, 12, 31),
            attributions=[Attribution("s-unhcr", excerpt=id)],
        )

    assert dataset(stocks=(stock("a"), stock("b", **other))).suspected_duplicates() == ()
    # the same two figures from two publishers may count the same people
    other_publisher = attrs.evolve(stock("b", **other), attributions=[Attribution("s-gov")])
    [group] = dataset(stocks=(stock("a"), other_publisher)).suspected_duplicates()
    assert group.records == ("a", "b")


def test_unhcrs_flows_table_has_no_suspected_duplicates(unhcr_flows: Load) -> None:
    # refugees and people in a refugee-like situation in one corridor and year are two rows of
    # UNHCR's table, not one population counted twice (102 groups before the rule above)
    assert unhcr_flows.dataset.suspected_duplicates() == ()


def test_a_flow_and_a_stock_are_never_one_group() -> None:
    stock = Stock(
        "s",
        place=ARMENIA,
        population=Population(PopulationCategory.OTHERS),
        count=Count(1),
        as_of=date(2023, 9, 30),
    )
    assert dataset(arrivals("f"), stocks=(stock,)).suspected_duplicates() == ()


def test_points_of_unknown_accuracy_for_one_event_cannot_be_told_apart() -> None:
    def at(id: str, lat: float, cause: str = "exodus", accuracy: Accuracy | None = None) -> Flow:
        point = Place("AZE", lat=lat, lon=46.7, accuracy=accuracy)
        return arrivals(
            id, origin=point, destination=Place("AZE"), movement=Movement.INTERNAL, causes=[cause]
        )

    assert dataset(at("a", 39.8), at("b", 39.9)).suspected_duplicates() == (
        SuspectedDuplicates("flows", ("a", "b"), (Framing.POINTS,)),
    )
    assert dataset(at("a", 39.8), at("b", 39.9, "other")).suspected_duplicates() == ()
    exact = dataset(at("a", 39.8, accuracy=Accuracy.POINT), at("b", 39.9, accuracy=Accuracy.POINT))
    assert exact.suspected_duplicates() == ()


IDU = (
    pathlib.Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "subnational"
    / "idmc_idu_events_ind_2023.csv"
)


def test_the_five_manipur_figures_of_idmc_are_one_group() -> None:
    if not IDU.is_file():
        pytest.skip(f"the real IDMC IDU file is not at {IDU} (see the working rules: CI has it)")
    from displacement.io import idmc

    ds = idmc.read_idu(IDU).dataset
    [event] = [e for e in ds.events if "Manipur" in e.name]
    manipur = sorted(f.id for f in ds.flows if f.causes == (event.id,))
    groups = [g for g in ds.suspected_duplicates() if set(g.records) & set(manipur)]
    # Four of the five figures overlap in time (2 May to 25 June); the fifth, 41 people on
    # 22 July, shares no day with any of them, so nothing says it counts the same people.
    assert [g.records for g in groups] == [tuple(m for m in manipur if m != "idmc-idu-117570")]
    assert groups[0].reasons == (Framing.POINTS,)
    only = Dataset(sources=ds.sources, events=ds.events, flows=[f for f in ds.flows if f.id in manipur])
    assert str(only.total(by=())[()]) == (
        "all: more than 3,673 people (5 records; 4 records may count the same people)"
    )
    # as one fact: at least the largest of the four (2,000 evacuated) and the fifth (41)
    assert str(only.total(by=(), duplicates_once=True)[()]) == (
        "all: more than 2,041 people (5 records; 4 records may count the same people, counted once)"
    )


# -- the rows sent to the pair check, against checking every pair ---------------------------------
#
# `suspected_duplicates` checks in Python only the rows that numpy finds may pair (`_may_pair`).
# These references check pairs without that filter: every pair (`every_pair`), or the sweep the
# module ran before it, over every row (`swept`, fast enough for UNHCR's tables).

Row = Flow | Stock


def days(row: Row) -> tuple[int, int]:
    """The days a record covers (a stock's as-of span, widened by STOCK_DAYS at its end)."""
    if isinstance(row, Stock):
        span = row.as_of_period
        assert span.start is not None
        assert span.end is not None
        return span.start.toordinal(), span.end.toordinal() + STOCK_DAYS
    start, end = row.period.start, row.period.end
    return (-(10**9) if start is None else start.toordinal(), 10**9 if end is None else end.toordinal())


def bucket(row: Row) -> tuple[Any, ...]:
    if isinstance(row, Flow):
        return (row.origin.country, row.destination.country, row.movement, row.metric)
    return (row.place.country,)


def grouped(kind: str, rows: Sequence[Row], pairs: Iterator[tuple[Row, Row]]) -> list[SuspectedDuplicates]:
    """The groups that the accepted *pairs* of *rows* make (connected components)."""
    parent = {r.id: r.id for r in rows}
    why: dict[str, set[Framing]] = defaultdict(set)

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    linked: set[str] = set()
    for a, b in pairs:
        reasons = _reasons(a, b)
        if reasons is None:
            continue
        linked |= {a.id, b.id}
        ra, rb = root(a.id), root(b.id)
        if ra != rb:
            parent[rb] = ra
            why[ra] |= why.pop(rb, set())
        why[ra].update(reasons)
    members: dict[str, list[str]] = defaultdict(list)
    for r in linked:
        members[root(r)].append(r)
    return [
        SuspectedDuplicates(kind, tuple(sorted(ids)), tuple(f for f in Framing if f in why[r]))
        for r, ids in members.items()
    ]


def nationalities_agree(a: Row, b: Row) -> bool:
    x, y = a.population.nationality, b.population.nationality
    return x is None or y is None or x == y


def every_pair(flows: Sequence[Flow], stocks: Sequence[Stock]) -> tuple[SuspectedDuplicates, ...]:
    """Suspected duplicates by checking every pair of records of one kind."""

    def pairs(rows: Sequence[Row]) -> Iterator[tuple[Row, Row]]:
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                (sa, ea), (sb, eb) = days(a), days(b)
                if bucket(a) == bucket(b) and sa <= eb and sb <= ea and nationalities_agree(a, b):
                    yield a, b

    found = grouped("flows", flows, pairs(flows)) + grouped("stocks", stocks, pairs(stocks))
    return tuple(sorted(found, key=lambda g: (g.kind, g.records)))


def swept(flows: Sequence[Flow], stocks: Sequence[Stock]) -> tuple[SuspectedDuplicates, ...]:
    """Suspected duplicates by a sweep over every row of each bucket and nationality (rows
    without one against every nationality), as the module did before it filtered rows."""

    def overlapping(rows: list[Row]) -> Iterator[tuple[int, int]]:
        spans = sorted((*days(r), i) for i, r in enumerate(rows))
        active: list[tuple[int, int]] = []
        for start, end, i in spans:
            active = [(e, j) for e, j in active if e >= start]
            yield from ((j, i) for _, j in active)
            active.append((end, i))

    def pairs(rows: Sequence[Row]) -> Iterator[tuple[Row, Row]]:
        by: dict[tuple[Any, ...], dict[str | None, list[Row]]] = defaultdict(lambda: defaultdict(list))
        for r in rows:
            by[bucket(r)][r.population.nationality].append(r)
        for groups in by.values():
            unknown = groups.pop(None, [])
            yield from ((unknown[i], unknown[j]) for i, j in overlapping(unknown))
            for group in groups.values():
                both = group + unknown
                yield from (
                    (both[i], both[j]) for i, j in overlapping(both) if i < len(group) or j < len(group)
                )

    found = grouped("flows", flows, pairs(flows)) + grouped("stocks", stocks, pairs(stocks))
    return tuple(sorted(found, key=lambda g: (g.kind, g.records)))


AZE_POINT = Place("AZE", lat=39.8, lon=46.7)
PLACES = [
    ARMENIA,
    Place("ARM", subdivision="AM-SU"),
    Place("ARM", admin1="AM09"),
    Place("ARM", name="Goris"),
    Place("AZE"),
    KARABAKH,
    AZE_POINT,
    Place("AZE", lat=39.9, lon=46.7),
    Place("AZE", lat=39.9, lon=46.7, accuracy=Accuracy.POINT),
    Place("GEO"),
]
SHARED = (Attribution("s-unhcr"),)
ATTRIBUTIONS: list[tuple[Attribution, ...]] = [
    (),
    SHARED,
    (Attribution("s-unhcr", excerpt="another row"),),  # the same publisher, not the same tuple
    (Attribution("s-gov"),),
    (Attribution("reuters", attributed_to=["s-gov"]),),
    (Attribution("afp", attributed_to=["s-gov"]),),
]
DAY = date(2023, 9, 1)


def places() -> st.SearchStrategy[Place]:
    # the same place as one object or as an equal copy: rows share parts, or not
    return st.sampled_from(PLACES).flatmap(lambda p: st.sampled_from([p, attrs.evolve(p)]))


@st.composite
def populations(draw: st.DrawFn) -> Population:
    category = draw(
        st.sampled_from(
            [PopulationCategory.REFUGEES, PopulationCategory.OTHERS, PopulationCategory.ASYLUM_SEEKERS]
        )
    )
    if draw(st.integers(0, 5)) == 0:  # a mix of nationalities
        parts = draw(st.sampled_from([("ARM", "AZE"), ("AZE", "RUS")]))
        return Population(category, shares=[Share(nationality=n, count=Count(10)) for n in parts])
    return Population(category, nationality=draw(st.sampled_from([None, None, "ARM", "AZE"])))


def common(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "population": draw(populations()),
        "count": Count(100),
        "causes": draw(st.sampled_from([(), (), ("exodus",), ("other",), ("exodus", "other")])),
        "cause_kind": draw(st.sampled_from([None, None, CauseKind.CONFLICT, CauseKind.DISASTER])),
        "attributions": draw(st.sampled_from(ATTRIBUTIONS)),
    }


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = None if draw(st.integers(0, 7)) == 0 else DAY + timedelta(days=draw(st.integers(0, 90)))
    if draw(st.integers(0, 7)) == 0:
        return Period(start, None)
    end = (start or DAY) + timedelta(days=draw(st.integers(0, 40)))
    return Period(start, end)


@st.composite
def flows(draw: st.DrawFn, id: str) -> Flow:
    origin, destination = draw(places()), draw(places())
    internal = origin.country == destination.country
    return Flow(
        id,
        origin=origin,
        destination=destination,
        movement=Movement.INTERNAL if internal else Movement.CROSS_BORDER,
        period=draw(periods()),
        metric=draw(st.sampled_from([Metric.ARRIVALS, Metric.ARRIVALS, Metric.APPLICATIONS])),
        **common(draw),
    )


@st.composite
def stocks(draw: st.DrawFn, id: str) -> Stock:
    return Stock(
        id,
        place=draw(places()),
        as_of=DAY + timedelta(days=draw(st.integers(-400, 400))),
        as_of_precision=draw(
            st.sampled_from([Precision.DAY, Precision.DAY, Precision.MONTH, Precision.YEAR])
        ),
        **common(draw),
    )


def records(make: Callable[[str], st.SearchStrategy[Row]], prefix: str) -> st.SearchStrategy[list[Any]]:
    return (
        st.integers(0, 14).flatmap(lambda n: st.tuples(*(make(f"{prefix}{i}") for i in range(n)))).map(list)
    )


@given(records(flows, "f"), records(stocks, "s"))
def test_the_groups_are_those_of_checking_every_pair(flows: list[Flow], stocks: list[Stock]) -> None:
    expected = every_pair(flows, stocks)
    assert suspected_duplicates(flows, stocks) == expected
    assert swept(flows, stocks) == expected  # the reference the real tables are checked against


def test_a_messy_fixture_gives_the_groups_of_checking_every_pair() -> None:
    def flow(id: str, day: int, length: int | None = 10, **changes: Any) -> Flow:
        start = DAY + timedelta(days=day)
        period = Period(start, None if length is None else start + timedelta(days=length))
        return arrivals(id, period=period, **changes)

    def stock(id: str, place: Place, day: int, precision: Precision = Precision.DAY, **more: Any) -> Stock:
        population = Population(
            more.pop("category", PopulationCategory.REFUGEES), nationality=more.pop("nationality", None)
        )
        return Stock(
            id,
            place=place,
            population=population,
            count=Count(1),
            as_of=DAY + timedelta(days=day),
            as_of_precision=precision,
            **more,
        )

    inside = {"destination": Place("AZE"), "movement": Movement.INTERNAL, "causes": ["exodus"]}
    flows_ = [
        flow("a", 0, category=PopulationCategory.OTHERS),
        flow("b", 5),  # overlaps a: a different category
        flow("c", 40, nationality="ARM"),  # after a to i ...
        flow("d", 45, None),  # ... an open end: overlaps c and everything later
        flow("e", 300, destination=Place("ARM", subdivision="AM-SU"), category=PopulationCategory.OTHERS),
        flow("f", 20, attributions=SHARED, category=PopulationCategory.OTHERS),
        flow("g", 20, attributions=SHARED),  # one publisher's own categories: apart from f, ...
        flow("h", 0, metric=Metric.APPLICATIONS, category=PopulationCategory.OTHERS),  # another bucket
        flow("i", 11, nationality="RUS"),  # ... though both may count i's people, as may b
        flow("j", 0, length=0, origin=AZE_POINT, **inside),
        flow("k", 0, length=0, origin=Place("AZE", lat=39.9, lon=46.7), **inside),  # j's event too
    ]
    stocks_ = [
        stock("s1", ARMENIA, 0, category=PopulationCategory.OTHERS),
        stock("s2", ARMENIA, STOCK_DAYS),  # as far as may be from s1
        stock("s3", ARMENIA, STOCK_DAYS + 1, category=PopulationCategory.OTHERS, nationality="AZE"),
        stock("s4", Place("ARM", admin1="AM09"), 60, Precision.YEAR),  # all of 2023: near s1 to s3
        stock("s5", ARMENIA, 0, attributions=SHARED, category=PopulationCategory.OTHERS),
        stock("s6", ARMENIA, 0, attributions=(Attribution("s-unhcr", excerpt="x"),)),  # s5's publisher
        stock("s7", Place("GEO"), 0),
    ]
    expected = every_pair(flows_, stocks_)
    assert [g.records for g in expected] == [
        ("a", "b", "f", "g", "i"),
        ("c", "d", "e"),
        ("j", "k"),
        ("s1", "s2", "s3", "s4", "s5", "s6"),
    ]
    assert suspected_duplicates(flows_, stocks_) == expected
    assert suspected_duplicates(reversed(flows_), reversed(stocks_)) == expected


def test_unhcrs_tables_give_the_groups_of_the_sweep_over_every_row(unhcr_dir: pathlib.Path) -> None:
    flows_ = list(unhcr.read_flows(unhcr_dir / "flows.csv").dataset.flows)
    stocks_ = list(unhcr.read_population(unhcr_dir / "population.csv", skip_zeros=True).dataset.stocks)
    # no row of either table has a partner a pair check could accept: none reaches the check
    assert _may_pair(flows_, True) == []
    assert _may_pair(stocks_, False) == []
    assert suspected_duplicates(flows_, stocks_) == swept(flows_, stocks_) == ()
    # another publisher's figures for some of the same corridors and year, under another
    # category or without a nationality, may count the same people
    year = [f for f in flows_ if f.id.startswith("unhcr-flows-2016-")]

    def gov(f: Flow, i: int) -> Flow:
        population = Population(
            PopulationCategory.OTHERS, nationality=f.population.nationality if i % 2 else None
        )
        return attrs.evolve(f, id=f"{f.id}-gov", population=population, attributions=[Attribution("s-gov")])

    merged = year + [gov(f, i) for i, f in enumerate(year[::3])]
    found = suspected_duplicates(merged, ())
    assert found == swept(merged, ())
    assert len(found) == 1_200
