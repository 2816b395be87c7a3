"""UNHCR's refugee statistics: read the Refugee Data Finder tables into a `Dataset`.

UNHCR publishes its Refugee Population Statistics Database (CC BY 4.0) as tables with one row per
year, country of origin and country of asylum, and one column per population group. Each reader
takes a CSV file of that shape, or the JSON the UNHCR population API returns (``{"items": [...]}``
with the same field names), and turns every non-empty count cell into one record:

- `read_flows` (``flows.csv``): people newly displaced in a year, as `Flow` records;
- `read_population` (``population.csv``): people present at the end of a year, as `Stock` records
  (returned refugees one a year and origin: its rows are parts of its returnees, added up);
- `read_solutions` (``solutions.csv``): returns, resettlement and naturalisation, as flows;
- `read_idmc` (``idmc.csv``): IDMC's internally displaced people, as stocks UNHCR passes on;
- `read_demographics` (``demographics.csv``): stocks with a sex and age breakdown, one a location
  (its rows are parts of its people, added up).

An empty cell is "not reported" and makes no record; ``0`` is a reported zero and makes a record
with a zero count. Non-ISO codes (``UNK``, ``UKN``, ``STA``, ``XXA``, ``TIB``, ``AB9``) become the
model's special places. A table without the ISO columns ``coo_iso``/``coa_iso`` is read through
UNHCR's own codes in ``coo``/``coa`` instead (``SUD`` is Sudan, `displacement.country_code` with
``system="unhcr"``); a code UNHCR's table does not list is a problem of its row. Record ids are
derived from the row, so the same file always gives the same ids:
``unhcr-flows-1962-DZA-MLT-refugees``. Every record is attributed to `unhcr_source`.

Each reader returns a `Load`: the dataset and a `RowAccount` of every input row. A malformed row
(a bad number, an unknown country code, a missing year) is skipped and listed with its line
number; ``strict=True`` raises a `ValidationError` listing them instead.

A clean CSV file (every row as wide as the header, every cell valid) is read a column at a time
(with `pyarrow.csv` when the ``arrow`` extra is installed), several times faster than row by
row; anything else is read row by row, which finds every problem with its line. Both give the
same dataset and account.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "flows.csv"
>>> _ = path.write_text(
...     "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,refugee_like,oip\\n"
...     "1962,Algeria,ALG,DZA,Malta,MTA,MLT,5,,,\\n"
...     "2024,Syrian Arab Rep.,SYR,SYR,Germany,GFR,DEU,,0,,\\n"
...     "2024,Unknown,UKN,UKN,Germany,GFR,DEU,,,,\\n"
...     "20x4,Syrian Arab Rep.,SYR,SYR,Germany,GFR,DEU,,7,,\\n"
... )
>>> dataset, account = read_flows(path)
>>> [(f.id, f.count.magnitude) for f in dataset.flows]
[('unhcr-flows-1962-DZA-MLT-refugees', 5), ('unhcr-flows-2024-SYR-DEU-asylum_seekers', 0)]
>>> print(account)
flows.csv: 4 rows: 2 made 2 records, 1 had no figure, 1 skipped as malformed
  - line 5.year: '20x4' is not a year
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from hashlib import blake2b
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar, cast

from .._bulk import paused_gc_during, unchecked, unchecked_columns
from .._validate import quoted, show
from ..count import MAX_MAGNITUDE, Count, Qualifier, too_large
from ..countries import CodeSystem, country_code
from ..dataset import Dataset
from ..errors import ErrorDetail, ValidationError
from ..flow import Cohort, Flow, Metric, Movement, Population, PopulationCategory, Sex, Stock
from ..period import Period
from ..place import Place
from ..source import Attribution, Source, SourceKind
from ..units import PERSON
from . import _records
from ._cells import cannot_open, utf8_problem
from ._table import Encoded, Table
from .account import Load, RowAccount, SkippedRow

if TYPE_CHECKING:  # numpy is imported by the columnar path, when a file is read
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "IDMC_SOURCE_ID",
    "TABLES",
    "UNHCR_SOURCE_ID",
    "idmc_source",
    "read_demographics",
    "read_flows",
    "read_idmc",
    "read_population",
    "read_solutions",
    "table_of",
    "unhcr_source",
]

UNHCR_SOURCE_ID: Final = "unhcr-refugee-statistics"
"""Id of the `Source` every UNHCR record is attributed to (unless a reader is given another)."""
IDMC_SOURCE_ID: Final = "idmc-gidd"
"""Id of the `Source` for IDMC's figures, which UNHCR's ``idmc`` table passes on."""

Data = str | os.PathLike[str] | Mapping[str, Any] | Sequence[Mapping[str, Any]]
"""What a reader accepts: a path to a CSV or JSON file, or the decoded JSON of the UNHCR API."""


def unhcr_source() -> Source:
    """The UNHCR Refugee Population Statistics Database, as a `Source` (CC BY 4.0).

    >>> unhcr_source().licence
    'CC BY 4.0'
    """
    return Source(
        UNHCR_SOURCE_ID,
        SourceKind.DATASET,
        publisher="UNHCR, the UN Refugee Agency",
        title="UNHCR Refugee Population Statistics Database",
        url="https://www.unhcr.org/refugee-statistics/",
        licence="CC BY 4.0",
        language="en",
        description="Source: UNHCR Refugee Population Statistics Database (Refugee Data Finder).",
    )


def idmc_source() -> Source:
    """IDMC's Global Internal Displacement Database, whose figures UNHCR's ``idmc`` table reproduces."""
    return Source(
        IDMC_SOURCE_ID,
        SourceKind.DATASET,
        publisher="Internal Displacement Monitoring Centre (IDMC)",
        title="Global Internal Displacement Database",
        url="https://www.internal-displacement.org/database/displacement-data",
        language="en",
    )


# -- reading rows -----------------------------------------------------------------------------

_BAD: Final = object()
"""Marks a cell that failed to parse (its problem is already recorded)."""

_ARROW: bool | None = None
"""Private switch of the columnar path's reader: `pyarrow.csv` when it can be imported (``None``),
or the `csv` module (``False``) even then, as tests and benchmarks/run.py use it to measure and
compare the path without pyarrow. Both give the same dataset and account."""

_NAME_COLUMNS = frozenset({"coo_name", "coo", "coa_name", "coa", "coo_id", "coa_id"})
"""Columns a reader knows but does not need: names and UNHCR codes, given again by the ISO codes."""


class _Rows:
    """The rows of a CSV file or a JSON document, as lists of cells in a chosen column order."""

    def __init__(
        self, data: Data, table: str, columns: Sequence[str], required: Sequence[str], counts: Sequence[str]
    ) -> None:
        self.table = table
        self.columns = list(columns)
        self.required = list(required)
        self.counts = list(counts)
        self.json = False
        self.arrow = _ARROW
        self.ignored: tuple[str, ...] = ()
        self.renamed: dict[str, str] = {}
        """An ISO column the input lacks -> UNHCR's code column read in its place (coo_iso -> coo)."""
        if isinstance(data, Mapping | list | tuple):
            self.source = f"{table} (JSON)"
            self._items = _items(data, self.source)
            self.json = True
        elif isinstance(data, str | os.PathLike):
            self.source = os.path.basename(os.fspath(data)) or os.fspath(data)
            self.path = os.fspath(data)
            if _looks_like_json(self.path):
                self.json = True
                try:
                    with open(self.path, encoding="utf-8-sig") as f:
                        document = json.load(
                            f, parse_float=Decimal, parse_int=_json_int, object_pairs_hook=_json_object
                        )
                except json.JSONDecodeError as exc:
                    raise ValidationError.single(self.source, f"is not valid JSON ({exc})") from None
                except UnicodeDecodeError:  # where, in the file: the error knows only its buffer
                    raise ValidationError.single(self.source, f"is {utf8_problem(self.path)}") from None
                except RecursionError:
                    raise ValidationError.single(self.source, "nests too deep to read") from None
                self._items = _items(document, self.source)
            else:
                self._table = Table(self.path, self.source)
                self.header = [h.strip() for h in self._table.header]
                self._check_header(self.header, "has no column")
        else:
            raise ValidationError.single(
                "data", f"expected a path or decoded UNHCR API JSON, got {_shown(data)}", data
            )
        if self.json:
            names: dict[str, None] = {}
            for item in self._items:
                if isinstance(item, Mapping):
                    names.update(dict.fromkeys(str(k) for k in item))
            if self._items:
                self._check_header(list(names), "the items have no field")

    def _check_header(self, header: list[str], missing_message: str) -> None:
        """Refuse input that lacks this table's columns, or is another UNHCR table."""
        self.renamed = {
            f"{side}_iso": side
            for side in ("coo", "coa")
            if f"{side}_iso" in self.columns and f"{side}_iso" not in header and side in header
        }
        for name in [*self.columns, *self.renamed.values()]:
            if header.count(name) > 1:
                positions = [str(i) for i, h in enumerate(header, 1) if h == name]
                raise ValidationError.single(
                    self.source,
                    f"has the column {name} {len(positions)} times (columns {_several(positions)}): "
                    "which one to read is ambiguous",
                    name,
                )
        missing = [c for c in self.required if c not in header and c not in self.renamed]
        if missing:
            raise ValidationError.single(
                self.source, f"{missing_message} {', '.join(missing)} (found {_names(header)})", missing
            )
        if not any(c in header for c in self.counts):
            raise ValidationError.single(
                self.source, f"has none of the count columns {', '.join(self.counts)}", header
            )
        self.ignored = tuple(
            h or f"column {i} (no name)"  # a column without a name is listed too: it may hold counts
            for i, h in enumerate(header, 1)
            if h not in self.columns and h not in _NAME_COLUMNS
        )
        foreign = sorted({_TABLE_OF[h] for h in self.ignored if h in _TABLE_OF} - {self.table})
        if foreign:
            columns = ", ".join(h for h in self.ignored if h in _TABLE_OF)
            raise ValidationError.single(
                self.source,
                f"has columns of UNHCR's {' or '.join(foreign)} table ({columns}), not of its "
                f"{self.table} table: use read_{foreign[0]}",
                columns,
            )

    def __iter__(self) -> Iterator[tuple[int, int | None, str, list[Any] | None, str | None]]:
        """Yield (row number, line, location, cells, problem) for every data row."""
        if self.json:
            yield from self._json_rows()
        else:
            yield from self._csv_rows()

    def _json_rows(self) -> Iterator[tuple[int, int | None, str, list[Any] | None, str | None]]:
        columns = self.columns
        for i, item in enumerate(self._items):
            where = f"items[{i}]"
            if not isinstance(item, Mapping):
                yield i + 1, None, where, None, f"expected an object, got {_shown(item)}"
                continue
            if item.__class__ is _RepeatedKeys:
                read = [key for key in item.repeated if key in columns]
                if read:
                    problem = f"gives {_several(read)} more than once: which value to read is ambiguous"
                    yield i + 1, None, where, None, problem
                    continue
            yield i + 1, None, where, [item.get(self.renamed.get(c, c)) for c in columns], None

    def _csv_rows(self) -> Iterator[tuple[int, int | None, str, list[Any] | None, str | None]]:
        positions, absent = self._positions()
        for number, line, cells, problem in self._table.rows():
            if cells is None:
                yield number, line, f"line {line}", None, problem
                continue
            row = [cells[p] for p in positions]
            for i in absent:
                row[i] = ""
            yield number, line, f"line {line}", row, None

    def _positions(self) -> tuple[list[int], list[int]]:
        """Where each of `columns` is in the header (``0`` for an absent one), and which are absent."""
        header = self.header
        names = [self.renamed.get(c, c) for c in self.columns]
        positions = [header.index(c) if c in header else 0 for c in names]
        return positions, [i for i, c in enumerate(names) if c not in header]

    def csv_columns(self) -> list[Encoded] | None:
        """Every data row of a CSV file, read in bulk and given as columns (in `columns` order).

        ``None`` for JSON input and for any file that is not plainly regular (`_table.Table.columns`):
        the row by row reader (`_csv_rows`) handles those, with the line of each problem.
        """
        if self.json:
            return None
        positions, absent = self._positions()
        found = self._table.encoded_columns(positions, arrow=self.arrow)
        if found is None:
            return None
        import numpy as np

        for i in absent:
            found[i] = Encoded([""], np.zeros(len(found[0].codes), dtype=np.intp))
        return found


