"""The columnar UNHCR path gives exactly what the row by row path gives, and leaves it every file
it cannot read as the row path would: same dataset, same ids in the same order, same account,
equal and still-shared parts, same errors."""

from __future__ import annotations

import contextlib
import importlib.util
import pathlib
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import Count, DisplacementError, DocumentError, Flow, Stock
from displacement.io import _table, unhcr
from displacement.io.account import Load

FLOW_HEADER = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,refugee_like,oip"
SOLUTION_HEADER = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,returned_refugees,resettlement,naturalisation,returned_idps"
POPULATION_HEADER = (
    "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,"
    "refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst"
)


def _flows(table: str, spec: Any) -> Callable[..., Load]:
    def read(data: Any, *, columnar: bool, strict: bool = False) -> Load:
        return unhcr._read_flow_table(data, table, spec, strict=strict, source=None, columnar=columnar)

    return read


def _stocks(table: str, spec: Any, *, skip_zeros: bool = False, idmc: bool = False) -> Callable[..., Load]:
    def read(data: Any, *, columnar: bool, strict: bool = False) -> Load:
        return unhcr._read_stock_table(
            data, table, spec, strict=strict, source=None, skip_zeros=skip_zeros, idmc=idmc, columnar=columnar
        )

    return read


READERS = {
    "flows": _flows("flows", unhcr._FLOW_COLUMNS),
    "solutions": _flows("solutions", unhcr._SOLUTION_COLUMNS),
    "population": _stocks("population", unhcr._POPULATION_COLUMNS),
    "population-skip-zeros": _stocks("population", unhcr._POPULATION_COLUMNS, skip_zeros=True),
    "idmc": _stocks("idmc", unhcr._IDMC_COLUMNS, idmc=True),
}


