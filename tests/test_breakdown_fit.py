"""The edges of the fit rule (issue 16): a breakdown's lowest sum against the whole's top, bounds
that are excluded ("more than" a cell, "less than" a whole), units and rates, stocks as flows, and
what a wrong count or a long breakdown says."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from displacement import (
    Cohort,
    Count,
    Flow,
    Hazard,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Qualifier,
    Sex,
    Stock,
    ValidationError,
)


def refused(build: Any) -> str:
    with pytest.raises(ValidationError) as error:
        build()
    return str(error.value)


def flow(count: Any, *cells: Cohort) -> Flow:
    return Flow(
        "lachin",
        origin=Place("AZE", name="Nagorno-Karabakh"),
        destination=Place("ARM"),
        movement=Movement.CROSS_BORDER,
        period=Period(date(2023, 9, 24), date(2023, 9, 30)),
        count=count,
        metric=Metric.ARRIVALS,
        population=Population(PopulationCategory.REFUGEES, cohorts=cells),
    )


def by_sex(female: Count, male: Count) -> tuple[Cohort, Cohort]:
    return Cohort(Sex.FEMALE, None, None, female), Cohort(Sex.MALE, None, None, male)


def test_two_cells_of_more_than_half_do_not_fit_at_most_the_whole() -> None:
    # their lowest sum is 100, but "more than": every true sum is above 100
    over_50 = Count(50, qualifier=Qualifier.MORE_THAN)
    assert refused(lambda: flow(Count(100, qualifier=Qualifier.AT_MOST), *by_sex(over_50, over_50))) == (
        "population.cohorts[1].count: cohorts[0] and cohorts[1] (by sex) count more than 100 persons, "
        "more than the whole can be (at most 100 people)"
    )
    at_least_50 = Count(50, qualifier=Qualifier.AT_LEAST)
    fits = flow(Count(100, qualifier=Qualifier.AT_MOST), *by_sex(at_least_50, at_least_50))
    assert fits.population.cohorts[0].count == at_least_50


def test_cells_whose_lowest_value_is_zero_fit_any_whole() -> None:
    up_to = Count(10**6, qualifier=Qualifier.AT_MOST)
    under = Count(10**6, qualifier=Qualifier.LESS_THAN)
    assert flow(Count(1), *by_sex(up_to, under)).count == Count(1)


def test_a_range_whole_holds_up_to_its_top() -> None:
    whole = Count(90, qualifier=Qualifier.RANGE, upper=110)
    assert flow(whole, *by_sex(Count(60), Count(50))).count == whole
    assert refused(lambda: flow(whole, *by_sex(Count(60), Count(51)))) == (
        "population.cohorts[1].count: cohorts[0] and cohorts[1] (by sex) count at least 111 persons, "
        "more than the whole can be (between 90 and 110 people)"
    )


def test_cells_of_a_rate_are_rates_and_convert() -> None:
    per_day = Count(100, "person / day")
    # 630 a week is 90 a day: fits; 1,400 a week is 200 a day: does not
    assert flow(per_day, Cohort(Sex.FEMALE, None, None, Count(630, "person / week"))).count == per_day
    assert refused(lambda: flow(per_day, Cohort(Sex.FEMALE, None, None, Count(1400, "person / week")))) == (
        "population.cohorts[0].count: cohorts[0] (by sex) count at least 200.0 persons per day, more than "
        "the whole can be (100 people per day)"
    )
    assert refused(lambda: flow(per_day, Cohort(Sex.FEMALE, None, None, Count(50)))) == (
        "population.cohorts[0].count: counts persons, but the whole counts persons per day (100 people per "
        "day): the parts of a whole count what it counts"
    )


def test_a_population_counts_one_unit_rates_included() -> None:
    cells = [Cohort(Sex.FEMALE, None, None, Count(5)), Cohort(Sex.MALE, None, None, Count(5, "person / day"))]
    assert refused(lambda: Population(PopulationCategory.REFUGEES, cohorts=cells)) == (
        "cohorts[1].count: counts persons per day, but cohorts[0] counts persons: the cells of a "
        "population count one thing"
    )


def test_a_stock_holds_its_breakdowns_to_its_count() -> None:
    cells = by_sex(Count(3000), Count(2500))
    stock = lambda count: Stock(  # noqa: E731
        "in-armenia",
        place=Place("ARM"),
        as_of=date(2023, 10, 1),
        count=count,
        population=Population(PopulationCategory.REFUGEES, cohorts=cells),
    )
    assert stock(Count(5500)).count == Count(5500)
    assert refused(lambda: stock(Count(5000))) == (
        "population.cohorts[1].count: cohorts[0] and cohorts[1] (by sex) count at least 5,500 persons, "
        "more than the whole can be (5,000 people)"
    )


def test_a_count_that_is_no_count_is_the_counts_error_not_the_breakdowns() -> None:
    # the breakdown check read .counts of a string: a bare AttributeError
    assert refused(lambda: flow("100", Cohort(Sex.FEMALE, None, None, Count(5)))) == (
        "count: expected a Count or None, got '100' (str)"
    )


def test_a_long_breakdown_is_named_in_a_bounded_message() -> None:
    cells = [Cohort(None, age, age, Count(1)) for age in range(150)]
    message = refused(lambda: flow(Count(100), *cells))
    assert message == (
        "population.cohorts[149].count: cohorts[0], cohorts[1] ... cohorts[149] (150 cells) (by age) count "
        "at least 150 persons, more than the whole can be (100 people)"
    )


def test_overlaps_and_within_refuse_what_they_cannot_compare() -> None:
    # both read attributes of their argument: a bare AttributeError on a string or None
    assert refused(lambda: Cohort(None, 0, 17, Count(1)).overlaps(None)) == (  # type: ignore[arg-type]
        "other: overlaps() takes a Cohort, got None (NoneType)"
    )
    assert refused(lambda: Hazard(type="Storm").within("storm")) == (  # type: ignore[arg-type]
        "other: within() takes a Hazard (Hazard.parse(...) reads a name), got 'storm' (str)"
    )
    assert Hazard(type="Storm").within(Hazard.parse("storm")) is False  # Storm > Storm is finer
    assert Hazard.parse("storm").within(Hazard(type="Storm")) is True
