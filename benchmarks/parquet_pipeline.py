"""One million generated flows through Parquet: load, total and write back, against pandas.

Run from the project root: ``python benchmarks/parquet_pipeline.py [--flows N] [--repeats N] [--json]``
(defaults: 1,000,000 flows, best of 3). Row 7 of ``benchmarks/run.py`` runs this script in a fresh
process, so that its memory figures count this pipeline alone.

Setup (not timed): a table of `FLOWS_SCHEMA` is built column by column with numpy, deterministic
(a fixed seed), and written to a Parquet file once. The flows are varied: 3,600 corridors between
60 countries, monthly periods over twelve years, arrivals and departures, refugees and asylum
seekers, every qualifier (ranges with an upper bound), unquantified flows, counts in households
and counts in persons derived from households, and one of three sources each.

Timed, in turns, best of *repeats*:

- ours: `displacement.io.arrow.read_parquet` -> `Dataset.total` by origin, destination and year
  and metric (every `Total`
  touched: their records summed; households at five persons each) -> `displacement.io.arrow.write_parquet`;
- pandas: `pandas.read_parquet` -> groupby-sum of ``count_value`` by the same four columns ->
  `DataFrame.to_parquet`.

Memory (a separate load, under tracemalloc, which sees Python's allocations but not Arrow's
buffers): the peak during `read_parquet` and what the loaded `Dataset` holds afterwards, per
flow; and the deep memory of pandas' frame per row.

Then the same totals in DuckDB (`displacement.engines.duckdb_total`, from the file the pipeline
wrote with its engine columns), against DuckDB's plain sum of ``count_value`` by the same groups
over the same file: the price of reconciling and keeping the intervals and the records. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import displacement as d
from displacement import engines
from displacement.io import arrow

COUNTRIES = [
    *("SYR", "AFG", "UKR", "SDN", "SSD", "MMR", "VEN", "COD", "SOM", "RUS", "ERI", "IRQ", "NGA", "CAF"),
    *("MLI", "BDI", "YEM", "PAK", "COL", "HTI", "ETH", "LBY", "PSE", "IRN", "NIC", "BFA", "CMR", "NER"),
    *("TUR", "POL", "TCD", "UGA", "BGD", "RWA", "KEN", "KAZ", "DEU", "FRA", "ITA", "ESP", "USA", "CAN"),
    *("JOR", "LBN", "EGY", "TZA", "ZMB", "BRA", "PER", "ECU", "CHL", "MEX", "CRI", "SWE", "AUT", "GRC"),
    *("MYS", "THA", "IND", "NPL"),
]
YEARS = range(2012, 2024)
METRICS = ("arrivals", "departures")
CATEGORIES = ("refugees", "asylum_seekers")
QUALIFIERS = ("exact", "approximate", "at_least", "more_than", "at_most", "less_than", "range")
QUALIFIER_SHARES = (0.70, 0.12, 0.05, 0.04, 0.03, 0.03, 0.03)
SOURCES = ("unhcr", "iom", "government")


def context() -> d.Dataset:
    """The sources the generated flows are attributed to."""
    return d.Dataset(
        sources=[
            d.Source("unhcr", d.SourceKind.UN_AGENCY, publisher="UNHCR"),
            d.Source("iom", d.SourceKind.UN_AGENCY, publisher="IOM"),
            d.Source("government", d.SourceKind.GOVERNMENT, publisher="Ministry of Interior"),
        ]
    )


def _dictionary(indices: Any, values: Any, mask: Any = None) -> Any:
    return pa.DictionaryArray.from_arrays(
        pa.array(indices, pa.int32(), mask=mask), pa.array(values, pa.string())
    )


def _empty_lists(n: int, tp: Any) -> Any:
    return pa.ListArray.from_arrays(pa.array(np.zeros(n + 1, np.int32)), pa.array([], tp.value_type))


def table(n: int, seed: int = 19) -> Any:
    """*n* varied flows in the `FLOWS_SCHEMA` layout, the same for the same *n* and *seed*.

    Each flow has its own (corridor, month, metric) slot, so no two flows report the same
    movement: the total adds them all (by interval rules), with nothing to reconcile.
    """
    rng = np.random.default_rng(seed)
    pairs = np.array([(o, t) for o in range(len(COUNTRIES)) for t in range(len(COUNTRIES)) if o != t])
    months = len(YEARS) * 12
    slots = len(pairs) * months * len(METRICS)
    if n > slots:
        raise SystemExit(f"at most {slots:,} flows have a slot of their own")
    slot = rng.permutation(slots)[:n]
    pair, rest = np.divmod(slot, months * len(METRICS))
    month, metric = np.divmod(rest, len(METRICS))
    origin, destination = pairs[pair, 0], pairs[pair, 1]
    year, month_of_year = YEARS.start + month // 12, month % 12 + 1
    start = ((year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (month_of_year - 1)).astype(
        "datetime64[D]"
    )
    end = (start.astype("datetime64[M]") + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    category = rng.integers(0, len(CATEGORIES), n)

    value = rng.integers(1, 50_000, n).astype(np.float64)
    qualifier = rng.choice(len(QUALIFIERS), n, p=QUALIFIER_SHARES)
    upper = np.where(qualifier == QUALIFIERS.index("range"), value + rng.integers(1, 10_000, n), np.nan)
    kind = rng.random(n)
    households = kind < 0.02  # a count in households
    derived = (kind >= 0.02) & (kind < 0.03)  # persons derived from households at 5 per household
    value = np.where(derived, value * 5, value)
    upper = np.where(derived, upper * 5, upper)
    unquantified = kind >= 0.97
    source = rng.integers(0, len(SOURCES), n)

    ids = pc.binary_join_element_wise("f", pc.cast(pa.array(np.arange(n)), pa.string()), "")
    no_count = unquantified
    columns: dict[str, Any] = {
        "id": ids,
        "origin_country": _dictionary(origin, COUNTRIES),
        "destination_country": _dictionary(destination, COUNTRIES),
        "movement": _dictionary(np.zeros(n), ["cross_border"]),
        "metric": _dictionary(metric, METRICS),
        "period_start": pa.array(start, pa.date32()),
        "period_end": pa.array(end, pa.date32()),
        "period_precision": _dictionary(np.zeros(n), ["month"]),
        "period_open_start": pa.array(np.zeros(n, bool)),
        "population_category": _dictionary(category, CATEGORIES),
        "population_nationality": _dictionary(origin, COUNTRIES),
        "count_value": pa.array(value, mask=no_count),
        "count_upper": pa.array(upper, mask=no_count | np.isnan(upper)),
        "count_unit": _dictionary(households.astype(np.int32), ["person", "household"], no_count),
        "count_qualifier": _dictionary(qualifier, QUALIFIERS, no_count),
        "count_float": pa.array(np.zeros(n, bool), mask=no_count),
        "count_household_size": pa.array(np.full(n, 5.0), mask=~derived | no_count),
    }
    offsets = pa.array(np.arange(n + 1, dtype=np.int32))
    struct = arrow.FLOWS_SCHEMA.field("attributions").type.value_type
    columns["attributions"] = pa.ListArray.from_arrays(
        offsets,
        pa.StructArray.from_arrays(
            [
                pa.array(np.array(SOURCES)[source]),
                _empty_lists(n, struct.field("attributed_to").type),
                pa.nulls(n, pa.string()),
            ],
            fields=list(struct),
        ),
    )
    arrays = []
    for field in arrow.FLOWS_SCHEMA:  # every other column: null, or empty lists
        if field.name in columns:
            arrays.append(columns[field.name])
        elif pa.types.is_list(field.type):
            arrays.append(_empty_lists(n, field.type))
        else:
            arrays.append(pa.nulls(n, field.type))
    return pa.Table.from_arrays(arrays, schema=arrow.FLOWS_SCHEMA)


BY = ("origin", "destination", "year", "metric")
"""The groups: a total never adds arrivals to departures, so the metric is one of them."""
SIZES = d.HouseholdSizes({}, default=5.0, source="one size for the benchmark")
"""Households count as five persons each (a total never adds households to persons without a size)."""


def ours(path: Path, out: Path, ctx: d.Dataset) -> int:
    dataset = arrow.read_parquet(path, context=ctx).dataset
    totals = dataset.total(by=BY, household_sizes=SIZES)
    records = sum(len(t.records) for t in totals.values())
    arrow.write_parquet(dataset, out, household_sizes=SIZES)
    return records


def engine(path: Path) -> int:
    """The same totals in DuckDB, from the file `ours` wrote (with its engine columns)."""
    totals = engines.duckdb_total(path, by=BY)
    return sum(len(totals[key].records) for key in totals)


def duckdb_sum(path: Path) -> Any:
    """What an engine gives without them: DuckDB's sum of the reported values by the same groups."""
    return duckdb.sql(
        f"""SELECT origin_country, destination_country, total_year, metric, sum(count_value)
        FROM read_parquet('{path}') GROUP BY ALL"""
    ).fetchall()


