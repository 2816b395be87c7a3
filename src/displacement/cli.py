"""The ``displacement`` command: validate, summarise and convert documents, print the schema.

``displacement validate FILE...``, ``displacement summary FILE``, ``displacement convert IN OUT``,
``displacement check FILE``, ``displacement schema`` and ``displacement example kazakhstan-2022``
(the demo). Errors go to standard error with a non-zero exit status, never as a traceback: 1 for a
file that breaks the model's rules, 2 for one that cannot be read at all (a `DocumentError`) and
for a command used wrongly. ``check`` exits with 3 when it finds records that may count the same
people (`EXIT_DUPLICATES`), so that a script can tell them from an invalid file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from . import __version__
from .dataset import RECORD_KINDS, REFERENCES, Dataset, RecordKind, References, references
from .errors import DisplacementError, DocumentError, ValidationError
from .examples import EXAMPLES
from .flow import Stock
from .period import Precision
from .place import Place
from .source import Attribution

__all__ = ["main", "summary", "tables"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_DUPLICATES = 3
"""``displacement check``: the file is valid, but some records may count the same people."""
PROGRESS_THRESHOLD = 5_000
"""Files with at least this many records show a progress bar (when standard error is a terminal)."""


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


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _sources(dataset: Dataset, attributions: Sequence[Attribution]) -> str:
    return "; ".join(_chain(dataset, a) for a in attributions) or "-"


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
    if flows:
        lines += [
            "",
            f"Flows ({len(flows)})",
            *_table(["id", "corridor", "period", "count", "sources"], flows),
        ]
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
    if stocks:
        lines += [
            "",
            f"Stocks ({len(stocks)})",
            *_table(["id", "place", "as of", "count", "sources"], stocks),
        ]
    places = [p for f in dataset.flows for p in (f.origin, f.destination)] + [s.place for s in dataset.stocks]
    if places:
        found = dict.fromkeys(_PRECISIONS, 0)
        for place in places:
            found[_precision(place)] += 1
        lines += [
            "",
            f"Places ({len(places)}: the flows' origins and destinations, the stocks' places; "
            "each by the finest part it gives)",
            *_table(list(found), [[f"{n:,}" for n in found.values()]]),
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


# -- reading and writing files by format ---------------------------------------------------------


class _UsageError(Exception):
    """A command used wrongly (missing file, unknown format): exit status 2."""


def _format(path: str, forced: str | None) -> str:
    if forced:
        return forced
    if Path(path).suffix.lower() == ".json":
        return "json"
    if Path(path).suffix.lower() == ".csv" or Path(path).is_dir() or not Path(path).suffix:
        return "csv"
    raise _UsageError(
        f"{path}: cannot tell the format from the extension; use .json or .csv, or say --from/--to"
    )


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[int, int], object] | None]:
    """A progress callback drawing a bar on standard error when it is a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bar: list[Any] = []

    def update(done: int, total: int) -> None:
        if total < PROGRESS_THRESHOLD:
            return
        if not bar:
            try:  # a terminal that reports no size (0 x 0) would get no bar at all
                size = os.get_terminal_size(sys.stderr.fileno())
                width, height = size.columns or 80, size.lines or 24
            except (OSError, ValueError):
                width, height = 80, 24
            bar.append(
                tqdm(total=total, unit=" records", file=sys.stderr, leave=False, ncols=width, nrows=height)
            )
        bar[0].update(done - bar[0].n)

    try:
        yield update
    finally:
        if bar:
            bar[0].close()


def _load(
    path: str, fmt: str | None, kind: str | None, ignore_unknown: bool, references: References = "strict"
) -> Dataset:
    from .io import csv as io_csv
    from .io import json as io_json

    fmt = _format(path, fmt)
    if not os.path.exists(path):
        raise _UsageError(f"{path}: no such file or directory")
    try:
        if fmt == "json":
            with _progress() as progress:
                return io_json.load(
                    path, ignore_unknown=ignore_unknown, progress=progress, references=references
                )
        if Path(path).is_dir():
            return io_csv.load_dir(path, ignore_unknown=ignore_unknown, references=references).dataset
        return io_csv.load(path, kind, ignore_unknown=ignore_unknown, references=references).dataset
    except OSError as exc:
        raise _UsageError(f"{path}: {exc.strerror or exc}") from None


OPEN_HINT = (
    "some references name records that are not in the file: "
    "read it with --references open to keep them as open references"
)
"""What a command adds when a file read strictly refers to records it does not hold."""


