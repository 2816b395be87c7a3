"""Private: one way to read a CSV table, for every reader of `displacement.io`.

A reader of a foreign table (UNHCR's, and the next ones) names its columns and maps their cells
to records; this module gives it the cells:

- `csv_rows`: the rows of CSV text, read strictly by the standard `csv` module (RFC 4180), each
  with the line it starts on, or with the problem that makes it unreadable;
- `Table`: a CSV file with a header row. `Table.rows` numbers its data rows (a blank line is not
  a row) and refuses a row wider or narrower than the header; `Table.columns` reads the cells
  of a regular file at once, as columns, or gives ``None`` so that the caller reads the rows,
  which finds every problem with its line. `Table.encoded_columns` gives the same cells as
  `Encoded` columns (each distinct cell once, and an array of which one each row holds), for
  a reader that parses each distinct cell once and builds its records with numpy.

`Table.columns` reads with `pyarrow.csv` when the ``arrow`` extra is installed, and with the
`csv` module otherwise. Both give exactly the cells `Table.rows` gives, or ``None``: no CSV text
is ever split by hand.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ValidationError
from ._cells import cannot_open, longest_cell, utf8_problem, width_problem

if TYPE_CHECKING:  # numpy is imported by `Encoded.of` and pyarrow, when columns are read
    import numpy as np
    import numpy.typing as npt

__all__ = ["Encoded", "NamedTable", "Table", "csv_rows", "file_rows", "named_table"]


class _Lines:
    """The lines handed to the csv module, kept since the current row began."""

    __slots__ = ("lines", "taken")

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = iter(lines)
        self.taken: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.taken.append(line)
        return line


def _problem(exc: csv.Error, taken: list[str]) -> str:
    message = str(exc)
    if message.startswith("field larger than field limit"):
        text = "".join(taken)
        column, size = longest_cell(text)
        # With its quotes closed, the row was read whole and the size is exact; else it goes on.
        size_words = f"{size:,}" if text.count('"') % 2 == 0 else f"at least {size:,}"
        return (
            f"column {column} has a cell of {size_words} characters, more than the "
            f"{csv.field_size_limit():,} the csv module reads in a cell (csv.field_size_limit)"
        )
    if message == "unexpected end of data":
        return "has a quoted cell that is never closed (it runs to the end of the file)"
    return f"is not valid CSV ({message})"


def csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """``(line, cells, problem)`` for every row of CSV text, read strictly (RFC 4180).

    *line* is the line of the file where the row starts (a quoted cell may hold line breaks, so
    rows and lines differ). A row the csv module cannot read comes with ``cells=None`` and a
    *problem* that says why in words (``has a quoted cell that is never closed``); reading goes
    on at the next line. A blank line is a row of no cells. A byte order mark at the start is
    not part of the first cell. Decoding errors of *lines* pass through.

    >>> list(csv_rows(['a,"b, c"\\n', "\\n", '"x\\n', 'y",z\\n', '"open\\n']))
    [(1, ['a', 'b, c'], None), (2, [], None), (3, ['x\\ny', 'z'], None), (5, None, 'has a quoted cell that is never closed (it runs to the end of the file)')]
    """
    feed = _Lines(lines)
    reader = csv.reader(feed, strict=True)
    previous = 0
    while True:
        feed.taken.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line, previous = previous + 1, reader.line_num
            yield line, None, _problem(exc, feed.taken)
            continue
        line, previous = previous + 1, reader.line_num
        if line == 1 and cells and cells[0].startswith("\ufeff"):
            cells[0] = cells[0][1:]
        yield line, cells, None


def file_rows(path: str, source: str) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """`csv_rows` of the file at *path*, UTF-8 with or without a byte order mark.

    A path that cannot be opened raises `displacement.errors.DocumentError`
    (`_cells.cannot_open`); a file that is not UTF-8 raises `ValidationError` naming *source*
    and the line and column of the first byte that is not.
    """
    try:
        f = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise cannot_open(path, exc) from None
    with f:
        try:
            yield from csv_rows(f)
        except UnicodeDecodeError:
            raise ValidationError.single(source, f"is {utf8_problem(path)}") from None


def _quoted_lines(data: bytes) -> list[bytes]:
    """The lines of *data* with a quote in them: the only lines whose cells the bulk reader must
    check with the csv module's strict rules. (A line without one is its cells and commas.)"""
    found = []
    at = data.find(b'"')
    while at >= 0:
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        found.append(data[data.rfind(b"\n", 0, at) + 1 : end])
        at = data.find(b'"', end)
    return found


