"""Totals below the country: grouping by a level (``place.admin1``), and places that contain each other.

A record whose place lies strictly within the place of another record of the same group and
population (movement, metric; for flows, over an overlapping period) is a breakdown of that
record's figure (`Reason.BREAKDOWN`), never added to it. The Somali p-codes are from OCHA's
Global P-Code List (CC BY), which the package bundles.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from displacement import (
    Count,
    Dataset,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Reason,
    SetAside,
    Stock,
    ValidationError,
)
from displacement.gazetteer import Gazetteer

IDPS = Population(PopulationCategory.IDPS)
SEPTEMBER = Period(date(2023, 9, 19), date(2023, 9, 30))


def stock(id: str, place: Place, count: int | None, *, as_of: date = date(2023, 6, 30), **kw: Any) -> Stock:
    return Stock(
        id,
        place=place,
        population=kw.pop("population", IDPS),
        count=None if count is None else Count(count),
        as_of=as_of,
        **kw,
    )


def flow(
    id: str,
    origin: Place,
    destination: Place,
    count: int | None,
    *,
    period: Period = SEPTEMBER,
    **kw: Any,
) -> Flow:
    return Flow(
        id,
        origin=origin,
        destination=destination,
        movement=kw.pop("movement", Movement.INTERNAL),
        metric=kw.pop("metric", Metric.NEW_DISPLACEMENTS),
        population=kw.pop("population", IDPS),
        count=None if count is None else Count(count),
        period=period,
        **kw,
    )


def dtm() -> Dataset:
    """DTM-like nested stocks: Somalia, two regions, and the districts of each."""
    return Dataset(
        stocks=[
            stock("som", Place("SOM"), 1000),
            stock("bay", Place("SOM", admin1="SO24"), 600),
            stock("mudug", Place("SOM", admin1="SO22"), 400),
            stock("baidoa", Place("SOM", admin2="SO2401"), 350),
            stock("burhakaba", Place("SOM", admin2="SO2402"), 250),
            stock("galkayo", Place("SOM", admin2="SO2201"), 400),
        ]
    )


class TestNestedStocks:
    def test_a_country_and_its_regions_and_districts_count_the_country_figure_once(self) -> None:
        [total] = dtm().total("stocks", by=()).values()
        assert total.count == Count(1000)
        assert total.records == ("som",)
        assert total.set_aside == tuple(
            SetAside(r, Reason.BREAKDOWN, "som") for r in ("baidoa", "bay", "burhakaba", "galkayo", "mudug")
        )
        assert str(total) == "all: 1,000 people (1 record, 5 set aside)"
        assert str(total.set_aside[0]) == "baidoa: part of som's figure, for a place that contains its own"

    def test_stocks_where_within_finds_a_region_and_its_districts(self) -> None:
        ds = dtm()
        bay = Place("SOM", admin1="SO24")
        assert [s.id for s in ds.stocks_where(place=bay)] == ["bay"]
        assert [s.id for s in ds.stocks_where(place=bay, within=True)] == ["bay", "baidoa", "burhakaba"]
        assert len(ds.stocks_where(place=Place("SOM"), within=True)) == 6

    def test_by_place_is_the_country(self) -> None:
        assert dtm().total("stocks", by="place")["SOM"].count == Count(1000)

    def test_by_admin1_each_region_and_the_country_figure_in_none(self) -> None:
        totals = dtm().total("stocks", by="place.admin1")
        assert {k: t.count for k, t in totals.items()} == {
            ("SO22",): Count(400),
            ("SO24",): Count(600),
            (None,): Count(1000),  # the country figure is not placed in any region
        }
        assert totals["SO24"].records == ("bay",)
        assert [(s.record, s.kept) for s in totals["SO24"].set_aside] == [
            ("baidoa", "bay"),
            ("burhakaba", "bay"),
        ]

    def test_by_admin2_the_districts_and_the_coarser_figures_in_none(self) -> None:
        totals = dtm().total("stocks", by="place.admin2")
        assert {k: t.count for k, t in totals.items()} == {
            ("SO2201",): Count(400),
            ("SO2401",): Count(350),
            ("SO2402",): Count(250),
            (None,): Count(1000),
        }
        assert {s.record for s in totals[None].set_aside} == {"bay", "mudug"}

    def test_without_the_country_figure_the_regions_add(self) -> None:
        ds = Dataset(stocks=[s for s in dtm().stocks if s.id != "som"])
        [total] = ds.total("stocks", by=()).values()
        assert total.count == Count(1000)
        assert total.records == ("bay", "mudug")

    def test_other_populations_are_not_a_breakdown(self) -> None:
        refugees = Population(PopulationCategory.REFUGEES, nationality="ETH")
        ds = Dataset(
            stocks=[
                stock("som", Place("SOM"), 1000),
                stock("bay", Place("SOM", admin1="SO24"), 600, population=refugees),
            ]
        )
        [total] = ds.total("stocks", by=()).values()
        assert total.count == Count(1600)
        assert total.set_aside == ()

    def test_a_figure_without_a_number_does_not_take_in_its_parts(self) -> None:
        # "IDPs in Somalia, number unknown" and 600 in Bay: at least 600, no upper bound
        ds = Dataset(
            stocks=[stock("som", Place("SOM"), None), stock("bay", Place("SOM", admin1="SO24"), 600)]
        )
        [total] = ds.total("stocks", by=()).values()
        assert str(total.count) == "at least 600 people"
        assert total.records == ("bay",)
        assert total.unquantified == ("som",)

    def test_a_part_without_a_number_is_part_of_the_figure(self) -> None:
        ds = Dataset(
            stocks=[stock("som", Place("SOM"), 1000), stock("bay", Place("SOM", admin1="SO24"), None)]
        )
        [total] = ds.total("stocks", by=()).values()
        assert total.count == Count(1000)
        assert total.unquantified == ()
        assert total.set_aside == (SetAside("bay", Reason.BREAKDOWN, "som"),)


class TestBreakdownAboveItsFigure:
    """When the parts add to more than the whole, the whole stands and the total says so."""

    def test_the_coarser_figure_stands_and_is_named(self) -> None:
        ds = Dataset(
            stocks=[
                stock("som", Place("SOM"), 1000),
                stock("bay", Place("SOM", admin1="SO24"), 700),
                stock("mudug", Place("SOM", admin1="SO22"), 400),
            ]
        )
        [total] = ds.total("stocks", by=()).values()
        assert total.count == Count(1000)
        assert total.below_breakdown == ("som",)
        assert str(total) == "all: 1,000 people (1 record, 2 set aside, 1 below its breakdown)"

    def test_only_the_next_level_down_is_compared(self) -> None:
        # the districts add to their regions: comparing them with the country too would count
        # each person twice (1,000 + 1,000 > 1,000)
        [total] = dtm().total("stocks", by=()).values()
        assert total.below_breakdown == ()

    def test_a_district_above_its_region(self) -> None:
        ds = Dataset(
            stocks=[
                stock("som", Place("SOM"), 1000),
                stock("bay", Place("SOM", admin1="SO24"), 600),
                stock("baidoa", Place("SOM", admin2="SO2401"), 650),
            ]
        )
        [total] = ds.total("stocks", by=()).values()
        assert total.count == Count(1000)
        assert total.below_breakdown == ("bay",)

    def test_a_breakdown_whose_upper_bound_is_above_is_not_flagged(self) -> None:
        ds = Dataset(
            stocks=[
                stock("som", Place("SOM"), 1000),
                Stock(
                    "bay",
                    place=Place("SOM", admin1="SO24"),
                    population=IDPS,
                    count=Count.parse("more than 900"),
                    as_of=date(2023, 6, 30),
                ),
            ]
        )
        [total] = ds.total("stocks", by=()).values()
        assert total.below_breakdown == ()
        assert total.count == Count(1000)


class TestNamedAreas:
    """The 2023 exodus from Nagorno-Karabakh (an area with no code of its own) into Armenia."""

    def test_two_named_villages_in_one_country_are_two_places(self) -> None:
        ds = Dataset(
            flows=[
                flow("a", Place("AZE", name="Village A"), Place("ARM"), 5000, movement=Movement.CROSS_BORDER),
                flow("b", Place("AZE", name="Village B"), Place("ARM"), 3000, movement=Movement.CROSS_BORDER),
            ]
        )
        total = ds.total(by="origin")["AZE"]
        assert total.count == Count(8000)
        assert str(total) == "AZE: 8,000 people (2 records)"

    def test_a_named_area_is_a_breakdown_of_its_country(self) -> None:
        ds = Dataset(
            flows=[
                flow("aze", Place("AZE"), Place("ARM"), 100_000, movement=Movement.CROSS_BORDER),
                flow(
                    "nk",
                    Place("AZE", name="Nagorno-Karabakh"),
                    Place("ARM"),
                    90_000,
                    movement=Movement.CROSS_BORDER,
                ),
            ]
        )
        total = ds.total()["AZE", "ARM"]
        assert total.count == Count(100_000)
        assert total.set_aside == (SetAside("nk", Reason.BREAKDOWN, "aze"),)

    def test_code_systems_are_not_matched_to_each_other(self) -> None:
        # SO-BY (ISO 3166-2) and SO24 (OCHA) both name Bay; the library does not guess that
        ds = Dataset(
            stocks=[
                stock("iso", Place("SOM", subdivision="SO-BY"), 600),
                stock("ocha", Place("SOM", admin1="SO24"), 600),
            ]
        )
        [total] = ds.total("stocks", by=()).values()
        assert total.count == Count(1200)
        assert total.set_aside == ()


class TestFlows:
    som, bay, mudug = Place("SOM"), Place("SOM", admin1="SO24"), Place("SOM", admin1="SO22")
    baidoa, galkayo = Place("SOM", admin2="SO2401"), Place("SOM", admin2="SO2201")

    def test_origin_within_origin_and_destination_within_destination(self) -> None:
        ds = Dataset(
            flows=[
                flow("all", self.som, self.som, 5000),
                flow("d2d", self.galkayo, self.baidoa, 2000),
                flow("r2d", self.mudug, self.baidoa, 1000),
            ]
        )
        [total] = ds.total(by=()).values()
        assert total.count == Count(5000)
        assert [(s.record, s.reason, s.kept) for s in total.set_aside] == [
            ("d2d", Reason.BREAKDOWN, "all"),
            ("r2d", Reason.BREAKDOWN, "all"),
        ]

    def test_crossed_levels_are_not_within_each_other(self) -> None:
        # from Bay to anywhere in Somalia, and from anywhere in Somalia to Mudug: neither holds the other
        ds = Dataset(flows=[flow("a", self.bay, self.som, 300), flow("b", self.som, self.mudug, 200)])
        [total] = ds.total(by=()).values()
        assert total.count == Count(500)

    def test_periods_that_do_not_overlap_are_not_a_breakdown(self) -> None:
        ds = Dataset(
            flows=[
                flow("jan", self.som, self.som, 5000, period=Period(date(2023, 1, 1), date(2023, 1, 31))),
                flow(
                    "mar", self.galkayo, self.baidoa, 2000, period=Period(date(2023, 3, 1), date(2023, 3, 31))
                ),
                flow(
                    "in-jan",
                    self.galkayo,
                    self.baidoa,
                    700,
                    period=Period(date(2023, 1, 8), date(2023, 1, 14)),
                ),
            ]
        )
        [total] = ds.total(by=()).values()
        assert total.count == Count(7000)
        assert total.set_aside == (SetAside("in-jan", Reason.BREAKDOWN, "jan"),)

    def test_other_metrics_are_not_a_breakdown(self) -> None:
        ds = Dataset(
            flows=[
                flow("a", self.som, self.som, 5000),
                flow("b", self.galkayo, self.baidoa, 200, metric=Metric.ARRIVALS),
            ]
        )
        totals = ds.total(by="metric")
        assert [t.set_aside for t in totals.values()] == [(), ()]

    def test_by_destination_admin1_rolls_districts_up(self) -> None:
        ds = Dataset(
            flows=[
                flow("a", self.galkayo, self.baidoa, 2000),
                flow("b", self.galkayo, Place("SOM", admin2="SO2402"), 500),
                flow("c", self.bay, self.galkayo, 300),
                flow("d", self.som, self.som, 100),
            ]
        )
        totals = ds.total(by="destination.admin1")
        assert {k: t.count for k, t in totals.items()} == {
            ("SO22",): Count(300),
            ("SO24",): Count(2500),
            (None,): Count(100),
        }
        # and by both levels of the origin: a key per (region, district)
        totals = ds.total(by=("origin.admin1", "origin.admin2"))
        assert {k: t.count for k, t in totals.items()} == {
            ("SO22", "SO2201"): Count(2500),
            ("SO24", None): Count(300),
            (None, None): Count(100),
        }

    def test_by_an_unknown_level_names_the_levels(self) -> None:
        with pytest.raises(ValidationError) as caught:
            Dataset(flows=[flow("a", self.som, self.som, 1)]).total(by="origin.admin4")
        message = str(caught.value)
        assert "flows cannot be grouped by 'origin.admin4'" in message
        assert "origin.admin1, origin.admin2, origin.admin3" in message
        assert "destination.subdivision, destination.admin1" in message


# -- properties on real gazetteer units ---------------------------------------------------------

_SOMALIA = Gazetteer.ocha()
REGIONS = sorted(u.code for u in _SOMALIA if u.country == "SOM" and u.level == 1)
DISTRICTS = {r: sorted(u.code for u in _SOMALIA if u.parent == r) for r in REGIONS}


def split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """*total* split into *parts* non-negative whole numbers."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@st.composite
def nested_stocks(draw: st.DrawFn) -> tuple[int, dict[str, int], list[Stock]]:
    """A country figure, a split of it into regions, and a split of some regions into districts."""
    country = draw(st.integers(0, 10**7))
    regions = draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=6, unique=True))
    stocks = [stock("SOM", Place("SOM"), country)]
    by_region = dict(zip(regions, split(draw, country, len(regions)), strict=True))
    for region, figure in by_region.items():
        stocks.append(stock(region, Place("SOM", admin1=region), figure))
        if draw(st.booleans()) and DISTRICTS[region]:
            districts = draw(
                st.lists(st.sampled_from(DISTRICTS[region]), min_size=1, max_size=4, unique=True)
            )
            for district, part in zip(districts, split(draw, figure, len(districts)), strict=True):
                stocks.append(stock(district, Place("SOM", admin2=district), part))
    return country, by_region, stocks


