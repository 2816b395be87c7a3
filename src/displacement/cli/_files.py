"""Reading and writing the command's files, in every format the library has.

A file's format is what ``--from`` (``--to``) says, else what its extension and first bytes say:
Parquet's magic bytes, a JSON document, the header of a source table the library reads (UNHCR,
PRMN, OCHA, IDMC, DTM), an HXL hashtag row, or the library's CSV. ``-`` is standard input or
output. Reading a source table prints its row account to standard error; ``--strict`` makes a
malformed row an error instead.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import shutil
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

from ..dataset import RECORD_KINDS, REFERENCES, TABLE_KINDS, Dataset, RecordKind
from ..errors import DisplacementError, ValidationError
from ..io.account import Load, RowAccount

__all__ = [
    "FILE_HELP",
    "HelpFormatter",
    "INPUTS",
    "OUTPUTS",
    "PROGRESS_DELAY",
    "PROGRESS_THRESHOLD",
    "UsageError",
    "add_reading_options",
    "counted",
    "input_format",
    "one_line",
    "output_format",
    "read",
    "read_table",
    "working",
    "write",
]

PROGRESS_THRESHOLD = 5_000
"""JSON documents with at least this many records show a progress bar (when standard error is a
terminal), counting the records read."""
PROGRESS_DELAY = 1.0
"""Other inputs show a running clock on standard error (a terminal) once they take this many seconds."""

INPUTS: Final = {
    "json": "a document of the library",
    "csv": "the library's CSV: one file of one record type, or a folder of them",
    "hxl": "an HXL-tagged CSV file of flows or stocks",
    "parquet": "an Apache Parquet file of flows or stocks (the arrow extra)",
    "unhcr": "a UNHCR Refugee Data Finder table, CSV or API JSON (which one, from its columns)",
    "unhcr-flows": "UNHCR's flows table",
    "unhcr-population": "UNHCR's population table",
    "unhcr-solutions": "UNHCR's solutions table",
    "unhcr-idmc": "UNHCR's table of IDMC's figures",
    "unhcr-demographics": "UNHCR's demographics table",
    "prmn": "UNHCR Somalia's PRMN displacement table",
    "ocha": "OCHA Ethiopia's drought IDPs by woreda",
    "idmc": "IDMC's Internal Displacement Updates (IDU)",
    "dtm": "an IOM DTM table (the DTM API's columns)",
}
"""The formats the command reads (``--from``), with what each is."""
OUTPUTS: Final = {
    "json": "a document of the library",
    "csv": "the library's CSV: a .csv file of one record type, or a folder with one file a type",
    "hxl": "an HXL-tagged CSV file of flows or stocks",
    "parquet": "an Apache Parquet file of flows or stocks (the arrow extra)",
}
"""The formats the command writes (``--to``), with what each is."""

FILE_HELP: Final = (
    "a file in any format --from names (told from its extension and first bytes), a folder of "
    "CSV files, or - for standard input"
)
"""What a command's FILE argument takes, as its help says."""
_HEAD: Final = 1 << 16
"""How much of a file is read to tell its format."""
_SNIFF: Final = 4096
"""How far into a JSON list the first item's keys are looked for."""
_STDIN: Final = "standard input"


class UsageError(Exception):
    """A command used wrongly (missing file, unknown format, bad option): exit status 2."""


def one_line(exc: DisplacementError, limit: int | None = None) -> str:
    """The message of *exc* on one line (a `ValidationError` with several problems has several),
    cut to *limit* characters when given."""
    if isinstance(exc, ValidationError):
        text = "; ".join(e.describe() for e in exc.errors)
    else:
        text = " ".join(str(exc).split())
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help, wrapped without breaking a word at a hyphen: ``--from unhcr-flows`` and
    ``pip install 'displacement-events[plot]'`` stay whole, to copy."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)
        return "\n".join(indent + line for line in lines)


# -- telling a format ---------------------------------------------------------------------------


