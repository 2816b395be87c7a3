"""A dataset that uses every field issue 16 added, for the round trips of every format."""

from __future__ import annotations

from datetime import date

import attrs

import displacement as d


def dataset() -> d.Dataset:
    """The Kazakhstan example, with a flood, a figure's measure, routes, cause kinds and cohorts."""
    base = d.examples.kazakhstan_2022()
    flood = d.Event(
        "flood-2024",
        d.EventKind.DISASTER,
        "Spring floods in Kazakhstan",
        period=d.Period(date(2024, 4, 1), date(2024, 4, 20)),
        places=(d.Place("KAZ"),),
        hazard=d.Hazard(type="flood", detail="snowmelt"),
        figures=(
            d.Figure(
                "evacuated",
                d.Count(120000),
                measure=d.Measure.EVACUATED,
                term="evacuated",
            ),
            d.Figure("homes", d.Count(4000, unit="household"), measure=d.Measure.HOMES_DAMAGED),
        ),
    )
    cohorts = (
        d.Cohort(d.Sex.FEMALE, 0, 17, d.Count(100), settlement=d.Settlement.URBAN),
        d.Cohort(d.Sex.FEMALE, 0, 17, d.Count(50), settlement=d.Settlement.RURAL),
        d.Cohort(None, None, None, d.Count(30), in_camp=True),
        d.Cohort(None, None, None, d.Count(200), in_camp=False),
        d.Cohort(None, None, None, d.Count(7), disability=True),
    )
    flow = base.flows[0]
    flow = attrs.evolve(
        flow,
        count=d.Count(98000),
        via=(d.Place("GEO"), d.Place("ARM", name="Lars crossing")),
        cause_kind=d.CauseKind.OTHER,
        population=attrs.evolve(flow.population, cohorts=cohorts),
    )
    stocks = tuple(attrs.evolve(s, cause_kind=d.CauseKind.CONFLICT) for s in base.stocks)
    return attrs.evolve(base, events=(*base.events, flood), flows=(flow, *base.flows[1:]), stocks=stocks)
