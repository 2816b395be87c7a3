"""Charts that keep the honesty: what `displacement.plot.corridors` draws, read back from the Axes.

Every chart is rendered to PNG with the Agg canvas (no display needed), then its bars, arrows and
labels are checked: a bar's width is the total's lower bound, the lighter bar spans the bounds,
an open total ends in an arrow (not at a number), an unquantified group keeps its row.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

pytest.importorskip("matplotlib", reason="the plot extra is not installed")

from matplotlib.dates import date2num
from matplotlib.patches import Rectangle

from displacement import (
    Attribution,
    Cohort,
    Count,
    Dataset,
    DisplacementError,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Policy,
    Population,
    PopulationCategory,
    Qualifier,
    Sex,
    Source,
    SourceKind,
    Stock,
    ValidationError,
    examples,
)
from displacement import strategies as dst
from displacement.plot import MAYBE, NOT_KNOWN, SURE, breakdown, corridors, series

UNHCR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "unhcr"
AGES: dict[str, Any] = {
    "0-4": (0, 4),
    "5-11": (5, 11),
    "12-17": (12, 17),
    "18-59": (18, 59),
    "60+": (60, None),
}
AGES[NOT_KNOWN] = None


def _x(day: date) -> float:
    return float(date2num(day))  # type: ignore[no-untyped-call]


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


def by_gid(ax: Any, kind: str) -> dict[tuple[int, ...], Any]:
    """Artists of one *kind* whose gids carry several numbers (``report:0:1``), by those numbers."""
    found: dict[tuple[int, ...], Any] = {}
    for artist in [*ax.patches, *ax.texts, *ax.lines]:
        gid = artist.get_gid() or ""
        if gid.startswith(kind + ":"):
            found[tuple(int(p) for p in gid.split(":")[1:])] = artist
    return found


def legend(ax: Any) -> list[str]:
    """The labels of the axes' legend."""
    return [t.get_text() for t in ax.get_legend().get_texts()]


def sudan(*counts: tuple[str, int]) -> Dataset:
    return Dataset(
        sources=[Source("s1", SourceKind.UN_AGENCY, publisher="UNHCR")],
        flows=[flow(f"to-{d.lower()}", d, Count(n)) for d, n in counts],
    )


class TestTop:
    def test_the_largest_groups_first_and_the_rest_in_a_note(self, tmp_path: Path) -> None:
        dataset = sudan(("TCD", 600), ("EGY", 450), ("SSD", 300), ("LBY", 20), ("ETH", 7))
        ax = corridors(dataset, by="destination", top=2)
        render(ax, tmp_path / "top.png")
        assert [t.get_text() for t in ax.get_yticklabels()] == ["TCD", "EGY"]
        assert {y: b.get_width() for y, b in drawn(ax, "sure").items()} == {0: 600, 1: 450}
        assert ax.get_xlabel() == "people\n3 more groups not drawn: 327 people in all"
        assert ax.get_title().splitlines()[1] == "the 2 largest of 5 groups by lower bound"
        # the note counts what the hidden groups add to, as intervals: an open one leaves it open
        open_rest = Dataset(
            sources=dataset.sources,
            flows=[*dataset.flows, flow("to-cmr", "CMR", None)],
        )
        ax = corridors(open_rest, by="destination", top=2)
        assert ax.get_xlabel() == "people\n4 more groups not drawn: at least 327 people in all"

    def test_all_groups_when_they_fit_or_when_asked(self) -> None:
        dataset = sudan(("TCD", 600), ("EGY", 450), ("SSD", 300))
        # in key order when nothing is left out
        for top in (3, None):
            ax = corridors(dataset, by="destination", top=top)
            assert [t.get_text() for t in ax.get_yticklabels()] == ["EGY", "SSD", "TCD"]
            assert ax.get_xlabel() == "people"

    @pytest.mark.parametrize("top", [0, -1, True, 2.5, "3"])
    def test_a_wrong_top_is_a_clear_error(self, top: Any) -> None:
        with pytest.raises(ValidationError, match="top: expected a whole number of groups, at least 1"):
            corridors(sudan(("TCD", 600)), top=top)