class Encoded(NamedTuple):
    """A column of cells as its distinct cells and, for each row, which of them it holds.

    ``words[codes[i]]`` is the cell of row *i*: a reader parses each distinct cell once and
    picks the result of every row with a numpy ``take``, instead of a Python step per cell.
    """

    words: list[str]
    """The distinct cells, each once (in no promised order)."""
    codes: npt.NDArray[np.integer[Any]]
    """For each data row, the index in `words` of its cell."""

    def cells(self) -> list[str]:
        """The cells, row after row (equal cells one object)."""
        return list(map(self.words.__getitem__, self.codes.tolist()))

    @classmethod
    def of(cls, cells: Sequence[str]) -> Encoded:
        """The encoding of a column of cells (one dictionary look-up a cell).

        >>> Encoded.of(["b", "a", "b"])
        Encoded(words=['b', 'a'], codes=array([0, 1, 0]))
        """
        import numpy as np

        first: dict[str, int] = {}  # each distinct cell -> the row where it first is
        rows = np.fromiter(map(first.setdefault, cells, itertools.count()), np.intp, len(cells))
        number = np.zeros(len(cells), dtype=np.intp)  # a first row -> the index of its cell
        number[np.fromiter(first.values(), np.intp, len(first))] = np.arange(len(first))
        return cls(list(first), number[rows])


class Table:
    """A CSV file whose first row is its header: `header`, then `rows` or `columns`.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text('year,name,n\\n2020,"Congo, Rep.",5\\n\\n2021,x\\n')
    >>> table = Table(str(path), "t.csv")
    >>> table.header
    ['year', 'name', 'n']
    >>> list(table.rows())
    [(1, 2, ['2020', 'Congo, Rep.', '5'], None), (2, 4, None, 'has 2 cells but the header has 3')]
    >>> table.columns([0, 2]) is None  # not regular: the rows say why
    True
    """

    def __init__(self, path: str | os.PathLike[str], source: str) -> None:
        """Open the file at *path* and read its header; *source* names the file in messages.

        Raises `ValidationError` for a file with no header row, a header the csv module cannot
        read, or a file that is not UTF-8 (with the line and column of the first bad byte),
        and `DocumentError` for a path that cannot be opened.
        """
        self.path = os.fspath(path)
        self.source = source
        first = next(file_rows(self.path, source), None)
        if first is None:
            raise ValidationError.single(source, "is empty: it has no header row")
        _, cells, problem = first
        if cells is None:
            raise ValidationError.single(source, f"has no readable header row: it {problem}")
        self.header: list[str] = cells
        """The cells of the first row, as written."""

    def rows(self) -> Iterator[tuple[int, int, list[str] | None, str | None]]:
        """``(number, line, cells, problem)`` for every data row, from number 1.

        A blank line is not a row. A row the csv module cannot read, or with more or fewer cells
        than the header, comes with ``cells=None`` and its *problem* in words (`_cells.width_problem`).
        """
        width = len(self.header)
        number = 0
        rows = file_rows(self.path, self.source)
        next(rows, None)  # the header
        for line, cells, problem in rows:
            if cells == []:
                continue
            number += 1
            if cells is not None:
                problem = width_problem(cells, width)
                if problem is None:
                    yield number, line, cells, None
                    continue
            yield number, line, None, problem

    def columns(self, positions: Sequence[int], *, arrow: bool | None = None) -> list[list[str]] | None:
        """The cells of the columns at *positions* (from 0), every data row, as lists of `str`.

        ``None`` when the file is not plainly regular: not UTF-8, a NUL or a bare ``\\r``, a row
        the csv module cannot read or wider or narrower than the header, a quoted cell that
        spans lines, a cell longer than the csv module's field limit. `rows` reads those, with
        the line of each problem. Otherwise the columns hold exactly the cells `rows` gives.

        *arrow* chooses the reader: `pyarrow.csv` (``True``), the `csv` module (``False``), or
        `pyarrow.csv` when it can be imported (``None``).
        """
        found = self.encoded_columns(positions, arrow=arrow)
        return None if found is None else [column.cells() for column in found]

    def encoded_columns(self, positions: Sequence[int], *, arrow: bool | None = None) -> list[Encoded] | None:
        """The columns at *positions* as `columns` gives them (or ``None`` as it does), encoded.

        With `pyarrow.csv`, the cells are read as Arrow dictionaries and become Python strings
        only once each distinct cell.
        """
        data = self._regular_bytes()
        if data is None:
            return None
        if arrow is None:
            arrow = _pyarrow_csv() is not None
        # A header alone (pyarrow reads no rows after it) is quickly read by the csv module.
        end = len(data)
        while end and data[end - 1] in b"\r\n":
            end -= 1
        short = data.find(b"\n", 0, end) < 0
        if arrow and not short:
            return self._arrow_columns(data, positions)
        found = self._csv_columns(data, positions)
        return None if found is None else list(map(Encoded.of, found))

    def _regular_bytes(self) -> bytes | None:
        """The file's bytes (without a byte order mark), or ``None`` if `columns` must refuse it
        before reading its cells: see `columns`."""
        try:
            with open(self.path, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise cannot_open(self.path, exc) from None
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\x00" in data or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
            return None
        # Lines with a quote are the only ones whose cells need the csv module's strict rules:
        # each must be a whole row by itself (no quoted line break) and valid CSV.
        quoted = _quoted_lines(data)
        if quoted:
            try:
                text = [line.decode() for line in quoted]
                if sum(1 for _ in csv.reader(text, strict=True)) != len(text):
                    return None
            except (csv.Error, UnicodeDecodeError):
                return None
        if not self.header:
            return None
        return data

    def _csv_columns(self, data: bytes, positions: Sequence[int]) -> list[Sequence[str]] | None:
        """The columns at *positions*, by the csv module.

        Each row's cells are picked as it is read, with its last cell (a narrower row has none)
        and what lies past the header's width (a wider row's extra cells): one pass.
        """
        width = len(self.header)
        pick = operator.itemgetter(*positions, width - 1, slice(width, None))
        try:
            reader = csv.reader(io.StringIO(data.decode(), newline=""), strict=True)
            next(reader)  # the header
            picked = list(map(pick, filter(None, reader)))  # a blank line is not a row
        except (csv.Error, UnicodeDecodeError, IndexError):  # IndexError: a narrower row
            return None
        if any(map(operator.itemgetter(-1), picked)):  # a wider row
            return None
        if not picked:
            return [[] for _ in positions]
        columns: list[Sequence[str]] = [*zip(*picked, strict=True)]
        return columns[: len(positions)]

    def _arrow_columns(self, data: bytes, positions: Sequence[int]) -> list[Encoded] | None:
        """The columns at *positions*, by `pyarrow.csv`: all as strings, an empty cell as ``""``.

        Every column is read, to refuse a cell the csv module would refuse as too long; those at
        *positions* as dictionaries, whose distinct strings become Python strings once each.
        """
        pacsv = _pyarrow_csv()
        if pacsv is None:
            return None
        import pyarrow as pa
        import pyarrow.compute as pc

        width = len(self.header)
        names = [f"c{i}" for i in range(width)]
        wanted = set(positions)
        types = {
            name: pa.dictionary(pa.int32(), pa.string()) if i in wanted else pa.string()
            for i, name in enumerate(names)
        }
        try:
            table = pacsv.read_csv(
                io.BytesIO(data),
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=True),
                parse_options=pacsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=True),
                convert_options=pacsv.ConvertOptions(
                    column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
                ),
            )
        except (pa.ArrowInvalid, UnicodeDecodeError):
            return None
        limit = csv.field_size_limit()
        columns: dict[int, Encoded] = {}
        for i, column in enumerate(table.columns):
            if i in wanted:
                # A dictionary (its chunks' dictionaries made one): each distinct cell once.
                encoded = column.combine_chunks()
                words, lengths = encoded.dictionary, pc.binary_length(encoded.dictionary)
                columns[i] = Encoded(words.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False))
            else:
                lengths = pc.binary_length(column)
            longest = pc.max(lengths).as_py() if len(lengths) else 0
            if longest is not None and longest >= limit:
                return None
        return [columns[p] for p in positions]


