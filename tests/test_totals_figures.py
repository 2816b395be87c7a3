"""Totals of the figures of events (``Dataset.total("figures")``): measures, reports of one event, intervals."""

from __future__ import annotations

from datetime import date

import pytest

import displacement as d
from displacement import Count, Measure, Period, Policy, Reason, SetAside

DAY = Period(date(2023, 9, 25), date(2023, 9, 25))


def figure(count: str | None, measure: Measure | None, *, source: str | None = None) -> d.Figure:
    attributions = [d.Attribution(source)] if source else []
    return d.Figure(
        "a figure", None if count is None else Count.parse(count), measure=measure, attributions=attributions
    )


def event(id: str, *figures: d.Figure, period: Period = DAY, places: tuple[d.Place, ...] = ()) -> d.Event:
    return d.Event(id, d.EventKind.OTHER, id, period=period, figures=figures, places=places)


SOURCES = [
    d.Source("ministry", d.SourceKind.GOVERNMENT, reliability=d.Reliability.HIGH),
    d.Source("rumour", d.SourceKind.SOCIAL_MEDIA, reliability=d.Reliability.LOW),
]


def test_figures_of_two_events_add_as_intervals() -> None:
    ds = d.Dataset(
        events=[
            event("depot", figure("at least 170 killed", Measure.KILLED)),
            event("shelling", figure("12 killed", Measure.KILLED)),
        ]
    )
    total = ds.total("figures")["killed"]
    assert str(total) == "killed: at least 182 people (2 records)"
    assert total.records == ("depot.figures[0]", "shelling.figures[0]")
    assert ds.total("figures", by="measure").by == ("measure",)


def test_figures_of_one_event_and_measure_are_one_fact_reconciled_not_added() -> None:
    ds = d.Dataset(
        sources=SOURCES,
        events=[
            event(
                "depot",
                figure("at least 170 killed", Measure.KILLED, source="rumour"),
                figure("125 killed", Measure.KILLED, source="ministry"),
                figure("more than 200 injured", Measure.INJURED),
            )
        ],
    )
    found = {p: ds.total("figures", policy=p)[Measure.KILLED] for p in Policy}
    # no dates of their own: LATEST ties, and goes to the most reliable source
    assert str(found[Policy.LATEST].count) == "125 people"
    assert found[Policy.LATEST].set_aside == (
        SetAside("depot.figures[0]", Reason.SAME_FACT, "depot.figures[1]"),
    )
    assert str(found[Policy.MOST_RELIABLE].count) == "125 people"
    assert str(found[Policy.MAXIMUM].count) == "at least 170 people"
    assert str(found[Policy.RANGE].count) == "at least 125 people"
    assert found[Policy.RANGE].records == ("depot.figures[0]", "depot.figures[1]")
    assert str(ds.total("figures")[Measure.INJURED]) == "injured: more than 200 people (1 record)"


def test_a_figure_without_a_measure_is_set_aside_never_dropped() -> None:
    ds = d.Dataset(events=[event("ev", figure("2,000 arrested", None), figure("5 killed", Measure.KILLED))])
    totals = ds.total("figures")
    assert list(totals) == [(Measure.KILLED,), (None,)]
    assert str(totals[None]) == "None: nothing added (0 records, 1 set aside)"
    assert totals[None].set_aside == (SetAside("ev.figures[0]", Reason.UNMEASURED),)
    assert str(totals[None].set_aside[0]) == (
        "ev.figures[0]: does not say what it counts (no measure), so it is not added"
    )
    by_event = ds.total("figures", by="event")  # one measure besides the unmeasured: nothing mixes
    assert str(by_event["ev"]) == "ev: 5 people (1 record, 1 set aside)"


def test_unquantified_figures_leave_the_total_without_an_upper_bound() -> None:
    ds = d.Dataset(
        events=[
            event("a", figure(None, Measure.MISSING)),
            event("b", figure("about 30", Measure.MISSING)),
            event("c", figure(None, Measure.KILLED), figure("4", Measure.KILLED)),
        ]
    )
    missing = ds.total("figures")[Measure.MISSING]
    assert str(missing) == "missing: at least 30 people (1 record, 1 unquantified)"
    assert missing.unquantified == ("a.figures[0]",)
    killed = ds.total("figures")[Measure.KILLED]  # one report of the fact has a number
    assert str(killed) == "killed: 4 people (1 record, 1 set aside)"
    assert killed.set_aside == (SetAside("c.figures[0]", Reason.UNQUANTIFIED, "c.figures[1]"),)
    only = d.Dataset(events=[event("a", figure(None, Measure.MISSING))]).total("figures")[Measure.MISSING]
    assert (only.count, str(only)) == (None, "missing: unquantified (0 records, 1 unquantified)")


