"""Arrow and Parquet: an exact round trip, a stable schema, and engines that agree with the library."""

from __future__ import annotations

import pathlib
from collections import defaultdict
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import displacement as d
from displacement import (
    Cohort,
    Count,
    Dataset,
    DocumentError,
    Flow,
    Place,
    Qualifier,
    Sex,
    Stock,
    ValidationError,
    examples,
)

pa = pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
pq = pytest.importorskip("pyarrow.parquet")
import record_strategies  # noqa: E402
from displacement.io import arrow  # noqa: E402  (needs pyarrow)
from displacement.io.account import Load  # noqa: E402

KAZ = examples.kazakhstan_2022()  # the context that the example's flows refer into


@given(st.lists(record_strategies.flows(), max_size=6, unique_by=lambda f: f.id))
def test_flows_round_trip_exactly(records: list[Flow]) -> None:
    context = record_strategies.context(records)
    assume(not any(r.id in context for r in records))
    table = arrow.to_arrow(records, kind="flows")
    expected = pa.schema([*arrow.FLOWS_SCHEMA, *arrow.ENGINE_FIELDS], metadata=arrow.FLOWS_SCHEMA.metadata)
    assert table.schema.equals(expected, check_metadata=True)
    assert arrow.to_arrow(records, kind="flows", engine_columns=False).schema.equals(arrow.FLOWS_SCHEMA)
    back, account = arrow.from_arrow(table, "flows", context=context)
    assert (account.rows, account.loaded, account.records, account.balanced) == (len(records),) * 3 + (True,)
    back = back.flows
    assert back == tuple(records)
    assert [repr(r) for r in back] == [repr(r) for r in records]  # ints stay ints, floats floats


@given(st.lists(record_strategies.stocks(), max_size=6, unique_by=lambda s: s.id))
def test_stocks_round_trip_exactly(records: list[Stock]) -> None:
    context = record_strategies.context(records)
    assume(not any(r.id in context for r in records))
    back = arrow.from_arrow(arrow.to_arrow(records, kind="stocks"), context=context).dataset.stocks
    assert back == tuple(records)
    assert [repr(r) for r in back] == [repr(r) for r in records]


def test_the_example_round_trips_through_parquet(tmp_path: pathlib.Path) -> None:
    ds = examples.kazakhstan_2022()
    arrow.write_parquet(ds, tmp_path / "flows.parquet", kind="flows", compression="zstd")
    flows = arrow.read_parquet(tmp_path / "flows.parquet", context=ds).dataset.flows
    assert flows == ds.flows
    assert Dataset(sources=ds.sources, actors=ds.actors, events=ds.events, flows=flows) == ds
    stored = pq.read_schema(tmp_path / "flows.parquet")
    assert stored.metadata[b"displacement.kind"] == b"flows"
    assert stored.field("origin_country").type == pa.dictionary(pa.int32(), pa.string())


PLACE_COLUMNS = ("country", "subdivision", "name", "lat", "lon", "admin1", "admin2", "admin3", "accuracy")


