"""Charts that keep the honesty: totals drawn with their bounds (the ``plot`` extra: matplotlib).

Three charts: `corridors` (totals by corridor, or any grouping), `breakdown` (totals below the
country, or by sex and age, one bar a part) and `series` (cumulative reports over time, with
their bounds, sources and the increments between them). See docs/charts.md.

`corridors` draws the totals of `Dataset.total` as horizontal bars. The part of a total its
reports are sure of (up to the lower bound) is a solid bar; the part between its bounds is a
lighter bar; a total with no upper bound ("at least 98,000") ends in a dashed arrow, never at a
made-up number; an approximate total is hatched; a group whose reports give no number keeps its
row, with no bar and the word "unquantified". Each bar is labelled with the total as the library
writes it (``at least 98,000 people``), so units and qualifiers stay on the page.

The chart is drawn on a `matplotlib.axes.Axes` (a new `matplotlib.figure.Figure` when none is
given, without pyplot's global state) and returned, so it can be restyled or saved:

>>> from displacement import examples
>>> ax = corridors(examples.kazakhstan_2022())
>>> [label.get_text() for label in ax.get_yticklabels()]
['RUS → FIN', 'RUS → GEO', 'RUS → KAZ', 'RUS → MNG']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from functools import reduce, wraps
from operator import add
from typing import Any, Final, ParamSpec

from . import gazetteer
from .count import Count, Qualifier
from .dataset import Dataset
from .errors import DisplacementError, UnitError, ValidationError
from .flow import Flow
from .totals import Policy, Series, Total, Totals, shown_key

try:
    from matplotlib import colormaps, rc_context
    from matplotlib.axes import Axes
    from matplotlib.colors import to_hex
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import StrMethodFormatter
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("displacement.plot needs matplotlib: pip install 'displacement-events[plot]'") from exc

__all__ = ["MAYBE", "NOT_KNOWN", "SURE", "TOP", "breakdown", "corridors", "series"]

SURE: Final = "#2f5f98"
"""The colour of the part of a total its reports are sure of: from 0 to its lower bound."""
MAYBE: Final = "#a9c4e2"
"""The colour of the part between a total's lower and upper bounds."""
NOT_KNOWN: Final = "(not known)"
"""How a group key of ``None`` is labelled (a place not known at the level grouped by)."""
_P = ParamSpec("_P")
TOP: Final = 25
"""How many groups a bar chart draws by default: with more, the largest by lower bound (``top=``)."""
_LISTED: Final = 8
"""How many sources a caption names, and series reported with no number a series chart names;
the rest are counted."""
_OPEN: Final = 0.12
"""How far past its lower bound an open total's arrow reaches, as a share of the widest bound."""


def _key(value: Any, field: str = "") -> str:
    """One value of a group key as a label: a p-code with its unit's name (``Baydhaba (SO2401)``)."""
    if value is None:
        return NOT_KNOWN
    if isinstance(value, Enum):
        return str(value.value)
    if field.endswith(("admin1", "admin2", "admin3")) and isinstance(value, str):
        unit = gazetteer.current().get(value)
        if unit is not None and unit.name:
            return f"{unit.name} ({value})"
    return shown_key(value)


def _label(key: Sequence[Any], by: Sequence[str]) -> str:
    """A group's label: ``RUS → KAZ`` for a corridor, the values joined by commas otherwise."""
    parts = [_key(k, field) for k, field in zip(key, by, strict=True)]
    corridor = len(by) == 2 and by[0].startswith("origin") and by[1].startswith("destination")
    return " → ".join(parts) if corridor else ", ".join(parts) or "all"


def _ids(totals: Iterable[Total]) -> list[str]:
    """The ids of the records behind *totals*: added, and reported without a number."""
    return [i for t in totals for i in (*t.records, *t.unquantified)]


def _publisher(dataset: Dataset, source_id: str) -> str:
    """A source as a reader knows it: its publisher, or its id."""
    return str(getattr(dataset.get(source_id), "publisher", None) or source_id)


def _sources(dataset: Dataset, ids: Iterable[str]) -> list[str]:
    """Who reports the records *ids*: each attribution's source, by publisher, once."""
    names: dict[str, None] = {}
    for record_id in ids:
        for attribution in getattr(dataset.get(record_id), "attributions", ()):
            names[_publisher(dataset, attribution.source)] = None
    return list(names)