class TestNestedProperties:
    @settings(max_examples=40)
    @given(nested_stocks(), st.randoms(use_true_random=False))
    def test_a_total_over_every_level_is_the_country_figure(
        self, drawn: tuple[int, dict[str, int], list[Stock]], rnd: random.Random
    ) -> None:
        country, by_region, stocks = drawn
        totals = Dataset(stocks=stocks).total("stocks", by=())
        assert totals[()].count == Count(country)
        assert totals[()].records == ("SOM",)
        assert totals[()].below_breakdown == ()
        by_admin1 = Dataset(stocks=stocks).total("stocks", by="place.admin1")
        assert {k: t.count for k, t in by_admin1.items()} == {
            **{(r,): Count(n) for r, n in by_region.items()},
            (None,): Count(country),
        }
        # the order of the records never changes a total
        shuffled = list(stocks)
        rnd.shuffle(shuffled)
        for by in ((), "place.admin1", "place.admin2"):
            assert dict(Dataset(stocks=shuffled).total("stocks", by=by)) == dict(
                Dataset(stocks=stocks).total("stocks", by=by)
            )


class TestWithReconciliation:
    def test_the_kept_record_is_the_one_the_policy_chose(self) -> None:
        som, baidoa = Place("SOM"), Place("SOM", admin2="SO2401")
        ds = Dataset(
            stocks=[
                stock("som-2022", som, 900, as_of=date(2022, 12, 31)),
                stock("som-2023", som, 1000),
                stock("baidoa", baidoa, 350),
                stock("baidoa-old", baidoa, 300, as_of=date(2022, 12, 31)),
            ]
        )
        [total] = ds.total("stocks", by=()).values()
        assert total.count == Count(1000)
        assert total.records == ("som-2023",)
        assert {s.record: (s.reason, s.kept) for s in total.set_aside} == {
            "som-2022": (Reason.SUPERSEDED, "som-2023"),
            "baidoa": (Reason.BREAKDOWN, "som-2023"),
            "baidoa-old": (Reason.SUPERSEDED, "baidoa"),
        }

    def test_by_year_a_figure_contains_only_its_own_years_parts(self) -> None:
        som, bay = Place("SOM"), Place("SOM", admin1="SO24")
        ds = Dataset(
            stocks=[
                stock("som-2022", som, 900, as_of=date(2022, 12, 31)),
                stock("bay-2022", bay, 500, as_of=date(2022, 12, 31)),
                stock("bay-2023", bay, 600),
            ]
        )
        totals = ds.total("stocks", by="year")
        assert totals[2022].count == Count(900)
        assert totals[2023].count == Count(600)
        assert totals[2023].set_aside == ()


class TestFastPath:
    def test_a_table_with_no_place_inside_another_skips_the_rule(self) -> None:
        from displacement import _tally

        flat = Dataset(stocks=[s for s in dtm().stocks if s.place.level == 2])
        assert _tally._table(flat, "stocks").nesting is None
        nested = _tally._table(dtm(), "stocks").nesting
        assert nested is not None
        # Somalia holds every region and district of the table; each region holds its districts
        places = _tally._table(dtm(), "stocks").places["place"]
        containers = {places[i].identity: {places[j] for j in c} for i, c in enumerate(nested.containers[0])}
        assert containers[Place("SOM", admin2="SO2401").identity] == {
            Place("SOM"),
            Place("SOM", admin1="SO24"),
        }
        assert containers[Place("SOM").identity] == set()