@pytest.fixture
def grids(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each columnar attempt since the test began read its file (False: it fell back)."""
    answers: list[bool] = []
    real = unhcr._grid

    def spy(*args: Any, **kwargs: Any) -> Any:
        grid = real(*args, **kwargs)
        answers.append(grid is not None)
        return grid

    monkeypatch.setattr(unhcr, "_grid", spy)
    return answers


def outcome(read: Callable[..., Load], data: Any, *, columnar: bool, strict: bool = False) -> Load | str:
    """The load, or the message of the library error it raised."""
    try:
        return read(data, columnar=columnar, strict=strict)
    except DisplacementError as exc:
        return f"{type(exc).__name__}: {exc}"


def records(load: Load) -> list[Flow | Stock]:
    return [*load.dataset.flows, *load.dataset.stocks]


def assert_same(columnar: Load | str, rows: Load | str) -> None:
    """Equal datasets and accounts, the same ids in the same order, parts shared the same way."""
    if isinstance(rows, str) or isinstance(columnar, str):
        assert columnar == rows
        return
    assert columnar.account == rows.account
    assert columnar.dataset == rows.dataset
    fast, slow = records(columnar), records(rows)
    assert [r.id for r in fast] == [r.id for r in slow]
    assert [type(r) for r in fast] == [type(r) for r in slow]
    for part in ("origin", "destination", "place", "population", "count", "period", "as_of", "attributions"):
        if not fast or not hasattr(fast[0], part):
            continue
        values = [getattr(r, part) for r in fast]
        assert [getattr(r, part) for r in slow] == values, part
        # Shared as the row path shares them: one object per distinct value, in both.
        distinct = len(set(values))
        assert len({id(v) for v in values}) == distinct == len({id(getattr(r, part)) for r in slow}), part
    descriptions = [r.description for r in fast]
    assert descriptions == [r.description for r in slow]
    assert len({id(d) for d in descriptions}) == len(set(descriptions))


ARROW = importlib.util.find_spec("pyarrow") is not None
"""Whether pyarrow is installed: the columnar path then reads with it, unless told not to."""


@contextlib.contextmanager
def without_pyarrow() -> Iterator[None]:
    """The columnar path reads with the csv module in the block, as without pyarrow installed."""
    unhcr._ARROW = False
    try:
        yield
    finally:
        unhcr._ARROW = None


def compare(reader: str, data: Any, *, strict: bool = False) -> Load | str:
    """The outcome of the columnar path, after checking that the row path gives the same, and so
    does the columnar path reading with the csv module instead of pyarrow (when installed)."""
    read = READERS[reader]
    columnar = outcome(read, data, columnar=True, strict=strict)
    rows = outcome(read, data, columnar=False, strict=strict)
    assert_same(columnar, rows)
    if ARROW:
        with without_pyarrow():
            assert_same(outcome(read, data, columnar=True, strict=strict), rows)
    return columnar


def write(folder: pathlib.Path, name: str, *lines: str, end: str = "\n") -> pathlib.Path:
    path = folder / name
    path.write_text(end.join(lines) + end, encoding="utf-8", newline="")
    return path


# -- the real tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "file"),
    [
        ("flows", "flows.csv"),
        ("solutions", "solutions.csv"),
        ("idmc", "idmc.csv"),
        ("population", "population.csv"),
        ("population-skip-zeros", "population.csv"),
    ],
)
def test_the_real_tables_load_the_same_both_ways(
    reader: str, file: str, unhcr_dir: pathlib.Path, grids: list[bool]
) -> None:
    load = compare(reader, unhcr_dir / file)
    assert grids == [True, True] if ARROW else [True]  # the columnar path read it, both ways
    assert isinstance(load, Load)
    assert load.account.records > 900
    assert not load.account.skipped


def test_the_real_flows_through_the_public_reader(
    unhcr_flows: Load, unhcr_dir: pathlib.Path, grids: list[bool]
) -> None:
    assert unhcr.read_flows(unhcr_dir / "flows.csv") == unhcr_flows
    assert grids == [True]


# -- pyarrow or the csv module: the same load ------------------------------------------------------

MESSY = [
    FLOW_HEADER,
    '2020,"Congo, Republic of",COB,COG,"Korea, Rep.",KOR,KOR,8,,,',  # a quoted comma, blank cells
    "2021,Syria,SYR,SYR,Türkiye,TUR,TUR,,,,",  # no figure
    "2021,Syria,SYR,SYR,Germany,GFR,DEU,12.5,3,,",  # a bad number
    "",
    "2022,Nowhere,XXX,KZA,Germany,GFR,DEU,4,,,",  # an unknown code
    "2022,Afghanistan,AFG,AFG,Pakistan,PAK,PAK,,7,,1",
]


def readers_used(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which reader each bulk read of a table used since: ``"arrow"`` or ``"csv"``."""
    used: list[str] = []
    for name, method in (("arrow", "_arrow_columns"), ("csv", "_csv_columns")):
        real = getattr(_table.Table, method)

        def spy(self: Any, *args: Any, _real: Any = real, _name: str = name) -> Any:
            used.append(_name)
            return _real(self, *args)

        monkeypatch.setattr(_table.Table, method, spy)
    return used


@pytest.mark.parametrize(
    ("reader", "file"),
    [("flows", "flows.csv"), ("population", "population.csv"), ("solutions", "solutions.csv")],
)
def test_pyarrow_and_the_csv_module_load_the_real_tables_alike(
    reader: str, file: str, unhcr_dir: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow", reason="pyarrow is not installed: only the csv module reads here")
    used = readers_used(monkeypatch)
    read = READERS[reader]
    with_arrow = read(unhcr_dir / file, columnar=True)
    with without_pyarrow():
        with_csv = read(unhcr_dir / file, columnar=True)
    assert used == ["arrow", "csv"]  # each read its file by columns, each its own way
    assert_same(with_arrow, with_csv)
    assert with_arrow.account.rows > 10_000
    assert not with_arrow.account.skipped


def test_the_real_flows_by_both_readers_in_numbers(
    unhcr_dir: pathlib.Path, unhcr_flows: Load, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = readers_used(monkeypatch)
    with without_pyarrow():
        load = unhcr.read_flows(unhcr_dir / "flows.csv")
    assert used == ["csv"]
    assert load == unhcr_flows
    assert (load.account.rows, load.account.records, load.account.blank) == (105_868, 108_717, 0)


def test_a_messy_file_gives_the_same_account_and_errors_every_way(
    tmp_path: pathlib.Path, grids: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "messy.csv", *MESSY)
    load = compare("flows", path)
    assert True not in grids  # a bad cell: every way falls back to the rows, with their lines
    assert isinstance(load, Load)
    assert str(load.account) == (
        "messy.csv: 5 rows: 2 made 3 records, 1 had no figure, 2 skipped as malformed\n"
        "  - line 4.refugees: '12.5' is not a whole number of people\n"
        "  - line 6.coo_iso: 'KZA' is not an ISO 3166-1 alpha-3 code (did you mean 'KAZ'?)"
    )
    assert [(f.id, f.count.magnitude) for f in load.dataset.flows] == [
        ("unhcr-flows-2020-COG-KOR-refugees", 8),
        ("unhcr-flows-2022-AFG-PAK-asylum_seekers", 7),
        ("unhcr-flows-2022-AFG-PAK-oip", 1),
    ]


def test_the_messy_file_cleaned_is_read_by_columns_both_ways(
    tmp_path: pathlib.Path, grids: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    used = readers_used(monkeypatch)
    clean = [line for line in MESSY if "12.5" not in line and "KZA" not in line]
    load = compare("flows", write(tmp_path, "clean.csv", *clean))
    assert grids == ([True, True] if ARROW else [True])
    assert used == (["arrow", "csv"] if ARROW else ["csv"])
    assert isinstance(load, Load)
    assert str(load.account) == "clean.csv: 3 rows: 2 made 3 records, 1 had no figure"


@pytest.mark.parametrize("arrow", [True, False])
def test_encoded_columns_hold_the_cells_of_the_columns(arrow: bool, tmp_path: pathlib.Path) -> None:
    if arrow:
        pytest.importorskip("pyarrow")
    path = write(tmp_path, "t.csv", *MESSY)
    table = _table.Table(str(path), "t.csv")
    encoded = table.encoded_columns([0, 1, 3, 7], arrow=arrow)
    assert encoded is not None
    for column in encoded:
        assert len(set(column.words)) == len(column.words)  # each distinct cell once
    assert [column.cells() for column in encoded] == table.columns([0, 1, 3, 7], arrow=False)
    assert encoded[1].cells()[0] == "Congo, Republic of"
    assert encoded[3].cells() == ["8", "", "12.5", "4", ""]


# -- clean files: read by the columnar path --------------------------------------------------------


CLEAN = [
    pytest.param(
        "flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,10,20,,", "2021,,AFG,AFG,,PAK,PAK,,3,,"], id="plain"
    ),
    pytest.param(
        "flows",
        [FLOW_HEADER, "", "2020,,SYR,SYR,,TUR,TUR,10,,,", "", "", "2021,,AFG,AFG,,PAK,PAK,,3,,", "", ""],
        id="blank-lines",
    ),
    pytest.param(
        "flows",
        [
            FLOW_HEADER,
            "2020,,SYR,SYR,,TUR,TUR,,,,",
            "2021,,AFG,AFG,,PAK,PAK,,,,",
            "2022,,AFG,AFG,,PAK,PAK,0,,,",
        ],
        id="rows-without-figures",
    ),
    pytest.param(
        "flows",
        [
            "oip,note,year,coa_iso,coo_iso,refugees,extra",
            "1,hello,2020,TUR,SYR,2,x",
            ",,2021,PAK,AFG,5,",
        ],
        id="unknown-columns-in-another-order",
    ),
    pytest.param(
        "flows",
        [
            FLOW_HEADER,
            '2020,"Congo, Republic of",COB,COG,"Korea, Rep.",KOR,KOR,8,,,',
            '2021,"The ""Congo""",COB,COG,Namibia,NAM,NAM,"9",,,',
            '"2022",Syria,SYR,"SYR",Türkiye,TUR,TUR,,1,,',
        ],
        id="quoted-cells",
    ),
    pytest.param(
        "flows",
        [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,12.0,12,0.0,", "2021,,SYR,SYR,,TUR,TUR,7.,,,"],
        id="numbers-written-as-doubles",
    ),
    pytest.param(
        "flows",
        [
            FLOW_HEADER,
            "2020,,UKN,UKN,,TUR,TUR,1,,,",
            "2020,,STA,STA,,UNK,UNK,2,,,",
            "2020,,TIB,TIB,,IND,IND,,,,3",
        ],
        id="special-codes",
    ),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR, 7 ,7,,"], id="count-with-spaces"),
    pytest.param("flows", [FLOW_HEADER], id="no-rows"),
    pytest.param(
        "solutions",
        [
            SOLUTION_HEADER,
            "2020,,SYR,SYR,,TUR,TUR,10,20,30,",
            "2020,,SYR,SYR,,SYR,SYR,,,,40",
            "2021,,AFG,AFG,,PAK,PAK,,,,0",
        ],
        id="solutions-every-direction",
    ),
    pytest.param(
        "population",
        [
            POPULATION_HEADER,
            "2020,,SYR,SYR,,TUR,TUR,10,0,5,0,0,0,0,,0",
            "2020,,SYR,SYR,,SYR,SYR,0,0,0,700,80,0,0,,0",
            "2020,,AFG,AFG,,IRN,IRN,,,,,,,,,",
        ],
        id="population",
    ),
    pytest.param(
        "population-skip-zeros",
        [
            POPULATION_HEADER,
            "2020,,SYR,SYR,,TUR,TUR,10,0,5,0,0,0,0,,0",
            "2020,,SYR,SYR,,SYR,SYR,0,0,0,700,80,0,0,,0.0",
            "2021,,SYR,SYR,,SYR,SYR,0,0,0,0,0,0,0,,0",
        ],
        id="population-skip-zeros",
    ),
    *(
        pytest.param(
            reader,
            [
                POPULATION_HEADER,
                "2024,,AFG,AFG,,PAK,PAK,10,,1234,,,,,,",
                "2024,,SYR,SYR,,TUR,TUR,10,0,5,0,0,0,0,,0",
                "2024,,AFG,AFG,,DEU,DEU,10,,0,,,,,,",
                "2023,,AFG,AFG,,PAK,PAK,,,0,,,,,,",
                "2024,,AFG,AFG,,IRN,IRN,,,567,,,,,,",
                "2023,,AFG,AFG,,IRN,IRN,,,0,,,,,,",
                "2024,,AFG,AFG,,IRQ,IRQ,,,1,,,,,,",
                "2024,,SYR,SYR,,LBN,LBN,,,,,,,,,",
            ],
            id=f"{reader}-returnees-of-one-origin-from-several-countries",
        )
        for reader in ("population", "population-skip-zeros")
    ),
    pytest.param(
        "idmc", ["year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,total", "2020,,,SYR,,,SYR,6000"], id="idmc"
    ),
]


def test_returnees_of_one_origin_are_one_stock_by_columns(tmp_path: pathlib.Path, grids: list[bool]) -> None:
    lines = [
        POPULATION_HEADER,
        *(f"2024,,AFG,AFG,,{coa},{coa},,,{n},,,,,," for coa, n in [("PAK", 9), ("IRN", 0), ("TJK", 3)]),
    ]
    load = compare("population", write(tmp_path, "t.csv", *lines))
    assert grids[0] is True
    assert isinstance(load, Load)
    assert [(s.id, s.count, s.description) for s in load.dataset.stocks] == [
        (
            "unhcr-population-2024-AFG-returned_refugees",
            Count(12),
            "returned in 2024 from PAK: 9 people; from TJK: 3 people; none from 1 other country",
        )
    ]
    assert (load.account.rows, load.account.loaded, load.account.records) == (3, 3, 1)


@pytest.mark.parametrize(("reader", "lines"), CLEAN)
def test_clean_files_are_read_by_columns(
    reader: str, lines: list[str], tmp_path: pathlib.Path, grids: list[bool]
) -> None:
    load = compare(reader, write(tmp_path, "t.csv", *lines))
    assert grids[0] is True
    assert isinstance(load, Load)
    assert not load.account.skipped


def test_a_byte_order_mark_and_windows_line_ends(tmp_path: pathlib.Path, grids: list[bool]) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(("\ufeff" + FLOW_HEADER + "\r\n2020,,SYR,SYR,,TUR,TUR,1,,,\r\n\r\n").encode())
    load = compare("flows", path)
    assert grids[0] is True
    assert isinstance(load, Load)
    assert load.account.records == 1


def test_strict_on_a_clean_file(tmp_path: pathlib.Path, grids: list[bool]) -> None:
    path = write(tmp_path, "t.csv", FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,1,,,")
    assert isinstance(compare("flows", path, strict=True), Load)
    assert grids[0] is True


# -- anything unusual: the row path reads the whole file ------------------------------------------


ODD = [
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,ten,,,"], id="bad-number"),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,-5,,,"], id="negative"),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,2.5,,,"], id="not-whole"),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,1e3,,,"], id="exponent"),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR, ,,,"], id="count-of-spaces"),
    pytest.param("flows", [FLOW_HEADER, ",,SYR,SYR,,TUR,TUR,5,,,"], id="missing-year"),
    pytest.param("flows", [FLOW_HEADER, "20x4,,SYR,SYR,,TUR,TUR,5,,,"], id="bad-year"),
    pytest.param("flows", [FLOW_HEADER, "0,,SYR,SYR,,TUR,TUR,5,,,"], id="year-zero"),
    pytest.param("flows", [FLOW_HEADER, "02020,,SYR,SYR,,TUR,TUR,5,,,"], id="year-leading-zero"),
    pytest.param("flows", [FLOW_HEADER, " 2020,,SYR,SYR,,TUR,TUR,5,,,"], id="year-with-space"),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,KZA,KZA,5,,,"], id="unknown-code"),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,,,TUR,TUR,5,,,"], id="missing-code"),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,syr,,TUR,TUR,5,,,"], id="lower-case-code"),
    pytest.param(
        "flows",
        [
            FLOW_HEADER,
            "2020,,SYR,SYR,,TUR,TUR,10,,,",
            "2021,,SYR,SYR,,TUR,TUR,1,,,",
            "2020,,SYR,SYR,,TUR,TUR,,4,,",
        ],
        id="repeated-row",
    ),
    pytest.param(
        "flows",
        [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,,,,", "2020,,SYR,SYR,,TUR,TUR,,,,"],
        id="repeated-blank-row",
    ),
    pytest.param(
        "flows",
        [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,10,,,", "2020,,SYR, SYR ,,TUR,TUR,,4,,"],
        id="repeated-spelling",
    ),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,5,,"], id="a-cell-short"),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,5,,,,"], id="a-cell-long"),
    pytest.param(
        "flows",
        [
            FLOW_HEADER,
            "2020,,SYR,SYR,,TUR,TUR,5,,,",
            "2020,,SYR,SYR,,DEU,DEU,5",
            "2020,,SYR,SYR,,FRA,FRA,5,,,,,,",
        ],
        id="short-and-long-rows-that-add-up",
    ),
    pytest.param("flows", [FLOW_HEADER, '2020,"Syria"x,SYR,SYR,,TUR,TUR,1,,,'], id="invalid-csv"),
    pytest.param("flows", [FLOW_HEADER, '2020,"Syria,SYR,SYR,,TUR,TUR,1,,,'], id="unterminated-quote"),
    pytest.param(
        "flows",
        [FLOW_HEADER, '2020,"Syria,', 'Arab Rep.",SYR,SYR,,TUR,TUR,1,,,', "2020,,X,XYZ,,TUR,TUR,1,,,"],
        id="cell-over-two-lines",
    ),
    pytest.param(
        "flows",
        [FLOW_HEADER, '2020,"Syria,', "Arab", 'Rep.",SYR,SYR,,TUR,TUR,1,,,', "2021,,SYR,SYR,,TUR,TUR,1,,,"],
        id="cell-over-three-lines",
    ),
    pytest.param("flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,1\x00,,,"], id="nul"),
    pytest.param("flows", [FLOW_HEADER, "2020,Syria\x00,SYR,SYR,,TUR,TUR,1,,,"], id="nul-in-a-name"),
    pytest.param("flows", [FLOW_HEADER + "\r2020,,SYR,SYR,,TUR,TUR,1,,,"], id="bare-carriage-return"),
    pytest.param(
        "flows", [FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,1,,,\r2021,,SYR,SYR,,TUR,TUR,1,,,"], id="cr-row"
    ),
    pytest.param("flows", [FLOW_HEADER, " "], id="a-line-of-spaces"),
    pytest.param("flows", [FLOW_HEADER, "1", "2020,,SYR,SYR,,TUR,TUR,1,,,"], id="a-single-cell"),
    pytest.param("flows", ["", ""], id="no-header"),
    pytest.param("flows", ["year,coo_iso,refugees", "2020,SYR,1"], id="missing-column"),
    pytest.param("flows", [POPULATION_HEADER, "2020,,SYR,SYR,,TUR,TUR,1,,,,,,,,"], id="another-table"),
    pytest.param(
        "flows", ['"year', 'coo_iso",coa_iso,refugees', "2020,SYR,TUR,1"], id="header-over-two-lines"
    ),
    pytest.param(
        "solutions", [SOLUTION_HEADER, "2020,,SYR,SYR,,TUR,TUR,,,,40"], id="returned-idps-between-countries"
    ),
    pytest.param(
        "population", [POPULATION_HEADER, "2020,,SYR,SYR,,TUR,TUR,0,0,0,7,0,0,0,,0"], id="idps-abroad"
    ),
    pytest.param(
        "population-skip-zeros",
        [
            POPULATION_HEADER,
            "2020,,SYR,SYR,,TUR,TUR,1,0,0,0,0,0,0,,0",
            "2020,,SYR,SYR,,TUR,TUR,0,0,0,0,0,0,0,,0",
        ],
        id="repeated-row-with-zeros",
    ),
    pytest.param("idmc", ["year,coo_iso,coa_iso,total", "2020,SYR,TUR,6000"], id="idmc-abroad"),
    pytest.param(
        "population",
        [
            POPULATION_HEADER,
            "2020,,AFG,AFG,,PAK,PAK,,,9007199254740991,,,,,,",
            "2020,,AFG,AFG,,IRN,IRN,,,0,,,,,,",
            "2020,,AFG,AFG,,TJK,TJK,,,1,,,,,,",
        ],
        id="returnees-past-a-counts-range",
    ),
]


