"""Charts that keep the honesty: totals drawn with their bounds (the ``plot`` extra: matplotlib).

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

from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import Any, Final

from .count import Qualifier
from .dataset import Dataset
from .errors import DisplacementError
from .totals import Total, Totals, shown_key

try:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("displacement.plot needs matplotlib: pip install 'displacement-events[plot]'") from exc

__all__ = ["MAYBE", "NOT_KNOWN", "SURE", "corridors"]

SURE: Final = "#2f5f98"
"""The colour of the part of a total its reports are sure of: from 0 to its lower bound."""
MAYBE: Final = "#a9c4e2"
"""The colour of the part between a total's lower and upper bounds."""
NOT_KNOWN: Final = "(not known)"
"""How a group key of ``None`` is labelled (a place not known at the level grouped by)."""
_OPEN: Final = 0.12
"""How far past its lower bound an open total's arrow reaches, as a share of the widest bound."""


def _key(value: Any) -> str:
    if value is None:
        return NOT_KNOWN
    if isinstance(value, Enum):
        return str(value.value)
    return shown_key(value)


def _label(total: Total) -> str:
    """A group's label: ``RUS → KAZ`` for a corridor, the values joined by commas otherwise."""
    parts = [_key(k) for k in total.key]
    return " → ".join(parts) if len(parts) == 2 else ", ".join(parts) or "all"


def _sources(dataset: Dataset, totals: Iterable[Total]) -> list[str]:
    """Who reports the records behind *totals*: each attribution's source, by publisher, once."""
    names: dict[str, None] = {}
    for total in totals:
        for record_id in (*total.records, *total.unquantified):
            record = dataset.get(record_id)
            for attribution in getattr(record, "attributions", ()):
                source = dataset.get(attribution.source)
                names[str(getattr(source, "publisher", None) or attribution.source)] = None
    return list(names)


def _span(dataset: Dataset, totals: Iterable[Total]) -> str | None:
    """The days the records behind *totals* cover: ``since 2022-09-21 to 2022-09-27`` (an open
    start says "since": the count began partway through that day), or ``None``."""
    starts: list[tuple[date, bool]] = []
    ends: list[date] = []
    for total in totals:
        for record_id in (*total.records, *total.unquantified):
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
    return f"{since}{first[0] if first else '...'} to {max(ends) if ends else '...'}"


def corridors(
    data: Dataset | Totals,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    **options: Any,
) -> Axes:
    """Draw totals as horizontal bars with their bounds, one row a group, and return the axes.

    *data* is a `Dataset`, totalled with *options* (those of `Dataset.total`: ``by``,
    ``during``, ``where``, ``policy``, ``household_sizes``...; by default flows by origin and
    destination), or `Totals` already made. Bars: solid up to the lower bound (`SURE`),
    lighter up to the upper bound (`MAYBE`), a dashed arrow for no upper bound, hatching for an
    approximate total, no bar for an unquantified group. The x axis says the unit; given a
    dataset, the title says the period its records cover and a caption names their sources.
    """
    if isinstance(data, Totals):
        if options:
            raise DisplacementError(
                f"options of Dataset.total ({', '.join(sorted(options))}) apply to a dataset; "
                "these totals are already made"
            )
        totals, dataset = data, None
    elif isinstance(data, Dataset):
        totals, dataset = data.total(**options), data
    else:
        raise DisplacementError(f"expected a Dataset or Totals to draw, got {type(data).__name__}")
    if ax is None:
        figure = Figure(figsize=(8, 1.2 + 0.45 * max(len(totals), 1)), layout="constrained")
        ax = figure.add_subplot()
    rows = list(totals.values())
    widest = (
        max(
            (b for t in rows if t.count is not None for b in t.count.bound_magnitudes if b is not None),
            default=1,
        )
        or 1
    )
    units: dict[str, None] = {}
    for y, total in enumerate(rows):
        count = total.count
        if count is None:
            text = "unquantified" if total.unquantified else "nothing added"
            ax.text(0, y, f" {text}", va="center", ha="left", style="italic", color="0.35", gid=f"none:{y}")
            continue
        units[count.counts] = None
        low, high = count.bound_magnitudes
        approximate = count.qualifier is Qualifier.APPROXIMATE
        sure = ax.barh(y, low, color=SURE, hatch="//" if approximate else None, edgecolor="white")
        sure.patches[0].set_gid(f"sure:{y}")
        end = low
        if high is not None and high > low:
            between = ax.barh(y, high - low, left=low, color=MAYBE)
            between.patches[0].set_gid(f"between:{y}")
            end = high
        elif high is None:
            reach = low + _OPEN * widest
            arrow = ax.annotate(
                "",
                xy=(reach, y),
                xytext=(low, y),
                arrowprops={"arrowstyle": "->", "linestyle": "--", "color": SURE},
            )
            arrow.set_gid(f"open:{y}")
            end = reach
        ax.text(end, y, f"  {count}", va="center", ha="left", gid=f"label:{y}")
    ax.set_yticks(range(len(rows)), [_label(t) for t in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)  # the first group on top
    ax.set_xlim(0, widest * 1.6)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    unit = {"person": "people", "household": "households"}
    ax.set_xlabel(" or ".join(unit.get(u, u) for u in units) or "people")
    heading = title or f"Totals by {', '.join(totals.by) or 'nothing'} (policy: {totals.policy.value})"
    if dataset is not None:
        span = _span(dataset, rows)
        heading += f"\n{span}" if span else ""
        names = _sources(dataset, rows)
        if names:
            caption = ax.figure.supxlabel("Sources: " + "; ".join(names), fontsize=8, x=0.01, ha="left")
            caption.set_gid("sources")
    ax.set_title(heading)
    return ax
