"""Messages that misled a user (issue 17): what convert says it wrote, how it names the type of
the file it writes, and the error a missing group of a total raises."""

from __future__ import annotations

import csv as stdlib_csv
from pathlib import Path

import pytest

import displacement as d
from displacement import cli
from displacement.io import json


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "kazakhstan.json"
    json.dump(d.examples.kazakhstan_2022(), path)
    return path


def test_convert_counts_the_records_it_wrote_not_the_input(
    document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "flows.csv"
    assert cli.main(["convert", "--type", "flows", str(document), str(out)]) == 0
    # 4 flows written, of the 28 records the document holds; the others named as left out
    assert capsys.readouterr().out == (
        f"wrote {out} (4 flows; not in a CSV file of flows: 7 sources, 11 actors, 6 events, so read "
        "it back with --references open)\n"
    )
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(stdlib_csv.DictReader(f))
    assert [r["id"] for r in rows] == [f.id for f in d.examples.kazakhstan_2022().flows]


def test_convert_to_a_folder_or_json_counts_every_type(
    document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "csv"
    assert cli.main(["convert", str(document), str(folder)]) == 0
    written = ", ".join(str(folder / f"{k}.csv") for k in ("sources", "actors", "events", "flows"))
    assert capsys.readouterr().out == (
        f"wrote {written} (28 records: 7 sources, 11 actors, 6 events, 4 flows)\n"
    )
    assert cli.main(["convert", str(folder), str(tmp_path / "back.json")]) == 0
    assert capsys.readouterr().out == (
        f"wrote {tmp_path / 'back.json'} (28 records: 7 sources, 11 actors, 6 events, 4 flows)\n"
    )


def test_convert_takes_the_type_of_a_csv_from_its_name_as_reading_does(
    document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.csv"
    assert cli.main(["convert", str(document), str(out)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {out} (6 events; not in a CSV file of events: 7 sources, 11 actors, 4 flows, so read "
        "it back with --references open)\n"
    )
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(stdlib_csv.DictReader(f))
    assert [r["id"] for r in rows] == [e.id for e in d.examples.kazakhstan_2022().events]


def test_convert_to_a_csv_named_after_nothing_asks_for_the_type(
    document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["convert", str(document), str(tmp_path / "all.csv")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"displacement: error: {tmp_path / 'all.csv'}: one CSV file holds one record type, and the "
        "input has sources, actors, events, flows: say --type, name the file after the type "
        "(sources.csv, actors.csv, events.csv, flows.csv, stocks.csv), or give a directory for one "
        "file per type\n"
    )


def test_convert_help_says_how_the_type_is_found_for_reading_and_writing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["convert", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "read or written" in help_text
    assert "when writing also the only type the input holds" in help_text


def test_a_missing_group_raises_the_public_error_that_is_also_a_key_error() -> None:
    totals = d.examples.kazakhstan_2022().total(by="origin")
    with pytest.raises(d.NoTotalError) as caught:
        totals["SDN"]
    assert str(caught.value) == "no total for 'SDN' (grouped by origin; 1 group: 'RUS')"
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, d.DisplacementError)
    assert type(caught.value).__module__ == "displacement.errors"
    assert "SDN" not in totals
    assert totals.get("SDN") is None
    assert [1] not in totals  # an unhashable key is no group either, not a TypeError


def test_a_missing_group_lists_a_few_of_many_groups() -> None:
    totals = d.examples.kazakhstan_2022().total(by=("origin", "destination"))
    with pytest.raises(d.NoTotalError) as caught:
        totals["RUS", "SDN"]
    assert str(caught.value) == (
        "no total for ('RUS', 'SDN') (grouped by origin, destination; 4 groups: "
        "('RUS', 'FIN'), ('RUS', 'GEO'), ('RUS', 'KAZ'), ('RUS', 'MNG'))"
    )
