"""``--references open``: the command reads a partial file that another command wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from displacement import cli, examples
from displacement.io import json as io_json

HINT = (
    "some references name records that are not in the file: "
    "read it with --references open to keep them as open references"
)


@pytest.fixture
def flows_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """``displacement convert x.json flows.csv --type flows``: the flows of Kazakhstan 2022 alone."""
    document = tmp_path / "x.json"
    io_json.dump(examples.kazakhstan_2022(), document)
    target = tmp_path / "flows.csv"
    assert cli.main(["convert", str(document), str(target), "--type", "flows"]) == 0
    capsys.readouterr()
    return target


def test_validate_counts_open_references(flows_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(flows_csv), "--references", "open"]) == 0
    assert capsys.readouterr().out == f"{flows_csv}: valid (4 records, 10 open references)\n"


def test_validate_json_reports_open_references(flows_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", "--format", "json", "--references", "open", str(flows_csv)]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"file": str(flows_csv), "valid": True, "records": 4, "open_references": 10, "errors": []}
    ]


def test_validate_strict_fails_and_suggests_open(flows_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(flows_csv)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{flows_csv}: invalid (10 problems)"
    assert out.splitlines()[1] == (
        "  flows.csv:2:causes[0]: refers to 'mobilization-decree', which is not in the dataset (expected an event)"
    )
    assert out.splitlines()[-1] == f"  ({HINT})"
    assert cli.main(["validate", "--format", "json", str(flows_csv)]) == 1
    (report,) = json.loads(capsys.readouterr().out)
    assert report["hint"] == HINT
    assert "open_references" not in report


def test_summary_shows_open_references(flows_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary", str(flows_csv), "--references", "open"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "0 sources, 0 actors, 0 events, 4 flows, 0 stocks",
        "open references: 10 (to 1 event, 2 sources, 1 source or actor not in the dataset)",
    ]
    assert (
        "kaz-interior-ministry-report (not in the dataset) via upi-2022-09-27 (not in the dataset)"
        in lines[6]
    )


def test_summary_strict_fails_and_suggests_open(flows_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary", str(flows_csv)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"displacement: error: invalid {flows_csv} (10 problems):")
    assert err.endswith(f"displacement: {HINT}\n")


def test_check_and_convert_read_open_references(
    flows_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(flows_csv), "--references", "open"]) == 0
    assert capsys.readouterr().out == f"{flows_csv}: no records that may count the same people (4 records)\n"
    out = tmp_path / "flows.json"
    assert cli.main(["convert", str(flows_csv), str(out), "--references", "open"]) == 0
    capsys.readouterr()
    assert io_json.load(out, references="open").flows == examples.kazakhstan_2022().flows
    assert cli.main(["convert", str(flows_csv), str(out)]) == 1
    assert capsys.readouterr().err.endswith(f"displacement: {HINT}\n")


def test_a_wrong_value_of_references_is_a_usage_error(
    flows_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["validate", str(flows_csv), "--references", "loose"])
    assert exited.value.code == 2
    assert "argument --references: invalid choice: 'loose' (choose from" in capsys.readouterr().err


def test_a_complete_file_has_no_open_references(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "x.json"
    io_json.dump(examples.kazakhstan_2022(), document)
    assert cli.main(["validate", str(document), "--references", "open"]) == 0
    assert capsys.readouterr().out == f"{document}: valid (28 records, 0 open references)\n"
    assert cli.main(["summary", str(document), "--references", "open"]) == 0
    assert "open references" not in capsys.readouterr().out
