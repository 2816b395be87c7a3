"""Arrow and Parquet: an exact round trip, a stable schema, and engines that agree with the library."""

from __future__ import annotations

import pathlib
from collections import defaultdict

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import (
    Count,
    Dataset,
    Flow,
    Qualifier,
    Stock,
    ValidationError,
    examples,
)

pa = pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
pq = pytest.importorskip("pyarrow.parquet")
import record_strategies  # noqa: E402
from displacement.io import arrow  # noqa: E402  (needs pyarrow)
from displacement.io.account import Load  # noqa: E402


@given(st.lists(record_strategies.flows(), max_size=6))
def test_flows_round_trip_exactly(records: list[Flow]) -> None:
    table = arrow.to_arrow(records, "flows")
    assert table.schema.equals(arrow.FLOWS_SCHEMA, check_metadata=True)
    back = arrow.from_arrow(table, "flows")
    assert back == tuple(records)
    assert [repr(r) for r in back] == [repr(r) for r in records]  # ints stay ints, floats floats


@given(st.lists(record_strategies.stocks(), max_size=6))
def test_stocks_round_trip_exactly(records: list[Stock]) -> None:
    back = arrow.from_arrow(arrow.to_arrow(records, "stocks"))
    assert back == tuple(records)
    assert [repr(r) for r in back] == [repr(r) for r in records]


def test_the_example_round_trips_through_parquet(tmp_path: pathlib.Path) -> None:
    ds = examples.kazakhstan_2022()
    arrow.write_parquet(ds, "flows", tmp_path / "flows.parquet", compression="zstd")
    flows = arrow.read_parquet(tmp_path / "flows.parquet")
    assert flows == ds.flows
    assert Dataset(sources=ds.sources, actors=ds.actors, events=ds.events, flows=flows) == ds
    stored = pq.read_schema(tmp_path / "flows.parquet")
    assert stored.metadata[b"displacement.kind"] == b"flows"
    assert stored.field("origin_country").type == pa.dictionary(pa.int32(), pa.string())


def test_the_schema_is_stable() -> None:
    """Renaming or retyping a column breaks users' queries: this list changes only with SCHEMA_VERSION."""
    assert arrow.SCHEMA_VERSION == "1"
    assert arrow.FLOWS_SCHEMA.names == [
        "id",
        *(f"origin_{p}" for p in ("country", "subdivision", "name", "lat", "lon")),
        *(f"destination_{p}" for p in ("country", "subdivision", "name", "lat", "lon")),
        "movement",
        "metric",
        "period_start",
        "period_end",
        "period_precision",
        "period_as_of",
        "period_open_start",
        "population_category",
        "population_nationality",
        "population_description",
        "population_cohorts",
        "count_value",
        "count_upper",
        "count_unit",
        "count_qualifier",
        "count_float",
        "causes",
        "attributions",
        "term",
        "description",
    ]
    assert arrow.STOCKS_SCHEMA.names == [
        "id",
        *(f"place_{p}" for p in ("country", "subdivision", "name", "lat", "lon")),
        "as_of",
        *arrow.FLOWS_SCHEMA.names[arrow.FLOWS_SCHEMA.names.index("population_category") :],
    ]
    types = {f.name: str(f.type) for f in arrow.STOCKS_SCHEMA}
    assert types["count_value"] == "double"
    assert types["as_of"] == "date32[day]"
    assert types["population_cohorts"].startswith("list<item: struct<sex: string, min_age: int16")
    assert types["attributions"] == (
        "list<item: struct<source: string not null, attributed_to: list<item: string> not null, excerpt: string>>"
    )


# -- reading tables that went elsewhere ---------------------------------------------------------


def flow_table() -> object:
    return arrow.to_arrow(examples.kazakhstan_2022(), "flows")


