"""The Charts page (docs/charts.md): the code of each chart runs as the docs build runs it, and
draws what the page's prose says it draws; its data excerpt is what its README says.

The build itself (the images exist, are PNGs and are on the page) is checked in test_docs.py,
on the site it builds once.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib", reason="the plot extra is not installed")

import matplotlib
import matplotlib.dates

matplotlib.use("Agg")  # as matplotlib's plot directive does

from matplotlib import pyplot as plt

from displacement.io import unhcr
from displacement.plot import SURE

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGE = DOCS / "charts.md"
DATA = DOCS / "_data"
EXCERPT = DATA / "unhcr-flows-sudan-2024.csv"

PLOT = re.compile(
    r"^```\{eval-rst\}\n\.\. plot::\n(?P<options>(?:   :[^\n]*\n)*)\n(?P<code>.*?)^```", re.M | re.S
)


def plot_blocks() -> dict[str, str]:
    """The code of each chart on the page, by its ``:filename-prefix:`` (the image's name)."""
    blocks = {}
    for match in PLOT.finditer(PAGE.read_text(encoding="utf-8")):
        options = dict(re.findall(r"^   :([\w-]+): ?(.*)$", match.group("options"), re.M))
        code = "\n".join(line.removeprefix("   ") for line in match.group("code").splitlines())
        blocks[options["filename-prefix"]] = code
    return blocks


@pytest.fixture
def chart(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Run a chart's code as the plot directive does (in the page's folder) and give its axes."""
    monkeypatch.chdir(DOCS)

    def run(name: str) -> Any:
        namespace: dict[str, Any] = {}
        exec(plot_blocks()[name], namespace)  # the page's own code, no setup before it
        assert plt.get_fignums() == [namespace["fig"].number], "one pyplot figure, so the build finds it"
        return namespace["ax"]

    yield run
    plt.close("all")


def drawn(ax: Any, kind: str) -> dict[str, Any]:
    """The artists of one *kind* (``sure``, ``between``, ``open``, ``label``, ``none``) by row label."""
    rows = [label.get_text() for label in ax.get_yticklabels()]
    return {
        rows[int(artist.get_gid().split(":")[1])]: artist
        for artist in [*ax.patches, *ax.texts]
        if (artist.get_gid() or "").startswith(kind + ":")
    }


def texts(ax: Any, kind: str) -> dict[str, str]:
    return {row: artist.get_text().strip() for row, artist in drawn(ax, kind).items()}


def widths(ax: Any) -> dict[str, float]:
    return {row: bar.get_width() for row, bar in drawn(ax, "sure").items()}


def caption(ax: Any) -> str:
    return str(ax.figure.get_supxlabel())


def test_the_page_has_a_chart_a_section() -> None:
    assert list(plot_blocks()) == [
        "charts-kazakhstan",
        "charts-kazakhstan-by-origin",
        "charts-unhcr-sudan-2024",
        "charts-karabakh",
        "charts-kazakhstan-series",
        "charts-somalia-admin1",
        "charts-chad-age-sex",
    ]
    # Drawn by the build from code, never pasted: no image in the page, and none in the docs' sources.
    text = PAGE.read_text(encoding="utf-8")
    assert [word for word in ("![", "{image}", "{figure}", ".. image::", ".. figure::") if word in text] == []
    assert [
        p for p in DOCS.rglob("*") if p.suffix in (".png", ".svg", ".jpg") and "_build" not in p.parts
    ] == []


def test_kazakhstan_98000_since_21_september_and_three_unquantified_corridors(chart: Any) -> None:
    ax = chart("charts-kazakhstan")
    assert [label.get_text() for label in ax.get_yticklabels()] == [
        "RUS → FIN",
        "RUS → GEO",
        "RUS → KAZ",
        "RUS → MNG",
    ]
    assert ax.get_title() == "Totals by origin, destination (policy: latest)\nsince 2022-09-21 to 2022-09-27"
    assert widths(ax) == {"RUS → KAZ": 98_000}
    assert drawn(ax, "sure")["RUS → KAZ"].get_hatch() is None  # solid, not approximate
    assert texts(ax, "label") == {"RUS → KAZ": "98,000 people"}
    assert texts(ax, "none") == {
        "RUS → FIN": "unquantified",
        "RUS → GEO": "unquantified",
        "RUS → MNG": "unquantified",
    }
    assert drawn(ax, "open") == drawn(ax, "between") == {}
    assert ax.get_xlabel() == "people"
    assert caption(ax) == "Sources: UPI; Maxar Technologies"


def test_kazakhstan_by_origin_is_at_least_98000_with_an_open_end(chart: Any) -> None:
    ax = chart("charts-kazakhstan-by-origin")
    assert [label.get_text() for label in ax.get_yticklabels()] == ["RUS"]
    assert ax.get_title() == "Totals by origin (policy: latest)\nsince 2022-09-21 to 2022-09-27"
    assert widths(ax) == {"RUS": 98_000}
    assert texts(ax, "label") == {"RUS": "at least 98,000 people"}
    arrow = drawn(ax, "open")["RUS"]
    assert arrow.xyann == (98_000, 0)
    assert arrow.xy[0] > 98_000
    assert arrow.arrow_patch.get_linestyle() == "--"
    assert drawn(ax, "between") == drawn(ax, "none") == {}


def test_unhcr_sudan_2024_draws_the_excerpts_arrivals(chart: Any) -> None:
    with EXCERPT.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    expected = {f"SDN → {row['coa_iso']}": int(row["refugees"]) for row in rows}
    ax = chart("charts-unhcr-sudan-2024")
    # The prose: 8 corridors, in the order of the codes of the countries of asylum, all solid.
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == sorted(expected)
    assert widths(ax) == expected
    # The figures the prose gives.
    assert expected == {
        "SDN → DEU": 25,
        "SDN → ETH": 14_167,
        "SDN → PRT": 5,
        "SDN → SEN": 5,
        "SDN → SOM": 152,
        "SDN → SSD": 129_251,
        "SDN → TCD": 238_589,
        "SDN → UGA": 48_878,
    }
    assert all(bar.get_hatch() is None for bar in drawn(ax, "sure").values())
    assert drawn(ax, "open") == drawn(ax, "between") == drawn(ax, "none") == {}
    assert texts(ax, "label") == {row: f"{value:,} people" for row, value in expected.items()}
    assert ax.get_title() == "Totals by origin, destination (policy: latest)\n2024-01-01 to 2024-12-31"
    assert caption(ax) == "Sources: UNHCR, the UN Refugee Agency"


def test_the_excerpt_reads_as_the_page_says() -> None:
    # Eight rows make 8 flows of arrivals and 7 of applications; arrivals and applications of one
    # corridor are not added (the page's reason for where=).
    flows, account = unhcr.read_flows(EXCERPT, strict=True)
    assert (account.rows, len(flows.flows)) == (8, 15)
    assert sorted(f.metric.value for f in flows.flows).count("applications") == 7
    with pytest.raises(ValueError, match="mixes flows of different metrics"):
        flows.total()


def test_karabakh_approximate_is_hatched_and_more_than_is_open(chart: Any) -> None:
    ax = chart("charts-karabakh")
    assert [label.get_text() for label in ax.get_yticklabels()] == ["others", "refugees"]
    assert widths(ax) == {"others": 100_600, "refugees": 100_000}
    assert drawn(ax, "sure")["others"].get_hatch() == "//"
    assert drawn(ax, "sure")["refugees"].get_hatch() is None
    assert set(drawn(ax, "open")) == {"refugees"}
    assert texts(ax, "label") == {"others": "about 100,600 people", "refugees": "more than 100,000 people"}
    assert drawn(ax, "between") == {}
    assert caption(ax) == "Sources: Government of Armenia; UNHCR, the UN Refugee Agency"
    assert drawn(ax, "sure")["refugees"].get_facecolor() == matplotlib.colors.to_rgba(SURE)


def test_the_excerpts_are_cut_by_their_readmes_commands(unhcr_dir: Path, tmp_path: Path) -> None:
    # The exact commands of docs/_data/README.md, run on UNHCR's full tables, give the files.
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^```console\n\$ (python .* (\w+\.csv) > ([\w.-]+))\n```", readme, re.M)
    assert sorted(out for _, _, out in commands) == sorted(p.name for p in DATA.glob("*.csv"))
    for command, table, out in commands:
        (tmp_path / table).symlink_to(unhcr_dir / table)
        command = command.replace("python ", f"'{sys.executable}' ", 1)
        subprocess.run(["bash", "-c", command], cwd=tmp_path, check=True)
        assert (tmp_path / out).read_bytes() == (DATA / out).read_bytes()
    assert "CC BY 4.0" in readme
    assert "Source: UNHCR Refugee Population Statistics Database" in readme


def by_gid(ax: Any, kind: str) -> dict[tuple[int, ...], Any]:
    """Artists of one *kind* whose gids carry several numbers (``report:0:1``), by those numbers."""
    return {
        tuple(int(n) for n in artist.get_gid().split(":")[1:]): artist
        for artist in [*ax.patches, *ax.texts, *ax.lines]
        if (artist.get_gid() or "").startswith(kind + ":")
    }


def test_kazakhstan_series_98000_then_more_than_200000(chart: Any) -> None:
    ax = chart("charts-kazakhstan-series")
    day = matplotlib.dates.date2num
    assert [list(r.get_xydata()[0]) for r in by_gid(ax, "report").values()] == [
        [day(date(2022, 9, 27)), 98_000],
        [day(date(2022, 10, 4)), 200_000],
    ]
    # the open start: a hollow circle at zero on 21 September, labelled "since"
    start = by_gid(ax, "start")[0,]
    assert list(start.get_xydata()[0]) == [day(date(2022, 9, 21)), 0]
    assert start.get_markerfacecolor() == "white"
    assert by_gid(ax, "start-label")[0,].get_text() == "since 2022-09-21"
    labels = [t.get_text() for t in by_gid(ax, "label").values()]
    assert labels == [
        "98,000 people\nUPI citing Interior Ministry of Kazakhstan",
        "more than 200,000 people\nInterior Ministry of Kazakhstan",
    ]
    assert list(by_gid(ax, "open")) == [(0, 1)]  # "more than": no upper bound
    assert by_gid(ax, "increment")[0, 1].get_text() == "+more than 102,000 people"
    assert ax.get_xlabel() == (
        "Reported with no number: RUS → FIN (2022-09-27), RUS → GEO (2022-09-27), RUS → MNG (2022-09-27)"
    )
    assert ax.get_title() == "Cumulative reports: RUS → KAZ\nsince 2022-09-21 to 2022-10-04"


def test_somalia_by_region_of_arrival(chart: Any) -> None:
    ax = chart("charts-somalia-admin1")
    assert widths(ax) == {"Banadir (SO22)": 112_070, "Bay (SO24)": 85_612}
    assert all(bar.get_hatch() is None for bar in drawn(ax, "sure").values())
    assert ax.get_title() == "Totals by destination.admin1 (policy: latest)\n2022-01-01 to 2022-12-31"
    assert caption(ax) == "Sources: UNHCR Somalia, Protection and Return Monitoring Network (PRMN)"


def test_chad_by_age_and_sex_adds_up_to_the_table(chart: Any) -> None:
    ax = chart("charts-chad-age-sex")
    rows = [label.get_text() for label in ax.get_yticklabels()]
    parts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert rows == ["0-4", "5-11", "12-17", "18-59", "60+", "(not known)"]
    assert parts == ["female", "male", "(not known)"]
    bars = {(rows[y], parts[j]): bar.get_width() for (y, j), bar in by_gid(ax, "sure").items()}
    # the prose's figures
    assert (bars["18-59", "female"], bars["18-59", "male"]) == (227_812, 138_632)
    assert bars["(not known)", "(not known)"] == 441_607
    # every bar exact, and together the table's total
    with (DATA / "unhcr-demographics-sudan-chad-2025.csv").open(newline="", encoding="utf-8") as file:
        table = list(csv.DictReader(file))
    assert len(table) == 40
    assert sum(bars.values()) == sum(int(row["total"]) for row in table) == 1_330_950
    assert [r for r in table if r["location"].startswith("Adr")] == [
        r for r in table if r["location"] == "Adré [Admin 3: POC]"
    ]
    assert sorted(int(r["total"]) for r in table if r["location"].startswith("Adr")) == [1_230, 235_174]
    assert by_gid(ax, "open") == by_gid(ax, "between") == {}
    assert ax.get_title() == "Totals by age, sex (policy: latest)\n2025-12-31"
    assert caption(ax) == "Sources: UNHCR, the UN Refugee Agency"
