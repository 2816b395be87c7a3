"""Totals in engines: DuckDB, Dask and Spark reconcile and add records as `Dataset.total` does.

`displacement.io.arrow` writes each flow or stock with the columns a total needs
(`~displacement.io.arrow.ENGINE_FIELDS`: its bounds in persons, the fact it reports, the days
its figure covers, its sources' reliability...). The functions here run one query over such a
table in an engine and return the library's `Totals`, equal to what `Dataset.total` gives for
the same records: reports of one fact reconciled (a later cumulative report supersedes an
earlier one; the others by the *policy*), facts added as intervals, records set aside with
their reason, records without a number listed, suspected duplicates marked.

- `duckdb_total`: SQL with window functions, over a Parquet file or folder, a pyarrow table or
  a DuckDB relation.
- `spark_total`: the same SQL, run by Spark SQL over a PySpark DataFrame.
- `dask_total`: a Dask DataFrame (on a ``dask.distributed`` cluster or any scheduler): Dask
  shuffles the rows so that each group lies in one partition, then every partition runs the
  same SQL in DuckDB (so workers need ``duckdb`` installed).

The reconciliation is written once, as the SQL `query` returns. What engines run:

- policies `Policy.LATEST` (the default), `Policy.MOST_RELIABLE` and `Policy.MAXIMUM`;
  `Policy.RANGE` raises `EngineError` (use `Dataset.total`);
- ``by`` any field of `Dataset.total` but the dimensions of cohorts (``sex``, ``age``...);
- ``during``, as `Dataset.total` (records only partly within set aside);
- households become persons when the table was written with ``household_sizes``.

Data an engine does not reconcile raises `EngineError` naming the group, never a wrong total:
a place within another place of the table (a breakdown: ``Reason.BREAKDOWN``), a mixed
population when ``by`` names ``nationality`` or ``category``, reports of one fact in different
units. Filter the table first instead of passing ``where``.
"""

from __future__ import annotations

import importlib
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Final

from ._intervals import count_of, unit_factor
from ._tally import ENGINE_COLUMNS
from ._validate import one_of, show
from .dataset import TABLE_KINDS, TableKind
from .errors import DisplacementError, DocumentError, EngineError, UnitError, ValidationError
from .flow import Metric, Movement, PopulationCategory
from .period import Period
from .totals import COHORT_FIELDS, Key, Policy, Reason, SetAside, Total, Totals

__all__ = ["ENGINE_POLICIES", "dask_total", "duckdb_total", "query", "spark_total"]

ENGINE_POLICIES: Final = (Policy.LATEST, Policy.MOST_RELIABLE, Policy.MAXIMUM)
"""The policies engines run (`Policy.RANGE` needs `Dataset.total`)."""

_PLACE_LEVELS: Final = ("subdivision", "admin1", "admin2", "admin3")

_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "flows": {
        **{
            f"{p}{'.' + level if level else ''}": f"{p}_{level or 'country'}"
            for p in ("origin", "destination")
            for level in ("", *_PLACE_LEVELS)
        },
        "movement": "movement",
        "metric": "metric",
        "category": "population_category",
        "nationality": "population_nationality",
        "year": "total_year",
    },
    "stocks": {
        **{
            f"place{'.' + level if level else ''}": f"place_{level or 'country'}"
            for level in ("", *_PLACE_LEVELS)
        },
        "category": "population_category",
        "nationality": "population_nationality",
        "year": "total_year",
    },
}
"""What a total may group by in an engine: field -> the column that holds it."""

_DEFAULT_BY: Final = {"flows": ("origin", "destination"), "stocks": ("place",)}

_CHOICES: Final[dict[str, Any]] = {"movement": Movement, "metric": Metric, "category": PopulationCategory}
"""Fields whose values come back from an engine as text and are choices of the model."""


def _duckdb_struct(pairs: Sequence[tuple[str, str]]) -> str:
    return "struct_pack(" + ", ".join(f"{k} := {v}" for k, v in pairs) + ")"


