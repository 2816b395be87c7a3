"""The ``displacement`` command: ``displacement example kazakhstan-2022`` prints the demo."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .dataset import Dataset
from .errors import DisplacementError
from .examples import EXAMPLES
from .source import Attribution

__all__ = ["main", "summary"]


def _chain(dataset: Dataset, attribution: Attribution) -> str:
    names = []
    for record in dataset.resolve(attribution):
        label = getattr(record, "publisher", None) or getattr(record, "name", None) or record.id
        names.append(str(label))
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
            lines.append(f"  [{st.id}] {st.place}: {count} as of {st.as_of.isoformat()}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="displacement", description="Model displacement: events, actors, flows, stocks, sources."
    )
    parser.add_argument("--version", action="version", version=f"displacement {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    example = commands.add_parser("example", help="print a summary of a built-in example dataset")
    example.add_argument("name", choices=sorted(EXAMPLES), help="which example")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "example":
            print(summary(EXAMPLES[args.name](), title=f"Example: {args.name}"))
    except DisplacementError as exc:
        print(f"displacement: error: {exc}", file=sys.stderr)
        return 1
    return 0
