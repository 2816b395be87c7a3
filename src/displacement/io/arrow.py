"""Columns for engines: flows and stocks as Apache Arrow tables and Parquet files.

A `Dataset` is the right tool for thousands of records; past a few million, or to join them with
other data, hand them to a columnar engine (DuckDB, Polars, pandas, Dask, Spark). `to_arrow` lays
flows or stocks out in a documented, stable schema (`FLOWS_SCHEMA`, `STOCKS_SCHEMA`), and
`from_arrow` turns such a table back into records, validated, in a `Load` (the dataset and the
account of its rows) as every reader returns. The round trip is exact: unquantified
counts, ranges, qualifiers, units, period precision, open starts, "as of" dates, cohorts,
attribution chains and excerpts all come back equal. `write_parquet` and `read_parquet` do the same
through a Parquet file. Needs pyarrow: ``pip install 'displacement-events[arrow]'``.

>>> from displacement import examples
>>> ds = examples.kazakhstan_2022()
>>> table = to_arrow(ds, kind="flows")
>>> table.num_rows, table.schema.field("count_value").type
(4, DataType(double))
>>> dataset, account = from_arrow(table, context=ds)
>>> dataset.flows == ds.flows, account.records
(True, 4)

Every column, in order (``dict`` is ``dictionary<int32, string>``: codes and labels are stored
once; columns marked *nullable* may be null):

- ``id`` (string): the record's id;
- ``origin_country``, ``origin_subdivision`` (dict, nullable), ``origin_name`` (string, nullable),
  ``origin_lat``, ``origin_lon`` (float64, nullable): where a flow started; the same five with
  ``destination_`` for where it went, or with ``place_`` for a stock's place;
- flows only: ``movement``, ``metric`` (dict); ``period_start``, ``period_end`` (date32,
  nullable), ``period_precision`` (dict), ``period_as_of`` (date32, nullable),
  ``period_open_start`` (bool);
- stocks only: ``as_of`` (date32);
- ``population_category`` (dict), ``population_nationality`` (dict, nullable),
  ``population_description`` (string, nullable), ``population_cohorts`` (list of struct: ``sex``
  string, ``min_age`` and ``max_age`` int16, and a count's five fields below);
- ``count_value`` (float64, null for an unquantified record), ``count_upper`` (float64, the
  upper end of a range), ``count_unit`` (dict: ``person``, ``household`` or a rate such as
  ``person / day``), ``count_qualifier`` (dict), ``count_float`` (bool: the numbers were floats,
  not ints);
- ``causes`` (list of string): ids of the events that caused it;
- ``attributions`` (list of struct: ``source`` string, ``attributed_to`` list of string,
  ``excerpt`` string);
- ``term``, ``description`` (string, nullable).

The schema carries ``displacement.kind`` (``flows`` or ``stocks``) and ``displacement.schema``
(`SCHEMA_VERSION`) in its metadata. Counts are float64 columns, exact because a `Count` holds
at most 2**53 - 1; coordinates are float64, so an int coordinate comes back as a float. A count's
household size has no column yet: `to_arrow` refuses a record that has one rather than lose it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Final

from .._validate import one_of, show
from ..count import Count, Qualifier
from ..dataset import TABLE_KINDS, Dataset, TableKind
from ..errors import DocumentError, ErrorDetail, ValidationError
from ..flow import Cohort, Flow, Metric, Movement, Population, PopulationCategory, Sex, Stock
from ..period import Period, Precision
from ..place import Place
from ..source import Attribution
from . import SCHEMA_VERSION, SUPPORTED_VERSIONS, _fields, _records
from .account import Load, RowAccount

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "displacement.io.arrow needs pyarrow: pip install 'displacement-events[arrow]'"
    ) from exc

__all__ = [
    "FLOWS_SCHEMA",
    "SCHEMA_VERSION",
    "STOCKS_SCHEMA",
    "Kind",
    "from_arrow",
    "read_parquet",
    "to_arrow",
    "write_parquet",
]

Kind = TableKind
"""Which records a table holds: ``"flows"`` or ``"stocks"`` (the same type as `displacement.TableKind`)."""

# The version of the document family (`displacement.io.SCHEMA_VERSION`, here ``SCHEMA_VERSION``) is
# written into each table's metadata; it changes only when a column changes meaning or type.
# Development versions before 0.1.0 wrote "1" for the same columns: such tables are read as "1.0".
_READS: Final = (*SUPPORTED_VERSIONS, "1")

_DICT = pa.dictionary(pa.int32(), pa.string())


def _place_fields(prefix: str) -> list[Any]:
    return [
        pa.field(f"{prefix}_country", _DICT, nullable=False),
        pa.field(f"{prefix}_subdivision", _DICT),
        pa.field(f"{prefix}_name", pa.string()),
        pa.field(f"{prefix}_lat", pa.float64()),
        pa.field(f"{prefix}_lon", pa.float64()),
    ]


_COHORT = pa.struct(
    [
        pa.field("sex", pa.string()),
        pa.field("min_age", pa.int16()),
        pa.field("max_age", pa.int16()),
        pa.field("count_value", pa.float64(), nullable=False),
        pa.field("count_upper", pa.float64()),
        pa.field("count_unit", pa.string(), nullable=False),
        pa.field("count_qualifier", pa.string(), nullable=False),
        pa.field("count_float", pa.bool_(), nullable=False),
    ]
)
_ATTRIBUTION = pa.struct(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("attributed_to", pa.list_(pa.string()), nullable=False),
        pa.field("excerpt", pa.string()),
    ]
)
_POPULATION_FIELDS = [
    pa.field("population_category", _DICT, nullable=False),
    pa.field("population_nationality", _DICT),
    pa.field("population_description", pa.string()),
    pa.field("population_cohorts", pa.list_(_COHORT), nullable=False),
]
_COUNT_FIELDS = [
    pa.field("count_value", pa.float64()),
    pa.field("count_upper", pa.float64()),
    pa.field("count_unit", _DICT),
    pa.field("count_qualifier", _DICT),
    pa.field("count_float", pa.bool_()),
]
_TAIL_FIELDS = [
    pa.field("causes", pa.list_(pa.string()), nullable=False),
    pa.field("attributions", pa.list_(_ATTRIBUTION), nullable=False),
    pa.field("term", pa.string()),
    pa.field("description", pa.string()),
]


def _metadata(kind: Kind) -> dict[bytes, bytes]:
    return {b"displacement.kind": kind.encode(), b"displacement.schema": SCHEMA_VERSION.encode()}


FLOWS_SCHEMA: Final[Any] = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        *_place_fields("origin"),
        *_place_fields("destination"),
        pa.field("movement", _DICT, nullable=False),
        pa.field("metric", _DICT, nullable=False),
        pa.field("period_start", pa.date32()),
        pa.field("period_end", pa.date32()),
        pa.field("period_precision", _DICT, nullable=False),
        pa.field("period_as_of", pa.date32()),
        pa.field("period_open_start", pa.bool_(), nullable=False),
        *_POPULATION_FIELDS,
        *_COUNT_FIELDS,
        *_TAIL_FIELDS,
    ],
    metadata=_metadata("flows"),
)
"""The Arrow schema of a table of flows (see the module's documentation for every column)."""

STOCKS_SCHEMA: Final[Any] = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        *_place_fields("place"),
        pa.field("as_of", pa.date32(), nullable=False),
        *_POPULATION_FIELDS,
        *_COUNT_FIELDS,
        *_TAIL_FIELDS,
    ],
    metadata=_metadata("stocks"),
)
"""The Arrow schema of a table of stocks (see the module's documentation for every column)."""