def test_the_schema_is_stable() -> None:
    """Renaming or retyping a column breaks users' queries: this list changes only with SCHEMA_VERSION."""
    assert arrow.SCHEMA_VERSION == "1.2"
    assert arrow.FLOWS_SCHEMA.names == [
        "id",
        # admin1..admin3 and accuracy are new in issue 15: tables without them still read (None)
        *(f"origin_{p}" for p in PLACE_COLUMNS),
        *(f"destination_{p}" for p in PLACE_COLUMNS),
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
        "population_shares",  # new in issue 17: tables without it still read (no shares)
        "count_value",
        "count_upper",
        "count_unit",
        "count_qualifier",
        "count_float",
        "count_household_size",  # new in issue 14: tables without it still read (None)
        "causes",
        "attributions",
        "term",
        "description",
        # new in issue 16, after every older column: tables without them still read (none, None)
        "via",
        "cause_kind",
    ]
    assert (
        arrow.STOCKS_SCHEMA.names
        == [
            "id",
            *(f"place_{p}" for p in PLACE_COLUMNS),
            "as_of",
            "as_of_precision",  # new in issue 17: tables without it read as day
            *(
                n
                for n in arrow.FLOWS_SCHEMA.names[arrow.FLOWS_SCHEMA.names.index("population_category") :]
                if n != "via"
            ),
        ]
    )
    types = {f.name: str(f.type) for f in arrow.STOCKS_SCHEMA}
    assert types["count_value"] == "double"
    assert types["as_of"] == "date32[day]"
    assert types["as_of_precision"] == "dictionary<values=string, indices=int32, ordered=0>"
    assert types["population_cohorts"].startswith("list<item: struct<sex: string, min_age: int16")
    assert types["population_cohorts"].endswith(
        "count_household_size: double, settlement: string, in_camp: bool, disability: bool>>"
    )
    assert types["population_shares"] == (
        "list<item: struct<nationality: string, category: string, count_value: double, count_float: bool, "
        "count_unit: string, count_qualifier: string, count_upper: double, count_household_size: double, "
        "fraction: double, qualifier: string not null>>"
    )
    assert types["cause_kind"] == "dictionary<values=string, indices=int32, ordered=0>"
    assert str(arrow.FLOWS_SCHEMA.field("via").type).startswith("list<item: struct<country: string not null")
    assert types["attributions"] == (
        "list<item: struct<source: string not null, attributed_to: list<item: string> not null, excerpt: string>>"
    )


# -- reading tables that went elsewhere ---------------------------------------------------------


def flow_table() -> object:
    return arrow.to_arrow(examples.kazakhstan_2022(), kind="flows")


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
    assert arrow.from_arrow(plain, context=KAZ).dataset.flows == examples.kazakhstan_2022().flows
    assert (
        arrow.from_arrow(table.slice(1, 2), context=KAZ).dataset.flows
        == examples.kazakhstan_2022().flows[1:3]
    )
    assert (
        arrow.from_arrow(table.to_batches()[0], context=KAZ).dataset.flows == examples.kazakhstan_2022().flows
    )


def test_bad_tables_fail_with_every_problem() -> None:
    table = flow_table()
    counts = table.column("count_value").to_pylist()
    counts[0] = -5.0
    movements = table.column("movement").to_pylist()
    movements[2] = "teleport"
    bad = table.set_column(
        table.schema.get_field_index("count_value"), "count_value", pa.array(counts, pa.float64())
    ).set_column(table.schema.get_field_index("movement"), "movement", pa.array(movements))
    with pytest.raises(ValidationError) as caught:
        arrow.from_arrow(bad)
    assert caught.value.title == "invalid flows table (2 problems)"
    assert [e.describe() for e in caught.value.errors] == [
        "rows[0].count.value: -5 is negative",
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
    with pytest.raises(
        ValidationError, match=r"period_start: has type string, expected date32\[day\] \(dates\)"
    ):
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
        arrow.to_arrow(examples.kazakhstan_2022(), kind="events")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"stocks\[0\]: expected a Stock, got"):
        arrow.to_arrow(examples.kazakhstan_2022().flows, kind="stocks")
    future = table.replace_schema_metadata({b"displacement.kind": b"flows", b"displacement.schema": b"9"})
    with pytest.raises(ValidationError) as exc:
        arrow.from_arrow(future)
    assert str(exc.value) == "table: uses schema version 9, this library reads 1.0, 1.1, 1.2"


def test_a_table_from_before_the_one_schema_version_is_read() -> None:
    """Development versions before 0.1.0 wrote "1" for the same columns that "1.0" names now."""
    table = arrow.to_arrow(examples.kazakhstan_2022(), kind="flows")
    assert table.schema.metadata[b"displacement.schema"] == b"1.2"
    old = table.replace_schema_metadata({b"displacement.kind": b"flows", b"displacement.schema": b"1"})
    assert arrow.from_arrow(old, context=KAZ).dataset.flows == examples.kazakhstan_2022().flows


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
    # a Count holds at most 2**53 - 1, so every count it writes is exact as a float64; a table
    # from elsewhere that holds more is refused on reading, with its row
    table = arrow.to_arrow(examples.kazakhstan_2022().flows, kind="flows")
    i = table.schema.get_field_index("count_value")
    values = table.column(i).to_pylist()
    values[0] = 2.0**53
    table = table.set_column(i, table.schema.field(i), pa.array(values, table.schema.field(i).type))
    with pytest.raises(ValidationError, match=r"rows\[0\]\.count\.value: 9,007,199,254,740,992 is above"):
        arrow.from_arrow(table, "flows")


