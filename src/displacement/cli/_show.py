"""How the command shows a dataset to a person: `summary` (the example's account) and `tables`."""

from __future__ import annotations

from collections.abc import Sequence

from ..dataset import RECORD_KINDS, Dataset, references
from ..flow import Stock
from ..period import Precision
from ..place import Place
from ..source import Attribution

__all__ = ["summary", "table", "tables"]


def _chain(dataset: Dataset, attribution: Attribution) -> str:
    names = []
    for link in attribution.chain:
        record = dataset.get(link)  # None for an open reference: the id is all there is
        label = getattr(record, "publisher", None) or getattr(record, "name", None) or link
        names.append(str(label) if record is not None else f"{link} (not in the dataset)")
    # "Interior Ministry of Kazakhstan via UPI": the original speaker first.
    return " via ".join(reversed(names))


def summary(dataset: Dataset, title: str | None = None) -> str:
    """A readable account of a dataset: sources, events, flows with counts, periods and attribution."""
    lines: list[str] = []
    if title:
        lines += [title, "=" * len(title), ""]
    lines.append(f"Sources ({len(dataset.sources)})")
    for s in dataset.sources:
        what = s.title or s.description or ""
        by = s.publisher or s.id
        when = f", {s.published.isoformat()}" if s.published else ""
        lines.append(f"  [{s.id}] {s.kind.value}: {by}{when}" + (f": {what}" if what else ""))
    lines += ["", f"Events ({len(dataset.events)})"]
    for e in dataset.events:
        places = ", ".join(str(p) for p in e.places)
        lines.append(f"  [{e.id}] {e.kind.value}: {e.name} ({e.period}; {places})")
        if e.causes:
            lines.append(f"      caused by: {', '.join(e.causes)}")
        for figure in e.figures:
            lines.append(f"      figure: {figure.description}: {figure.count or 'unquantified'}")
    lines += ["", f"Flows ({len(dataset.flows)})"]
    for f in dataset.flows:
        count = str(f.count) if f.count is not None else "unquantified"
        lines.append(
            f"  [{f.id}] {f.origin} -> {f.destination}: {count} "
            f"({f.metric.value}, {f.movement.value}; {f.period})"
        )
        if f.population.shares:
            lines.append(f"      a mix: {'; '.join(str(share) for share in f.population.shares)}")
        if f.causes:
            lines.append(f"      caused by: {', '.join(f.causes)}")
        for a in f.attributions:
            lines.append(f"      reported by: {_chain(dataset, a)}")
        if f.count is not None and f.period.days is not None:
            lines.append(f"      rate: {round(f.rate('day'), 2)}")
    if dataset.stocks:
        lines += ["", f"Stocks ({len(dataset.stocks)})"]
        for st in dataset.stocks:
            count = str(st.count) if st.count is not None else "unquantified"
            lines.append(f"  [{st.id}] {st.place}: {count} as of {_as_of(st)}")
            if st.population.shares:
                lines.append(f"      a mix: {'; '.join(str(share) for share in st.population.shares)}")
    return "\n".join(lines)


def _open_line(dataset: Dataset) -> str:
    """``open references: 12 (to 1 event, 2 sources not in the dataset)``: how many, and the
    distinct ids they name by the kind of record expected."""
    ids: dict[tuple[type, ...], set[str]] = {}
    for kind in RECORD_KINDS:
        for record in getattr(dataset, kind):
            for _, ref, expected in references(record):
                if ref not in dataset:
                    ids.setdefault(expected, set()).add(ref)

    def named(expected: tuple[type, ...], n: int) -> str:
        return " or ".join(t.__name__.lower() + "s" * (n != 1) for t in expected)

    kinds = ", ".join(f"{len(found)} {named(expected, len(found))}" for expected, found in ids.items())
    return f"open references: {len(dataset.open_references)} (to {kinds} not in the dataset)"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """The lines of an aligned table: the header, a rule, then the rows (cells padded to each
    column's widest, two spaces between columns, no trailing spaces)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _sources(dataset: Dataset, attributions: Sequence[Attribution]) -> str:
    return "; ".join(_chain(dataset, a) for a in attributions) or "-"


def _section(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    """A titled table after a blank line (``Flows (4)``), or nothing when there are no rows."""
    return ["", f"{title} ({len(rows)})", *table(header, rows)] if rows else []


def tables(dataset: Dataset) -> str:
    """Flows and stocks as readable tables: corridor, period, count with its qualifier, sources;
    then how many of their places are a country, an admin1, admin2 or admin3 unit, a named area
    or a point (each by the finest part it gives).

    >>> from displacement import examples
    >>> print(tables(examples.kazakhstan_2022()).splitlines()[5])
    f1-rus-kaz  RUS -> KAZ  since 2022-09-21 until 2022-09-27 (as of 2022-09-27)  98,000 people  Interior Ministry of Kazakhstan via UPI
    """
    counts = ", ".join(f"{len(getattr(dataset, k))} {k}" for k in RECORD_KINDS)
    lines = [counts]
    if dataset.open_references:
        lines.append(_open_line(dataset))
    flows = [
        [
            f.id,
            f"{f.origin} -> {f.destination}",
            str(f.period),
            str(f.count) if f.count is not None else "unquantified",
            _sources(dataset, f.attributions),
        ]
        for f in dataset.flows
    ]
    lines += _section("Flows", ["id", "corridor", "period", "count", "sources"], flows)
    stocks = [
        [
            s.id,
            str(s.place),
            _as_of(s),
            str(s.count) if s.count is not None else "unquantified",
            _sources(dataset, s.attributions),
        ]
        for s in dataset.stocks
    ]
    lines += _section("Stocks", ["id", "place", "as of", "count", "sources"], stocks)
    places = [p for f in dataset.flows for p in (f.origin, f.destination)] + [s.place for s in dataset.stocks]
    if places:
        found = dict.fromkeys(_PRECISIONS, 0)
        for place in places:
            found[_precision(place)] += 1
        lines += [
            "",
            f"Places ({len(places)}: the flows' origins and destinations, the stocks' places; "
            "each by the finest part it gives)",
            *table(list(found), [[f"{n:,}" for n in found.values()]]),
        ]
    return "\n".join(lines)


_PRECISIONS = ("country", "admin1", "admin2", "admin3", "named area", "point")
"""How precisely a place says where, coarsest first, as the summary counts them."""


def _as_of(stock: Stock) -> str:
    """A stock's date as precise as it is known: ``2023-07-25``, or ``2023-07`` for "in July"."""
    if stock.as_of_precision is Precision.DAY:
        return stock.as_of.isoformat()
    return str(stock.as_of_period)


def _precision(place: Place) -> str:
    """Where *place* is, as precisely as it says: a point (coordinates), a named area, the unit
    of its finest p-code or ISO 3166-2 subdivision (``admin1`` .. ``admin3``), or the country."""
    if place.lat is not None:
        return "point"
    if place.name is not None:
        return "named area"
    return _PRECISIONS[place.level]
