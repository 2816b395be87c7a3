"""Odd files and odd JSON: the readers load what they can, account for every row, and raise only
`DisplacementError` for the rest."""

from __future__ import annotations

import pathlib
import tempfile
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import DisplacementError
from displacement.io import unhcr
from displacement.io.hxl import read_hxl

HEADER = "year,coo_iso,coa_iso,refugees,asylum_seekers"
CELLS = st.sampled_from(
    [
        "",
        "0",
        "12",
        "-3",
        "1.5",
        "2.0",
        "x",
        "SYR",
        "TUR",
        "UNK",
        "STA",
        "KZA",
        "-",
        "2020",
        " 7 ",
        '"a,b"',
        "1e3",
    ]
)
ODD_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def load(path: pathlib.Path, reader: Any) -> None:
    try:
        _, account = reader(path)
    except DisplacementError:
        return
    assert account.balanced


@given(st.lists(st.lists(CELLS, min_size=3, max_size=6).map(",".join), max_size=8))
def test_odd_csv_rows_are_loaded_or_accounted_for(rows: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "flows.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        load(path, unhcr.read_flows)
        load(path, lambda p: unhcr.read_population(p, skip_zeros=True))


@given(st.binary(max_size=200))
def test_arbitrary_bytes_raise_only_library_errors(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "data.csv"
        path.write_bytes(content)
        load(path, unhcr.read_flows)
        load(path, unhcr.read_demographics)
        load(path, read_hxl)


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["year", "coo_iso", "coa_iso", "refugees", "idps", "pop_type"]), ODD_JSON
        ),
        max_size=5,
    )
    | ODD_JSON
)
def test_odd_api_json_raises_only_library_errors(document: Any) -> None:
    for reader in (unhcr.read_flows, unhcr.read_population, unhcr.read_demographics):
        try:
            _, account = reader(document if isinstance(document, list | dict) else {"items": document})
        except DisplacementError:
            continue
        assert account.balanced


@given(
    st.lists(
        st.lists(
            st.sampled_from(["", "x", "#meta+id", "#x_category", "refugees", "'=1", "2020-01-01", "5"]),
            max_size=8,
        ).map(",".join),
        max_size=6,
    )
)
def test_odd_hxl_files_raise_only_library_errors(rows: list[str]) -> None:
    tags = "#meta+id,#country+code,#date,#x_category,#affected+refugees+ind+total,#affected+refugees+f+age_0_4+ind"
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "stocks.csv"
        path.write_text("\n".join([tags, *rows]) + "\n", encoding="utf-8")
        load(path, read_hxl)


# -- numbers in JSON documents: what is read is what was written, or an error ----------------------

JSON_NUMBERS = st.from_regex(r"-?(0|[1-9][0-9]{0,5})(\.[0-9]{1,5})?([eE][+-]?[0-9]{1,4})?", fullmatch=True)


@given(JSON_NUMBERS)
def test_a_json_number_is_read_as_written_or_refused(text: str) -> None:
    """No number silently becomes another: 1e-400 is not 0, 1e400 not infinity, 4.0 not an age of 4."""
    from decimal import Decimal

    from displacement import Count
    from displacement.io import json

    try:
        count = json.loads(f'{{"value": {text}}}', Count)
    except DisplacementError:
        return
    exact = Decimal(text)
    assert (count.magnitude == 0) == (exact == 0)
    assert count.magnitude == (float(text) if type(count.magnitude) is float else int(text))


@given(st.integers(min_value=0, max_value=2**53 - 1) | st.floats(min_value=0, max_value=2**53 - 1))
def test_a_count_that_dumps_writes_loads_back(value: float) -> None:
    """Every document `dumps` writes reads back equal: a count holds at most 2**53 - 1."""
    from displacement import Count
    from displacement.io import json

    count = Count(value)
    text = json.dumps(count)
    back = json.loads(text, Count)
    assert back == count
    assert repr(back) == repr(count)


# -- Arrow tables with a column replaced: records or a `ValidationError`, never a repair ----------

ARROW_VALUES = st.sampled_from(
    [
        ("int64", [0, -1, 2**40, None]),
        ("float64", [4.0, 1.5, float("nan"), None]),
        ("string", ["", "exact", "2022-09-27", None]),
        ("bool", [True, False, None, True]),
        ("date32", [0, -800_000, 3_000_000, None]),
        ("timestamp", [0, 3_600_000_000, None, 0]),
        ("null", [None, None, None, None]),
    ]
)


@given(st.data(), ARROW_VALUES)
def test_a_replaced_arrow_column_gives_records_or_a_library_error(
    data: st.DataObject, replacement: tuple[str, list[Any]]
) -> None:
    pa = pytest.importorskip("pyarrow")
    from displacement import examples
    from displacement.io import arrow

    table = arrow.to_arrow(examples.kazakhstan_2022(), kind="flows")
    name = data.draw(st.sampled_from(table.column_names))
    kind, values = replacement
    if kind == "date32":
        column = pa.array(values, pa.int32()).cast(pa.date32())
    elif kind == "timestamp":
        column = pa.array(values, pa.int64()).cast(pa.timestamp("us"))
    else:
        column = pa.array(values, getattr(pa, kind)() if kind != "bool" else pa.bool_())
    changed = table.set_column(table.schema.get_field_index(name), name, column)
    try:
        arrow.from_arrow(changed)
    except DisplacementError:
        return
    nullable = arrow.FLOWS_SCHEMA.field(name).nullable
    assert nullable or kind != "null", f"{name}: nulls were read where a value is required"
