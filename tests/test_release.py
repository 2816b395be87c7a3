"""What a release ships: built once as the release workflow builds it, then checked.

``python -m build`` makes the sdist, then the wheel from the unpacked sdist (so a file missing from
the sdist breaks the wheel here too). The wheel must hold the package and nothing else, with
complete metadata; the sdist only what builds and tests it; ``twine check --strict`` must pass;
and the wheel, installed alone in a fresh virtual environment without any extra, must load,
total and write a dataset and run the ``displacement`` command.
"""

from __future__ import annotations

import email.message
import email.parser
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import displacement
from displacement import examples
from displacement.io import json as djson
from displacement.io.schema import json_schema

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "src" / "displacement" / "io" / "document.schema.json"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DIST_NAME = "displacement_events"
VERSION = displacement.__version__

# Files of the package itself; the wheel must hold exactly these (plus its .dist-info).
PACKAGE_FILES = sorted(
    p.relative_to(ROOT / "src").as_posix()
    for p in (ROOT / "src" / "displacement").rglob("*")
    if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
)
# Top-level entries the sdist may hold: [tool.hatch.build.targets.sdist] include, PKG-INFO, and
# .gitignore (hatchling always adds it, so a wheel built from the sdist ignores the same files).
SDIST_ALLOWED = {
    *("src", "tests", "docs", "README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml"),
    *("PKG-INFO", ".gitignore"),
}
# Files that are data, never code: they ship in neither distribution, except the gazetteer.
DATA_SUFFIXES = (".csv", ".parquet", ".xlsx", ".zip", ".gz", ".db", ".duckdb", ".pkl")
# The data the package needs at run time: OCHA's p-code list, which `Place` checks codes
# against, and UNHCR's table of country codes (src/displacement/data/README.md says where each
# comes from and its licence).
SHIPPED_DATA = {
    "displacement/data/global_pcodes_adm1_adm2.csv.gz",
    "displacement/data/global_pcode_lengths.csv.gz",
    "displacement/data/unhcr_countries.csv",  # UNHCR's country codes, read by displacement.countries
}
# The excerpts of UNHCR's tables that the Charts page draws (docs/_data/README.md gives their
# source, licence and the command that cut them): the sdist's docs and their tests need them.
DOCS_DATA = {"docs/_data/unhcr-flows-sudan-2024.csv", "docs/_data/unhcr-demographics-sudan-chad-2025.csv"}


def test_shipped_schema_file_is_current() -> None:
    # Regenerate with: python -m displacement schema > src/displacement/io/document.schema.json
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == json_schema(), "document.schema.json is stale: regenerate it (see RELEASING.md)"
    assert (
        SCHEMA_FILE.read_text(encoding="utf-8")
        == json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    )


# -- the build, once per session ----------------------------------------------------------------


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of ``python -m build``, exactly as RELEASING.md and release.yml run it."""
    pytest.importorskip("build", reason="the build package is not installed")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    return dist / f"{DIST_NAME}-{VERSION}-py3-none-any.whl"


@pytest.fixture(scope="module")
def sdist(dist: Path) -> Path:
    return dist / f"{DIST_NAME}-{VERSION}.tar.gz"


@pytest.fixture(scope="module")
def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as z:
        text = z.read(f"{DIST_NAME}-{VERSION}.dist-info/METADATA").decode("utf-8")
    return email.parser.Parser().parsestr(text)


def test_build_makes_one_sdist_and_one_wheel(dist: Path, wheel: Path, sdist: Path) -> None:
    assert sorted(dist.iterdir()) == sorted([wheel, sdist])


# -- the wheel ----------------------------------------------------------------------------------


def test_wheel_holds_the_package_and_nothing_else(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    info = f"{DIST_NAME}-{VERSION}.dist-info/"
    package = sorted(n for n in names if not n.startswith(info))
    assert package == PACKAGE_FILES  # no tests/, docs/, benchmarks/, data, caches or strays
    for needed in [
        "displacement/py.typed",  # PEP 561: type checkers read the inline annotations
        "displacement/io/document.schema.json",
        "displacement/examples/__init__.py",
        "displacement/examples/_kazakhstan_2022.py",
        "displacement/cli/__init__.py",
    ]:
        assert needed in names, needed
    assert set(names) >= SHIPPED_DATA
    assert not [
        n for n in names if (n.endswith(DATA_SUFFIXES) and n not in SHIPPED_DATA) or n.endswith(".pyc")
    ]
    assert sorted(n for n in names if n.startswith(info)) == [
        info + name for name in ["METADATA", "RECORD", "WHEEL", "entry_points.txt", "licenses/LICENSE"]
    ]


def test_wheel_schema_is_the_shipped_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        assert z.read("displacement/io/document.schema.json") == SCHEMA_FILE.read_bytes()


def test_wheel_entry_points(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        text = z.read(f"{DIST_NAME}-{VERSION}.dist-info/entry_points.txt").decode("utf-8")
    assert "[console_scripts]\ndisplacement = displacement.cli:main\n" in text
    # st.from_type(displacement.Flow) works in users' tests without setup.
    assert "[hypothesis]\ndisplacement = displacement._hypothesis:setup\n" in text


def test_wheel_metadata_is_complete(metadata: email.message.Message) -> None:
    assert metadata["Name"] == "displacement-events"
    assert metadata["Version"] == VERSION
    assert metadata["Summary"] == PROJECT["description"]
    # The readme is the long description, rendered as Markdown on PyPI.
    assert metadata["Description-Content-Type"] == "text/markdown"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert metadata.get_payload().strip() == readme.strip()
    # The licence, as a PEP 639 SPDX expression with its file, and no legacy License classifier.
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    classifiers = metadata.get_all("Classifier") or []
    assert not [c for c in classifiers if c.startswith("License ::")]
    # Supported Pythons: Requires-Python and the version classifiers say the same thing.
    assert metadata["Requires-Python"] == ">=3.11"
    minor_versions = sorted(
        int(m.group(1))
        for c in classifiers
        if (m := re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", c))
    )
    assert minor_versions[0] == 11, minor_versions
    assert minor_versions == list(range(11, minor_versions[-1] + 1)), minor_versions
    for needed in [
        "Programming Language :: Python :: 3 :: Only",
        "Typing :: Typed",
        "Intended Audience :: Science/Research",
    ]:
        assert needed in classifiers, needed
    assert any(c.startswith("Development Status ::") for c in classifiers)
    assert any(c.startswith("Topic ::") for c in classifiers)
    keywords = (metadata["Keywords"] or "").split(",")
    assert {"displacement", "refugees", "idp", "humanitarian"} <= set(keywords), keywords
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL") or [])
    for label in ["Documentation", "Changelog", "Issues", "Source"]:
        assert urls.get(label, "").startswith("https://"), (label, urls)


def test_wheel_requires_no_extra(metadata: email.message.Message) -> None:
    """Only the core dependencies install unconditionally: pyarrow and hypothesis are extras."""
    requires = metadata.get_all("Requires-Dist") or []

    def name(requirement: str) -> str:
        found = re.match(r"[A-Za-z0-9._-]+", requirement)
        assert found, requirement
        return found.group(0).lower()

    unconditional = sorted(name(r) for r in requires if "extra ==" not in r)
    assert unconditional == sorted(name(r) for r in PROJECT["dependencies"])
    assert not {"pyarrow", "hypothesis", "pandas", "pytest"} & set(unconditional)
    assert {"hypothesis", "arrow", "all"} <= set(metadata.get_all("Provides-Extra") or [])


# -- the sdist ----------------------------------------------------------------------------------


def test_sdist_holds_what_builds_and_tests_the_package(sdist: Path) -> None:
    with tarfile.open(sdist) as tar:
        names = [m.name for m in tar.getmembers() if m.isfile()]
    top = f"{DIST_NAME}-{VERSION}/"
    assert all(n.startswith(top) for n in names)
    inside = [n[len(top) :] for n in names]
    assert {n.split("/", 1)[0] for n in inside} <= SDIST_ALLOWED, sorted(
        {n.split("/", 1)[0] for n in inside} - SDIST_ALLOWED
    )
    for needed in ["pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "PKG-INFO", "tests/conftest.py"]:
        assert needed in inside, needed
    assert sorted(n for n in inside if n.startswith("src/")) == ["src/" + f for f in PACKAGE_FILES]
    assert {n for n in inside if n.startswith("docs/_data/") and n.endswith(".csv")} == DOCS_DATA
    # No data, environments, caches or build output, however the working tree looks.
    assert not [
        n
        for n in inside
        if (
            n.endswith((*DATA_SUFFIXES, ".pyc", ".whl"))
            and n.removeprefix("src/") not in SHIPPED_DATA
            and n not in DOCS_DATA
        )
        or {".venv", "venv", ".git", "__pycache__", ".mypy_cache", ".ruff_cache", "dist"} & set(n.split("/"))
        or ("data" in n.split("/") and not n.startswith("src/displacement/data/"))
    ]
    # Source, docs and tests compress to about 1 MB (engines and their tests took it past 1,000,000
    # bytes); data files or build output would add several MB.
    assert sdist.stat().st_size < 1_500_000, f"the sdist is {sdist.stat().st_size:,} bytes: what got in?"


def test_twine_check_strict(wheel: Path, sdist: Path) -> None:
    pytest.importorskip("twine", reason="twine is not installed")
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


# -- the wheel alone in a fresh environment -----------------------------------------------------

SMOKE = """
import importlib.resources, importlib.util, io, json as std_json, sys
from pathlib import Path

