"""Functions that spawned worker processes import by name (tests/test_travel.py)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from displacement import (
    Count,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Qualifier,
)

COUNTRIES = ["AFG", "SYR", "UKR", "SSD", "COD", "MMR", "VEN", "SDN", "UNK", "XXA"]


def generated_flows(n: int, seed: int = 7) -> list[Flow]:
    """*n* varied flows, the same for the same seed."""
    rng = random.Random(seed)
    flows = []
    for i in range(n):
        origin = rng.choice(COUNTRIES)
        destination = rng.choice([c for c in COUNTRIES if c != origin])
        year = rng.randrange(2000, 2025)
        count: Count | None
        roll = rng.random()
        if roll < 0.1:
            count = None
        elif roll < 0.2:
            low = rng.randrange(0, 5000)
            count = Count(low, qualifier=Qualifier.RANGE, upper=low + rng.randrange(1, 5000))
        else:
            count = Count(rng.randrange(0, 100_000), "person" if roll < 0.9 else "household")
        flows.append(
            Flow(
                f"f{i}",
                origin=Place(origin),
                destination=Place(destination),
                movement=Movement.CROSS_BORDER,
                population=Population(PopulationCategory.REFUGEES, nationality=origin),
                count=count,
                period=Period.year(year) if rng.random() < 0.8 else Period(date(year, 1, 1), None),
                metric=Metric.ARRIVALS,
            )
        )
    return flows


def chunk_totals(flows: list[Flow]) -> dict[tuple[str, str], Any]:
    """Lower-bound person totals per origin and unit, as pint quantities (they travel back by pickle)."""
    totals: dict[tuple[str, str], Any] = {}
    for flow in flows:
        if flow.count is None:
            continue
        key = (flow.origin.country, flow.count.counts)
        low = flow.count.bounds[0]
        totals[key] = totals[key] + low if key in totals else low
    return totals


def roundtrip(obj: Any) -> Any:
    """Receive *obj* by pickle in the worker and send it back by pickle."""
    return obj
