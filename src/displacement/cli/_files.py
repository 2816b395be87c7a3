"""Reading and writing the command's files, in every format the library has."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..dataset import RECORD_KINDS, REFERENCES, Dataset

__all__ = ["PROGRESS_THRESHOLD", "UsageError", "add_reading_options", "file_format", "read"]

PROGRESS_THRESHOLD = 5_000
"""Files with at least this many records show a progress bar (when standard error is a terminal)."""


class UsageError(Exception):
    """A command used wrongly (missing file, unknown format): exit status 2."""


def file_format(path: str, forced: str | None) -> str:
    """The format of *path*: *forced* (``--from``/``--to``), else from its extension."""
    if forced:
        return forced
    if Path(path).suffix.lower() == ".json":
        return "json"
    if Path(path).suffix.lower() == ".csv" or Path(path).is_dir() or not Path(path).suffix:
        return "csv"
    raise UsageError(
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


def read(path: str, args: argparse.Namespace) -> Dataset:
    """The dataset in *path*, read as the command's reading options (`add_reading_options`) say."""
    fmt, kind, ignore_unknown, references = args.from_, args.type, args.ignore_unknown, args.references
    from ..io import csv as io_csv
    from ..io import json as io_json

    fmt = file_format(path, fmt)
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file or directory")
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
        raise UsageError(f"{path}: {exc.strerror or exc}") from None


def add_reading_options(command: argparse.ArgumentParser) -> None:
    """Give *command* the options that say how to read its input."""
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
