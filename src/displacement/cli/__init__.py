"""The ``displacement`` command: validate, summarise, convert and total any format the library reads.

``displacement validate FILE...``, ``summary FILE`` (``--plot OUT.png``: also the corridors
chart, `_plot`), ``check FILE``, ``total FILE``, ``convert IN OUT``, ``schema``, ``extract
ARTICLE`` and ``example NAME``. Every FILE may be in any format the
library reads (`_files` tells them apart), or ``-`` for standard input; see docs/cli.md. Errors
go to standard error with a non-zero exit status, never as a traceback: 1 for a file that breaks
the model's rules, 2 for one that cannot be read at all (a `DocumentError`) and for a command
used wrongly. ``check`` exits with 3 when it finds records that may count the same people
(`EXIT_DUPLICATES`), so that a script can tell them from an invalid file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..dataset import RECORD_KINDS, Dataset
from ..errors import DisplacementError, DocumentError, ErrorDetail, ValidationError
from ..examples import EXAMPLES
from ..io.account import RowAccount
from ._files import (
    FILE_HELP,
    OUTPUTS,
    PROGRESS_THRESHOLD,
    HelpFormatter,
    UsageError,
    add_reading_options,
    counted,
    output_format,
    read,
    read_table,
    working,
    write,
)
from ._plot import add_plot_option
from ._show import summary, tables
from ._total import add_total_parser, run_total

__all__ = [
    "EXIT_DUPLICATES",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROGRESS_THRESHOLD",
    "main",
    "summary",
    "tables",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_DUPLICATES = 3
"""``displacement check``: the file is valid, but some records may count the same people."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C), as shells report a command stopped by SIGINT."""


# -- what the commands say about a file -----------------------------------------------------------


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


def _problem(error: ErrorDetail) -> dict[str, Any]:
    """One problem as ``validate --format json`` reports it."""
    return {"path": error.path, "message": error.message, "value": _json_value(error.value)}


def _rows(account: RowAccount) -> dict[str, Any]:
    """A row account as ``validate --format json`` reports it."""
    return {
        "rows": account.rows,
        "loaded": account.loaded,
        "blank": account.blank,
        "records": account.records,
        "skipped": [
            {
                "line": row.line,
                "errors": [_problem(e) for e in row.errors],
            }
            for row in account.skipped
        ],
    }


def _validate(args: argparse.Namespace, out: IO[str]) -> int:
    reports = []
    unreadable = False
    for path in args.files:
        report: dict[str, Any] = {"file": path, "valid": True, "records": 0, "errors": []}
        if args.references == "open":  # how many references name records the file does not hold
            report["open_references"] = None  # not known for a file that does not read
        try:
            dataset, account = read_table(path, args)
            report["records"] = _count(dataset)
            if account is not None:  # a table published by others: what became of every row
                report["rows"] = _rows(account)
            if args.references == "open":
                report["open_references"] = len(dataset.open_references)
        except (UsageError, DocumentError) as exc:  # the file cannot be read at all: exit 2
            unreadable = True
            report["valid"] = False
            report["readable"] = False
            report["errors"] = [{"path": "", "message": f"cannot read: {exc}", "value": None}]
        except ValidationError as exc:
            report["valid"] = False
            report["errors"] = [_problem(e) for e in exc.errors]
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
    dataset = read(args.file, args)
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


def _summary(args: argparse.Namespace, out: IO[str]) -> int:
    if args.plot is None:
        print(tables(read(args.file, args)), file=out)
        return EXIT_OK
    from ._plot import chart_format, plot

    fmt = chart_format(args.plot)  # before a possibly large input is read
    dataset = read(args.file, args)
    shown = "standard input" if args.file == "-" else args.file
    wrote = plot(dataset, shown, args.plot, fmt)  # a chart that cannot be drawn prints nothing
    print(tables(dataset), file=out)
    print(wrote, file=sys.stderr)  # standard output carries the summary alone, as without --plot
    return EXIT_OK


def _convert(args: argparse.Namespace, out: IO[str]) -> int:
    dataset = read(args.input, args)
    fmt = output_format(args.output, args.to)
    with working(f"writing {'standard output' if args.output == '-' else args.output}"):
        wrote = write(dataset, args.output, fmt, args.type)
    # what was written goes where it cannot mix with the data: standard error when that is standard output
    print(wrote, file=sys.stderr if args.output == "-" else out)
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
            raise UsageError(f"{name}: no such file or directory")
        return Path(name).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise UsageError(f"{where}: {exc.strerror or exc}") from None