def _spark_struct(pairs: Sequence[tuple[str, str]]) -> str:
    return "named_struct(" + ", ".join(f"'{k}', {v}" for k, v in pairs) + ")"


_STRUCT: Final = {
    "duckdb": _duckdb_struct,
    "spark": _spark_struct,
}


def _fields(of: str, by: str | Sequence[str] | None) -> tuple[str, ...]:
    fields = _DEFAULT_BY[of] if by is None else (by,) if isinstance(by, str) else tuple(by)
    if not all(isinstance(f, str) for f in fields):
        raise ValidationError.single("by", f"expected field names, got {show(by)}", by)
    if len(set(fields)) != len(fields):
        raise ValidationError.single("by", f"a field is named twice in {show(fields)}", by)
    for f in fields:
        if f in COHORT_FIELDS:
            raise EngineError(
                f"engines do not total by {f!r} (a dimension of cohorts): use Dataset.total for breakdowns by cohort"
            )
        if f not in _COLUMNS[of]:
            allowed = ", ".join(_COLUMNS[of])
            raise ValidationError.single("by", f"{of} cannot be grouped by {f!r} (choose from {allowed})", f)
    return fields


def _check(of: Any, by: Any, during: Any, policy: Any) -> tuple[TableKind, tuple[str, ...]]:
    kind: TableKind = "flows" if one_of("of", of, TABLE_KINDS) == "flows" else "stocks"
    fields = _fields(kind, by)
    if during is not None and not isinstance(during, Period):
        raise ValidationError.single("during", f"expected a Period, got {show(during)}", during)
    if not isinstance(policy, Policy):
        raise ValidationError.single("policy", f"expected a Policy, got {show(policy)}", policy)
    if policy not in ENGINE_POLICIES:
        raise EngineError(f"engines do not reconcile by Policy.{policy.name}: use Dataset.total for it")
    return kind, fields


def _date(day: date) -> str:
    return f"DATE '{day.isoformat()}'"