def test_different_measures_never_add() -> None:
    ds = d.Dataset(events=[event("ev", figure("5", Measure.KILLED), figure("7", Measure.INJURED))])
    with pytest.raises(d.DisplacementError) as caught:
        ds.total("figures", by="event")
    assert str(caught.value) == (
        "the group ('ev',) mixes figures of different measures (injured, killed), which count different "
        "things: add 'measure' to by=, or choose one with where="
    )
    by_both = ds.total("figures", by=("event", "measure"))
    assert [str(t) for t in by_both.values()] == [
        "ev, injured: 7 people (1 record)",
        "ev, killed: 5 people (1 record)",
    ]


def test_households_and_persons_convert_only_with_a_household_size() -> None:
    ds = d.Dataset(
        events=[
            event("flood", figure("200 families", Measure.DISPLACED), places=(d.Place("PAK"),)),
            event("storm", figure("1,000 people", Measure.DISPLACED)),
        ]
    )
    with pytest.raises(d.UnitError, match="cannot total the group"):
        ds.total("figures")
    sizes = d.HouseholdSizes({"PAK": 6.5}, source="test")
    total = ds.total("figures", household_sizes=sizes)[Measure.DISPLACED]
    assert str(total.count) == "2,300 people"
    assert total.household_sizes == (("flood.figures[0]", 6.5),)
    no_place = d.Dataset(events=[event("storm", figure("10 families", Measure.DISPLACED))])
    with pytest.raises(d.UnitError, match="its event has no place, and the sizes have no default"):
        no_place.total("figures", household_sizes=sizes)
    homes = d.Dataset(events=[event("a", figure("300 households", Measure.HOMES_DESTROYED))])
    assert str(homes.total("figures")[Measure.HOMES_DESTROYED].count) == "300 households"


def test_grouping_filtering_and_periods() -> None:
    september = Period(date(2023, 9, 1), date(2023, 9, 30))
    ds = d.Dataset(
        events=[
            event("in", figure("10", Measure.KILLED)),
            event("across", figure("20", Measure.KILLED), period=Period(date(2023, 8, 20), date(2023, 9, 2))),
            event("before", figure("40", Measure.KILLED), period=Period(date(2023, 1, 1), date(2023, 1, 2))),
        ]
    )
    total = ds.total("figures", during=september)[Measure.KILLED]
    assert str(total) == "killed: 10 people (1 record, 1 set aside)"
    assert total.set_aside == (SetAside("across.figures[0]", Reason.PARTLY_OUTSIDE),)
    by_year = ds.total("figures", by=("year", "measure"))
    assert [str(t) for t in by_year.values()] == ["2023, killed: 70 people (3 records)"]
    small = ds.total("figures", where=lambda f: f.count is not None and f.count.magnitude < 30)
    assert str(small[Measure.KILLED].count) == "30 people"
    kinds = ds.total("figures", by=("kind", "cause_kind", "hazard"))
    assert [t.key for t in kinds.values()] == [(d.EventKind.OTHER, None, None)]


def test_the_fields_of_a_total_of_figures_are_checked() -> None:
    ds = d.Dataset()
    with pytest.raises(d.ValidationError) as caught:
        ds.total("figures", by="origin")
    assert str(caught.value) == (
        "by: figures cannot be grouped by 'origin' (choose from measure, event, kind, cause_kind, hazard, year)"
    )
    with pytest.raises(d.ValidationError, match="a field is named twice"):
        ds.total("figures", by=("measure", "measure"))
    with pytest.raises(d.ValidationError, match="of: "):
        ds.total("events")  # type: ignore[arg-type]
    assert len(ds.total("figures")) == 0


def test_the_order_of_events_does_not_change_the_total() -> None:
    # a figure's id is its path, so the order of one event's figures is part of the data: ties go
    # to the smallest path (the first figure listed)
    figures = [
        figure("about 30", Measure.KILLED),
        figure("at least 25", Measure.KILLED),
        figure("31", Measure.KILLED),
    ]
    forward = d.Dataset(events=[event("a", *figures), event("b", figure("2", Measure.KILLED))])
    backward = d.Dataset(events=[event("b", figure("2", Measure.KILLED)), event("a", *figures)])
    expected = {
        Policy.LATEST: "about 32 people",
        Policy.MOST_RELIABLE: "about 32 people",
        Policy.MAXIMUM: "33 people",  # the highest lower bound
        Policy.RANGE: "at least 27 people",
    }
    for policy in Policy:
        one, other = forward.total("figures", policy=policy), backward.total("figures", policy=policy)
        assert str(one[Measure.KILLED].count) == str(other[Measure.KILLED].count) == expected[policy]