def pandas(path: Path, out: Path) -> Any:
    frame = pd.read_parquet(path)
    frame["year"] = pd.DatetimeIndex(frame["period_start"]).year
    sums = frame.groupby(["origin_country", "destination_country", "year", "metric"], observed=True)[
        "count_value"
    ].sum(min_count=1)
    frame.drop(columns="year").to_parquet(out)
    return sums


def timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def memory(path: Path, ctx: d.Dataset) -> tuple[float, float, float]:
    """Bytes per flow: Python's peak during the load, what the Dataset holds after it, pandas' frame."""
    n = pq.read_metadata(path).num_rows
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    load = arrow.read_parquet(path, context=ctx)
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(load.dataset.flows) == n
    frame = pd.read_parquet(path).memory_usage(deep=True).sum()
    return (peak - before) / n, (held - before) / n, frame / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flows", type=int, default=1_000_000, help="generated flows")
    parser.add_argument("--repeats", type=int, default=3, help="timings of each pipeline; the best is kept")
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args()
    ctx = context()
    with tempfile.TemporaryDirectory() as tmp:
        path, out_ours, out_pandas = (
            Path(tmp, "flows.parquet"),
            Path(tmp, "ours.parquet"),
            Path(tmp, "pd.parquet"),
        )
        t0 = time.perf_counter()
        pq.write_table(table(args.flows), path)
        setup = time.perf_counter() - t0
        ours_times, pandas_times = [], []
        for _ in range(args.repeats):  # in turns, as run.py's `paired` does
            ours_times.append(timed(lambda: ours(path, out_ours, ctx)))
            pandas_times.append(timed(lambda: pandas(path, out_pandas)))
        engine_times, sum_times = [], []
        for _ in range(args.repeats):
            engine_times.append(timed(lambda: engine(out_ours)))
            sum_times.append(timed(lambda: duckdb_sum(out_ours)))
        peak, held, frame = memory(path, ctx)
    found = {
        "flows": args.flows,
        "setup_s": setup,
        "ours_s": min(ours_times),
        "pandas_s": min(pandas_times),
        "engine_s": min(engine_times),
        "duckdb_sum_s": min(sum_times),
        "peak_bytes_per_flow": peak,
        "held_bytes_per_flow": held,
        "pandas_bytes_per_row": frame,
    }
    if args.json:
        print(json.dumps(found))
    else:
        print(f"{args.flows:,} flows, best of {args.repeats}, Python {sys.version.split()[0]}")
        for key, value in found.items():
            print(f"  {key:<22} {value:>12,.3f}")


if __name__ == "__main__":
    main()