def _reported_by(dataset: Dataset, flow: Flow) -> str:
    """Who reports *flow*, and whom they cite: ``UPI citing Interior Ministry of Kazakhstan``."""
    said = []
    for attribution in flow.attributions:
        cited = [_publisher(dataset, s) for s in attribution.attributed_to]
        who = _publisher(dataset, attribution.source)
        said.append(f"{who} citing {', '.join(cited)}" if cited else who)
    return "; ".join(dict.fromkeys(said))


def _span(dataset: Dataset, ids: Iterable[str]) -> str | None:
    """The days the records *ids* cover: ``since 2022-09-21 to 2022-09-27`` (an open start
    says "since": the count began partway through that day), or ``None``."""
    starts: list[tuple[date, bool]] = []
    ends: list[date] = []
    for record_id in ids:
        record = dataset.get(record_id)
        period = getattr(record, "period", None)
        if period is not None:
            starts += [(period.start, not period.open_start)] if period.start is not None else []
            end = period.end if period.end is not None else period.as_of
            ends += [end] if end is not None else []
        elif getattr(record, "as_of", None) is not None:
            starts.append((record.as_of, True))  # type: ignore[union-attr]
            ends.append(record.as_of)  # type: ignore[union-attr]
    if not starts and not ends:
        return None
    first = min(starts) if starts else None  # on one day, an open start sorts first (False < True)
    since = "since " if first is not None and not first[1] else ""
    last = max(ends) if ends else None
    if first is not None and first[0] == last and not since:
        return str(last)  # one day: a stock's date, or a report of one day
    return f"{since}{first[0] if first else '...'} to {last or '...'}"


def _caption(ax: Axes, dataset: Dataset, ids: list[str]) -> None:
    """Name the sources of the records *ids* under the figure."""
    names = _sources(dataset, ids)
    if names:
        more = f" and {len(names) - _LISTED:,} more" if len(names) > _LISTED else ""
        text = "Sources: " + "; ".join(names[:_LISTED]) + more
        caption = ax.figure.supxlabel(text, fontsize=8, x=0.01, ha="left")
        caption.set_gid("sources")


def _units(counts: Iterable[Count]) -> str:
    """The axis label of counts in these units: ``people``, ``households``, or both."""
    names = {"person": "people", "household": "households"}
    units = dict.fromkeys(names.get(c.counts, c.counts) for c in counts)
    return " or ".join(units) or "people"


def _lighter(colour: str) -> str:
    """*colour* mixed with white, for the part between bounds."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * 0.55):02x}" for c in (r, g, b))


def _palette(n: int) -> list[tuple[str, str]]:
    """(sure, between) colours of *n* parts: `SURE` and `MAYBE` first, then tab10's."""
    tab = [to_hex(colormaps["tab10"](i)) for i in range(1, 10)]
    colours = [(SURE, MAYBE)] + [(c, _lighter(c)) for c in tab]
    return [colours[i % len(colours)] for i in range(n)]


def _what(data: Any) -> str:
    """The type of a wrong argument, with a hint when it holds a dataset (a reader's ``Load``)."""
    hint = " (draw its .dataset)" if isinstance(getattr(data, "dataset", None), Dataset) else ""
    return type(data).__name__ + hint


_TOTAL_OPTIONS: Final = tuple(name for name in inspect.signature(Dataset.total).parameters if name != "self")
"""What a chart passes on to `Dataset.total`."""


def _check_drawing(ax: Any, title: Any) -> None:
    """The axes to draw on and the title, as matplotlib needs them."""
    if ax is not None and not isinstance(ax, Axes):
        raise ValidationError.single("ax", f"expected a matplotlib Axes, got {type(ax).__name__}", ax)
    if title is not None and not isinstance(title, str):
        raise ValidationError.single("title", f"expected text, got {type(title).__name__}", title)


