"""Measure JSON load and dump speed of `displacement.io.json` on a generated dataset.

Run: ``python benchmarks/json_io.py [FLOWS] [REPEATS]`` (defaults: 10,000 flows, best of 5).
Prints records per second for ``dumps`` and ``loads``, and for the JSON text parse alone (the part
the standard library does), so the cost of validation and structuring shows on its own.
Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta

import displacement as d
from displacement.io import json as djson

ORIGINS = ["SYR", "AFG", "UKR", "SDN", "SSD", "MMR", "VEN", "COD", "SOM", "RUS"]
DESTINATIONS = ["TUR", "PAK", "POL", "TCD", "UGA", "BGD", "COL", "RWA", "KEN", "KAZ"]


def dataset(n: int) -> d.Dataset:
    """*n* flows with nested places, a period, a count and an attribution each."""
    sources = [d.Source("src", d.SourceKind.UN_AGENCY, publisher="UNHCR")]
    events = [d.Event("ev", d.EventKind.ARMED_CONFLICT, "Conflict", period=d.Period(date(2020, 1, 1)))]
    flows = []
    for i in range(n):
        start = date(2020, 1, 1) + timedelta(days=i % 1000)
        flows.append(
            d.Flow(
                f"f{i}",
                origin=d.Place(ORIGINS[i % 10], name=f"Town {i % 97}"),
                destination=d.Place(DESTINATIONS[(i // 10) % 10]),
                movement=d.Movement.CROSS_BORDER,
                metric=d.Metric.ARRIVALS,
                population=d.Population(d.PopulationCategory.REFUGEES, nationality=ORIGINS[i % 10]),
                count=d.Count(100 + i, qualifier=d.Qualifier.APPROXIMATE if i % 3 else d.Qualifier.EXACT),
                period=d.Period(start, start + timedelta(days=30)),
                causes=["ev"],
                attributions=[d.Attribution("src", excerpt=f"about {100 + i} arrived")],
            )
        )
    return d.Dataset(sources=sources, events=events, flows=flows)


def best(repeats: int, fn: object) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    ds = dataset(n)
    text = djson.dumps(ds, indent=None)
    assert djson.loads(text) == ds
    records = n + 2
    rows = [
        ("dumps (objects -> JSON text)", best(repeats, lambda: djson.dumps(ds, indent=None))),
        ("loads (JSON text -> validated Dataset)", best(repeats, lambda: djson.loads(text))),
        ("json.loads alone (stdlib parse, no validation)", best(repeats, lambda: json.loads(text))),
    ]
    print(
        f"{n:,} flows, {len(text) / 1e6:.1f} MB of JSON, best of {repeats}, Python {sys.version.split()[0]}"
    )
    for name, seconds in rows:
        print(f"  {name:<48} {seconds:7.3f} s  {records / seconds:>10,.0f} records/s")


if __name__ == "__main__":
    main()
