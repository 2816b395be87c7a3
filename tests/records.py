"""A strategy for every record type of the model, for the document round-trip tests.

Built on the public `displacement.strategies`, widened where documents must cope with more than
reports usually hold: fractional magnitudes, rates, values up to 10**12.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

import displacement as d
from displacement import strategies as dst

WIDE_COUNTS = dst.counts(
    units=["person", "household", "person / day", "household / week"], max_value=10**12, fractions=True
)
MAYBE_WIDE_COUNTS = st.none() | WIDE_COUNTS

RECORDS: dict[type[Any], st.SearchStrategy[Any]] = {
    d.Place: dst.places(),
    d.Period: dst.periods(),
    d.Count: WIDE_COUNTS,
    d.Attribution: dst.attributions(["s0", "s1", "s2"], ["a0"]),
    d.Source: dst.sources(),
    d.Role: dst.roles(),
    d.Actor: dst.actors(),
    d.Participation: dst.participations(),
    d.Figure: dst.figures(),
    d.Hazard: dst.hazards(),
    d.Event: dst.events(),
    d.Cohort: dst.cohorts(),
    d.Share: dst.shares(),
    d.Population: dst.populations(),
    d.Flow: dst.flows(counts=MAYBE_WIDE_COUNTS),
    d.Stock: dst.stocks(counts=MAYBE_WIDE_COUNTS),
    d.Dataset: dst.datasets(max_flows=4, max_stocks=3, counts=MAYBE_WIDE_COUNTS),
}
"""A strategy for every record type of the model."""


def unshared(ds: d.Dataset) -> d.Dataset:
    """The same records with every part a separate (equal) object, as a JSON load makes them."""
    return d.Dataset(
        sources=ds.sources,
        actors=ds.actors,
        events=ds.events,
        flows=[copy.deepcopy(f) for f in ds.flows],
        stocks=[copy.deepcopy(s) for s in ds.stocks],
    )