def _totals(data: Dataset | Totals, options: dict[str, Any]) -> tuple[Totals, Dataset | None]:
    if isinstance(data, Totals):
        if options:
            raise DisplacementError(
                f"options of Dataset.total ({', '.join(sorted(options))}) apply to a dataset; "
                "these totals are already made"
            )
        return data, None
    if isinstance(data, Dataset):
        for name in options:
            if name not in _TOTAL_OPTIONS:
                raise ValidationError.single(
                    name, f"not an option of Dataset.total (those are: {', '.join(_TOTAL_OPTIONS)})", None
                )
        return data.total(**options), data
    raise DisplacementError(f"expected a Dataset or Totals to draw, got {_what(data)}")


def _low(total: Total) -> float:
    return -1.0 if total.count is None else float(total.count.bound_magnitudes[0])


def _rest(totals: Sequence[Total]) -> str:
    """What the groups left out of a chart add up to, for its note."""
    counts = [t.count for t in totals if t.count is not None]
    if counts and len(counts) < len(totals):  # a group with no number leaves the sum open above
        counts.append(Count(0, counts[0].unit, qualifier=Qualifier.AT_LEAST))
    groups = f"{len(totals):,} more group{'s' if len(totals) != 1 else ''} not drawn"
    try:
        return f"{groups}: {reduce(add, counts)} in all" if counts else f"{groups}, with no number"
    except UnitError:  # households beside people: the note says how many, not how much
        return groups


def _check_top(top: int | None) -> None:
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValidationError.single(
            "top", f"expected a whole number of groups, at least 1, got {top!r}", top
        )


def _bar(
    ax: Axes,
    y: float,
    height: float,
    total: Total,
    *,
    widest: float,
    colours: tuple[str, str],
    gid: str,
) -> None:
    """One group's bar at *y*: see `corridors` for how bounds, open ends and approximations show."""
    sure_colour, maybe_colour = colours
    count = total.count
    if count is None:
        text = "unquantified" if total.unquantified else "nothing added"
        ax.text(0, y, f" {text}", va="center", ha="left", style="italic", color="0.35", gid=f"none:{gid}")
        return
    low, high = count.bound_magnitudes
    approximate = count.qualifier is Qualifier.APPROXIMATE
    sure = ax.barh(
        y, low, height=height, color=sure_colour, hatch="//" if approximate else None, edgecolor="white"
    )
    sure.patches[0].set_gid(f"sure:{gid}")
    end = low
    if high is not None and high > low:
        between = ax.barh(y, high - low, left=low, height=height, color=maybe_colour)
        between.patches[0].set_gid(f"between:{gid}")
        end = high
    elif high is None:
        reach = low + _OPEN * widest
        arrow = ax.annotate(
            "",
            xy=(reach, y),
            xytext=(low, y),
            arrowprops={"arrowstyle": "->", "linestyle": "--", "color": sure_colour},
        )
        arrow.set_gid(f"open:{gid}")
        end = reach
    ax.text(
        end, y, f"  {count}", va="center", ha="left", gid=f"label:{gid}", fontsize=10 if height > 0.5 else 8
    )


_ROOM: Final = 1.6
"""The x axis reaches this many times the widest bound, leaving room for the labels."""