def _pyarrow_csv() -> Any:
    """`pyarrow.csv`, or ``None`` without the ``arrow`` extra."""
    try:
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    return pacsv


class NamedTable(NamedTuple):
    """A `Table` whose header names the columns a reader needs: see `named_table`."""

    table: Table
    """The opened table."""
    header: list[str]
    """Its header cells, stripped."""
    ignored: tuple[str, ...]
    """The columns the reader does not read (a column without a name as ``column 3 (no name)``)."""


_HEADER_SHOWN = 160
"""Characters of a header that a "has no column" message quotes."""


def named_table(
    data: Any, required: Sequence[str], *, optional: Sequence[str] = (), known: Sequence[str] = ()
) -> NamedTable:
    """Open the CSV file at *data*, whose header must name each of *required* once (and each of
    *optional*, if it is there, once): the readers of one publisher's table start here.

    Raises `ValidationError` for *data* that is not a path, a column named twice (which one to
    read would be a guess) and a missing column (with the header found). *known* columns are
    read or deliberately skipped by the reader; any other column is listed in `NamedTable.ignored`.
    """
    if not isinstance(data, str | os.PathLike):
        raise ValidationError.single(
            "data", f"expected a path to a CSV file, got {type(data).__name__}", None
        )
    name = os.path.basename(os.fspath(data)) or os.fspath(data)
    table = Table(data, name)
    header = [h.strip() for h in table.header]
    for column in (*required, *optional):
        if header.count(column) > 1:
            raise ValidationError.single(
                name,
                f"has the column {column} {header.count(column)} times: which one to read is ambiguous",
                column,
            )
    missing = [c for c in required if c not in header]
    if missing:
        shown = ", ".join(header)
        shown = shown if len(shown) <= _HEADER_SHOWN else shown[:_HEADER_SHOWN] + "..."
        raise ValidationError.single(name, f"has no column {', '.join(missing)} (found {shown})", missing)
    read = {*required, *optional, *known}
    ignored = tuple(h or f"column {i} (no name)" for i, h in enumerate(header, 1) if h not in read)
    return NamedTable(table, header, ignored)
