"""Private: the hook hypothesis' ``hypothesis`` entry point runs when hypothesis is imported.

It registers the model types with lazily built strategies, so ``st.from_type(displacement.Flow)``
works in a user's tests with no setup, and `displacement.strategies` is imported only when a
strategy is first needed.
"""

from __future__ import annotations

from typing import Any


def _lazy(name: str) -> Any:
    def resolve(_type: type[Any]) -> Any:
        from . import strategies

        return getattr(strategies, name)()

    return resolve


def setup() -> None:
    """Register a strategy factory for every public model type."""
    from hypothesis import strategies as st

    from . import actor, count, dataset, event, flow, period, place, source

    types: dict[type[Any], str] = {
        place.Place: "places",
        period.Period: "periods",
        count.Count: "counts",
        flow.Cohort: "cohorts",
        flow.Population: "populations",
        source.Attribution: "attributions",
        actor.Role: "roles",
        source.Source: "sources",
        actor.Actor: "actors",
        event.Event: "events",
        flow.Flow: "flows",
        flow.Stock: "stocks",
        dataset.Dataset: "datasets",
    }
    for cls, name in types.items():
        st.register_type_strategy(cls, _lazy(name))
    st.register_type_strategy(event.Participation, _lazy("participations"))
    st.register_type_strategy(event.Figure, _lazy("figures"))