def test_a_file_that_is_not_parquet_fails_clearly(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.parquet"
    path.write_text("not parquet")
    with pytest.raises(DocumentError, match=r"flows\.parquet: not a readable Parquet file"):
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
    arrow.write_parquet(unhcr_flows.dataset, path, kind="flows")
    return path


def test_the_real_flows_round_trip_through_parquet(unhcr_flows: Load, flows_parquet: pathlib.Path) -> None:
    context = unhcr_flows.dataset
    assert arrow.read_parquet(flows_parquet, "flows", context=context).dataset.flows == context.flows


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


# -- nulls and other types are reported, never repaired (issue 13) -------------------------------


def replaced(table: Any, name: str, values: Any) -> Any:
    """*table* with the column *name* replaced by *values* (a pyarrow array)."""
    return table.set_column(table.schema.get_field_index(name), name, values)


def problems(table: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        arrow.from_arrow(table)
    return [e.describe() for e in caught.value.errors]


REQUIRED = [f.name for f in arrow.FLOWS_SCHEMA if not f.nullable]


@pytest.mark.parametrize("name", REQUIRED)
def test_a_null_in_a_required_column_is_reported_with_its_rows(name: str) -> None:
    """A null qualifier or precision used to become EXACT or DAY; a null list, an empty one."""
    table = flow_table()
    column = table.column(name)
    values = column.to_pylist()
    values[1] = values[3] = None
    plain = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
    assert problems(replaced(table, name, pa.array(values, plain))) == [
        f"{name}: is null in rows 1 and 3, where a value is required"
    ]


@pytest.mark.parametrize("name", ["count_unit", "count_qualifier", "count_float"])
def test_a_count_with_a_value_and_a_null_part_is_reported(name: str) -> None:
    table = flow_table()
    values = table.column(name).to_pylist()
    assert values[0] is not None  # the first flow is quantified: 98,000 people
    values[0] = None
    assert problems(replaced(table, name, pa.array(values))) == [
        f"rows[0].count: has a value but a null {name}"
    ]
    values = table.column(name).to_pylist()
    values[1] = values[0]  # the second flow has no count
    assert problems(replaced(table, name, pa.array(values))) == [
        "rows[1].count: has a unit, qualifier or upper bound but no value"
    ]


def test_a_whole_count_marked_as_ints_must_be_whole() -> None:
    table = flow_table()
    values = table.column("count_value").to_pylist()
    values[0] = 98000.5
    assert problems(replaced(table, "count_value", pa.array(values))) == [
        "rows[0].count.value: 98000.5 is not a whole number, but count_float says the count holds ints"
    ]


def cohort_table(cohort: dict[str, Any] | None, *, field_type: Any = None) -> Any:
    """The example's flows, the first with *cohort* as its only cohort."""
    table = flow_table()
    good = {
        "sex": "female",
        "min_age": 0,
        "max_age": 4,
        "count_value": 10.0,
        "count_upper": None,
        "count_unit": "person",
        "count_qualifier": "exact",
        "count_float": False,
    }
    cohorts = [[good if cohort is None else {**good, **cohort}], [], [], []]
    tp = pa.list_(field_type) if field_type is not None else table.schema.field("population_cohorts").type
    return replaced(table, "population_cohorts", pa.array(cohorts, tp))


def test_nulls_inside_cohorts_and_attributions_are_reported() -> None:
    assert (
        arrow.from_arrow(cohort_table(None), context=KAZ).dataset.flows[0].population.cohorts[0].max_age == 4
    )
    assert problems(cohort_table({"count_qualifier": None, "count_float": None})) == [
        "population_cohorts.count_qualifier: is null in row 0, where a value is required",
        "population_cohorts.count_float: is null in row 0, where a value is required",
    ]
    table = flow_table()
    cohort_type = table.schema.field("population_cohorts").type
    assert problems(replaced(table, "population_cohorts", pa.array([[None], [], [], []], cohort_type))) == [
        "population_cohorts: is null in row 0, where a value is required"
    ]
    attributions = table.column("attributions").to_pylist()
    attributions[2][0]["attributed_to"] = None
    attributions[3][0]["source"] = None
    bad = replaced(table, "attributions", pa.array(attributions, table.schema.field("attributions").type))
    assert problems(bad) == [
        "attributions.source: is null in row 3, where a value is required",
        "attributions.attributed_to: is null in row 2, where a value is required",
    ]
    causes = table.column("causes").to_pylist()
    causes[1] = [None]
    assert problems(replaced(table, "causes", pa.array(causes, pa.list_(pa.string())))) == [
        "causes: is null in row 1, where a value is required"
    ]


def test_columns_of_other_values_are_reported_not_cast() -> None:
    """Floats for ages, text for dates, numbers for text: each is refused with its column."""
    table = flow_table()
    assert problems(
        cohort_table(
            None,
            field_type=pa.struct(
                [
                    pa.field("sex", pa.string()),
                    pa.field("min_age", pa.float64()),
                    pa.field("max_age", pa.int16()),
                    *list(arrow.FLOWS_SCHEMA.field("population_cohorts").type.value_type)[3:],
                ]
            ),
        )
    ) == [
        "population_cohorts: has items that are not records: field min_age has type double, expected int16 (whole numbers)"
    ]
    assert problems(replaced(table, "period_end", pa.array(["2022-09-27"] * 4))) == [
        "period_end: has type string, expected date32[day] (dates)"
    ]
    assert problems(replaced(table, "count_value", pa.array(["98000", None, None, None]))) == [
        "count_value: has type string, expected double (numbers)"
    ]
    assert problems(replaced(table, "origin_name", pa.array([1, 2, 3, 4]))) == [
        "origin_name: has type int64, expected string (text)"
    ]
    assert problems(replaced(table, "period_open_start", pa.array([0, 1, 0, 1], pa.int8()))) == [
        "period_open_start: has type int8, expected bool (true or false)"
    ]
    assert problems(replaced(table, "causes", pa.array([[1], [], [], []], pa.list_(pa.int8())))) == [
        "causes: has items that are not text: has type int8, expected string (text)"
    ]
    fewer = pa.struct([pa.field("source", pa.string()), pa.field("excerpt", pa.string())])
    assert problems(replaced(table, "attributions", pa.array([[], [], [], []], pa.list_(fewer)))) == [
        "attributions: has items that are not records: has fields source, excerpt, expected source, "
        "attributed_to, excerpt"
    ]


def test_timestamps_are_dates_only_at_midnight() -> None:
    table = flow_table()
    starts = table.column("period_start").to_pylist()
    midnight = pa.array(starts, pa.date32()).cast(pa.timestamp("us"))
    assert (
        arrow.from_arrow(replaced(table, "period_start", midnight), context=KAZ).dataset.flows
        == examples.kazakhstan_2022().flows
    )
    later = pa.array(
        [None if t is None else t + 3_600_000_000 for t in midnight.cast(pa.int64()).to_pylist()], pa.int64()
    ).cast(pa.timestamp("us"))
    assert problems(replaced(table, "period_start", later)) == [
        "period_start: has times of day: a date column holds whole days"
    ]


def test_dates_python_cannot_hold_are_reported() -> None:
    table = flow_table()
    ends = pa.array([None, None, 3_000_000, None], pa.int32()).cast(pa.date32())
    assert problems(replaced(table, "period_end", ends)) == [
        "period_end: has dates outside the years 1 to 9999 in row 2"
    ]


def test_the_same_values_in_another_layout_read_back() -> None:
    """What engines write for the same values: int counts, large lists, date64, narrow ints."""
    table = flow_table()
    same = replaced(table, "count_value", table.column("count_value").cast(pa.int64()))
    same = replaced(same, "causes", same.column("causes").cast(pa.large_list(pa.large_string())))
    same = replaced(same, "period_as_of", same.column("period_as_of").cast(pa.date64()))
    same = replaced(same, "term", pa.nulls(4, pa.null()))
    flows = examples.kazakhstan_2022().flows
    assert arrow.from_arrow(same, context=KAZ).dataset.flows == tuple(
        attrs.evolve(f, term=None) for f in flows
    )
    assert (
        arrow.from_arrow(
            cohort_table(
                None,
                field_type=pa.struct(
                    [
                        pa.field("sex", pa.string()),
                        pa.field("min_age", pa.int64()),
                        pa.field("max_age", pa.uint8()),
                        *list(arrow.FLOWS_SCHEMA.field("population_cohorts").type.value_type)[3:],
                    ]
                ),
            ),
            context=KAZ,
        )
        .dataset.flows[0]
        .population.cohorts[0]
        .max_age
        == 4
    )
    big = replaced(table, "count_value", pa.array([2**53 + 1, None, None, None], pa.int64()))
    assert problems(big) == [
        "count_value: has values that do not fit double (Integer value 9007199254740993 not in range: "
        "-9007199254740992 to 9007199254740992)"
    ]


def test_repeated_and_unchecked_columns_are_reported() -> None:
    table = flow_table()
    twice = pa.Table.from_arrays([*table.columns, table.column("term")], names=[*table.column_names, "term"])
    with pytest.raises(ValidationError, match="table: has more than one column term"):
        arrow.from_arrow(twice)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("folder", "is a folder, not a Parquet file"),
        (b"", "not a readable Parquet file (Parquet file size is 0 bytes)"),
        (b"PAR1 not really", "not a readable Parquet file"),
        ("truncated", "not a readable Parquet file"),
    ],
)
def test_a_path_that_is_not_a_parquet_file_fails_clearly(
    tmp_path: pathlib.Path, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / "flows.parquet"
    if content == "folder":
        path.mkdir()
    elif content == "truncated":
        arrow.write_parquet(examples.kazakhstan_2022(), path, kind="flows")
        path.write_bytes(path.read_bytes()[:-100])
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        arrow.read_parquet(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_a_parquet_file_of_other_columns_fails_clearly(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"year": [2022]}), path)
    with pytest.raises(ValidationError, match="cannot tell whether the table holds flows or stocks"):
        arrow.read_parquet(path)
    pq.write_table(pa.table({"origin_country": ["RUS"]}), path)
    with pytest.raises(ValidationError, match="has no column id, origin_subdivision"):
        arrow.read_parquet(path)