@pytest.mark.parametrize(("reader", "lines"), ODD)
def test_unusual_files_fall_back_to_the_row_path(
    reader: str, lines: list[str], tmp_path: pathlib.Path, grids: list[bool]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
    compare(reader, path)
    compare(reader, path, strict=True)
    assert True not in grids  # never read by columns (or refused before, like the row path)


# -- one odd cell: both paths agree, and on the right account -------------------------------------

HUGE = "9" * 5000  # past int()'s 4,300-digit limit


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # read as written, exactly: never through float
        ("9007199254740991.0", 9007199254740991),
        ("9007199254740991", 9007199254740991),
        ("999999999999999", 999999999999999),
        ("0" * 30 + "5", 5),
        ("12.0", 12),
        ("5.00", 5),
        ("1.", 1),
        (".0", 0),
        ("007", 7),
        (" 5 ", 5),
        ("0", 0),
        # malformed: the row is skipped and listed with its line
        (
            "9007199254740993.0",
            "'9007199254740993.0' is above 9,007,199,254,740,991 (2**53 - 1), the largest number a count holds exactly",
        ),
        (
            "999999999999999999",
            "'999999999999999999' is above 9,007,199,254,740,991 (2**53 - 1), the largest number a count holds exactly",
        ),
        ("1" + "0" * 18, "'1000000000000000000' has more than 18 digits: too many for a count"),
        (HUGE, f"{HUGE[:40]!r}... (5,000 characters) has more than 18 digits: too many for a count"),
        (HUGE + ".0", f"{HUGE[:40]!r}... (5,002 characters) has more than 18 digits: too many for a count"),
        ("12.5", "'12.5' is not a whole number of people"),
        ("0.0000001", "'0.0000001' is not a whole number of people"),
        ("-5", "'-5' is negative"),
        ("-2.5", "'-2.5' is negative"),
        ("-0", "'-0' is zero with a minus sign"),
        ("-0.0", "'-0.0' is zero with a minus sign"),
        ("\u0669\u0668", "'\u0669\u0668' is not a whole number"),
        ("\uff11\uff12", "'\uff11\uff12' is not a whole number"),
        ("\u00b2", "'\u00b2' is not a whole number"),
        ("1_000", "'1_000' is not a whole number"),
        ("+5", "'+5' is not a whole number"),
        ("5e3", "'5e3' is not a whole number"),
        ("1e400", "'1e400' is not a whole number"),
        ("inf", "'inf' is not a whole number"),
        ("nan", "'nan' is not a whole number"),
        ("0x10", "'0x10' is not a whole number"),
        ("1,000", None),  # an extra cell: the row is one cell too wide
        ("-", "'-' is not a whole number"),  # the API's "not reported" only in JSON
        (".", "'.' is not a whole number"),
        ("1.2.3", "'1.2.3' is not a whole number"),
    ],
)
def test_one_count_cell_both_ways(
    cell: str, expected: int | str | None, tmp_path: pathlib.Path, grids: list[bool]
) -> None:
    path = write(
        tmp_path, "t.csv", FLOW_HEADER, "2019,,SYR,SYR,,TUR,TUR,1,,,", f"2020,,SYR,SYR,,DEU,DEU,{cell},,,"
    )
    load = compare("flows", path)
    assert isinstance(load, Load)
    assert load.account.balanced
    flows = {f.id: f.count.magnitude for f in load.dataset.flows if f.count is not None}
    if isinstance(expected, int):
        assert grids[0] is True
        assert flows["unhcr-flows-2020-SYR-DEU-refugees"] == expected
        assert type(flows["unhcr-flows-2020-SYR-DEU-refugees"]) is int
        assert not load.account.skipped
    else:
        assert grids[0] is False
        assert list(flows) == ["unhcr-flows-2019-SYR-TUR-refugees"]
        [skipped] = load.account.skipped
        assert skipped.line == 3
        if expected is not None:
            assert [e.describe() for e in skipped.errors] == [f"line 3.refugees: {expected}"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2020", None),
        ("02020", None),  # read as 2020, by the row path (the columnar path reads only "2020")
        (HUGE, f"{HUGE[:40]!r}... (5,000 characters) is not a year between 1 and 9998"),
        ("0" * 5000 + "2020", None),
        ("99999", "'99999' is not a year between 1 and 9998"),
        ("\u0662\u0660\u0662\u0660", "'\u0662\u0660\u0662\u0660' is not a year"),
        ("2020.0", "'2020.0' is not a year"),
        ("+2020", "'+2020' is not a year"),
        ("x" * 5000, f"{'x' * 40!r}... (5,000 characters) is not a year"),
    ],
)
def test_one_year_cell_both_ways(cell: str, expected: str | None, tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "t.csv", FLOW_HEADER, f"{cell},,SYR,SYR,,DEU,DEU,5,,,")
    load = compare("flows", path)
    assert isinstance(load, Load)
    assert load.account.balanced
    if expected is None:
        assert [f.id for f in load.dataset.flows] == ["unhcr-flows-2020-SYR-DEU-refugees"]
    else:
        assert [e.describe() for e in load.account.errors] == [f"line 2.year: {expected}"]