def query(
    source: str,
    of: TableKind = "flows",
    *,
    by: str | Sequence[str] | None = None,
    during: Period | None = None,
    policy: Policy = Policy.LATEST,
    dialect: str = "duckdb",
) -> str:
    """The SQL that totals the table *source* (a table or view name, or ``read_parquet(...)``).

    One row per group: the group's key columns ``k0``, ``k1``... then what `Totals` is built
    from. *dialect* is ``"duckdb"`` or ``"spark"`` (they differ only in how a struct is made).
    The functions of this module run it; it is public so that you can read it, explain it, or
    run it in an engine of your own.
    """
    kind, fields = _check(of, by, during, policy)
    struct = _STRUCT[one_of("dialect", dialect, tuple(_STRUCT))]
    flows = kind == "flows"
    keys = [
        f"CAST({_COLUMNS[kind][f]} AS {'INTEGER' if f == 'year' else 'STRING'}) AS k{i}"
        for i, f in enumerate(fields)
    ]
    key_names = [f"k{i}" for i in range(len(fields))]
    fact = ["fact", *(["k" + str(fields.index("year"))] if "year" in fields else [])]
    low = during.start if during is not None else None
    high = (during.end if during.end is not None else during.as_of) if during is not None else None
    inside = (
        " AND ".join(
            [
                *([f"ts IS NOT NULL AND ts >= {_date(low)}"] if low else []),
                *([f"te IS NOT NULL AND te <= {_date(high)}"] if high else []),
            ]
        )
        or "TRUE"
    )
    overlaps = (
        " AND ".join(
            [
                *([f"coalesce(ts, DATE '0001-01-01') <= {_date(high)}"] if high else []),
                *([f"coalesce(te, DATE '9999-12-31') >= {_date(low)}"] if low else []),
            ]
        )
        or "TRUE"
    )
    # the order of recency: a flow's later end, then its longer period; a stock's later first day
    recency = "e DESC, s ASC" if flows else "s DESC, e ASC"
    rank = {
        Policy.LATEST: f"{recency}, rel DESC",
        Policy.MOST_RELIABLE: f"rel DESC, {recency}",
        Policy.MAXIMUM: f"lo DESC NULLS LAST, (hi IS NULL) DESC, hi DESC NULLS LAST, {recency}",
    }[policy]
    component = (
        f"SUM(CASE WHEN reach IS NULL OR s > reach THEN 1 ELSE 0 END) OVER (PARTITION BY {', '.join(fact)} "
        "ORDER BY s, e, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        if flows
        else "0"
    )
    fact_of = ", ".join([*fact, "c"])
    series = ", ".join([*fact, "c", "s", "open_start"]) if flows else fact_of
    carried = ", ".join(
        [
            *key_names,
            "id",
            "lo",
            "hi",
            "lx",
            "hx",
            "ap",
            "wh",
            "unit",
            "hs",
            "dup",
            "metric",
            "nested",
            "mixed",
        ]
    )
    added = "role = 'added'"
    counted = "role <> 'partly_outside'"
    group_by = f"GROUP BY {', '.join(key_names)}" if key_names else ""
    return f"""
WITH typed AS (
  SELECT {", ".join([*keys, ""])}CAST(id AS STRING) AS id, CAST(total_fact AS STRING) AS fact,
    CAST(total_start AS DATE) AS ts, CAST(total_end AS DATE) AS te,
    {"coalesce(CAST(period_open_start AS BOOLEAN), FALSE)" if flows else "FALSE"} AS open_start,
    CAST(total_lower AS DOUBLE) AS lo, CAST(total_upper AS DOUBLE) AS hi,
    CAST(total_lower_excluded AS BOOLEAN) AS lx, CAST(total_upper_excluded AS BOOLEAN) AS hx,
    CAST(total_approximate AS BOOLEAN) AS ap, CAST(total_whole AS BOOLEAN) AS wh,
    CAST(total_unit AS STRING) AS unit, CAST(total_household_size AS DOUBLE) AS hs,
    CAST(total_reliability AS DOUBLE) AS rel, CAST(total_duplicates AS INTEGER) AS dup,
    {"CAST(metric AS STRING)" if flows else "CAST(NULL AS STRING)"} AS metric,
    CAST(count_unit AS STRING) AS count_unit, CAST(total_nested AS BOOLEAN) AS nested,
    CAST(total_mixed AS BOOLEAN) AS mixed
  FROM {source}
),
sel AS (
  SELECT *, coalesce(ts, DATE '0001-01-01') AS s, coalesce(te, DATE '9999-12-31') AS e, ({inside}) AS inside
  FROM typed
  WHERE {overlaps}
),
reaching AS (
  SELECT *, MAX(e) OVER (PARTITION BY {", ".join(fact)} ORDER BY s, e, id
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
  FROM sel WHERE inside
),
components AS (SELECT *, {component} AS c FROM reaching),
newest AS (
  SELECT *, FIRST_VALUE(id) OVER ws AS newest_id, FIRST_VALUE({"e" if flows else "s"}) OVER ws AS newest_at,
    COUNT(lo) OVER wf AS n_quantified, MIN(count_unit) OVER wf AS fact_unit_min, MAX(count_unit) OVER wf AS fact_unit_max
  FROM components
  WINDOW ws AS (PARTITION BY {series} ORDER BY (lo IS NOT NULL) DESC, {recency}, id DESC),
         wf AS (PARTITION BY {fact_of})
),
chosen AS (
  SELECT *, FIRST_VALUE(id) OVER (PARTITION BY {fact_of}
    ORDER BY (lo IS NOT NULL AND e >= newest_at) DESC, {rank}, id ASC) AS chosen_id
  FROM newest
),
roles AS (
  SELECT {carried}, CASE WHEN fact_unit_min <> fact_unit_max THEN fact_unit_min END AS fact_unit_min,
    CASE WHEN fact_unit_min <> fact_unit_max THEN fact_unit_max END AS fact_unit_max,
    CASE WHEN n_quantified = 0 THEN 'no_number'
         WHEN lo IS NULL THEN '{Reason.UNQUANTIFIED.value}'
         WHEN e < newest_at THEN '{Reason.SUPERSEDED.value}'
         WHEN id = chosen_id THEN 'added'
         ELSE '{Reason.SAME_FACT.value}' END AS role,
    CASE WHEN n_quantified = 0 THEN NULL WHEN lo IS NOT NULL AND e < newest_at THEN newest_id
         ELSE chosen_id END AS kept
  FROM chosen
  UNION ALL
  SELECT {carried}, CAST(NULL AS STRING) AS fact_unit_min, CAST(NULL AS STRING) AS fact_unit_max,
    'partly_outside' AS role, CAST(NULL AS STRING) AS kept
  FROM sel WHERE NOT inside
)
SELECT {", ".join([*key_names, ""])}
  COUNT(*) AS n_rows,
  COUNT(*) FILTER (WHERE {added}) AS n_added,
  SUM(lo) FILTER (WHERE {added}) AS low,
  SUM(hi) FILTER (WHERE {added}) AS high,
  COUNT(*) FILTER (WHERE ({added} AND hi IS NULL) OR role = 'no_number') AS n_open,
  BOOL_OR(lx) FILTER (WHERE {added}) AS low_excluded,
  BOOL_OR(hx) FILTER (WHERE {added}) AS high_excluded,
  BOOL_OR(ap) FILTER (WHERE {added}) AS approximate,
  BOOL_AND(wh) FILTER (WHERE {added}) AS whole,
  MIN(unit) FILTER (WHERE {added}) AS unit_min,
  MAX(unit) FILTER (WHERE {added}) AS unit_max,
  MIN(metric) FILTER (WHERE {counted}) AS metric_min,
  MAX(metric) FILTER (WHERE {counted}) AS metric_max,
  BOOL_OR(nested) FILTER (WHERE {counted}) AS nested,
  BOOL_OR(mixed) FILTER (WHERE {counted}) AS mixed,
  MIN(fact_unit_min) AS fact_unit_min,
  MAX(fact_unit_max) AS fact_unit_max,
  ARRAY_AGG(id) FILTER (WHERE {added}) AS records,
  ARRAY_AGG(id) FILTER (WHERE role = 'no_number') AS unquantified,
  ARRAY_AGG({struct([("record", "id"), ("reason", "role"), ("kept", "kept")])})
    FILTER (WHERE role NOT IN ('added', 'no_number')) AS set_aside,
  ARRAY_AGG({struct([("record", "id"), ("size", "hs")])}) FILTER (WHERE {added} AND hs IS NOT NULL) AS sizes,
  ARRAY_AGG({struct([("record", "id"), ("duplicates", "dup")])}) FILTER (WHERE {added} AND dup IS NOT NULL) AS duplicates
FROM roles
{group_by}
"""


