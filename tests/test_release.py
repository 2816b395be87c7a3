"""What a release ships: the schema file is current, and the built wheel works on its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from displacement.io.schema import json_schema

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "src" / "displacement" / "io" / "document.schema.json"


def test_shipped_schema_file_is_current() -> None:
    # Regenerate with: python -m displacement schema > src/displacement/io/document.schema.json
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == json_schema(), "document.schema.json is stale: regenerate it (see RELEASING.md)"
    assert (
        SCHEMA_FILE.read_text(encoding="utf-8")
        == json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = pytest.importorskip("build", reason="the build package is not installed")
    del build
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [found] = out.glob("*.whl")
    return found


def test_wheel_contents(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "displacement/py.typed" in names
    assert "displacement/io/document.schema.json" in names
    assert "displacement/examples/_kazakhstan_2022.py" in names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "docs/")) or n.endswith(".csv")]
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: displacement-events" in text
    assert "Project-URL: Changelog" in text
    assert "Requires-Python: >=3.11" in text


def test_twine_check(wheel: Path) -> None:
    pytest.importorskip("twine", reason="twine is not installed")
    sdists = list(wheel.parent.glob("*.tar.gz"))
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", str(wheel), *map(str, sdists)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASSED" in done.stdout


def test_wheel_alone_in_a_fresh_environment(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    smoke = (
        "import displacement as d, json, importlib.resources as r;"
        "ds = d.examples.kazakhstan_2022();"
        "assert ds.get('f1-rus-kaz').count == d.Count(98000);"
        "assert json.loads(r.files('displacement.io').joinpath('document.schema.json').read_text())['title'] == 'Dataset';"
        "import sys; assert 'hypothesis' not in sys.modules and 'pyarrow' not in sys.modules;"
        "print('ok')"
    )
    done = subprocess.run(
        [str(python), "-c", smoke], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    demo = subprocess.run(
        [str(bin_dir / "displacement"), "example", "kazakhstan-2022"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    assert "[f1-rus-kaz] RUS -> KAZ: 98,000 people" in demo.stdout