def _dangles(exc: ValidationError) -> bool:
    """True when some of *exc*'s problems are references to ids the input does not hold."""
    return any("which is not in the dataset" in e.message for e in exc.errors)


def _count(dataset: Dataset) -> int:
    return sum(len(getattr(dataset, k)) for k in RECORD_KINDS)


# -- commands -----------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _validate(args: argparse.Namespace, out: IO[str]) -> int:
    reports = []
    unreadable = False
    for path in args.files:
        report: dict[str, Any] = {"file": path, "valid": True, "records": 0, "errors": []}
        if args.references == "open":  # how many references name records the file does not hold
            report["open_references"] = None  # not known for a file that does not read
        try:
            dataset = _load(path, args.from_, args.type, args.ignore_unknown, args.references)
            report["records"] = _count(dataset)
            if args.references == "open":
                report["open_references"] = len(dataset.open_references)
        except (_UsageError, DocumentError) as exc:  # the file cannot be read at all: exit 2
            unreadable = True
            report["valid"] = False
            report["readable"] = False
            report["errors"] = [{"path": "", "message": f"cannot read: {exc}", "value": None}]
        except ValidationError as exc:
            report["valid"] = False
            report["errors"] = [
                {"path": e.path, "message": e.message, "value": _json_value(e.value)} for e in exc.errors
            ]
            if args.references == "strict" and _dangles(exc):
                report["hint"] = OPEN_HINT
        except DisplacementError as exc:
            report["valid"] = False
            report["errors"] = [{"path": "", "message": str(exc), "value": None}]
        reports.append(report)
    if args.format == "json":
        print(json.dumps(reports, indent=2, ensure_ascii=False), file=out)
    else:
        for r in reports:
            if r["valid"]:
                n = r.get("open_references")
                opened = "" if n is None else f", {n} open reference{'s' * (n != 1)}"
                print(f"{r['file']}: valid ({r['records']} records{opened})", file=out)
                continue
            if r.get("readable") is False:
                print(f"{r['file']}: {r['errors'][0]['message']}", file=out)
                continue
            n = len(r["errors"])
            print(f"{r['file']}: invalid ({n} problem{'s' * (n != 1)})", file=out)
            for e in r["errors"]:
                print(f"  {e['path']}: {e['message']}" if e["path"] else f"  {e['message']}", file=out)
            if "hint" in r:
                print(f"  ({r['hint']})", file=out)
    if unreadable:
        return EXIT_USAGE
    return EXIT_OK if all(r["valid"] for r in reports) else EXIT_INVALID


def _check(args: argparse.Namespace, out: IO[str]) -> int:
    dataset = _load(args.file, args.from_, args.type, args.ignore_unknown, args.references)
    groups = dataset.suspected_duplicates()
    if not groups:
        n = _count(dataset)
        none = f"{args.file}: no records that may count the same people ({n} record{'s' * (n != 1)})"
        print(none, file=out)
        return EXIT_OK
    n = len(groups)
    print(f"{args.file}: {n} group{'s' * (n != 1)} of records that may count the same people", file=out)
    for group in groups:
        print(f"  {group}", file=out)
    return EXIT_DUPLICATES


def _output_kind(output: str, given: RecordKind | None, dataset: Dataset) -> RecordKind:
    """The record type of one output CSV file: ``--type``, else the file's name (``stocks.csv``),
    else the only type the input holds; the same rule as for reading one CSV file."""
    if given:
        return given
    stem = Path(output).stem.lower()
    for kind in RECORD_KINDS:
        if stem == kind:
            return kind
    kinds = [k for k in RECORD_KINDS if getattr(dataset, k)]
    if len(kinds) != 1:
        raise _UsageError(
            f"{output}: one CSV file holds one record type, and the input has "
            f"{', '.join(kinds) or 'none'}: say --type, name the file after the type "
            f"({', '.join(k + '.csv' for k in RECORD_KINDS)}), or give a directory for one file per type"
        )
    return kinds[0]


def _written(dataset: Dataset, kinds: Sequence[str]) -> str:
    """What a conversion wrote, counted: ``6 flows`` or ``28 records (2 sources, ...)``."""
    counts = [(k, len(getattr(dataset, k))) for k in kinds]
    if len(counts) == 1:
        kind, n = counts[0]
        return f"{n:,} {kind if n != 1 else kind[:-1]}"
    n = sum(c for _, c in counts)
    parts = ", ".join(f"{c:,} {k if c != 1 else k[:-1]}" for k, c in counts if c)
    return f"{n:,} record{'s' * (n != 1)}" + (f": {parts}" if parts else "")


