"""The first months of the 2023 Sudan war, built, cut, merged, exported and read back (issue 17).

The scenario a new user tried: a cumulative series of UNHCR reports of arrivals in Chad, Egypt's
and South Sudan's arrivals, IOM's figure of people displaced inside Sudan, a camp's household
count. The figures are the rounded ones of that walkthrough ("more than 150,000", then "more than
260,000" arrivals in Chad; "about 180,000" arrivals in South Sudan), kept to test the library's
rules, not as a record of what each agency published on which day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import displacement as d
from displacement import (
    Attribution,
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
    Qualifier,
    Source,
    SourceKind,
    Stock,
)

WAR = "sudan-war-2023"
START = date(2023, 4, 15)


def _source(id: str, publisher: str, published: date) -> Source:
    return Source(id, SourceKind.UN_AGENCY, publisher=publisher, published=published)


def _flow(id: str, to: str, count: Count, until: date, source: str, **population: object) -> Flow:
    return Flow(
        id,
        origin=Place("SDN"),
        destination=Place(to),
        movement=Movement.CROSS_BORDER,
        population=Population(**population),  # type: ignore[arg-type]
        count=count,
        period=Period(START, until),
        metric=Metric.ARRIVALS,
        causes=[WAR],
        attributions=[Attribution(source)],
    )


def sudan_2023() -> Dataset:
    """The walkthrough's dataset: one war, five sources, four flows, two stocks."""
    return Dataset(
        sources=[
            _source("unhcr-chad-2023-06", "UNHCR", date(2023, 6, 20)),
            _source("unhcr-chad-2023-08", "UNHCR", date(2023, 8, 15)),
            _source("unhcr-ssd-2023-07", "UNHCR", date(2023, 7, 10)),
            _source("iom-dtm-2023-07", "IOM DTM", date(2023, 7, 25)),
            _source("camp-2023-07", "Camp management", date(2023, 7, 30)),
        ],
        events=[
            Event(
                WAR,
                EventKind.ARMED_CONFLICT,
                "War in Sudan",
                period=Period(START, None),
                places=[Place("SDN")],
            )
        ],
        flows=[
            _flow(
                "chad-1",
                "TCD",
                Count(150_000, qualifier=Qualifier.MORE_THAN),
                date(2023, 6, 20),
                "unhcr-chad-2023-06",
                category=PopulationCategory.REFUGEES,
                nationality="SDN",
            ),
            _flow(
                "chad-2",
                "TCD",
                Count(260_000, qualifier=Qualifier.MORE_THAN),
                date(2023, 8, 15),
                "unhcr-chad-2023-08",
                category=PopulationCategory.REFUGEES,
                nationality="SDN",
            ),
            _flow(
                "south-sudan",
                "SSD",
                Count(180_000, qualifier=Qualifier.APPROXIMATE),
                date(2023, 7, 10),
                "unhcr-ssd-2023-07",
                category=PopulationCategory.RETURNEES,
                nationality="SSD",
            ),
        ],
        stocks=[
            Stock(
                "idps-sudan",
                place=Place("SDN"),
                population=Population(PopulationCategory.IDPS, nationality="SDN"),
                count=Count(2_000_000, qualifier=Qualifier.MORE_THAN),
                as_of=date(2023, 7, 25),
                causes=[WAR],
                attributions=[Attribution("iom-dtm-2023-07")],
            ),
            Stock(
                "camp-households",
                place=Place("TCD", name="a refugee camp in eastern Chad"),
                population=Population(PopulationCategory.REFUGEES, nationality="SDN"),
                count=Count(10_000, "household", qualifier=Qualifier.APPROXIMATE),
                as_of=date(2023, 7, 30),
                causes=[WAR],
                attributions=[Attribution("camp-2023-07")],
            ),
        ],
    )


@pytest.mark.parametrize("policy", [d.Policy.LATEST, d.Policy.MOST_RELIABLE, d.Policy.MAXIMUM])
def test_a_cumulative_series_totals_its_latest_report_not_the_sum(policy: d.Policy) -> None:
    chad = sudan_2023().total(by="destination", policy=policy)["TCD"]
    assert str(chad.count) == "more than 260,000 people"


def test_households_are_refused_without_a_size() -> None:
    ds = sudan_2023()
    with pytest.raises(d.UnitError, match="cannot combine persons and households without a household size"):
        ds.total(of="stocks", by="year")
    # a household of Sudanese refugees has the size given for Sudan (the population's nationality)
    sized = ds.total(of="stocks", by="year", household_sizes=d.HouseholdSizes({"SDN": 5}))
    assert str(sized[2023].count) == "more than 2,050,000 people"


def test_a_subset_keeps_what_it_refers_to_and_totals_in_one_call() -> None:
    ds = sudan_2023()
    chad = ds.subset(ds.flows_where(destination="TCD"))
    assert [f.id for f in chad.flows] == ["chad-1", "chad-2"]
    assert [s.id for s in chad.sources] == ["unhcr-chad-2023-06", "unhcr-chad-2023-08"]
    assert [e.id for e in chad.events] == [WAR]
    assert str(chad.total()["SDN", "TCD"].count) == "more than 260,000 people"
    assert chad.merge(ds.subset(["south-sudan", "idps-sudan", "camp-households"])) == ds


def test_unhcr_codes_of_the_real_table_name_the_right_countries() -> None:
    # UNHCR's own codes for Sudan, Chad, Egypt and South Sudan (the coo/coa columns of its tables)
    assert [d.country_code(c, system="unhcr") for c in ("SUD", "CHD", "ARE", "SSD")] == [
        "SDN",
        "TCD",
        "EGY",
        "SSD",
    ]
    with pytest.raises(d.ValidationError, match="UNHCR's codes it is Sudan"):
        Place.lookup("SUD")


def test_the_dataset_round_trips_through_json(tmp_path: Path) -> None:
    from displacement.io import json

    path = tmp_path / "sudan.json"
    json.dump(sudan_2023(), path)
    assert json.load(path) == sudan_2023()