def _header_format(head: str) -> str | None:
    """The format a CSV text's first rows say: a source table's header, an HXL hashtag row, or
    the library's ``id`` column; ``None`` when they say none."""
    from ..io import dtm, hxl, idmc, ocha, prmn

    lines = head.splitlines()[:26]
    try:
        rows = list(csv.reader(lines))
    except csv.Error:
        return None
    if not rows:
        return None
    names = {c.strip() for c in rows[0]}
    if {"coo_iso", "coa_iso"} <= {n.lower() for n in names}:
        return "unhcr"
    for fmt, columns in (
        ("prmn", prmn.COLUMNS),
        ("ocha", ocha.ETHIOPIA_COLUMNS),
        ("idmc", idmc.COLUMNS),
        ("dtm", dtm.COLUMNS),
    ):
        if set(columns) <= names:
            return fmt
    if any(hxl.is_hashtag_row(row) for row in rows[:25]):
        return "hxl"
    if "id" in names:
        return "csv"
    return None


def input_format(path: str, forced: str | None, shown: str | None = None) -> str:
    """The format of the file at *path*: *forced* (``--from``), else from its extension and
    first bytes. *shown* names the file in errors (default: *path*)."""
    if forced:
        return forced
    shown = shown or path
    suffix = Path(path).suffix.lower()
    if os.path.isdir(path):
        return "json" if suffix == ".json" else "csv"  # a folder of CSV files (the JSON reader refuses one)
    if suffix in (".parquet", ".pq"):
        return "parquet"
    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD)
    except OSError as exc:
        raise UsageError(f"{shown}: {exc.strerror or exc}") from None
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    start = text.lstrip()[:1]
    if re.match(r"\{\s*\"items\"\s*:", text.lstrip()):
        return "unhcr"  # the UNHCR API's JSON, {"items": [...]} (a bare list: say --from unhcr)
    if start == "[" and re.match(r"\[\s*\{", text.lstrip()) and '"coo_iso"' in text[:_SNIFF]:
        return "unhcr"  # a bare list of the API's items, with UNHCR's country columns
    if start == "{" or suffix == ".json":
        return "json"  # the JSON reader says what is wrong with a broken one
    found = _header_format(text)
    if found is not None:
        return found
    if suffix == ".csv" or not text.strip():
        return "csv"  # the CSV reader says what is wrong with it (an empty file, an unknown header)
    header = text.splitlines()[0] if text.strip() else ""
    header = header if len(header) <= 80 else header[:77] + "..."
    raise UsageError(
        f"{shown}: cannot tell the format (its first line is {header!r}); say --from: {', '.join(INPUTS)}"
    )


def output_format(name: str, forced: str | None) -> str:
    """The format to write *name* in: *forced* (``--to``), else from its extension (``-``: JSON)."""
    if forced:
        return forced
    if name == "-":
        return "json"
    suffix = Path(name).suffix.lower()
    found = {".json": "json", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".hxl": "hxl"}
    if suffix in found:
        return found[suffix]
    if not suffix or os.path.isdir(name):
        return "csv"  # a folder of CSV files
    raise UsageError(
        f"{name}: cannot tell the format from the extension {suffix!r}; use .json, .csv, .parquet "
        f"or .hxl, a folder, or say --to: {', '.join(OUTPUTS)}"
    )


# -- progress -----------------------------------------------------------------------------------


def _terminal_size() -> tuple[int, int]:
    try:  # a terminal that reports no size (0 x 0) would get no bar at all
        size = os.get_terminal_size(sys.stderr.fileno())
        return size.columns or 80, size.lines or 24
    except (OSError, ValueError):
        return 80, 24


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
            width, height = _terminal_size()
            bar.append(
                tqdm(total=total, unit=" records", file=sys.stderr, leave=False, ncols=width, nrows=height)
            )
        bar[0].update(done - bar[0].n)

    try:
        yield update
    finally:
        if bar:
            bar[0].close()


