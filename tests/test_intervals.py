"""Counts as intervals (sums, comparisons, rounding), household sizes, and rates over periods."""

from __future__ import annotations

import math
import pickle
import warnings
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import (
    Count,
    DisplacementError,
    Flow,
    HouseholdSizes,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    PrecisionWarning,
    Qualifier,
    UnitError,
    ValidationError,
    ureg,
)

Q = Qualifier


def c(
    value: float, qualifier: Qualifier = Q.EXACT, upper: float | None = None, unit: str = "person"
) -> Count:
    return Count(value, unit, qualifier, upper)


class TestAddition:
    def test_the_issues_example(self) -> None:
        total = c(98000, Q.MORE_THAN) + c(5000, Q.APPROXIMATE)
        assert total == c(103000, Q.MORE_THAN)
        assert total.bound_magnitudes == (103000, None)

    @pytest.mark.parametrize(
        ("a", "b", "expected"),
        [
            (c(10), c(5), c(15)),
            (c(10), c(5, Q.APPROXIMATE), c(15, Q.APPROXIMATE)),
            (c(10, Q.APPROXIMATE), c(5, Q.APPROXIMATE), c(15, Q.APPROXIMATE)),
            (c(10), c(5, Q.AT_LEAST), c(15, Q.AT_LEAST)),
            (c(10), c(5, Q.MORE_THAN), c(15, Q.MORE_THAN)),
            (c(10, Q.AT_LEAST), c(5, Q.MORE_THAN), c(15, Q.MORE_THAN)),
            (c(10, Q.APPROXIMATE), c(5, Q.AT_LEAST), c(15, Q.AT_LEAST)),
            (c(10, Q.AT_LEAST), c(5, Q.AT_MOST), c(10, Q.AT_LEAST)),
            (c(10), c(5, Q.AT_MOST), c(10, Q.RANGE, 15)),
            (c(10), c(5, Q.LESS_THAN), c(10, Q.RANGE, 15)),
            (c(10, Q.AT_MOST), c(5, Q.AT_MOST), c(15, Q.AT_MOST)),
            (c(10, Q.AT_MOST), c(5, Q.LESS_THAN), c(15, Q.LESS_THAN)),
            (c(0), c(5, Q.LESS_THAN), c(5, Q.LESS_THAN)),
            (c(10), c(5, Q.RANGE, 8), c(15, Q.RANGE, 18)),
            (c(10, Q.APPROXIMATE), c(5, Q.RANGE, 8), c(15, Q.RANGE, 18)),
            (c(1, Q.RANGE, 2), c(5, Q.RANGE, 8), c(6, Q.RANGE, 10)),
            (c(1, Q.RANGE, 2), c(5, Q.AT_MOST), c(1, Q.RANGE, 7)),
            (c(1, Q.RANGE, 2), c(5, Q.MORE_THAN), c(6, Q.MORE_THAN)),
        ],
    )
    def test_the_table(self, a: Count, b: Count, expected: Count) -> None:
        assert a + b == expected
        assert b + a == expected

    def test_sum(self) -> None:
        assert sum([c(1), c(2), c(3, Q.APPROXIMATE)]) == c(6, Q.APPROXIMATE)
        assert sum([c(7)]) == c(7)
        assert sum([c(1, unit="household"), c(2, unit="household")]) == c(3, unit="household")

    def test_rates_in_different_time_units(self) -> None:
        assert c(7, unit="person / week") + c(1, unit="person / day") == c(14.0, unit="person / week")

    def test_persons_and_households_need_a_size(self) -> None:
        with pytest.raises(UnitError, match="household size"):
            _ = c(5) + c(5, unit="household")
        with pytest.raises(UnitError, match="household size"):
            sum([c(5), c(5, unit="household")])
        assert c(5) + c(2, unit="household").to_persons(4) == c(13)

    def test_counts_and_rates_do_not_add(self) -> None:
        with pytest.raises(UnitError):
            _ = c(5) + c(5, unit="person / day")

    @pytest.mark.parametrize("other", [5, 1.5, True, "5 people", None, ureg.Quantity(5, "person")])
    def test_only_counts_add(self, other: Any) -> None:
        with pytest.raises(DisplacementError, match="make it a Count first"):
            _ = c(5) + other
        if not hasattr(other, "units"):  # a pint quantity handles `quantity + count` itself
            with pytest.raises(DisplacementError, match="make it a Count first"):
                _ = other + c(5)

    def test_household_size_survives_only_when_shared(self) -> None:
        a = Count(8, household_size=4)
        assert (a + Count(4, household_size=4)).household_size == 4
        assert (a + Count(4)).household_size is None


INTS = st.integers(min_value=0, max_value=10**9)


@st.composite
def counts(draw: st.DrawFn) -> Count:
    qualifier = draw(st.sampled_from(list(Qualifier)))
    value = draw(INTS.filter(lambda v: v > 0) if qualifier is Q.LESS_THAN else INTS)
    upper = draw(st.integers(min_value=value + 1, max_value=2 * 10**9)) if qualifier is Q.RANGE else None
    return Count(value, qualifier=qualifier, upper=upper)


