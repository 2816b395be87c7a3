"""Measure displacement against baselines in one run and write benchmarks/RESULTS.md.

Run from the project root (needs the ``bench`` extra and the UNHCR data in ../shared/data/unhcr):

    pip install -e ".[bench]" && python benchmarks/run.py

Every row is a ratio to a baseline measured in the same run on the same input, so the numbers
travel between machines better than seconds do. Each timing is the best of several repeats, and
the library and its baselines are timed in turns, so that a busy machine slows them alike.
Not a test: nothing here asserts a time (tests/test_benchmarks.py only checks that it runs).

Options: ``python benchmarks/run.py [FLOWS] [--repeats N] [--out FILE] [--parquet-flows N]``.

Rows:
1. JSON to validated objects, 100,000 flows: `displacement.io.json.loads` vs pydantic v2 models
   and msgspec Structs with the closest validation each allows (see `Baselines` below).
2. Objects to JSON, the same data.
3. Loading UNHCR's flows.csv into a `Dataset` (`io.unhcr.read_flows`) vs `pandas.read_csv`: with
   `pyarrow.csv`, and with the csv module as without pyarrow installed (the private switch
   ``io.unhcr._ARROW = False``).
4. `Dataset.total` by corridor, year and metric on that data (first call, which builds the
   dataset's columns, and later calls) vs a pandas groupby-sum over the same rows.
5. Memory held per `Flow` in a `Dataset` (tracemalloc) and the peak of the UNHCR load.
6. `import displacement` vs `import pint` alone, each in a fresh interpreter.
7. One million generated flows through Parquet (`io.arrow.read_parquet`, `Dataset.total`,
   `io.arrow.write_parquet`) vs the same pipeline in pandas, and memory per flow of that load,
   in a fresh process (benchmarks/parquet_pipeline.py; ``--parquet-flows N`` sets how many).
8. The command line: ``displacement total flows.csv`` (UNHCR's whole table, refugee arrivals of
   a year by corridor with ``--explain``) vs the same read and total in a fresh Python process
   that prints them: what the command adds (telling the format, the options, the table).
9. `displacement.plot.corridors` of a year's refugee arrivals (the 25 largest corridors) saved as
   PNG vs a plain matplotlib bar chart of the same 25 from a pandas groupby: what drawing bounds,
   open ends, labels, the period and the sources costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "unhcr"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import msgspec  # noqa: E402
import pandas as pd  # noqa: E402
import pycountry  # noqa: E402
import pydantic  # noqa: E402
from json_io import dataset as generated_dataset  # noqa: E402

import displacement as d  # noqa: E402
from displacement.io import json as djson  # noqa: E402
from displacement.io import unhcr  # noqa: E402

CODES = frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(d.SPECIAL_CODES)


REPEATS = 5
"""Repeats of every timing (``--repeats``); each row reports the best."""


def timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def best(fn: Callable[[], Any], repeats: int | None = None) -> float:
    return min(timed(fn) for _ in range(repeats or REPEATS))


def paired(*fns: Callable[[], Any], repeats: int | None = None) -> list[float]:
    """The best time of each of *fns*, run in turns (a, b, c, a, b, c...).

    On a shared machine the load changes from second to second; taking turns exposes every
    contender to the same load, so the ratios hold even when the seconds do not.
    """
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats or REPEATS):
        for i, fn in enumerate(fns):
            times[i].append(timed(fn))
    return [min(t) for t in times]


# -- Baselines: the same document shape, with the validation each library can express ----------
# pydantic: types, ge/le bounds, enums, Literal units, country codes checked against the same ISO
# set, the range/upper rule and start <= end as validators. msgspec: types, ge/le bounds, enums,
# Literal units (it has no cross-field validators, so upper/range and start <= end are not checked).


class Qualifier(StrEnum):
    exact = "exact"
    approximate = "approximate"
    at_least = "at_least"
    more_than = "more_than"
    at_most = "at_most"
    less_than = "less_than"
    range = "range"


Unit = Literal["person", "household"]


def _country(code: str) -> str:
    if code not in CODES:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")
    return code


Country = Annotated[str, pydantic.AfterValidator(_country)]


class PPlace(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    country: Country
    subdivision: str | None = None
    name: str | None = None
    lat: Annotated[float, pydantic.Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, pydantic.Field(ge=-180, le=180)] | None = None


class PPeriod(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    start: dt.date | None = None
    end: dt.date | None = None
    precision: Literal["day", "week", "month", "year"] = "day"
    as_of: dt.date | None = None
    open_start: bool = False

    @pydantic.model_validator(mode="after")
    def _order(self) -> PPeriod:
        if self.start and self.end and self.end < self.start:
            raise ValueError("end before start")
        return self


class PCount(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    value: Annotated[float, pydantic.Field(ge=0, allow_inf_nan=False)]
    unit: Unit = "person"
    qualifier: Qualifier = Qualifier.exact
    upper: Annotated[float, pydantic.Field(ge=0, allow_inf_nan=False)] | None = None

    @pydantic.model_validator(mode="after")
    def _range(self) -> PCount:
        if (self.qualifier is Qualifier.range) != (self.upper is not None):
            raise ValueError("only a range has an upper bound")
        return self


class PPopulation(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    category: str
    nationality: Country | None = None


class PAttribution(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    source: str
    attributed_to: tuple[str, ...] = ()
    excerpt: str | None = None


class PFlow(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    id: str
    origin: PPlace
    movement: str
    destination: PPlace
    population: PPopulation
    count: PCount | None
    period: PPeriod
    metric: str
    causes: tuple[str, ...] = ()
    attributions: tuple[PAttribution, ...] = ()


class PDocument(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="ignore")
    flows: tuple[PFlow, ...]


class MPlace(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    country: str
    subdivision: str | None = None
    name: str | None = None
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)] | None = None
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)] | None = None


class MPeriod(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    start: dt.date | None = None
    end: dt.date | None = None
    precision: Literal["day", "week", "month", "year"] = "day"
    as_of: dt.date | None = None
    open_start: bool = False


class MCount(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    value: Annotated[float, msgspec.Meta(ge=0)]
    unit: Unit = "person"
    qualifier: Qualifier = Qualifier.exact
    upper: Annotated[float, msgspec.Meta(ge=0)] | None = None


class MPopulation(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    category: str
    nationality: str | None = None


class MAttribution(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    source: str
    attributed_to: tuple[str, ...] = ()
    excerpt: str | None = None


class MFlow(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: str
    origin: MPlace
    movement: str
    destination: MPlace
    population: MPopulation
    count: MCount | None
    period: MPeriod
    metric: str
    causes: tuple[str, ...] = ()
    attributions: tuple[MAttribution, ...] = ()


class MDocument(msgspec.Struct):
    flows: tuple[MFlow, ...]


# -- rows -----------------------------------------------------------------------------------


Row = tuple[str, float, str, float, str, str]  # what, ours, baseline name, baseline, unit, target


def json_rows(n: int) -> list[Row]:
    ds = generated_dataset(n)
    text = djson.dumps(ds, indent=None)
    raw = json.loads(text)
    flows_text = json.dumps({"flows": raw["flows"]})
    p_doc = PDocument.model_validate_json(flows_text)
    m_doc = msgspec.json.decode(flows_text, type=MDocument)
    ours_load, p_load, m_load = paired(
        lambda: djson.loads(text),
        lambda: PDocument.model_validate_json(flows_text),
        lambda: msgspec.json.decode(flows_text, type=MDocument),
    )
    ours_dump, p_dump, m_dump = paired(
        lambda: djson.dumps(ds, indent=None),
        lambda: p_doc.model_dump_json(exclude_none=True),
        lambda: msgspec.json.encode(m_doc),
    )
    per = 1e6 / n
    return [
        ("1. JSON load, µs per flow", ours_load * per, "pydantic v2", p_load * per, "µs", "<= 0.5x"),
        ("1. JSON load, µs per flow", ours_load * per, "msgspec", m_load * per, "µs", ""),
        ("2. JSON dump, µs per flow", ours_dump * per, "pydantic v2", p_dump * per, "µs", ""),
        ("2. JSON dump, µs per flow", ours_dump * per, "msgspec", m_dump * per, "µs", ""),
    ]


def unhcr_rows() -> tuple[list[Row], list[Row]]:
    import importlib.util

    path = DATA / "flows.csv"
    load = unhcr.read_flows(path)
    arrow = importlib.util.find_spec("pyarrow") is not None  # the `arrow` extra: read with pyarrow.csv

    def without_pyarrow() -> Any:  # the columnar path with the csv module, as without pyarrow
        unhcr._ARROW = False
        try:
            return unhcr.read_flows(path)
        finally:
            unhcr._ARROW = None

    ours, pure, theirs = paired(lambda: unhcr.read_flows(path), without_pyarrow, lambda: pd.read_csv(path))
    frame = pd.read_csv(path)
    value_columns = ["refugees", "asylum_seekers", "refugee_like", "oip"]

    def pandas_total() -> Any:
        return frame.groupby(["coo_iso", "coa_iso", "year"])[value_columns].sum(min_count=1)

    by = ("origin", "destination", "year", "metric")

    def cold() -> Any:
        # a new dataset of the same records: its columns are not built yet
        fresh = d.Dataset(sources=load.dataset.sources, flows=load.dataset.flows)
        t0 = time.perf_counter()
        fresh.total(by=by)
        return time.perf_counter() - t0

    cold_times, p_times = [], []
    for _ in range(REPEATS):  # in turns, as `paired` does
        cold_times.append(cold())
        p_times.append(timed(pandas_total))
    cold_time, p_total = min(cold_times), min(p_times)
    load.dataset.total(by=by)
    warm, p_total_again = paired(lambda: load.dataset.total(by=by), pandas_total)
    p_total = min(p_total, p_total_again)
    rows = [
        (
            f"3. UNHCR flows.csv to objects ({'pyarrow.csv' if arrow else 'pyarrow not installed'}), s",
            ours,
            "pandas.read_csv",
            theirs,
            "s",
            "<= 5x",
        ),
        ("3. UNHCR flows.csv to objects (no pyarrow), s", pure, "pandas.read_csv", theirs, "s", "<= 15x"),
    ]
    total_rows = [
        (
            "4. total by corridor/year/metric, first call, ms",
            cold_time * 1e3,
            "pandas groupby-sum",
            p_total * 1e3,
            "ms",
            "<= 2x",
        ),
        (
            "4. total by corridor/year/metric, later calls, ms",
            warm * 1e3,
            "pandas groupby-sum",
            p_total * 1e3,
            "ms",
            "<= 2x",
        ),
    ]
    return rows, total_rows


def memory_rows() -> list[Row]:
    path = DATA / "flows.csv"
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    load = unhcr.read_flows(path)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n = len(load.dataset.flows)
    per_flow = (held - before) / n
    frame_bytes = pd.read_csv(path).memory_usage(deep=True).sum() / n
    return [
        (
            "5. memory held per Flow (whole Dataset), bytes",
            per_flow,
            "pandas row (deep)",
            frame_bytes,
            "B",
            "<= 400 B",
        ),
        (
            "5. peak memory of the UNHCR load, MB",
            (peak - before) / 1e6,
            "held after load",
            (held - before) / 1e6,
            "MB",
            "",
        ),
    ]


def import_rows() -> list[Row]:
    def fresh(code: str) -> Callable[[], Any]:
        return lambda: subprocess.run([sys.executable, "-c", code], check=True)

    empty, ours, pint = paired(
        fresh("pass"), fresh("import displacement"), fresh("import pint"), repeats=max(REPEATS, 7)
    )
    ours, pint = ours - empty, pint - empty
    return [
        (
            "6. import time (fresh process, minus an empty one), ms",
            ours * 1e3,
            "import pint",
            pint * 1e3,
            "ms",
            "<= 1.3x",
        )
    ]


def parquet_rows(n: int) -> list[Row]:
    """Row 7, from benchmarks/parquet_pipeline.py run in a fresh process (its memory is its own)."""
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve().parent / "parquet_pipeline.py"),
            "--flows",
            str(n),
            "--repeats",
            str(min(REPEATS, 3)),  # a million flows a run: three runs in turns are enough
            "--json",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(done.stdout)
    return [
        (
            "7. Parquet -> Dataset -> total -> Parquet, s",
            found["ours_s"],
            "pandas read/groupby/write",
            found["pandas_s"],
            "s",
            "",
        ),
        (
            "7. the same totals in DuckDB (engines.duckdb_total), s",
            found["engine_s"],
            "DuckDB sum(count_value)",
            found["duckdb_sum_s"],
            "s",
            "",
        ),
        (
            "7. memory held per flow after the Parquet load, bytes",
            found["held_bytes_per_flow"],
            "pandas row (deep)",
            found["pandas_bytes_per_row"],
            "B",
            "<= 400 B",
        ),
        (
            "7. peak memory per flow of the Parquet load, bytes",
            found["peak_bytes_per_flow"],
            "held after load",
            found["held_bytes_per_flow"],
            "B",
            "",
        ),
    ]


def command_rows() -> list[Row]:
    """Row 8: the console script against the same work done by a Python one-liner, both fresh."""
    script = Path(sys.executable).parent / "displacement"
    flows = str(DATA / "flows.csv")
    where = ["--where", "category=refugees", "--where", "metric=arrivals", "--during", "2022"]
    command = [str(script), "total", flows, *where, "--by", "origin,destination", "--explain"]
    code = (
        "import displacement as d\n"
        "from displacement.io import unhcr\n"
        f"ds = unhcr.read_flows({flows!r}).dataset\n"
        "print(ds.total(by=('origin', 'destination'), during=d.Period.year(2022), where=lambda f: "
        "f.metric is d.Metric.ARRIVALS and f.population.category is d.PopulationCategory.REFUGEES))\n"
    )

    def run(args: list[str]) -> Callable[[], Any]:
        return lambda: subprocess.run(args, check=True, capture_output=True)

    ours, python = paired(run(command), run([sys.executable, "-c", code]), repeats=min(REPEATS, 3))
    return [
        (
            "8. displacement total flows.csv (fresh process), s",
            ours,
            "the same in Python",
            python,
            "s",
            "<= 1.5x",
        )
    ]


def chart_rows() -> list[Row]:
    """Row 9: the corridors chart of a year's refugee arrivals in UNHCR's flows (the 25 largest of
    its corridors, drawn and saved as PNG) against a plain matplotlib bar chart of the same 25
    from a pandas groupby of the same rows, which draws every figure as exact and knows nothing
    of bounds, sources or periods. Both from data already loaded; the dataset's columns are built
    before the timing (rows 4 time that)."""
    import io

    from matplotlib.figure import Figure

    from displacement.plot import corridors

    dataset = unhcr.read_flows(DATA / "flows.csv").dataset
    year = d.Period.year(2022)

    def arrivals(flow: d.Flow) -> bool:
        return flow.metric is d.Metric.ARRIVALS and flow.population.category is d.PopulationCategory.REFUGEES

    frame = pd.read_csv(DATA / "flows.csv", keep_default_na=False, na_values=[""])
    frame = frame[(frame["year"] == 2022) & frame["refugees"].notna()]

    def ours() -> None:
        corridors(dataset, during=year, where=arrivals).figure.savefig(io.BytesIO(), format="png")

    def baseline() -> None:
        top = frame.groupby(["coo_iso", "coa_iso"])["refugees"].sum().nlargest(25)
        ax = Figure(figsize=(8, 12), layout="constrained").add_subplot()
        ax.barh([f"{o} → {a}" for o, a in top.index], top.to_numpy())
        ax.figure.savefig(io.BytesIO(), format="png")

    dataset.total(during=year, where=arrivals)  # the columns, built once a dataset
    mine, theirs = paired(ours, baseline)
    return [
        (
            "9. corridors chart of a year (25 of its corridors) to PNG, s",
            mine,
            "pandas + plain barh",
            theirs,
            "s",
            "<= 3x",  # ours draws 25 labels, a caption and open ends that the baseline does not
        )
    ]


def met(target: str, ours: float, ratio: float) -> str:
    """``yes`` or ``no`` for a target such as ``<= 1.3x`` (a ratio) or ``<= 400 B`` (our value)."""
    if not target:
        return ""
    limit = target.removeprefix("<= ").partition(" ")[0]
    if limit.endswith("x"):
        return "yes" if ratio <= float(limit[:-1]) else "no"
    return "yes" if ours <= float(limit) else "no"


def main() -> None:
    global REPEATS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("flows", nargs="?", type=int, default=100_000, help="generated flows for rows 1-2")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timings per row; the best is kept")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent / "RESULTS.md", help="the table's file"
    )
    parser.add_argument(
        "--parquet-flows", type=int, default=1_000_000, help="generated flows for row 7", metavar="N"
    )
    args = parser.parse_args()
    n, REPEATS = args.flows, args.repeats
    rows: list[Row] = []
    rows += json_rows(n)
    loaded, totals = unhcr_rows()
    rows += loaded + totals
    rows += memory_rows()
    rows += import_rows()
    rows += parquet_rows(args.parquet_flows)
    rows += command_rows()
    rows += chart_rows()
    lines = [
        "# Benchmark results",
        "",
        f"`python benchmarks/run.py` on {dt.date.today().isoformat()}, Python {sys.version.split()[0]}, "
        f"pydantic {pydantic.VERSION}, msgspec {msgspec.__version__}, pandas {pd.__version__}; "
        f"{n:,} generated flows for rows 1-2, UNHCR flows.csv for rows 3-5, "
        f"{args.parquet_flows:,} generated flows for row 7, UNHCR flows.csv for rows 8-9. Best of {REPEATS} "
        f"runs (rows 7 and 8: {min(REPEATS, 3)}), "
        "each contender and its baselines timed in turns; ratios are ours / baseline from the same run.",
        "",
        "| row | displacement | baseline | baseline value | ratio | target | met |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for what, ours, name, theirs, unit, target in rows:
        ratio = ours / theirs if theirs else float("nan")
        lines.append(
            f"| {what} | {ours:,.2f} {unit} | {name} | {theirs:,.2f} {unit} | {ratio:.2f}x | {target} "
            f"| {met(target, ours, ratio)} |"
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
