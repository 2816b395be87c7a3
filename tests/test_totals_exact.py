"""Totals that are exact: ranges that hold every report, integer sums beyond 2**53, and the
place identity that totals share with `Dataset.flows_where` (issue 13)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from displacement import (
    Count,
    Dataset,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Policy,
    Population,
    PopulationCategory,
    Qualifier,
    Reason,
    SetAside,
    Stock,
    ValidationError,
)
from displacement.count import MAX_MAGNITUDE

Q = Qualifier


def flow(
    id: str,
    count: Count | None,
    *,
    origin: Place | None = None,
    start: int = 21,
    end: int = 27,
    **kw: Any,
) -> Flow:
    return Flow(
        id,
        origin=origin or Place("RUS"),
        destination=Place("KAZ"),
        count=count,
        period=Period(date(2022, 9, start), date(2022, 9, end)),
        movement=Movement.CROSS_BORDER,
        population=Population(PopulationCategory.OTHERS, nationality="RUS"),
        metric=Metric.CROSSINGS,
        **kw,
    )


def one(flows: list[Flow], policy: Policy = Policy.LATEST, by: Any = ()) -> Any:
    [total] = Dataset(flows=flows).total(by=by, policy=policy).values()
    return total


def bounds(count: Count, unit: str) -> tuple[Fraction, Fraction | None]:
    """The exact bounds of *count* in *unit* (only the per-day/per-week units used here)."""
    ratio = {("person / week", "person / day"): Fraction(1, 7)}.get((count.unit, unit), Fraction(1))
    low, high = count.bound_magnitudes
    return Fraction(low) * ratio, None if high is None else Fraction(high) * ratio


class TestRangeHoldsEveryReport:
    """`Policy.RANGE` gives the smallest range that holds every report, never a narrower one."""

    def test_bounds_in_another_unit_round_outward(self) -> None:
        reports = [Count(10, "person / day"), Count(103, "person / week")]  # 103 / 7 = 14.71
        total = one([flow("a", reports[0]), flow("b", reports[1])], Policy.RANGE)
        assert total.count == Count(10, "person / day", Q.RANGE, upper=15)
        assert str(total.count) == "between 10 and 15 people per day"
        low, high = total.count.bound_magnitudes
        for report in reports:
            report_low, report_high = bounds(report, "person / day")
            assert low <= report_low
            assert report_high is not None
            assert high is not None
            assert report_high <= high

    def test_float_reports_round_outward_to_the_next_float(self) -> None:
        reports = [Count(10.5, "person / day"), Count(103.3, "person / week")]
        total = one([flow("a", reports[0]), flow("b", reports[1])], Policy.RANGE)
        low, high = total.count.bound_magnitudes
        assert isinstance(high, float)
        assert low == 10.5
        assert Fraction(high) >= Fraction(103.3) / 7  # the float nearest 103.3 / 7 is below it

    def test_more_than_stays_more_than(self) -> None:
        total = one(
            [flow("a", Count(100_000, qualifier=Q.MORE_THAN)), flow("b", Count(100_514))], Policy.RANGE
        )
        assert total.count == Count(100_000, qualifier=Q.MORE_THAN)
        assert str(total.count) == "more than 100,000 people"

    def test_an_inclusive_report_at_the_bound_includes_it(self) -> None:
        flows = [
            flow("a", Count(100_000, qualifier=Q.MORE_THAN)),
            flow("b", Count(100_000, qualifier=Q.AT_LEAST)),
        ]
        assert one(flows, Policy.RANGE).count == Count(100_000, qualifier=Q.AT_LEAST)

    @pytest.mark.parametrize(
        ("upper", "expected"),
        [
            (Count(100, qualifier=Q.LESS_THAN), Count(100, qualifier=Q.LESS_THAN)),
            (Count(100, qualifier=Q.AT_MOST), Count(100, qualifier=Q.AT_MOST)),
        ],
    )
    def test_upper_bounds_keep_whether_they_are_excluded(self, upper: Count, expected: Count) -> None:
        assert one([flow("a", upper), flow("b", Count(50))], Policy.RANGE).count == expected

    def test_less_than_and_at_most_at_one_bound_is_at_most(self) -> None:
        flows = [flow("a", Count(100, qualifier=Q.LESS_THAN)), flow("b", Count(100, qualifier=Q.AT_MOST))]
        assert one(flows, Policy.RANGE).count == Count(100, qualifier=Q.AT_MOST)

    def test_equal_reports_one_of_them_approximate(self) -> None:
        flows = [flow("a", Count(5000)), flow("b", Count(5000, qualifier=Q.APPROXIMATE))]
        assert one(flows, Policy.RANGE).count == Count(5000, qualifier=Q.APPROXIMATE)

    def test_an_unquantified_report_under_range_is_set_aside_for_no_single_record(self) -> None:
        flows = [flow("a", Count(10)), flow("b", Count(12)), flow("c", None)]
        total = one(flows, Policy.RANGE)
        assert total.records == ("a", "b")
        assert total.set_aside == (SetAside("c", Reason.UNQUANTIFIED, None),)
        assert str(total.set_aside[0]) == (
            "c: gives no number, while other reports of the same fact do (their range is used)"
        )
        # under any other policy, the record kept is named
        latest = one(flows, Policy.MAXIMUM)
        assert SetAside("c", Reason.UNQUANTIFIED, "b") in latest.set_aside
        # and a range over a single report is that report, which is kept
        assert one([flow("a", Count(10)), flow("c", None)], Policy.RANGE).set_aside == (
            SetAside("c", Reason.UNQUANTIFIED, "a"),
        )


BIG = MAX_MAGNITUDE  # 2**53 - 1: every whole number up to it is exact in a float64


class TestExactIntegers:
    """Totals of whole numbers are exact up to the largest number a count holds, as `Count.__add__` is,
    and a total beyond it is refused, naming its group, as `Count.__add__` refuses it."""

    def test_a_sum_up_to_the_limit_keeps_its_units(self) -> None:
        flows = [flow("a", Count(BIG - 2)), flow("b", Count(2), start=1, end=5)]
        total = one(flows)
        assert total.count == Count(BIG) == Count(BIG - 2) + Count(2)
        assert total.records == ("a", "b")

    def test_a_sum_beyond_the_limit_is_refused_with_its_group(self) -> None:
        # as float64s, 2**53 - 1 plus 2 is 2**53: one short, and a count it cannot hold
        flows = [flow("a", Count(BIG)), flow("b", Count(2), start=1, end=5)]
        with pytest.raises(ValidationError, match=r"(?s)total of \(\)") as info:
            one(flows)
        assert "2**53 - 1" in str(info.value)
        with pytest.raises(ValidationError, match=r"2\*\*53 - 1"):
            Count(BIG) + Count(2)

    def test_bounds_up_to_the_limit(self) -> None:
        flows = [flow("a", Count(BIG - 3, qualifier=Q.AT_MOST)), flow("b", Count(2), start=1, end=5)]
        assert one(flows).count == Count(2, qualifier=Q.RANGE, upper=BIG - 1)

    def test_many_small_facts_up_to_the_limit(self) -> None:
        flows = [flow(f"f{i}", Count(BIG // 5), start=1 + 2 * i, end=2 + 2 * i) for i in range(5)]
        assert one(flows).count == Count(5 * (BIG // 5))

    def test_a_large_int_with_a_float(self) -> None:
        # below 2**51 a float64 holds halves exactly, so the sum is exact
        flows = [flow("a", Count(BIG // 8)), flow("b", Count(1.5), start=1, end=5)]
        low, high = one(flows).count.bound_magnitudes
        assert high is not None
        assert low <= Fraction(BIG // 8) + Fraction(1.5) <= high

    def test_maximum_compares_exactly(self) -> None:
        flows = [flow("a", Count(BIG), start=21), flow("b", Count(BIG - 1), start=20)]
        assert one(flows, Policy.MAXIMUM).count == Count(BIG)

    def test_range_near_the_limit(self) -> None:
        flows = [flow("a", Count(BIG - 2)), flow("b", Count(BIG))]
        assert one(flows, Policy.RANGE).count == Count(BIG - 2, qualifier=Q.RANGE, upper=BIG)

    def test_a_reconciled_fact_plus_another_near_the_limit(self) -> None:
        flows = [flow("a", Count(BIG - 2)), flow("b", Count(5)), flow("c", Count(2), start=1, end=5)]
        assert one(flows, Policy.MAXIMUM).count == Count(BIG)

    def test_a_unit_conversion_by_a_whole_factor_stays_whole(self) -> None:
        flows = [flow("a", Count(1, "person / week")), flow("b", Count(BIG // 7, "person / day"))]
        assert one(flows, Policy.MAXIMUM).count == Count(7 * (BIG // 7), "person / week")

    def test_mixed_units_add_exactly_then_round_once(self) -> None:
        flows = [flow("a", Count(10, "person / day")), flow("b", Count(103, "person / week"), start=1, end=5)]
        assert one(flows).count == Count(float(Fraction(173, 7)), "person / day")

    def test_increments_near_the_limit(self) -> None:
        def since(id: str, count: Count, end: int) -> Flow:
            return flow(id, count, start=1, end=end)

        steps = Dataset(flows=[since("a", Count(BIG - 5), 10), since("b", Count(BIG), 20)]).increments()
        assert [s.count for s in steps] == [Count(BIG - 5), Count(5)]

    def test_increments_in_another_unit_round_outward(self) -> None:
        def since(id: str, count: Count, end: int) -> Flow:
            return flow(id, count, start=1, end=end)

        a, b = Count(10, "person / day", Q.RANGE, upper=12), Count(100, "person / week", Q.RANGE, upper=110)
        [_, step] = Dataset(flows=[since("a", a, 10), since("b", b, 20)]).increments()
        low, high = step.count.bound_magnitudes
        assert high is not None
        assert Fraction(low) <= Fraction(100) - 12 * 7
        assert Fraction(high) >= Fraction(110) - 10 * 7


def named(id: str, name: str | None, **kw: Any) -> Flow:
    return flow(id, Count(4000), origin=Place("AZE", name=name), **kw)


class TestPlaceIdentity:
    """Totals tell places apart as `Place` equality and `Dataset.flows_where` do: `Place.identity`."""

    def test_two_named_villages_are_two_facts(self) -> None:
        ds = Dataset(flows=[named("a", "A"), named("b", "B")])
        total = ds.total(by="origin")["AZE"]
        assert total.key == ("AZE",)  # grouped by origin country
        assert total.count == Count(8000)
        assert total.records == ("a", "b")
        assert total.set_aside == ()
        assert str(total) == "AZE: 8,000 people (2 records)"

    def test_totals_and_flows_where_agree(self) -> None:
        places = [
            Place("AZE", name="A"),
            Place("AZE", name="B"),
            Place("AZE"),
            Place("AZE", lat=40.4, lon=49.9),
        ]
        flows = [flow(f"f{i}", Count(1000 * (i + 1)), origin=p) for i, p in enumerate(places)]
        flows.append(flow("again", Count(1500), origin=Place("AZE", name="A")))  # a second report of f0
        ds = Dataset(flows=flows)
        for place in places:
            chosen = {f.id for f in ds.flows_where(origin=place)}
            total = ds.total(by=(), where=lambda r, place=place: r.origin.identity == place.identity)
            [t] = total.values()
            assert set(t.records) | {s.record for s in t.set_aside} == chosen
        # Place("AZE") contains the named areas and the point: their figures are its breakdown
        total = ds.total(by="origin")["AZE"]
        assert total.count == Count(3000)
        assert total.records == ("f2",)
        assert {s.record: (s.reason, s.kept) for s in total.set_aside} == {
            "again": (Reason.BREAKDOWN, "f2"),
            "f0": (Reason.SAME_FACT, "again"),
            "f1": (Reason.BREAKDOWN, "f2"),
            "f3": (Reason.BREAKDOWN, "f2"),
        }
        # ... and flows_where(within=True) finds the same set: the place and what lies within it
        within = {f.id for f in ds.flows_where(origin=Place("AZE"), within=True)}
        assert within == set(total.records) | {s.record for s in total.set_aside}
        assert {f.id for f in ds.flows_where(origin=Place("AZE", name="A"), within=True)} == {"f0", "again"}

    def test_the_same_named_place_is_one_fact(self) -> None:
        total = one([named("a", "A"), named("b", "A", start=22, end=28)])
        assert total.records == ("b",)
        assert total.set_aside == (SetAside("a", Reason.SAME_FACT, "b"),)

    def test_stocks_at_two_named_places(self) -> None:
        def stock(id: str, name: str) -> Stock:
            return Stock(
                id,
                place=Place("AZE", name=name),
                population=Population(PopulationCategory.IDPS),
                count=Count(4000),
                as_of=date(2022, 12, 31),
            )

        ds = Dataset(stocks=[stock("a", "A"), stock("b", "B")])
        assert ds.total("stocks", by="place")["AZE"].count == Count(8000)
        assert [s.id for s in ds.stocks_where(place=Place("AZE", name="A"))] == ["a"]

    def test_increments_keep_the_places_apart(self) -> None:
        flows = [named("a", "A", start=1, end=10), named("b", "B", start=1, end=20)]
        assert [s.id for s in Dataset(flows=flows).increments()] == ["a", "b"]
