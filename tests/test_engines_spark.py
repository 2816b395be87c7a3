"""Engine totals in Spark (displacement.engines.spark_total), in local mode: the same SQL as
DuckDB's, run by Spark SQL over Parquet, equal to `Dataset.total`. Runs where pyspark and a Java
runtime are installed (CI installs both: see .ci/run); skips, saying why, elsewhere."""

from __future__ import annotations

import pathlib
import shutil
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from displacement import Dataset, Totals
from displacement.io.account import Load

pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime (java is not on PATH)", allow_module_level=True)
with warnings.catch_warnings():  # pyspark warns, on import, that it does not yet support pandas 3
    warnings.simplefilter("ignore", FutureWarning)
    sql = pytest.importorskip("pyspark.sql", reason="pyspark is not installed")
from displacement import engines
from displacement.io import arrow
from test_engines import KAZ, check_engine, kinds_and_datasets


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local Spark session with two cores, quiet, without its web UI."""
    session = (
        sql.SparkSession.builder.master("local[2]")
        .appName("displacement-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_totals_unhcr_flows_as_the_library_does(
    spark: Any, unhcr_flows: Load, tmp_path: pathlib.Path
) -> None:
    dataset = unhcr_flows.dataset
    arrow.write_parquet(dataset, tmp_path / "flows.parquet")
    frame = spark.read.parquet(str(tmp_path / "flows.parquet"))
    by = ("destination", "year", "metric")
    want = dataset.total(by=by)
    got = engines.spark_total(frame, by=by)
    assert list(got.items()) == list(want.items())
    assert len(got) > 1000


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(kinds_and_datasets, st.data())
def test_spark_totals_equal_the_library(
    spark: Any, generated: tuple[str, Dataset], data: st.DataObject
) -> None:
    def run(table: Any, of: str, **question: Any) -> Totals:
        return engines.spark_total(spark.createDataFrame(table), of, **question)  # type: ignore[arg-type]

    check_engine(generated, data, run)


def test_the_example_total_in_spark(spark: Any, tmp_path: pathlib.Path) -> None:
    arrow.write_parquet(KAZ, tmp_path / "kaz.parquet")
    got = engines.spark_total(spark.read.parquet(str(tmp_path / "kaz.parquet")), by="origin")
    assert str(got["RUS"]) == "RUS: more than 98,000 people (1 record)"
    assert dict(got) == dict(KAZ.total(by="origin"))