_SCHEMAS: Final = {"flows": FLOWS_SCHEMA, "stocks": STOCKS_SCHEMA}
_TYPES: Final = {"flows": Flow, "stocks": Stock}


def _kind(kind: Any) -> Kind:
    return one_of("kind", kind, TABLE_KINDS)


# -- records to columns -----------------------------------------------------------------------


def _exact(value: int | float) -> float:
    """A count's number as a float64: exact, since a `Count` holds at most 2**53 - 1."""
    return float(value)


def _count_columns(counts: Sequence[Count | None]) -> dict[str, list[Any]]:
    values: list[Any] = []
    uppers: list[Any] = []
    units: list[Any] = []
    qualifiers: list[Any] = []
    floats: list[Any] = []
    for c in counts:
        if c is None:
            values.append(None)
            uppers.append(None)
            units.append(None)
            qualifiers.append(None)
            floats.append(None)
            continue
        magnitude, upper = c.magnitude, c.upper_magnitude
        values.append(_exact(magnitude) if type(magnitude) is int else magnitude)
        uppers.append(None if upper is None else _exact(upper))
        units.append(c.unit)
        qualifiers.append(c.qualifier.value)
        floats.append(isinstance(magnitude, float) or isinstance(upper, float))
    return {
        "count_value": values,
        "count_upper": uppers,
        "count_unit": units,
        "count_qualifier": qualifiers,
        "count_float": floats,
    }