def possible(draw: st.DrawFn, count: Count) -> float:
    """A true value the count allows (an approximate count stands for its value)."""
    q, v = count.qualifier, count.magnitude
    if q in (Q.EXACT, Q.APPROXIMATE):
        return v
    if q is Q.AT_LEAST:
        return v + draw(INTS)
    if q is Q.MORE_THAN:
        return v + draw(st.floats(min_value=1e-3, max_value=1e9))
    if q is Q.AT_MOST:
        return draw(st.floats(min_value=0, max_value=v))
    if q is Q.LESS_THAN:
        return draw(st.floats(min_value=0, max_value=v, exclude_max=v > 0)) if v > 0 else 0
    assert count.upper_magnitude is not None
    return draw(st.floats(min_value=v, max_value=count.upper_magnitude))


def admits(count: Count, x: float) -> bool:
    low, high = count.bound_magnitudes
    above = x > low if count.qualifier is Q.MORE_THAN else x >= low
    below = high is None or (x < high if count.qualifier is Q.LESS_THAN else x <= high)
    return above and below


class TestAlgebra:
    @given(counts(), counts())
    def test_commutative(self, a: Count, b: Count) -> None:
        assert a + b == b + a

    @given(counts(), counts(), counts())
    def test_associative(self, a: Count, b: Count, x: Count) -> None:
        assert (a + b) + x == a + (b + x)
        assert sum([a, b, x]) == a + b + x

    @given(st.data(), st.lists(counts(), min_size=1, max_size=5))
    def test_the_sum_contains_every_possible_total(self, data: st.DataObject, terms: list[Count]) -> None:
        true_total = sum(possible(data.draw, t) for t in terms)
        total = sum(terms)
        assert isinstance(total, Count)
        assert admits(total, true_total) or math.isclose(
            true_total, total.bound_magnitudes[0], rel_tol=1e-12
        ), (terms, true_total, total)

    @given(counts())
    def test_zero_is_neutral(self, a: Count) -> None:
        assert a + 0 == a == 0 + a
        assert (a + c(0)).bound_magnitudes == a.bound_magnitudes


class TestComparison:
    @pytest.mark.parametrize(
        ("a", "b", "lt", "le"),
        [
            (c(5), c(10), True, True),
            (c(10), c(10), False, True),
            (c(10), c(10, Q.MORE_THAN), True, True),
            (c(10, Q.LESS_THAN), c(10), True, True),
            (c(10, Q.AT_MOST), c(10), False, True),
            (c(5, Q.RANGE, 12), c(10), False, False),
            (c(5, Q.AT_LEAST), c(10), False, False),
            (c(98000, Q.MORE_THAN), c(200000, Q.MORE_THAN), False, False),
        ],
    )
    def test_certain_order(self, a: Count, b: Count, lt: bool, le: bool) -> None:
        assert (a < b, a <= b, b > a, b >= a) == (lt, le, lt, le)

    def test_overlapping_counts_are_neither_smaller_nor_larger(self) -> None:
        a, b = c(5, Q.RANGE, 12), c(10)
        assert [a < b, a > b, a <= b, a >= b] == [False] * 4

    def test_units(self) -> None:
        assert c(1, unit="person / day") < c(10, unit="person / week")
        with pytest.raises(UnitError):
            _ = c(1) < c(1, unit="household")
        with pytest.raises(DisplacementError, match="make it a Count first"):
            _ = c(1) < 5


class TestRound:
    def test_round(self) -> None:
        rate = Count(98000 / 7, "person / day", Q.RANGE, upper=98000 / 6)
        assert round(rate, 2) == Count(14000.0, "person / day", Q.RANGE, upper=16333.33)
        assert round(Count(2.6)) == Count(3)
        assert round(Count(1.001, qualifier=Q.RANGE, upper=1.002), 2) == Count(1.0, qualifier=Q.APPROXIMATE)
        assert round(Count(2.5, household_size=2.5), 0).household_size == 2.5


class TestHouseholdSize:
    def test_recorded_and_shown(self) -> None:
        p = Count(200, "households").to_persons(4.5)
        assert p.household_size == 4.5
        assert str(p) == "900 people (at 4.5 people per household)"
        assert repr(p) == "Count(900.0, household_size=4.5)"
        assert eval(repr(p), {"Count": Count}) == p
        assert pickle.loads(pickle.dumps(p)) == p
        assert attrs.evolve(p, value=1000).household_size == 4.5

    def test_pint_context(self) -> None:
        with ureg.context("household_size", size=5):
            assert Count(3, "household").to_persons() == Count(15.0, household_size=5.0)
        with pytest.raises(UnitError, match="household size"):
            Count(3, "household").to_persons()

    @pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, True, "4"])
    def test_validated(self, bad: Any) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(5, household_size=bad)
        assert exc.value.errors[0].path == "household_size"

    def test_only_on_persons(self) -> None:
        with pytest.raises(ValidationError, match="only a count of persons"):
            Count(5, "household", household_size=4)


