"""What a figure counts (issue 16): measures and terms, cause kinds, via places, and breakdowns of a
population by sex, age, settlement, camps and disability that do not overlap and fit the whole."""

from __future__ import annotations

from typing import Any

import pytest

from displacement import (
    Attribution,
    CauseKind,
    Cohort,
    Count,
    Event,
    EventKind,
    Figure,
    Flow,
    Measure,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Qualifier,
    Settlement,
    Sex,
    ValidationError,
)

CITED = [Attribution("source-0")]


def refused(build: Any) -> str:
    with pytest.raises(ValidationError) as error:
        build()
    return str(error.value)


def flow(count: Count | None, *cells: Cohort, **changes: Any) -> Flow:
    return Flow(
        "flow-0",
        origin=Place("AZE", name="Nagorno-Karabakh"),
        destination=Place("ARM"),
        movement=Movement.CROSS_BORDER,
        period=Period(),
        count=count,
        metric=Metric.ARRIVALS,
        population=Population(PopulationCategory.REFUGEES, cohorts=cells),
        **changes,
    )


# -- measures and terms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "unit"),
    [
        (Measure.KILLED, "person"),
        (Measure.INJURED, "person"),
        (Measure.MISSING, "person"),
        (Measure.ARRESTED, "person"),
        (Measure.HOMES_DESTROYED, "household"),
        (Measure.HOMES_DAMAGED, "household"),
        (Measure.NEW_DISPLACEMENTS, None),
        (Measure.EVACUATED, None),
        (Measure.AFFECTED, None),
    ],
)
def test_a_measure_says_the_unit_it_is_counted_in(measure: Measure, unit: str | None) -> None:
    assert measure.unit == unit
    if unit is not None:
        assert Figure("x", Count(5, unit), attributions=CITED, measure=measure).measure is measure
        other = "household" if unit == "person" else "person"
        assert refused(lambda: Figure("x", Count(5, other), attributions=CITED, measure=measure)) == (
            f"measure: {measure.value} is counted in {unit}s, but the count is in {other}s (5 {other}s)"
            if other == "household"
            else f"measure: {measure.value} is counted in {unit}s, but the count is in {other}s (5 people)"
        )
    else:
        for either in ("person", "household"):
            assert Figure("x", Count(5, either), attributions=CITED, measure=measure).count == Count(
                5, either
            )


def test_a_figure_without_a_count_takes_any_measure() -> None:
    toll = Figure("killed at the fuel depot", None, attributions=CITED, measure=Measure.KILLED, term="killed")
    assert (toll.measure, toll.term) == (Measure.KILLED, "killed")


def test_a_measure_given_as_a_string_is_refused_with_the_way_to_write_it() -> None:
    assert refused(lambda: Figure("x", Count(5), attributions=CITED, measure="killed")).endswith(
        "got 'killed' (str) (use Measure('killed'))"
    )


@pytest.mark.parametrize(
    ("term", "measure"),
    [
        ("In relief camp", Measure.SHELTERED),
        ("destroyed housing", Measure.HOMES_DESTROYED),
        ("  fled ", Measure.NEW_DISPLACEMENTS),
        ("IDPs", Measure.DISPLACED),
        ("evacuated", Measure.EVACUATED),
        ("counted", None),
    ],
)
def test_of_term_reads_a_sources_words(term: str, measure: Measure | None) -> None:
    assert Measure.of_term(term) is measure


def test_of_term_refuses_what_is_not_text() -> None:
    assert refused(lambda: Measure.of_term(5)) == "term: expected a source's term (a string), got 5 (int)"


# -- cause kinds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "implied"),
    [
        (EventKind.DISASTER, CauseKind.DISASTER),
        (EventKind.ARMED_CONFLICT, CauseKind.CONFLICT),
        (EventKind.VIOLENT_CLASH, CauseKind.CONFLICT),
    ],
)
def test_a_kind_fills_in_its_cause_kind_and_refuses_another(kind: EventKind, implied: CauseKind) -> None:
    assert Event("e", kind, "x", period=Period()).cause_kind is implied
    assert Event("e", kind, "x", period=Period(), cause_kind=implied).cause_kind is implied
    for other in CauseKind:
        if other is not implied:
            assert refused(lambda o=other: Event("e", kind, "x", period=Period(), cause_kind=o)) == (
                f"cause_kind: an event of kind {kind.value!r} drives {implied.value} displacement, not {other.value}"
            )


def test_other_kinds_say_their_own_cause_kind_or_none() -> None:
    assert Event("e", EventKind.OTHER, "x", period=Period()).cause_kind is None
    for kind in CauseKind:
        assert Event("e", EventKind.BLOCKADE, "x", period=Period(), cause_kind=kind).cause_kind is kind
    assert refused(lambda: Event("e", EventKind.OTHER, "x", period=Period(), cause_kind="war")) == (
        "cause_kind: expected a CauseKind (CONFLICT, DISASTER, OTHER), got 'war' (str)"
    )


def test_flows_record_a_cause_kind() -> None:
    assert flow(Count(100), cause_kind=CauseKind.CONFLICT).cause_kind is CauseKind.CONFLICT
    assert refused(lambda: flow(Count(100), cause_kind="conflict")) == (
        "cause_kind: expected a CauseKind (CONFLICT, DISASTER, OTHER), got 'conflict' (str) "
        "(use CauseKind('conflict'))"
    )


# -- via --------------------------------------------------------------------------------------


def test_via_keeps_the_places_on_the_way_in_order() -> None:
    lachin = Place("AZE", name="Lachin corridor")
    goris = Place("ARM", name="Goris")
    assert flow(Count(100), via=[lachin, goris]).via == (lachin, goris)
    assert flow(Count(100)).via == ()