def _looks_like_json(path: str) -> bool:
    """Whether the file at *path* holds JSON (its first character, after white space, opens an
    object or an array); the first look at it, so a path that cannot be opened is refused here,
    as every reader refuses it."""
    try:
        with open(path, "rb") as f:
            head = f.read(64).lstrip(b"\xef\xbb\xbf")
            while head.isspace():  # only white space so far: look further
                head = f.read(1 << 16).lstrip()
            head = head.lstrip()
    except OSError as exc:
        raise cannot_open(path, exc) from None
    return head[:1] in (b"{", b"[")


class _RepeatedKeys(dict[str, Any]):
    """A JSON object that gives some key more than once (`json` keeps the last value): `repeated`."""

    repeated: tuple[str, ...]


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, marked as a `_RepeatedKeys` if it gives a key twice."""
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked = _RepeatedKeys(found)
    times = Counter(key for key, _ in pairs)
    marked.repeated = tuple(key for key, n in times.items() if n > 1)
    return marked


def _json_int(text: str) -> int | Decimal:
    """A JSON integer; a `Decimal` past `int`'s 4,300-digit limit, for the cell checks to refuse."""
    return int(text) if len(text) <= _COUNT_DIGITS + 1 else Decimal(text)


def _several(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _names(header: Sequence[str]) -> str:
    """The column names of a header for a message, bounded."""
    text = ", ".join(header)
    return text if len(text) <= 4 * _SHOWN else f"{text[: 4 * _SHOWN]}... ({len(header):,} columns)"


def _items(document: Any, where: str) -> Sequence[Any]:
    if document.__class__ is _RepeatedKeys and "items" in document.repeated:
        raise ValidationError.single(where, "gives 'items' more than once: which list to read is ambiguous")
    if isinstance(document, Mapping):
        items = document.get("items")
        if not isinstance(items, list):
            raise ValidationError.single(
                where, f"expected an 'items' list as the UNHCR API returns, got {_shown(items)}", items
            )
        return items
    if isinstance(document, list | tuple):
        return document
    raise ValidationError.single(
        where, f"expected a JSON object with 'items', got {_shown(document)}", document
    )


# -- parsing cells ----------------------------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")


class _Cells:
    """Parses the cells of one table, sharing equal values (places, periods, counts) across rows."""

    def __init__(self, json_input: bool, renamed: Mapping[str, str] | None = None) -> None:
        self.json = json_input
        self.renamed = dict(renamed or {})
        self.unhcr_codes: dict[str, str] = {}
        self.places: dict[tuple[str, str | None], Place | str] = {}
        self.good_codes: dict[Any, str] = {}
        self.countries: dict[str, Place] = {}
        self.years: dict[str, int | str] = {}
        self.periods: dict[int, Period] = {}
        self.year_ends: dict[int, date] = {}
        self.counts: dict[int, Count] = {}
        self.populations: dict[tuple[Any, ...], Population] = {}
        self.cohorts: dict[tuple[Any, ...], Cohort] = {}
        self.texts: dict[tuple[Any, ...], str] = {}

    def year(self, value: Any, where: str, errors: list[ErrorDetail]) -> int | None:
        """The year in a cell; ``None`` (and a problem at ``<where>.year``) if it is not one."""
        if value.__class__ is str:
            found = self.years.get(value)
            if found is None:
                found = self.years[value] = _parse_year(value)
        else:  # not cached: True == 1 and Decimal("2024") == 2024 would share an entry
            found = _parse_year(value)
        if found.__class__ is str:
            errors.append(ErrorDetail(f"{where}.year", found, value))
            return None
        return found  # type: ignore[return-value]

    def period(self, year: int) -> Period:
        period = self.periods.get(year)
        if period is None:
            period = self.periods[year] = Period.year(year)
        return period

    def year_end(self, year: int) -> date:
        day = self.year_ends.get(year)
        if day is None:
            day = self.year_ends[year] = date(year, 12, 31)
        return day

    def code(
        self, value: Any, where: str, column: str, errors: list[ErrorDetail], *, aggregate: bool = False
    ) -> str | None:
        """An ISO (or special) code; ``"all"`` for the API's ``-`` (every country) when allowed.

        A problem goes to ``<where>.<column>``. Codes already seen valid are looked up once. In
        a column the input lacks (`_Rows.renamed`), the cell is UNHCR's code of UNHCR's column.
        """
        if column in self.renamed:
            column = self.renamed[column]
            if isinstance(value, str) and value.strip() not in ("", "-") and len(value.strip()) <= _SHOWN:
                found = self.unhcr_codes.get(value)
                if found is None:
                    try:
                        found = self.unhcr_codes[value] = country_code(value, CodeSystem.UNHCR)
                    except ValidationError as exc:
                        errors.append(ErrorDetail(f"{where}.{column}", exc.errors[0].message, value))
                        return None
                value = found
        try:
            return self.good_codes[value]
        except (KeyError, TypeError):
            pass
        path = f"{where}.{column}"
        if isinstance(value, str):
            code = value.strip()
            if code == "-" and self.json:
                if aggregate:
                    return "all"
                errors.append(
                    ErrorDetail(path, "'-' (all countries together) names no single country", value)
                )
                return None
            if len(code) > _SHOWN:  # no code is that long: spare the suggestions and a long message
                errors.append(ErrorDetail(path, f"{_quoted(code)} is not a country code", value))
                return None
            if code:
                place = self.place(code, None)
                if isinstance(place, str):
                    errors.append(ErrorDetail(path, place, value))
                    return None
                self.good_codes[value] = code
                return code
        errors.append(ErrorDetail(path, f"missing country code (got {_shown(value)})", value))
        return None

    def country(self, code: str) -> Place:
        """The place of a code `code` accepted."""
        place = self.countries.get(code)
        if place is None:
            found = self.place(code, None)
            assert isinstance(found, Place)
            place = self.countries[code] = found
        return place

    def place(self, code: str, name: str | None) -> Place | str:
        """The place for *code* (and *name*), or the reason it is not one."""
        key = (code, name)
        found = self.places.get(key)
        if found is None:
            try:
                found = Place(code, name=name)
            except ValidationError as exc:
                found = exc.errors[0].message
            self.places[key] = found
        return found

    def count(self, magnitude: int) -> Count:
        """``Count(magnitude)`` for a number `_number` has checked, made once per number."""
        count = self.counts.get(magnitude)
        if count is None:  # validating a Count costs ~15 µs, and a table has thousands of numbers
            count = self.counts[magnitude] = _make_count(magnitude, PERSON, Qualifier.EXACT, None, None)
        return count

    def population(self, category: PopulationCategory, nationality: str | None) -> Population:
        key = (category, nationality)
        population = self.populations.get(key)
        if population is None:
            population = self.populations[key] = Population(category, nationality=nationality)
        return population

    def text(self, *parts: Any) -> str:
        """One shared string per distinct description."""
        text = self.texts.get(parts)
        if text is None:
            text = self.texts[parts] = " ".join(str(p) for p in parts)
        return text


_COUNT_DIGITS: Final = 18
"""Most digits a count cell may have (leading zeros aside). A larger number is a broken cell (two
cells run together, an id in the wrong column), not a number of people; 18 digits also fit the
64-bit integer columns of numpy, pandas and Arrow. Checking the length first keeps a cell of
thousands of digits from reaching `int`, which refuses strings of more than 4,300 digits."""
_MAX_COUNT: Final = 10**_COUNT_DIGITS - 1
_SAFE_DIGITS: Final = 15
"""A cell of at most this many digits is below `MAX_MAGNITUDE` whatever its digits: the fast path."""


_EXACT_FLOAT: Final = 2**53
"""Integral floats from this on may not be the number that was written (``9007199254740993.0``
is read as ``...992``): a count that large must come as an integer or a string."""

_WRITTEN_NUMBER: Final = re.compile(r"(-?)0*([0-9]*)(?:\.([0-9]*))?")
"""A count as a CSV cell writes it: ASCII digits, perhaps with a decimal part (R writes its doubles
as ``12`` or ``12.0``). No ``+``, ``_``, exponent, ``inf``/``nan`` or other scripts' digits, all of
which `float` and `int` would accept."""
_SHOWN: Final = 40
"""Characters of a bad cell a message quotes: a cell may be megabytes long."""


def _quoted(text: str) -> str:
    """*text* quoted for a message, cut short if long."""
    return quoted(text, _SHOWN)


def _shown(value: Any) -> str:
    """`show`, bounded for the values JSON gives: long strings are cut, huge integers described."""
    if isinstance(value, str):
        return f"{_quoted(value)} (str)"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{_figure(value)} (int)"
    return show(value) if not isinstance(value, Decimal) else _figure(value)


def _cell(value: Any) -> str:
    """A cell for a message: a CSV cell quoted (bounded), a JSON value as `_shown` gives it."""
    return _quoted(value) if isinstance(value, str) else _shown(value)


def _figure(value: float | Decimal) -> str:
    """A JSON number for a message, bounded: a huge integer has no decimal rendering to give."""
    if isinstance(value, int) and not -_MAX_COUNT <= value <= _MAX_COUNT:
        return f"a {'' if value > 0 else 'negative '}number of more than {_COUNT_DIGITS} digits"
    if isinstance(value, Decimal):
        text = str(value)
        return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}... ({len(text):,} characters)"
    return repr(value)