_RESULT: Final = (
    "n_rows", "n_added", "low", "high", "n_open", "low_excluded", "high_excluded", "approximate", "whole",
    "unit_min", "unit_max", "metric_min", "metric_max", "nested", "mixed", "fact_unit_min", "fact_unit_max",
    "records", "unquantified", "set_aside", "sizes", "duplicates",
)  # fmt: skip
"""The columns `query` gives after the keys, in order."""


def _converter(field: str) -> Any:
    """How a key's value of *field* comes back from an engine: text to a choice, a year to int."""
    if field in _CHOICES:
        choices = {c.value: c for c in _CHOICES[field]}
        return lambda v: None if v is None else choices[v]
    if field == "year":
        return lambda v: None if v is None else int(v)
    return lambda v: None if v is None else str(v)


def _items(values: Any) -> list[Any]:
    """A list column's value as a list (an engine may give None for an empty list, or an array)."""
    return [] if values is None else list(values)


_AT: Final = {name: i for i, name in enumerate(_RESULT)}


def _totals(rows: Iterable[Sequence[Any]], of: str, fields: tuple[str, ...], policy: Policy) -> Totals:
    """`Totals` from the rows of `query` (each: the key values, then `_RESULT`).

    What an engine does not reconcile raises here, for every group; each `Total` is built when
    first asked for, as `Dataset.total`'s are (a total by corridor and year has 100,000 groups).
    """
    convert = [_converter(f) for f in fields]
    n = len(fields)
    found: list[tuple[Key, Sequence[Any]]] = []
    for row in rows:
        if row[n + _AT["n_rows"]]:
            found.append((tuple(c(v) for c, v in zip(convert, row, strict=False)), row[n:]))
    found.sort(key=lambda item: tuple((v is None, str(v)) for v in item[0]))
    # in the order Dataset.total meets them: each fact's reports, the metrics, the sums' units
    for check in (_check_records, _check_facts, _check_metrics, _check_units):
        for key, got in found:
            check(key, got, of, fields)
    return Totals(fields, policy, _EngineTotals(dict(found)))