def test_via_refuses_what_is_not_places() -> None:
    assert (
        refused(lambda: flow(Count(100), via="AZE")) == "via: expected a sequence of Place, got 'AZE' (str)"
    )
    assert refused(lambda: flow(Count(100), via=[5])) == "via[0]: expected a Place, got 5 (int)"


# -- cohorts and breakdowns ---------------------------------------------------------------------


def test_the_issues_example_is_refused_for_both_reasons() -> None:
    """A flow of 100 people with two female cohorts of 5,000, aged 0-17 and 10-40: the cells
    overlap (ages 10 to 17 are in both), and even apart they hold more than the whole."""
    girls = Cohort(Sex.FEMALE, 0, 17, Count(5000))
    women = Cohort(Sex.FEMALE, 10, 40, Count(5000))
    assert refused(lambda: flow(Count(100), girls, women)) == (
        "cohorts[1]: overlaps cohorts[0] in one breakdown (female aged 0 to 17: 5,000 people and "
        "female aged 10 to 40: 5,000 people): the cells of a breakdown count different people"
    )
    apart = Cohort(Sex.FEMALE, 18, 40, Count(5000))
    assert refused(lambda: flow(Count(100), girls, apart)) == (
        "population.cohorts[1].count: cohorts[0] and cohorts[1] (by sex, age) count at least 10,000 "
        "persons, more than the whole can be (100 people)"
    )


def test_cells_of_different_breakdowns_may_overlap() -> None:
    by_sex = [Cohort(Sex.FEMALE, None, None, Count(60)), Cohort(Sex.MALE, None, None, Count(40))]
    by_camp = [
        Cohort(None, None, None, Count(70), in_camp=True),
        Cohort(None, None, None, Count(30), in_camp=False),
    ]
    by_settlement = [Cohort(None, None, None, Count(90), settlement=Settlement.URBAN)]
    cells = flow(Count(100), *by_sex, *by_camp, *by_settlement).population.cohorts
    assert [c.dimensions for c in cells] == [("sex",), ("sex",), ("in_camp",), ("in_camp",), ("settlement",)]


def test_cells_differing_in_any_dimension_do_not_overlap() -> None:
    urban = Cohort(Sex.FEMALE, 0, 17, Count(5), settlement=Settlement.URBAN)
    rural = Cohort(Sex.FEMALE, 0, 17, Count(5), settlement=Settlement.RURAL)
    assert not urban.overlaps(rural)
    assert urban.overlaps(Cohort(None, 10, None, Count(5)))  # None is everyone
    assert str(urban) == "female aged 0 to 17 urban: 5 people"
    assert str(Cohort(None, None, None, Count(5), in_camp=False, disability=True)) == (
        "out of camps with disabilities: 5 people"
    )


def test_fit_follows_the_intervals_of_counts() -> None:
    more_than_9000 = Count(9000, qualifier=Qualifier.MORE_THAN)
    about_5000 = Cohort(Sex.FEMALE, None, None, Count(5000, qualifier=Qualifier.APPROXIMATE))
    assert flow(more_than_9000, about_5000).population.cohorts == (about_5000,)
    over_60 = Cohort(Sex.FEMALE, None, None, Count(60, qualifier=Qualifier.MORE_THAN))
    over_50 = Cohort(Sex.MALE, None, None, Count(50, qualifier=Qualifier.MORE_THAN))
    assert refused(lambda: flow(Count(100, qualifier=Qualifier.AT_MOST), over_60, over_50)) == (
        "population.cohorts[1].count: cohorts[0] and cohorts[1] (by sex) count more than 110 persons, "
        "more than the whole can be (at most 100 people)"
    )
    exactly_5 = Cohort(Sex.FEMALE, None, None, Count(5))
    assert refused(lambda: flow(Count(5, qualifier=Qualifier.LESS_THAN), exactly_5)) == (
        "population.cohorts[0].count: cohorts[0] (by sex) count at least 5 persons, more than the "
        "whole can be (less than 5 people)"
    )
    assert flow(Count(5), exactly_5).count == Count(5)  # all of them is fine


def test_an_unquantified_whole_holds_anything() -> None:
    huge = Cohort(Sex.FEMALE, None, None, Count(10**9))
    assert flow(None, huge).population.cohorts == (huge,)


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            lambda: Cohort(None, None, None, Count(5), in_camp="yes"),
            "in_camp: expected true, false or None, got 'yes' (str)",
        ),
        (
            lambda: Cohort(None, None, None, Count(5), settlement="town"),
            "settlement: expected a Settlement (URBAN, RURAL), got 'town' (str)",
        ),
        (lambda: Cohort(None, None, None, 5), "count: expected a Count, got 5 (int)"),
        (
            lambda: Population(
                PopulationCategory.REFUGEES,
                cohorts=[
                    Cohort(Sex.FEMALE, 0, 17, Count(5)),
                    Cohort(Sex.MALE, 10, 40, Count(5, "household")),
                ],
            ),
            "cohorts[1].count: counts households, but cohorts[0] counts persons: the cells of a "
            "population count one thing",
        ),
        (
            lambda: flow(Count(100), Cohort(Sex.FEMALE, None, None, Count(10, "household"))),
            "population.cohorts[0].count: counts households, but the whole counts persons (100 people): "
            "the parts of a whole count what it counts",
        ),
    ],
)
def test_odd_cohorts_are_refused_saying_where_and_what(build: Any, expected: str) -> None:
    assert refused(build) == expected
