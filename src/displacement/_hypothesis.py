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
    """Register a strategy factory for every public model type.

    The record kinds come from `dataset.RECORD_TYPES`: each kind's strategy in
    `displacement.strategies` has the kind's name (``flows`` for `Flow`). The parts of records
    are listed here.
    """
    from hypothesis import strategies as st

    from . import actor, count, dataset, event, flow, hazard, period, place, source

    types: dict[type[Any], str] = {
        place.Place: "places",
        period.Period: "periods",
        count.Count: "counts",
        flow.Cohort: "cohorts",
        flow.Population: "populations",
        source.Attribution: "attributions",
        actor.Role: "roles",
        event.Participation: "participations",
        event.Figure: "figures",
        hazard.Hazard: "hazards",
        dataset.Dataset: "datasets",
    }
    for kind, record in dataset.RECORD_TYPES.items():
        types[record] = kind
    for cls, name in types.items():
        st.register_type_strategy(cls, _lazy(name))