def test_tables_from_other_engines_are_cast_back() -> None:
    """DuckDB and Spark hand back plain strings and large strings, and drop the metadata."""
    table = flow_table()
    plain = pa.table(
        {
            name: table.column(name).cast(pa.large_string())
            if pa.types.is_dictionary(table.column(name).type)
            else table.column(name)
            for name in table.column_names
        }
    )
    assert plain.schema.metadata is None
    assert arrow.from_arrow(plain) == examples.kazakhstan_2022().flows
    assert arrow.from_arrow(table.slice(1, 2)) == examples.kazakhstan_2022().flows[1:3]
    assert arrow.from_arrow(table.to_batches()[0]) == examples.kazakhstan_2022().flows


def test_bad_tables_fail_with_every_problem() -> None:
    table = flow_table()
    counts = table.column("count_value").to_pylist()
    counts[1] = -5.0
    movements = table.column("movement").to_pylist()
    movements[2] = "teleport"
    bad = table.set_column(
        table.schema.get_field_index("count_value"), "count_value", pa.array(counts, pa.float64())
    ).set_column(table.schema.get_field_index("movement"), "movement", pa.array(movements))
    with pytest.raises(ValidationError) as caught:
        arrow.from_arrow(bad)
    assert caught.value.title == "invalid flows table (2 problems)"
    assert [e.describe() for e in caught.value.errors] == [
        "rows[1].count.value: -5 is negative",
        "rows[2].movement: 'teleport' is not a Movement (cross_border, internal, return, evacuation, "
        "relocation, resettlement, local_integration)",
    ]


def test_wrong_shapes_are_refused() -> None:
    table = flow_table()
    with pytest.raises(ValidationError, match="kind: the table holds flows, not stocks"):
        arrow.from_arrow(table, "stocks")
    with pytest.raises(ValidationError, match="has no column term") as caught:
        arrow.from_arrow(table.drop_columns(["term"]))
    assert caught.value.title == "not a table of flows"
    with pytest.raises(ValidationError, match="has columns not in the flows schema: year"):
        arrow.from_arrow(table.append_column("year", pa.array([2022] * 4)))
    with pytest.raises(ValidationError, match="period_start: has type string, which does not convert"):
        arrow.from_arrow(
            table.set_column(
                table.schema.get_field_index("period_start"), "period_start", pa.array(["soon"] * 4)
            )
        )
    with pytest.raises(ValidationError, match="cannot tell whether the table holds flows or stocks"):
        arrow.from_arrow(pa.table({"x": [1]}))
    with pytest.raises(ValidationError, match="table: expected a pyarrow Table, got"):
        arrow.from_arrow([1, 2])
    with pytest.raises(ValidationError, match="kind: expected 'flows' or 'stocks', got 'events'"):
        arrow.to_arrow(examples.kazakhstan_2022(), "events")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"stocks\[0\]: expected a Stock, got"):
        arrow.to_arrow(examples.kazakhstan_2022().flows, "stocks")
    future = table.replace_schema_metadata({b"displacement.kind": b"flows", b"displacement.schema": b"9"})
    with pytest.raises(ValidationError, match="uses schema version 9, this library reads 1"):
        arrow.from_arrow(future)


def test_a_count_without_a_value_is_refused() -> None:
    table = flow_table()
    values = table.column("count_value").to_pylist()
    values[0] = None
    bad = table.set_column(table.schema.get_field_index("count_value"), "count_value", pa.array(values))
    with pytest.raises(
        ValidationError, match=r"rows\[0\].count: has a unit, qualifier or upper bound but no value"
    ):
        arrow.from_arrow(bad)


def test_counts_beyond_float64_precision_are_refused() -> None:
    huge = attrs.evolve(examples.kazakhstan_2022().flows[0], count=Count(2**53 + 1))
    with pytest.raises(ValidationError, match=r"flows\[0\].count.value: 9007199254740993 is too large"):
        arrow.to_arrow([huge], "flows")