def _bars(
    data: Dataset | Totals,
    options: dict[str, Any],
    *,
    ax: Axes | None,
    title: str | None,
    top: int | None,
    split: bool,
) -> Axes:
    """The bar chart of `corridors` and `breakdown` (*split*: two fields, a row a value of the
    first, a bar a value of the second)."""
    _check_top(top)
    _check_drawing(ax, title)
    totals, dataset = _totals(data, options)
    by = totals.by
    split = split and len(by) == 2
    rows: dict[tuple[Any, ...], list[Total]] = {}
    for total in totals.values():
        rows.setdefault(total.key[:1] if split else total.key, []).append(total)
    part_keys = list(dict.fromkeys(t.key[1] for t in totals.values())) if split else [None]
    if None in part_keys:  # what the records do not break down comes last
        part_keys = [*(k for k in part_keys if k is not None), None]
    shown = list(rows)
    left_out: list[Total] = []
    if top is not None and len(shown) > top:
        ranked = sorted(shown, key=lambda k: -sum(max(_low(t), 0) for t in rows[k]))
        shown = ranked[:top]
        left_out = [t for k in ranked[top:] for t in rows[k]]
    if ax is None:
        height = 1.2 + 0.45 * max(len(shown), 1) * (1 + 0.5 * (len(part_keys) - 1))
        figure = Figure(figsize=(8, min(height, 60)), layout="constrained")
        ax = figure.add_subplot()
    drawn = [t for k in shown for t in rows[k]]
    widest = (
        max(
            (b for t in drawn if t.count is not None for b in t.count.bound_magnitudes if b is not None),
            default=1,
        )
        or 1
    )
    ax.set_xlim(0, widest * _ROOM)
    palette = dict(zip(part_keys, _palette(len(part_keys)), strict=True))
    height = 0.8 / len(part_keys)
    for y, key in enumerate(shown):
        for total in rows[key]:
            j = part_keys.index(total.key[1]) if split else 0
            _bar(
                ax,
                y - 0.4 + height * (j + 0.5),
                height,
                total,
                widest=widest,
                colours=palette[total.key[1] if split else None],
                gid=f"{y}:{j}" if split else f"{y}",
            )
    ax.set_yticks(range(len(shown)), [_label(k, by[:1] if split else by) for k in shown])
    ax.set_ylim(max(len(shown), 1) - 0.5, -0.5)  # the first group on top
    if not shown:
        ax.text(
            0.5, 0, "no totals to draw", ha="center", va="center", style="italic", color="0.35", gid="empty"
        )
        ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    unit = _units(t.count for t in totals.values() if t.count is not None)
    ax.set_xlabel(f"{unit}\n{_rest(left_out)}" if left_out else unit)
    if split:
        handles = [Line2D([], [], color=palette[k][0], linewidth=8) for k in part_keys]
        ax.legend(handles, [_key(k, by[1]) for k in part_keys], title=by[1], loc="lower right")
    heading = title or f"Totals by {', '.join(by) or 'nothing'} (policy: {totals.policy.value})"
    if left_out:
        heading += f"\nthe {len(shown)} largest of {len(rows):,} groups by lower bound"
    if dataset is not None:
        ids = _ids(drawn)
        span = _span(dataset, ids)
        heading += f"\n{span}" if span else ""
        _caption(ax, dataset, _ids(totals.values()))
    ax.set_title(heading)
    return ax


def _plain(chart: Callable[_P, Axes]) -> Callable[_P, Axes]:
    """Draw *chart*'s text as written: a publisher "A$B$" is no mathematical formula."""

    @wraps(chart)
    def draw(*args: _P.args, **kwargs: _P.kwargs) -> Axes:
        with rc_context({"text.parse_math": False}):
            return chart(*args, **kwargs)

    return draw


@_plain
def corridors(
    data: Dataset | Totals,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    top: int | None = TOP,
    **options: Any,
) -> Axes:
    """Draw totals as horizontal bars with their bounds, one row a group, and return the axes.

    *data* is a `Dataset`, totalled with *options* (those of `Dataset.total`: ``by``,
    ``during``, ``where``, ``policy``, ``household_sizes``...; by default flows by origin and
    destination), or `Totals` already made. Bars: solid up to the lower bound (`SURE`),
    lighter up to the upper bound (`MAYBE`), a dashed arrow for no upper bound, hatching for an
    approximate total, no bar for an unquantified group. The x axis says the unit; given a
    dataset, the title says the period its records cover and a caption names their sources.

    With more than *top* groups (`TOP` by default; ``None`` draws all), the *top* largest by
    lower bound are drawn, largest first, and a note under the axes says how many groups were
    left out and what they add up to.
    """
    return _bars(data, options, ax=ax, title=title, top=top, split=False)


@_plain
def breakdown(
    data: Dataset | Totals,
    *,
    by: str | Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    top: int | None = TOP,
    **options: Any,
) -> Axes:
    """Draw totals below the country, or by sex and age, as bars with their bounds; return the axes.

    *by* is one or two fields of `Dataset.total` (by default the admin1 unit: ``destination.admin1``
    of flows, ``place.admin1`` of stocks). With one, a row a group, as `corridors` draws them;
    with two, a row a value of the first and one bar, in its colour, a value of the second:
    ``by=("age", "sex")`` draws each age band's women and men side by side. A cell the records do
    not break down goes under `NOT_KNOWN`. Other *options*, *title* and *top* (rows kept) are as
    `corridors` takes them; given `Totals`, their own grouping is drawn.
    """
    if isinstance(data, Totals):
        if by is not None:
            options["by"] = by  # refused with the other options: these totals are made
        fields = data.by
    else:
        if by is None:
            by = "place.admin1" if options.get("of") == "stocks" else "destination.admin1"
        # anything but field names is refused by Dataset.total, with the path "by"
        fields = (by,) if isinstance(by, str) else tuple(by) if isinstance(by, Sequence) else ("",)
        options["by"] = by
    if not 1 <= len(fields) <= 2:
        raise ValidationError.single("by", f"a breakdown draws one or two fields, got {len(fields)}", by)
    return _bars(data, options, ax=ax, title=title, top=top, split=True)