# The columns a table had before a count's household size was carried (issue 14): every other
# column, in the same places. Written out, so that a change to the layout cannot move it too.
HOUSEHOLD_SIZE = "count_household_size"


NEW_COLUMNS = (HOUSEHOLD_SIZE, "via", "cause_kind")
"""Columns added since the first layout: a household size (issue 14), a route and a cause kind (16)."""
NEW_COHORT_FIELDS = (HOUSEHOLD_SIZE, "settlement", "in_camp", "disability")
"""Fields of a cohort added since: its household size (issue 14), its dimensions (issue 16)."""


def first_layout(table: Any) -> Any:
    """*table* as the first layout wrote it: none of the columns or cohort fields added since."""
    table = table.drop_columns([n for n in NEW_COLUMNS if n in table.schema.names])
    cohorts = table.schema.field("population_cohorts")
    struct = cohorts.type.value_type
    old = pa.struct(
        [struct.field(i) for i in range(struct.num_fields) if struct.field(i).name not in NEW_COHORT_FIELDS]
    )
    at = table.schema.get_field_index("population_cohorts")
    values = [
        None if cell is None else [{k: v for k, v in c.items() if k not in NEW_COHORT_FIELDS} for c in cell]
        for cell in table.column(at).to_pylist()
    ]
    return table.set_column(at, cohorts.with_type(pa.list_(old)), pa.array(values, pa.list_(old)))