def _extract(args: argparse.Namespace, out: IO[str]) -> int:
    from ..articles import extract
    from ..io import json as io_json

    text = _article(args.article)
    draft = extract(text, published=args.published, source=args.publisher)
    if args.format == "json" or args.output:
        if args.output:
            io_json.dump(draft.dataset, args.output)
            print(f"wrote {args.output} ({counted(draft.dataset, RECORD_KINDS)})", file=out)
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


class _Parser(argparse.ArgumentParser):
    """The command's parser and its commands' (subparsers take their parent's class): help
    wrapped by `HelpFormatter`, which keeps hyphenated words whole."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="displacement", description="Model displacement: events, actors, flows, stocks, sources."
    )
    parser.add_argument("--version", action="version", version=f"displacement {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help=(
            "check documents; exit 0 when all are valid, 1 with every error and its path otherwise, "
            "2 when a file cannot be read"
        ),
        description="Check JSON documents (or CSV files or folders). Prints every problem with its path.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help=FILE_HELP)
    validate.add_argument(
        "--format", choices=["text", "json"], default="text", help="report format (default: text)"
    )
    add_reading_options(validate)

    summary_ = commands.add_parser(
        "summary",
        help="print a document's flows and stocks as tables",
        description=(
            "Print flows and stocks as tables: corridor, period, count with its qualifier, sources. "
            "--plot also saves the corridors chart."
        ),
    )
    summary_.add_argument("file", metavar="FILE", help=FILE_HELP)
    add_plot_option(summary_)
    add_reading_options(summary_)

    convert = commands.add_parser(
        "convert",
        help="convert any format the library reads to JSON, CSV, HXL or Parquet",
        description=(
            "Read a document or a source table (JSON, the library's CSV, HXL, Parquet, UNHCR, PRMN, "
            "OCHA, IDMC, DTM) and write it as JSON, CSV (a .csv file for one record type, or a folder "
            "with one file per record type), HXL or Parquet (flows or stocks). Formats come from the "
            "extensions and the first bytes; --from and --to force them. - is standard input or output "
            "(JSON unless --to says otherwise)."
        ),
    )
    convert.add_argument("input", metavar="IN", help="the file to read, or - for standard input")
    convert.add_argument(
        "output",
        metavar="OUT",
        help="where to write (.json, .csv, .hxl, .parquet, or a folder), or - for standard output",
    )
    convert.add_argument(
        "--to",
        choices=list(OUTPUTS),
        metavar="FORMAT",
        help="output format (default: from the extension; JSON for -): "
        + "; ".join(f"{k}: {v}" for k, v in OUTPUTS.items()),
    )
    add_reading_options(convert)

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
    check.add_argument("file", metavar="FILE", help=FILE_HELP)
    add_reading_options(check)
    add_total_parser(commands)

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

    example = commands.add_parser(
        "example",
        help="print a summary of a built-in example dataset, or (--format json) the dataset itself",
    )
    example.add_argument("name", choices=sorted(EXAMPLES), help="which example")
    example.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (default): a summary; json: the document, to save and try the other commands on",
    )
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
        if args.command == "example" and args.format == "json":
            from ..io import json as io_json

            print(io_json.dumps(EXAMPLES[args.name]()), file=out)
        elif args.command == "example":
            print(summary(EXAMPLES[args.name](), title=f"Example: {args.name}"), file=out)
        elif args.command == "validate":
            return _validate(args, out)
        elif args.command == "summary":
            return _summary(args, out)
        elif args.command == "convert":
            return _convert(args, out)
        elif args.command == "check":
            return _check(args, out)
        elif args.command == "total":
            return run_total(args, out)
        elif args.command == "extract":
            return _extract(args, out)
        elif args.command == "schema":
            from ..io.schema import json_schema

            print(json.dumps(json_schema(), indent=args.indent, ensure_ascii=False), file=out)
    except BrokenPipeError:
        # The reader went away (``displacement schema | head``): stop quietly, as Python's docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID
    except (UsageError, DocumentError) as exc:  # used wrongly, or a file that cannot be read
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
    except KeyboardInterrupt:  # Ctrl-C while a big file is read: a word, not a traceback
        print("displacement: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK
