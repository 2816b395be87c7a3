"""The documentation site: it builds with warnings as errors, its link check works, and every
example in it runs (docs/README.md says how)."""

from __future__ import annotations

import importlib
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import displacement
import displacement.io

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# The modules with a page of their own under docs/api/ (displacement.figures has one too, for its
# grammar; its names are documented with the rest of displacement).
MODULE_PAGES = {
    "displacement.units": "units",
    "displacement.subsets": "subsets",
    "displacement.engines": "engines",
    "displacement.plot": "plot",
    "displacement.articles": "articles",
    "displacement.examples": "examples",
    "displacement.strategies": "strategies",
    "displacement.io.json": "io.json",
    "displacement.io.schema": "io.schema",
    "displacement.io.csv": "io.csv",
    "displacement.io.unhcr": "io.unhcr",
    "displacement.io.idmc": "io.idmc",
    "displacement.io.dtm": "io.dtm",
    "displacement.io.prmn": "io.prmn",
    "displacement.io.ocha": "io.ocha",
    "displacement.io.account": "io.account",
    "displacement.io.hxl": "io.hxl",
    "displacement.io.arrow": "io.arrow",
}


def sphinx_build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Build the HTML site as CI does: warnings are errors, and every problem is reported."""
    for module in ("sphinx", "myst_parser", "furo"):
        pytest.importorskip(module, reason=f"{module} is not installed (the docs extra)")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(source), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    built = sphinx_build(DOCS, out)
    assert built.returncode == 0, built.stderr
    return out


def test_the_site_builds_with_its_key_pages(site: Path) -> None:
    for page in ("index", "getting-started", "concepts", "recipes", "performance", "changelog", "api/index"):
        assert (site / f"{page}.html").is_file(), page
    assert not (site / "README.html").exists(), "docs/README.md is a note for the repository, not a page"
    api = (site / "api" / "displacement.html").read_text(encoding="utf-8")
    assert 'id="displacement.Flow"' in api
    assert 'id="displacement.Flow.rate"' in api
    changelog = (site / "changelog.html").read_text(encoding="utf-8")
    assert "Keep a Changelog" in changelog


def test_the_charts_page_shows_the_charts_the_build_drew(site: Path) -> None:
    # Each `.. plot::` block of docs/charts.md is run by the build (matplotlib's plot directive):
    # its PNG is in the site, at 100 dpi, and the page shows it after its code. Nothing else is
    # written for it (no PDF, no high-resolution copy, no .py), and nothing links to such a file.
    # (tests/test_docs_charts.py checks what each chart draws.)
    blocks = (DOCS / "charts.md").read_text(encoding="utf-8").split(".. plot::")[1:]
    names = [re.findall(r":filename-prefix: (\S+)", block)[0] for block in blocks]
    html = (site / "charts.html").read_text(encoding="utf-8")
    shown = re.findall(r'<img alt="[^"]+" class="plot-directive" src="_images/([^"]+)" />', html)
    assert len(names) == 7
    assert shown == [f"{name}.png" for name in names]
    for name, block in zip(names, blocks, strict=True):
        png = (site / "_images" / f"{name}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n", name
        size = (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
        inches = re.findall(r"figsize=\(([\d.]+), ([\d.]+)\)", block)[0]
        assert size == (round(float(inches[0]) * 100), round(float(inches[1]) * 100)), name
    before = html.split('class="plot-directive"')[:-1]  # the code above each chart, shown
    assert all('class="highlight-python' in part.rsplit("<img", 2)[-2] for part in before)
    assert all(
        re.search(r'(corridors|series|breakdown)</span><span class="p">\(', part.rsplit("<img", 2)[-2])
        for part in before
    )
    written = sorted(f"{path.parent.name}/{path.name}" for path in site.rglob("charts-*"))
    assert written == sorted(
        f"{folder}/{name}.png" for name in names for folder in ("_images", "plot_directive")
    )
    links = re.findall(r'href="([^"?#]+)', html)
    assert [link for link in links if link.endswith((".py", ".pdf", ".png"))] == []
    # The page is in the table of contents, and the API reference links to it.
    assert 'href="charts.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="../charts.html"' in (site / "api" / "plot.html").read_text(encoding="utf-8")


def test_every_public_name_is_in_the_api_reference(site: Path) -> None:
    def ids(page: str) -> set[str]:
        html = (site / "api" / f"{page}.html").read_text(encoding="utf-8")
        return set(re.findall(r'<dt class="sig sig-object py" id="([^"]+)"', html))

    top = ids("displacement")
    missing = [
        name
        for name in displacement.__all__
        if name not in ("examples", "__version__") and f"displacement.{name}" not in top
    ]
    for module_name, page in MODULE_PAGES.items():
        module = importlib.import_module(module_name)
        documented = ids(page)
        missing += [f"{module_name}.{n}" for n in module.__all__ if f"{module_name}.{n}" not in documented]
    assert missing == []


def test_every_io_module_has_a_page() -> None:
    modules = {
        f"displacement.io.{info.name}"
        for info in pkgutil.iter_modules(displacement.io.__path__)
        if not info.name.startswith("_")
    }
    assert modules <= MODULE_PAGES.keys()
    for page in MODULE_PAGES.values():
        assert (DOCS / "api" / f"{page}.rst").is_file()


def test_a_broken_link_or_reference_fails_the_build(tmp_path: Path) -> None:
    # A copy of the docs, beside a copy of the changelog it includes, with four mistakes.
    source = tmp_path / "docs"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build"))
    shutil.copy(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    page = source / "recipes.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n\nBroken: [a page](no-such-page.md), [an anchor](#no-such-heading), "
        "[an anchor elsewhere](concepts.md#no-such-heading), [fine](concepts.md#dataset).\n",
        encoding="utf-8",
    )
    (source / "api" / "displacement.rst").write_text(
        (source / "api" / "displacement.rst").read_text(encoding="utf-8")
        + "\nA docstring-style reference to `Dataset.no_such_method`.\n",
        encoding="utf-8",
    )
    built = sphinx_build(source, tmp_path / "html")
    assert built.returncode != 0
    problems = [line for line in built.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    assert any("no-such-page.md" in line for line in problems), built.stderr
    assert any("recipes.md" in line and "no-such-heading" in line for line in problems), built.stderr
    assert any("'concepts'" in line and "no-such-heading" in line for line in problems), built.stderr
    assert any("Dataset.no_such_method" in line for line in problems), built.stderr
    assert len(problems) == 4, built.stderr


# -- every example runs ---------------------------------------------------------------------------


def markdown_pages() -> list[Path]:
    """The README and every Markdown page of the docs (not Sphinx's output in docs/_build)."""
    return [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)]