def _parse_year(value: Any) -> int | str:
    """The year in a cell, or the reason it is not one."""
    if isinstance(value, bool):
        return f"{value!r} is not a year"
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        if not 1 <= value <= 9998:  # before `int`: Decimal("1e999999999") is an integer too
            return f"{_figure(value)} is not a year between 1 and 9998"
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return "missing year"
        if not (text.isascii() and text.isdigit()):
            return f"{_quoted(value)} is not a year"
        digits = text.lstrip("0")  # `int` counts leading zeros towards its 4,300-digit limit
        if len(digits) > 4:
            return f"{_quoted(text)} is not a year between 1 and 9998"
        number = int(digits or "0")
    elif value is None:
        return "missing year"
    elif isinstance(value, Decimal):
        return f"{_figure(value)} is not a year"
    else:
        return f"{_shown(value)} is not a year"
    if not 1 <= number <= 9998:
        return f"{_figure(number)} is not a year between 1 and 9998"
    return number


def _number(value: Any, path: str, errors: list[ErrorDetail], json_input: bool) -> Any:
    """A whole, non-negative number of people; ``None`` if not reported; `_BAD` if malformed.

    A text cell is read exactly (never through `float`): ``12.0`` is 12, ``12.5`` is not a whole
    number, and a number of more than `_COUNT_DIGITS` digits is malformed.
    """
    if isinstance(value, str):
        if value.isascii() and value.isdigit() and len(value) <= _SAFE_DIGITS:
            return int(value)
        text = value.strip()
        if not text or (json_input and text == "-"):
            return None
        written = _WRITTEN_NUMBER.fullmatch(text)
        if written is None or text in ("-", ".", "-."):
            message = f"{_quoted(value)} is not a whole number"
        else:
            minus, digits, decimals = written.groups()
            if decimals and decimals.strip("0"):
                message = f"{_quoted(value)} is " + ("negative" if minus else "not a whole number of people")
            elif minus:
                message = f"{_quoted(value)} is " + ("negative" if digits else "zero with a minus sign")
            elif len(digits) > _COUNT_DIGITS:
                message = f"{_quoted(value)} has more than {_COUNT_DIGITS} digits: too many for a count"
            elif int(digits or "0") > MAX_MAGNITUDE:
                message = too_large(_quoted(value))
            else:
                return int(digits) if digits else 0  # "12.0": a whole number as R writes doubles
        errors.append(ErrorDetail(path, message, value))
        return _BAD
    if value is None:
        return None
    if isinstance(value, bool):
        errors.append(ErrorDetail(path, f"{value!r} is not a number", value))
        return _BAD
    if isinstance(value, int):
        if value < 0:
            errors.append(ErrorDetail(path, f"{_figure(value)} is negative", value))
            return _BAD
        if value > _MAX_COUNT:
            errors.append(ErrorDetail(path, f"{_figure(value)} is too large for a count", value))
            return _BAD
        if value > MAX_MAGNITUDE:
            errors.append(ErrorDetail(path, too_large(_figure(value)), value))
            return _BAD
        return value
    if isinstance(value, float | Decimal):
        if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
            errors.append(ErrorDetail(path, f"{_figure(value)} is not a finite number", value))
            return _BAD
        if value < 0:
            errors.append(ErrorDetail(path, f"{_figure(value)} is negative", value))
            return _BAD
        if value > _MAX_COUNT:  # before `int` and `to_integral_value`: Decimal("1e999999999")
            errors.append(ErrorDetail(path, f"{_figure(value)} is too large for a count", value))
            return _BAD
        if value != int(value):
            errors.append(ErrorDetail(path, f"{_figure(value)} is not a whole number of people", value))
            return _BAD
        if isinstance(value, float) and value >= _EXACT_FLOAT:
            errors.append(
                ErrorDetail(
                    path,
                    f"{value!r} is a float above 2**53, which may not be the number written: "
                    "give it as an integer or a string",
                    value,
                )
            )
            return _BAD
        if value > MAX_MAGNITUDE:
            errors.append(ErrorDetail(path, too_large(_figure(value)), value))
            return _BAD
        return int(value)
    errors.append(ErrorDetail(path, f"{_shown(value)} is not a number", value))
    return _BAD


C = TypeVar("C")


def _counts(
    row: list[Any], columns: Sequence[tuple[int, C]], where: str, errors: list[ErrorDetail], json_input: bool
) -> Iterator[tuple[int, Any, C]]:
    """``(number, cell, column)`` for each count cell of *row* that holds a valid number.

    *columns* pairs the position of each count cell in the row with what the reader knows of its
    column. An empty cell is not reported and is passed over; a malformed one adds its problem
    to *errors* (at ``<where>.<name>``, the name first in the column's tuple) and is passed over.
    """
    for position, column in columns:
        value = row[position]
        if value == "" or value is None:
            continue
        if value.__class__ is str and value.isdigit() and value.isascii() and len(value) <= _SAFE_DIGITS:
            yield int(value), value, column
            continue
        number = _number(value, f"{where}.{column[0]}", errors, json_input)  # type: ignore[index]
        if number is not None and number is not _BAD:
            yield number, value, column


# -- the shared loop --------------------------------------------------------------------------


def _load(
    rows: _Rows,
    handle: Callable[[list[Any], str, list[ErrorDetail]], tuple[list[Any], tuple[Any, ...] | None]],
    *,
    kind: str,
    sources: tuple[Source, ...],
    strict: bool,
    zeros: Callable[[], int] = lambda: 0,
    combine: Callable[[list[Any]], list[Any]] | None = None,
    admit: Callable[[list[Any], str, list[ErrorDetail]], None] | None = None,
) -> Load:
    """Run *handle* over every row, account for it, and build the dataset.

    *handle* returns the records of a row (none for a row without figures: a blank row) and the
    row's parsed key (year, countries...), which no other row may repeat; it appends problems to
    the list it is given instead of raising. With *combine*, what *handle* returns are parts of
    records, and *combine* makes the records of all the loaded rows' parts at the end (several
    rows may make one record: the account's ``records`` counts what *combine* made). *admit* is
    given what *handle* made of a row that is otherwise sound (no problem, no repeat), to check
    it against the rows loaded before it: it appends a problem to skip the row, or else takes
    the row's parts into account (a running sum).
    """
    records: list[Any] = []
    skipped: list[SkippedRow] = []
    seen: dict[tuple[Any, ...], int | str] = {}
    count = loaded = blank = 0
    for number, line, where, cells, problem in rows:
        count += 1
        if cells is None:
            skipped.append(SkippedRow(number, line, (ErrorDetail(where, problem or "unreadable row", None),)))
            continue
        errors: list[ErrorDetail] = []
        made, row_key = handle(cells, where, errors)
        if not errors and row_key is not None:
            first = seen.get(row_key)
            if first is not None:
                errors.append(
                    ErrorDetail(where, f"repeats {first} (the same {_describe_key(row_key)})", None)
                )
        if not errors and admit is not None:
            admit(made, where, errors)
        if not errors and row_key is not None:
            seen[row_key] = where
        if errors:
            skipped.append(SkippedRow(number, line, tuple(errors)))
        elif made:
            records.extend(made)
            loaded += 1
        else:
            blank += 1
    if combine is not None:
        records = combine(records)
    account = RowAccount(
        rows.source,
        rows=count,
        loaded=loaded,
        blank=blank,
        records=len(records),
        skipped=tuple(skipped),
        zeros_skipped=zeros(),
        ignored_columns=rows.ignored,
    )
    return _finish(account, records, kind=kind, sources=sources, strict=strict)


def _finish(
    account: RowAccount, records: list[Any], *, kind: str, sources: tuple[Source, ...], strict: bool
) -> Load:
    """The dataset of *records* with *account*, or the account's problems raised if *strict*."""
    if strict:
        account.raise_for_problems()
    try:
        dataset = Dataset(sources=sources, references="strict", **{kind: records})
    except ValidationError as exc:  # only possible if two rows derive the same id
        raise ValidationError(
            exc.errors, title=f"{account.source}: the records do not form a dataset"
        ) from None
    return Load(dataset, account)


def _describe_key(key: tuple[Any, ...]) -> str:
    return "year, origin and asylum country" if len(key) == 3 else "year, countries, type and location"


# -- the columnar path: a clean CSV file at once -------------------------------------------------
#
# Most of a row by row load is Python work per row and per cell. A clean file (the usual case)
# is read at once instead, each column as its distinct cells and an array of which one each row
# holds (`_table.Encoded`): each distinct cell is validated once, with the same helpers, and the
# records are made a field at a time over all of them, their parts picked from small tables by
# numpy. Any problem at all sends the whole file back to the row by row path (`_load`), which
# stays the reference: it finds every problem with its line, and the columnar path gives exactly
# what it gives on a clean file (tests/test_unhcr_columnar.py compares the two).

