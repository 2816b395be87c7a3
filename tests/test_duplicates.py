"""Suspected duplicates: records that may count the same people under different framings.

The Karabakh cases are the September 2023 arrivals in Armenia, reported by the Armenian
government ("forcibly displaced persons") and by UNHCR ("refugees"). The Manipur case is IDMC's
Internal Displacement Updates for India (CC BY-IGO, Internal Displacement Monitoring Centre).
"""

from __future__ import annotations

import pathlib
from datetime import date
from typing import Any

import attrs
import pytest

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
    Reason,
    Source,
    SourceKind,
    Stock,
    SuspectedDuplicates,
)
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
