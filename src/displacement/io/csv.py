"""Flat CSV files, one per record type, that convert back to the same records.

Each record type (``sources``, ``actors``, ``events``, ``flows``, ``stocks``) gets its own table.
Nested records become dotted columns (``origin.country``, ``count.value``, ``period.start``);
fields that hold lists (``causes``, ``attributions``, ``cohorts``) hold their JSON text in one
cell. Empty cells are absent values, never 0. The columns come from the model, in field order:

>>> columns("stocks")[:11]  # doctest: +NORMALIZE_WHITESPACE
['id', 'place.country', 'place.subdivision', 'place.admin1', 'place.admin2', 'place.admin3',
 'place.name', 'place.lat', 'place.lon', 'place.accuracy', 'population.category']

The mapping is lossless: reading what `dump` wrote gives equal records. A text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is written with a leading ``'``, as is one that starts with ``'``; reading removes one
``'`` only before such a character or another ``'``, so ``'s-Hertogenbosch`` in a file keeps its
apostrophe. Number cells hold JSON numbers (ASCII digits). Reading is strict: a row with more or
fewer cells than the header, a quote never closed or a repeated column name is an error with its
line, never a row read some other way.
Records refer to each other by id, so a dataset read back from CSV needs every file the references
point into (`load_dir` reads them together).
"""

from __future__ import annotations

import csv as _csv
import difflib
import json as _json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from ..dataset import RECORD_KINDS, Dataset, Record, RecordKind, References
from ..errors import DisplacementError, DocumentError, ErrorDetail, ValidationError
from . import SCHEMA_VERSION, _cells, _fields, _records
from . import json as _djson
from ._table import csv_rows
from .account import Load, RowAccount

__all__ = ["KINDS", "columns", "dump", "dump_dir", "load", "load_dir"]

KINDS: tuple[RecordKind, ...] = RECORD_KINDS
"""The record types, one CSV file each: ``sources``, ``actors``, ``events``, ``flows``, ``stocks``.

The same tuple as `displacement.RECORD_KINDS`, the one list of record kinds.
"""


@attrs.frozen
class _Column:
    name: str
    keys: tuple[str, ...]
    type: Any
    # Keys of the enclosing nested objects that may be null: all their cells empty means null.
    nullable: tuple[tuple[str, ...], ...]


def _flatten(cls: Any, prefix: tuple[str, ...], nullable: tuple[tuple[str, ...], ...]) -> Iterator[_Column]:
    for f in _fields.fields(cls):
        inner, optional = _fields.optional_of(f.type)
        keys = (*prefix, f.key)
        if attrs.has(inner) and _fields.sequence_of(inner) is None:
            yield from _flatten(inner, keys, (*nullable, keys) if optional else nullable)
        else:
            yield _Column(".".join(keys), keys, f.type, nullable)


def _kind_type(kind: str) -> Any:
    for f in _fields.fields(Dataset):
        if f.key == kind:
            item = _fields.sequence_of(f.type)
            assert item is not None
            return item
    raise DisplacementError(f"unknown record type {kind!r}: expected one of {', '.join(KINDS)}")


def _columns(kind: str) -> list[_Column]:
    return list(_flatten(_kind_type(kind), (), ()))


def columns(kind: str) -> list[str]:
    """The CSV header of the record type *kind* (``"flows"``...)."""
    return [c.name for c in _columns(kind)]


# -- writing ----------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _json.dumps(value)
    if isinstance(value, list | dict):
        return _json.dumps(value, ensure_ascii=False) if value else ""
    return _cells.guard(str(value))