def _convert(args: argparse.Namespace, out: IO[str]) -> int:
    from .io import csv as io_csv
    from .io import json as io_json

    dataset = _load(args.input, args.from_, args.type, args.ignore_unknown, args.references)
    target = _format(args.output, args.to)
    kinds: Sequence[str] = RECORD_KINDS
    if target == "json":
        io_json.dump(dataset, args.output)
        written = [args.output]
    elif Path(args.output).suffix.lower() == ".csv":
        kind = _output_kind(args.output, args.type, dataset)
        io_csv.dump(dataset, args.output, kind=kind)
        kinds = [kind]
        written = [args.output]
    else:
        written = [str(p) for p in io_csv.dump_dir(dataset, args.output)]
    print(f"wrote {', '.join(written)} ({_written(dataset, kinds)})", file=out)
    return EXIT_OK


def _day(text: str) -> date:
    """A ``--published`` value: an ISO date."""
    shown = text if len(text) <= 20 else text[:20] + "..."
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # the right shape, not a day of the calendar
            raise argparse.ArgumentTypeError(f"not a date: {shown!r} ({exc})") from None
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {shown!r}") from None


def _publisher(text: str) -> str:
    """A ``--publisher`` value: a name, not blank (a blank one would be dropped or refused later)."""
    if not text.strip():
        shown = text if len(text) <= 20 else text[:20] + "..."
        raise argparse.ArgumentTypeError(f"expected a publisher's name, got {shown!r}")
    return text


def _article(name: str) -> str:
    """The article *name* names (a path, or ``-`` for standard input), read as UTF-8 text.

    Bytes that are not UTF-8 are an error, also on standard input (whose encoding Python would
    otherwise take from the locale, and under a C locale let through as lone surrogates).
    """
    where = "standard input" if name == "-" else name
    try:
        if name == "-":
            buffer: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
            if buffer is None:  # a text stream with no bytes under it (a StringIO): already text
                return sys.stdin.read()
            # newlines as a file read in text mode has them: \r\n and \r become \n
            return buffer.read().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        if not os.path.exists(name):
            raise _UsageError(f"{name}: no such file or directory")
        return Path(name).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _UsageError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise _UsageError(f"{where}: {exc.strerror or exc}") from None


def _extract(args: argparse.Namespace, out: IO[str]) -> int:
    from .articles import extract
    from .io import json as io_json

    text = _article(args.article)
    draft = extract(text, published=args.published, source=args.publisher)
    if args.format == "json" or args.output:
        if args.output:
            io_json.dump(draft.dataset, args.output)
            print(f"wrote {args.output} ({_written(draft.dataset, RECORD_KINDS)})", file=out)
        else:
            print(io_json.dumps(draft.dataset), file=out)
        return EXIT_OK
    print(str(draft) or "no figures or movements found", file=out)
    return EXIT_OK


MAX_INDENT = 16
"""The widest ``--indent`` of ``displacement schema`` (a huge one would fill the memory)."""


