"""Time `Dataset.total` on the real UNHCR flows (about 106,000 rows) against a pandas groupby.

Run from the project root: ``python benchmarks/total_flows.py [path/to/flows.csv]``. The flows are
built with the csv module (one flow per non-empty figure: refugees, asylum seekers, refugee-like,
other people in need of international protection). pandas is optional: without it only the
library is timed.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import displacement as d

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "unhcr" / "flows.csv"
COLUMNS = {
    "refugees": (d.PopulationCategory.REFUGEES, d.Metric.ARRIVALS),
    "asylum_seekers": (d.PopulationCategory.ASYLUM_SEEKERS, d.Metric.APPLICATIONS),
    "refugee_like": (d.PopulationCategory.OTHERS, d.Metric.ARRIVALS),
    "oip": (d.PopulationCategory.OTHERS, d.Metric.NEW_DISPLACEMENTS),
}


def load(path: Path) -> d.Dataset:
    places: dict[str, d.Place] = {}
    periods: dict[int, d.Period] = {}
    populations: dict[tuple[Any, str], d.Population] = {}
    flows = []
    with path.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            year = int(row["year"])
            period = periods.get(year) or periods.setdefault(year, d.Period.year(year))
            origin = places.get(row["coo_iso"]) or places.setdefault(row["coo_iso"], d.Place(row["coo_iso"]))
            dest = places.get(row["coa_iso"]) or places.setdefault(row["coa_iso"], d.Place(row["coa_iso"]))
            for column, (category, metric) in COLUMNS.items():
                if row[column] == "":
                    continue  # not reported: no flow (empty is not zero)
                key = (category, row["coo_iso"])
                population = populations.get(key) or populations.setdefault(
                    key, d.Population(category, nationality=row["coo_iso"])
                )
                flows.append(
                    d.Flow(
                        f"{year}-{row['coo_iso']}-{row['coa_iso']}-{column}",
                        origin=origin,
                        destination=dest,
                        movement=d.Movement.CROSS_BORDER,
                        population=population,
                        count=d.Count(int(row[column])),
                        period=period,
                        metric=metric,
                    )
                )
    return d.Dataset(flows=flows)


def best(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    t = time.perf_counter()
    ds = load(path)
    print(f"loaded {len(ds.flows):,} flows in {time.perf_counter() - t:.2f} s")
    by = ("origin", "destination", "metric")
    t = time.perf_counter()
    totals = ds.total(by=by)
    print(
        f"Dataset.total(by={by}) first call: {1000 * (time.perf_counter() - t):.1f} ms, {len(totals):,} groups"
    )
    print(f"Dataset.total(by={by}) later calls: {1000 * best(lambda: ds.total(by=by)):.1f} ms (best of 5)")
    during = d.Period.year(2022)
    print(
        "Dataset.total(by=('origin', 'metric'), during=2022): "
        f"{1000 * best(lambda: ds.total(by=('origin', 'metric'), during=during)):.1f} ms"
    )
    try:
        import pandas as pd
    except ImportError:
        print("pandas is not installed: no comparison")
        return
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    long = frame.melt(
        id_vars=["year", "coo_iso", "coa_iso"], value_vars=list(COLUMNS), var_name="column"
    ).dropna()
    print(f"pandas: {len(long):,} rows")

    def grouped() -> Any:
        return long.groupby(["coo_iso", "coa_iso", "column"])["value"].sum()

    print(f"pandas groupby(coo, coa, column).sum(): {1000 * best(grouped):.1f} ms (best of 5)")
    t = time.perf_counter()
    counts = {k: t.count for k, t in ds.total(by=by).items()}
    print(f"Dataset.total(...) with every Total built and read: {1000 * (time.perf_counter() - t):.1f} ms")
    # the same numbers: pandas groups by column, we by metric (refugee-like and refugees are both
    # arrivals, of two categories), so compare per (origin, destination, metric)
    long["metric"] = [COLUMNS[c][1] for c in long["column"]]
    expected = long.groupby(["coo_iso", "coa_iso", "metric"])["value"].sum()
    same = len(expected) == len(counts) and all(
        counts[key] is not None and counts[key].magnitude == value for key, value in expected.items()
    )
    print(f"same groups and sums as pandas: {same}")


if __name__ == "__main__":
    main()
