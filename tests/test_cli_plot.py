"""``displacement summary FILE --plot OUT``: the corridors chart of the records read, saved to a file.

Most cases run `cli.main` in process; one runs the console script. The saved files are read back:
a PNG's pixels (the same as `displacement.plot.corridors` draws of the same records), an SVG's
elements and labels (the Kazakhstan example: RUS → KAZ with its bar, the three corridors reported
with no number kept as rows marked "unquantified").
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the plot extra is not installed")

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.image import imread

import displacement
from displacement import (
    Count,
    Dataset,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Stock,
    cli,
    examples,
)
from displacement.cli._plot import INSTALL
from displacement.io import csv as io_csv
from displacement.io import json as io_json
from displacement.plot import SURE, corridors

SCRIPT = shutil.which("displacement", path=str(Path(sys.executable).parent))
SVG = "{http://www.w3.org/2000/svg}"
CORRIDORS = ["RUS → FIN", "RUS → GEO", "RUS → KAZ", "RUS → MNG"]
ACCEPTED = ".png, .svg, .pdf"
"""How every list of the accepted extensions starts."""


@pytest.fixture
def kazakhstan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The Kazakhstan example as ``displacement example kazakhstan-2022 --format json`` writes it."""
    assert cli.main(["example", "kazakhstan-2022", "--format", "json"]) == 0
    path = tmp_path / "kazakhstan.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    return path


