"""Engine totals (displacement.engines) equal Dataset.total: on generated data, with every
qualifier and unit, and on what engines refuse (each refusal names the group and the reason)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from displacement import (
    Attribution,
    Count,
    Dataset,
    DisplacementError,
    DocumentError,
    EngineError,
    Flow,
    HouseholdSizes,
    Metric,
    Movement,
    Period,
    Place,
    Policy,
    Population,
    PopulationCategory,
    Precision,
    Reliability,
    Source,
    SourceKind,
    Stock,
    Totals,
    UnitError,
    ValidationError,
)
from displacement import strategies as ds

pa = pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed")
from displacement import engines  # noqa: E402
from displacement.io import arrow  # noqa: E402

# -- generated data where reports of one fact meet ----------------------------------------------
# Few corridors, populations and periods, so that records often report the same fact: cumulative
# series, competing reports, reports without a number, suspected duplicates (refugees and others
# of one corridor), periods partly within `during`.

PERIODS = (
    Period(date(2020, 1, 1), date(2020, 12, 31), precision=Precision.YEAR),
    Period(date(2021, 1, 1), date(2021, 12, 31), precision=Precision.YEAR),
    Period(date(2020, 1, 1), date(2020, 6, 30)),
    Period(date(2020, 1, 1), date(2020, 9, 30)),
    Period(date(2020, 1, 1), date(2021, 3, 31)),
    Period(date(2020, 3, 1), date(2020, 3, 31), precision=Precision.MONTH),
    Period(date(2020, 1, 1), date(2020, 6, 30), open_start=True),
    Period(date(2021, 1, 1), None),
    Period(date(2020, 1, 1), None, as_of=date(2020, 9, 30)),
)
AS_OF = (date(2020, 6, 30), date(2020, 12, 31), date(2021, 6, 30), date(2021, 12, 31))
SIZES = HouseholdSizes({"SYR": 4.6, "TUR": 3.9}, default=5.3)

counts = st.none() | ds.counts(units=("person", "household", "person / day"), max_value=10**6)
populations = st.builds(
    Population,
    st.sampled_from(
        [PopulationCategory.REFUGEES, PopulationCategory.ASYLUM_SEEKERS, PopulationCategory.OTHERS]
    ),
    nationality=st.sampled_from([None, "SYR"]),
)
attributions = st.lists(st.sampled_from(["src0", "src1", "src2"]), min_size=1, max_size=2, unique=True).map(
    lambda ids: tuple(Attribution(i) for i in ids)
)


@st.composite
def flows(draw: st.DrawFn, i: int) -> Flow:
    return Flow(
        f"f{i}",
        origin=Place(draw(st.sampled_from(["SYR", "AFG"]))),
        destination=Place(draw(st.sampled_from(["TUR", "DEU"]))),
        movement=draw(st.sampled_from([Movement.CROSS_BORDER, Movement.RETURN])),
        metric=draw(st.sampled_from([Metric.ARRIVALS, Metric.APPLICATIONS])),
        population=draw(populations),
        count=draw(counts),
        period=draw(st.sampled_from(PERIODS)),
        attributions=draw(attributions),
    )


@st.composite
def stocks(draw: st.DrawFn, i: int) -> Stock:
    return Stock(
        f"k{i}",
        place=Place(draw(st.sampled_from(["TUR", "DEU"]))),
        population=draw(populations),
        count=draw(counts),
        as_of=draw(st.sampled_from(AS_OF)),
        as_of_precision=draw(st.sampled_from([Precision.DAY, Precision.MONTH, Precision.YEAR])),
        attributions=draw(attributions),
    )


@st.composite
def datasets(draw: st.DrawFn, of: str) -> Dataset:
    n = draw(st.integers(0, 12))
    records = [draw(flows(i) if of == "flows" else stocks(i)) for i in range(n)]
    sources = [
        Source(
            f"src{i}", SourceKind.DATASET, reliability=draw(st.none() | st.sampled_from(list(Reliability)))
        )
        for i in range(3)
    ]
    return Dataset(sources=sources, **{of: records})


BY = {
    "flows": [
        ("origin", "destination", "metric"),
        ("destination", "metric", "year"),
        ("metric",),
        ("origin", "destination"),
        ("category", "metric"),
        ("nationality", "metric", "movement"),
        (),
    ],
    "stocks": [("place",), ("place", "year"), ("category",), ("nationality", "year"), ()],
}
DURING = (None, Period(date(2020, 1, 1), date(2020, 12, 31)), Period(date(2020, 1, 1), None))


def outcome(total: Any) -> Any:
    """What a total gave: its groups, or the class of the error it raised."""
    try:
        totals = total()
        return {key: totals[key] for key in totals}
    except DisplacementError as exc:
        return type(exc)


def same_count(a: Count | None, b: Count | None) -> bool:
    """Equal counts; bounds that are not whole numbers (households in persons) to float rounding,
    since engines add floats in an order of their own."""
    if a is None or b is None or a == b:
        return a == b
    fields = ("unit", "qualifier", "household_size")
    return all(getattr(a, f) == getattr(b, f) for f in fields) and all(
        x == y or (x is not None and y is not None and math.isclose(x, y, rel_tol=1e-12))
        for x, y in ((a.magnitude, b.magnitude), (a.upper_magnitude, b.upper_magnitude))
    )


def assert_same(engine: Any, library: Any) -> None:
    if not isinstance(library, dict) or not isinstance(engine, dict):
        assert engine == library
        return
    assert list(engine) == list(library)  # the same groups, in the same order
    for key, want in library.items():
        got = engine[key]
        assert same_count(got.count, want.count), (key, got, want)
        assert (got.records, got.unquantified, got.set_aside) == (
            want.records,
            want.unquantified,
            want.set_aside,
        )
        assert got.household_sizes == want.household_sizes
        assert got.suspected_duplicates == want.suspected_duplicates


def check_engine(generated: tuple[str, Dataset], data: st.DataObject, run: Callable[..., Totals]) -> None:
    """Draw a question of the dataset, and check that *run* (an engine, given the dataset's table
    with its engine columns, ``of``, ``by``, ``during`` and ``policy``) answers as the library does."""
    of, dataset = generated
    by = data.draw(st.sampled_from(BY[of]), label="by")
    during = data.draw(st.sampled_from(DURING), label="during")
    policy = data.draw(st.sampled_from(engines.ENGINE_POLICIES), label="policy")
    sizes = data.draw(st.sampled_from([None, SIZES]), label="household_sizes")
    table = arrow.to_arrow(dataset, kind=of, household_sizes=sizes)  # type: ignore[arg-type]
    library = outcome(
        lambda: dataset.total(of, by=by, during=during, policy=policy, household_sizes=sizes)  # type: ignore[arg-type]
    )
    engine = outcome(lambda: run(table, of, by=by, during=during, policy=policy))
    assert_same(engine, library)


kinds_and_datasets = st.sampled_from(["flows", "stocks"]).flatmap(
    lambda of: st.tuples(st.just(of), datasets(of))
)
"""A kind of record, and a dataset of it."""


@settings(max_examples=150)
@given(kinds_and_datasets, st.data())
def test_duckdb_totals_equal_the_library(generated: tuple[str, Dataset], data: st.DataObject) -> None:
    check_engine(generated, data, engines.duckdb_total)


# -- what engines refuse, and what they check ---------------------------------------------------

KAZ = Dataset(
    sources=[Source("s0", SourceKind.DATASET)],
    flows=[
        Flow(
            "a",
            origin=Place("RUS"),
            destination=Place("KAZ"),
            movement=Movement.CROSS_BORDER,
            metric=Metric.ARRIVALS,
            population=Population(PopulationCategory.REFUGEES),
            count=Count(98000, qualifier="more_than"),
            period=Period(date(2022, 9, 21), date(2022, 9, 27)),
            attributions=(Attribution("s0"),),
        )
    ],
)


def with_flow(id: str, **changes: Any) -> Dataset:
    """`KAZ` with one more flow: its flow, with another id and *changes*."""
    return Dataset(sources=KAZ.sources, flows=[*KAZ.flows, attrs.evolve(KAZ.flows[0], id=id, **changes)])


def test_a_place_within_another_is_refused_not_added() -> None:
    dataset = with_flow("b", origin=Place("RUS", subdivision="RU-MOW"), count=Count(5000))
    assert dataset.total(by="destination")["KAZ"].count == Count(98000, qualifier="more_than")
    with pytest.raises(EngineError, match=r"the group \('KAZ',\) holds a record for a place within another"):
        engines.duckdb_total(arrow.to_arrow(dataset), by="destination")


def test_unsupported_questions_say_so() -> None:
    table = arrow.to_arrow(KAZ)
    with pytest.raises(EngineError, match=r"engines do not reconcile by Policy\.RANGE"):
        engines.duckdb_total(table, policy=Policy.RANGE)
    with pytest.raises(EngineError, match="engines do not total by 'sex'"):
        engines.duckdb_total(table, by=("origin", "sex"))
    with pytest.raises(ValidationError, match="by: flows cannot be grouped by 'place'"):
        engines.duckdb_total(table, by="place")
    with pytest.raises(ValidationError, match="of: expected 'flows' or 'stocks', got 'figures'"):
        engines.duckdb_total(table, "figures")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="table: has no column total_lower, total_upper"):
        engines.duckdb_total(arrow.to_arrow(KAZ, engine_columns=False))
    with pytest.raises(ValidationError, match="table: is not a table of stocks"):
        engines.duckdb_total(table, "stocks")
    with pytest.raises(ValidationError, match="frame: expected a PySpark DataFrame, got 'flows' "):
        engines.spark_total("flows")


def test_dask_total_takes_a_dask_frame() -> None:
    pytest.importorskip("dask.dataframe", reason="dask is not installed")
    with pytest.raises(ValidationError, match="frame: expected a Dask DataFrame, got "):
        engines.dask_total(arrow.to_arrow(KAZ).to_pandas())


def test_households_and_persons_in_one_group_raise_unit_error_as_the_library_does() -> None:
    asylum_seekers = Population(PopulationCategory.ASYLUM_SEEKERS)
    dataset = with_flow("h", population=asylum_seekers, count=Count(40, "household"))
    with pytest.raises(UnitError, match="cannot total the group"):
        dataset.total()
    with pytest.raises(UnitError, match=r"cannot total the group \('RUS', 'KAZ'\)"):
        engines.duckdb_total(arrow.to_arrow(dataset))
    sizes = HouseholdSizes({"RUS": 2.5})
    converted = engines.duckdb_total(arrow.to_arrow(dataset, household_sizes=sizes))[("RUS", "KAZ")]
    assert converted == dataset.total(household_sizes=sizes)[("RUS", "KAZ")]
    assert str(converted.count) == "more than 98,100 people"
    assert converted.household_sizes == (("h", 2.5),)


def test_a_parquet_file_and_a_folder_of_them(tmp_path: Any) -> None:
    arrow.write_parquet(KAZ, tmp_path / "one.parquet")
    folder = tmp_path / "parts"
    folder.mkdir()
    arrow.write_parquet(KAZ, folder / "part-0.parquet")
    want = KAZ.total()
    assert dict(engines.duckdb_total(tmp_path / "one.parquet")) == dict(want)
    assert dict(engines.duckdb_total(folder)) == dict(want)
    relation = duckdb.connect().read_parquet(str(tmp_path / "one.parquet"))
    assert dict(engines.duckdb_total(relation)) == dict(want)
    with pytest.raises(DocumentError, match=r"missing\.parquet: no such file"):
        engines.duckdb_total(tmp_path / "missing.parquet")
    (tmp_path / "notes.parquet").write_text("not parquet")
    with pytest.raises(DocumentError, match=r"notes\.parquet: not readable as Parquet"):
        engines.duckdb_total(tmp_path / "notes.parquet")
    with pytest.raises(
        ValidationError, match="data: expected a Parquet path, a pyarrow table or a DuckDB relation"
    ):
        engines.duckdb_total([KAZ.flows[0]])


def test_engines_group_by_the_fields_the_library_groups_by() -> None:
    from displacement import _tally
    from displacement.totals import COHORT_FIELDS

    for of in ("flows", "stocks"):  # every field of Dataset.total but the cohorts', and no other
        assert set(engines._COLUMNS[of]) == set(_tally.FIELDS[of]) - set(COHORT_FIELDS)


def test_the_query_is_readable_sql() -> None:
    sql = engines.query("flows", by=("origin", "year"))
    assert "FIRST_VALUE(id) OVER ws AS newest_id" in sql
    assert "GROUP BY k0, k1" in sql
    assert isinstance(engines.duckdb_total(arrow.to_arrow(KAZ)), Totals)


def test_suspected_duplicates_are_marked_from_the_columns() -> None:
    others = Population(PopulationCategory.OTHERS)
    dataset = with_flow("b", population=others, count=Count(5000), attributions=())
    assert dataset.suspected_duplicates()  # one corridor and week, in two categories
    total = engines.duckdb_total(arrow.to_arrow(dataset))[("RUS", "KAZ")]
    assert total == dataset.total()[("RUS", "KAZ")]
    assert total.suspected_duplicates == ("a", "b")


def test_counts_differing_by_float_rounding_are_the_same() -> None:
    # Engines add households turned into people in an order of their own: 0.1 + 0.2 against 0.3.
    assert same_count(Count(0.1 + 0.2, "person"), Count(0.3, "person"))
    assert same_count(
        Count(1, "person", "range", upper=0.1 + 0.2 + 1), Count(1, "person", "range", upper=1.3)
    )
    assert not same_count(Count(0.31, "person"), Count(0.3, "person"))
