"""The benchmark command runs and writes every row of its table (issue 7); it times nothing here.

Timings belong in benchmarks/RESULTS.md, not in assertions: this only keeps benchmarks/run.py
working as the library changes, on a small input with one repeat.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_the_benchmark_writes_every_row_with_a_ratio(tmp_path: pathlib.Path, unhcr_dir: pathlib.Path) -> None:
    if not (ROOT / "benchmarks" / "run.py").is_file():
        pytest.skip("benchmarks/ is not here (an sdist ships without it): run from a clone")
    out = tmp_path / "RESULTS.md"
    small = ["300", "--repeats", "1", "--out", str(out), "--parquet-flows", "2000"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), *small],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    table = [line for line in out.read_text(encoding="utf-8").splitlines() if re.match(r"\| \d\. ", line)]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table]
    assert [r[0][:2] for r in rows] == [
        "1.",
        "1.",
        "2.",
        "2.",
        "3.",
        "3.",
        "4.",
        "4.",
        "5.",
        "5.",
        "6.",
        *["7."] * 4,
        "8.",
        "9.",
    ]
    assert [r[2] for r in rows] == [
        "pydantic v2",
        "msgspec",
        "pydantic v2",
        "msgspec",
        "pandas.read_csv",
        "pandas.read_csv",
        "pandas groupby-sum",
        "pandas groupby-sum",
        "pandas row (deep)",
        "held after load",
        "import pint",
        "pandas read/groupby/write",
        "DuckDB sum(count_value)",
        "pandas row (deep)",
        "held after load",
        "the same in Python",
        "pandas + plain barh",
    ]
    for r in rows:
        ours, theirs, ratio = (
            float(r[1].split()[0].replace(",", "")),
            float(r[3].split()[0].replace(",", "")),
            r[4],
        )
        assert ours > 0
        assert theirs > 0
        assert ratio.endswith("x")
        assert float(ratio[:-1]) > 0  # computed before rounding: not checkable from the shown values
        assert r[6] in ({"yes", "no"} if r[5] else {""})
    assert "300 generated flows for rows 1-2" in out.read_text(encoding="utf-8")
    assert "2,000 generated flows for row 7" in out.read_text(encoding="utf-8")