# Installed alone: no extra, and the package comes from the wheel, not from a source tree.
for extra in ("pyarrow", "hypothesis"):
    assert importlib.util.find_spec(extra) is None, extra + " is installed"
import displacement as d
from displacement.io import csv, json, schema
assert "site-packages" in Path(d.__file__).parts, d.__file__
package = importlib.resources.files("displacement")
assert package.joinpath("py.typed").is_file()
shipped = std_json.loads(package.joinpath("io", "document.schema.json").read_text(encoding="utf-8"))
assert shipped == schema.json_schema()
# Built from the installed wheel, the schema describes every record type and every field.
undescribed = [
    f"{name}.{key}"
    for name, definition in shipped["$defs"].items()
    for key, prop in definition.get("properties", {}).items()
    if not prop.get("description")
] + [name for name, definition in shipped["$defs"].items() if not definition.get("description")]
assert not undescribed, undescribed
# The gazetteer ships inside the package: p-codes are checked and names found without the source tree.
assert d.Place.lookup("Baidoa", country="SOM") == d.Place("SOM", admin1="SO24", admin2="SO2401")

# Load a dataset from a document, total it, write it back.
path = Path(sys.argv[1])
json.dump(d.examples.kazakhstan_2022(), path)
ds = json.load(path)
assert ds == d.examples.kazakhstan_2022()
flows = io.StringIO()
csv.dump(ds, flows, kind="flows")
# The optional integrations say which extra they need.
try:
    import displacement.io.arrow
except ImportError as exc:
    assert "displacement-events[arrow]" in str(exc), exc
else:
    raise AssertionError("displacement.io.arrow imported without pyarrow")
print(std_json.dumps({
    "version": d.__version__,
    "total": str(ds.total(by="origin")["RUS"]),
    "document": json.dumps(ds),
    "flows_csv": flows.getvalue(),
}))
"""


def test_wheel_alone_in_a_fresh_environment(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = str(bin_dir / "python")
    # The test's own environment must not leak in: no PYTHONPATH to a source tree, no other venv.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), capture_output=True, text=True, check=False, cwd=tmp_path, env=env)

    installed = run(python, "-m", "pip", "install", "-q", str(wheel))
    assert installed.returncode == 0, installed.stderr

    script = tmp_path / "smoke.py"
    script.write_text(SMOKE, encoding="utf-8")
    document = tmp_path / "kazakhstan.json"
    smoke = run(python, str(script), str(document))
    assert smoke.returncode == 0, smoke.stderr
    # The installed wheel gives exactly what the source tree gives.
    ds = examples.kazakhstan_2022()
    out = json.loads(smoke.stdout)
    assert out["version"] == VERSION
    assert out["total"] == str(ds.total(by="origin")["RUS"])
    assert out["document"] == djson.dumps(ds)
    assert out["flows_csv"].startswith("id,")

    command = str(bin_dir / "displacement")
    demo = run(command, "example", "kazakhstan-2022")
    assert demo.returncode == 0, demo.stderr
    assert "[f1-rus-kaz] RUS -> KAZ: 98,000 people" in demo.stdout
    validated = run(command, "validate", str(document))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    printed = run(command, "schema")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == json_schema()
    version = run(python, "-m", "displacement", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"displacement {VERSION}"
