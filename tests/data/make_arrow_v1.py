"""Writes ``arrow_v1_flows.parquet`` and ``arrow_v1_stocks.parquet``: tables in the Arrow layout
of displacement before issue 14 (no household-size columns), to check that they still read.

Made once, from the code of main at 391f6b9, with
``PYTHONPATH=src python tests/data/make_arrow_v1.py`` run from the repository's root. Do not
regenerate it with newer code: its point is to hold the old layout.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

import displacement as d
from displacement import examples
from displacement.io.arrow import to_arrow

HERE = Path(__file__).parent


def dataset() -> d.Dataset:
    """The Kazakhstan example plus one stock and one flow with every optional column set."""
    ds = examples.kazakhstan_2022()
    place = d.Place("KAZ", subdivision="KZ-75", name="Almaty", lat=43.2, lon=76.9)
    count = d.Count(98000, "person", d.Qualifier.RANGE, upper=99000)
    population = d.Population(
        d.PopulationCategory.REFUGEES,
        nationality="RUS",
        description="Russian men",
        cohorts=[d.Cohort(d.Sex.MALE, 18, 65, d.Count(100.5, "person", d.Qualifier.APPROXIMATE))],
    )
    source = ds.sources[0].id
    flow = d.Flow(
        "f-full",
        origin=d.Place("RUS", subdivision="RU-DA", name="Makhachkala", lat=42.98, lon=47.5),
        destination=place,
        movement=d.Movement.EVACUATION,
        population=population,
        count=count,
        period=d.Period(date(2022, 9, 21), date(2022, 9, 30), precision=d.Precision.MONTH, open_start=True),
        metric=d.Metric.DEPARTURES,
        attributions=[d.Attribution(source, excerpt="have crossed")],
        term="fled",
        description="by road",
    )
    stock = d.Stock(
        "s-full",
        place=place,
        population=population,
        count=count,
        as_of=date(2022, 10, 1),
        attributions=[d.Attribution(source)],
        term="stay",
        description="in towns",
    )
    return d.Dataset(
        sources=ds.sources, actors=ds.actors, events=ds.events, flows=[*ds.flows, flow], stocks=[stock]
    )


if __name__ == "__main__":
    ds = dataset()
    for kind in ("flows", "stocks"):
        pq.write_table(to_arrow(ds, kind), HERE / f"arrow_v1_{kind}.parquet")