def full_v1_dataset() -> d.Dataset:
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


@pytest.mark.parametrize("kind", ["flows", "stocks"])
def test_a_table_in_the_first_layout_still_reads(kind: str, tmp_path: pathlib.Path) -> None:
    """A Parquet file without the household-size columns (as written before issue 14) reads back,
    with no household sizes, and the new layout keeps every old column in its place."""
    ds = full_v1_dataset()
    new = arrow.to_arrow(ds, kind=kind)  # type: ignore[arg-type]
    old = first_layout(new)
    assert HOUSEHOLD_SIZE not in old.schema.names
    assert [n for n in new.schema.names if n not in NEW_COLUMNS] == old.schema.names
    pq.write_table(old, tmp_path / "v1.parquet")
    back = arrow.read_parquet(tmp_path / "v1.parquet", kind, context=ds).dataset  # type: ignore[arg-type]
    assert getattr(back, kind) == getattr(ds, kind)


def test_household_sizes_round_trip_through_arrow() -> None:
    """A count's and a cohort's household size have columns now (they were refused before)."""
    flow = examples.kazakhstan_2022().flows[0]
    cohort = Cohort(Sex.MALE, 18, None, Count(10, household_size=5))
    flow = attrs.evolve(
        flow,
        count=Count(98000, household_size=4.5),
        population=attrs.evolve(flow.population, cohorts=[cohort]),
    )
    table = arrow.to_arrow([flow], kind="flows")
    assert table.schema.field("count_household_size").type == pa.float64()
    assert table.column("count_household_size").to_pylist() == [4.5]
    assert table.column("population_cohorts").to_pylist()[0][0]["count_household_size"] == 5
    assert arrow.from_arrow(table, context=examples.kazakhstan_2022()).dataset.flows == (flow,)