def test_a_huge_code_cell_is_quoted_short(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "t.csv", FLOW_HEADER, "2020,,SYR," + "X" * 100_000 + ",,DEU,DEU,5,,,")
    load = compare("flows", path)
    assert isinstance(load, Load)
    assert [e.describe() for e in load.account.errors] == [
        f"line 2.coo_iso: {'X' * 40!r}... (100,000 characters) is not a country code"
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("year,coo_iso,coa_iso,refugees,refugees", "has the column refugees 2 times (columns 4 and 5)"),
        ("year,coo_iso,coa_iso,refugees, refugees ", "has the column refugees 2 times (columns 4 and 5)"),
        ("year,coo_iso,year,coa_iso,refugees,year", "has the column year 3 times (columns 1, 3 and 6)"),
        ("coa_iso,year,coo_iso,coa_iso,oip", "has the column coa_iso 2 times (columns 1 and 4)"),
    ],
)
def test_a_repeated_column_is_refused_both_ways(header: str, message: str, tmp_path: pathlib.Path) -> None:
    cells = ",".join(["2020", "SYR", "TUR", "5", "7", "2021"][: header.count(",") + 1])
    path = write(tmp_path, "t.csv", header, cells)
    assert compare("flows", path) == (f"ValidationError: t.csv: {message}: which one to read is ambiguous")