class TestBreakdown:
    def test_below_the_country_with_the_units_names(self, tmp_path: Path) -> None:
        ax = breakdown(examples.somalia_prmn_2022())
        render(ax, tmp_path / "somalia.png")
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Banadir (SO22)", "Bay (SO24)"]
        assert {y: b.get_width() for y, b in drawn(ax, "sure").items()} == {0: 112_070, 1: 85_612}
        assert ax.get_title() == "Totals by destination.admin1 (policy: latest)\n2022-01-01 to 2022-12-31"
        assert ax.figure.texts[0].get_text() == (
            "Sources: UNHCR Somalia, Protection and Return Monitoring Network (PRMN)"
        )
        # a level the records do not reach: Banadir's arrivals have no district
        ax = breakdown(examples.somalia_prmn_2022(), by="destination.admin2")
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Baydhaba (SO2401)", NOT_KNOWN]

    def test_by_sex_and_age_side_by_side(self, tmp_path: Path) -> None:
        def women(n: int, low: int | None = None, high: int | None = None) -> Cohort:
            return Cohort(Sex.FEMALE, low, high, Count(n))

        def refugees(id: str, country: str, count: str, *cells: Cohort) -> Stock:
            population = Population(PopulationCategory.REFUGEES, nationality="SYR", cohorts=cells)
            return Stock(
                id,
                place=Place(country),
                population=population,
                count=Count.parse(count),
                as_of=date(2023, 12, 31),
            )

        syrians = Dataset(
            stocks=[
                refugees(
                    "tur",
                    "TUR",
                    "1,000",
                    women(520),
                    Cohort(Sex.MALE, None, None, Count(430)),
                    women(200, 0, 17),
                ),
                refugees("lbn", "LBN", "about 800", women(400)),
            ]
        )
        ax = breakdown(syrians, of="stocks", by=("place", "sex"))
        render(ax, tmp_path / "sex.png")
        assert [t.get_text() for t in ax.get_yticklabels()] == ["LBN", "TUR"]
        # one bar a sex within each country's row, the cells the records do not cover under None
        widths = {k: b.get_width() for k, b in by_gid(ax, "sure").items()}
        parts = legend(ax)
        assert parts == ["female", "male", NOT_KNOWN]  # what is not broken down comes last
        assert widths == {(0, 0): 400, (0, 2): 400, (1, 0): 520, (1, 1): 430, (1, 2): 50}
        assert by_gid(ax, "sure")[0, 2].get_hatch() == "//"  # "about 400": about 800 less 400
        assert ax.get_legend().get_title().get_text() == "sex"  # type: ignore[union-attr]
        # the bars of one row share it, side by side, each in its part's colour
        tur = [by_gid(ax, "sure")[1, j] for j in range(3)]
        assert [round(b.get_y() + b.get_height() / 2, 3) for b in tur] == [0.733, 1.0, 1.267]
        assert tur[0].get_facecolor()[:3] == pytest.approx(
            tuple(int(SURE[i : i + 2], 16) / 255 for i in (1, 3, 5))
        )
        assert len({b.get_facecolor() for b in tur}) == 3

    def test_unhcr_demographics_by_age_and_sex(self, tmp_path: Path) -> None:
        path = UNHCR / "demographics.csv"
        if not path.exists():
            pytest.skip(f"the UNHCR data is not at {UNHCR}")
        from displacement.io import unhcr

        stocks = unhcr.read_demographics(path).dataset
        ax = breakdown(stocks, of="stocks", by=("age", "sex"), where=lambda s: s.place.country == "TCD")
        render(ax, tmp_path / "chad.png")
        expected = stocks.total("stocks", by=("age", "sex"), where=lambda s: s.place.country == "TCD")
        rows = [t.get_text() for t in ax.get_yticklabels()]
        assert rows == ["0-4", "5-11", "12-17", "18-59", "60+", NOT_KNOWN]
        parts = legend(ax)
        for (y, j), bar in by_gid(ax, "sure").items():
            count = expected[AGES[rows[y]], Sex(parts[j]) if parts[j] != NOT_KNOWN else None].count
            assert count is not None
            assert bar.get_width() == count.bound_magnitudes[0]

    def test_wrong_fields(self) -> None:
        with pytest.raises(ValidationError, match=r"by: expected field names, got 123"):
            breakdown(examples.somalia_prmn_2022(), by=123)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="by: a breakdown draws one or two fields, got 0"):
            breakdown(examples.somalia_prmn_2022(), by=())
        with pytest.raises(ValidationError, match="by: a breakdown draws one or two fields, got 3"):
            breakdown(examples.somalia_prmn_2022(), by=("origin", "destination", "year"))
        with pytest.raises(DisplacementError, match=r"options of Dataset.total \(by\) apply to a dataset"):
            breakdown(examples.somalia_prmn_2022().total(), by="origin")


