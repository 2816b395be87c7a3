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
- stocks only: ``as_of`` (date32), ``as_of_precision`` (dict: ``day``, ``week``, ``month`` or
  ``year``, new in schema 1.2);
- ``population_category`` (dict), ``population_nationality`` (dict, nullable),
  ``population_description`` (string, nullable), ``population_cohorts`` (list of struct: ``sex``
  string, ``min_age`` and ``max_age`` int16, a count's six fields below, ``settlement`` string,
  ``in_camp`` and ``disability`` bool, all nullable), ``population_shares`` (list of struct:
  ``nationality`` and ``category`` string, a count's six fields, ``fraction`` float64, all
  nullable, and ``qualifier`` string: the parts of a mixed population);
- ``count_value`` (float64, null for an unquantified record), ``count_upper`` (float64, the
  upper end of a range), ``count_unit`` (dict: ``person``, ``household`` or a rate such as
  ``person / day``), ``count_qualifier`` (dict), ``count_float`` (bool: the numbers were floats,
  not ints), ``count_household_size`` (float64, nullable: the persons per household the count
  was derived with);
- ``causes`` (list of string): ids of the events that caused it;
- ``attributions`` (list of struct: ``source`` string, ``attributed_to`` list of string,
  ``excerpt`` string);
- ``term``, ``description`` (string, nullable);
- flows only: ``via`` (list of struct: a place's fields, as the columns of ``origin``): the
  route or transit places;
- ``cause_kind`` (dict, nullable): ``conflict``, ``disaster`` or ``other``.

Then, unless ``engine_columns=False``, the columns engines total with (`ENGINE_FIELDS`; see
`displacement.engines`), worked out by the library from the records written together:

- ``total_lower``, ``total_upper`` (float64; ``total_upper`` null: no upper bound, both null: no
  number): the count's bounds in ``total_unit`` (dict: the count's unit, or persons when
  ``household_sizes=`` converted households, at ``total_household_size``, float64), so that
  per group ``sum(total_lower)`` and ``sum(total_upper)`` is the interval total of records that
  are not reports of one fact; ``total_lower_excluded``, ``total_upper_excluded`` (bool: "more
  than", "less than"), ``total_approximate`` and ``total_whole`` (bool: whole numbers);
- ``total_fact`` (string): the fact the record reports (its places, population, movement, metric
  and causes, as a digest: equal for reports of one fact, in any file); ``total_start``,
  ``total_end`` (date32, null: open): the days its figure covers; ``total_year`` (int32, null: a
  period across years): the year a total ``by="year"`` puts it in;
- ``total_reliability`` (float64): its sources' best `Reliability` as a rank (0: none known);
  ``total_duplicates`` (int32, nullable): its group of `Dataset.suspected_duplicates`;
  ``total_nested`` (bool): a place of it lies within another place of the table;
  ``total_mixed`` (bool): its population is a mix.

These are derived, so `from_arrow` ignores them. Reliability and suspected duplicates need the
sources and the other records: write the dataset rather than bare records.

The schema carries ``displacement.kind`` (``flows`` or ``stocks``) and ``displacement.schema``
(`SCHEMA_VERSION`) in its metadata. A Parquet file written from a `Dataset` also carries the
dataset's sources, actors and events, as a JSON document under ``displacement.context``:
`read_parquet` reads them back as the records' context, so a file of flows keeps who reported
them. Engines read the columns and ignore the metadata. Counts are float64 columns, exact because a `Count` holds
at most 2**53 - 1; coordinates and household sizes are float64, so an int one comes back as a
float.

The columns come from the model (the fields of `Flow` and `Stock`, flattened), in the order of the
first layout; a column added since goes after the columns of its part. A table written before a
column existed (``count_household_size``, ``via``, ``cause_kind``, ``as_of_precision``,
``population_shares``, and those fields of a cohort) still reads: the missing column counts as
null, a missing ``via`` as no route, a missing ``as_of_precision`` as ``day``, a missing
``population_shares`` as no mix.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Final, TypeVar

from .. import _tally
from .._bulk import paused_gc_during, unchecked_columns
from .._validate import one_of, show
from ..count import Count, Qualifier
from ..dataset import RECORD_TYPES, TABLE_KINDS, Dataset, References, TableKind
from ..errors import DocumentError, ErrorDetail, ValidationError
from ..flow import Cohort, Flow, PopulationCategory, Settlement, Sex, Share, Stock
from ..households import HouseholdSizes
from ..period import Precision
from ..place import Accuracy, Place
from ..source import Attribution
from . import SCHEMA_VERSION, SUPPORTED_VERSIONS, _fields, _records
from .account import Load, RowAccount

try:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "displacement.io.arrow needs pyarrow: pip install 'displacement-events[arrow]'"
    ) from exc

