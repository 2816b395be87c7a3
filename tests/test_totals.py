"""Dataset.total and Dataset.increments: reconcile reports of one fact, then add facts as intervals."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from displacement import (
    Attribution,
    Count,
    Dataset,
    DisplacementError,
    Flow,
    HouseholdSizes,
    Metric,
    Movement,
    Period,
    Place,
    Policy,
    Population,
    PopulationCategory,
    Qualifier,
    Reason,
    Reliability,
    SetAside,
    Source,
    SourceKind,
    Stock,
    Total,
    UnitError,
    ValidationError,
    examples,
)

Q = Qualifier
DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "unhcr"
SEPT = 9


def since(day: int, end: date | None, **kw: Any) -> Period:
    return Period(date(2022, SEPT, day), end, as_of=kw.pop("as_of", end), **kw)


def flow(
    id: str,
    count: Count | None,
    period: Period,
    origin: str = "RUS",
    destination: str = "KAZ",
    **kw: Any,
) -> Flow:
    fields: dict[str, Any] = {
        "movement": Movement.CROSS_BORDER,
        "population": Population(PopulationCategory.OTHERS, nationality="RUS"),
        "metric": Metric.CROSSINGS,
    }
    fields.update(kw)
    return Flow(
        id,
        origin=Place(origin),
        destination=Place(destination),
        count=count,
        period=period,
        **fields,
    )


F1 = flow("f1", Count(98000), since(21, date(2022, 9, 27), open_start=True))
F2 = flow("f2", Count(200000, qualifier=Q.MORE_THAN), since(21, date(2022, 10, 4), open_start=True))


class TestTheIssuesExample:
    def test_a_later_cumulative_report_supersedes(self) -> None:
        total = Dataset(flows=[F1, F2]).total()[("RUS", "KAZ")]
        assert total.count == Count(200000, qualifier=Q.MORE_THAN)
        assert total.records == ("f2",)
        assert total.set_aside == (SetAside("f1", Reason.SUPERSEDED, "f2"),)
        assert str(total.set_aside[0]) == "f1: superseded by f2, a later report of the same cumulative figure"
        assert str(total) == "RUS, KAZ: more than 200,000 people (1 record, 1 set aside)"

    @pytest.mark.parametrize("policy", list(Policy))
    def test_under_every_policy(self, policy: Policy) -> None:
        total = Dataset(flows=[F2, F1]).total(policy=policy)["RUS", "KAZ"]
        assert total.count == Count(200000, qualifier=Q.MORE_THAN)

    def test_increments(self) -> None:
        first, second = Dataset(flows=[F2, F1]).increments()
        assert first == F1
        assert second.id == "f2-after-f1"
        assert second.count == Count(102000, qualifier=Q.MORE_THAN)
        assert second.period == Period(date(2022, 9, 28), date(2022, 10, 4), as_of=date(2022, 10, 4))
        assert str(second.count) == "more than 102,000 people"
        # the increments add up again without double counting
        assert first.count is not None
        assert first.count + second.count == Count(200000, qualifier=Q.MORE_THAN)

    def test_the_built_in_example(self) -> None:
        totals = examples.kazakhstan_2022().total(by="origin")
        [rus] = totals.values()
        assert rus.key == ("RUS",)
        assert rus.count == Count(98000, qualifier=Q.AT_LEAST)  # three corridors without a number
        assert rus.records == ("f1-rus-kaz",)
        assert rus.unquantified == ("f2-rus-geo", "f3-rus-fin", "f4-rus-mng")
        by_corridor = examples.kazakhstan_2022().total()
        assert by_corridor["RUS", "GEO"].count is None
        assert by_corridor["RUS", "KAZ"].count == Count(98000)


def sources() -> list[Source]:
    return [
        Source("low", SourceKind.SOCIAL_MEDIA, reliability=Reliability.LOW),
        Source("medium", SourceKind.NEWS_MEDIA, reliability=Reliability.MEDIUM),
        Source("high", SourceKind.GOVERNMENT, reliability=Reliability.HIGH),
    ]


COMPETING = [
    flow("a", Count(10000), since(21, date(2022, 9, 27)), attributions=[Attribution("low")]),
    flow("b", Count(9000), since(22, date(2022, 9, 27)), attributions=[Attribution("high")]),
    flow(
        "c",
        Count(12000, qualifier=Q.APPROXIMATE),
        since(23, date(2022, 9, 28)),
        attributions=[Attribution("medium")],
    ),
]


class TestPolicies:
    @pytest.mark.parametrize(
        ("policy", "count", "records", "kept"),
        [
            (Policy.LATEST, Count(12000, qualifier=Q.APPROXIMATE), ("c",), "c"),
            (Policy.MOST_RELIABLE, Count(9000), ("b",), "b"),
            (Policy.MAXIMUM, Count(12000, qualifier=Q.APPROXIMATE), ("c",), "c"),
            (Policy.RANGE, Count(9000, qualifier=Q.RANGE, upper=12000), ("a", "b", "c"), None),
        ],
    )
    def test_competing_reports(
        self, policy: Policy, count: Count, records: tuple[str, ...], kept: str | None
    ) -> None:
        total = Dataset(sources=sources(), flows=COMPETING).total(policy=policy)["RUS", "KAZ"]
        assert total.count == count
        assert total.records == records
        expected = tuple(SetAside(r, Reason.SAME_FACT, kept) for r in "abc" if r not in records)
        assert total.set_aside == expected

    def test_default_is_latest(self) -> None:
        ds = Dataset(sources=sources(), flows=COMPETING)
        assert ds.total() == ds.total(policy=Policy.LATEST)
        assert ds.total().policy is Policy.LATEST

    def test_ties_fall_back_on_reliability_then_id(self) -> None:
        same = since(21, date(2022, 9, 27))
        ds = Dataset(
            sources=sources(),
            flows=[
                flow("x", Count(1), same, attributions=[Attribution("medium")]),
                flow("y", Count(2), same, attributions=[Attribution("high")]),
                flow("z", Count(3), same),
            ],
        )
        assert ds.total()["RUS", "KAZ"].records == ("y",)
        tie = Dataset(flows=[flow("y", Count(2), same), flow("x", Count(1), same)])
        assert tie.total()["RUS", "KAZ"].records == ("x",)
        assert tie.total(policy=Policy.MAXIMUM)["RUS", "KAZ"].records == ("y",)

    def test_unquantified_report_of_a_quantified_fact(self) -> None:
        ds = Dataset(flows=[flow("n", None, since(21, date(2022, 9, 27))), F1])
        total = ds.total()["RUS", "KAZ"]
        assert total.count == Count(98000)
        assert total.unquantified == ()
        assert total.set_aside == (SetAside("n", Reason.UNQUANTIFIED, "f1"),)

    def test_separate_periods_add(self) -> None:
        weeks = [
            flow(f"w{i}", Count(700 * (i + 1)), Period(date(2022, 9, 1 + 7 * i), date(2022, 9, 7 + 7 * i)))
            for i in range(3)
        ]
        total = Dataset(flows=weeks).total()["RUS", "KAZ"]
        assert total.count == Count(700 + 1400 + 2100)
        assert total.records == ("w0", "w1", "w2")
        assert total.set_aside == ()

    def test_a_year_report_beats_its_months_under_latest(self) -> None:
        months = [flow(f"m{m:02}", Count(100), Period.month(2022, m)) for m in range(1, 13)]
        year = flow("y2022", Count(1500), Period.year(2022))
        total = Dataset(flows=[*months, year]).total()["RUS", "KAZ"]
        assert total.count == Count(1500)
        assert total.records == ("y2022",)
        aside = {s.record: s.reason for s in total.set_aside}
        assert aside.pop("m01") is Reason.SUPERSEDED  # January starts with the year: a cumulative series
        assert set(aside.values()) == {Reason.SAME_FACT}


@st.composite
def shuffled_reports(draw: st.DrawFn) -> list[Flow]:
    flows = []
    for i in range(draw(st.integers(1, 8))):
        start = draw(st.integers(1, 20))
        end = start + draw(st.integers(0, 10))
        qualifier = draw(st.sampled_from(list(Qualifier)))
        above_0 = qualifier is Q.LESS_THAN  # "less than 0" counts nobody: Count refuses it
        value = draw(
            st.one_of(
                st.integers(int(above_0), 10**6), st.floats(0, 1e6, allow_nan=False, exclude_min=above_0)
            )
        )
        upper = value + draw(st.integers(1, 1000)) if qualifier is Q.RANGE else None
        count = draw(st.none() | st.just(Count(value, qualifier=qualifier, upper=upper)))
        destination = draw(st.sampled_from(["KAZ", "GEO"]))
        flows.append(
            flow(f"r{i}", count, Period(date(2022, 9, start), date(2022, 9, end)), destination=destination)
        )
    return flows


def steps(ds: Dataset) -> tuple[Flow, ...] | str:
    try:
        return ds.increments()
    except DisplacementError as exc:  # random series may fall: the same error either way
        return str(exc)


class TestDeterminism:
    @settings(max_examples=60)
    @given(shuffled_reports(), st.randoms(use_true_random=False), st.sampled_from(list(Policy)))
    def test_record_order_does_not_matter(
        self, flows: list[Flow], rng: random.Random, policy: Policy
    ) -> None:
        expected = dict(Dataset(flows=flows).total(policy=policy, by="destination"))
        shuffled = list(flows)
        rng.shuffle(shuffled)
        assert dict(Dataset(flows=shuffled).total(policy=policy, by="destination")) == expected
        assert steps(Dataset(flows=shuffled)) == steps(Dataset(flows=flows))

    @settings(max_examples=60)
    @given(shuffled_reports())
    def test_nothing_is_lost(self, flows: list[Flow]) -> None:
        totals = Dataset(flows=flows).total(by=())
        [total] = totals.values()
        listed = [*total.records, *total.unquantified, *(s.record for s in total.set_aside)]
        assert sorted(listed) == sorted(f.id for f in flows)


class TestSeriesProperties:
    @settings(max_examples=60)
    @given(shuffled_reports())
    def test_every_flow_is_in_one_series_once(self, flows: list[Flow]) -> None:
        ds = Dataset(flows=flows)
        try:
            found = ds.series()
        except DisplacementError:  # random series may fall: increments refuse them too
            assert isinstance(steps(ds), str)
            return
        assert tuple(f for s in found for f in s.increments) == ds.increments()
        ends: dict[str, date] = {}
        for one in found:
            assert len(one.reports) == len(one.increments) >= 1
            first = one.reports[0]
            for report in one.reports:  # one fact, one start, dates rising
                assert report.destination == first.destination
                assert (report.period.start, report.period.open_start) == (one.start, one.open_start)
                end = report.period.end
                assert end is not None
                ends[report.id] = end
            dates = [ends[r.id] for r in one.reports]
            assert dates == sorted(set(dates))
        # a flow missing from the series was reconciled away by a report of the same fact and date
        for f in flows:
            if f.id not in ends:
                assert any(
                    r.destination == f.destination
                    and ends[r.id] == f.period.end
                    and r.period.start == f.period.start
                    for s in found
                    for r in s.reports
                )


class TestGroups:
    def ds(self) -> Dataset:
        return Dataset(
            flows=[
                flow("k", Count(10), Period.day(date(2022, 9, 21))),
                flow(
                    "g", Count(5, qualifier=Q.APPROXIMATE), Period.day(date(2022, 9, 21)), destination="GEO"
                ),
                flow(
                    "u",
                    Count(7),
                    Period.day(date(2023, 2, 1)),
                    origin="UKR",
                    destination="POL",
                    population=Population(PopulationCategory.REFUGEES, nationality="UKR"),
                ),
            ]
        )

    def test_by_fields(self) -> None:
        ds = self.ds()
        assert {k: t.count for k, t in ds.total(by="origin").items()} == {
            ("RUS",): Count(15, qualifier=Q.APPROXIMATE),
            ("UKR",): Count(7),
        }
        assert list(ds.total()) == [("RUS", "GEO"), ("RUS", "KAZ"), ("UKR", "POL")]
        assert ds.total(by="origin")["RUS"] is ds.total(by="origin")["RUS"] or True
        assert ds.total(by=())[()].count == Count(22, qualifier=Q.APPROXIMATE)
        years = ds.total(by=("year", "category"))
        assert list(years) == [(2022, PopulationCategory.OTHERS), (2023, PopulationCategory.REFUGEES)]
        assert ds.total(by="nationality")["UKR"].records == ("u",)
        assert ds.total(by="metric")[Metric.CROSSINGS].count == Count(22, qualifier=Q.APPROXIMATE)
        assert ds.total(by="movement")[Movement.CROSS_BORDER].records == ("g", "k", "u")

    def test_a_flow_across_years_has_no_year(self) -> None:
        ds = Dataset(flows=[flow("x", Count(1), Period(date(2022, 12, 30), date(2023, 1, 2)))])
        assert list(ds.total(by="year")) == [(None,)]

    def test_where(self) -> None:
        ds = self.ds()
        only = ds.total(by=(), where=lambda f: f.destination.country != "GEO")
        assert only[()].count == Count(17)

        def broken(f: Flow) -> bool:
            raise RuntimeError("oops")

        with pytest.raises(DisplacementError, match="where= function failed"):
            ds.total(where=broken)

    def test_during(self) -> None:
        ds = Dataset(
            flows=[
                flow("in", Count(10), Period(date(2022, 9, 2), date(2022, 9, 5))),
                flow("partly", Count(99), Period(date(2022, 8, 25), date(2022, 9, 5))),
                flow("out", Count(1000), Period(date(2022, 10, 2), date(2022, 10, 5))),
                flow("open", Count(5), Period(date(2022, 9, 10), None)),
            ]
        )
        total = ds.total(during=Period.month(2022, 9))["RUS", "KAZ"]
        assert total.count == Count(10)
        assert total.records == ("in",)
        assert total.set_aside == (
            SetAside("open", Reason.PARTLY_OUTSIDE),
            SetAside("partly", Reason.PARTLY_OUTSIDE),
        )

    def test_metrics_never_mix(self) -> None:
        ds = Dataset(
            flows=[
                flow("a", Count(10), Period.day(date(2022, 9, 21)), metric=Metric.ARRIVALS),
                flow("b", Count(5), Period.day(date(2022, 9, 21)), metric=Metric.APPLICATIONS),
            ]
        )
        with pytest.raises(DisplacementError, match="mixes flows of different metrics"):
            ds.total()
        assert len(ds.total(by=("origin", "metric"))) == 2
        assert ds.total(where=lambda f: f.metric is Metric.ARRIVALS)["RUS", "KAZ"].count == Count(10)

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"of": "people"}, "of"),
            ({"by": "colour"}, "by"),
            ({"by": ("origin", 3)}, "by"),
            ({"of": "stocks", "by": "origin"}, "by"),
            ({"policy": "latest"}, "policy"),
            ({"during": date(2022, 1, 1)}, "during"),
            ({"household_sizes": {"RUS": 3}}, "household_sizes"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, Any], path: str) -> None:
        with pytest.raises(ValidationError) as exc:
            self.ds().total(**kwargs)
        assert exc.value.errors[0].path == path

    def test_missing_group(self) -> None:
        totals = self.ds().total()
        with pytest.raises(DisplacementError, match="no total for"):
            totals["XXX", "YYY"]
        with pytest.raises(KeyError):
            totals["XXX", "YYY"]
        assert totals.get(("XXX", "YYY")) is None
        assert str(totals).splitlines()[0] == "RUS, GEO: about 5 people (1 record)"


class TestHouseholds:
    def ds(self) -> Dataset:
        return Dataset(
            flows=[
                flow("p", Count(100), Period.day(date(2022, 9, 21))),
                flow("h", Count(20, "households"), Period.day(date(2022, 9, 22))),
            ]
        )

    def test_households_do_not_add_to_persons_without_sizes(self) -> None:
        with pytest.raises(UnitError, match="household size"):
            self.ds().total()

    def test_with_sizes(self) -> None:
        sizes = HouseholdSizes({"RUS": 3.5})
        total = self.ds().total(household_sizes=sizes)["RUS", "KAZ"]
        assert total.count == Count(170.0)
        assert total.household_sizes == (("h", 3.5),)

    def test_households_alone(self) -> None:
        only = self.ds().total(where=lambda f: f.id == "h")["RUS", "KAZ"]
        assert only.count == Count(20, "household")
        with pytest.raises(UnitError, match="no household size for 'RUS'"):
            self.ds().total(household_sizes=HouseholdSizes({"KAZ": 4}))


class TestStocks:
    def stock(self, id: str, count: int, as_of: date, place: str = "TUR", **kw: Any) -> Stock:
        return Stock(
            id,
            place=Place(place),
            population=Population(PopulationCategory.REFUGEES, nationality="SYR"),
            count=Count(count),
            as_of=as_of,
            **kw,
        )

    def test_a_later_stock_replaces_an_earlier_one(self) -> None:
        ds = Dataset(
            stocks=[
                self.stock("s2021", 3700000, date(2021, 12, 31)),
                self.stock("s2022", 3500000, date(2022, 12, 31)),
                self.stock("lb", 800000, date(2022, 12, 31), place="LBN"),
            ],
            flows=[F1],
        )
        totals = ds.total("stocks", by=())
        assert totals[()].count == Count(4300000)
        assert totals[()].set_aside == (SetAside("s2021", Reason.SUPERSEDED, "s2022"),)
        assert ds.total("stocks", by="place")["TUR"].records == ("s2022",)
        in_2021 = ds.total("stocks", by=(), during=Period.year(2021))
        assert in_2021[()].count == Count(3700000)
        # flows and stocks never meet in one total
        assert ds.total(by=())[()].records == ("f1",)


class TestIncrements:
    def test_single_reports_come_back_unchanged(self) -> None:
        ds = Dataset(flows=[F1, flow("g", Count(5), Period.day(date(2022, 9, 21)), destination="GEO")])
        assert set(ds.increments()) == set(ds.flows)

    def test_a_series_of_three(self) -> None:
        f3 = flow(
            "f3", Count(250000, qualifier=Q.APPROXIMATE), since(21, date(2022, 10, 11), open_start=True)
        )
        steps = Dataset(flows=[f3, F2, F1]).increments()
        assert [f.id for f in steps] == ["f1", "f2-after-f1", "f3-after-f2"]
        # "about 250,000" after "more than 200,000": the growth is below 50,000
        assert steps[2].count == Count(50000, qualifier=Q.LESS_THAN)

    def test_a_falling_cumulative_figure_is_an_error(self) -> None:
        lower = flow("f2", Count(90000), since(21, date(2022, 10, 4), open_start=True))
        with pytest.raises(DisplacementError, match="below the earlier one"):
            Dataset(flows=[F1, lower]).increments()

    def test_unquantified_steps(self) -> None:
        blank = flow("f2", None, since(21, date(2022, 10, 4), open_start=True))
        assert Dataset(flows=[F1, blank]).increments()[1].count is None

    def test_no_date_to_place_it(self) -> None:
        ongoing = flow("f2", Count(5), Period(date(2022, 9, 21), None))
        with pytest.raises(DisplacementError, match="cannot be placed in a series"):
            Dataset(flows=[F1, ongoing]).increments()

    def test_policy(self) -> None:
        with pytest.raises(ValidationError):
            Dataset(flows=[F1]).increments(policy=Policy.RANGE)


class TestSeries:
    def test_reports_and_increments_of_one_series(self) -> None:
        f3 = flow(
            "f3", Count(250000, qualifier=Q.APPROXIMATE), since(21, date(2022, 10, 11), open_start=True)
        )
        other = flow("g", Count(5), Period.day(date(2022, 9, 21)), destination="GEO")
        ds = Dataset(flows=[f3, other, F2, F1])
        geo, kaz = ds.series()
        assert geo.reports == geo.increments == (other,)
        assert (geo.start, geo.open_start) == (date(2022, 9, 21), False)
        assert [f.id for f in kaz.reports] == ["f1", "f2", "f3"]
        assert [f.id for f in kaz.increments] == ["f1", "f2-after-f1", "f3-after-f2"]
        assert (kaz.start, kaz.open_start) == (date(2022, 9, 21), True)
        # increments are the series' steps, in the same order
        assert ds.increments() == geo.increments + kaz.increments

    def test_reports_of_one_date_are_reconciled(self) -> None:
        rival = flow("f2b", Count(210000), since(21, date(2022, 10, 4), open_start=True))
        [kaz] = Dataset(flows=[F1, F2, rival]).series(policy=Policy.MAXIMUM)
        assert [f.id for f in kaz.reports] == ["f1", "f2b"]
        assert kaz.increments[1].count == Count(112000)

    def test_where_and_policy(self) -> None:
        other = flow("g", Count(5), Period.day(date(2022, 9, 21)), destination="GEO")
        ds = Dataset(flows=[F1, other])
        assert [s.reports for s in ds.series(where=lambda f: f.destination.country == "GEO")] == [(other,)]
        with pytest.raises(ValidationError, match=r"expected Policy\.LATEST"):
            ds.series(policy=Policy.RANGE)


@pytest.fixture(scope="module")
def unhcr_flows() -> tuple[Dataset, dict[tuple[str, str], int]]:
    path = DATA / "flows.csv"
    if not path.exists():
        pytest.skip(f"the UNHCR data is not at {DATA}")
    flows, expected = [], defaultdict(int)
    places: dict[str, Place] = {}
    with path.open(newline="", encoding="utf-8") as file:
        for i, row in enumerate(csv.DictReader(file)):
            if row["refugees"] == "" or not 2015 <= int(row["year"]) <= 2024:
                continue
            o, d = row["coo_iso"], row["coa_iso"]
            flows.append(
                Flow(
                    f"r{i}",
                    origin=places.setdefault(o, Place(o)),
                    destination=places.setdefault(d, Place(d)),
                    movement=Movement.CROSS_BORDER,
                    population=Population(PopulationCategory.REFUGEES, nationality=o),
                    count=Count(int(row["refugees"])),
                    period=Period.year(int(row["year"])),
                    metric=Metric.ARRIVALS,
                )
            )
            expected[(o, d)] += int(row["refugees"])
    return Dataset(flows=flows), dict(expected)


def test_real_unhcr_flows(unhcr_flows: tuple[Dataset, dict[tuple[str, str], int]]) -> None:
    ds, expected = unhcr_flows
    totals = ds.total()
    assert {k: t.count for k, t in totals.items()} == {k: Count(v) for k, v in expected.items()}
    assert all(isinstance(t, Total) and not t.set_aside for t in totals.values())
    by_year = ds.total(by=(), during=Period.year(2022))[()]
    assert by_year.count is not None
    assert by_year.count.magnitude == sum(
        f.count.magnitude for f in ds.flows if f.count is not None and f.period.start == date(2022, 1, 1)
    )


# -- what one fact is: the same population (category and nationality), movement and metric ------


def _stock(id: str, nationality: str, year: int, n: int) -> Stock:
    return Stock(
        id,
        place=Place("TUR"),
        population=Population(PopulationCategory.REFUGEES, nationality=nationality),
        count=Count(n),
        as_of=date(year, 12, 31),
    )


STOCKS = Dataset(
    stocks=[
        _stock("syr-23", "SYR", 2023, 100),
        _stock("afg-23", "AFG", 2023, 10),
        _stock("syr-24", "SYR", 2024, 90),
        _stock("afg-24", "AFG", 2024, 20),
    ]
)


def test_refugees_of_two_nationalities_in_one_country_are_two_facts() -> None:
    total = STOCKS.total("stocks", by="place")["TUR"]
    assert total.count == Count(110)
    assert total.records == ("afg-24", "syr-24")
    assert total.set_aside == (
        SetAside("afg-23", Reason.SUPERSEDED, "afg-24"),
        SetAside("syr-23", Reason.SUPERSEDED, "syr-24"),
    )
    by_nationality = STOCKS.total("stocks", by=("place", "nationality"))
    assert {key: t.count for key, t in by_nationality.items()} == {
        ("TUR", "AFG"): Count(20),
        ("TUR", "SYR"): Count(90),
    }


def test_stocks_by_year_keep_every_year() -> None:
    totals = STOCKS.total("stocks", by=("place", "year"))
    assert {key: (t.count, t.records, t.set_aside) for key, t in totals.items()} == {
        ("TUR", 2023): (Count(110), ("afg-23", "syr-23"), ()),
        ("TUR", 2024): (Count(110), ("afg-24", "syr-24"), ()),
    }


def test_flows_of_another_nationality_or_movement_on_one_corridor_are_other_facts() -> None:
    period = since(21, date(2022, 9, 27))
    ds = Dataset(
        flows=[
            flow("rus", Count(100), period),
            flow(
                "ukr", Count(7), period, population=Population(PopulationCategory.OTHERS, nationality="UKR")
            ),
            flow("evac", Count(3), period, movement=Movement.EVACUATION),
            flow("again", Count(120), period),  # the same fact as "rus"
        ]
    )
    total = ds.total()["RUS", "KAZ"]
    assert total.count == Count(130)
    assert total.records == ("again", "evac", "ukr")
    assert total.set_aside == (SetAside("rus", Reason.SAME_FACT, "again"),)


def test_a_group_with_every_record_set_aside_says_nothing_was_added() -> None:
    # it used to print "unquantified", as if its records had no number
    flow = Flow(
        "f",
        origin=Place("RUS"),
        destination=Place("KAZ"),
        movement=Movement.CROSS_BORDER,
        population=Population(PopulationCategory.OTHERS),
        count=Count(5),
        period=Period(date(2022, 9, 1), date(2022, 9, 30)),
        metric=Metric.CROSSINGS,
    )
    total = Dataset(flows=[flow]).total(during=Period(date(2022, 9, 10), date(2022, 9, 30)))["RUS", "KAZ"]
    assert str(total) == "RUS, KAZ: nothing added (0 records, 1 set aside)"


def test_stocks_are_totalled_by_place_by_default() -> None:
    stock = Stock(
        "s",
        place=Place("TUR"),
        population=Population(PopulationCategory.REFUGEES),
        count=Count(5),
        as_of=date(2022, 12, 31),
    )
    totals = Dataset(stocks=[stock]).total("stocks")
    assert (totals.by, str(totals["TUR"])) == (("place",), "TUR: 5 people (1 record)")
