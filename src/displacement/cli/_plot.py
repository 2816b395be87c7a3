"""``displacement summary FILE --plot OUT``: the corridors chart of `displacement.plot`, saved to a file.

The chart needs the ``plot`` extra (matplotlib); nothing here imports it until ``--plot`` is
given. Everything that can be known before the input is read is checked first (matplotlib
installed, a picture format from OUT's extension, a folder to write OUT in), so that a slip in
the option does not cost the reading of a large file. ``--plot -`` is refused: the summary's text
goes to standard output, and a picture there would be mixed with it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Final

from ..dataset import Dataset
from ..errors import DisplacementError
from ._files import UsageError, one_line

__all__ = [
    "INSTALL",
    "NOT_PICTURES",
    "PLOT_HELP",
    "add_plot_option",
    "chart_format",
    "plot",
]

INSTALL: Final = "pip install 'displacement-events[plot]'"
"""How to install what ``--plot`` needs."""
NOT_PICTURES: Final = frozenset({"raw", "rgba", "pgf"})
"""Formats matplotlib writes that ``--plot`` does not: bare pixels with no header (``raw``,
``rgba``), and PGF code, which needs a TeX installation to be drawn at all."""
FIRST: Final = ("png", "svg", "pdf")
"""The formats named first when the accepted ones are listed."""
PLOT_HELP: Final = (
    "also draw the corridors chart (the flows totalled by origin and destination, each total with "
    "its bounds, unquantified corridors kept as rows) and save it to OUT, a .png, .svg or .pdf "
    "file (or another picture format matplotlib writes: the format comes from the extension); "
    f"the summary is printed as without it. Needs matplotlib: {INSTALL}"
)
"""What ``--plot`` says in ``--help``."""


def _shown(name: str) -> str:
    """*name* for a message, cut short: a message never echoes a huge argument whole."""
    return name if len(name) <= 200 else f"{name[:197]}... ({len(name):,} characters)"


def add_plot_option(command: argparse.ArgumentParser) -> None:
    """Give *command* (``summary``) the ``--plot OUT`` option."""
    command.add_argument("--plot", metavar="OUT", help=PLOT_HELP)


def _accepted() -> list[str]:
    """The extensions ``--plot`` writes: the picture formats of the installed matplotlib,
    PNG, SVG and PDF first. Raises `UsageError` when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401  (a cached displacement.plot would hide its absence)
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError:
        raise UsageError(f"--plot needs matplotlib: {INSTALL}") from None
    formats = set(FigureCanvasBase.get_supported_filetypes()) - NOT_PICTURES
    return [f for f in FIRST if f in formats] + sorted(formats - set(FIRST))


def chart_format(name: str) -> str:
    """The picture format to save the chart *name* in, from its extension, checked before any
    input is read: matplotlib installed, an extension it writes, a folder that exists to write
    in. Anything else is a `UsageError` that says what to do."""
    accepted = _accepted()
    listed = ", ".join("." + f for f in accepted)
    if name == "-":
        raise UsageError(
            "--plot -: the chart is written to a file, not to standard output (which carries "
            f"the summary): name a file ending in {listed}"
        )
    suffix = Path(name).suffix.lower().removeprefix(".")
    if suffix not in accepted:
        what = f"the extension '.{suffix}' is not a picture format" if suffix else "no extension"
        raise UsageError(f"--plot {_shown(name)}: {what}; name a file ending in {listed}")
    if os.path.isdir(name):
        raise UsageError(f"--plot {_shown(name)}: is a folder; name a file in it")
    folder = os.path.dirname(name) or "."
    if not os.path.isdir(folder):
        why = "is not a folder" if os.path.exists(folder) else "no such folder"
        raise UsageError(f"--plot {_shown(name)}: cannot write there: {_shown(folder)}: {why}")
    return suffix


def plot(dataset: Dataset, shown: str, name: str, fmt: str) -> str:
    """Draw the corridors chart of *dataset* (read from *shown*) and save it to *name* in *fmt*;
    return what was written (``wrote chart.png (corridors chart, 4 rows)``).

    A dataset with no flows has nothing to draw, and flows that cannot be totalled together
    (different metrics in one corridor, households without a size) cannot be drawn: both are a
    `UsageError`, and nothing is written."""
    from matplotlib.figure import Figure  # chart_format has checked that matplotlib is there

    from .. import plot as charts

    if not dataset.flows:
        held = f" (it holds {len(dataset.stocks):,} stocks)" if dataset.stocks else ""
        raise UsageError(
            f"{shown}: no flows to draw{held}: the corridors chart draws flows; no chart written"
        )
    try:
        ax = charts.corridors(dataset)
    except DisplacementError as exc:
        text = one_line(exc, limit=300).replace(
            "add 'metric' to by=, or choose one with where=",
            "choose one in Python with displacement.plot.corridors(dataset, where=...)",
        )
        raise UsageError(f"{shown}: cannot draw the corridors chart: {text}; no chart written") from None
    rows = len(ax.get_yticks())
    figure = ax.figure
    assert isinstance(figure, Figure)  # corridors draws on a Figure of its own, not a SubFigure
    try:
        figure.savefig(name, format=fmt)
    except OSError as exc:
        raise UsageError(f"--plot {_shown(name)}: cannot write it: {exc.strerror or exc}") from None
    except ValueError as exc:  # matplotlib refuses a picture too large for its format
        text = " ".join(str(exc).split())
        text = text if len(text) <= 200 else text[:197] + "..."
        raise UsageError(f"--plot {_shown(name)}: cannot draw it: {text}") from None
    return f"wrote {_shown(name)} (corridors chart, {rows:,} row{'s' * (rows != 1)})"
