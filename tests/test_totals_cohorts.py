"""Totals broken down by the dimensions of cohorts: sex, age, settlement, camps, disability."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import displacement as d
from displacement import Cohort, Count, Period, Policy, Reason, SetAside, Sex

FEMALE, MALE = Sex.FEMALE, Sex.MALE


def stock(id: str, place: d.Place | str, count: str | None, cohorts: Sequence[Cohort] = ()) -> d.Stock:
    population = d.Population(d.PopulationCategory.REFUGEES, nationality="SYR", cohorts=cohorts)
    return d.Stock(
        id,
        place=place if isinstance(place, d.Place) else d.Place(place),
        population=population,
        count=None if count is None else Count.parse(count),
        as_of=date(2023, 12, 31),
    )


def cell(sex: Sex | None, low: int | None, high: int | None, n: str, **more: object) -> Cohort:
    return Cohort(sex, low, high, Count.parse(n), **more)  # type: ignore[arg-type]


REFUGEES = d.Dataset(
    stocks=[
        stock("tur", "TUR", "1000", [cell(FEMALE, None, None, "520"), cell(MALE, None, None, "430")]),
        stock("lbn", "LBN", "about 800", [cell(FEMALE, None, None, "400")]),
        stock("jor", "JOR", "more than 600"),
        stock("irq", "IRQ", "300", [cell(FEMALE, None, None, "at least 150"), cell(MALE, None, None, "100")]),
    ]
)


def shown(totals: d.Totals) -> list[str]:
    return [str(t) for t in totals.values()]


def test_each_cell_under_its_key_and_the_rest_under_none() -> None:
    assert shown(REFUGEES.total("stocks", by=("place", "sex"))) == [
        "IRQ, female: at least 150 people (1 record)",
        "IRQ, male: 100 people (1 record)",
        "IRQ, None: at most 50 people (1 record)",  # 300 less at least 150 and 100
        "JOR, None: more than 600 people (1 record)",  # no breakdown: whole under None
        "LBN, female: 400 people (1 record)",
        "LBN, None: about 400 people (1 record)",
        "TUR, female: 520 people (1 record)",
        "TUR, male: 430 people (1 record)",
        "TUR, None: 50 people (1 record)",
    ]
    by_sex = REFUGEES.total("stocks", by="sex")
    assert shown(by_sex) == [
        "female: at least 1,070 people (3 records)",
        "male: 530 people (2 records)",
        "None: more than 1,050 people (4 records)",
    ]
    assert by_sex[FEMALE].records == ("irq", "lbn", "tur")


def test_the_parts_add_up_to_the_whole_when_the_figures_are_exact() -> None:
    ds = d.Dataset(
        stocks=[
            stock("a", "TUR", "1000", [cell(FEMALE, None, None, "600"), cell(MALE, None, None, "300")]),
            stock("b", "LBN", "500", [cell(FEMALE, None, None, "250"), cell(MALE, None, None, "250")]),
        ]
    )
    whole = ds.total("stocks", by=())[()].count
    parts = ds.total("stocks", by="sex")
    assert whole is not None
    assert sum(t.count.magnitude for t in parts.values() if t.count is not None) == whole.magnitude == 1500
    assert list(parts) == [(FEMALE,), (MALE,), (None,)]  # b's cells cover it: only a's 100 is not broken down
    assert parts[None].records == ("a",)


def test_only_the_breakdown_of_exactly_the_requested_dimensions_is_used() -> None:
    # one record with a {sex} and a {sex, age} breakdown (they overlap: different breakdowns)
    cells = [
        cell(FEMALE, None, None, "60"),
        cell(MALE, None, None, "40"),
        cell(FEMALE, 0, 17, "25"),
        cell(FEMALE, 18, None, "30"),
        cell(None, None, None, "70", in_camp=True),
    ]
    ds = d.Dataset(stocks=[stock("s", "TUR", "100", cells)])
    assert shown(ds.total("stocks", by="sex")) == [
        "female: 60 people (1 record)",
        "male: 40 people (1 record)",
    ]
    assert shown(ds.total("stocks", by=("sex", "age"))) == [
        "female, 0-17: 25 people (1 record)",
        "female, 18+: 30 people (1 record)",
        "None, None: 45 people (1 record)",
    ]
    assert list(ds.total("stocks", by=("age", "sex"))) == [
        ((0, 17), FEMALE),
        ((18, None), FEMALE),
        (None, None),
    ]
    assert shown(ds.total("stocks", by="in_camp")) == [
        "True: 70 people (1 record)",
        "None: 30 people (1 record)",
    ]
    assert shown(ds.total("stocks", by="age")) == ["None: 100 people (1 record)"]  # no {age} breakdown
    by_age = d.Dataset(stocks=[stock("a", "TUR", "100", [cell(None, 0, 17, "40")])]).total("stocks", by="age")
    assert by_age[0, 17] is by_age[(0, 17),]  # one field: its bare value finds the group
    assert str(by_age[0, 17]) == "0-17: 40 people (1 record)"
    assert shown(ds.total("stocks", by="disability")) == ["None: 100 people (1 record)"]


def test_a_whole_without_a_number_keeps_its_cells() -> None:
    ds = d.Dataset(stocks=[stock("s", "TUR", None, [cell(FEMALE, None, None, "about 5,000")])])
    totals = ds.total("stocks", by="sex")
    assert shown(totals) == [
        "female: about 5,000 people (1 record)",
        "None: unquantified (0 records, 1 unquantified)",
    ]


def test_an_interval_whole_leaves_an_interval_rest() -> None:
    ds = d.Dataset(stocks=[stock("s", "TUR", "more than 9,000", [cell(FEMALE, None, None, "about 5,000")])])
    assert str(ds.total("stocks", by="sex")[None].count) == "more than 4,000 people"
    ranged = d.Dataset(
        stocks=[stock("s", "TUR", "between 100 and 200", [cell(FEMALE, None, None, "up to 50")])]
    )
    assert str(ranged.total("stocks", by="sex")[None].count) == "between 50 and 200 people"


def flow(id: str, count: str, end: int, cohorts: Sequence[Cohort] = ()) -> d.Flow:
    return d.Flow(
        id,
        origin=d.Place("RUS"),
        destination=d.Place("KAZ"),
        movement=d.Movement.CROSS_BORDER,
        population=d.Population(d.PopulationCategory.OTHERS, nationality="RUS", cohorts=cohorts),
        count=Count.parse(count),
        period=Period(date(2022, 9, 21), date(2022, 9, end), as_of=date(2022, 9, end), open_start=True),
        metric=d.Metric.CROSSINGS,
    )


def test_reports_of_one_fact_are_reconciled_before_the_breakdown() -> None:
    ds = d.Dataset(
        flows=[
            flow("early", "98,000", 27, [cell(MALE, None, None, "80,000")]),
            flow(
                "late", "200,000", 30, [cell(MALE, None, None, "150,000"), cell(FEMALE, None, None, "40,000")]
            ),
        ]
    )
    totals = ds.total(by=("destination", "sex"))
    assert shown(totals) == [
        "KAZ, female: 40,000 people (1 record)",
        "KAZ, male: 150,000 people (1 record)",
        "KAZ, None: 10,000 people (1 record, 1 set aside)",
    ]
    assert totals["KAZ", None].set_aside == (SetAside("early", Reason.SUPERSEDED, "late"),)
    # a range over several reports stands for no one record: it is not broken down
    same_day = d.Dataset(
        flows=[
            flow("a", "100", 27, [cell(MALE, None, None, "80")]),
            flow("b", "120", 27, [cell(MALE, None, None, "90")]),
        ]
    )
    assert shown(same_day.total(by="sex", policy=Policy.RANGE)) == [
        "None: between 100 and 120 people (2 records)"
    ]
    assert shown(same_day.total(by="sex", policy=Policy.MAXIMUM)) == [
        "male: 90 people (1 record)",
        "None: 30 people (1 record, 1 set aside)",
    ]


def test_a_breakdown_by_place_is_set_aside_before_the_breakdown_by_sex() -> None:
    idps = d.Population(d.PopulationCategory.IDPS, cohorts=[cell(FEMALE, None, None, "600")])
    region = d.Population(d.PopulationCategory.IDPS, cohorts=[cell(FEMALE, None, None, "300")])
    ds = d.Dataset(
        stocks=[
            d.Stock("som", place=d.Place("SOM"), population=idps, count=Count(1000), as_of=date(2023, 6, 30)),
            d.Stock(
                "bay",
                place=d.Place("SOM", admin1="SO24"),
                population=region,
                count=Count(500),
                as_of=date(2023, 6, 30),
            ),
        ]
    )
    totals = ds.total("stocks", by=("place", "sex"))
    assert shown(totals) == [
        "SOM, female: 600 people (1 record)",
        "SOM, None: 400 people (1 record, 1 set aside)",
    ]
    assert totals["SOM", None].set_aside == (SetAside("bay", Reason.BREAKDOWN, "som"),)


def test_households_are_converted_in_the_cells_too() -> None:
    families = [cell(FEMALE, None, None, "10 households")]
    ds = d.Dataset(stocks=[stock("s", "TUR", "40 households", families), stock("t", "LBN", "100")])
    sizes = d.HouseholdSizes({"SYR": 5.0}, source="test")
    totals = ds.total("stocks", by="sex", household_sizes=sizes)
    assert shown(totals) == ["female: 50 people (1 record)", "None: 250 people (2 records)"]
    assert totals[FEMALE].household_sizes == (("s", 5.0),)
    with pytest.raises(d.UnitError):
        ds.total("stocks", by="sex")


def test_the_cohort_fields_are_named_in_the_errors() -> None:
    with pytest.raises(d.ValidationError) as caught:
        REFUGEES.total("stocks", by="gender")
    assert str(caught.value).endswith("year, sex, age, settlement, in_camp, disability)")
    with pytest.raises(d.ValidationError, match="a field is named twice"):
        REFUGEES.total("stocks", by=("sex", "sex"))


def interval_count(low: int, width: int, kind: str) -> Count:
    """A count stating an interval around *low*: exact, at least, at most or a range."""
    if kind == "exact":
        return Count(low)
    if kind == "at_least":
        return Count(low, qualifier="at_least")
    if kind == "at_most":
        return Count(low + width, qualifier="at_most")
    return Count(low, qualifier="range", upper=low + width) if width else Count(low)


KINDS = st.sampled_from(["exact", "at_least", "at_most", "range"])


@settings(max_examples=80, deadline=None)
@given(
    whole=st.tuples(st.integers(0, 1000), st.integers(0, 500), KINDS),
    cells=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 200), KINDS), min_size=1, max_size=2),
    data=st.data(),
)
def test_the_rest_holds_every_possible_true_rest(
    whole: tuple[int, int, str], cells: list[tuple[int, int, str]], data: st.DataObject
) -> None:
    whole_count = interval_count(*whole)
    cell_counts = [interval_count(*c) for c in cells]
    # true values within each count's bounds, with the cells inside the whole
    parts = []
    for c in cell_counts:
        low, high = c.bound_magnitudes
        parts.append(data.draw(st.integers(int(low), int(high) if high is not None else int(low) + 1000)))
    w_low, w_high = whole_count.bound_magnitudes
    w_low = max(int(w_low), sum(parts))
    w_high_value = int(w_high) if w_high is not None else w_low + 1000
    if w_low > w_high_value:
        return  # no true whole holds these true cells
    true_whole = data.draw(st.integers(w_low, w_high_value))
    if sum(c.bound_magnitudes[0] for c in cell_counts) > (w_high if w_high is not None else float("inf")):
        return  # the model refuses cells that cannot fit
    sexes = [FEMALE, MALE]
    cohorts = [Cohort(sexes[i], None, None, c) for i, c in enumerate(cell_counts)]
    population = d.Population(d.PopulationCategory.REFUGEES, cohorts=cohorts)
    ds = d.Dataset(
        stocks=[
            d.Stock(
                "s", place=d.Place("TUR"), population=population, count=whole_count, as_of=date(2023, 1, 1)
            )
        ]
    )
    totals = ds.total("stocks", by="sex")
    rest = true_whole - sum(parts)
    if (None,) not in totals:
        assert rest == 0
        return
    count = totals[None].count
    assert count is not None
    low, high = count.bound_magnitudes
    assert low <= rest
    assert high is None or rest <= high