def test_a_file_that_is_not_parquet_fails_clearly(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.parquet"
    path.write_text("not parquet")
    with pytest.raises(ValidationError, match="is not a readable Parquet file"):
        arrow.read_parquet(path)


# -- engines agree with the library on the real UNHCR flows ---------------------------------------


def library_totals(dataset: Dataset) -> dict[tuple[str, str, int, str], float]:
    """The library's own totals (`Dataset.total`) by corridor, year and metric.

    Metric is part of the key because arrivals and asylum applications count different things and
    the library refuses to add them; the engine queries group the same way.
    """
    totals = dataset.total(by=("origin", "destination", "year", "metric"))
    out: dict[tuple[str, str, int, str], float] = {}
    for (origin, destination, year, metric), total in totals.items():
        assert total.count is not None
        assert total.count.qualifier is Qualifier.EXACT
        assert total.set_aside == ()
        out[origin, destination, year, str(metric)] = total.count.magnitude
    return out


def plain_totals(dataset: Dataset) -> dict[tuple[str, str, int, str], float]:
    """The same totals summed in plain Python: a check on `Dataset.total` itself."""
    totals: dict[tuple[str, str, int, str], float] = defaultdict(float)
    for flow in dataset.flows:
        assert flow.count is not None
        assert flow.period.start is not None
        key = (flow.origin.country, flow.destination.country, flow.period.start.year, flow.metric.value)
        totals[key] += flow.count.magnitude
    return dict(totals)


def test_library_totals_equal_a_plain_sum(unhcr_flows: Load) -> None:
    assert library_totals(unhcr_flows.dataset) == plain_totals(unhcr_flows.dataset)


@pytest.fixture(scope="module")
def flows_parquet(unhcr_flows: Load, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("parquet") / "flows.parquet"
    arrow.write_parquet(unhcr_flows.dataset, "flows", path)
    return path


def test_the_real_flows_round_trip_through_parquet(unhcr_flows: Load, flows_parquet: pathlib.Path) -> None:
    assert arrow.read_parquet(flows_parquet, "flows") == unhcr_flows.dataset.flows


def test_duckdb_totals_by_corridor_and_year_agree(unhcr_flows: Load, flows_parquet: pathlib.Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(
        "SELECT origin_country, destination_country, year(period_start) AS year, metric, sum(count_value) "
        f"FROM read_parquet('{flows_parquet}') GROUP BY ALL"
    ).fetchall()
    engine = {(o, d, y, m): total for o, d, y, m, total in rows}
    expected = library_totals(unhcr_flows.dataset)
    assert len(engine) == len(expected) > 50_000
    assert engine == expected
    syria_to_germany = duckdb.sql(
        f"SELECT sum(count_value) FROM read_parquet('{flows_parquet}') "
        "WHERE origin_country = 'SYR' AND destination_country = 'DEU' AND year(period_start) = 2015 "
        "AND metric = 'applications'"
    ).fetchall()
    assert syria_to_germany == [(expected["SYR", "DEU", 2015, "applications"],)]
    assert expected["SYR", "DEU", 2015, "applications"] > 100_000


# Dask's own Parquet reader calls DataFrame.reset_index(inplace=True), which pandas 3.1 deprecates;
# the warning is about Dask's code, not ours, so it is the one warning this test lets through.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index is deprecated")
def test_dask_totals_by_corridor_and_year_agree(unhcr_flows: Load, flows_parquet: pathlib.Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    frame = dd.read_parquet(
        flows_parquet,
        columns=["origin_country", "destination_country", "period_start", "metric", "count_value"],
    )
    frame = frame.assign(
        origin=frame.origin_country.astype(str),
        destination=frame.destination_country.astype(str),
        year=dd.to_datetime(frame.period_start).dt.year,
        metric_name=frame.metric.astype(str),
    )
    result = (
        frame.groupby(["origin", "destination", "year", "metric_name"])
        .count_value.sum()
        .compute(scheduler="synchronous")
    )
    engine = {(o, d, int(y), m): float(total) for (o, d, y, m), total in result.items()}
    assert engine == library_totals(unhcr_flows.dataset)