def _check_records(key: Key, got: Sequence[Any], of: str, fields: tuple[str, ...]) -> None:
    """Raise for a group that an engine does not total as `Dataset.total` would."""
    if got[_AT["nested"]]:
        raise EngineError(
            f"the group {key!r} holds a record for a place within another place of the table: engines "
            "do not set breakdowns aside (use Dataset.total, or total one level of places at a time)"
        )
    if got[_AT["mixed"]] and ("nationality" in fields or "category" in fields):
        raise EngineError(
            f"the group {key!r} holds a mixed population: engines do not split mixes by nationality or "
            "category (use Dataset.total)"
        )


def _check_facts(key: Key, got: Sequence[Any], of: str, fields: tuple[str, ...]) -> None:
    """Raise for reports of one fact in units that do not convert (persons and households)."""
    low, high = got[_AT["fact_unit_min"]], got[_AT["fact_unit_max"]]
    if low is not None and low != high:
        unit_factor(str(high), str(low))  # raises UnitError, as Dataset.total does
        raise EngineError(
            f"the group {key!r} holds reports of one fact in different units ({low}, {high}): "
            "use Dataset.total"
        )


def _check_metrics(key: Key, got: Sequence[Any], of: str, fields: tuple[str, ...]) -> None:
    """Raise for a group of flows of several metrics, as `Dataset.total` does."""
    metrics = {got[_AT["metric_min"]], got[_AT["metric_max"]]}
    if of == "flows" and "metric" not in fields and len(metrics) > 1:
        raise DisplacementError(
            f"the group {key!r} mixes flows of different metrics ({', '.join(sorted(metrics))}), which "
            "count different things: add 'metric' to by=, or choose one by filtering the table"
        )


def _check_units(key: Key, got: Sequence[Any], of: str, fields: tuple[str, ...]) -> None:
    """Raise for a group whose facts' units do not add up (persons with households)."""
    unit, other = got[_AT["unit_min"]], got[_AT["unit_max"]]
    if got[_AT["n_added"]] and unit != other:
        try:
            unit_factor(str(other), str(unit))
        except UnitError as exc:
            raise UnitError(f"cannot total the group {key!r}: {exc}") from None
        raise EngineError(
            f"the group {key!r} adds counts in different units ({unit}, {other}): use Dataset.total"
        )