FENCE = re.compile(r"^```(\S*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
NOT_RUN = "% not run:"


def python_blocks(path: Path) -> list[tuple[int, str, str]]:
    """(line, the line before the fence, body) of every ```python block in a Markdown file."""
    text = path.read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        if match.group(1) == "python":
            before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
            blocks.append((text.count("\n", 0, match.start()) + 1, before, match.group(2)))
    return blocks


def test_every_python_block_is_a_doctest() -> None:
    # pytest runs the docs and the README as doctests (--doctest-glob=*.md), and a doctest runs
    # only lines after a >>> prompt: a plain block would be shown to readers but never run. A block
    # that cannot run says why on the line before it, as a MyST comment ("% not run: ...").
    pages = markdown_pages()
    plain = []
    for page in pages:
        for line, before, body in python_blocks(page):
            if not body.lstrip().startswith(">>> ") and not before.startswith(NOT_RUN):
                plain.append(f"{page.relative_to(ROOT)}:{line}")
    assert plain == []
    blocks = sum(len(python_blocks(page)) for page in pages)
    assert blocks > 50


def test_only_the_spark_example_is_not_run() -> None:
    not_run = [
        f"{page.relative_to(ROOT)}"
        for page in markdown_pages()
        for _, before, _ in python_blocks(page)
        if before.startswith(NOT_RUN)
    ]
    assert not_run == ["docs/scaling.md"]