def _cohorts(cohorts: tuple[Cohort, ...]) -> list[dict[str, Any]]:
    out = []
    for cohort in cohorts:
        c = cohort.count
        out.append(
            {
                "sex": None if cohort.sex is None else cohort.sex.value,
                "min_age": cohort.min_age,
                "max_age": cohort.max_age,
                "count_value": _exact(c.magnitude),
                "count_upper": None if c.upper_magnitude is None else _exact(c.upper_magnitude),
                "count_unit": c.unit,
                "count_qualifier": c.qualifier.value,
                "count_float": isinstance(c.magnitude, float) or isinstance(c.upper_magnitude, float),
            }
        )
    return out


def _shared(values: Sequence[Any], convert: Callable[[Any, int], Any]) -> list[Any]:
    """Convert each value once per distinct object (records share their parts)."""
    done: dict[int, Any] = {}
    out = []
    for i, value in enumerate(values):
        key = id(value)
        if key not in done:
            done[key] = convert(value, i)
        out.append(done[key])
    return out


def to_arrow(data: Dataset | Iterable[Flow | Stock], *, kind: Kind | None = None) -> Any:
    """The dataset's flows or stocks (*kind*), or the given records, as a `pyarrow.Table`.

    *kind* may be left out when the data says it: records of one type, or a dataset with flows
    or stocks but not both. The table has `FLOWS_SCHEMA` or `STOCKS_SCHEMA`; rows keep the
    records' order.
    """
    kind, records, _ = _records.select(data, kind, TABLE_KINDS)
    _fields.household_sizes_not_carried(records, kind, "an Arrow table")
    columns: dict[str, Any] = {"id": [r.id for r in records]}
    places = ("origin", "destination") if kind == "flows" else ("place",)
    for prefix in places:
        objects = [getattr(r, prefix) for r in records]
        columns[f"{prefix}_country"] = [p.country for p in objects]
        columns[f"{prefix}_subdivision"] = [p.subdivision for p in objects]
        columns[f"{prefix}_name"] = [p.name for p in objects]
        columns[f"{prefix}_lat"] = [p.lat for p in objects]
        columns[f"{prefix}_lon"] = [p.lon for p in objects]
    if kind == "flows":
        columns["movement"] = [r.movement.value for r in records]
        columns["metric"] = [r.metric.value for r in records]
        periods = [r.period for r in records]
        columns["period_start"] = [p.start for p in periods]
        columns["period_end"] = [p.end for p in periods]
        columns["period_precision"] = [p.precision.value for p in periods]
        columns["period_as_of"] = [p.as_of for p in periods]
        columns["period_open_start"] = [p.open_start for p in periods]
    else:
        columns["as_of"] = [r.as_of for r in records]
    populations = [r.population for r in records]
    columns["population_category"] = [p.category.value for p in populations]
    columns["population_nationality"] = [p.nationality for p in populations]
    columns["population_description"] = [p.description for p in populations]
    columns["population_cohorts"] = _shared(
        populations, lambda p, i: _cohorts(p.cohorts)
    )
    columns.update(_count_columns([r.count for r in records]))
    columns["causes"] = _shared([r.causes for r in records], lambda c, i: list(c))
    columns["attributions"] = _shared(
        [r.attributions for r in records],
        lambda attributions, i: [
            {"source": a.source, "attributed_to": list(a.attributed_to), "excerpt": a.excerpt}
            for a in attributions
        ],
    )
    columns["term"] = [r.term for r in records]
    columns["description"] = [r.description for r in records]
    schema = _SCHEMAS[kind]
    arrays = []
    for field in schema:
        values = columns[field.name]
        if field.type == _DICT:
            arrays.append(pa.array(values, pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


# -- columns to records -----------------------------------------------------------------------


def _infer_kind(table: Any, kind: Kind | None) -> Kind:
    metadata = table.schema.metadata or {}
    stated = metadata.get(b"displacement.kind")
    found: str | None = stated.decode() if stated is not None else None
    if found is None:
        names = set(table.column_names)
        found = "flows" if "origin_country" in names else "stocks" if "place_country" in names else None
    if kind is not None:
        kind = _kind(kind)
        if found is not None and found != kind:
            raise ValidationError.single("kind", f"the table holds {found}, not {kind}", kind)
        return kind
    if found not in _SCHEMAS:
        raise ValidationError.single(
            "table", "cannot tell whether the table holds flows or stocks (pass kind=...)", found
        )
    return found  # type: ignore[return-value]


def _columns(table: Any, kind: Kind) -> dict[str, list[Any]]:
    """The table's columns as Python lists in the schema's types, or a clear error.

    A column may come in another layout of the same values (plain or large strings for a
    dictionary, a large list, a wider or narrower integer, date64, a timestamp at midnight) and
    is converted exactly; a column of other values (numbers for ages, text for dates) or with
    nulls where the schema has none is reported, never repaired.
    """
    schema = _SCHEMAS[kind]
    names = table.column_names
    missing = [n for n in schema.names if n not in names]
    extra = [n for n in names if n not in schema.names]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if missing or extra or repeated:
        shape = []
        if missing:
            shape.append(ErrorDetail("table", f"has no column {', '.join(missing)}", missing))
        if extra:
            shape.append(
                ErrorDetail("table", f"has columns not in the {kind} schema: {', '.join(extra)}", extra)
            )
        if repeated:
            shape.append(ErrorDetail("table", f"has more than one column {', '.join(repeated)}", repeated))
        raise ValidationError(shape, title=f"not a table of {kind}")
    version = (table.schema.metadata or {}).get(b"displacement.schema")
    if version is not None and version.decode(errors="replace") not in _READS:
        shown = version.decode(errors="replace")[:40]
        raise ValidationError.single(
            "table", f"uses schema version {shown}, this library reads {', '.join(SUPPORTED_VERSIONS)}", shown
        )
    try:
        table.validate(full=True)
    except pa.ArrowInvalid as exc:  # a table built unchecked: invalid UTF-8, offsets out of bounds
        raise ValidationError.single("table", f"is not a valid Arrow table ({_short(exc)})") from None
    problems: list[ErrorDetail] = []
    columns: dict[str, list[Any]] = {}
    for field in schema:
        column = table.column(field.name)
        wrong = _layout(column.type, field.type)
        if wrong is not None:
            problems.append(ErrorDetail(field.name, wrong, None))
            continue
        if column.type != field.type:
            try:
                column = column.cast(field.type)  # safe: refuses any value it would change
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
                problems.append(
                    ErrorDetail(field.name, f"has values that do not fit {field.type} ({_short(exc)})", None)
                )
                continue
            if pa.types.is_timestamp(table.column(field.name).type):
                back = column.cast(table.column(field.name).type)
                if not back.equals(table.column(field.name)):
                    problems.append(
                        ErrorDetail(field.name, "has times of day: a date column holds whole days", None)
                    )
                    continue
        found = list(_nulls(column, field, field.name))
        if pa.types.is_date32(field.type):
            found.extend(_dates_out_of_range(column, field.name))
        if found:
            problems.extend(found)
            continue
        columns[field.name] = _pylist(column)
    if problems:
        raise ValidationError(problems, title=_title(kind, len(problems)))
    return columns


def _title(kind: str, n: int) -> str:
    return f"invalid {kind} table ({n} problem{'s' * (n != 1)})"


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


_STRINGS = (pa.types.is_string, pa.types.is_large_string, pa.types.is_string_view)
_LISTS = (pa.types.is_list, pa.types.is_large_list, pa.types.is_list_view, pa.types.is_large_list_view)
_WHAT: Final = {
    "double": "numbers",
    "int16": "whole numbers",
    "bool": "true or false",
    "date32[day]": "dates",
    "string": "text",
}


def _layout(actual: Any, expected: Any) -> str | None:
    """Why a column of type *actual* cannot stand for *expected*, or ``None`` if it holds the same values."""
    if pa.types.is_null(actual):
        return None  # only nulls: the null checks decide
    if pa.types.is_dictionary(expected) or pa.types.is_string(expected):
        value = actual.value_type if pa.types.is_dictionary(actual) else actual
        if any(test(value) for test in _STRINGS):
            return None
    elif pa.types.is_float64(expected):
        if pa.types.is_floating(actual) or pa.types.is_integer(actual):
            return None  # exact: a safe cast refuses an int that a float64 does not hold
    elif pa.types.is_int16(expected):
        if pa.types.is_integer(actual):
            return None  # a safe cast refuses an int that does not fit
    elif pa.types.is_boolean(expected):
        if pa.types.is_boolean(actual):
            return None
    elif pa.types.is_date32(expected):
        if pa.types.is_date(actual) or (pa.types.is_timestamp(actual) and actual.tz is None):
            return None  # a timestamp must be at midnight: checked after the cast
    elif pa.types.is_list(expected):
        if any(test(actual) for test in _LISTS):
            inner = _layout(actual.value_type, expected.value_type)
            return None if inner is None else f"has items that are not {_what(expected.value_type)}: {inner}"
    elif pa.types.is_struct(expected) and pa.types.is_struct(actual):
        have = [actual.field(i).name for i in range(actual.num_fields)]
        want = [expected.field(i).name for i in range(expected.num_fields)]
        if have != want:
            return f"has fields {', '.join(have)}, expected {', '.join(want)}"
        for i, name in enumerate(want):
            inner = _layout(actual.field(i).type, expected.field(i).type)
            if inner is not None:
                return f"field {name} {inner}"
        return None
    return f"has type {actual}, expected {expected} ({_what(expected)})"


def _what(tp: Any) -> str:
    if pa.types.is_dictionary(tp):
        return "text"
    if pa.types.is_list(tp):
        return "lists"
    if pa.types.is_struct(tp):
        return "records"
    return _WHAT.get(str(tp), str(tp))


def _rows(where: Any, limit: int = 5) -> str:
    """``rows 2, 5 and 9`` or ``rows 2, 5, 9, 11, 12 and 995 more`` for numpy row numbers."""
    shown = ", ".join(str(int(r)) for r in where[:limit])
    if len(where) == 1:
        return f"row {shown}"
    if len(where) > limit:
        return f"rows {shown} and {len(where) - limit} more"
    head, _, last = shown.rpartition(", ")
    return f"rows {head} and {last}"


def _nulls(array: Any, field: Any, path: str, rows: Any = None) -> Iterator[ErrorDetail]:
    """Nulls where the schema allows none, in *array* and the items and fields inside it.

    *rows* gives the table row of each position of *array* (``None``: position is row). A
    list's items and the fields the schema marks not nullable are never null in a valid table.
    """
    import numpy as np

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    if rows is None:
        rows = np.arange(len(array))
    if not field.nullable and array.null_count:
        valid = array.is_valid().to_numpy(zero_copy_only=False)
        yield ErrorDetail(path, f"is null in {_rows(rows[~valid])}, where a value is required", None)
    if pa.types.is_list(array.type):
        offsets = array.offsets.to_numpy()
        inner = rows.repeat(np.diff(offsets)) if len(array) else rows[:0]
        items = array.values[offsets[0] : offsets[-1]] if len(array) else array.values[:0]
        yield from _nulls(items, pa.field("item", array.type.value_type, nullable=False), path, inner)
    elif pa.types.is_struct(array.type):
        for i in range(array.type.num_fields):
            child = array.type.field(i)
            yield from _nulls(array.field(i), child, f"{path}.{child.name}", rows)


_FIRST_DAY: Final = -719162  # date(1, 1, 1) in days since 1970-01-01
_LAST_DAY: Final = 2932896  # date(9999, 12, 31)


def _dates_out_of_range(column: Any, path: str) -> Iterator[ErrorDetail]:
    """Dates before year 1 or after 9999, which Python's `datetime.date` cannot hold."""
    import numpy as np

    days = column.cast(pa.int32()).to_numpy(zero_copy_only=False)
    valid = column.is_valid().to_numpy(zero_copy_only=False)
    bad = np.flatnonzero(valid & ((days < _FIRST_DAY) | (days > _LAST_DAY)))
    if len(bad):
        yield ErrorDetail(path, f"has dates outside the years 1 to 9999 in {_rows(bad)}", None)


def _pylist(column: Any) -> list[Any]:
    """A column as Python values, fast for the layouts of the schema.

    Dictionary columns decode through their (small) dictionaries; lists become tuples and lists
    of structs tuples of tuples (in field order), which are hashable, so equal parts can be
    built once.
    """
    out: list[Any] = []
    for chunk in column.chunks:
        kind = chunk.type
        if pa.types.is_dictionary(kind):
            values = chunk.dictionary.to_pylist()
            out.extend(None if i is None else values[i] for i in chunk.indices.to_pylist())
        elif pa.types.is_list(kind):
            offsets = chunk.offsets.to_pylist()
            child = chunk.values
            if pa.types.is_struct(kind.value_type):
                fields = [_pylist(pa.chunked_array([f])) for f in child.flatten()]
                items = list(zip(*fields, strict=True))
            else:
                items = _pylist(pa.chunked_array([child]))
            valid = chunk.is_valid().to_pylist() if chunk.null_count else None
            out.extend(
                tuple(items[offsets[i] : offsets[i + 1]]) if valid is None or valid[i] else None
                for i in range(len(chunk))
            )
        else:
            out.extend(chunk.to_pylist())
    return out


class _Builder:
    """Builds validated records from column values, one object per distinct part."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], Any] = {}
        self.errors: list[ErrorDetail] = []

    def make(self, key: tuple[Any, ...], path: str, build: Callable[..., Any], *args: Any) -> Any:
        """``build(*args)`` once per *key*; ``None`` (and an error at *path*) if it is invalid."""
        try:
            found = self.cache[key]
        except KeyError:
            try:
                found = build(*args)
            except ValidationError as exc:
                found = exc
            self.cache[key] = found
        if isinstance(found, ValidationError):
            self.errors.extend(found.within(path).errors)
            return None
        return found


_COUNT_PARTS: Final = ("count_unit", "count_qualifier", "count_float")


def _choice(cls: Any, value: Any, field: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        names = ", ".join(m.value for m in cls)
        raise ValidationError.single(field, f"{value!r} is not a {cls.__name__} ({names})", value) from None


def _number(value: float | None, is_float: bool, field: str) -> int | float | None:
    if value is None or is_float:
        return value
    if not value.is_integer():
        raise ValidationError.single(
            field, f"{value!r} is not a whole number, but count_float says the count holds ints", value
        )
    return int(value)


def _count(value: Any, upper: Any, unit: Any, qualifier: Any, is_float: Any) -> Count:
    return Count(
        _number(value, is_float, "value"),  # type: ignore[arg-type]
        unit,
        _choice(Qualifier, qualifier, "qualifier"),
        _number(upper, is_float, "upper"),
    )


def _place(country: Any, subdivision: Any, name: Any, lat: Any, lon: Any) -> Place:
    return Place(country, subdivision=subdivision, name=name, lat=lat, lon=lon)


def _cohort(cohort: tuple[Any, ...]) -> Cohort:
    sex, min_age, max_age, value, upper, unit, qualifier, is_float = cohort
    count = _count(value, upper, unit, qualifier, is_float)
    return Cohort(None if sex is None else _choice(Sex, sex, "sex"), min_age, max_age, count)


def _population(category: Any, nationality: Any, description: Any, cohorts: Any) -> Population:
    built = []
    for j, c in enumerate(cohorts):
        try:
            built.append(_cohort(c))
        except ValidationError as exc:
            raise exc.within(f"cohorts[{j}]") from None
    return Population(
        _choice(PopulationCategory, category, "category"),
        nationality=nationality,
        description=description,
        cohorts=built,
    )


def _attributions(items: Any) -> tuple[Attribution, ...]:
    out = []
    for j, a in enumerate(items):
        try:
            source, attributed_to, excerpt = a
            out.append(Attribution(source, attributed_to=attributed_to, excerpt=excerpt))
        except ValidationError as exc:
            raise exc.within(f"[{j}]") from None
    return tuple(out)


def _period(start: Any, end: Any, precision: Any, as_of: Any, open_start: Any) -> Period:
    return Period(
        start,
        end,
        precision=_choice(Precision, precision, "precision"),
        as_of=as_of,
        open_start=open_start,
    )


def _texts(values: Any) -> tuple[str, ...]:
    return tuple(values)


def from_arrow(table: Any, kind: Kind | None = None, *, context: Dataset | None = None) -> Load:
    """The flows or stocks of an Arrow table (or record batch) in the `to_arrow` layout.

    *kind* is read from the schema's metadata (or its columns) when not given, and checked
    against it when given. A column may hold the same values in another layout (plain or large
    strings for dictionaries, large lists, other integer widths, ints for float64 counts, date64,
    timestamps at midnight), so tables that went through DuckDB, Polars or Spark read back; a
    column of other values (floats for ages, text for dates) or a null where the schema has none
    is reported with its column and rows, never repaired. Every record is validated; all
    problems are reported together, each with its row (``rows[3].count.value``).

    The table names sources and events only by id: pass the dataset that holds them as
    *context*. The loaded dataset holds the context's sources, actors and events and the records
    read; a record that refers to an id the context lacks raises `ValidationError`. Any problem
    raises, so the account always says that every row made one record.
    """
    kind, records = _from_arrow(table, kind)
    return _load(kind, records, context, "Arrow table")


def _load(kind: Kind, records: tuple[Any, ...], context: Dataset | None, name: str) -> Load:
    dataset = _records.dataset(context, kind, records, name)
    n = len(records)
    return Load(dataset, RowAccount(name, rows=n, loaded=n, blank=0, records=n))


def _from_arrow(table: Any, kind: Kind | None) -> tuple[Kind, tuple[Any, ...]]:
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise ValidationError.single("table", f"expected a pyarrow Table, got {show(table)}", table)
    kind = _infer_kind(table, kind)
    columns = _columns(table, kind)
    build = _Builder()
    n = table.num_rows
    counts: list[Any] = []
    for i, key in enumerate(
        zip(
            columns["count_value"],
            columns["count_upper"],
            columns["count_unit"],
            columns["count_qualifier"],
            columns["count_float"],
            strict=True,
        )
    ):
        if key[0] is None:
            counts.append(None)
            if key[1:] != (None, None, None, None):
                build.errors.append(
                    ErrorDetail(f"rows[{i}].count", "has a unit, qualifier or upper bound but no value", None)
                )
        elif None in key[2:]:
            counts.append(None)
            nulls = ", ".join(n for n, k in zip(_COUNT_PARTS, key[2:], strict=True) if k is None)
            build.errors.append(ErrorDetail(f"rows[{i}].count", f"has a value but a null {nulls}", None))
        else:
            counts.append(build.make(("count", *key), f"rows[{i}].count", _count, *key))

    def places(prefix: str) -> list[Any]:
        keys = zip(
            columns[f"{prefix}_country"],
            columns[f"{prefix}_subdivision"],
            columns[f"{prefix}_name"],
            columns[f"{prefix}_lat"],
            columns[f"{prefix}_lon"],
            strict=True,
        )
        return [
            build.make(("place", *key), f"rows[{i}].{prefix}", _place, *key) for i, key in enumerate(keys)
        ]

    populations = [
        build.make(("population", *key), f"rows[{i}].population", _population, *key)
        for i, key in enumerate(
            zip(
                columns["population_category"],
                columns["population_nationality"],
                columns["population_description"],
                columns["population_cohorts"],
                strict=True,
            )
        )
    ]
    attributions = [
        build.make(("attributions", a), f"rows[{i}].attributions", _attributions, a)
        for i, a in enumerate(columns["attributions"])
    ]
    causes = [
        build.make(("causes", c), f"rows[{i}].causes", _texts, c) for i, c in enumerate(columns["causes"])
    ]
    records: list[Any] = []
    if kind == "flows":
        origins, destinations = places("origin"), places("destination")
        periods = [
            build.make(("period", *key), f"rows[{i}].period", _period, *key)
            for i, key in enumerate(
                zip(
                    columns["period_start"],
                    columns["period_end"],
                    columns["period_precision"],
                    columns["period_as_of"],
                    columns["period_open_start"],
                    strict=True,
                )
            )
        ]
        movements = [
            build.make(("movement", m), f"rows[{i}].movement", _choice, Movement, m, "")
            for i, m in enumerate(columns["movement"])
        ]
        metrics = [
            build.make(("metric", m), f"rows[{i}].metric", _choice, Metric, m, "")
            for i, m in enumerate(columns["metric"])
        ]
        if not build.errors:
            for i in range(n):
                try:
                    records.append(
                        Flow(
                            columns["id"][i],
                            origin=origins[i],
                            destination=destinations[i],
                            movement=movements[i],
                            population=populations[i],
                            count=counts[i],
                            period=periods[i],
                            metric=metrics[i],
                            causes=causes[i],
                            attributions=attributions[i],
                            term=columns["term"][i],
                            description=columns["description"][i],
                        )
                    )
                except ValidationError as exc:
                    build.errors.extend(exc.within(f"rows[{i}]").errors)
    else:
        where = places("place")
        if not build.errors:
            for i in range(n):
                try:
                    records.append(
                        Stock(
                            columns["id"][i],
                            place=where[i],
                            population=populations[i],
                            count=counts[i],
                            as_of=columns["as_of"][i],
                            causes=causes[i],
                            attributions=attributions[i],
                            term=columns["term"][i],
                            description=columns["description"][i],
                        )
                    )
                except ValidationError as exc:
                    build.errors.extend(exc.within(f"rows[{i}]").errors)
    if build.errors:
        raise ValidationError(build.errors, title=_title(kind, len(build.errors)))
    return kind, tuple(records)


# -- Parquet ----------------------------------------------------------------------------------


def write_parquet(
    data: Dataset | Iterable[Flow | Stock],
    target: str | os.PathLike[str],
    *,
    kind: Kind | None = None,
    **options: Any,
) -> None:
    """Write the flows or stocks (*kind*) of *data* to a Parquet file at *target*.

    *kind* may be left out when the data says it (see `to_arrow`). *options* go to
    `pyarrow.parquet.write_table` (``compression="zstd"``, ``row_group_size``...). DuckDB,
    Polars, pandas, Dask and Spark read the file directly.
    """
    pq.write_table(to_arrow(data, kind=kind), os.fspath(target), **options)


def read_parquet(
    path: str | os.PathLike[str], kind: Kind | None = None, *, context: Dataset | None = None
) -> Load:
    """The flows or stocks of a Parquet file written by `write_parquet` (or any engine, same columns).

    A path that is missing, a folder, or a file that is not Parquet (or is cut short) raises
    `DocumentError` naming the path; a Parquet file of other columns or values raises
    `ValidationError`, as `from_arrow` does. *context* is the dataset that holds the sources
    and events the records refer to, as for `from_arrow`.
    """
    name = os.fspath(path)
    if not os.path.exists(name):
        raise DocumentError(f"{name}: no such file")
    if os.path.isdir(name):
        raise DocumentError(f"{name}: is a folder, not a Parquet file")
    try:
        table = pq.read_table(name)
    except (pa.ArrowException, OSError) as exc:
        reason = getattr(exc, "strerror", None) or _short(exc)
        reason = reason.replace(f"Could not open Parquet input source '{name}': ", "")
        raise DocumentError(f"{name}: not a readable Parquet file ({reason})") from None
    found, records = _from_arrow(table, kind)
    return _load(found, records, context, os.path.basename(name) or name)