class TestSeries:
    def kazakhstan(self) -> Dataset:
        """The example, with the 4 October report of more than 200,000 since 21 September."""
        example = examples.kazakhstan_2022()
        first = example.get("f1-rus-kaz")
        assert isinstance(first, Flow)
        later = attrs.evolve(
            first,
            id="f2-rus-kaz",
            count=Count(200_000, qualifier=Qualifier.MORE_THAN),
            period=Period(date(2022, 9, 21), date(2022, 10, 4), as_of=date(2022, 10, 4), open_start=True),
        )
        return Dataset(
            sources=example.sources,
            actors=example.actors,
            events=example.events,
            flows=[*example.flows, later],
        )

    def test_the_open_start_and_the_unquantified_corridors_of_the_example(self, tmp_path: Path) -> None:
        ax = series(examples.kazakhstan_2022())
        render(ax, tmp_path / "example.png")
        start = by_gid(ax, "start")[0,]
        # the count began partway through 21 September: a hollow circle at zero, labelled "since"
        assert list(start.get_xydata()[0]) == [_x(date(2022, 9, 21)), 0]
        assert start.get_markerfacecolor() == "white"
        assert by_gid(ax, "start-label")[0,].get_text() == "since 2022-09-21"
        report = by_gid(ax, "report")[0, 0]
        assert list(report.get_xydata()[0]) == [_x(date(2022, 9, 27)), 98_000]
        assert report.get_marker() == "o"
        assert (
            by_gid(ax, "label")[0, 0].get_text()
            == "98,000 people\nUPI citing Interior Ministry of Kazakhstan"
        )
        assert not by_gid(ax, "open")
        assert not by_gid(ax, "between")
        assert ax.get_xlabel() == (
            "Reported with no number: RUS → FIN (2022-09-27), RUS → GEO (2022-09-27), RUS → MNG (2022-09-27)"
        )
        assert ax.get_ylabel() == "people"
        assert ax.get_title() == "Cumulative reports: RUS → KAZ\nsince 2022-09-21 to 2022-09-27"
        assert ax.figure.texts[0].get_text() == "Sources: UPI; Maxar Technologies"

    def test_reports_bounds_and_increments(self, tmp_path: Path) -> None:
        ax = series(self.kazakhstan(), where=lambda f: f.destination.country == "KAZ")
        render(ax, tmp_path / "series.png")
        reports = by_gid(ax, "report")
        assert [list(r.get_xydata()[0]) for r in reports.values()] == [
            [_x(date(2022, 9, 27)), 98_000],
            [_x(date(2022, 10, 4)), 200_000],
        ]
        # "more than 200,000": a dashed arrow up from 200,000, no upper end drawn
        arrow = by_gid(ax, "open")[0, 1]
        assert arrow.xyann == (_x(date(2022, 10, 4)), 200_000)
        assert arrow.xy[1] > 200_000
        assert arrow.arrow_patch.get_linestyle() == "--"
        assert (
            by_gid(ax, "label")[0, 1].get_text()
            == "more than 200,000 people\nUPI citing Interior Ministry of Kazakhstan"
        )
        # the growth between the two reports, as an interval
        assert by_gid(ax, "increment")[0, 1].get_text() == "+more than 102,000 people"
        assert ax.get_title() == "Cumulative reports: RUS → KAZ\nsince 2022-09-21 to 2022-10-04"
        assert ax.get_xlabel() == ""  # every series here has a number
        # the line runs from the start through each report's lower bound
        line = by_gid(ax, "line")[0,]
        assert [y for _, y in line.get_xydata()] == [0, 98_000, 200_000]

    def test_ranges_approximations_and_a_closed_start(self) -> None:
        start = date(2023, 4, 15)

        def report(id: str, count: Count | None, end: date) -> Flow:
            return attrs.evolve(flow(id, "TCD", count), period=Period(start, end, as_of=end))

        dataset = Dataset(
            sources=[Source("s1", SourceKind.UN_AGENCY, publisher="UNHCR")],
            flows=[
                report("a", Count(20_000, qualifier=Qualifier.APPROXIMATE), date(2023, 5, 1)),
                report("b", Count(30_000, qualifier=Qualifier.RANGE, upper=45_000), date(2023, 5, 15)),
                report("c", None, date(2023, 5, 31)),
            ],
        )
        ax = series(dataset)
        assert by_gid(ax, "start")[0,].get_markerfacecolor() == SURE  # counted from the start of the day
        assert by_gid(ax, "start-label")[0,].get_text() == "from 2023-04-15"
        assert by_gid(ax, "report")[0, 0].get_marker() == "D"  # approximate
        between = by_gid(ax, "between")[0, 1]
        assert [y for _, y in between.get_xydata()] == [30_000, 45_000]
        assert by_gid(ax, "increment")[0, 1].get_text() == "+between 10,000 and 25,000 people"
        # a later report with no number is marked on the axis, not drawn as zero
        assert list(by_gid(ax, "none")[0, 2].get_xydata()[0]) == [_x(date(2023, 5, 31)), 0]
        assert by_gid(ax, "label")[0, 2].get_text().strip() == "no number"
        assert [y for _, y in by_gid(ax, "line")[0,].get_xydata()] == [0, 20_000, 30_000]

    def test_several_series_have_a_legend(self) -> None:
        dataset = self.kazakhstan()
        ax = series(dataset, where=lambda f: f.count is not None)
        assert ax.get_legend() is None  # one series: the title names it
        first = dataset.get("f1-rus-kaz")
        assert isinstance(first, Flow)
        geo = attrs.evolve(first, id="g", destination=Place("GEO"))
        with_geo = attrs.evolve(dataset, flows=[*dataset.flows, geo])
        ax = series(with_geo, where=lambda f: f.count is not None)
        assert legend(ax) == ["RUS → GEO", "RUS → KAZ"]
        assert ax.get_title().startswith("Cumulative reports (2 series)")

    def test_the_largest_series_when_there_are_many(self) -> None:
        dataset = sudan(*((country, 100 * (i + 1)) for i, country in enumerate(TEN)))
        ax = series(dataset, top=3)
        # the three largest, in the order of Dataset.series (by corridor)
        assert legend(ax) == ["SDN → FRA", "SDN → KEN", "SDN → SAU"]
        assert ax.get_title().splitlines()[0] == (
            "Cumulative reports (3 series), the 3 largest of 10 by their last report"
        )
        assert len(legend(series(dataset, top=None))) == 10
        with pytest.raises(ValidationError, match="top: expected a whole number"):
            series(dataset, top=0)

    def test_one_corridor_two_series_are_told_apart(self) -> None:
        dataset = self.kazakhstan()
        first = dataset.get("f1-rus-kaz")
        assert isinstance(first, Flow)
        later_start = attrs.evolve(
            first,
            id="f3",
            count=Count(5_000),
            period=Period(date(2022, 9, 25), date(2022, 9, 30), as_of=date(2022, 9, 30)),
            population=Population(PopulationCategory.ASYLUM_SEEKERS, nationality="RUS"),
        )
        more = attrs.evolve(dataset, flows=[*dataset.flows, later_start])
        ax = series(more, where=lambda f: f.count is not None)
        assert legend(ax) == [
            "RUS → KAZ, asylum_seekers, from 2022-09-25",
            "RUS → KAZ, others, since 2022-09-21",
        ]

    def test_errors(self) -> None:
        with pytest.raises(
            DisplacementError, match="no flows to draw: the dataset has none that where= keeps"
        ):
            series(examples.kazakhstan_2022(), where=lambda f: False)
        with pytest.raises(DisplacementError, match="expected a Dataset to draw, got Totals"):
            series(examples.kazakhstan_2022().total())  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"expected Policy\.LATEST"):
            series(examples.kazakhstan_2022(), policy=Policy.RANGE)


