"""The shared table reader: its bulk columns (pyarrow.csv, or the csv module) hold exactly the
cells its rows give, or are ``None``; and the UNHCR gaps it closed."""

from __future__ import annotations

import pathlib
import tempfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import ValidationError
from displacement.io import unhcr
from displacement.io._table import Table

CELLS = st.sampled_from(
    ["", "0", "12", "a", "Congo, Rep.", 'a"b', ' "b"', "é", "日本", " ", "x\ny", "\ufeff", "a\rb", "\x00"]
)


def quote(cell: str, always: bool) -> str:
    if always or any(c in cell for c in ',"\r\n') or cell.startswith(" "):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """CSV files, mostly regular, some with a broken line, a BOM, CRLF, blank lines, stray bytes."""
    width = draw(st.integers(1, 4))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    header = ",".join(f"h{i}" for i in range(width))
    lines = [header]
    for _ in range(draw(st.integers(0, 5))):
        cells = draw(st.lists(CELLS, min_size=width, max_size=width))
        lines.append(",".join(quote(c, draw(st.booleans())) for c in cells))
    odd = ["", "", " ", "a", ",".join(["1"] * (width + 1)), '"open', '"a"x', "a\rb", "1\x00"]
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(1, len(lines))), draw(st.sampled_from(odd)))
    text = end.join(lines) + draw(st.sampled_from(["", end, end + end]))
    data = (draw(st.sampled_from(["", "\ufeff"])) + text).encode()
    if draw(st.integers(0, 9)) == 0:
        data += b"\xff"
    return data


def outcomes(data: bytes) -> tuple[object, object, object]:
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "t.csv"
        path.write_bytes(data)
        try:
            table = Table(str(path), "t.csv")
        except ValidationError as exc:
            return str(exc), str(exc), str(exc)
        every = range(len(table.header))
        rows = [(cells, problem) for _, _, cells, problem in table.rows()]
        by_rows = None
        if all(cells is not None for cells, _ in rows) and table.header:
            by_rows = [[cells[i] for cells, _ in rows if cells is not None] for i in every]
        return table.columns(every, arrow=True), table.columns(every, arrow=False), by_rows


@given(files())
def test_pyarrow_the_csv_module_and_the_rows_give_the_same_cells(data: bytes) -> None:
    arrow, csv_module, rows = outcomes(data)
    assert arrow == csv_module
    if arrow is not None:  # regular: exactly the cells of the rows
        assert arrow == rows


@pytest.mark.parametrize(
    ("data", "columns"),
    [
        (b"a,b\n1,2\n", [["1"], ["2"]]),
        (b"\xef\xbb\xbfa,b\r\n1,\r\n\r\n", [["1"], [""]]),
        (b'a,b\n"x, y",""\n', [["x, y"], [""]]),
        (b'a,b\n"a""b",a"b\n', [['a"b'], ['a"b']]),
        (b"a,b\n1,\xc3\xa9\n\n\n", [["1"], ["\u00e9"]]),
        (b"a,b", [[], []]),
        (b"a,b\n1\n", None),  # too narrow
        (b'a,b\n"x\ny",1\n', None),  # a quoted line break
        (b'a,b\n"x"y,1\n', None),  # not valid CSV
        (b"a,b\r1,2\r", None),  # bare carriage returns
        (b"a,b\n1\x00,2\n", None),
        (b"a,b\n1," + b"x" * 200_000 + b"\n", None),  # longer than csv.field_size_limit
    ],
)
@pytest.mark.parametrize("arrow", [True, False])
def test_columns(data: bytes, columns: list[list[str]] | None, arrow: bool, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    assert Table(str(path), "t.csv").columns([0, 1], arrow=arrow) == columns


def test_rows_number_data_rows_and_say_what_is_wrong(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\n1,2\n\n3\n"x"y,1\n4,5\n"open,6\n')
    assert list(Table(str(path), "t.csv").rows()) == [
        (1, 2, ["1", "2"], None),
        (2, 4, None, "has 1 cell but the header has 2"),
        (3, 5, None, "is not valid CSV (',' expected after '\"')"),
        (4, 6, ["4", "5"], None),
        (5, 7, None, "has a quoted cell that is never closed (it runs to the end of the file)"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "t.csv: is empty: it has no header row"),
        (b'"a,b\n', "t.csv: has no readable header row: it has a quoted cell that is never closed"),
        (
            b"a,b\n1,\xe9\n",
            "t.csv: is not valid UTF-8: byte 0xe9 at line 2, column 3 (invalid continuation byte)",
        ),
    ],
)
def test_a_file_that_is_no_table(data: bytes, message: str, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(ValidationError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        list(Table(str(path), "t.csv").rows())


# -- UNHCR gaps the shared reader closed ------------------------------------------------------------

FLOW_HEADER = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,refugee_like,oip"


def test_unhcr_lists_a_column_without_a_name(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text(FLOW_HEADER + ",\n2020,,SYR,SYR,,TUR,TUR,1,,,,77\n", encoding="utf-8")
    assert unhcr.read_flows(path).account.ignored_columns == ("column 12 (no name)",)


def test_unhcr_json_after_much_white_space(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.json"
    path.write_text(
        " " * 100
        + "\n" * 100
        + '{"items": [{"year": 2020, "coo_iso": "SYR", "coa_iso": "TUR", "refugees": 3}]}'
    )
    (flow,) = unhcr.read_flows(path).dataset.flows
    assert flow.count is not None
    assert flow.count.magnitude == 3


def test_unhcr_json_that_is_not_utf8_names_the_byte(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.json"
    path.write_bytes(b'{"items": [\n' + b" " * 70_000 + b'\n{"coo_name": "C\xf4te"}]}')
    with pytest.raises(ValidationError) as raised:
        unhcr.read_flows(path)
    assert str(raised.value) == (
        "flows.json: is not valid UTF-8: byte 0xf4 at line 3, column 16 (invalid continuation byte)"
    )