def _place(flow: Flow) -> str:
    """A flow's corridor, or its place when it stays in one: ``RUS → KAZ``."""
    origin, destination = flow.origin, flow.destination
    if origin is None or destination is None or origin == destination:
        return str(origin or destination or NOT_KNOWN)
    return f"{origin} → {destination}"


def _date(flow: Flow) -> date:
    """The day a cumulative report is as of: its period's end, or its as-of date."""
    day = flow.period.end if flow.period.end is not None else flow.period.as_of
    assert day is not None  # a report with neither is refused by Dataset.series
    return day


def _last_low(one: Series) -> float:
    """The lower bound of the last report of *one* that has a number."""
    counts = [r.count for r in one.reports if r.count is not None]
    return float(counts[-1].bound_magnitudes[0]) if counts else -1.0


def _x(day: date) -> float:
    """Where *day* lies on a date axis (matplotlib's day numbers)."""
    return float(date2num(day))  # type: ignore[no-untyped-call]


@_plain
def series(
    dataset: Dataset,
    *,
    where: Callable[[Any], bool] | None = None,
    policy: Policy | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    top: int | None = TOP,
) -> Axes:
    """Draw the cumulative series of *dataset*'s flows over time, with their bounds; return the axes.

    Each series of `Dataset.series` (*where* and *policy* as it takes them) is a line from its
    start, at zero (a hollow circle when the count began partway through that day, an open
    start; filled otherwise), through each report at its date: a dot at the report's lower
    bound (a diamond when approximate), a light bar up to its upper bound or a dashed arrow when
    it has none, and a label with the report as written and who reported it (and whom they
    cite). Between two reports, the increment (``+more than 102,000 people``) is written at the
    middle of the dotted line. Series whose reports give no number are listed under the axes.
    The y axis says the unit; the title, the period; a caption, the sources. Series of one
    corridor told apart by their population or start say so in the legend.

    With more than *top* series with a number (`TOP` by default; ``None`` draws all), the *top*
    whose last report has the largest lower bound are drawn, and the title says how many.
    """
    _check_top(top)
    _check_drawing(ax, title)
    if not isinstance(dataset, Dataset):
        raise DisplacementError(f"expected a Dataset to draw, got {_what(dataset)}")
    found = dataset.series(where=where, policy=policy)
    if not found:
        raise DisplacementError(
            "no flows to draw: the dataset has none" + (" that where= keeps" if where else "")
        )
    drawn = [s for s in found if any(r.count is not None for r in s.reports)]
    blank = [s for s in found if s not in drawn]
    quantified = len(drawn)
    if top is not None and quantified > top:
        kept = {id(s) for s in sorted(drawn, key=lambda s: -max(_last_low(s), 0))[:top]}
        drawn = [s for s in drawn if id(s) in kept]  # in the order of Dataset.series
    labels = [_place(s.reports[0]) for s in drawn]
    if len(set(labels)) < len(labels):  # one corridor, several series: say which is which
        labels = [
            f"{label}, {s.reports[0].population.category.value}, "
            f"{'since' if s.open_start else 'from'} {s.start or '...'}"
            if labels.count(label) > 1
            else label
            for label, s in zip(labels, drawn, strict=True)
        ]
    if ax is None:
        figure = Figure(figsize=(8, 4.5), layout="constrained")
        ax = figure.add_subplot()
    highest = (
        max(
            (
                b
                for s in drawn
                for r in s.reports
                if r.count is not None
                for b in r.count.bound_magnitudes
                if b is not None
            ),
            default=1,
        )
        or 1
    )
    palette = _palette(len(drawn))
    for n, (one, (colour, light)) in enumerate(zip(drawn, palette, strict=True)):
        xs: list[float] = []
        ys: list[float] = []
        if one.start is not None:
            xs.append(_x(one.start))
            ys.append(0)
            face = "white" if one.open_start else colour
            ax.plot(
                xs, ys, "o", color=colour, markerfacecolor=face, gid=f"start:{n}", zorder=3, clip_on=False
            )
            ax.annotate(
                f"{'since' if one.open_start else 'from'} {one.start}",
                (xs[0], 0),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=8,
                color="0.35",
                gid=f"start-label:{n}",
            )
        previous: tuple[float, float] | None = None
        for k, (report, step) in enumerate(zip(one.reports, one.increments, strict=True)):
            day = _x(_date(report))
            if report.count is None:
                ax.plot([day], [0], "x", color=colour, gid=f"none:{n}:{k}")
                ax.annotate(
                    " no number", (day, 0), va="bottom", fontsize=8, color="0.35", gid=f"label:{n}:{k}"
                )
                continue
            low, high = report.count.bound_magnitudes
            xs.append(day)
            ys.append(low)
            if high is not None and high > low:
                ax.plot(
                    [day, day],
                    [low, high],
                    color=light,
                    linewidth=6,
                    solid_capstyle="butt",
                    gid=f"between:{n}:{k}",
                )
            elif high is None:
                arrow = ax.annotate(
                    "",
                    xy=(day, low + _OPEN * highest),
                    xytext=(day, low),
                    arrowprops={"arrowstyle": "->", "linestyle": "--", "color": colour},
                )
                arrow.set_gid(f"open:{n}:{k}")
            marker = "D" if report.count.qualifier is Qualifier.APPROXIMATE else "o"
            ax.plot([day], [low], marker, color=colour, gid=f"report:{n}:{k}", zorder=3)
            who = _reported_by(dataset, report)
            ax.annotate(
                f"{report.count}" + (f"\n{who}" if who else ""),
                (day, low),
                xytext=(6, -4),
                textcoords="offset points",
                va="top",
                fontsize=8,
                gid=f"label:{n}:{k}",
            )
            if previous is not None and k > 0 and step.count is not None:
                middle = previous[0] + (day - previous[0]) / 2
                ax.annotate(
                    f"+{step.count}",
                    (middle, (previous[1] + low) / 2),
                    xytext=(-6, 6),
                    textcoords="offset points",
                    ha="right",
                    fontsize=8,
                    color="0.3",
                    gid=f"increment:{n}:{k}",
                )
            previous = (day, low)
        ax.plot(xs, ys, ":", color=colour, label=labels[n], gid=f"line:{n}")
    ax.set_ylim(0, highest * 1.3)
    days = [_x(d) for s in found for d in (s.start, *map(_date, s.reports)) if d is not None]
    width = (max(days) - min(days)) or 1
    ax.set_xlim(min(days) - 0.05 * width, max(days) + 0.35 * width)  # room for the last label
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.xaxis_date()
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False))  # type: ignore[no-untyped-call]
    ax.set_ylabel(_units(r.count for s in drawn for r in s.reports if r.count is not None))
    if len(drawn) > 1:
        ax.legend(loc="upper left")
    ids = [r.id for s in found for r in s.reports]
    if title is None:
        places = list(dict.fromkeys(_place(s.reports[0]) for s in drawn))
        title = "Cumulative reports" + (
            f": {', '.join(places)}" if len(places) == 1 else f" ({len(drawn)} series)"
        )
        if len(drawn) < quantified:
            title += f", the {len(drawn)} largest of {quantified:,} by their last report"
        span = _span(dataset, [r.id for s in drawn for r in s.reports])
        title += f"\n{span}" if span else ""
    ax.set_title(title)
    if blank:
        names = [f"{_place(s.reports[0])} ({_date(s.reports[-1])})" for s in blank]
        more = f" and {len(names) - _LISTED:,} more" if len(names) > _LISTED else ""
        ax.set_xlabel(f"Reported with no number: {', '.join(names[:_LISTED])}{more}", fontsize=8)
    _caption(ax, dataset, ids)
    return ax