class _EngineTotals(Mapping[Key, Total]):
    """The groups of an engine's total, in key order; each `Total` is made when first asked for."""

    def __init__(self, rows: dict[Key, Sequence[Any]]) -> None:
        self._rows = rows
        self._made: dict[Key, Total] = {}

    def __getitem__(self, key: Key) -> Total:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _total(key, self._rows[key])
        return made

    def __iter__(self) -> Iterator[Key]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _total(key: Key, row: Sequence[Any]) -> Total:
    got = dict(zip(_RESULT, row, strict=True))
    count = None
    if got["n_added"]:
        low: float = got["low"]
        high: float | None = None if got["n_open"] else got["high"]
        number: Any = round if got["whole"] else float
        try:
            count = count_of(
                number(low),
                bool(got["low_excluded"]),
                None if high is None else number(high),
                bool(got["high_excluded"]),
                bool(got["approximate"]),
                str(got["unit_min"]),
            )
        except ValidationError as exc:
            shown = show(key)
            raise ValidationError(
                exc.within(f"total[{shown}]").errors, title=f"the total of {shown} cannot be a count"
            ) from None
    set_aside = sorted(
        (SetAside(str(s["record"]), Reason(s["reason"]), s["kept"]) for s in _items(got["set_aside"])),
        key=lambda s: s.record,
    )
    groups: dict[int, list[str]] = {}
    for d in _items(got["duplicates"]):
        groups.setdefault(int(d["duplicates"]), []).append(str(d["record"]))
    return Total(
        key,
        count,
        tuple(sorted(map(str, _items(got["records"])))),
        tuple(sorted(map(str, _items(got["unquantified"])))),
        tuple(set_aside),
        tuple(sorted((str(s["record"]), float(s["size"])) for s in _items(got["sizes"]))),
        suspected_duplicates=tuple(sorted(r for ids in groups.values() if len(ids) > 1 for r in ids)),
    )


def _needs(columns: Iterable[str], of: str) -> None:
    """Check that a table has the columns of *of* and the engine columns."""
    have = set(columns)
    place = "origin_country" if of == "flows" else "place_country"
    if place not in have:
        raise ValidationError.single("table", f"is not a table of {of} (it has no column {place})", None)
    missing = [n for n in ENGINE_COLUMNS if n not in have]
    if missing:
        raise ValidationError.single(
            "table",
            f"has no column {', '.join(missing[:3])}{'...' if len(missing) > 3 else ''}: write it with "
            "displacement.io.arrow (engine_columns=True, the default) to total it in an engine",
            missing,
        )


def duckdb_total(
    data: Any,
    of: TableKind = "flows",
    *,
    by: str | Sequence[str] | None = None,
    during: Period | None = None,
    policy: Policy = Policy.LATEST,
    connection: Any = None,
) -> Totals:
    """Totals of a table of flows or stocks, computed by DuckDB; equal to `Dataset.total`'s.

    *data* is a Parquet file or a folder of them (a path), a pyarrow table, or a DuckDB relation,
    written by `displacement.io.arrow` (`to_arrow`, `write_parquet`). *by*, *during* and *policy*
    are those of `Dataset.total` (see the module for what engines run). *connection* is the
    DuckDB connection to use (a new in-memory one by default). A path that is missing or not
    Parquet raises `DocumentError`; a table without the engine columns, `ValidationError`.
    """
    import duckdb

    kind, fields = _check(of, by, during, policy)
    con = connection if connection is not None else duckdb.connect()
    name = f"displacement_{uuid.uuid4().hex}"
    if isinstance(data, (str, os.PathLike)):
        path = os.fspath(data)
        if os.path.isdir(path):
            path = os.path.join(path, "**", "*.parquet")
        elif not os.path.exists(path):
            raise DocumentError(f"{path}: no such file")
        try:
            relation = con.read_parquet(path)
        except duckdb.Error as exc:
            reason = str(exc).splitlines()[0][:200]
            raise DocumentError(f"{os.fspath(data)}: not readable as Parquet ({reason})") from None
    elif isinstance(data, duckdb.DuckDBPyRelation):
        relation = data
    elif type(data).__module__.startswith("pyarrow") and hasattr(data, "schema"):
        relation = con.from_arrow(data)
    else:
        raise ValidationError.single(
            "data", f"expected a Parquet path, a pyarrow table or a DuckDB relation, got {show(data)}", data
        )
    _needs(relation.columns, kind)
    result = relation.query(name, query(name, kind, by=fields, during=during, policy=policy))
    assert result is not None  # a query that selects gives a relation
    rows = result.fetchall()
    return _totals(rows, kind, fields, policy)


