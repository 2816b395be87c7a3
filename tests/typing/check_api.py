"""Type-checked, never run: the public API as a user writes it, with what mypy must infer.

``mypy --strict tests/typing`` runs in CI (.ci/run); a change that loosens a public type to Any or
changes a return type fails there.
"""

from __future__ import annotations

from datetime import date
from typing import Any, assert_type

import pint
from hypothesis.strategies import SearchStrategy

import displacement as d
from displacement import examples, strategies, units

count = d.Count(98000, qualifier=d.Qualifier.MORE_THAN)
assert_type(count, d.Count)
assert_type(count.magnitude, int | float)
assert_type(count.unit, str)
assert_type(count.qualifier, d.Qualifier)
assert_type(count.value, pint.Quantity[Any])
assert_type(count.upper, pint.Quantity[Any] | None)
assert_type(count.bounds, tuple[pint.Quantity[Any], pint.Quantity[Any] | None])
assert_type(count.bound_magnitudes, tuple[int | float, int | float | None])
assert_type(count.to_persons(household_size=4.5), d.Count)
assert_type(d.Count("98000 people"), d.Count)

place = d.Place("KAZ", subdivision="KZ-61")
assert_type(place.country, str)
assert_type(place.subdivision, str | None)
assert_type(d.Place.lookup("Kazakhstan"), d.Place)
assert_type(place.is_special, bool)

period = d.Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True)
assert_type(period.start, date | None)
assert_type(period.days, tuple[int, int] | None)
assert_type(d.Period.year(2022), d.Period)
assert_type(d.Period.month(2022, 1), d.Period)
assert_type(d.Period.around(date(2022, 1, 1), d.Precision.WEEK), d.Period)

population = d.Population(d.PopulationCategory.OTHERS, nationality="RUS")
flow = d.Flow(
    "f1",
    origin=place,
    destination=d.Place("RUS"),
    movement=d.Movement.CROSS_BORDER,
    population=population,
    count=count,
    period=period,
    metric=d.Metric.CROSSINGS,
    causes=["decree"],
    attributions=[d.Attribution("upi", attributed_to=["mvd"])],
)
assert_type(flow.count, d.Count | None)
assert_type(flow.causes, tuple[str, ...])
assert_type(flow.attributions, tuple[d.Attribution, ...])
assert_type(flow.rate("day"), d.Count)

ds = examples.kazakhstan_2022()
assert_type(ds, d.Dataset)
assert_type(ds.flows, tuple[d.Flow, ...])
assert_type(ds.stocks, tuple[d.Stock, ...])
assert_type(ds.get("f1-rus-kaz"), d.Source | d.Actor | d.Event | d.Flow | d.Stock | None)
assert_type(ds.flows_where(origin="RUS", start=date(2022, 9, 1)), tuple[d.Flow, ...])
assert_type(ds.resolve(flow.attributions[0]), tuple[d.Source | d.Actor, ...])

try:
    d.Count(-5)
except d.ValidationError as error:
    assert_type(error.errors, list[d.ErrorDetail])
    assert_type(error.errors[0].path, str)

assert_type(d.ureg, pint.UnitRegistry[Any])
assert_type(units.use_registry(None), pint.UnitRegistry[Any])
assert_type(d.define_units(pint.UnitRegistry()), pint.UnitRegistry[Any])

assert_type(strategies.flows(), SearchStrategy[d.Flow])
assert_type(strategies.datasets(max_flows=3), SearchStrategy[d.Dataset])
