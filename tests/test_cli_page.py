"""The worked session of docs/cli.md, run line by line: every command and every line it prints.

The session reads UNHCR's real ``flows.csv`` ("Source: UNHCR Refugee Population Statistics
Database", CC BY 4.0) from ../shared/data; it skips, saying why, when the folder is absent.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "cli.md"
FLOWS = ROOT.parent / "shared" / "data" / "unhcr" / "flows.csv"


def session() -> list[tuple[str, str]]:
    """Each ``$ command`` of the page's worked session, with the lines the page shows after it."""
    text = PAGE.read_text(encoding="utf-8")
    part = text[text.index("## A worked session") :]
    part = part[: part.index("\n## ", 1)]
    steps: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", part, flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, shown = chunk.partition("\n")
            steps.append((command, shown))
    return steps


def test_the_page_has_a_session() -> None:
    commands = [c for c, _ in session()]
    assert len(commands) >= 10
    assert all(c.startswith("displacement ") for c in commands)


def test_the_worked_session_prints_what_the_page_shows(tmp_path: Path) -> None:
    if not FLOWS.is_file():
        pytest.skip(f"the real UNHCR data is not at {FLOWS} (../shared/data; CI has it)")
    (tmp_path / "flows.csv").symlink_to(FLOWS)
    # the readers' own checks of every record (DISPLACEMENT_CHECK_UNCHECKED) run in the other tests
    env = os.environ | {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DISPLACEMENT_CHECK_UNCHECKED": "0",
    }
    for command, shown in session():
        done = subprocess.run(
            ["bash", "-c", "{ " + command + "\n} 2>&1"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.stdout == shown, command