def spark_total(
    frame: Any,
    of: TableKind = "flows",
    *,
    by: str | Sequence[str] | None = None,
    during: Period | None = None,
    policy: Policy = Policy.LATEST,
) -> Totals:
    """Totals of a PySpark DataFrame of flows or stocks, computed by Spark SQL; equal to `Dataset.total`'s.

    *frame* holds the columns `displacement.io.arrow` writes (``spark.read.parquet(path)``).
    *by*, *during* and *policy* are those of `Dataset.total` (see the module).
    """
    kind, fields = _check(of, by, during, policy)
    if not hasattr(frame, "createOrReplaceTempView") or not hasattr(frame, "sparkSession"):
        raise ValidationError.single("frame", f"expected a PySpark DataFrame, got {show(frame)}", frame)
    _needs(frame.columns, kind)
    name = f"displacement_{uuid.uuid4().hex}"
    frame.createOrReplaceTempView(name)
    spark = frame.sparkSession
    try:
        rows = spark.sql(
            query(name, kind, by=fields, during=during, policy=policy, dialect="spark")
        ).collect()
    finally:
        spark.catalog.dropTempView(name)
    return _totals((tuple(r) for r in rows), kind, fields, policy)


def dask_total(
    frame: Any,
    of: TableKind = "flows",
    *,
    by: str | Sequence[str] | None = None,
    during: Period | None = None,
    policy: Policy = Policy.LATEST,
) -> Totals:
    """Totals of a Dask DataFrame of flows or stocks, computed by Dask; equal to `Dataset.total`'s.

    *frame* holds the columns `displacement.io.arrow` writes (``dask.dataframe.read_parquet``
    of a file or a folder of partitions). Dask shuffles the rows so that each group lies in one
    partition, then each partition's groups are reconciled and added by DuckDB, on the workers
    (which need ``duckdb``). Runs on the scheduler in use: a ``dask.distributed`` client's
    cluster when one is active. *by*, *during* and *policy* are those of `Dataset.total`.
    """
    pd: Any = importlib.import_module("pandas")  # comes with dask.dataframe

    kind, fields = _check(of, by, during, policy)
    dd: Any = importlib.import_module("dask.dataframe")
    if not isinstance(frame, dd.DataFrame):
        raise ValidationError.single("frame", f"expected a Dask DataFrame, got {show(frame)}", frame)
    _needs(frame.columns, kind)
    sql = query("part", kind, by=fields, during=during, policy=policy)
    names = [f"k{i}" for i in range(len(fields))] + list(_RESULT)
    meta = pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
    keys = [_COLUMNS[kind][f] for f in fields]
    if keys:
        frame = frame.assign(**{f"_key{i}": frame[k].astype(object) for i, k in enumerate(keys)})
        frame = frame.shuffle(on=[f"_key{i}" for i in range(len(keys))])
    else:
        frame = frame.repartition(npartitions=1)
    result = frame.map_partitions(_partition_totals, sql, names, meta=meta).compute()
    return _totals(result.itertuples(index=False, name=None), kind, fields, policy)


def _partition_totals(part: Any, sql: str, names: list[str]) -> Any:
    """The rows of `query` for one partition of a Dask DataFrame (every group of it lies there)."""
    import duckdb

    pd: Any = importlib.import_module("pandas")
    con = duckdb.connect()
    con.register("part", part)
    rows = con.execute(sql).fetchall()
    return pd.DataFrame([list(r) for r in rows], columns=names, dtype=object)