@contextlib.contextmanager
def working(what: str) -> Iterator[None]:
    """Show *what* with a running clock on standard error while the block runs, once it has
    taken `PROGRESS_DELAY` seconds, and only when standard error is a terminal (never in a pipe)."""
    if not sys.stderr.isatty():
        yield
        return
    from tqdm import tqdm

    done = threading.Event()

    def tick() -> None:
        if done.wait(PROGRESS_DELAY):
            return
        width, height = _terminal_size()
        with tqdm(
            desc=what, file=sys.stderr, leave=False, ncols=width, nrows=height, bar_format="{desc}: {elapsed}"
        ) as clock:
            while not done.wait(0.2):
                clock.refresh()

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


# -- reading ------------------------------------------------------------------------------------


def _unhcr_table(path: str, shown: str) -> str:
    """Which UNHCR table the file at *path* is (CSV header or API JSON items), else a usage error."""
    from ..io import unhcr

    with open(path, encoding="utf-8-sig", errors="replace") as f:
        head = f.read(_HEAD)
    columns: Sequence[str] = ()
    if head.lstrip()[:1] in ("[", "{"):
        try:
            with open(path, encoding="utf-8-sig") as f:
                document = json.load(f)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            document = None  # the reader says what is wrong
        items = document.get("items") if isinstance(document, dict) else document
        if isinstance(items, list) and items and isinstance(items[0], dict):
            columns = [str(k) for k in items[0]]
    else:
        rows = head.splitlines()[:1]
        columns = next(csv.reader(rows), []) if rows else []
    table = unhcr.table_of(columns)
    if table is None:
        choices = ", ".join(f"unhcr-{t}" for t in unhcr.TABLES)
        raise UsageError(
            f"{shown}: cannot tell which UNHCR table this is from its columns; say --from {choices}"
        )
    return table


def _one_kind(args: argparse.Namespace, fmt: str) -> Any:
    if args.type is not None and args.type not in TABLE_KINDS:
        raise UsageError(f"--type {args.type}: {fmt} files hold flows or stocks")
    return args.type


def _read_file(
    path: str, fmt: str, args: argparse.Namespace, shown: str
) -> tuple[Dataset, RowAccount | None]:
    strict: bool = getattr(args, "strict", False)
    load: Load
    if fmt == "json":
        from ..io import json as io_json

        with _progress() as progress:
            document = io_json.load(
                path, ignore_unknown=args.ignore_unknown, progress=progress, references=args.references
            )
        return document, None
    if fmt == "csv":
        from ..io import csv as io_csv

        with working(f"reading {shown}"):
            if os.path.isdir(path):
                load = io_csv.load_dir(path, ignore_unknown=args.ignore_unknown, references=args.references)
            else:
                load = io_csv.load(
                    path, args.type, ignore_unknown=args.ignore_unknown, references=args.references
                )
        return load.dataset, None  # a document: every row made a record, or it raised
    if fmt == "parquet":
        kind = _one_kind(args, fmt)
        try:
            from ..io import arrow
        except ImportError:
            raise UsageError(
                f"{shown}: reading Parquet needs pyarrow: pip install 'displacement-events[arrow]'"
            ) from None
        with working(f"reading {shown}"):
            return arrow.read_parquet(path, kind, references=args.references).dataset, None
    with working(f"reading {shown}"):
        if fmt == "hxl":
            from ..io import hxl

            load = hxl.read_hxl(path, _one_kind(args, fmt), strict=strict, references=args.references)
        elif fmt.startswith("unhcr"):
            from ..io import unhcr

            table = fmt.removeprefix("unhcr").removeprefix("-") or _unhcr_table(path, shown)
            load = getattr(unhcr, f"read_{table}")(path, strict=strict)
        elif fmt == "prmn":
            from ..io import prmn

            load = prmn.read_prmn(path, strict=strict)
        elif fmt == "ocha":
            from ..io import ocha

            load = ocha.read_ethiopia_drought_idps(path, strict=strict)
        elif fmt == "idmc":
            from ..io import idmc

            load = idmc.read_idu(path, strict=strict)
        else:
            from ..io import dtm

            load = dtm.read_dtm(path, strict=strict)
    print(load.account, file=sys.stderr)  # made, blank, skipped and why: never in a pipe's output
    return load.dataset, load.account