@pytest.mark.parametrize(
    ("header", "ignored", "refugees"),
    [
        ("year,coo_iso,coa_iso,refugees,note,note", ("note", "note"), 5),  # unknown: not read, listed
        ("year,coo_iso,coa_iso,refugees,coo_name,coo_name", (), 5),  # names: never read
        ("year,coo_iso,coa_iso,Refugees,oip", ("Refugees",), None),  # another case is another name
        (" year , coo_iso,coa_iso ,refugees ", (), 5),  # spaces around a name are not part of it
    ],
)
def test_header_names(
    header: str, ignored: tuple[str, ...], refugees: int | None, tmp_path: pathlib.Path, grids: list[bool]
) -> None:
    cells = ",".join(["2020", "SYR", "TUR", "5", "7", "8"][: header.count(",") + 1])
    load = compare("flows", write(tmp_path, "t.csv", header, cells))
    assert isinstance(load, Load)
    assert grids[0] is True
    assert load.account.ignored_columns == ignored
    flows = {f.id: f.count.magnitude for f in load.dataset.flows if f.count is not None}
    assert flows.get("unhcr-flows-2020-SYR-TUR-refugees") == refugees


def test_a_header_only_file_has_no_rows(tmp_path: pathlib.Path, grids: list[bool]) -> None:
    for content in (FLOW_HEADER, FLOW_HEADER + "\n", FLOW_HEADER + "\r\n\r\n", "\ufeff" + FLOW_HEADER):
        path = tmp_path / "t.csv"
        path.write_text(content, encoding="utf-8", newline="")
        load = compare("flows", path)
        assert isinstance(load, Load)
        assert (load.account.rows, load.account.balanced, load.dataset.flows) == (0, True, ())