# -- places below the country (issue 15) ---------------------------------------------------------


def _somalia_flows() -> list[Flow]:
    flow = examples.kazakhstan_2022().flows[0]
    return [
        attrs.evolve(
            flow,
            id="prmn-1",
            origin=Place("SOM", admin2="SO2401", name="Bulo Burto IDP site"),
            destination=Place("SOM", admin2="SO2201", lat=2.04, lon=45.34, accuracy=d.Accuracy.ADMIN2),
            causes=(),
            attributions=(),
        ),
        attrs.evolve(flow, id="eth-1", origin=Place("ETH", admin3="ET041291"), causes=(), attributions=()),
    ]


def test_places_below_the_country_have_their_columns_and_values(tmp_path: pathlib.Path) -> None:
    table = arrow.to_arrow(_somalia_flows(), kind="flows")
    types = {f.name: str(f.type) for f in table.schema}
    for p in ("admin1", "admin2", "admin3", "accuracy"):
        assert types[f"origin_{p}"] == "dictionary<values=string, indices=int32, ordered=0>"
    columns = [f"origin_{p}" for p in PLACE_COLUMNS] + [f"destination_{p}" for p in PLACE_COLUMNS]
    assert [[table.column(c)[i].as_py() for c in columns] for i in range(2)] == [
        [
            *("SOM", None, "Bulo Burto IDP site", None, None, "SO24", "SO2401", None, None),
            *("SOM", None, None, 2.04, 45.34, "SO22", "SO2201", None, "admin2"),
        ],
        [
            *("ETH", None, None, None, None, "ET04", "ET0412", "ET041291", None),
            *("KAZ", None, None, None, None, None, None, None, None),
        ],
    ]
    assert arrow.from_arrow(table, context=Dataset()).dataset.flows == tuple(_somalia_flows())
    arrow.write_parquet(_somalia_flows(), tmp_path / "flows.parquet", kind="flows")
    assert arrow.read_parquet(tmp_path / "flows.parquet", context=Dataset()).dataset.flows == tuple(
        _somalia_flows()
    )