@contextlib.contextmanager
def _standard_input() -> Iterator[str]:
    """Standard input, saved to a temporary file that the readers open by name (``stdin``)."""
    stdin: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if sys.stdin is None or stdin is None:
        raise UsageError(f"-: there is no {_STDIN} to read")
    if sys.stdin.isatty():
        raise UsageError(f"-: {_STDIN} is a terminal: pipe a file into it, or give the file's name")
    with tempfile.TemporaryDirectory(prefix="displacement-") as folder:
        path = os.path.join(folder, "stdin")
        with open(path, "wb") as f:
            shutil.copyfileobj(stdin, f)
        yield path


def read_table(name: str, args: argparse.Namespace) -> tuple[Dataset, RowAccount | None]:
    """The dataset in the file *name* (``-``: standard input), read as the command's reading
    options (`add_reading_options`) say, and the row account of a table published by others or
    an HXL file (``None`` for a document, which reads whole or not at all). The account also goes
    to standard error."""
    if name == "-":
        with _standard_input() as path:
            return _read_file(path, input_format(path, args.from_, _STDIN), args, _STDIN)
    if not os.path.exists(name):
        raise UsageError(f"{name}: no such file or directory")
    fmt = input_format(name, args.from_)
    try:
        return _read_file(name, fmt, args, name)
    except OSError as exc:
        raise UsageError(f"{name}: {exc.strerror or exc}") from None


def read(name: str, args: argparse.Namespace) -> Dataset:
    """The dataset of `read_table`."""
    return read_table(name, args)[0]