T = TypeVar("T")


def _parsed(
    words: Sequence[str], parse: Callable[[str, list[ErrorDetail]], T | None]
) -> list[T | None] | None:
    """Each of *words* parsed, or ``None`` if any has a problem (*parse* appends it to the list it
    is given, as the row path's helpers do)."""
    parsed: list[T | None] = []
    errors: list[ErrorDetail] = []
    for word in words:
        parsed.append(parse(word, errors))
        if errors:
            return None
    return parsed


def _objects(values: Iterable[Any]) -> npt.NDArray[np.object_]:
    """A one-dimensional numpy array of *values*, as they are (a tuple stays one element)."""
    import numpy as np

    items = list(values)
    array = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        array[i] = item
    return array


class _Grid:
    """A clean table's rows, and where each record comes from: its row and its count column.

    Records come in the row path's order: row after row, and the columns of a row in order.
    Every year and code cell is written as the row path reads it (``2020``, ``SYR``), so a cell
    stands for its value: `year_words` and the others hold the distinct cells, and `rows` and
    `columns` the row and the count column of each record.
    """

    def __init__(
        self,
        table: str,
        encoded: Sequence[Encoded],
        years: list[int],
        rows: npt.NDArray[np.intp],
        columns: npt.NDArray[np.intp],
        counts: list[Count],
        zeros: int,
        loaded: int,
        sums: Mapping[int, str] | None = None,
    ) -> None:
        (self.year_words, year_codes), (self.coo_words, coo_codes), (self.coa_words, coa_codes) = encoded
        self.table = table
        self.height = len(year_codes)
        self.years = years
        self.rows = rows
        self.columns = columns
        self.counts = counts
        self.zeros = zeros
        self.loaded = loaded
        """How many rows have a figure in a record (counted before the cells of several rows
        were made one record: `rows` then no longer holds them all)."""
        self.sums = dict(sums or {})
        """The records that several rows' cells add up to (`_add_up`), with their descriptions."""
        self.year_of = year_codes[rows]
        """Each record's index in `year_words` (and `years`); `coo_of` and `coa_of` likewise."""
        self.coo_of = coo_codes[rows]
        self.coa_of = coa_codes[rows]

    def each_column(self, by_column: Sequence[T]) -> list[T] | itertools.repeat[T]:
        """Each record's value from a list of one value per count column."""
        if all(value is by_column[0] for value in by_column):
            return itertools.repeat(by_column[0])
        return _objects(by_column)[self.columns].tolist()  # type: ignore[no-any-return]

    def by_year(self, make: Callable[[int], T]) -> list[T]:
        """Each record's value of its row's year, made once a year."""
        return _objects(map(make, self.years))[self.year_of].tolist()  # type: ignore[no-any-return]

    def ids(self, names: Sequence[str], added: int | None = None) -> list[str]:
        """Each record's id: ``unhcr-<table>-<year>-<coo>-<coa>-<name of its column>``, without
        ``<coa>-`` in the column *added* (whose cells of one year and origin make one record)."""
        import numpy as np

        years = _objects(f"unhcr-{self.table}-{word}-" for word in self.year_words)[self.year_of]
        origins = _objects(word + "-" for word in self.coo_words)[self.coo_of]
        asylum_of = self.coa_of
        if added is not None:
            asylum_of = np.where(self.columns == added, len(self.coa_words), asylum_of)
        asylums = _objects([*(word + "-" for word in self.coa_words), ""])[asylum_of]
        parts = zip(
            years.tolist(),
            origins.tolist(),
            asylums.tolist(),
            _objects(names)[self.columns].tolist(),
            strict=True,
        )
        return list(map("".join, parts))

    def places(self, cells: _Cells, sides: Sequence[str], unknown: Place | None = None) -> list[Place]:
        """Each record's place: per count column, its row's ``"coo"`` or ``"coa"`` country, or
        *unknown* (``"unknown"``)."""
        import numpy as np

        origins = [cells.country(code) for code in self.coo_words]
        asylums = [cells.country(code) for code in self.coa_words]
        if all(side == sides[0] for side in sides) and sides[0] != "unknown":
            chosen = self.coo_of if sides[0] == "coo" else self.coa_of
            return _objects(origins if sides[0] == "coo" else asylums)[chosen].tolist()  # type: ignore[no-any-return]
        table = _objects([*origins, *asylums, unknown])
        side = np.array([("coo", "coa", "unknown").index(s) for s in sides])[self.columns]
        where = np.where(
            side == 0, self.coo_of, np.where(side == 1, self.coa_of + len(origins), len(table) - 1)
        )
        return table[where].tolist()  # type: ignore[no-any-return]

    def populations(self, cells: _Cells, categories: Sequence[PopulationCategory]) -> list[Population]:
        """Each record's population: its column's category, of the row's origin nationality."""
        import numpy as np

        pairs = self.coo_of.astype(np.int64) * len(categories) + self.columns
        used = np.zeros(len(self.coo_words) * len(categories), dtype=bool)
        used[pairs] = True
        table = np.full(len(used), None, dtype=object)
        for pair in np.flatnonzero(used).tolist():  # made only where a record needs it, as rows do
            code, category = divmod(pair, len(categories))
            table[pair] = cells.population(categories[category], self.coo_words[code])
        return table[pairs].tolist()  # type: ignore[no-any-return]

    def returns(self, cells: _Cells, returned: Sequence[bool]) -> list[str | None]:
        """Each record's description: for the columns *returned* marks, ``returned in <year>
        from <coa>`` (or, for a record that several rows add up to, `_returned`); ``None`` for
        the others."""
        import numpy as np

        descriptions = np.full(len(self.rows), None, dtype=object)
        marked = np.array(returned, dtype=bool)[self.columns]
        if marked.any():
            pairs = self.year_of[marked].astype(np.int64) * len(self.coa_words) + self.coa_of[marked]
            distinct, which = np.unique(pairs, return_inverse=True)
            texts = _objects(
                cells.text(
                    "returned in",
                    self.years[pair // len(self.coa_words)],
                    "from",
                    self.coa_words[pair % len(self.coa_words)],
                )
                for pair in distinct.tolist()
            )
            descriptions[marked] = texts[which.reshape(-1)]
        for record, text in self.sums.items():
            descriptions[record] = text
        return descriptions.tolist()


def _distinct_rows(*columns: Encoded) -> int:
    """How many distinct rows *columns* make together."""
    import numpy as np

    sizes = [len(column.words) for column in columns]
    if math.prod(sizes) >= 1 << 62:  # too many for one integer key (each column would be huge)
        return len(set(zip(*(column.codes.tolist() for column in columns), strict=True)))
    keys = np.zeros(len(columns[0].codes), dtype=np.int64)
    for size, column in zip(sizes, columns, strict=True):
        keys = keys * size + column.codes
    if math.prod(sizes) > max(1 << 22, 64 * len(keys)):
        return len(np.unique(keys))
    marks = np.zeros(math.prod(sizes), dtype=bool)  # a byte for every possible row: quicker
    marks[keys] = True
    return int(np.count_nonzero(marks))


def _grid(
    rows: _Rows,
    cells: _Cells,
    table: str,
    *,
    skip_zeros: bool,
    own: Sequence[bool],
    added: int | None = None,
) -> _Grid | None:
    """The rows of a clean CSV file, parsed; ``None`` unless every row would load as it is.

    ``None`` when `_Rows.csv_columns` gives up, for any cell the row path would find wrong or
    read other than as written (`` SYR``), for two rows of the same year and countries, and
    for a non-zero count in a column that *own* marks (internally displaced people) whose
    countries of origin and asylum differ. The cells of the count column *added* (returned
    refugees) of one year and origin make one record (`_add_up`); ``None`` if a sum passes a
    count's range.
    """
    encoded = rows.csv_columns()
    if encoded is None:
        return None
    import numpy as np

    year, coo, coa, *count_columns = encoded
    years = _parsed(year.words, lambda value, errors: cells.year(value, "", errors))
    coos = _parsed(coo.words, lambda value, errors: cells.code(value, "", "coo_iso", errors))
    coas = _parsed(coa.words, lambda value, errors: cells.code(value, "", "coa_iso", errors))
    if years is None or coos is None or coas is None:
        return None
    if (
        any(str(value) != word for word, value in zip(year.words, years, strict=True))
        or any(value != word for word, value in zip(coo.words, coos, strict=True))
        or any(value != word for word, value in zip(coa.words, coas, strict=True))
    ):
        return None
    height = len(year.codes)
    if _distinct_rows(year, coo, coa) != height:  # a repeated row: the same year and countries
        return None
    kept = np.zeros((height, len(count_columns)), dtype=bool)  # the cells that make a record
    codes = np.zeros((height, len(count_columns)), dtype=np.intp)  # each cell's index in `shared`
    shared: list[Count | None] = []  # each column's distinct cells' counts, one column after another
    values: list[int] = []  # and their numbers
    zeros = 0
    differ: npt.NDArray[np.bool_] | None = None  # the rows whose two countries differ
    for j, column in enumerate(count_columns):
        numbers = _parsed(
            column.words, lambda value, errors: _number(value, "", errors, False) if value else None
        )
        if numbers is None:
            return None
        if any(number is None for word, number in zip(column.words, numbers, strict=True) if word):
            return None  # only spaces: not reported
        if own[j]:
            if differ is None:  # in one numbering of both columns' codes
                numbering = {code: i for i, code in enumerate(dict.fromkeys([*coo.words, *coa.words]))}
                differ = (
                    np.array([numbering[w] for w in coo.words], dtype=np.intp)[coo.codes]
                    != np.array([numbering[w] for w in coa.words], dtype=np.intp)[coa.codes]
                )
            if (np.array([bool(number) for number in numbers], dtype=bool)[column.codes] & differ).any():
                return None
        keep = np.array(
            [number is not None and not (skip_zeros and number == 0) for number in numbers], dtype=bool
        )
        if skip_zeros:
            zero = np.array([number == 0 for number in numbers], dtype=bool)
            zeros += int(np.count_nonzero(zero[column.codes]))
        kept[:, j] = keep[column.codes]
        codes[:, j] = column.codes + len(shared)
        shared += [None if number is None else cells.count(number) for number in numbers]
        values += [number or 0 for number in numbers]
    at_row, at_column = np.nonzero(kept)  # row after row, and the columns of a row in order
    loaded = int(np.count_nonzero(np.diff(at_row, prepend=-1))) if len(at_row) else 0
    picked = codes[at_row, at_column]
    sums: dict[int, str] = {}
    if added is not None and (at_column == added).any():
        found = _add_up(
            cells, year, coo, coa, cast("list[int]", years), at_row, at_column, picked, values, added
        )
        if found is None:
            return None
        keep, totals, sums = found
        at_row, at_column, picked = at_row[keep], at_column[keep], picked[keep]
        shared += totals
        picked[list(sums)] = np.arange(len(shared) - len(totals), len(shared))
    counts = _objects(shared)[picked].tolist()
    encoded_keys = (year, coo, coa)
    return _Grid(
        table, encoded_keys, cast("list[int]", years), at_row, at_column, counts, zeros, loaded, sums
    )


def _add_up(
    cells: _Cells,
    year: Encoded,
    coo: Encoded,
    coa: Encoded,
    years: list[int],
    at_row: npt.NDArray[np.intp],
    at_column: npt.NDArray[np.intp],
    picked: npt.NDArray[np.intp],
    values: list[int],
    added: int,
) -> tuple[npt.NDArray[np.bool_], list[Count | None], dict[int, str]] | None:
    """The records of the column *added* of one year and origin made one, as the row path's
    ``combine`` does: which records to keep (the first of each year and origin), the counts of
    those that several records add up to, and their positions among the records kept with their
    descriptions; ``None`` if a sum passes a count's range (the row path names the row)."""
    import numpy as np

    marked = at_column == added
    at = np.flatnonzero(marked)
    rows_of = at_row[at]
    keys = year.codes[rows_of].astype(np.int64) * len(coo.words) + coo.codes[rows_of]
    _, first, group = np.unique(keys, return_index=True, return_inverse=True)
    group = group.reshape(-1)
    numbers = np.array(values, dtype=np.int64)[picked[at]]
    # summed as floats: exact while below 2**53 (each partial sum is at most the whole), and at
    # least 2**53 when the exact sum is, as rounding keeps the order
    sums = np.bincount(group, weights=numbers, minlength=len(first))
    if len(sums) and sums.max() > MAX_MAGNITUDE:
        return None
    sizes = np.bincount(group, minlength=len(first))
    keep = ~marked
    keep[at[first]] = True
    several = np.flatnonzero(sizes > 1)
    if not len(several):
        return keep, [], {}
    position = np.cumsum(keep) - 1  # each kept record's place among the kept
    none = np.bincount(group, weights=numbers == 0, minlength=len(first))
    listed: dict[int, list[tuple[str, int]]] = {int(g): [] for g in several.tolist()}
    with_people = np.flatnonzero((numbers > 0) & (sizes[group] > 1))
    for g, row, number in zip(
        group[with_people].tolist(), rows_of[with_people].tolist(), numbers[with_people].tolist(), strict=True
    ):
        listed[g].append((coa.words[coa.codes[row]], number))
    totals: list[Count | None] = []
    descriptions: dict[int, str] = {}
    for g, parts in listed.items():
        totals.append(cells.count(int(sums[g])))
        year_of = years[year.codes[rows_of[first[g]]]]
        descriptions[int(position[at[first[g]]])] = cells.text(_returned(year_of, parts, int(none[g])))
    return keep, totals, descriptions


def _grid_load(
    rows: _Rows, grid: _Grid, records: list[Any], *, kind: str, sources: tuple[Source, ...], strict: bool
) -> Load:
    """`_finish` for the columnar path: every row loaded, or blank."""
    account = RowAccount(
        rows.source,
        rows=grid.height,
        loaded=grid.loaded,
        blank=grid.height - grid.loaded,
        records=len(records),
        zeros_skipped=grid.zeros,
        ignored_columns=rows.ignored,
    )
    return _finish(account, records, kind=kind, sources=sources, strict=strict)


def _start(
    data: Data, table: str, columns: Sequence[str], counts: Sequence[str], extra_required: Sequence[str] = ()
) -> _Rows:
    return _Rows(data, table, columns, ("year", "coo_iso", "coa_iso", *extra_required), counts)


def _sources(source: Source | None, *more: Source) -> tuple[Source, ...]:
    return (_records.source(source, unhcr_source), *more)


# -- flows ------------------------------------------------------------------------------------

_make_count: Final = unchecked(Count)
_make_flow: Final = unchecked(Flow)
_make_stock: Final = unchecked(Stock)
_make_flows: Final = unchecked_columns(Flow)
_make_stocks: Final = unchecked_columns(Stock)

# column -> (category, movement, metric, direction); direction: "out" coo -> coa, "back" coa -> coo,
# "resettled" unknown first-asylum country -> coa.
_FLOW_COLUMNS: Final = {
    "refugees": (PopulationCategory.REFUGEES, Movement.CROSS_BORDER, Metric.ARRIVALS, "out"),
    "asylum_seekers": (PopulationCategory.ASYLUM_SEEKERS, Movement.CROSS_BORDER, Metric.APPLICATIONS, "out"),
    "refugee_like": (PopulationCategory.REFUGEE_LIKE, Movement.CROSS_BORDER, Metric.ARRIVALS, "out"),
    "oip": (
        PopulationCategory.OTHERS_IN_NEED_OF_INTERNATIONAL_PROTECTION,
        Movement.CROSS_BORDER,
        Metric.ARRIVALS,
        "out",
    ),
}
_SOLUTION_COLUMNS: Final = {
    "returned_refugees": (PopulationCategory.RETURNED_REFUGEES, Movement.RETURN, Metric.ARRIVALS, "back"),
    "resettlement": (PopulationCategory.REFUGEES, Movement.RESETTLEMENT, Metric.ARRIVALS, "resettled"),
    "naturalisation": (
        PopulationCategory.REFUGEES,
        Movement.LOCAL_INTEGRATION,
        Metric.NATURALISATIONS,
        "out",
    ),
    "returned_idps": (PopulationCategory.RETURNED_IDPS, Movement.RETURN, Metric.ARRIVALS, "back"),
}


@paused_gc_during  # a record per cell: see displacement._bulk
def _read_flow_table(
    data: Data,
    table: str,
    spec: Mapping[str, tuple[PopulationCategory, Movement, Metric, str]],
    *,
    strict: bool,
    source: Source | None,
    columnar: bool = True,
) -> Load:
    names = list(spec)
    rows = _start(data, table, ["year", "coo_iso", "coa_iso", *names], names)
    sources = _sources(source)
    attributions = (Attribution(sources[0].id),)
    cells = _Cells(rows.json, rows.renamed)
    plain: dict[str, Any] = {"attributions": attributions}  # every record's; the rest keep their defaults
    json_input = rows.json
    columns = [
        (i + 3, (name, category, movement, metric, direction, category is PopulationCategory.RETURNED_IDPS))
        for i, (name, (category, movement, metric, direction)) in enumerate(spec.items())
    ]
    unknown = cells.country("UNK")
    own = [internal for _, (*_, internal) in columns]
    grid = _grid(rows, cells, table, skip_zeros=False, own=own) if columnar else None
    if grid is not None:
        flows = _grid_flows(grid, cells, spec, unknown, attributions)
        return _grid_load(rows, grid, flows, kind="flows", sources=sources, strict=strict)

    def handle(
        row: list[Any], where: str, errors: list[ErrorDetail]
    ) -> tuple[list[Any], tuple[Any, ...] | None]:
        year = cells.year(row[0], where, errors)
        coo = cells.code(row[1], where, "coo_iso", errors)
        coa = cells.code(row[2], where, "coa_iso", errors)
        values = []
        for number, _, (name, category, movement, metric, direction, internal) in _counts(
            row, columns, where, errors, json_input
        ):
            if internal and number and coo != coa:
                errors.append(
                    ErrorDetail(
                        f"{where}.{name}",
                        f"{number} internally displaced people cannot return from {coa} to {coo}: "
                        "the two countries must be the same",
                        number,
                    )
                )
                continue
            values.append((number, name, category, movement, metric, direction))
        if errors or year is None or coo is None or coa is None:
            return [], None
        origin_place = cells.country(coo)
        asylum_place = cells.country(coa)
        period = cells.period(year)
        prefix = f"unhcr-{table}-{year}-{coo}-{coa}-"
        made = []
        for number, name, category, movement, metric, direction in values:
            if direction == "out":
                origin, destination = origin_place, asylum_place
            elif direction == "back":
                origin, destination = asylum_place, origin_place
            else:
                origin, destination = unknown, asylum_place
            made.append(
                _make_flow(  # every part is valid by construction: see _bulk.unchecked
                    id=prefix + name,
                    origin=origin,
                    movement=movement,
                    destination=destination,
                    population=cells.population(category, coo),
                    count=cells.count(number),
                    period=period,
                    metric=metric,
                    **plain,
                )
            )
        return made, (year, coo, coa)

    return _load(rows, handle, kind="flows", sources=sources, strict=strict)


def _grid_flows(
    grid: _Grid,
    cells: _Cells,
    spec: Mapping[str, tuple[PopulationCategory, Movement, Metric, str]],
    unknown: Place,
    attributions: tuple[Attribution, ...],
) -> list[Flow]:
    """The flows of a clean table, made as the row path's ``handle`` makes them."""
    ends = {"out": ("coo", "coa"), "back": ("coa", "coo"), "resettled": ("unknown", "coa")}
    directions = [ends[direction] for *_, direction in spec.values()]
    return _make_flows(
        len(grid.rows),
        id=grid.ids(list(spec)),
        origin=grid.places(cells, [origin for origin, _ in directions], unknown),
        movement=grid.each_column([movement for _, movement, _, _ in spec.values()]),
        destination=grid.places(cells, [destination for _, destination in directions], unknown),
        population=grid.populations(cells, [category for category, *_ in spec.values()]),
        count=grid.counts,
        period=grid.by_year(cells.period),
        metric=grid.each_column([metric for _, _, metric, _ in spec.values()]),
        attributions=itertools.repeat(attributions),
    )


def read_flows(data: Data, *, strict: bool = False, source: Source | None = None) -> Load:
    """Read UNHCR's ``flows.csv`` (people newly displaced in a year) into `Flow` records.

    Each non-empty count cell becomes one flow from the country of origin (``coo_iso``) to the
    country of asylum (``coa_iso``) over the calendar year, at year precision:

    ==================  ==============================================  =================
    column              population category                             metric
    ==================  ==============================================  =================
    ``refugees``        ``REFUGEES``                                    ``ARRIVALS``
    ``asylum_seekers``  ``ASYLUM_SEEKERS``                              ``APPLICATIONS``
    ``refugee_like``    ``REFUGEE_LIKE``                                ``ARRIVALS``
    ``oip``             ``OTHERS_IN_NEED_OF_INTERNATIONAL_PROTECTION``  ``ARRIVALS``
    ==================  ==============================================  =================

    All are `Movement.CROSS_BORDER`; the population's nationality is the origin code. *data* is a
    path to a CSV or JSON file, or decoded UNHCR API JSON. *source* replaces `unhcr_source` as the
    source every flow is attributed to (to record the release you downloaded, say). With
    *strict*, a malformed row raises `ValidationError` instead of being skipped.
    """
    return _read_flow_table(data, "flows", _FLOW_COLUMNS, strict=strict, source=source)


def read_solutions(data: Data, *, strict: bool = False, source: Source | None = None) -> Load:
    """Read UNHCR's ``solutions.csv`` (durable solutions in a year) into `Flow` records.

    UNHCR's country of asylum means something different in each column, and the flows follow it:

    - ``returned_refugees``: `Movement.RETURN` from the country of asylum back to the country of
      origin (category ``RETURNED_REFUGEES``, metric ``ARRIVALS``);
    - ``resettlement``: `Movement.RESETTLEMENT` to the country of asylum, which is the country of
      resettlement. The table does not say which country they left, so the origin is ``UNK``; their
      nationality is the country of origin (category ``REFUGEES``, metric ``ARRIVALS``);
    - ``naturalisation``: `Movement.LOCAL_INTEGRATION` of refugees from the country of origin
      naturalised in the country of asylum (metric ``NATURALISATIONS``);
    - ``returned_idps``: `Movement.RETURN` within one country (category ``RETURNED_IDPS``).

    Arguments as for `read_flows`.
    """
    return _read_flow_table(data, "solutions", _SOLUTION_COLUMNS, strict=strict, source=source)


# -- stocks -----------------------------------------------------------------------------------

# column -> (category, where): "coa" the country of asylum, "coo" the country of origin (returnees),
# "own" the country of asylum, which must be the country of origin (internally displaced people).
_POPULATION_COLUMNS: Final = {
    "refugees": (PopulationCategory.REFUGEES, "coa"),
    "asylum_seekers": (PopulationCategory.ASYLUM_SEEKERS, "coa"),
    "returned_refugees": (PopulationCategory.RETURNED_REFUGEES, "coo"),
    "idps": (PopulationCategory.IDPS, "own"),
    "returned_idps": (PopulationCategory.RETURNED_IDPS, "own"),
    "stateless": (PopulationCategory.STATELESS, "coa"),
    "ooc": (PopulationCategory.OTHERS_OF_CONCERN, "coa"),
    "oip": (PopulationCategory.OTHERS_IN_NEED_OF_INTERNATIONAL_PROTECTION, "coa"),
    "hst": (PopulationCategory.HOST_COMMUNITY, "coa"),
}


_IDMC_COLUMNS: Final = {"total": (PopulationCategory.IDPS, "own")}


class _Return(NamedTuple):
    """One row's cell of returned refugees: a part of the people of its origin who returned in
    its year (from its country of asylum), which `read_population` adds to the other parts."""

    key: tuple[int, str]
    """(year, origin): the stock the part belongs to."""
    asylum: str
    """The country they returned from."""
    number: int
    name: str
    """The column: ``returned_refugees``."""
    category: PopulationCategory


def _returned(year: int, listed: Sequence[tuple[str, int]], none: int) -> str:
    """The description of a stock of returned refugees that several rows add up to: the countries
    they returned from with their figures (*listed*, in the rows' order), and how many rows of
    other countries report none."""
    parts = [f"from {asylum}: {_people(number)}" for asylum, number in listed]
    if none:
        other = "other " if parts else ""
        parts.append(f"none from {none} {other}{'country' if none == 1 else 'countries'}")
    return f"returned in {year} {'; '.join(parts)}" if listed else f"returned in {year}: {parts[0]}"


def _people(number: int) -> str:
    return "1 person" if number == 1 else f"{number:,} people"


@paused_gc_during
def _read_stock_table(
    data: Data,
    table: str,
    spec: Mapping[str, tuple[PopulationCategory, str]],
    *,
    strict: bool,
    source: Source | None,
    skip_zeros: bool,
    idmc: bool = False,
    columnar: bool = True,
) -> Load:
    if not isinstance(skip_zeros, bool):
        raise ValidationError.single(
            "skip_zeros", f"expected True or False, got {_shown(skip_zeros)}", skip_zeros
        )
    names = list(spec)
    rows = _start(data, table, ["year", "coo_iso", "coa_iso", *names], names)
    sources = _sources(source, idmc_source()) if idmc else _sources(source)
    attributions = (
        (Attribution(sources[0].id, attributed_to=(IDMC_SOURCE_ID,)),)
        if idmc
        else (Attribution(sources[0].id),)
    )
    cells = _Cells(rows.json, rows.renamed)
    plain: dict[str, Any] = {"attributions": attributions}  # every record's; the rest keep their defaults
    json_input = rows.json
    columns = [(i + 3, (name, *spec[name])) for i, name in enumerate(names)]
    own = [place_rule == "own" for _, (*_, place_rule) in columns]
    # returned refugees: the cells of one year and origin are parts of one stock
    added = next((i for i, (_, (*_, place_rule)) in enumerate(columns) if place_rule == "coo"), None)
    grid = _grid(rows, cells, table, skip_zeros=skip_zeros, own=own, added=added) if columnar else None
    if grid is not None:
        stocks = _grid_stocks(grid, cells, spec, attributions, idmc=idmc, added=added)
        return _grid_load(rows, grid, stocks, kind="stocks", sources=sources, strict=strict)
    zeros = 0

    def handle(
        row: list[Any], where: str, errors: list[ErrorDetail]
    ) -> tuple[list[Any], tuple[Any, ...] | None]:
        nonlocal zeros
        year = cells.year(row[0], where, errors)
        coo = cells.code(row[1], where, "coo_iso", errors, aggregate=True)
        coa = cells.code(row[2], where, "coa_iso", errors)
        values = []
        row_zeros = 0
        for number, value, (name, category, place_rule) in _counts(row, columns, where, errors, json_input):
            if number == 0 and skip_zeros:
                row_zeros += 1
                continue
            if place_rule == "own" and number and coo is not None and coa is not None and coo != coa:
                errors.append(
                    ErrorDetail(
                        f"{where}.{name}",
                        f"{number} internally displaced people counted in {coa} with origin {coo}: "
                        "they are displaced within their own country",
                        number,
                    )
                )
                continue
            if place_rule == "coo" and coo == "all":
                errors.append(
                    ErrorDetail(
                        f"{where}.{name}",
                        "returned refugees are counted in their country of origin, which is '-' (all)",
                        value,
                    )
                )
                continue
            values.append((number, name, category, place_rule))
        if errors or year is None or coo is None or coa is None:
            return [], None
        zeros += row_zeros
        nationality = None if coo == "all" else coo
        asylum = cells.country(coa)
        as_of = cells.year_end(year)
        prefix = f"unhcr-{table}-{year}-{coo}-{coa}-"
        made: list[Stock | _Return] = []
        for number, name, category, place_rule in values:
            if place_rule == "coo":  # a part of its origin's returnees: `combine` adds them up
                made.append(_Return((year, coo), coa, number, name, category))
                continue
            made.append(
                _make_stock(  # every part is valid by construction: see _bulk.unchecked
                    id=prefix + ("idps" if idmc else name),
                    place=asylum,
                    population=cells.population(category, nationality),
                    count=cells.count(number),
                    as_of=as_of,
                    **plain,
                )
            )
        return made, (year, coo, coa)

    returned: dict[tuple[int, str], int] = {}  # the returnees of each (year, origin) loaded so far

    def admit(made: list[Any], where: str, errors: list[ErrorDetail]) -> None:
        """Add a sound row's returnees to their origin's, unless the sum would pass a count's range."""
        for part in made:
            if part.__class__ is _Return:
                so_far = returned.get(part.key, 0)
                if so_far + part.number > MAX_MAGNITUDE:
                    errors.append(
                        ErrorDetail(
                            f"{where}.{part.name}",
                            f"{part.number:,} returned refugees with the {so_far:,} of this origin's "
                            "rows before it: " + too_large(so_far + part.number),
                            part.number,
                        )
                    )
                    return
                returned[part.key] = so_far + part.number

    def combine(made: list[Any]) -> list[Stock]:
        """The stocks, those of returned refugees one for each (year, origin), where its first part was."""
        groups: dict[tuple[int, str], list[_Return]] = {}
        placed: list[Any] = []
        for record in made:
            if record.__class__ is _Return:
                group = groups.get(record.key)
                if group is None:
                    placed.append(groups.setdefault(record.key, [record]))
                else:
                    group.append(record)
            else:
                placed.append(record)
        stocks: list[Stock] = []
        for record in placed:
            if record.__class__ is not list:
                stocks.append(record)
                continue
            (year, coo), first = record[0].key, record[0]
            stocks.append(
                _make_stock(
                    id=f"unhcr-{table}-{year}-{coo}-{first.name}",
                    place=cells.country(coo),
                    population=cells.population(first.category, coo),
                    count=cells.count(returned[first.key]),
                    as_of=cells.year_end(year),
                    description=(
                        cells.text("returned in", year, "from", first.asylum)
                        if len(record) == 1
                        else cells.text(
                            _returned(
                                year,
                                [(p.asylum, p.number) for p in record if p.number],
                                sum(not p.number for p in record),
                            )
                        )
                    ),
                    **plain,
                )
            )
        return stocks

    adds_up = any(place_rule == "coo" for _, (*_, place_rule) in columns)
    return _load(
        rows,
        handle,
        kind="stocks",
        sources=sources,
        strict=strict,
        zeros=lambda: zeros,
        combine=combine if adds_up else None,
        admit=admit if adds_up else None,
    )


def _grid_stocks(
    grid: _Grid,
    cells: _Cells,
    spec: Mapping[str, tuple[PopulationCategory, str]],
    attributions: tuple[Attribution, ...],
    *,
    idmc: bool,
    added: int | None,
) -> list[Stock]:
    """The stocks of a clean table, made as the row path's ``handle`` and ``combine`` make them."""
    rules = [place_rule for _, place_rule in spec.values()]
    return _make_stocks(
        len(grid.rows),
        id=grid.ids(["idps" if idmc else name for name in spec], added),
        place=grid.places(cells, ["coo" if rule == "coo" else "coa" for rule in rules]),
        population=grid.populations(cells, [category for category, _ in spec.values()]),
        count=grid.counts,
        as_of=grid.by_year(cells.year_end),
        attributions=itertools.repeat(attributions),
        # returned refugees: where they returned from, in words
        description=grid.returns(cells, [rule == "coo" for rule in rules]),
    )


def read_population(
    data: Data, *, strict: bool = False, source: Source | None = None, skip_zeros: bool = False
) -> Load:
    """Read UNHCR's ``population.csv`` (people present at the end of a year) into `Stock` records.

    Each non-empty count cell becomes a stock on 31 December of the year:

    =====================  ==============================================  ==========================
    column                 population category                             place
    =====================  ==============================================  ==========================
    ``refugees``           ``REFUGEES``                                    country of asylum
    ``asylum_seekers``     ``ASYLUM_SEEKERS``                              country of asylum
    ``returned_refugees``  ``RETURNED_REFUGEES``                           country of origin
    ``idps``               ``IDPS``                                        the country (own)
    ``returned_idps``      ``RETURNED_IDPS``                               the country (own)
    ``stateless``          ``STATELESS``                                   country of asylum
    ``ooc``                ``OTHERS_OF_CONCERN``                           country of asylum
    ``oip``                ``OTHERS_IN_NEED_OF_INTERNATIONAL_PROTECTION``  country of asylum
    ``hst``                ``HOST_COMMUNITY``                              country of asylum
    =====================  ==============================================  ==========================

    The nationality is the country of origin. Returned refugees are in their country of origin,
    and UNHCR's asylum column is where they returned from: the rows of one year and origin are
    parts of the people who returned there, not reports of them. So their ``returned_refugees``
    cells make one stock, counting the cells together, wherever the rows are in the input. Its
    id has no country of asylum (``unhcr-population-2025-AFG-returned_refugees``); a stock of one
    row has that row's country as its description (``returned in 2025 from IRN``), a stock of
    several lists the countries with people, in the rows' order, and how many rows report none
    (``returned in 2025 from IRN: 1,386,970 people; from PAK: 558,359 people; none from 103
    other countries``). The account's ``records`` counts the stocks, its ``loaded`` the rows
    in them; a row whose returnees would take their origin's past a count's range is malformed.
    A non-zero count of internally displaced people whose origin differs from the country is a
    malformed row. UNHCR's table fills categories that do not apply with ``0``: they make
    zero-count stocks (or parts of a stock of returnees), as reported, unless *skip_zeros*
    leaves them out (the account counts them). Other arguments as for `read_flows`; the API's
    ``-`` origin (all origins together) gives stocks with no nationality.
    """
    return _read_stock_table(
        data, "population", _POPULATION_COLUMNS, strict=strict, source=source, skip_zeros=skip_zeros
    )


def read_idmc(data: Data, *, strict: bool = False, source: Source | None = None) -> Load:
    """Read UNHCR's ``idmc.csv`` (IDMC's internally displaced people, conflict and violence).

    Each ``total`` becomes an ``IDPS`` stock in the country on 31 December, attributed to the UNHCR
    dataset, which attributes it to IDMC (`idmc_source`): an attribution chain. Arguments as for
    `read_flows`.
    """
    return _read_stock_table(
        data,
        "idmc",
        _IDMC_COLUMNS,
        strict=strict,
        source=source,
        skip_zeros=False,
        idmc=True,
    )


# -- demographics -----------------------------------------------------------------------------

_POP_TYPES: Final = {
    "REF": PopulationCategory.REFUGEES,
    "ASY": PopulationCategory.ASYLUM_SEEKERS,
    "IDP": PopulationCategory.IDPS,
    "RET": PopulationCategory.RETURNED_REFUGEES,
    "RDP": PopulationCategory.RETURNED_IDPS,
    "STA": PopulationCategory.STATELESS,
    "OOC": PopulationCategory.OTHERS_OF_CONCERN,
    "OIP": PopulationCategory.OTHERS_IN_NEED_OF_INTERNATIONAL_PROTECTION,
    "HST": PopulationCategory.HOST_COMMUNITY,
    "ROC": PopulationCategory.REFUGEE_LIKE,
}
"""UNHCR's three-letter population types."""

_LOCATION_TYPES: Final = {"U": "urban", "R": "rural", "V": "various or unknown", "C": "camp"}
"""UNHCR's ``loc_type``: urban or rural (C, camp, was used until 2010)."""
_ACCOMMODATION_TYPES: Final = {
    "I": "individual accommodation",
    "S": "self-settled camp",
    "P": "planned or managed camp",
    "C": "collective centre",
    "R": "reception or transit camp",
    "U": "undefined accommodation",
}
"""UNHCR's ``acc_type``: the kind of accommodation."""

_AGES: Final = (("0_4", 0, 4), ("5_11", 5, 11), ("12_17", 12, 17), ("18_59", 18, 59), ("60", 60, None))
_DEMOGRAPHIC_COLUMNS: Final = (
    "year",
    "coo_iso",
    "coa_iso",
    "pop_type",
    "location",
    "loc_type",
    "acc_type",
    *(f"{s}_{a}" for s in "fm" for a in [*(n for n, _, _ in _AGES), "other", "total"]),
    "total",
)


_TABLE_OF: Final = {
    **{c: "population" for c in _POPULATION_COLUMNS if c not in _FLOW_COLUMNS},
    **dict.fromkeys(("resettlement", "naturalisation"), "solutions"),
    "refugee_like": "flows",
    **{c: "demographics" for c in _DEMOGRAPHIC_COLUMNS[3:] if c != "total"},
}
"""Count columns that only one UNHCR table has: finding one in another table's input is a mistake."""


TABLES: Final = ("flows", "population", "solutions", "idmc", "demographics")
"""UNHCR's tables this module reads, each with its reader ``read_<table>``."""


def table_of(columns: Iterable[str]) -> str | None:
    """Which of UNHCR's `TABLES` a header (or a JSON item's keys) is, or ``None`` if it says none.

    A table has UNHCR's country columns (``coo_iso``, ``coa_iso``) and count columns that only
    it has (``refugee_like``: flows; ``idps``: population; ``resettlement``: solutions; ``f_0_4``:
    demographics), or only ``total`` (idmc). A header of only the columns two tables share
    (``refugees``, ``asylum_seekers``) says none: name the table yourself.

    >>> table_of(["year", "coo_iso", "coa_iso", "refugees", "asylum_seekers", "refugee_like", "oip"])
    'flows'
    >>> table_of(["year", "coo_iso", "coa_iso", "total"])
    'idmc'
    >>> print(table_of(["year", "coo_iso", "coa_iso", "refugees"]))
    None
    """
    names = {c.strip().lower() for c in columns}
    if not {"coo_iso", "coa_iso"} <= names:
        return None
    for table, telling in _TELLING:
        if names & telling:
            return table
    if "total" in names and not names & (_FLOW_COLUMNS.keys() | _POPULATION_COLUMNS.keys()):
        return "idmc"
    return None


_TELLING: Final = (
    ("demographics", frozenset(c for c in _DEMOGRAPHIC_COLUMNS[3:] if c != "total")),
    ("solutions", frozenset({"resettlement", "naturalisation"})),
    (
        "population",
        frozenset(c for c in _POPULATION_COLUMNS if c not in _FLOW_COLUMNS and c not in _SOLUTION_COLUMNS),
    ),
    ("flows", frozenset({"refugee_like"})),
)
"""`table_of`'s rules, in order: count columns that tell a table (solutions share returns with
population, so they are looked for first)."""


_Cell = tuple[Sex, int | None, int | None]
"""A demographic cell's place in the breakdowns: its sex and age band (``None, None``: the sex's total)."""

_CELL_ORDER: Final = {
    cell: i
    for i, cell in enumerate(
        (sex, lo, hi) for sex in (Sex.FEMALE, Sex.MALE) for _, lo, hi in (*_AGES, ("total", None, None))
    )
}
"""The order of a stock's cells: per sex, its age bands, then its total (HXL's cohort columns' order)."""


class _Part(NamedTuple):
    """One row of UNHCR's demographics table: a disjoint part (by location and accommodation
    type) of the population of its location, which `read_demographics` adds to the other parts."""

    key: tuple[Any, ...]
    """(year, coo, coa, pop_type, location): the location's population the row is a part of."""
    category: PopulationCategory
    nationality: str | None
    place: Place
    year: int
    words: tuple[str, ...]
    """The row's location and accommodation types, in words."""
    total: int
    cells: tuple[tuple[_Cell, int], ...] | None
    """The row's breakdown, or ``None`` when it has people but no breakdown (all zeros)."""


@paused_gc_during  # a part per row, kept until the end: see displacement._bulk
def read_demographics(data: Data, *, strict: bool = False, source: Source | None = None) -> Load:
    """Read UNHCR's ``demographics.csv`` into `Stock` records with a sex and age breakdown.

    UNHCR splits the people of one location into rows by its type (``loc_type``: urban, rural,
    various) and the type of their accommodation (``acc_type``: individual, camps, undefined...):
    the rows are parts of one population, not reports of it. All the rows of one year, country of
    origin and of asylum, population type (``pop_type``: REF, ASY, IDP, RET, RDP, STA, OOC, OIP,
    HST) and location therefore make one stock at the location within the country of asylum
    (`Place.name`, as UNHCR writes it), counting the rows' ``total`` people together on 31
    December, wherever the rows are in the input. Its id has no types:
    ``unhcr-demographics-2025-SDN-TCD-REF-adr-admin-3-poc``. A stock of one row has its types
    as its description (``urban; individual accommodation``); a stock of several rows lists its
    parts (``urban, individual accommodation: 1,230 people; urban, undefined accommodation:
    235,174 people (no sex or age breakdown)``). The account's ``records`` counts the stocks, its
    ``loaded`` the rows in them.

    The ``f_*`` and ``m_*`` cells become the population's `Cohort` records in two breakdowns: by
    sex (``f_total`` and ``m_total``, or the sum of a sex's cells when its total is not given)
    and by sex and age (0-4, 5-11, 12-17, 18-59, 60 and over), each cell the sum of the rows'
    cells. The people of unknown age (``f_other``, ``m_other``) get no cell of their own: a cell
    with a sex and no age would mean everyone of that sex. They are what the age cells leave of
    their sex's total, which a total by ``("sex", "age")`` shows under ``None``. A row whose
    breakdown is all zeros while its total is not has no breakdown. A stock has a cell only where
    every one of its rows with people gives it: when a row with people has no breakdown (Adré in
    Chad, 2025: 1,230 refugees broken down, 235,174 not), the other rows' cells would only be
    lower bounds of the location's people, and one lower bound makes every total by sex and age
    it enters a lower bound. So such a stock has no cells, and all its people count under
    ``None`` in a total by ``("sex", "age")``, whose groups still add up to the whole exactly. A
    row whose sex totals do not add up, or exceed its total, is malformed, and so is a row that
    repeats another's types of one location. Arguments as for `read_flows`.
    """
    rows = _start(data, "demographics", _DEMOGRAPHIC_COLUMNS, ("total",), ("pop_type",))
    sources = _sources(source)
    attributions = (Attribution(sources[0].id),)
    cells = _Cells(rows.json, rows.renamed)
    json_input = rows.json
    count_names = _DEMOGRAPHIC_COLUMNS[7:]
    seen: dict[tuple[Any, ...], str] = {}
    people: dict[tuple[Any, ...], int] = {}  # the people of each location's rows loaded so far

    def handle(row: list[Any], where: str, errors: list[ErrorDetail]) -> tuple[list[Any], None]:
        year = cells.year(row[0], where, errors)
        coo = cells.code(row[1], where, "coo_iso", errors, aggregate=True)
        coa = cells.code(row[2], where, "coa_iso", errors)
        pop_type = row[3].strip() if isinstance(row[3], str) else row[3]
        category = _POP_TYPES.get(pop_type) if isinstance(pop_type, str) else None
        if category is None:
            known = ", ".join(_POP_TYPES)
            errors.append(
                ErrorDetail(
                    f"{where}.pop_type",
                    f"{_cell(pop_type)} is not a UNHCR population type ({known})",
                    pop_type,
                )
            )
        location = row[4].strip() if isinstance(row[4], str) and row[4].strip() else None
        if row[4] is not None and not isinstance(row[4], str):
            errors.append(ErrorDetail(f"{where}.location", f"expected text, got {_shown(row[4])}", row[4]))
        words = []
        codes: list[str] = []
        for i, name, table in ((5, "loc_type", _LOCATION_TYPES), (6, "acc_type", _ACCOMMODATION_TYPES)):
            code = row[i].strip() if isinstance(row[i], str) else row[i]
            if code in ("", None):
                codes.append("x")
                continue
            if not isinstance(code, str) or code not in table:
                known = ", ".join(f"{k} ({v})" for k, v in table.items())
                errors.append(
                    ErrorDetail(
                        f"{where}.{name}",
                        f"{_cell(code)} is not a UNHCR {name} ({known})",
                        code,
                    )
                )
            else:
                words.append(table[code])
                codes.append(code)
        numbers: dict[str, int] = {}
        for offset, name in enumerate(count_names):
            number = _number(row[7 + offset], f"{where}.{name}", errors, json_input)
            if number is None and name == "total":
                errors.append(ErrorDetail(f"{where}.total", "missing total", row[7 + offset]))
            elif number is not None and number is not _BAD:
                numbers[name] = number
        if errors or year is None or coo is None or coa is None or category is None:
            return [], None
        breakdown: list[tuple[_Cell, int]] = []
        sex_total = 0
        for letter, sex in (("f", Sex.FEMALE), ("m", Sex.MALE)):
            parts: list[tuple[int | None, int | None, int | None]] = [
                (numbers.get(f"{letter}_{n}"), lo, hi) for n, lo, hi in _AGES
            ]
            parts.append((numbers.get(f"{letter}_other"), None, None))
            given = [p for p in parts if p[0] is not None]
            stated = numbers.get(f"{letter}_total")
            added = sum(p[0] for p in given if p[0] is not None)
            if stated is not None and given and stated != added:
                errors.append(
                    ErrorDetail(
                        f"{where}.{letter}_total",
                        f"{stated} is not the sum of the {sex.value} age cells ({added})",
                        stated,
                    )
                )
            of_sex = stated if stated is not None else added
            sex_total += of_sex
            # the sex's total is the {sex} breakdown, its known ages the {sex, age} breakdown; the
            # people of unknown age (f_other) are what the age cells leave of the sex's total
            # (the age cells first and the sex's total last: the order of HXL's cohort columns)
            breakdown.extend(
                ((sex, lo, hi), number)
                for number, lo, hi in given
                if number is not None and (lo is not None or hi is not None)
            )
            if given or stated is not None:
                breakdown.append(((sex, None, None), of_sex))
        total = numbers["total"]
        if sex_total > total:
            errors.append(
                ErrorDetail(
                    f"{where}.total", f"{total} is below the sum of the sex totals ({sex_total})", total
                )
            )
        if errors:
            return [], None
        place = cells.place(coa, location)
        if isinstance(place, str):
            errors.append(ErrorDetail(f"{where}.location", place, location))
            return [], None
        key = (year, coo, coa, pop_type, location)
        row_key = (*key, *codes)
        first = seen.get(row_key)
        if first is not None:
            errors.append(ErrorDetail(where, f"repeats {first} (the same {_describe_key(row_key)})", None))
            return [], None
        so_far = people.get(key, 0)
        if so_far + total > MAX_MAGNITUDE:
            errors.append(
                ErrorDetail(
                    f"{where}.total",
                    f"{total:,} people with the {so_far:,} of this location's rows before it: "
                    + too_large(so_far + total),
                    total,
                )
            )
            return [], None
        seen[row_key] = where
        people[key] = so_far + total
        part = _Part(
            key,
            category,
            None if coo == "all" else coo,
            place,
            year,
            tuple(words),
            total,
            None if sex_total == 0 and total > 0 else tuple(breakdown),  # zeros for people: no breakdown
        )
        return [part], None

    def cohorts_of(group: list[_Part]) -> list[Cohort]:
        """The cells of a location's rows added up, where every row with people gives them."""
        if len(group) == 1:  # the usual case
            found = group[0].cells or ()
        else:
            sums: dict[_Cell, int] = {}
            having: Counter[_Cell] = Counter()
            with_people = 0
            for part in group:
                with_people += part.total > 0
                for cell, number in part.cells or ():
                    sums[cell] = sums.get(cell, 0) + number
                    having[cell] += part.total > 0
            # a cell some rows with people do not give would only be a lower bound: see the docstring
            found = tuple(
                (cell, sums[cell])
                for cell in sorted(sums, key=_CELL_ORDER.__getitem__)
                if having[cell] == with_people
            )
        cohorts = []
        for (sex, lo, hi), number in found:
            cohort_key = (sex, lo, hi, number)
            cohort = cells.cohorts.get(cohort_key)
            if cohort is None:
                cohort = cells.cohorts[cohort_key] = Cohort(sex, lo, hi, cells.count(number))
            cohorts.append(cohort)
        return cohorts

    def description(group: list[_Part]) -> str | None:
        if len(group) == 1:
            words = group[0].words
            return cells.text("; ".join(words)) if words else None
        return "; ".join(
            f"{', '.join(p.words) or 'no type given'}: {p.total:,} people"
            + (" (no sex or age breakdown)" if p.cells is None else "")
            for p in group
        )

    def combine(parts: list[_Part]) -> list[Stock]:
        """One stock for each location's rows, in the order of their first rows."""
        groups: dict[tuple[Any, ...], list[_Part]] = {}
        for part in parts:
            groups.setdefault(part.key, []).append(part)
        ids: dict[str, tuple[Any, ...]] = {}
        stocks = []
        for key, group in groups.items():
            year, coo, coa, pop_type, location = key
            first = group[0]
            slug = _SLUG.sub("-", (location or "country").lower()).strip("-") or "location"
            record_id = f"unhcr-demographics-{year}-{coo}-{coa}-{pop_type}-{slug}"
            if ids.get(record_id, key) != key:  # two locations with the same slug
                record_id += "-" + blake2b(str(location).encode(), digest_size=3).hexdigest()
            ids[record_id] = key
            cohorts = tuple(cohorts_of(group))
            population_key = (first.category, first.nationality, cohorts)
            population = cells.populations.get(population_key)
            if population is None:
                population = cells.populations[population_key] = Population(
                    first.category, nationality=first.nationality, cohorts=cohorts
                )
            stocks.append(
                Stock(
                    record_id,
                    place=first.place,
                    population=population,
                    count=cells.count(people[key]),
                    as_of=cells.year_end(year),
                    attributions=attributions,
                    description=description(group),
                )
            )
        return stocks

    return _load(rows, handle, kind="stocks", sources=sources, strict=strict, combine=combine)