def test_a_table_without_the_new_place_columns_still_reads() -> None:
    flows = [attrs.evolve(f, causes=(), attributions=()) for f in examples.kazakhstan_2022().flows]
    table = arrow.to_arrow(flows, kind="flows")
    new = [f"{r}_{p}" for r in ("origin", "destination") for p in ("admin1", "admin2", "admin3", "accuracy")]
    assert arrow.from_arrow(table.drop_columns(new), context=Dataset()).dataset.flows == tuple(flows)


def test_a_p_code_the_gazetteer_refuses_names_its_row_and_column() -> None:
    table = arrow.to_arrow(_somalia_flows(), kind="flows")
    i = table.schema.get_field_index("destination_admin2")
    field = table.schema.field(i)
    table = table.set_column(i, field, pa.array(["SO2299", None]).dictionary_encode().cast(field.type))
    with pytest.raises(ValidationError) as excinfo:
        arrow.from_arrow(table, context=Dataset())
    assert [(e.path, e.message.split(" (")[0]) for e in excinfo.value.errors] == [
        ("rows[0].destination.admin2", "'SO2299' is not an admin2 p-code of SOM in the gazetteer")
    ]


# -- issue 16: routes, cause kinds, cohort dimensions ----------------------------------------------


def _issue16_records() -> tuple[d.Flow, d.Stock]:
    flow = examples.kazakhstan_2022().flows[0]
    cohorts = [
        d.Cohort(d.Sex.FEMALE, 0, 17, d.Count(100), settlement=d.Settlement.URBAN),
        d.Cohort(None, None, None, d.Count(30), in_camp=True),
        d.Cohort(None, None, None, d.Count(7), disability=False),
    ]
    flow = attrs.evolve(
        flow,
        count=d.Count(98000),
        via=[
            d.Place("GEO", name="Upper Lars", lat=42.74, lon=44.63, accuracy=d.Accuracy.POINT),
            d.Place("ARM"),
        ],
        cause_kind=d.CauseKind.OTHER,
        population=attrs.evolve(flow.population, cohorts=cohorts),
    )
    stock = d.Stock(
        "s-16",
        place=d.Place("ARM"),
        population=d.Population(d.PopulationCategory.REFUGEES, cohorts=cohorts),
        count=d.Count(100000),
        as_of=date(2023, 10, 1),
        cause_kind=d.CauseKind.CONFLICT,
    )
    return flow, stock


def test_routes_cause_kinds_and_cohort_dimensions_round_trip() -> None:
    """A flow's via is a list of place structs; cause_kind a dictionary column; a cohort's
    settlement, in_camp and disability fields of its struct."""
    flow, stock = _issue16_records()
    table = arrow.to_arrow([flow], kind="flows")
    assert table.column("via").to_pylist()[0][0]["name"] == "Upper Lars"
    assert table.column("cause_kind").to_pylist() == ["other"]
    cohort = table.column("population_cohorts").to_pylist()[0][0]
    assert (cohort["settlement"], cohort["in_camp"], cohort["disability"]) == ("urban", None, None)
    assert arrow.from_arrow(table, context=KAZ).dataset.flows == (flow,)
    stocks = arrow.to_arrow([stock], kind="stocks")
    assert "via" not in stocks.schema.names
    assert arrow.from_arrow(stocks, context=KAZ).dataset.stocks == (stock,)


def test_bad_routes_cause_kinds_and_cohort_dimensions_name_their_rows() -> None:
    flow, _ = _issue16_records()
    table = arrow.to_arrow([flow], kind="flows")
    rows = table.to_pylist()
    rows[0]["cause_kind"] = "war"
    rows[0]["via"][1]["country"] = "XYZ1"
    rows[0]["population_cohorts"][0]["settlement"] = "suburban"
    bad = pa.Table.from_pylist(rows, schema=arrow.FLOWS_SCHEMA)
    with pytest.raises(ValidationError) as info:
        arrow.from_arrow(bad, context=KAZ)
    message = str(info.value)
    assert "rows[0].cause_kind: 'war' is not a CauseKind (conflict, disaster, other)" in message
    assert "rows[0].via[1].country" in message
    assert (
        "rows[0].population.cohorts[0].settlement: 'suburban' is not a Settlement (urban, rural)" in message
    )