def _get(doc: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def _rows(records: Iterable[Any], kind: str) -> list[list[str]]:
    """Every row, made before anything is written: a cell that could not be read back (see
    `_cells.writable`) raises, naming its record and column, and leaves no half-written file."""
    cols = _columns(kind)
    limit = _csv.field_size_limit()
    rows = []
    for i, record in enumerate(records):
        doc = _djson.unstructure(record)
        row = [_cell(_get(doc, c.keys)) for c in cols]
        for cell, c in zip(row, cols, strict=True):
            if len(cell) > limit or not cell.isascii():
                _cells.writable(cell, f"{kind}[{i}].{c.name}", limit)
        rows.append(row)
    return rows


def _write(rows: list[list[str]], kind: str, f: IO[str]) -> None:
    writer = _csv.writer(f)  # RFC 4180: CRLF rows, and any cell holding CR or LF is quoted
    writer.writerow(columns(kind))
    writer.writerows(rows)


def dump(
    data: Dataset | Iterable[Record],
    target: str | os.PathLike[str] | IO[str],
    *,
    kind: RecordKind | None = None,
) -> None:
    """Write the records of type *kind* of *data* as CSV to a path or a text file object.

    *data* is a `Dataset` or records of one type. *kind* may be left out when the data says it:
    records of one type, or a dataset with records of one type only.

    >>> import io
    >>> from displacement import examples
    >>> out = io.StringIO()
    >>> dump(examples.kazakhstan_2022(), out, kind="flows")
    >>> print(out.getvalue().splitlines()[1][:68])
    f1-rus-kaz,RUS,,,,,,,,,cross_border,KAZ,,,,,,,,,others,RUS,"Russians
    """
    kind, records, _ = _records.select(data, kind, KINDS)
    rows = _rows(records, kind)
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as f:
            _write(rows, kind, f)
    else:
        _write(rows, kind, target)


def dump_dir(dataset: Dataset, directory: str | os.PathLike[str]) -> list[Path]:
    """Write ``<kind>.csv`` into *directory* (created if needed) for each non-empty record type.

    Returns the paths written.
    """
    folder = Path(directory)
    tables = {
        kind: _rows(getattr(dataset, kind), kind) for kind in KINDS if getattr(dataset, kind)
    }  # all, or none
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, rows in tables.items():
        path = folder / f"{kind}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            _write(rows, kind, f)
        written.append(path)
    return written


# -- reading ----------------------------------------------------------------------------------


def _value(cell: str, tp: Any) -> Any:
    """A cell back to the JSON value it was written from (bad cells pass through as text)."""
    inner, _ = _fields.optional_of(tp)
    if _fields.sequence_of(inner) is not None:
        try:
            return _djson.parse_json(cell)
        except DocumentError:
            return cell  # left as text, so the error says "expected a list, got the string ..."
    if inner is bool:
        return _BOOLS.get(cell, cell)
    if inner in (int, float) or set(getattr(inner, "__args__", ())) == {int, float}:
        # The number rule of every table format (`_cells.NUMBER`: ASCII digits, JSON's grammar),
        # read as JSON reads it, so a number out of range gets the error it gets in JSON.
        return _djson.parse_json(cell.strip()) if _cells.is_number(cell) else cell
    return _cells.unguard(cell)


_BOOLS: dict[str, bool] = {"true": True, "false": False}


def _set(doc: dict[str, Any], keys: tuple[str, ...], value: Any) -> None:
    for key in keys[:-1]:
        doc = doc.setdefault(key, {})
    doc[keys[-1]] = value


_OLD_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    # Columns that files written by earlier versions have, and the key each cell goes to. Schema
    # version 1.0 wrote an event's hazard as one name ("flood") in a ``hazard`` column; the JSON
    # reader reads such a name with `displacement.Hazard.parse`.
    "events": {"hazard": ("hazard",)},
}
"""Per record type, the columns of older files that still read: column -> document keys."""