def summary_of(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """What ``displacement summary`` prints of *path* without ``--plot``."""
    assert cli.main(["summary", str(path)]) == 0
    return capsys.readouterr().out


def svg_ids(path: Path) -> dict[str, ET.Element]:
    """The elements of an SVG file that have an id, by id; the file must be SVG (its XML root)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return {e.attrib["id"]: e for e in root.iter() if "id" in e.attrib}


def flow(id: str, metric: Metric = Metric.ARRIVALS, destination: str = "TCD") -> Flow:
    return Flow(
        id,
        origin=Place("SDN"),
        destination=Place(destination),
        movement=Movement.CROSS_BORDER,
        metric=metric,
        population=Population(PopulationCategory.REFUGEES),
        count=Count(1_000),
        period=Period(date(2023, 4, 15), date(2023, 5, 31)),
    )


def test_png_is_the_corridors_chart_of_the_file(
    kazakhstan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = summary_of(kazakhstan, capsys)
    out = tmp_path / "chart.png"
    assert cli.main(["summary", str(kazakhstan), "--plot", str(out)]) == 0
    shown = capsys.readouterr()
    assert shown.out == text  # the summary as without --plot; the chart is in addition
    assert shown.err == f"wrote {out} (corridors chart, 4 rows)\n"
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    pixels = imread(out)
    # the very chart plot.corridors draws of the records, pixel for pixel
    direct = tmp_path / "direct.png"
    figure = corridors(io_json.load(kazakhstan)).figure
    assert isinstance(figure, Figure)
    figure.savefig(direct)
    assert np.array_equal(pixels, imread(direct))
    # one bar (RUS → KAZ, 98,000 people) in the colour of a sure count: one band of rows
    sure = np.all(np.abs(pixels[:, :, :3] - np.array(to_rgb(SURE))) < 0.01, axis=2)
    rows = np.flatnonzero(sure.any(axis=1))
    assert len(rows) > 5
    assert rows[-1] - rows[0] + 1 == len(rows)


def test_svg_shows_the_corridors_and_the_three_unquantified(
    kazakhstan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "chart.svg"
    assert cli.main(["summary", str(kazakhstan), "--plot", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out} (corridors chart, 4 rows)\n"
    ids = svg_ids(out)
    assert sorted(i for i in ids if i.startswith("none:")) == ["none:0", "none:1", "none:3"]
    assert [i for i in ids if i.startswith(("sure:", "between:", "open:"))] == ["sure:2"]
    text = out.read_text(encoding="utf-8")
    # matplotlib writes each text drawn as paths after a comment that holds it
    labels = [line.strip()[5:-4] for line in text.splitlines() if line.strip().startswith("<!-- RUS")]
    assert labels == CORRIDORS
    assert text.count("<!--  unquantified -->") == 3
    assert "<!--   98,000 people -->" in text
    assert "<!-- Sources: UPI; Maxar Technologies -->" in text


@pytest.mark.parametrize(
    ("name", "magic"), [("chart.pdf", b"%PDF-"), ("CHART.PDF", b"%PDF-"), ("c.svgz", b"\x1f\x8b")]
)
def test_the_format_comes_from_the_extension(
    kazakhstan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, magic: bytes
) -> None:
    out = tmp_path / name
    assert cli.main(["summary", str(kazakhstan), "--plot", str(out)]) == 0
    capsys.readouterr()
    data = out.read_bytes()
    assert data.startswith(magic)
    if magic == b"%PDF-":
        assert data.rstrip().endswith(b"%%EOF")


def test_standard_input(
    kazakhstan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = summary_of(kazakhstan, capsys)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(kazakhstan.read_bytes())))
    out = tmp_path / "chart.svg"
    assert cli.main(["summary", "-", "--plot", str(out)]) == 0
    assert capsys.readouterr().out == text
    assert sorted(i for i in svg_ids(out) if i.startswith("none:")) == ["none:0", "none:1", "none:3"]


def test_a_folder_of_csv_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    io_csv.dump_dir(examples.kazakhstan_2022(), tmp_path / "csv")
    out = tmp_path / "chart.svg"
    assert cli.main(["summary", str(tmp_path / "csv"), "--plot", str(out)]) == 0
    assert "Flows (4)" in capsys.readouterr().out
    assert "sure:2" in svg_ids(out)


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("chart.txt", "the extension '.txt' is not a picture format"),
        ("chart", "no extension"),
        ("chart.raw", "the extension '.raw' is not a picture format"),  # bare pixels, no header
        ("chart.pgf", "the extension '.pgf' is not a picture format"),  # needs TeX to draw
    ],
)
def test_an_extension_it_cannot_write_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, what: str
) -> None:
    out = tmp_path / name
    # the input does not exist: the option is refused before the input is looked at
    assert cli.main(["summary", str(tmp_path / "huge.json"), "--plot", str(out)]) == cli.EXIT_USAGE
    shown = capsys.readouterr()
    assert shown.out == ""
    assert shown.err.startswith(
        f"displacement: error: --plot {out}: {what}; name a file ending in {ACCEPTED}, "
    )
    listed = shown.err.rpartition("name a file ending in ")[2].strip().split(", ")
    assert ".jpg" in listed
    assert ".raw" not in listed
    assert ".pgf" not in listed
    assert shown.err.count("\n") == 1
    assert not out.exists()


def test_standard_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary", str(tmp_path / "huge.json"), "--plot", "-"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(
        "displacement: error: --plot -: the chart is written to a file, not to standard output "
        f"(which carries the summary): name a file ending in {ACCEPTED}, "
    )


def test_a_long_name_is_cut_short(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "c" * 100_000 + ".txt"
    assert cli.main(["summary", "x.json", "--plot", name]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert f"--plot {'c' * 197}... (100,004 characters): the extension '.txt'" in err
    assert len(err) < 500


def test_without_matplotlib(
    kazakhstan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    monkeypatch.delitem(sys.modules, "displacement.plot", raising=False)
    out = tmp_path / "chart.png"
    assert cli.main(["summary", str(kazakhstan), "--plot", str(out)]) == cli.EXIT_USAGE
    shown = capsys.readouterr()
    assert shown.err == f"displacement: error: --plot needs matplotlib: {INSTALL}\n"
    assert INSTALL == "pip install 'displacement-events[plot]'"
    assert shown.out == ""
    assert not out.exists()
    # the summary alone never needs it
    assert cli.main(["summary", str(kazakhstan)]) == 0
    assert "Flows (4)" in capsys.readouterr().out


def test_nothing_to_draw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.json"
    io_json.dump(Dataset(), empty)
    out = tmp_path / "chart.png"
    assert cli.main(["summary", str(empty), "--plot", str(out)]) == cli.EXIT_USAGE
    shown = capsys.readouterr()
    assert shown.err == (
        f"displacement: error: {empty}: no flows to draw: the corridors chart draws flows; no chart written\n"
    )
    assert shown.out == ""
    assert not out.exists()
    stocks = tmp_path / "stocks.json"
    stock = Stock(
        "s1",
        place=Place("TCD"),
        population=Population(PopulationCategory.REFUGEES),
        count=Count(5_000),
        as_of=date(2023, 12, 31),
    )
    io_json.dump(Dataset(stocks=[stock]), stocks)
    assert cli.main(["summary", str(stocks), "--plot", str(out)]) == cli.EXIT_USAGE
    assert capsys.readouterr().err == (
        f"displacement: error: {stocks}: no flows to draw (it holds 1 stocks): the corridors chart "
        "draws flows; no chart written\n"
    )


def test_flows_that_cannot_be_totalled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mixed = tmp_path / "mixed.json"
    io_json.dump(Dataset(flows=[flow("a"), flow("b", Metric.APPLICATIONS)]), mixed)
    out = tmp_path / "chart.png"
    assert cli.main(["summary", str(mixed), "--plot", str(out)]) == cli.EXIT_USAGE
    shown = capsys.readouterr()
    assert shown.err.startswith(f"displacement: error: {mixed}: cannot draw the corridors chart: ")
    assert "different metrics (applications, arrivals)" in shown.err
    assert "displacement.plot.corridors(dataset, where=...)" in shown.err
    assert shown.err.endswith("; no chart written\n")
    assert shown.err.count("\n") == 1
    assert shown.out == ""
    assert not out.exists()


def test_a_place_it_cannot_write(
    kazakhstan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "chart.png"
    assert cli.main(["summary", str(tmp_path / "huge.json"), "--plot", str(missing)]) == cli.EXIT_USAGE
    assert capsys.readouterr().err == (
        f"displacement: error: --plot {missing}: cannot write there: {missing.parent}: no such folder\n"
    )
    under_a_file = kazakhstan / "chart.png"
    assert cli.main(["summary", str(kazakhstan), "--plot", str(under_a_file)]) == cli.EXIT_USAGE
    assert capsys.readouterr().err == (
        f"displacement: error: --plot {under_a_file}: cannot write there: {kazakhstan}: is not a folder\n"
    )
    folder = tmp_path / "a.png"
    folder.mkdir()
    assert cli.main(["summary", str(kazakhstan), "--plot", str(folder)]) == cli.EXIT_USAGE
    assert capsys.readouterr() == (
        "",
        f"displacement: error: --plot {folder}: is a folder; name a file in it\n",
    )


def test_an_error_while_saving(
    kazakhstan: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "chart.png"

    def denied(self: Figure, name: str, **options: object) -> None:
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(Figure, "savefig", denied)
    assert cli.main(["summary", str(kazakhstan), "--plot", str(out)]) == cli.EXIT_USAGE
    assert capsys.readouterr() == (
        "",
        f"displacement: error: --plot {out}: cannot write it: Permission denied\n",
    )

    def too_large(self: Figure, name: str, **options: object) -> None:
        raise ValueError(
            "Image size of 800x230000 pixels is too large. It must be less than 2^23 in each direction."
        )

    monkeypatch.setattr(Figure, "savefig", too_large)
    assert cli.main(["summary", str(kazakhstan), "--plot", str(out)]) == cli.EXIT_USAGE
    assert capsys.readouterr().err == (
        f"displacement: error: --plot {out}: cannot draw it: Image size of 800x230000 pixels is too "
        "large. It must be less than 2^23 in each direction.\n"
    )


def test_help_names_the_option_and_the_extra(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["summary", "--help"])
    assert exc.value.code == 0
    shown = capsys.readouterr().out
    assert "[--plot OUT]" in shown
    text = " ".join(shown.split())
    assert "--plot OUT also draw the corridors chart" in text
    assert "the format comes from the extension" in text
    assert "Needs matplotlib: pip install 'displacement-events[plot]'" in text
    assert "'displacement-events[plot]'" in shown  # never broken at its hyphen


def test_the_console_script(kazakhstan: Path, tmp_path: Path) -> None:
    assert SCRIPT is not None, "the console script is not installed next to this Python"
    src = str(Path(displacement.__file__).resolve().parents[1])  # the code under test
    env = os.environ | {"PYTHONPATH": src, "MPLBACKEND": "agg"}
    out = tmp_path / "chart.png"
    done = subprocess.run(
        [SCRIPT, "summary", str(kazakhstan), "--plot", str(out)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "f1-rus-kaz  RUS -> KAZ" in done.stdout
    assert "98,000 people" in done.stdout
    assert done.stderr == f"wrote {out} (corridors chart, 4 rows)\n"
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert imread(out).shape[2] == 4  # RGBA pixels