def test_each_row_is_checked_even_where_it_shares_its_parts_with_valid_rows() -> None:
    """The reader checks one row per distinct part and makes the others unchecked (issue 19): a
    row is still refused where only its combination of shared parts is wrong, or its own text is."""
    refugees = d.Population(d.PopulationCategory.REFUGEES)

    def flow(i: int, origin: str, destination: str, movement: d.Movement) -> Flow:
        return Flow(
            f"f{i}",
            origin=d.Place(origin),
            destination=d.Place(destination),
            movement=movement,
            metric=d.Metric.ARRIVALS,
            population=refugees,
            count=d.Count(10 + i),
            period=d.Period.year(2020),
        )

    cross, internal = d.Movement.CROSS_BORDER, d.Movement.INTERNAL
    flows = [
        flow(0, "SYR", "TUR", cross),
        flow(1, "SYR", "SYR", internal),
        flow(2, "TUR", "TUR", internal),
        flow(3, "SYR", "TUR", cross),
        flow(4, "TUR", "TUR", internal),
        flow(5, "SYR", "TUR", cross),
    ]
    table = arrow.to_arrow(flows)
    movement = table.schema.get_field_index("movement")
    moved = [m.value for m in (cross, internal, internal, internal, internal, internal)]  # 3, 5: SYR -> TUR
    table = table.set_column(movement, "movement", pa.array(moved).dictionary_encode())
    ids = table.schema.get_field_index("id")
    table = table.set_column(ids, "id", pa.array(["f0", "f1", "f2", "f3", " ", "f5"]))  # row 4: a blank id
    with pytest.raises(d.ValidationError) as raised:
        arrow.from_arrow(table)
    assert [(e.path, e.message) for e in raised.value.errors] == [
        ("rows[3].destination", "an internal movement stays in one country, but goes from SYR to TUR"),
        ("rows[4].id", "must not be empty"),
        ("rows[5].destination", "an internal movement stays in one country, but goes from SYR to TUR"),
    ]
    assert arrow.from_arrow(arrow.to_arrow(flows)).dataset.flows == tuple(flows)


def test_a_parquet_file_of_a_dataset_keeps_its_sources_actors_and_events(tmp_path: pathlib.Path) -> None:
    import pyarrow.parquet as pq

    kazakhstan = d.examples.kazakhstan_2022()
    path = tmp_path / "flows.parquet"
    arrow.write_parquet(kazakhstan, path)
    assert arrow.read_parquet(path).dataset == kazakhstan  # strictly: every reference resolves
    assert arrow.CONTEXT_KEY in pq.read_schema(path).metadata
    # a context given wins over the one kept in the file
    mine = d.Dataset(sources=kazakhstan.sources, actors=kazakhstan.actors)
    assert arrow.read_parquet(path, context=mine, references="open").dataset.events == ()
    # bare records carry no context: their references stay open
    arrow.write_parquet(kazakhstan.flows, tmp_path / "bare.parquet")
    assert arrow.CONTEXT_KEY not in (pq.read_schema(tmp_path / "bare.parquet").metadata or {})
    assert arrow.read_parquet(tmp_path / "bare.parquet", references="open").dataset.sources == ()


def test_a_broken_context_in_the_metadata_names_the_file(tmp_path: pathlib.Path) -> None:
    import pyarrow.parquet as pq

    table = arrow.to_arrow(d.examples.kazakhstan_2022())
    for stored, error, words in [
        (b"{not json", d.DocumentError, "x.parquet: its displacement.context metadata is not a document"),
        (b'{"sources": [{"id": 5}]}', d.ValidationError, "x.parquet: its displacement.context metadata"),
    ]:
        metadata = dict(table.schema.metadata) | {arrow.CONTEXT_KEY: stored}
        pq.write_table(table.replace_schema_metadata(metadata), tmp_path / "x.parquet")
        with pytest.raises(error) as caught:
            arrow.read_parquet(tmp_path / "x.parquet")
        assert words in str(caught.value)
