"""Flat CSV files: lossless round trips, safe text cells, errors with file, line and column."""

from __future__ import annotations

import csv as stdlib_csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import displacement as d
from displacement.io import csv
from records import RECORDS


@pytest.fixture
def example() -> d.Dataset:
    return d.examples.kazakhstan_2022()


def test_columns_come_from_the_model() -> None:
    cols = csv.columns("flows")
    assert cols[:2] == ["id", "origin.country"]
    assert {
        "count.value",
        "count.unit",
        "count.qualifier",
        "count.upper",
        "period.open_start",
        "attributions",
    } <= set(cols)
    assert csv.KINDS == ("sources", "actors", "events", "flows", "stocks")
    with pytest.raises(d.DisplacementError, match="unknown record type 'flow'"):
        csv.columns("flow")


def test_directory_round_trip(tmp_path: Path, example: d.Dataset) -> None:
    written = csv.dump_dir(example, tmp_path / "out")
    assert [p.name for p in written] == ["sources.csv", "actors.csv", "events.csv", "flows.csv"]
    assert csv.load_dir(tmp_path / "out") == example


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(dataset=RECORDS[d.Dataset])
def test_generated_datasets_round_trip(tmp_path: Path, dataset: d.Dataset) -> None:
    folder = tmp_path / "gen"
    for old in folder.glob("*.csv"):
        old.unlink()
    csv.dump_dir(dataset, folder)
    assert csv.load_dir(folder) == dataset


def test_cells(example: d.Dataset) -> None:
    out = io.StringIO()
    csv.dump(example, out, "flows")
    rows = list(stdlib_csv.DictReader(io.StringIO(out.getvalue())))
    first, second = rows[0], rows[1]
    assert (first["count.value"], first["count.unit"], first["count.qualifier"], first["count.upper"]) == (
        "98000",
        "person",
        "exact",
        "",
    )
    assert first["period.open_start"] == "true"
    assert first["causes"] == '["mobilization-decree"]'
    # unquantified: every count cell empty, read back as no count (never 0)
    assert [second[c] for c in ("count.value", "count.unit", "count.qualifier")] == ["", "", ""]


def test_single_file_of_records_without_references(tmp_path: Path) -> None:
    stock = d.Stock(
        "k1",
        place=d.Place("KAZ", lat=43.2, lon=76.9),
        population=d.Population(d.PopulationCategory.REFUGEES, nationality="AFG"),
        count=d.Count(1200.5, qualifier=d.Qualifier.APPROXIMATE),
        as_of=d.Period.year(2024).end,  # type: ignore[arg-type]
    )
    dataset = d.Dataset(stocks=[stock])
    csv.dump(dataset, tmp_path / "stocks.csv", "stocks")
    assert csv.load(tmp_path / "stocks.csv") == dataset
    # the kind comes from the header when the name does not say it
    (tmp_path / "mine.csv").write_text(
        (tmp_path / "stocks.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert csv.load(tmp_path / "mine.csv") == dataset


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "'quoted", "''"])
def test_formulas_are_neutralised_and_read_back(text: str) -> None:
    actor = d.Actor("a1", d.ActorKind.PERSON, text)
    out = io.StringIO()
    csv.dump(d.Dataset(actors=[actor]), out, "actors")
    cell = next(stdlib_csv.DictReader(io.StringIO(out.getvalue())))["name"]
    assert cell == "'" + text
    assert csv.load(io.StringIO(out.getvalue()), "actors").actors[0].name == text


def write(path: Path, header: list[str], *rows: dict[str, str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = stdlib_csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_errors_name_file_line_and_column(tmp_path: Path) -> None:
    header = csv.columns("stocks")
    good = {
        "id": "k1",
        "place.country": "KAZ",
        "population.category": "refugees",
        "count.value": "5",
        "as_of": "2024-12-31",
    }
    path = write(
        tmp_path / "stocks.csv",
        header,
        good,
        good | {"id": "k2", "count.value": "-5"},
        good | {"id": "k3", "place.country": "KZA", "count.value": "many"},
        good | {"id": "k1", "causes": '["war"]'},
    )
    with pytest.raises(d.ValidationError) as excinfo:
        csv.load(path)
    assert [(e.path, e.message) for e in excinfo.value.errors] == [
        ("stocks.csv:3:count.value", "-5 is negative"),
        ("stocks.csv:4:place.country", "'KZA' is not an ISO 3166-1 alpha-3 code (did you mean 'KAZ'?)"),
        ("stocks.csv:4:count.value", "expected a number, got the string 'many'"),
        ("stocks.csv:5:id", "duplicate id 'k1' (also stocks.csv:2)"),
        ("stocks.csv:5:causes[0]", "refers to 'war', which is not in the dataset (expected an event)"),
    ]
    assert str(excinfo.value).startswith(f"invalid {path} (5 problems):")


def test_unknown_columns_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "stocks.csv"
    path.write_text(
        "id,place.country,population.category,as_of,count.valeu\nk1,KAZ,idps,2024-12-31,5,extra\n",
        encoding="utf-8",
    )
    with pytest.raises(d.ValidationError) as excinfo:
        csv.load(path)
    assert [(e.path, e.message) for e in excinfo.value.errors] == [
        ("stocks.csv:1:count.valeu", "unknown column (did you mean 'count.value'?)"),
        ("stocks.csv:2", "has 6 cells but the header has 5"),
    ]
    # every count cell absent or empty: an unquantified stock, not a zero one
    path.write_text(
        "id,place.country,population.category,as_of,note\nk1,KAZ,idps,2024-12-31,x\n", encoding="utf-8"
    )
    assert csv.load(path, ignore_unknown=True).stocks[0].count is None


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    empty = tmp_path / "flows.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(d.DocumentError, match="empty: expected a header row"):
        csv.load(empty)
    binary = tmp_path / "stocks.csv"
    binary.write_bytes(b"id\n\xff\n")
    with pytest.raises(d.DocumentError, match="not valid UTF-8"):
        csv.load(binary)
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(d.DisplacementError, match="cannot tell which record type"):
        csv.load(odd)
    with pytest.raises(d.DisplacementError, match="no CSV files named"):
        csv.load_dir(tmp_path / "nothing-here")


@given(st.sampled_from(["flows", "stocks", "sources", "actors", "events"]))
def test_header_of_every_kind_is_unique(kind: str) -> None:
    cols = csv.columns(kind)
    assert len(cols) == len(set(cols))