class TestHouseholdSizes:
    def test_mapping(self) -> None:
        sizes = HouseholdSizes({"SYR": 4.9, "AFG": 7.4}, default=5, source="survey")
        assert dict(sizes) == {"AFG": 7.4, "SYR": 4.9}
        assert sizes.sizes == (("AFG", 7.4), ("SYR", 4.9))
        assert sizes["SYR"] == 4.9
        assert "KAZ" not in sizes
        assert len(sizes) == 2
        assert sizes.size(Place("AFG")) == 7.4
        assert sizes.size("KAZ") == 5
        assert sizes.to_persons(Count(10, "households"), "SYR") == Count(49.0, household_size=4.9)
        assert sizes == HouseholdSizes({"AFG": 7.4, "SYR": 4.9}, default=5, source="survey")
        assert hash(sizes) == hash(HouseholdSizes({"AFG": 7.4, "SYR": 4.9}, default=5, source="survey"))

    def test_missing(self) -> None:
        sizes = HouseholdSizes({"AFG": 7.4})
        with pytest.raises(UnitError, match="no household size for 'KAZ'"):
            sizes.size("KAZ")
        with pytest.raises(UnitError):
            sizes["KAZ"]
        with pytest.raises(KeyError):
            sizes["KAZ"]
        assert sizes.get("KAZ") is None

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"sizes": {"KZA": 4}}, "sizes['KZA']"),
            ({"sizes": {"KAZ": 0}}, "sizes['KAZ']"),
            ({"sizes": {"KAZ": "4"}}, "sizes['KAZ']"),
            ({"sizes": "KAZ"}, "sizes"),
            ({"sizes": ("KAZ",)}, "sizes"),
            ({"sizes": {"KAZ": 4}, "default": -1}, "default"),
        ],
    )
    def test_validation(self, kwargs: dict[str, Any], path: str) -> None:
        with pytest.raises(ValidationError) as exc:
            HouseholdSizes(**kwargs)
        assert exc.value.errors[0].path == path


def flow(count: Count | None, period: Period) -> Flow:
    return Flow(
        "f",
        origin=Place("RUS"),
        destination=Place("KAZ"),
        movement=Movement.CROSS_BORDER,
        population=Population(PopulationCategory.OTHERS),
        count=count,
        period=period,
        metric=Metric.CROSSINGS,
    )


class TestRates:
    def test_open_end_needs_an_as_of_date(self) -> None:
        open_period = Period(date(2022, 9, 21), None)
        with pytest.raises(DisplacementError, match="pass as_of"):
            flow(c(98000), open_period).rate()
        assert flow(c(98000), open_period).rate(as_of=date(2022, 9, 27)) == Count(14000.0, "person / day")

    def test_the_periods_own_as_of_date(self) -> None:
        since = Period(date(2022, 9, 21), None, as_of=date(2022, 9, 27), open_start=True)
        rate = flow(c(98000), since).rate()
        assert rate == Count(14000.0, "person / day", Q.RANGE, upper=98000 / 6)
        assert flow(c(98000), since).rate(as_of=date(2022, 9, 28)) == Count(
            98000 / 8, "person / day", Q.RANGE, upper=98000 / 7
        )

    def test_as_of_before_the_start(self) -> None:
        with pytest.raises(DisplacementError, match="before the start"):
            flow(c(5), Period(date(2022, 9, 21), None)).rate(as_of=date(2022, 9, 1))

    def test_as_of_is_for_open_periods(self) -> None:
        with pytest.raises(DisplacementError, match="only for open periods"):
            flow(c(5), Period(date(2022, 9, 21), date(2022, 9, 27))).rate(as_of=date(2022, 9, 25))
        closed = Period(date(2022, 9, 21), date(2022, 9, 27))
        assert flow(c(7), closed).rate(as_of=date(2022, 9, 27)) == Count(1.0, "person / day")

    def test_no_start(self) -> None:
        with pytest.raises(DisplacementError, match="no start date"):
            flow(c(5), Period(None, date(2022, 9, 27))).rate()

    def test_open_start_on_a_single_day_has_no_upper_bound(self) -> None:
        day = Period(date(2022, 9, 21), date(2022, 9, 21), open_start=True)
        assert flow(c(500), day).rate() == Count(500.0, "person / day", Q.AT_LEAST)
        assert flow(c(500, Q.AT_MOST), day).rate() == Count(0.0, "person / day", Q.AT_LEAST)

    def test_year_precision_says_so(self) -> None:
        f = flow(c(36500), Period.year(2022))
        with pytest.warns(PrecisionWarning, match="known only to the year"):
            rate = f.rate()
        assert rate == Count(100.0, "person / day")
        with pytest.warns(PrecisionWarning, match="known only to the month"):
            flow(c(31), Period.month(2022, 1)).rate()

    def test_day_precision_is_silent(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            flow(c(7), Period(date(2022, 9, 21), date(2022, 9, 27))).rate()
