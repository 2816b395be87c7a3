"""Engine totals on UNHCR's real tables (CC BY 4.0, ../shared/data/unhcr): DuckDB over Parquet, and
Dask on a ``dask.distributed`` cluster of two worker processes over partitioned Parquet, give
exactly what `Dataset.total` gives. And Dask on generated data, like DuckDB in test_engines.py."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from displacement import Dataset, Period, Policy, Totals
from displacement.io.account import Load

pq = pytest.importorskip("pyarrow.parquet", reason="the arrow extra is not installed")
pytest.importorskip("duckdb", reason="duckdb is not installed")
dd = pytest.importorskip("dask.dataframe", reason="dask is not installed")
distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed")
import dask  # noqa: E402

from displacement import engines  # noqa: E402
from displacement.io import arrow, unhcr  # noqa: E402
from test_engines import check_engine, kinds_and_datasets  # noqa: E402


def partitioned(table: Any, folder: pathlib.Path, parts: int) -> pathlib.Path:
    """*table* written as *parts* Parquet files in *folder*: how a cluster's data is laid out."""
    folder.mkdir()
    n = table.num_rows
    for i in range(parts):
        start, stop = i * n // parts, (i + 1) * n // parts
        pq.write_table(table.slice(start, stop - start), folder / f"part-{i}.parquet")
    return folder


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A real distributed run on one machine: a scheduler and two worker processes."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as c,
        distributed.Client(c) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def population(unhcr_dir: pathlib.Path) -> Load:
    """UNHCR's population.csv without its zeros: 203,206 stocks at the end of each year (returned refugees one a year and origin)."""
    return unhcr.read_population(unhcr_dir / "population.csv", skip_zeros=True)


def test_duckdb_and_dask_total_unhcr_flows_as_the_library_does(
    unhcr_flows: Load, tmp_path: pathlib.Path, cluster: Any
) -> None:
    dataset = unhcr_flows.dataset
    folder = partitioned(arrow.to_arrow(dataset), tmp_path / "flows", 4)
    frame = dd.read_parquet(folder)
    assert frame.npartitions == 4
    for by in [("origin", "destination", "year", "metric"), ("destination", "metric")]:
        want = dataset.total(by=by)
        got = engines.duckdb_total(folder, by=by)
        assert list(got.items()) == list(want.items())
    by = ("origin", "metric")
    want = dataset.total(by=by)
    got = engines.dask_total(frame, by=by)
    assert list(got.items()) == list(want.items())
    assert len(got) == len(want) > 300
    assert cluster.run(lambda: 1)  # the workers ran: two of them
    assert len(cluster.scheduler_info()["workers"]) == 2


def test_the_latest_stock_stands_for_each_place_in_duckdb_and_dask(
    population: Load, tmp_path: pathlib.Path, cluster: Any
) -> None:
    dataset = population.dataset
    folder = partitioned(arrow.to_arrow(dataset), tmp_path / "stocks", 3)
    by = ("place", "category")
    want = dataset.total("stocks", by=by)
    assert any(t.set_aside for t in want.values())  # earlier years, superseded by the latest
    got = engines.duckdb_total(folder, "stocks", by=by)
    assert list(got.items()) == list(want.items())
    got = engines.dask_total(dd.read_parquet(folder), "stocks", by=by)
    assert list(got.items()) == list(want.items())
    during = Period(date(2010, 1, 1), date(2019, 12, 31))
    by = ("place", "year")
    want = dataset.total("stocks", by=by, during=during)
    assert list(engines.duckdb_total(folder, "stocks", by=by, during=during).items()) == list(want.items())


@settings(max_examples=25)
@given(kinds_and_datasets, st.data())
def test_dask_totals_equal_the_library(generated: tuple[str, Dataset], data: st.DataObject) -> None:
    def run(table: Any, of: str, **question: Any) -> Totals:
        frame = dd.from_pandas(table.to_pandas(), npartitions=2)
        # the cluster is tested above; here, the reconciliation, in this process
        with dask.config.set({"scheduler": "synchronous", "dataframe.shuffle.method": "tasks"}):
            return engines.dask_total(frame, of, **question)  # type: ignore[arg-type]

    check_engine(generated, data, run)


def test_a_total_of_everything_gathers_one_partition() -> None:
    from test_engines import KAZ

    frame = dd.from_pandas(arrow.to_arrow(KAZ).to_pandas(), npartitions=1)
    with dask.config.set({"scheduler": "synchronous", "dataframe.shuffle.method": "tasks"}):
        got = engines.dask_total(frame, by=(), policy=Policy.MAXIMUM)
    assert isinstance(got, Totals)
    assert dict(got) == dict(KAZ.total(by=(), policy=Policy.MAXIMUM))