def add_reading_options(command: argparse.ArgumentParser) -> None:
    """Give *command* the options that say how to read its input."""
    command.add_argument(
        "--from",
        dest="from_",
        choices=list(INPUTS),
        metavar="FORMAT",
        help=(
            "input format (default: from the extension and the first bytes): "
            + "; ".join(f"{k}: {v}" for k, v in INPUTS.items())
        ),
    )
    command.add_argument(
        "--type",
        choices=RECORD_KINDS,
        help=(
            "the record type of a single CSV, HXL or Parquet file, read or written (default: from "
            "the file's name, such as flows.csv; when reading also from its header; when writing "
            "also the only type the input holds)"
        ),
    )
    command.add_argument(
        "--strict",
        action="store_true",
        help=(
            "a source table (UNHCR, PRMN, OCHA, IDMC, DTM) or an HXL file with a malformed row is "
            "an error listing every such row (default: such rows are skipped and counted on "
            "standard error)"
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


# -- writing ------------------------------------------------------------------------------------


def _kind_of(name: str, given: RecordKind | None, dataset: Dataset, fmt: str) -> RecordKind:
    """The record type of one output file: ``--type``, else the file's name (``stocks.csv``),
    else the only type the input holds of those a file of *fmt* holds; the same rule as for
    reading one file."""
    kinds: Sequence[str] = RECORD_KINDS if fmt == "CSV" else TABLE_KINDS
    if given:
        if given not in kinds:
            raise UsageError(f"{name}: this format holds {' or '.join(kinds)}, not {given}")
        return given
    stem = Path(name).stem.lower()
    for kind in kinds:
        if stem == kind:
            return kind  # type: ignore[return-value]
    held = [k for k in kinds if getattr(dataset, k)]
    if len(held) != 1:
        shown = "standard output" if name == "-" else name
        raise UsageError(
            f"{shown}: one {fmt} file holds one record type, and the input has "
            f"{', '.join(held) or 'no ' + ' or '.join(kinds)}: say --type"
            + (
                f", name the file after the type ({', '.join(k + '.csv' for k in kinds)}), or give "
                "a directory for one file per type"
                if kinds == RECORD_KINDS and name != "-"
                else ""
            )
        )
    return held[0]  # type: ignore[return-value]


def counted(dataset: Dataset, kinds: Sequence[str]) -> str:
    """``6 flows`` or ``28 records (2 sources, ...)``: records of *kinds*, counted."""
    counts = [(k, len(getattr(dataset, k))) for k in kinds]
    if len(counts) == 1:
        kind, n = counts[0]
        return f"{n:,} {kind if n != 1 else kind[:-1]}"
    n = sum(c for _, c in counts)
    parts = ", ".join(f"{c:,} {k if c != 1 else k[:-1]}" for k, c in counts if c)
    return f"{n:,} record{'s' * (n != 1)}" + (f": {parts}" if parts else "")


def _left_out(dataset: Dataset, kind: str, fmt: str) -> str:
    """What a file of one record type does not hold: ``; not in a CSV file of flows: 7 sources``.

    A Parquet file keeps the sources, actors and events it refers to (`io.arrow.CONTEXT_KEY`),
    so it leaves out only the other table; the others leave out every other record type, and
    then read back only with open references."""
    kept = TABLE_KINDS if fmt == "Parquet" else RECORD_KINDS
    others = [(k, len(getattr(dataset, k))) for k in kept if k != kind and getattr(dataset, k)]
    if not others:
        return ""
    listed = ", ".join(f"{n:,} {k if n != 1 else k[:-1]}" for k, n in others)
    article = "an" if fmt == "HXL" else "a"
    hint = "" if fmt == "Parquet" else ", so read it back with --references open"
    return f"; not in {article} {fmt} file of {kind}: {listed}{hint}"


@contextlib.contextmanager
def _target(name: str, binary: bool) -> Iterator[str]:
    """A path to write: *name* itself, or for ``-`` a temporary file copied to standard output."""
    if name != "-":
        yield name
        return
    if binary and sys.stdout.isatty():
        raise UsageError("-: this format is binary: send standard output to a file or a pipe")
    with tempfile.TemporaryDirectory(prefix="displacement-") as folder:
        path = os.path.join(folder, "stdout")
        yield path
        sys.stdout.flush()
        with open(path, "rb") as f:
            shutil.copyfileobj(f, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def write(dataset: Dataset, name: str, fmt: str, kind: RecordKind | None) -> str:
    """Write *dataset* to *name* (``-``: standard output) in *fmt*; return what was written
    (``wrote out.csv (6 flows)``), with the records a file of one type leaves out."""
    shown = "standard output" if name == "-" else name
    if fmt == "json":
        from ..io import json as io_json

        if name == "-":
            io_json.dump(dataset, sys.stdout)
        else:
            io_json.dump(dataset, name)
        return f"wrote {shown} ({counted(dataset, RECORD_KINDS)})"
    if fmt == "csv" and name != "-" and Path(name).suffix.lower() != ".csv":
        from ..io import csv as io_csv

        written = [str(p) for p in io_csv.dump_dir(dataset, name)]
        return f"wrote {', '.join(written) or 'nothing'} ({counted(dataset, RECORD_KINDS)})"
    if fmt == "csv":
        from ..io import csv as io_csv

        one = _kind_of(name, kind, dataset, "CSV")
        if name == "-":
            io_csv.dump(dataset, sys.stdout, kind=one)
        else:
            io_csv.dump(dataset, name, kind=one)
        return f"wrote {shown} ({counted(dataset, [one])}{_left_out(dataset, one, 'CSV')})"
    one = _kind_of(name, kind, dataset, fmt.upper() if fmt == "hxl" else "Parquet")
    if fmt == "hxl":
        from ..io import hxl

        with _target(name, binary=False) as path:
            hxl.write_hxl(dataset, path, kind=one)  # type: ignore[arg-type]
        return f"wrote {shown} ({counted(dataset, [one])}{_left_out(dataset, one, 'HXL')})"
    try:
        from ..io import arrow
    except ImportError:
        raise UsageError(
            f"{name}: writing Parquet needs pyarrow: pip install 'displacement-events[arrow]'"
        ) from None
    with _target(name, binary=True) as path:
        arrow.write_parquet(dataset, path, kind=one)  # type: ignore[arg-type]
    held = [(k, len(getattr(dataset, k))) for k in RECORD_KINDS if k not in TABLE_KINDS]
    kept = ", ".join(f"{n:,} {k if n != 1 else k[:-1]}" for k, n in held if n)
    kept = f", with the dataset's {kept}" if kept else ""
    return f"wrote {shown} ({counted(dataset, [one])}{kept}{_left_out(dataset, one, 'Parquet')})"