def test_wrong_arguments_say_which() -> None:
    example = examples.kazakhstan_2022()
    with pytest.raises(ValidationError, match="ax: expected a matplotlib Axes, got str"):
        corridors(example, ax="x")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="title: expected text, got int"):
        series(example, title=5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"bogus: not an option of Dataset.total \(those are: of, by, "):
        breakdown(example, bogus=1)


def test_a_readers_load_gets_a_hint() -> None:
    from displacement.io.account import Load

    load = Load(examples.kazakhstan_2022(), None)  # type: ignore[arg-type]
    with pytest.raises(DisplacementError, match=r"got Load \(draw its .dataset\)"):
        corridors(load)  # type: ignore[arg-type]


TEN = ("TCD", "EGY", "SSD", "LBY", "ETH", "CAF", "UGA", "KEN", "SAU", "FRA")


def test_a_caption_names_eight_sources_and_counts_the_rest() -> None:
    dataset = Dataset(
        sources=[Source(f"s{i}", SourceKind.NEWS_MEDIA, publisher=f"Paper {i}") for i in range(10)],
        flows=[flow(f"f{i}", country, Count(i + 1), source=f"s{i}") for i, country in enumerate(TEN)],
    )
    ax = corridors(dataset, by="destination")
    # in the order of the groups drawn (by destination), each source once
    names = "; ".join(f"Paper {TEN.index(c)}" for c in sorted(TEN)[:8])
    assert ax.figure.texts[0].get_text() == f"Sources: {names} and 2 more"