def test_a_file_that_is_not_utf8_or_not_there(tmp_path: pathlib.Path, grids: list[bool]) -> None:
    latin = tmp_path / "t.csv"
    latin.write_bytes((FLOW_HEADER + "\n2020,Côte,CIV,CIV,,TUR,TUR,1,,,\n").encode("latin-1"))
    assert "is not valid UTF-8: byte 0xf4 at line 2" in str(compare("flows", latin))
    empty = write(tmp_path, "empty.csv", end="")
    assert "is empty" in str(compare("flows", empty))
    with pytest.raises(DocumentError, match=r"missing\.csv: cannot be opened"):
        READERS["flows"](tmp_path / "missing.csv", columnar=True)
    assert True not in grids


def test_a_cell_longer_than_the_csv_limit(tmp_path: pathlib.Path, grids: list[bool]) -> None:
    path = write(tmp_path, "t.csv", FLOW_HEADER, "2020," + "x" * 200_000 + ",SYR,SYR,,TUR,TUR,1,,,")
    load = compare("flows", path)
    assert isinstance(load, Load)
    assert load.account.errors[0].message == (
        "column 2 has a cell of 200,000 characters, more than the 131,072 the csv module reads in a cell "
        "(csv.field_size_limit)"
    )
    assert grids == [False] * (2 if ARROW else 1)  # with pyarrow, and without


