"""The ``displacement`` command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from displacement import __version__, cli


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
