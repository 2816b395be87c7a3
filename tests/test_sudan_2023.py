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
    Share,
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
    """The walkthrough's dataset: one war, six sources, four flows, two stocks."""
    return Dataset(
        sources=[
            _source("unhcr-chad-2023-06", "UNHCR", date(2023, 6, 20)),
            _source("unhcr-chad-2023-08", "UNHCR", date(2023, 8, 15)),
            _source("unhcr-ssd-2023-07", "UNHCR", date(2023, 7, 10)),
            _source("unhcr-egy-2023-06", "UNHCR", date(2023, 6, 20)),
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
                category=PopulationCategory.MIXED,
                shares=[
                    Share.mostly(nationality="SSD", category=PopulationCategory.RETURNEES),
                    Share(nationality="SDN", category=PopulationCategory.REFUGEES),
                ],
            ),
            _flow(
                "egypt",
                "EGY",
                Count(60_000, qualifier=Qualifier.APPROXIMATE),
                date(2023, 6, 20),
                "unhcr-egy-2023-06",
                category=PopulationCategory.REFUGEES,
                shares=[
                    Share(nationality="SDN", count=Count(40_000)),
                    Share(nationality="SYR", count=Count(3_000)),
                    Share(nationality="SSD", count=Count(2_000)),
                ],
            ),
        ],
        stocks=[
            Stock(
                "idps-sudan",
                place=Place("SDN"),
                population=Population(PopulationCategory.IDPS, nationality="SDN"),
                count=Count(2_000_000, qualifier=Qualifier.MORE_THAN),
                as_of=Period.month(2023, 7),  # "in July": a month, not a day
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
    assert chad.merge(ds.subset(["south-sudan", "egypt", "idps-sudan", "camp-households"])) == ds


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


def test_a_mix_is_counted_by_nationality_only_where_its_shares_say_how_many() -> None:
    by_nationality = sudan_2023().total(by="nationality")
    # Chad's latest report and Egypt's 40,000 Sudanese; "mostly South Sudanese" counts no one as SSD
    assert str(by_nationality["SDN"].count) == "more than 300,000 people"
    assert str(by_nationality["SSD"].count) == "2,000 people"
    assert str(by_nationality["SYR"].count) == "3,000 people"
    # South Sudan's 180,000 and the 15,000 of Egypt's 60,000 that its shares do not cover
    assert str(by_nationality[d.MIXED].count) == "about 195,000 people"
    by_category = sudan_2023().total(by=("destination", "category"))
    assert str(by_category["SSD", PopulationCategory.MIXED].count) == "about 180,000 people"


def test_a_stock_in_july_is_a_month_not_a_day() -> None:
    idps = sudan_2023().get("idps-sudan")
    assert isinstance(idps, Stock)
    assert (idps.as_of, idps.as_of_precision) == (date(2023, 7, 1), d.Precision.MONTH)
    assert idps.as_of_period == Period.month(2023, 7)


def test_exported_per_type_and_read_back_by_another_users_code(tmp_path: Path) -> None:
    from displacement.io import csv, json

    ds = sudan_2023()
    for kind in d.RECORD_KINDS:  # one file per type, as a partner would be sent them
        csv.dump(ds, tmp_path / f"{kind}.csv", kind=kind)
    flows = csv.load(tmp_path / "flows.csv", references="open").dataset
    assert flows.flows == ds.flows
    assert sorted({e.value for e in flows.open_references}) == sorted(
        [WAR, *(s.id for s in ds.sources if s.id.startswith("unhcr"))]
    )
    stocks = csv.load(tmp_path / "stocks.csv", references="open").dataset
    assert stocks.stocks == ds.stocks
    assert (
        flows.merge(stocks, references="open").merge(
            csv.load(tmp_path / "sources.csv").dataset,
            csv.load(tmp_path / "events.csv").dataset,
            references="strict",
        )
        == ds
    )
    assert csv.load_dir(tmp_path).dataset == ds
    document = tmp_path / "flows.json"
    json.dump(Dataset(flows=ds.flows, references="open"), document)
    assert json.load(document, references="open").flows == ds.flows


def test_exported_per_type_and_read_back_by_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from displacement import cli
    from displacement.io import json

    document = tmp_path / "sudan.json"
    json.dump(sudan_2023(), document)
    flows = tmp_path / "flows.csv"
    assert cli.main(["convert", "--type", "flows", str(document), str(flows)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {flows} (4 flows; not in a CSV file of flows: 6 sources, 1 event, 2 stocks, so read "
        "it back with --references open)\n"
    )
    assert cli.main(["validate", str(flows)]) == 1
    assert "--references open" in capsys.readouterr().out
    assert cli.main(["validate", "--references", "open", str(flows)]) == 0
    assert capsys.readouterr().out == f"{flows}: valid (4 records, 8 open references)\n"
    assert cli.main(["summary", "--references", "open", str(flows)]) == 0
    shown = capsys.readouterr().out
    assert "unhcr-chad-2023-08 (not in the dataset)" in shown
    stocks = tmp_path / "stocks.csv"
    assert cli.main(["convert", str(document), str(stocks)]) == 0  # the type from the file's name
    assert capsys.readouterr().out == (
        f"wrote {stocks} (2 stocks; not in a CSV file of stocks: 6 sources, 1 event, 4 flows, so read "
        "it back with --references open)\n"
    )


def test_an_hxl_file_of_chad_reads_without_its_sources_and_a_mix_is_refused(tmp_path: Path) -> None:
    from displacement.io import hxl

    ds = sudan_2023()
    chad = ds.subset(ds.flows_where(destination="TCD"))
    path = tmp_path / "chad.csv"
    hxl.write_hxl(chad, path, kind="flows")
    read = hxl.read_hxl(path, references="open")  # another organisation, without our records
    assert read.dataset.flows == chad.flows
    assert (read.account.rows, read.account.records, read.account.skipped) == (2, 2, ())
    with pytest.raises(d.DisplacementError, match="no column for the parts of a mixed population"):
        hxl.write_hxl(ds.subset(["south-sudan"]), tmp_path / "south-sudan.csv", kind="flows")


def test_the_summary_says_a_mix_and_a_month() -> None:
    from displacement.cli import summary, tables

    text = summary(sudan_2023())
    assert "  [south-sudan] SDN -> SSD: about 180,000 people" in text
    assert "      a mix: mostly SSD returnees; SDN refugees\n" in text
    assert "      a mix: SDN: 40,000 people; SYR: 3,000 people; SSD: 2,000 people\n" in text
    assert "  [idps-sudan] SDN: more than 2,000,000 people as of 2023-07\n" in text
    assert [
        line.split()[:3] for line in tables(sudan_2023()).splitlines() if line.startswith("idps-sudan")
    ] == [["idps-sudan", "SDN", "2023-07"]]
