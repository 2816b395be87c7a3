"""The ``displacement`` command."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
from datetime import date

import pytest

from displacement import (
    Count,
    Dataset,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    __version__,
    cli,
)
from displacement.io import json as io_json


def test_example_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["example", "kazakhstan-2022"]) == 0
    out = capsys.readouterr().out
    assert "Sources (7)" in out
    assert "Events (6)" in out
    assert "Flows (4)" in out
    assert "[f1-rus-kaz] RUS -> KAZ: 98,000 people" in out
    assert "reported by: Interior Ministry of Kazakhstan via UPI" in out
    assert "since 2022-09-21 until 2022-09-27 (as of 2022-09-27)" in out
    assert "rate: between 14,000 and 16,333.33 people per day" in out
    assert "[f2-rus-geo] RUS -> GEO: unquantified" in out
    assert "caused by: mobilization-decree" in out


def test_unknown_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["example", "atlantis"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert "usage: displacement" in capsys.readouterr().out


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "displacement", "example", "kazakhstan-2022"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "98,000 people" in done.stdout
    version = subprocess.run(
        [sys.executable, "-m", "displacement", "--version"], capture_output=True, text=True, check=False
    )
    assert version.stdout.strip() == f"displacement {__version__}"


def _karabakh(path: pathlib.Path, *categories: PopulationCategory) -> str:
    flows = [
        Flow(
            f"f{i}",
            origin=Place("AZE", name="Nagorno-Karabakh"),
            destination=Place("ARM"),
            movement=Movement.CROSS_BORDER,
            population=Population(category),
            count=Count(100_000),
            period=Period(date(2023, 9, 24), date(2023, 9, 30)),
            metric=Metric.ARRIVALS,
        )
        for i, category in enumerate(categories)
    ]
    io_json.dump(Dataset(flows=flows), path)
    return str(path)


def test_check_lists_records_that_may_count_the_same_people(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _karabakh(tmp_path / "k.json", PopulationCategory.OTHERS, PopulationCategory.REFUGEES)
    assert cli.main(["check", path]) == cli.EXIT_DUPLICATES == 3
    assert capsys.readouterr().out == (
        f"{path}: 1 group of records that may count the same people\n"
        "  2 flows may count the same people: f0, f1 (a different population category)\n"
    )


def test_check_says_when_there_are_none(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _karabakh(tmp_path / "k.json", PopulationCategory.REFUGEES)
    assert cli.main(["check", path]) == 0
    assert capsys.readouterr().out == f"{path}: no records that may count the same people (1 record)\n"


def test_check_of_a_missing_file_is_a_usage_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(tmp_path / "none.json")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_example_as_a_document(capsys: pytest.CaptureFixture[str]) -> None:
    from displacement import examples

    for name, make in examples.EXAMPLES.items():
        assert cli.main(["example", name, "--format", "json"]) == 0
        assert io_json.loads(capsys.readouterr().out) == make()


def test_an_interrupt_is_a_word_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "read", interrupted)
    assert cli.main(["summary", "x.json"]) == cli.EXIT_INTERRUPTED == 130
    assert capsys.readouterr().err == "displacement: interrupted\n"


@pytest.mark.parametrize(
    "command", ["validate", "summary", "convert", "check", "total", "schema", "extract", "example"]
)
def test_help_keeps_hyphenated_words_whole(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # "--from unhcr-flows" or "'displacement-events[plot]'" broken at the hyphen cannot be copied
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exit:
        cli.main([command, "--help"])
    assert exit.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if re.search(r"\w-$", line)] == []
    assert max(len(line) for line in lines) <= 80