def _document(rows: Iterable[dict[str, str]], kind: str) -> list[dict[str, Any]]:
    cols = _columns(kind)
    old = _OLD_COLUMNS.get(kind, {})
    nullable = {n for c in cols for n in c.nullable}
    nested = sorted({c.keys[:i] for c in cols for i in range(1, len(c.keys))}, key=len)
    docs = []
    for row in rows:
        doc: dict[str, Any] = {}
        for c in cols:
            cell = row.get(c.name)
            if cell:
                _set(doc, c.keys, _value(cell, c.type))
        for name, keys in old.items():
            cell = row.get(name)
            if cell:
                _set(doc, keys, _cells.unguard(cell))
        for keys in nested:
            parent = _get(doc, keys[:-1]) if len(keys) > 1 else doc
            if isinstance(parent, dict) and keys[-1] not in parent:
                # Every cell of a nested record is empty: an optional one is null, a required one
                # takes its defaults (and reports what it misses).
                parent[keys[-1]] = None if keys in nullable else {}
        docs.append(doc)
    return docs


def _read(
    f: IO[str], kind: str | None, name: str, ignore_unknown: bool
) -> tuple[str, list[dict[str, Any]], list[int], list[ErrorDetail]]:
    """The record type, the rows as documents with the line of each, and the problems of the file.

    A row that the csv module cannot read makes the file unreadable (`DocumentError`); a row
    with more or fewer cells than the header is a problem of the file and makes no record.
    """
    rows = csv_rows(f)
    header: list[str] = []
    header_line = 0
    for line, cells, problem in rows:
        if problem is not None:
            raise DocumentError(f"{name}:{line}: {problem}", line=line)
        if cells:
            header, header_line = cells, line
            break
    if not header:
        raise DocumentError(f"{name}: empty: expected a header row")
    if kind is None:
        kind = _guess_kind(header, name)
    known = columns(kind)
    errors = []
    first: dict[str, int] = {}
    for position, column in enumerate(header):
        where = f"{name}:{header_line}:{_cells.clipped(column)}"
        if column in first:
            # A dict of the row would keep one of the two cells and drop the other without a word.
            message = f"appears twice in the header (columns {first[column] + 1} and {position + 1})"
            errors.append(ErrorDetail(where, message, column))
            continue
        first[column] = position
        if not ignore_unknown and column not in known and column not in _OLD_COLUMNS.get(kind, {}):
            close = difflib.get_close_matches(column, known, n=1) if len(column) <= 100 else []
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            errors.append(ErrorDetail(where, "unknown column" + hint, column))
    width = len(header)
    records: list[dict[str, str]] = []
    lines: list[int] = []
    for line, cells, problem in rows:
        if problem is not None:
            raise DocumentError(f"{name}:{line}: {problem}", line=line)
        if not cells:
            continue  # a blank line is not a row
        wrong = _cells.width_problem(cells, width)
        if wrong is not None:
            errors.append(ErrorDetail(f"{name}:{line}", wrong, len(cells)))
            continue
        records.append(dict(zip(header, cells, strict=True)))
        lines.append(line)
    return kind, _document(records, kind), lines, errors


def _guess_kind(header: list[str], name: str) -> str:
    stem = Path(name).stem
    if stem in KINDS:
        return stem
    matches = [k for k in KINDS if set(header) <= set(columns(k))]
    if len(matches) == 1:
        return matches[0]
    raise DocumentError(
        f"{name}: cannot tell which record type the file holds; name it <kind>.csv or pass kind= "
        f"(one of {', '.join(KINDS)})"
    )


_PATH = re.compile(r"([a-z_]+)\[(\d+)\]\.?")


def _located(details: Iterable[ErrorDetail], files: dict[str, tuple[str, list[int]]]) -> list[ErrorDetail]:
    """Rewrite ``flows[3].count.value`` as ``flows.csv:5:count.value`` (file, line, column)."""
    out = []
    for d in details:
        match = _PATH.match(d.path)
        if match and match.group(1) in files:
            name, lines = files[match.group(1)]
            index = int(match.group(2))
            line = lines[index] if index < len(lines) else index + 2
            rest = d.path[match.end() :]
            path = f"{name}:{line}" + (f":{rest}" if rest else "")
            message = _PATH.sub(
                lambda m: (
                    f"{files[m.group(1)][0]}:{files[m.group(1)][1][int(m.group(2))]} "
                    if m.group(1) in files and int(m.group(2)) < len(files[m.group(1)][1])
                    else m.group(0)
                ),
                d.message,
            )
            out.append(ErrorDetail(path, message.replace(" )", ")"), d.value))
        else:
            out.append(d)
    return out


