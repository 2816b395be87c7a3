"""Charts that keep the honesty: what `displacement.plot.corridors` draws, read back from the Axes.

Every chart is rendered to PNG with the Agg canvas (no display needed), then its bars, arrows and
labels are checked: a bar's width is the total's lower bound, the lighter bar spans the bounds,
an open total ends in an arrow (not at a number), an unquantified group keeps its row.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib", reason="the plot extra is not installed")

from matplotlib.patches import Rectangle

from displacement import (
    Attribution,
    Count,
    Dataset,
    DisplacementError,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Qualifier,
    Source,
    SourceKind,
    examples,
)
from displacement.plot import MAYBE, SURE, corridors


def drawn(ax: Any, kind: str) -> dict[int, Any]:
    """The artists of one *kind* (``sure``, ``between``, ``open``, ``label``, ``none``), by row."""
    found: dict[int, Any] = {}
    for artist in [*ax.patches, *ax.texts]:
        gid = artist.get_gid() or ""
        if gid.startswith(kind + ":"):
            found[int(gid.split(":")[1])] = artist
    return found


def render(ax: Any, path: Path) -> None:
    ax.figure.savefig(path)
    assert path.read_bytes().startswith(b"\x89PNG")


def flow(id: str, destination: str, count: Count | None, source: str = "s1") -> Flow:
    return Flow(
        id,
        origin=Place("SDN"),
        destination=Place(destination),
        movement=Movement.CROSS_BORDER,
        metric=Metric.ARRIVALS,
        population=Population(PopulationCategory.REFUGEES),
        count=count,
        period=Period(date(2023, 4, 15), date(2023, 5, 31)),
        attributions=[Attribution(source)],
    )


def test_the_kazakhstan_example(tmp_path: Path) -> None:
    ax = corridors(examples.kazakhstan_2022())
    render(ax, tmp_path / "kazakhstan.png")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "RUS → FIN",
        "RUS → GEO",
        "RUS → KAZ",
        "RUS → MNG",
    ]
    # three corridors reported with no number keep their rows, with no bar
    assert {y: t.get_text().strip() for y, t in drawn(ax, "none").items()} == {
        0: "unquantified",
        1: "unquantified",
        3: "unquantified",
    }
    bars = drawn(ax, "sure")
    assert list(bars) == [2]
    assert bars[2].get_width() == 98_000
    assert drawn(ax, "label")[2].get_text().strip() == "98,000 people"
    assert ax.get_xlabel() == "people"
    # the count began partway through 21 September: the period's open start is on the chart
    assert ax.get_title() == "Totals by origin, destination (policy: latest)\nsince 2022-09-21 to 2022-09-27"
    assert ax.figure.texts[0].get_text() == "Sources: UPI; Maxar Technologies"


def test_bounds_open_ends_and_approximate_totals(tmp_path: Path) -> None:
    dataset = Dataset(
        sources=[Source("s1", SourceKind.UN_AGENCY, publisher="UNHCR")],
        flows=[
            flow("to-tcd", "TCD", Count(60_000, qualifier=Qualifier.MORE_THAN)),
            flow("to-egy", "EGY", Count(40_000, qualifier=Qualifier.RANGE, upper=70_000)),
            flow("to-ssd", "SSD", Count(30_000, qualifier=Qualifier.APPROXIMATE)),
            flow("to-lby", "LBY", Count(5_000, qualifier=Qualifier.AT_MOST)),
            flow("to-eth", "ETH", None),
        ],
    )
    ax = corridors(dataset, by="destination")
    render(ax, tmp_path / "bounds.png")
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["EGY", "ETH", "LBY", "SSD", "TCD"]
    sure, between, arrows = drawn(ax, "sure"), drawn(ax, "between"), drawn(ax, "open")
    width = {rows[y]: bar.get_width() for y, bar in sure.items()}
    assert width == {"EGY": 40_000, "LBY": 0, "SSD": 30_000, "TCD": 60_000}
    # a range: the lighter bar spans its bounds
    assert {rows[y]: (b.get_x(), b.get_x() + b.get_width()) for y, b in between.items()} == {
        "EGY": (40_000, 70_000),
        "LBY": (0, 5_000),
    }
    # more than 60,000: no upper bound, so an arrow past the lower bound, and no lighter bar
    assert [rows[y] for y in arrows] == ["TCD"]
    start, end = arrows[4].xyann[0], arrows[4].xy[0]
    assert start == 60_000
    assert end > start
    assert arrows[4].arrow_patch.get_linestyle() == "--"
    # approximate: hatched; sure and between in their colours
    assert sure[3].get_hatch() == "//"
    assert sure[4].get_hatch() is None
    assert isinstance(sure[4], Rectangle)
    assert sure[4].get_facecolor()[:3] == pytest.approx(
        tuple(int(SURE[i : i + 2], 16) / 255 for i in (1, 3, 5))
    )
    assert between[0].get_facecolor()[:3] == pytest.approx(
        tuple(int(MAYBE[i : i + 2], 16) / 255 for i in (1, 3, 5))
    )
    labels = {rows[y]: t.get_text().strip() for y, t in drawn(ax, "label").items()}
    assert labels == {
        "EGY": "between 40,000 and 70,000 people",
        "LBY": "at most 5,000 people",
        "SSD": "about 30,000 people",
        "TCD": "more than 60,000 people",
    }
    assert drawn(ax, "none")[1].get_text().strip() == "unquantified"
    assert ax.figure.texts[0].get_text() == "Sources: UNHCR"


def test_households_say_so_and_totals_can_be_given() -> None:
    dataset = Dataset(
        sources=[Source("s1", SourceKind.UN_AGENCY)],
        flows=[flow("to-tcd", "TCD", Count(200, "household"))],
    )
    totals = dataset.total(by="destination")
    ax = corridors(totals, title="Households by destination")
    assert ax.get_xlabel() == "households"
    assert ax.get_title() == "Households by destination"
    assert drawn(ax, "label")[0].get_text().strip() == "200 households"
    assert not ax.figure.texts  # bare totals: no dataset to name the sources from


def test_an_axes_of_the_users_own() -> None:
    from matplotlib.figure import Figure

    figure = Figure()
    mine = figure.add_subplot(1, 2, 2)
    assert corridors(examples.kazakhstan_2022(), ax=mine) is mine
    assert len(mine.get_yticklabels()) == 4


def test_wrong_input_is_a_clear_error() -> None:
    totals = examples.kazakhstan_2022().total()
    with pytest.raises(DisplacementError, match=r"options of Dataset.total \(by\) apply to a dataset"):
        corridors(totals, by="origin")
    with pytest.raises(DisplacementError, match="expected a Dataset or Totals to draw, got list"):
        corridors([])  # type: ignore[arg-type]


def test_importing_the_library_does_not_import_matplotlib() -> None:
    import subprocess
    import sys

    code = "import sys, displacement, displacement.examples; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