def _indent(text: str) -> int:
    """An ``--indent`` value: a whole number from 0 to `MAX_INDENT`."""
    shown = text if len(text) <= 20 else text[:20] + "..."
    try:
        value = int(text)
    except ValueError:  # not a number, or more digits than Python converts
        if text.strip().lstrip("+-").isdigit():
            raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_INDENT}, got {shown}") from None
        raise argparse.ArgumentTypeError(f"expected a whole number, got {shown!r}") from None
    if not 0 <= value <= MAX_INDENT:
        raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_INDENT}, got {shown}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="displacement", description="Model displacement: events, actors, flows, stocks, sources."
    )
    parser.add_argument("--version", action="version", version=f"displacement {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def reading(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--from", dest="from_", choices=["json", "csv"], help="input format (default: from the extension)"
        )
        command.add_argument(
            "--type",
            choices=RECORD_KINDS,
            help=(
                "the record type of a single CSV file, read or written (default: from the file's "
                "name, such as flows.csv; when reading also from its header; when writing also "
                "the only type the input holds)"
            ),
        )
        command.add_argument(
            "--ignore-unknown",
            action="store_true",
            help="skip unknown keys and columns instead of reporting them (documents from newer versions)",
        )
        command.add_argument(
            "--references",
            choices=REFERENCES,
            default="strict",
            help=(
                "strict (default): every reference must name a record of the input; open: a "
                "partial file (flows whose sources and events are elsewhere) reads, and references "
                "to records it does not hold are kept and counted as open references"
            ),
        )

    validate = commands.add_parser(
        "validate",
        help=(
            "check documents; exit 0 when all are valid, 1 with every error and its path otherwise, "
            "2 when a file cannot be read"
        ),
        description="Check JSON documents (or CSV files or folders). Prints every problem with its path.",
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE", help="a .json or .csv file, or a folder of CSV files"
    )
    validate.add_argument(
        "--format", choices=["text", "json"], default="text", help="report format (default: text)"
    )
    reading(validate)

    summary_ = commands.add_parser(
        "summary",
        help="print a document's flows and stocks as tables",
        description="Print flows and stocks as tables: corridor, period, count with its qualifier, sources.",
    )
    summary_.add_argument("file", metavar="FILE", help="a .json or .csv file, or a folder of CSV files")
    reading(summary_)

    convert = commands.add_parser(
        "convert",
        help="convert between JSON and CSV (formats by extension)",
        description=(
            "Convert a JSON document to CSV (a .csv file for one record type, or a folder with one file "
            "per record type) and back. Formats come from the extensions; --from and --to force them."
        ),
    )
    convert.add_argument("input", metavar="IN", help="the document to read")
    convert.add_argument("output", metavar="OUT", help="where to write (.json, .csv, or a folder)")
    convert.add_argument("--to", choices=["json", "csv"], help="output format (default: from the extension)")
    reading(convert)

    check = commands.add_parser(
        "check",
        help=(
            "list groups of records that may count the same people; exit 0 when there are none, "
            f"{EXIT_DUPLICATES} when there are"
        ),
        description=(
            "List the groups of flows (or stocks) that may count the same people under different "
            "framings (another category, a nationality given in one only, a place and its "
            "subdivision...), with the record ids and the reasons. See docs/duplicates.md."
        ),
    )
    check.add_argument("file", metavar="FILE", help="a .json or .csv file, or a folder of CSV files")
    reading(check)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of dataset documents",
        description="Print the JSON Schema (draft 2020-12) of dataset documents, generated from the model.",
    )
    schema.add_argument(
        "--indent", type=_indent, default=2, help=f"indentation, 0 to {MAX_INDENT} (default: 2)"
    )

    extract_ = commands.add_parser(
        "extract",
        help="draft records from a news article (a text file), each value with the words it came from",
        description=(
            "Read a news article or briefing (plain text) and draft its flows, their causes and who "
            "reports them. Prints each drafted value beside the words it came from, or (--format json) "
            "writes a document that 'displacement validate' accepts. See docs/extraction.md."
        ),
    )
    extract_.add_argument(
        "article", metavar="ARTICLE", help="the article as a UTF-8 text file, or - for standard input"
    )
    extract_.add_argument(
        "--published",
        type=_day,
        required=True,
        help="the article's publication date, YYYY-MM-DD (relative dates such as 'last week' resolve against it)",
    )
    extract_.add_argument(
        "--publisher",
        type=_publisher,
        help="who published the article (UPI, UNHCR ...): the source of every figure",
    )
    extract_.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (default): the draft with its evidence; json: a document",
    )
    extract_.add_argument(
        "-o", "--output", metavar="FILE", help="write the JSON document here instead of printing it"
    )

    example = commands.add_parser("example", help="print a summary of a built-in example dataset")
    example.add_argument("name", choices=sorted(EXAMPLES), help="which example")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    out = sys.stdout
    try:
        if args.command == "example":
            print(summary(EXAMPLES[args.name](), title=f"Example: {args.name}"), file=out)
        elif args.command == "validate":
            return _validate(args, out)
        elif args.command == "summary":
            print(
                tables(_load(args.file, args.from_, args.type, args.ignore_unknown, args.references)),
                file=out,
            )
        elif args.command == "convert":
            return _convert(args, out)
        elif args.command == "check":
            return _check(args, out)
        elif args.command == "extract":
            return _extract(args, out)
        elif args.command == "schema":
            from .io.schema import json_schema

            print(json.dumps(json_schema(), indent=args.indent, ensure_ascii=False), file=out)
    except BrokenPipeError:
        # The reader went away (``displacement schema | head``): stop quietly, as Python's docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID
    except (_UsageError, DocumentError) as exc:  # used wrongly, or a file that cannot be read
        print(f"displacement: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DisplacementError as exc:  # a file that reads but breaks the model's rules
        print(f"displacement: error: {exc}", file=sys.stderr)
        if (
            isinstance(exc, ValidationError)
            and getattr(args, "references", None) == "strict"
            and _dangles(exc)
        ):
            print(f"displacement: {OPEN_HINT}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"displacement: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