def _load(
    sources: list[tuple[str, IO[str], str | None, str | None]],
    ignore_unknown: bool,
    title: str,
    references: References = "strict",
) -> Load:
    """Read *sources*: (name, text stream, record type or None, path or None) each."""
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    files: dict[str, tuple[str, list[int]]] = {}
    errors: list[ErrorDetail] = []
    for name, f, given, path in sources:
        if given is not None:
            _kind_type(given)
        try:
            kind, docs, lines, problems = _read(f, given, name, ignore_unknown)
        except UnicodeDecodeError as exc:
            where = _cells.utf8_problem(path) if path is not None else f"not valid UTF-8 ({exc.reason})"
            raise DocumentError(f"{name}: {where}") from None
        if kind in files:
            raise DisplacementError(f"{name}: a second file of {kind} (also {files[kind][0]})")
        document[kind] = docs
        files[kind] = (name, lines)
        errors.extend(problems)
    try:
        dataset = _djson.structure(document, Dataset, ignore_unknown=ignore_unknown, references=references)
    except ValidationError as exc:
        errors.extend(_located(exc.errors, files))
    if errors:
        raise ValidationError(
            errors, title=f"invalid {title} ({len(errors)} problem{'s' * (len(errors) != 1)})"
        )
    # Any problem raised above: every data row read made one record.
    rows = sum(len(lines) for _, lines in files.values())
    return Load(dataset, RowAccount(title, rows=rows, loaded=rows, blank=0, records=rows))


def load(
    source: str | os.PathLike[str] | IO[str],
    kind: str | None = None,
    *,
    ignore_unknown: bool = False,
    references: References = "strict",
) -> Load:
    """Read one CSV file (a path or a text file object) of one record type: a `Load`, the dataset
    and the account of its rows (``dataset, account = load(path)``).

    *kind* is the record type; without it, a file named ``<kind>.csv`` or a header that fits one
    type tells. Errors name file, line and column: ``flows.csv:5:count.value: -5 is negative``.
    References to records in other files dangle: use `load_dir` for a whole dataset, or
    ``references="open"`` to read the file alone, its references to records it does not hold
    kept as `Dataset.open_references` (see `Dataset.references`). A file that
    cannot be read at all (a path that cannot be opened, text that is not UTF-8, a quote never
    closed, a cell longer than the csv module reads) raises `DocumentError` with its line. Any
    other problem raises `ValidationError` listing them all, so the account of a load that
    returns says that every data row (blank lines are not rows) made one record.
    """
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        with _cells.open_text(name) as f:
            return _load([(Path(name).name, f, kind, name)], ignore_unknown, name, references)
    name = getattr(source, "name", None) or "<csv>"
    return _load([(str(name), source, kind, None)], ignore_unknown, str(name), references)


def load_dir(
    directory: str | os.PathLike[str], *, ignore_unknown: bool = False, references: References = "strict"
) -> Load:
    """Read every ``<kind>.csv`` in *directory* (as `dump_dir` writes them) into one `Dataset`.

    With ``references="open"``, a folder with only some of the files (flows without their
    sources) reads, as in `load`.

    Returns a `Load`: the dataset, and one account of the rows of all the files.
    """
    folder = Path(directory)
    paths = [folder / f"{kind}.csv" for kind in KINDS if (folder / f"{kind}.csv").is_file()]
    if not paths:
        raise DocumentError(f"{folder}: no CSV files named {', '.join(k + '.csv' for k in KINDS)}")
    handles: list[IO[str]] = []
    try:
        handles.extend(_cells.open_text(str(p)) for p in paths)
        return _load(
            [(p.name, h, p.stem, str(p)) for p, h in zip(paths, handles, strict=True)],
            ignore_unknown,
            str(folder),
            references,
        )
    finally:
        for h in handles:
            h.close()