def test_nothing_to_draw_says_so(tmp_path: Path) -> None:
    ax = corridors(Dataset())
    render(ax, tmp_path / "empty.png")
    assert ax.texts[0].get_text() == "no totals to draw"
    assert ax.get_yticklabels() == []
    ax = corridors(examples.kazakhstan_2022(), where=lambda f: False)
    assert ax.texts[0].get_text() == "no totals to draw"
    assert ax.get_title() == "Totals by origin, destination (policy: latest)"


def test_one_day_is_named_once() -> None:
    stock = Stock(
        "s",
        place=Place("TCD"),
        population=Population(PopulationCategory.REFUGEES, nationality="SDN"),
        count=Count(600_000),
        as_of=date(2023, 12, 31),
    )
    ax = corridors(Dataset(stocks=[stock]), of="stocks")
    assert ax.get_title() == "Totals by place (policy: latest)\n2023-12-31"


# -- any dataset the strategies draw: the chart is its totals, and it renders ----------------------


FONTS = "ignore:Glyph .* missing from font"
"""Any text may name a place or a publisher: the machine's fonts lack some scripts, which matplotlib
warns of and draws as boxes. That is the fonts' business, not the chart's."""


def rendered(ax: Any) -> None:
    """Lay out and draw every artist (text layout, math parsing...) without writing a file."""
    ax.figure.savefig(io.BytesIO(), format="png", dpi=20)


@pytest.mark.filterwarnings(FONTS)
@given(dst.datasets(max_flows=6, max_stocks=0))
@settings(max_examples=40)
def test_any_datasets_bars_are_its_totals(dataset: Dataset) -> None:
    try:
        totals = dataset.total(by="destination")
    except DisplacementError as exc:
        with pytest.raises(type(exc)):
            corridors(dataset, by="destination")
        return
    ax = corridors(dataset, by="destination", top=None)
    rendered(ax)
    rows = list(totals.values())
    assert len(ax.get_yticklabels()) == len(rows)
    sure, between, arrows, blank = (drawn(ax, kind) for kind in ("sure", "between", "open", "none"))
    for y, total in enumerate(rows):
        if total.count is None:
            assert y in blank
            assert y not in sure
            continue
        low, high = total.count.bound_magnitudes
        assert sure[y].get_width() == low
        assert (y in arrows) == (high is None)
        if high is not None and high > low:
            assert between[y].get_x() + between[y].get_width() == pytest.approx(high)


@pytest.mark.filterwarnings(FONTS)
@given(dst.datasets(max_flows=6, max_stocks=0))
@settings(max_examples=40)
def test_any_datasets_series_are_drawn(dataset: Dataset) -> None:
    try:
        found = dataset.series()
    except DisplacementError as exc:
        with pytest.raises(type(exc)):
            series(dataset)
        return
    if not found:
        with pytest.raises(DisplacementError, match="no flows to draw"):
            series(dataset)
        return
    ax = series(dataset)
    rendered(ax)
    quantified = [s for s in found if any(r.count is not None for r in s.reports)]
    reports = by_gid(ax, "report")
    assert sorted(reports) == sorted(
        (n, k) for n, s in enumerate(quantified) for k, r in enumerate(s.reports) if r.count is not None
    )
    for (n, k), marker in reports.items():
        count = quantified[n].reports[k].count
        assert count is not None
        assert marker.get_xydata()[0][1] == count.bound_magnitudes[0]


def test_text_is_drawn_as_written() -> None:
    # matplotlib reads "$...$" as a formula, and fails on a bad one when it draws
    dataset = Dataset(
        sources=[Source("s1", SourceKind.NEWS_MEDIA, publisher=r"Radio $\frac$ news")],
        flows=[flow("to-tcd", "TCD", Count(5)), flow("to-egy", "EGY", Count(7))],
    )
    for ax in (corridors(dataset), breakdown(dataset, by="destination"), series(dataset)):
        rendered(ax)
        assert ax.figure.texts[0].get_text() == r"Sources: Radio $\frac$ news"
    ax = series(dataset)
    assert by_gid(ax, "label")[0, 0].get_text() == "7 people\nRadio $\\frac$ news"