__all__ = [
    "CONTEXT_KEY",
    "ENGINE_FIELDS",
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


# The layout comes from the model: `_fields.columns` flattens a Flow or a Stock into columns, and
# the functions below give each its Arrow type. Arrow adds one column of its own to every count,
# ``<count>_float``, since float64 columns do not say whether the numbers were ints.

_FIRST_LAYOUT: Final = (
    # The column order of the first layout (schema "1"), which files in the wild have. A column
    # added since goes after the last column of its part (``count_household_size`` after
    # ``count_float``), or at the end, so the columns of old tables keep their places.
    "id",
    *(
        f"{p}_{f}"
        for p in ("origin", "destination", "place")
        for f in ("country", "subdivision", "name", "lat", "lon")
    ),
    "movement",
    "metric",
    *(f"period_{f}" for f in ("start", "end", "precision", "as_of", "open_start")),
    "as_of",
    "population_category",
    "population_nationality",
    "population_description",
    "population_cohorts",
    "count_value",
    "count_upper",
    "count_unit",
    "count_qualifier",
    "count_float",
    "causes",
    "attributions",
    "term",
    "description",
)
_FIRST_ITEMS: Final = (
    # The same for the fields of the items of population_cohorts and attributions.
    *(
        "sex",
        "min_age",
        "max_age",
        "count_value",
        "count_upper",
        "count_unit",
        "count_qualifier",
        "count_float",
    ),
    *("source", "attributed_to", "excerpt"),
)
_TEXT: Final = frozenset({"id", "name", "description", "term"})
"""Free text, stored as plain strings; other top-level strings are codes and labels (dictionaries)."""


def _order(name: str, first: Sequence[str]) -> float:
    if name in first:
        return first.index(name)
    head = name.split("_")[0] + "_"
    same = [i for i, n in enumerate(first) if n.startswith(head)]
    return max(same) + 0.5 if same else len(first)


def _arrow_type(column: _fields.Column, top: bool) -> Any:
    tp = column.type
    if column.items:
        # the items of a list added since the first layout (a mix's shares) keep the model's order
        first = () if column.type is Share else None
        return pa.list_(pa.struct(_arrow_fields(column.items, top=False, first=first)))
    if _fields.sequence_of(tp) is str:
        return pa.list_(pa.string())
    if tp is str or _fields.is_enum(tp):
        return _DICT if top and column.key.rsplit(".", 1)[-1] not in _TEXT else pa.string()
    if tp is bool:
        return pa.bool_()
    if tp is int:
        return pa.int16()  # ages
    if tp is date:
        return pa.date32()
    return pa.float64()  # float, and int | float: counts stop at 2**53 - 1, exact in a float64


def _arrow_fields(
    columns: Sequence[_fields.Column], *, top: bool = True, first: Sequence[str] | None = None
) -> list[Any]:
    found = []
    for column in columns:
        found.append((column.name, pa.field(column.name, _arrow_type(column, top), column.nullable)))
        if column.owner is Count and column.key.endswith("value"):
            name = column.name.removesuffix("value") + "float"
            found.append((name, pa.field(name, pa.bool_(), column.nullable)))
    if first is None:
        first = _FIRST_LAYOUT if top else _FIRST_ITEMS
    order = first
    return [field for _, field in sorted(found, key=lambda item: _order(item[0], order))]


def _metadata(kind: Kind) -> dict[bytes, bytes]:
    return {b"displacement.kind": kind.encode(), b"displacement.schema": SCHEMA_VERSION.encode()}


FLOWS_SCHEMA: Final[Any] = pa.schema(_arrow_fields(_fields.columns(Flow)), metadata=_metadata("flows"))
"""The Arrow schema of a table of flows (see the module's documentation for every column)."""

STOCKS_SCHEMA: Final[Any] = pa.schema(_arrow_fields(_fields.columns(Stock)), metadata=_metadata("stocks"))
"""The Arrow schema of a table of stocks (see the module's documentation for every column)."""

_SCHEMAS: Final = {"flows": FLOWS_SCHEMA, "stocks": STOCKS_SCHEMA}

ENGINE_FIELDS: Final[Any] = pa.schema(
    [
        pa.field("total_lower", pa.float64()),
        pa.field("total_upper", pa.float64()),
        pa.field("total_lower_excluded", pa.bool_(), nullable=False),
        pa.field("total_upper_excluded", pa.bool_(), nullable=False),
        pa.field("total_approximate", pa.bool_(), nullable=False),
        pa.field("total_whole", pa.bool_(), nullable=False),
        pa.field("total_unit", _DICT),
        pa.field("total_household_size", pa.float64()),
        pa.field("total_fact", pa.string(), nullable=False),
        pa.field("total_start", pa.date32()),
        pa.field("total_end", pa.date32()),
        pa.field("total_year", pa.int32()),
        pa.field("total_reliability", pa.float64(), nullable=False),
        pa.field("total_duplicates", pa.int32()),
        pa.field("total_nested", pa.bool_(), nullable=False),
        pa.field("total_mixed", pa.bool_(), nullable=False),
    ]
)
"""The columns `to_arrow` adds for engines (``engine_columns=True``), after the record's own:
what `displacement.engines` needs to reconcile and add records as `Dataset.total` does. Derived
from the records, so `from_arrow` ignores them; see the module's docs for each."""
assert tuple(ENGINE_FIELDS.names) == _tally.ENGINE_COLUMNS


def _kind(kind: Any) -> Kind:
    return one_of("kind", kind, TABLE_KINDS)


# -- records to columns -----------------------------------------------------------------------


def _leaf(column: Any) -> Callable[[Any], Any]:
    """How one value of *column* is stored, from the value the record holds."""
    if isinstance(column, _Float):
        return _Float.value  # its attributes lead to the count
    if column.items:
        item_getters = [(c.name, c.attributes, _leaf(c)) for c in _item_columns(column.items)]
        return lambda items: [
            {name: store(_get(item, attributes)) for name, attributes, store in item_getters}
            for item in items
        ]
    if _fields.is_enum(column.type):
        return lambda v: None if v is None else v.value
    if _fields.sequence_of(column.type) is not None:
        return list
    return lambda v: v


def _get(obj: Any, attributes: tuple[str, ...]) -> Any:
    for a in attributes:
        if obj is None:
            return None
        obj = getattr(obj, a)
    return obj


class _Float:
    """Arrow's own ``count_float`` column: whether a count's numbers were floats."""

    type = bool
    key = "float"

    def __init__(self, count: _fields.Column) -> None:
        self.name = count.name.removesuffix("value") + "float"
        self.attributes = count.part

    @staticmethod
    def value(c: Count | None) -> bool | None:
        return None if c is None else isinstance(c.magnitude, float) or isinstance(c.upper_magnitude, float)


def _item_columns(columns: Sequence[_fields.Column]) -> list[Any]:
    """*columns* and, after each count's value, its `_Float` column."""
    found: list[Any] = []
    for column in columns:
        found.append(column)
        if column.owner is Count and column.key.endswith("value"):
            found.append(_Float(column))
    return found


def _shared(values: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """Convert each value once per distinct object (records share their parts)."""
    done: dict[int, Any] = {}
    out = []
    for value in values:
        key = id(value)
        if key not in done:
            done[key] = convert(value)
        out.append(done[key])
    return out


def to_arrow(
    data: Dataset | Iterable[Flow | Stock],
    *,
    kind: Kind | None = None,
    engine_columns: bool = True,
    household_sizes: HouseholdSizes | None = None,
) -> Any:
    """The dataset's flows or stocks (*kind*), or the given records, as a `pyarrow.Table`.

    *kind* may be left out when the data says it: records of one type, or a dataset with flows
    or stocks but not both. The table has `FLOWS_SCHEMA` or `STOCKS_SCHEMA`, then (unless
    *engine_columns* is false) the `ENGINE_FIELDS` that `displacement.engines` totals with:
    each record's bounds, in persons where *household_sizes* converts households. Rows keep the
    records' order. Pass the dataset rather than its records, so that the columns know its
    sources' reliability and its suspected duplicates.
    """
    kind, records, dataset = _records.select(data, kind, TABLE_KINDS)
    if not isinstance(engine_columns, bool):
        raise ValidationError.single(
            "engine_columns", f"expected True or False, got {show(engine_columns)}", engine_columns
        )
    if household_sizes is not None and not isinstance(household_sizes, HouseholdSizes):
        raise ValidationError.single(
            "household_sizes", f"expected HouseholdSizes, got {show(household_sizes)}", household_sizes
        )
    parts: dict[tuple[str, ...], list[Any]] = {(): list(records)}  # the records' parts, once each

    def objects(attributes: tuple[str, ...]) -> list[Any]:
        if attributes not in parts:
            above, name = objects(attributes[:-1]), attributes[-1]
            parts[attributes] = [None if o is None else getattr(o, name) for o in above]
        return parts[attributes]

    columns: dict[str, Any] = {}
    cls: Any = RECORD_TYPES[kind]
    for column in _item_columns(_fields.columns(cls)):
        if isinstance(column, _Float):
            columns[column.name] = [_Float.value(c) for c in objects(column.attributes)]
            continue
        values = objects(column.attributes)
        if column.items or _fields.sequence_of(column.type) is not None:
            columns[column.name] = _shared(values, _leaf(column))
        elif _fields.is_enum(column.type):
            columns[column.name] = [None if v is None else v.value for v in values]
        else:
            columns[column.name] = values
    schema = _SCHEMAS[kind]
    arrays = []
    for field in schema:
        values = columns[field.name]
        if field.type == _DICT:
            arrays.append(pa.array(values, pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(values, field.type))
    if engine_columns:
        derived = _tally.engine_columns(records, kind, dataset, household_sizes)
        for field in ENGINE_FIELDS:
            values = derived[field.name]
            array = pa.array(values, pa.string() if field.type == _DICT else field.type)
            arrays.append(array.dictionary_encode() if field.type == _DICT else array)
        schema = pa.schema([*schema, *ENGINE_FIELDS], metadata=schema.metadata)
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


def _columns(table: Any, kind: Kind) -> dict[str, Any]:
    """The table's columns as Arrow arrays (one chunk each) in the schema's types, or a clear error.

    A column may come in another layout of the same values (plain or large strings for a
    dictionary, a large list, a wider or narrower integer, date64, a timestamp at midnight) and
    is converted exactly; a column of other values (numbers for ages, text for dates) or with
    nulls where the schema has none is reported, never repaired.
    """
    schema = _SCHEMAS[kind]
    table = _upgraded(table, schema)
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
    columns: dict[str, Any] = {}
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
        columns[field.name] = _whole(column)
    if problems:
        raise ValidationError(problems, title=_title(kind, len(problems)))
    return columns


_ADDED_DEFAULTS: Final = {"as_of_precision": Precision.DAY.value}
"""Required columns added since the first layout, with the value a table without one means (a
stock's date was always a day before schema 1.2)."""


def _upgraded(table: Any, schema: Any) -> Any:
    """*table* with the columns (and cohort fields) added since the first layout, all null (a list
    column such as ``via``: empty), where it lacks them: tables written before those columns
    existed still read, as "not given"."""
    for field in schema:
        if field.name not in _FIRST_LAYOUT and field.name not in table.column_names:
            if field.name in _ADDED_DEFAULTS:  # a required column added since: its default
                given = pa.array([_ADDED_DEFAULTS[field.name]] * table.num_rows, pa.string())
                table = table.append_column(field, given.dictionary_encode())
            elif pa.types.is_list(field.type) and not field.nullable:  # a list that no row had: empty
                empty = pa.array([[]] * table.num_rows, field.type)
                table = table.append_column(field, empty)
            else:
                table = table.append_column(field, pa.nulls(table.num_rows, field.type))
        elif pa.types.is_list(field.type) and field.name in table.column_names:
            column = table.column(field.name)
            if not any(test(column.type) for test in _LISTS[:2]) or not pa.types.is_struct(
                column.type.value_type
            ):
                continue
            struct = column.type.value_type
            have = [struct.field(i).name for i in range(struct.num_fields)]
            want = list(field.type.value_type)
            added = [f for f in want if f.name not in have and f.name not in _FIRST_ITEMS]
            if added and have == [f.name for f in want if f not in added]:
                chunks = [_with_fields(chunk, added) for chunk in column.chunks]
                new = pa.chunked_array(chunks, chunks[0].type) if chunks else column
                table = table.set_column(table.column_names.index(field.name), field.name, new)
    return table


def _with_fields(chunk: Any, added: list[Any]) -> Any:
    """A list-of-structs array with null *added* fields in each struct."""
    values = chunk.values
    children = [values.field(i) for i in range(values.type.num_fields)]
    children += [pa.nulls(len(values), f.type) for f in added]
    struct = pa.StructArray.from_arrays(
        children, fields=[*values.type, *added], mask=values.is_null() if values.null_count else None
    )
    return type(chunk).from_arrays(chunk.offsets, struct, mask=chunk.is_null() if chunk.null_count else None)


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


def _whole(column: Any) -> Any:
    """A column as one Arrow array (chunks of a dictionary column share one dictionary first)."""
    if isinstance(column, pa.Array):
        return column
    if column.num_chunks == 1:
        return column.chunk(0)
    if pa.types.is_dictionary(column.type):
        column = column.unify_dictionaries()
    if column.num_chunks == 0:
        return pa.array([], column.type)
    return column.combine_chunks()


def _codes(array: Any) -> Any:
    """A number per value of *array* (numpy int64): equal values, and nulls, have equal numbers.

    Hashing in Arrow (``dictionary_encode``) finds equal values without making Python objects,
    so each distinct place, period or count is built once from the first row that has it.
    Numbers start at 0 and stay below the length of *array* plus two.
    """
    import numpy as np

    n = len(array)
    if array.null_count == n:
        return np.zeros(n, np.int64)
    kind = array.type
    if pa.types.is_dictionary(kind):
        values = np.append(_codes(array.dictionary), -1)  # -1: the code of a null index
        indices = array.indices.fill_null(len(array.dictionary)).to_numpy(zero_copy_only=False)
        return _compact(values[indices])
    if pa.types.is_struct(kind):
        fields = [_codes(f) for f in array.flatten()]
        if array.null_count:
            fields.append(array.is_valid().to_numpy(zero_copy_only=False).astype(np.int64))
        return _combined(fields, n)
    if any(test(kind) for test in _LISTS[:2]):
        return _list_codes(array)
    encoded = pc.dictionary_encode(array, null_encoding="encode")
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _compact(codes: Any) -> Any:
    """*codes* renumbered 0, 1, 2... (equal stays equal)."""
    import numpy as np

    encoded = pc.dictionary_encode(pa.array(codes))
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _combined(codes: list[Any], n: int) -> Any:
    """One code per row for the combination of the rows' *codes* (each from `_codes`)."""
    import numpy as np

    key = np.zeros(n, np.int64)
    for column in codes:
        if not len(column) or not column.any():
            continue
        key = key * (int(column.max()) + 1) + column
        if key.max() > 2**31:  # keep the next product within int64: renumber
            key = _compact(key)
    return key


def _list_codes(array: Any) -> Any:
    """`_codes` of a list column: a code per distinct sequence of items (null is its own)."""
    import numpy as np

    offsets = array.offsets.to_numpy(zero_copy_only=False)
    lengths = np.diff(offsets)
    items = _codes(array.values) if len(array.values) else np.zeros(0, np.int64)
    # 0: null, 1: empty, 2 + item: one item, past those: each longer sequence in turn
    key = np.where(lengths == 0, 1, 0).astype(np.int64)
    one = np.flatnonzero(lengths == 1)
    key[one] = items[offsets[one]] + 2
    longer: dict[tuple[int, ...], int] = {}
    start = (int(items.max()) + 3) if len(items) else 2
    for i in np.flatnonzero(lengths > 1).tolist():
        seq = tuple(items[offsets[i] : offsets[i + 1]].tolist())
        key[i] = longer.setdefault(seq, start + len(longer))
    if array.null_count:
        key[~array.is_valid().to_numpy(zero_copy_only=False)] = 0
    return key


class _Builder:
    """Builds validated records from column values, one object per distinct part."""

    def __init__(self, columns: dict[str, Any], n: int) -> None:
        self.columns = columns
        self.n = n
        self.errors: list[ErrorDetail] = []
        self._codes: dict[str, Any] = {}
        self.parts: dict[str, tuple[Any, list[Any]]] = {}  # key: (code of each row, part of each code)
        self.plain: dict[str, str] = {}  # key: the column of a field taken as it is (an id)

    def codes(self, name: str) -> Any:
        if name not in self._codes:
            self._codes[name] = _codes(self.columns[name])
        return self._codes[name]

    def values(self, name: str) -> list[Any]:
        """Every value of the column *name*, as Python objects."""
        return _pylist(pa.chunked_array([self.columns[name]]))

    def distinct(self, key: str, names: Sequence[str], build: Callable[..., Any]) -> list[Any]:
        """``build(*values)`` of the columns *names* in each row, called once per distinct row.

        A build that raises `ValidationError` gives ``None`` and an error at ``rows[i].key`` for
        every row *i* with those values; `_Problem` is such an error without a value.
        """
        import numpy as np

        n = self.n
        codes = _compact(_combined([self.codes(name) for name in names], n)) if n else np.zeros(0)
        if not n:
            self.parts[key] = (np.zeros(0, np.int64), [])
            return []
        first = np.zeros(int(codes.max()) + 1, np.int64)
        first[codes] = np.arange(n)  # a row of each code (any row of it: they hold the same values)
        chosen = pa.array(first)
        args = zip(*(_pylist(pa.chunked_array([self.columns[m].take(chosen)])) for m in names), strict=True)
        made: list[Any] = []
        failed: dict[int, ValidationError] = {}
        for j, values in enumerate(args):
            try:
                made.append(build(*values))
            except ValidationError as exc:
                failed[j] = exc
                made.append(None)
        if failed:
            for i in np.flatnonzero(np.isin(codes, list(failed))).tolist():
                self.errors.extend(failed[int(codes[i])].within(f"rows[{i}].{key}").errors)
        self.parts[key] = (codes, made)
        return list(map(made.__getitem__, codes.tolist()))


def _problem(message: str) -> ValidationError:
    """A problem of a part as a whole (``rows[3].count: has a value but a null count_unit``)."""
    return ValidationError([ErrorDetail("", message, None)])


_COUNT_PARTS: Final = ("count_unit", "count_qualifier", "count_float")


def _choice(cls: Any, value: Any, field: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        names = ", ".join(m.value for m in cls)
        raise ValidationError.single(field, f"{value!r} is not a {cls.__name__} ({names})", value) from None


def _optional_choice(cls: Any, value: Any) -> Any:
    """A top-level enum column's member; null where the field is optional (a ``cause_kind``)."""
    return None if value is None else _choice(cls, value, "")


def _number(value: float | None, is_float: bool, field: str) -> int | float | None:
    if value is None or is_float:
        return value
    if not value.is_integer():
        raise ValidationError.single(
            field, f"{value!r} is not a whole number, but count_float says the count holds ints", value
        )
    return int(value)


def _count(value: Any, unit: Any, qualifier: Any, upper: Any, household_size: Any, is_float: Any) -> Count:
    return Count(
        _number(value, is_float, "value"),  # type: ignore[arg-type]
        unit,
        _choice(Qualifier, qualifier, "qualifier"),
        _number(upper, is_float, "upper"),
        household_size=household_size,
    )


_COHORT_FIELDS: Final = tuple(f.name for f in FLOWS_SCHEMA.field("population_cohorts").type.value_type)
_SEX, _MIN_AGE, _MAX_AGE = (_COHORT_FIELDS.index(n) for n in ("sex", "min_age", "max_age"))
_SETTLEMENT, _IN_CAMP, _DISABILITY = (
    _COHORT_FIELDS.index(n) for n in ("settlement", "in_camp", "disability")
)
_COHORT_COUNT: Final = tuple(
    _COHORT_FIELDS.index(n)
    for n in (
        "count_value",
        "count_unit",
        "count_qualifier",
        "count_upper",
        "count_household_size",
        "count_float",
    )
)


def _cohort(cohort: tuple[Any, ...]) -> Cohort:
    count = _count(*(cohort[i] for i in _COHORT_COUNT))
    sex = cohort[_SEX]
    settlement = cohort[_SETTLEMENT]
    return Cohort(
        None if sex is None else _choice(Sex, sex, "sex"),
        cohort[_MIN_AGE],
        cohort[_MAX_AGE],
        count,
        settlement=None if settlement is None else _choice(Settlement, settlement, "settlement"),
        in_camp=cohort[_IN_CAMP],
        disability=cohort[_DISABILITY],
    )


def _part(cls: Any, columns: Sequence[_fields.Column], *values: Any) -> Any:
    """A `Place`, `Period` or `Population` from the values of its columns, by key."""
    given = {}
    for column, value in zip(columns, values, strict=True):
        key = column.key.rsplit(".", 1)[-1]
        if column.items:
            value = _shares(value) if column.type is Share else _cohorts(value)
        elif value is not None and _fields.is_enum(column.type):
            value = _choice(column.type, value, key)
        given[key] = value
    return cls(**given)


_Part = TypeVar("_Part")


def _each(items: Any, build: Callable[[Any], _Part], name: str) -> list[_Part]:
    """``build`` of each item of a list cell, an error naming the item (``cohorts[2]``)."""
    built = []
    for j, item in enumerate(items):
        try:
            built.append(build(item))
        except ValidationError as exc:
            raise exc.within(f"{name}[{j}]") from None
    return built


def _cohorts(cohorts: Any) -> list[Cohort]:
    return _each(cohorts, _cohort, "cohorts")


_SHARE_FIELDS: Final = tuple(f.name for f in FLOWS_SCHEMA.field("population_shares").type.value_type)
_SHARE_COUNT: Final = tuple(
    _SHARE_FIELDS.index(n)
    for n in (
        "count_value",
        "count_unit",
        "count_qualifier",
        "count_upper",
        "count_household_size",
        "count_float",
    )
)
_SHARE_NATIONALITY, _SHARE_CATEGORY, _SHARE_FRACTION, _SHARE_QUALIFIER = (
    _SHARE_FIELDS.index(n) for n in ("nationality", "category", "fraction", "qualifier")
)


def _share(share: tuple[Any, ...]) -> Share:
    count_parts = [share[i] for i in _SHARE_COUNT]
    if count_parts[0] is None:
        if any(p is not None for p in count_parts[1:]):
            raise ValidationError.single("count", "has a unit, qualifier or upper bound but no value", None)
        count = None
    else:
        count = _count(*count_parts)
    category = share[_SHARE_CATEGORY]
    qualifier = share[_SHARE_QUALIFIER]
    return Share(
        nationality=share[_SHARE_NATIONALITY],
        category=None if category is None else _choice(PopulationCategory, category, "category"),
        count=count,
        fraction=share[_SHARE_FRACTION],
        qualifier=Qualifier.EXACT if qualifier is None else _choice(Qualifier, qualifier, "qualifier"),
    )


def _shares(shares: Any) -> list[Share]:
    return _each(shares, _share, "shares")


def _attributions(items: Any) -> tuple[Attribution, ...]:
    out = []
    for j, a in enumerate(items):
        try:
            source, attributed_to, excerpt = a
            out.append(Attribution(source, attributed_to=attributed_to, excerpt=excerpt))
        except ValidationError as exc:
            raise exc.within(f"[{j}]") from None
    return tuple(out)


_PLACE_FIELDS: Final = tuple(f.name for f in FLOWS_SCHEMA.field("via").type.value_type)


def _places(items: Any) -> tuple[Place, ...]:
    """The places of a list of place structs (a flow's ``via``), each checked where it stands."""
    out = []
    for j, item in enumerate(items):
        given = dict(zip(_PLACE_FIELDS, item, strict=True))
        try:
            accuracy = given.get("accuracy")
            if accuracy is not None:
                given["accuracy"] = _choice(Accuracy, accuracy, "accuracy")
            out.append(Place(**given))
        except ValidationError as exc:
            raise exc.within(f"[{j}]") from None
    return tuple(out)


def _texts(values: Any) -> tuple[str, ...]:
    return tuple(values)


def from_arrow(
    table: Any,
    kind: Kind | None = None,
    *,
    context: Dataset | None = None,
    references: References = "strict",
) -> Load:
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
    read; a record that refers to an id the context lacks raises `ValidationError`, unless
    ``references="open"``: then such ids are kept as open references (`Dataset.open_references`),
    and a table made elsewhere reads without a context. Any problem raises, so the account always
    says that every row made one record.
    """
    kind, records = _from_arrow(table, kind)
    return _load(kind, records, context, "Arrow table", references)


def _load(
    kind: Kind, records: tuple[Any, ...], context: Dataset | None, name: str, references: References
) -> Load:
    dataset = _records.dataset(context, kind, records, name, references)
    n = len(records)
    return Load(dataset, RowAccount(name, rows=n, loaded=n, blank=0, records=n))


@paused_gc_during  # a record per row: see displacement._bulk
def _from_arrow(table: Any, kind: Kind | None) -> tuple[Kind, tuple[Any, ...]]:
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise ValidationError.single("table", f"expected a pyarrow Table, got {show(table)}", table)
    kind = _infer_kind(table, kind)
    derived = [name for name in ENGINE_FIELDS.names if name in table.column_names]
    if derived:  # worked out from the records: they are made again, not read
        table = table.drop_columns(derived)
    columns = _columns(table, kind)
    build = _Builder(columns, table.num_rows)
    cls: Any = RECORD_TYPES[kind]
    layout = _fields.columns(cls)
    values: dict[str, list[Any]] = {}  # each init argument of the record, row by row
    for f in _fields.fields(cls):
        own = [c for c in layout if c.attributes[0] == f.name]
        names = [c.name for c in own]
        if own[0].attributes != (f.name,):  # a part: Place, Period, Population, Count
            if own[0].owner is Count:
                values[f.key] = build.distinct(f.key, [*names, "count_float"], _counted(names))
            else:
                values[f.key] = build.distinct(f.key, names, functools.partial(_part, own[0].owner, own))
        elif own[0].items:
            items = _places if own[0].type is Place else _attributions
            values[f.key] = build.distinct(f.key, names, items)
        elif _fields.sequence_of(own[0].type) is not None:
            values[f.key] = build.distinct(f.key, names, _texts)
        elif _fields.is_enum(own[0].type):
            values[f.key] = build.distinct(f.key, names, functools.partial(_optional_choice, own[0].type))
        else:
            values[f.key] = build.values(names[0])
            build.plain[f.key] = names[0]
    records: list[Any] = []
    if not build.errors:
        records = _records_of(cls, build, values)
    if build.errors:
        build.errors.sort(key=_row_number)  # by row, then in the order of the record's fields
        raise ValidationError(build.errors, title=_title(kind, len(build.errors)))
    return kind, tuple(records)


_MAKERS: Final = {cls: unchecked_columns(cls) for cls in (Flow, Stock)}


_TOGETHER: Final = (("origin", "movement", "destination"), ("population", "count"))
"""Fields whose checks read each other (a flow's destination its origin and movement, a
population's cohorts and shares the count); every other check of a record reads one field."""


def _records_of(cls: Any, build: _Builder, values: dict[str, list[Any]]) -> list[Any]:
    """The records of the rows, each validated as ``cls(**values)`` would, by its distinct parts.

    A record's checks read one field, or fields that go together (`_TOGETHER`), and most
    values are shared by many rows: ``cls(...)`` makes the record of one row of each distinct
    value of a field (or combination of fields that go together), and the others are made from
    the same parts unchecked (`_bulk`), which passes the same checks. Free text (an id)
    differs from row to row: a row whose text a check might refuse (empty, or starting with
    whitespace) is made by ``cls(...)``. A refused row, and every row that shares the refused
    value, is checked on its own, so the errors are exactly those ``cls(...)`` gives. A count
    joins the population only where it has cohorts or shares, the only check that reads both.
    """
    import numpy as np

    n = build.n
    keys = list(values)
    groups: list[list[Any]] = []
    texts: list[str] = []
    together = [g for g in _TOGETHER if all(k in keys for k in g)]
    for key in keys:
        if any(key in g for g in together):
            continue
        if key in build.parts:
            groups.append([build.parts[key][0]])
        elif pa.types.is_string(build.columns[build.plain[key]].type):
            texts.append(key)
        else:
            groups.append([build.codes(build.plain[key])])
    for keys_together in together:
        codes = []
        for key in keys_together:
            if key == "count" and "population" in keys_together:
                population, made = build.parts["population"]
                mixed = np.array([bool(p is not None and (p.cohorts or p.shares)) for p in made] or [False])
                codes.append(np.where(mixed[population], build.parts["count"][0] + 1, 0))
            else:
                codes.append(build.parts[key][0] if key in build.parts else build.codes(build.plain[key]))
        groups.append(codes)
    checked = np.zeros(n, bool)
    group_codes = []
    for group in groups:
        combined = _compact(_combined(group, n)) if n else np.zeros(0, np.int64)
        group_codes.append(combined)
        if n:
            first = np.zeros(int(combined.max()) + 1, np.int64)
            first[combined] = np.arange(n)
            checked[first] = True
    for key in texts:
        checked[[i for i, v in enumerate(values[key]) if v is not None and (not v or v[0].isspace())]] = True
    refused = np.zeros(n, bool)
    for i in np.flatnonzero(checked).tolist():
        try:
            cls(**{k: values[k][i] for k in keys})
        except ValidationError as exc:
            build.errors.extend(exc.within(f"rows[{i}]").errors)
            for shared in group_codes:  # any row sharing a value of this row may be refused too
                refused |= shared == shared[i]
    for i in np.flatnonzero(refused & ~checked).tolist():
        try:
            cls(**{k: values[k][i] for k in keys})
        except ValidationError as exc:
            build.errors.extend(exc.within(f"rows[{i}]").errors)
    if build.errors:
        return []
    return _MAKERS[cls](n, **values)


def _row_number(error: ErrorDetail) -> int:
    return int(error.path[5 : error.path.index("]")])  # rows[12].count.value


def _counted(names: list[str]) -> Callable[..., Count | None]:
    """How a row's count is made from the values of its columns *names* (then ``count_float``):
    none when the value is null, and then no other part may be given."""
    names = [*names, "count_float"]
    required = [names.index(n) for n in _COUNT_PARTS]

    def count(*key: Any) -> Count | None:
        if key[0] is None:
            if any(k is not None for k in key[1:]):
                raise _problem("has a unit, qualifier or upper bound but no value")
            return None
        if any(key[j] is None for j in required):
            nulls = ", ".join(names[j] for j in required if key[j] is None)
            raise _problem(f"has a value but a null {nulls}")
        return _count(*key)

    return count


# -- Parquet ----------------------------------------------------------------------------------


CONTEXT_KEY: Final = b"displacement.context"
"""The Parquet metadata key under which `write_parquet` keeps a dataset's sources, actors and
events (a JSON document) and `read_parquet` finds them."""


def write_parquet(
    data: Dataset | Iterable[Flow | Stock],
    target: str | os.PathLike[str],
    *,
    kind: Kind | None = None,
    engine_columns: bool = True,
    household_sizes: HouseholdSizes | None = None,
    **options: Any,
) -> None:
    """Write the flows or stocks (*kind*) of *data* to a Parquet file at *target*.

    *kind* may be left out when the data says it; *engine_columns* and *household_sizes* are
    those of `to_arrow` (the columns `displacement.engines` totals with). *options* go to
    `pyarrow.parquet.write_table` (``compression="zstd"``, ``row_group_size``...). DuckDB,
    Polars, pandas, Dask and Spark read the file directly. Given a `Dataset`, the file also keeps
    its sources, actors and events (under `CONTEXT_KEY` in the metadata), which `read_parquet`
    reads back.
    """
    table = to_arrow(data, kind=kind, engine_columns=engine_columns, household_sizes=household_sizes)
    if isinstance(data, Dataset) and (data.sources or data.actors or data.events):
        from . import json as io_json

        held = Dataset(sources=data.sources, actors=data.actors, events=data.events, references="open")
        metadata = dict(table.schema.metadata or {})
        metadata[CONTEXT_KEY] = io_json.dumps(held, indent=None).encode()
        table = table.replace_schema_metadata(metadata)
    pq.write_table(table, os.fspath(target), **options)


def read_parquet(
    path: str | os.PathLike[str],
    kind: Kind | None = None,
    *,
    context: Dataset | None = None,
    references: References = "strict",
) -> Load:
    """The flows or stocks of a Parquet file written by `write_parquet` (or any engine, same columns).

    A path that is missing, a folder, or a file that is not Parquet (or is cut short) raises
    `DocumentError` naming the path; a Parquet file of other columns or values raises
    `ValidationError`, as `from_arrow` does. *context* is the dataset that holds the sources
    and events the records refer to (default: those `write_parquet` kept in the file, if any),
    and *references* says what to do with an id it lacks, as for `from_arrow`.
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
    if context is None:
        context = _stored_context(table, name)
    return _load(found, records, context, os.path.basename(name) or name, references)


def _stored_context(table: Any, name: str) -> Dataset | None:
    """The sources, actors and events `write_parquet` kept in the file's metadata, if any."""
    stored = (table.schema.metadata or {}).get(CONTEXT_KEY)
    if stored is None:
        return None
    from . import json as io_json

    try:
        return io_json.loads(stored, references="open")
    except DocumentError as exc:
        raise DocumentError(
            f"{name}: its {CONTEXT_KEY.decode()} metadata is not a document ({exc})"
        ) from None
    except ValidationError as exc:
        raise ValidationError(exc.errors, title=f"{name}: its {CONTEXT_KEY.decode()} metadata") from None
