"""The test suite's own settings (tests/conftest.py), under what a newcomer's environment may hold."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
from hypothesis import settings

from conftest import hypothesis_profile

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("environ", "profile"),
    [
        ({}, "default"),
        ({"HYPOTHESIS_PROFILE": ""}, "default"),
        ({"HYPOTHESIS_PROFILE": "  "}, "default"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "ci"),
        ({"HYPOTHESIS_PROFILE": " ci\n"}, "ci"),
        ({"HYPOTHESIS_PROFILE": "nonesuch"}, "nonesuch"),  # a typo stays hypothesis' error
    ],
)
def test_hypothesis_profile(environ: dict[str, str], profile: str) -> None:
    assert hypothesis_profile(environ) == profile


def test_the_profile_asked_for_is_loaded() -> None:
    asked = settings.get_profile(hypothesis_profile(os.environ))
    assert settings.default.max_examples == asked.max_examples


def test_an_empty_hypothesis_profile_runs_the_default_profile() -> None:
    """``HYPOTHESIS_PROFILE=`` (set but empty) means unset, not a profile named ''."""
    test = f"{pathlib.Path(__file__).name}::test_the_profile_asked_for_is_loaded"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            f"tests/{test}",
        ],
        cwd=ROOT,
        env={**os.environ, "HYPOTHESIS_PROFILE": ""},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