def test_api_json_keeps_the_row_path(grids: list[bool]) -> None:
    items = [{"year": 2020, "coo_iso": "SYR", "coa_iso": "TUR", "refugees": 1}]
    assert isinstance(compare("flows", items), Load)
    assert grids == [False] * (2 if ARROW else 1)  # with pyarrow, and without


# -- any file at all: the same outcome both ways ----------------------------------------------------

GOOD = {
    "year": st.sampled_from(["2020", "2021", "1999"]),
    "code": st.sampled_from(["SYR", "TUR", "UNK", "STA"]),
    "name": st.sampled_from(["", "Syria", '"Congo, Rep."', '"The ""Congo"""', '"Syria"']),
    "count": st.sampled_from(["", "", "0", "12", "7", "12.0", " 7", "9007199254740991.0", "007"]),
}
ODD = {
    "year": st.sampled_from([" 2020", "02020", "0", "20x", "", "1e3", HUGE]),
    "code": st.sampled_from([" SYR", "syr", "KZA", "-", ""]),
    "name": st.sampled_from(['"x', 'a"b', '"a"b', "a\rb", "a\x00b", '"a\nb"']),
    "count": st.sampled_from(
        [
            " ",
            "-3",
            "1.5",
            "x",
            "1e3",
            '"5"',
            "\x00",
            "-0",
            "+5",
            "1_000",
            "\u0669",
            "inf",
            "9" * 16,
            "9" * 19,
            HUGE,
        ]
    ),
}
HEADERS = {
    "flows": FLOW_HEADER,
    "solutions": SOLUTION_HEADER,
    "population": POPULATION_HEADER,
    "population-skip-zeros": POPULATION_HEADER,
    "idmc": "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,total",
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A reader and the lines of a file for it: often clean, else with one odd cell or line."""
    reader = draw(st.sampled_from(list(READERS)))
    kinds = ["year", "name", "name", "code", "name", "name", "code"]
    kinds += ["count"] * (HEADERS[reader].count(",") + 1 - len(kinds))
    rows = draw(st.lists(st.tuples(*(GOOD[kind] for kind in kinds)).map(list), max_size=6))
    for row in rows:  # the same code twice, as UNHCR writes it
        row[2], row[5] = row[3], row[6]
    lines = [",".join(row) for row in rows]
    if rows and draw(st.booleans()):
        where = draw(st.integers(0, len(rows) - 1))
        if draw(st.booleans()):
            column = draw(st.integers(0, len(kinds) - 1))
            rows[where][column] = draw(ODD[kinds[column]])
            lines[where] = ",".join(rows[where])
        else:
            lines.insert(
                where, draw(st.sampled_from(["", " ", "1", lines[where], lines[where] + ",", "a,b"]))
            )
    return reader, lines


@given(tables(), st.sampled_from(["\n", "\r\n"]))
def test_any_file_gives_the_same_outcome_both_ways(table: tuple[str, list[str]], end: str) -> None:
    reader, lines = table
    with tempfile.TemporaryDirectory() as folder:
        compare(reader, write(pathlib.Path(folder), "t.csv", HEADERS[reader], *lines, end=end))


@given(st.binary(max_size=300))
def test_any_bytes_give_the_same_outcome_both_ways(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "t.csv"
        path.write_bytes(FLOW_HEADER.encode() + b"\n" + content)
        compare("flows", path)


def test_reading_unhcr_tables_imports_numpy_only_when_a_file_is_read() -> None:
    code = (
        "import sys\n"
        "from displacement.io import csv, unhcr\n"
        "print('numpy' in sys.modules)\n"
        "unhcr.read_flows([{'year': 2020, 'coo_iso': 'SYR', 'coa_iso': 'TUR', 'refugees': 1}])\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]  # JSON input: the row path, no numpy
