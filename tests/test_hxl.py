"""HXL export: libhxl reads what we write, text is safe in spreadsheets, and files read back exactly."""

from __future__ import annotations

import csv
import io
import pathlib
import re
import tempfile
from collections import defaultdict
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import hxl_v1
import record_strategies
from displacement import (
    Accuracy,
    Attribution,
    Cohort,
    Count,
    Dataset,
    DisplacementError,
    DocumentError,
    Flow,
    Place,
    Population,
    PopulationCategory,
    Sex,
    Stock,
    ValidationError,
    examples,
)
from displacement.io import unhcr
from displacement.io.account import Load
from displacement.io.hxl import read_hxl, write_hxl

hxl = pytest.importorskip("hxl", reason="libhxl is not installed (it is in the test extra)")


def libhxl(path: pathlib.Path) -> Any:
    """The file as libhxl, a real HXL client, parses it (use in a with statement: it holds the file)."""
    return hxl.data(str(path), hxl.InputOptions(allow_local=True))


def libhxl_rows(path: pathlib.Path) -> tuple[list[str], list[Any]]:
    """The tags and rows libhxl sees."""
    with libhxl(path) as source:
        return [c.display_tag for c in source.columns], list(source)


def libhxl_report(path: pathlib.Path) -> dict[str, Any]:
    """libhxl's validation report against its default schema (numbers where numbers belong...)."""
    with libhxl(path) as source:
        return hxl.validate(source)  # type: ignore[no-any-return]


def raw(path: pathlib.Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_libhxl_sees_the_tags_and_values(tmp_path: pathlib.Path) -> None:
    ds = examples.kazakhstan_2022()
    path = tmp_path / "flows.csv"
    write_hxl(ds, path, kind="flows")
    tags, rows = libhxl_rows(path)
    assert tags[:6] == [
        "#meta+id",
        "#country+code+origin",
        "#adm1+code+origin",
        "#adm2+code+origin",
        "#adm3+code+origin",
        "#adm1+code+v_iso3166_2+origin",
    ]
    assert {
        "#country+code+dest",
        "#date+start",
        "#date+end",
        "#affected+others+ind+total",
        "#meta+source",
    } <= set(tags)
    assert [r.get("#meta+id") for r in rows] == [f.id for f in ds.flows]
    assert [r.get("#country+code+origin") for r in rows] == ["RUS"] * 4
    assert [r.get("#country+code+dest") for r in rows] == [f.destination.country for f in ds.flows]
    assert [r.get("#affected+others+ind") for r in rows] == [
        None if f.count is None else str(f.count.magnitude) for f in ds.flows
    ]
    assert rows[0].get("#date+start") == "2022-09-21"
    assert rows[0].get("#meta+source") == "UPI"
    assert rows[0].get("#meta+source+code") == "upi-2022-09-27 > kaz-interior-ministry-report"
    report = libhxl_report(path)
    assert report["stats"]["error"] == 0, report["issues"]


def test_the_example_reads_back_exactly(tmp_path: pathlib.Path) -> None:
    ds = examples.kazakhstan_2022()
    path = tmp_path / "flows.csv"
    write_hxl(ds, path, kind="flows")
    dataset, account = read_hxl(path, context=ds)
    assert dataset == ds
    assert (account.rows, account.loaded, account.skipped, account.ignored_columns) == (4, 4, (), ())


@given(st.lists(record_strategies.flows(hxl=True), max_size=5, unique_by=lambda f: f.id))
def test_flows_round_trip_through_hxl(records: list[Flow]) -> None:
    context = record_strategies.context(records)
    assume(not any(r.id in context for r in records))
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "flows.csv"
        write_hxl(records, path, kind="flows")
        dataset, account = read_hxl(path, "flows", context=context)
    assert account.errors == []
    assert dataset.flows == tuple(records)
    assert [repr(r) for r in dataset.flows] == [repr(r) for r in records]


@given(st.lists(record_strategies.stocks(hxl=True), max_size=5, unique_by=lambda s: s.id))
def test_stocks_round_trip_through_hxl(records: list[Stock]) -> None:
    context = record_strategies.context(records)
    assume(not any(r.id in context for r in records))
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "stocks.csv"
        write_hxl(records, path, kind="stocks")
        dataset, account = read_hxl(path, context=context)
    assert account.errors == []
    assert dataset.stocks == tuple(records)


# -- spreadsheet formula injection ---------------------------------------------------------------


def test_text_cells_cannot_run_as_formulas(tmp_path: pathlib.Path) -> None:
    flow = examples.kazakhstan_2022().flows[0]
    nasty = attrs.evolve(
        flow,
        id="=cmd|' /C calc'!A0",
        origin=Place("RUS", name="+7 (800) 123"),
        term="-2+3",
        description="@SUM(A1:A9)",
        population=Population(PopulationCategory.OTHERS, description="\t=1"),
        attributions=[Attribution("upi-2022-09-27", excerpt='\r=HYPERLINK("http://x")')],
        causes=[],
    )
    quoted = attrs.evolve(flow, id="'=not a formula", causes=[], attributions=[], term="'plain")
    path = tmp_path / "flows.csv"
    write_hxl([nasty, quoted], path, kind="flows")
    _, hashtags, first, second = raw(path)
    cell = dict(zip(hashtags, first, strict=True))
    assert cell["#meta+id"] == "'=cmd|' /C calc'!A0"
    assert cell["#loc+name+origin"] == "'+7 (800) 123"
    assert cell["#description+term"] == "'-2+3"
    assert cell["#description"] == "'@SUM(A1:A9)"
    assert cell["#description+population"] == "'\t=1"
    assert cell["#meta+excerpt"] == '\'\r=HYPERLINK("http://x")'
    assert cell["#geo+lat+origin"] == ""
    # No cell of the file starts with a character that makes a spreadsheet evaluate it.
    assert not [c for row in (first, second) for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    cell = dict(zip(hashtags, second, strict=True))
    assert (cell["#meta+id"], cell["#description+term"]) == ("''=not a formula", "''plain")
    # libhxl, like a spreadsheet, sees the guarded text; reading it back removes the guard.
    assert [r.get("#meta+id") for r in libhxl_rows(path)[1]] == ["'=cmd|' /C calc'!A0", "''=not a formula"]
    context = attrs.evolve(examples.kazakhstan_2022(), flows=[])
    dataset, _ = read_hxl(path, context=context)
    assert dataset.flows == (nasty, quoted)


def test_negative_coordinates_stay_numbers(tmp_path: pathlib.Path) -> None:
    flow = attrs.evolve(
        examples.kazakhstan_2022().flows[0], origin=Place("RUS", name="x", lat=-33.5, lon=-70.25), causes=[]
    )
    path = tmp_path / "flows.csv"
    write_hxl([flow], path, kind="flows")
    cell = dict(zip(raw(path)[1], raw(path)[2], strict=True))
    assert (cell["#geo+lat+origin"], cell["#geo+lon+origin"]) == ("-33.5", "-70.25")


# -- the real UNHCR data through HXL -----------------------------------------------------------------


def test_libhxl_sums_the_unhcr_flows_as_the_library_does(unhcr_flows: Load, tmp_path: pathlib.Path) -> None:
    dataset, _ = unhcr_flows
    recent = [f for f in dataset.flows if f.period.start is not None and f.period.start.year >= 2023]
    path = tmp_path / "flows.csv"
    write_hxl(attrs.evolve(dataset, flows=recent), path, kind="flows")
    totals: dict[str, int] = defaultdict(int)
    for row in libhxl_rows(path)[1]:
        for tag in ("#affected+refugees+ind+total", "#affected+asylum_seekers+ind+total"):
            value = row.get(tag)
            if value:
                totals[tag] += int(value)
    expected: dict[str, int | float] = defaultdict(int)
    for f in recent:
        assert f.count is not None
        expected[f"#affected+{f.population.category.value}+ind+total"] += f.count.magnitude
    assert totals["#affected+refugees+ind+total"] == expected["#affected+refugees+ind+total"] > 0
    assert totals["#affected+asylum_seekers+ind+total"] == expected["#affected+asylum_seekers+ind+total"]
    report = libhxl_report(path)
    assert report["stats"]["error"] == 0


def test_unhcr_demographics_keep_their_breakdown(unhcr_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    dataset, _ = unhcr.read_demographics(unhcr_dir / "demographics.csv")
    path = tmp_path / "demographics.csv"
    write_hxl(dataset, path, kind="stocks")
    hashtags = raw(path)[1]
    assert "#affected+refugees+f+age_0_4+ind" in hashtags
    assert "#affected+refugees+m+age_60_+ind" in hashtags
    assert "#affected+refugees+f+ind" in hashtags  # female, age unknown
    back, account = read_hxl(path, context=dataset)
    assert account.balanced
    # Cohorts read back in the order of their columns (by sex, then age, unknown ages last),
    # where UNHCR's reader gives each sex's all-ages cell first: the same cells, in another order.
    assert len(back.stocks) == len(dataset.stocks)
    for got, stock in zip(back.stocks, dataset.stocks, strict=True):
        cohorts = stock.population.cohorts
        assert sorted(got.population.cohorts, key=cohorts.index) == list(cohorts)
        assert attrs.evolve(got, population=stock.population) == stock


# -- what cannot be written, and bad files -----------------------------------------------------------


def test_what_hxl_cannot_hold_is_refused_not_lost(tmp_path: pathlib.Path) -> None:
    flow = examples.kazakhstan_2022().flows[0]
    about = Population(
        PopulationCategory.REFUGEES, cohorts=[Cohort(Sex.FEMALE, 0, 4, Count(10, qualifier="approximate"))]
    )
    with pytest.raises(
        DisplacementError, match=r"flows\[0\].population.cohorts\[0\]: HXL output carries exact"
    ):
        write_hxl([attrs.evolve(flow, population=about)], tmp_path / "x.csv", kind="flows")
    with pytest.raises(ValidationError, match=r"cohorts\[1\]: overlaps cohorts\[0\] in one breakdown"):
        Population(  # two cells for one column: the model refuses them before HXL could
            PopulationCategory.REFUGEES,
            cohorts=[Cohort(Sex.FEMALE, 0, 4, Count(1)), Cohort(Sex.FEMALE, 0, 4, Count(2))],
        )
    with pytest.raises(DisplacementError, match=r"flows\[0\].via: HXL output has no column for a route"):
        write_hxl([attrs.evolve(flow, via=[Place("GEO")])], tmp_path / "x.csv", kind="flows")
    with pytest.raises(DisplacementError, match=r"flows\[0\].causes: 'a \| b' contains '\|'"):
        write_hxl([attrs.evolve(flow, causes=["a | b"])], tmp_path / "x.csv", kind="flows")
    with pytest.raises(DisplacementError, match=r"flows\[0\].attributions\[0\]: 'x>y' contains '>'"):
        write_hxl([attrs.evolve(flow, attributions=[Attribution("x>y")])], tmp_path / "x.csv", kind="flows")
    assert not (tmp_path / "x.csv").exists()  # nothing half-written
    with pytest.raises(DisplacementError, match="an excerpt contains"):
        write_hxl(
            [attrs.evolve(flow, attributions=[Attribution("upi", excerpt="a | b")])],
            tmp_path / "x.csv",
            kind="flows",
        )
    with pytest.raises(ValidationError, match="kind: expected 'flows' or 'stocks'"):
        write_hxl([flow], tmp_path / "x.csv", kind="events")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"stocks\[0\]: expected a Stock"):
        write_hxl([flow], tmp_path / "x.csv", kind="stocks")


FLOW_TAGS = (
    "#meta+id,#country+code+origin,#country+code+dest,#x_movement,#x_metric,#date+start,#date+end,"
    "#x_precision,#x_category,#affected+refugees+ind+total,#affected+idps+ind+total,#x_qualifier,#x_upper,"
    "#meta+source+code,#org+name"
)


def write(tmp_path: pathlib.Path, *rows: str) -> pathlib.Path:
    path = tmp_path / "in.csv"
    path.write_text("\n".join(["a title row", FLOW_TAGS, *rows]) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_listed_and_the_rest_loads(tmp_path: pathlib.Path) -> None:
    context = examples.kazakhstan_2022()
    path = write(
        tmp_path,
        "r1,SYR,TUR,cross_border,arrivals,2020-01-01,2020-12-31,year,refugees,10,,,,upi-2022-09-27,",
        "r2,SYR,TUR,cross_border,arrivals,2020-01-01,2020-12-31,year,refugees,,5,,,,",
        "r3,SYX,TUR,walking,arrivals,2020-13-01,,year,refugees,10,,about,,,",
        "r4,SYR,TUR,cross_border,arrivals,,,,refugees,10,,range,5,nobody,",
        ",,,,,,,,,,,,,,",
        "r1,SYR,DEU,cross_border,arrivals,,,,refugees,1,2,,,,",
        "r6,SYR,DEU,cross_border,arrivals,,,,refugees,,,exact,,,UNHCR",
        "r1,SYR,DEU,cross_border,arrivals,,,,refugees,3,,,,,",
    )
    dataset, account = read_hxl(path, context=context)
    assert [f.id for f in dataset.flows] == ["r1"]
    assert dataset.flows[0].count == Count(10)
    assert dataset.flows[0].period.start is not None
    assert account.ignored_columns == ("#org+name",)
    assert (account.rows, account.loaded, account.blank, account.balanced) == (8, 1, 1, True)
    assert [e.describe() for e in account.errors] == [
        "line 4.#affected+idps+ind+total: a count of idps in a row of refugees",
        "line 5.#x_qualifier: 'about' is not a Qualifier (exact, approximate, at_least, more_than, at_most, "
        "less_than, range)",
        "line 5.#country+code+origin: 'SYX' is not an ISO 3166-1 alpha-3 code",  # SYC? SYR? no guess
        "line 5.#x_movement: 'walking' is not a Movement (cross_border, internal, return, evacuation, "
        "relocation, resettlement, local_integration)",
        "line 5.#date+start: '2020-13-01' is not a date (month must be in 1..12)",
        "line 6.#x_upper: upper bound 5 must be above the value 10",
        "line 8: has counts in several columns (#affected+refugees+ind+total, #affected+idps+ind+total); "
        "a record has one",
        "line 9.#x_qualifier: given without a count",
        "line 10.#meta+id: repeats the id 'r1' of line 3",
    ]
    with pytest.raises(ValidationError) as caught:
        read_hxl(path, context=context, strict=True)
    assert caught.value.title == "in.csv: 6 malformed rows out of 8"


def test_references_must_resolve_in_the_context(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "r1,SYR,TUR,cross_border,arrivals,,,,refugees,10,,,,upi-2022-09-27 > nobody,")
    _, account = read_hxl(path, context=examples.kazakhstan_2022())
    assert [e.describe() for e in account.errors] == [
        "line 3.#meta+source+code: 'nobody' is not a source or actor of the context"
    ]
    _, account = read_hxl(path)
    assert [e.message for e in account.errors] == [
        "'upi-2022-09-27' is not a source of the context",
        "'nobody' is not a source or actor of the context",
    ]


def test_files_that_are_not_hxl_are_refused(tmp_path: pathlib.Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(
        ValidationError, match=re.escape("plain.csv: has no HXL hashtag row in its first 25 rows")
    ):
        read_hxl(plain)
    partial = tmp_path / "partial.csv"
    partial.write_text("#meta+id,#country+code+origin\nx,SYR\n", encoding="utf-8")
    with pytest.raises(
        ValidationError,
        match=re.escape(
            "hashtags: has no #x_category, #country+code+dest, #x_movement, #x_metric column for flows"
        ),
    ):
        read_hxl(partial)
    with pytest.raises(ValidationError, match="context: expected a Dataset"):
        read_hxl(partial, context="ds")  # type: ignore[arg-type]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("#meta+id\nCôte\n".encode("latin-1"))
    with pytest.raises(
        ValidationError,
        match=re.escape(
            "latin.csv: is not valid UTF-8: byte 0xf4 at line 2, column 2 (invalid continuation byte)"
        ),
    ):
        read_hxl(latin)


# -- issue 13: every row and line accounted for, nothing read some other way ------------------------


def written(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "flows.csv"
    write_hxl(examples.kazakhstan_2022(), path, kind="flows")
    return path


def test_a_row_cut_short_is_skipped_with_its_line(tmp_path: pathlib.Path) -> None:
    path = written(tmp_path)
    rows = raw(path)
    width = len(rows[1])
    del rows[3][20:]
    rows[4].append("")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    context = examples.kazakhstan_2022()
    dataset, account = read_hxl(path, context=context)
    assert [f.id for f in dataset.flows] == [context.flows[0].id, context.flows[3].id]
    assert (account.rows, account.loaded, account.balanced) == (4, 2, True)
    assert [e.describe() for e in account.errors] == [
        f"line 4: has 20 cells but the header has {width}",
        f"line 5: has {width + 1} cells but the header has {width}",
    ]
    assert str(account).startswith(
        "flows.csv: 4 rows: 2 made 2 records, 0 had no figure, 2 skipped as malformed"
    )


def test_lines_above_the_hashtag_row_are_accounted_for(tmp_path: pathlib.Path) -> None:
    path = written(tmp_path)
    _, account = read_hxl(path, context=examples.kazakhstan_2022())
    assert account.lines_above == 1
    assert (
        str(account)
        == "flows.csv: 4 rows: 4 made 4 records, 0 had no figure, line 1 above the hashtag row not read as data"
    )
    text = path.read_text(encoding="utf-8")
    path.write_text("Flows out of Russia\n\n" + text, encoding="utf-8")
    _, account = read_hxl(path, context=examples.kazakhstan_2022())
    assert (account.rows, account.loaded, account.lines_above) == (4, 4, 3)
    assert "lines 1-3 above the hashtag row not read as data" in str(account)


def test_a_bad_unit_is_a_problem_of_its_cell(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "in.csv"
    rows = [
        f"r{i},SYR,TUR,cross_border,arrivals,,,,refugees,{count},,,,,,{unit}"
        for i, (count, unit) in enumerate(
            [("5", "foo"), ("5", "metre"), ("5", "1/0"), ("5", "person)"), ("5", "household"), ("", "person")]
        )
    ]
    path.write_text("\n".join([FLOW_TAGS + ",#x_unit", *rows]) + "\n", encoding="utf-8")
    _, account = read_hxl(path)
    accepted = (
        "is not a count unit: a count unit is person (or people, persons, individual, individuals) or "
        "household (or households, hh, family, families), optionally per second, minute, hour, day, "
        "week, fortnight, month or year for a rate (such as 'person / day'), without prefixes or factors"
    )
    assert [e.describe() for e in account.errors] == [
        f"line 2.#x_unit: 'foo' {accepted}",
        f"line 3.#x_unit: 'metre' {accepted}",
        f"line 4.#x_unit: '1/0' {accepted}",
        f"line 5.#x_unit: 'person)' {accepted}",
        "line 6.#x_unit: 'household' does not count persons, as its column says",
        "line 7.#x_unit: given without a count",
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            "\u0669\u0668\u0660\u0660\u0660",
            "'\u0669\u0668\u0660\u0660\u0660' is not a number (ASCII digits, as in 98000, -1.5 or 2e3)",
        ),
        ("1_000", "'1_000' is not a number (ASCII digits, as in 98000, -1.5 or 2e3)"),
        ("+98000", "'+98000' is not a number (ASCII digits, as in 98000, -1.5 or 2e3)"),
        ("98,000", "'98,000' is not a number (ASCII digits, as in 98000, -1.5 or 2e3)"),
        ("inf", "'inf' is not a number (ASCII digits, as in 98000, -1.5 or 2e3)"),
        (
            "1e400",
            "'1e400' is out of range: numbers must be finite (at most about 1.8e308, as a float64 holds)",
        ),
        (
            "1" + "0" * 400,
            "'100000000000000000000000000000'... (401 characters) is out of range: numbers must be finite (at most about 1.8e308, as a float64 holds)",
        ),
        ("1e-400", "'1e-400' is out of range: too close to 0 for a float64, which would read it as 0"),
        (
            "9" * 5000,
            "'999999999999999999999999999999'... (5,000 characters) is out of range: numbers must be finite (at most about 1.8e308, as a float64 holds)",
        ),
        (
            "x" * 5000,
            "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (5,000 characters) is not a number (ASCII digits, as in 98000, -1.5 or 2e3)",
        ),
    ],
)
def test_numbers_follow_the_csv_rule(tmp_path: pathlib.Path, cell: str, message: str) -> None:
    path = write(tmp_path, f'r1,SYR,TUR,cross_border,arrivals,,,,refugees,"{cell}",,,,,')
    dataset, account = read_hxl(path)
    assert dataset.flows == ()
    assert [e.describe() for e in account.errors] == [f"line 3.#affected+refugees+ind+total: {message}"]


def test_numbers_the_csv_rule_takes(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "r1,SYR,TUR,cross_border,arrivals,,,,refugees, 98000 ,,range,1.5e5,,",
        "r2,SYR,TUR,cross_border,arrivals,,,,refugees,0,,,,,",
    )
    dataset, account = read_hxl(path)
    assert account.errors == []
    assert [f.count for f in dataset.flows] == [Count(98000, qualifier="range", upper=150000.0), Count(0)]


@pytest.mark.parametrize("cell", ["20200101", "2020-W01-1", "2020-1-1", "\u0662\u0660\u0662\u0660-01-01"])
def test_dates_are_iso_calendar_dates_only(tmp_path: pathlib.Path, cell: str) -> None:
    path = write(tmp_path, f"r1,SYR,TUR,cross_border,arrivals,{cell},,day,refugees,5,,,,,")
    _, account = read_hxl(path)
    assert [e.describe() for e in account.errors] == [
        f"line 3.#date+start: {cell!r} is not an ISO date (YYYY-MM-DD)"
    ]


def test_a_quote_never_closed_is_a_skipped_row(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "r1,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,",
        'r2,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,"x',
        "r3,SYR",
    )
    dataset, account = read_hxl(path)
    assert [f.id for f in dataset.flows] == ["r1"]
    assert [e.describe() for e in account.errors] == [
        "line 4: has a quoted cell that is never closed (it runs to the end of the file)"
    ]
    assert (account.rows, account.balanced) == (2, True)
    path.write_text('"title\n' + FLOW_TAGS + "\n", encoding="utf-8")
    with pytest.raises(
        ValidationError, match=re.escape("in.csv: line 1 has a quoted cell that is never closed")
    ):
        read_hxl(path)


def test_a_cell_longer_than_the_csv_module_reads(tmp_path: pathlib.Path) -> None:
    limit = csv.field_size_limit()
    path = write(
        tmp_path,
        f"r1,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,{'x' * 200_000}",
        "r2,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,",
    )
    dataset, account = read_hxl(path)
    assert [f.id for f in dataset.flows] == ["r2"]
    assert [e.describe() for e in account.errors] == [
        f"line 3: column 15 has a cell of 200,000 characters, more than the {limit:,} the csv module reads in a cell (csv.field_size_limit)"
    ]
    flow = attrs.evolve(examples.kazakhstan_2022().flows[0], description="x" * (limit + 1))
    with pytest.raises(
        DisplacementError, match=rf"flows\[0\].description: a text of {limit + 1:,} characters"
    ):
        write_hxl([flow], tmp_path / "out.csv", kind="flows")
    assert not (tmp_path / "out.csv").exists()


def test_columns_without_a_hashtag_that_hold_data_are_listed(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "\n".join(
            [
                FLOW_TAGS + ",",
                "r1,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,,a note",
                "r2,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    _, account = read_hxl(path)
    assert account.ignored_columns == ("#org+name", "column 16 (no hashtag)")
    assert account.errors == []


def test_a_repeated_count_or_cohort_column_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(FLOW_TAGS + ",#affected+ind+refugees+total\n", encoding="utf-8")
    with pytest.raises(
        ValidationError,
        match=re.escape(
            "line 1.#affected+ind+refugees+total: appears twice in the hashtag row (columns 10 and 16)"
        ),
    ):
        read_hxl(path)
    path.write_text(FLOW_TAGS + ",#affected+refugees+f+ind,#affected+f+refugees+ind\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=re.escape("(columns 16 and 17)")):
        read_hxl(path)


def test_odd_age_attributes_are_not_cohorts(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        FLOW_TAGS + ",#affected+refugees+f+age_\u00b2_4+ind,#affected+refugees+f+age_1000_+ind\n",
        encoding="utf-8",
    )
    _, account = read_hxl(path)
    assert account.ignored_columns == (
        "#org+name",
        "#affected+refugees+f+age_\u00b2_4+ind",
        "#affected+refugees+f+age_1000_+ind",
    )


def test_a_leading_apostrophe_that_no_writer_added_stays(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "r1,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,",
        "'s-r2,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,",
    )
    dataset, _ = read_hxl(path)
    assert [f.id for f in dataset.flows] == ["r1", "'s-r2"]


TEXT = st.text().filter(str.strip)
"""What a description may be: any text but a blank one."""


def hxl_round_trip(text: str) -> None:
    flow = attrs.evolve(
        examples.kazakhstan_2022().flows[0],
        description=text,
        term=text,
        origin=Place("RUS", name=text),
        population=Population(PopulationCategory.OTHERS, description=text),
        causes=[],
        attributions=[Attribution("upi-2022-09-27", excerpt=text)],
    )
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "flows.csv"
        write_hxl([flow], path, kind="flows")
        dataset, account = read_hxl(path, context=attrs.evolve(examples.kazakhstan_2022(), flows=[]))
    assert account.errors == []
    assert dataset.flows == (flow,)


@given(TEXT.filter(lambda text: " | " not in text))  # " | " separates the excerpts of a cell
def test_every_text_round_trips_through_hxl(text: str) -> None:
    hxl_round_trip(text)


@pytest.mark.parametrize(
    "text", ["'s-Hertogenbosch", "=1", "+1", "-5", "@A1", "\tx", "\rx", "'", "''", "'='"]
)
def test_awkward_texts_round_trip_through_hxl(text: str) -> None:
    hxl_round_trip(text)


def test_a_row_with_nothing_in_it_is_blank_whatever_its_width(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "r1,SYR,TUR,cross_border,arrivals,,,,refugees,5,,,,,", ",,", " ", "x")
    _, account = read_hxl(path)
    assert (account.rows, account.loaded, account.blank, account.balanced) == (4, 1, 2, True)
    assert [e.describe() for e in account.errors] == ["line 6: has 1 cell but the header has 15"]


def test_a_path_that_cannot_be_opened_is_a_document_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(
        DocumentError,
        match=re.escape(f"{tmp_path / 'nope.csv'}: cannot be opened (No such file or directory)"),
    ):
        read_hxl(tmp_path / "nope.csv")
    with pytest.raises(DocumentError, match=re.escape(f"{tmp_path}: cannot be opened (Is a directory)")):
        read_hxl(tmp_path)


def test_household_sizes_round_trip_and_old_files_read(tmp_path: pathlib.Path) -> None:
    """A count's household size has a column (#x_household_size); a file without that column
    (written before it existed) reads as counts without one."""
    ds = examples.kazakhstan_2022()
    flow = attrs.evolve(ds.flows[0], count=Count(98000, household_size=4.5))
    path = tmp_path / "flows.csv"
    write_hxl([flow], path, kind="flows")
    with open(path, encoding="utf-8", newline="") as f:
        header, hashtags, row = csv.reader(f)
    at = hashtags.index("#x_household_size")
    assert (header[at], row[at]) == ("Household size", "4.5")
    assert read_hxl(path, context=ds).dataset.flows == (flow,)
    old = tmp_path / "old.csv"
    with open(old, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(cells[:at] + cells[at + 1 :] for cells in (header, hashtags, row))
    assert read_hxl(old, context=ds).dataset.flows == (attrs.evolve(flow, count=Count(98000)),)


# -- the files written before the columns derived from the field description -------------------


def _with_places_below_the_country(text: str) -> str:
    """*text*, a file of tests/hxl_v1.py, as today's writer lays out the same records: each
    place's ``#adm1+code`` column (its ISO 3166-2 subdivision then) becomes three empty p-code
    columns ``#adm1+code`` .. ``#adm3+code`` followed by the subdivision as
    ``#adm1+code+v_iso3166_2``, and an empty ``#geo+x_accuracy`` column follows its longitude.
    Issue 16 added an empty ``#cause+type`` column (a record's cause kind) after ``#cause+code``,
    issue 17 a stock's date precision ``#x_precision+asof`` after its ``#date``."""
    header, tags, *rows = list(csv.reader(io.StringIO(text, newline="")))
    out: list[list[list[str]]] = [[], [], *([] for _ in rows)]
    for j, tag in enumerate(tags):
        hashtag, *attributes = tag.split("+")
        plus = "".join(f"+{a}" for a in attributes if a in ("origin", "dest"))
        label = header[j].rsplit(" ", 1)[0]
        if hashtag == "#adm1":
            columns = [(f"{label} admin{n} p-code", f"#adm{n}+code{plus}", "") for n in (1, 2, 3)] + [
                (f"{label} subdivision (ISO 3166-2)", f"#adm1+code+v_iso3166_2{plus}", None)
            ]
        elif hashtag == "#geo" and "lon" in attributes:
            columns = [
                (header[j], tag, None),
                (f"{label} coordinates accuracy", f"#geo+x_accuracy{plus}", ""),
            ]
        elif tag == "#cause+code":
            columns = [(header[j], tag, None), ("Cause kind", "#cause+type", "")]
        elif tag == "#date":  # a stock's date: issue 17 added its precision, "day" for all of these
            columns = [(header[j], tag, None), ("Date precision", "#x_precision+asof", "day")]
        else:
            columns = [(header[j], tag, None)]
        for name, hxl_tag, cell in columns:
            out[0].append([name])
            out[1].append([hxl_tag])
            for i, row in enumerate(rows):
                out[2 + i].append([row[j] if cell is None else cell])
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([c[0] for c in line] for line in out)
    return buffer.getvalue()


def test_the_old_layout_maps_to_the_new_one_column_by_column() -> None:
    """The mapping the next test applies, on one header: the ISO column moves behind the p-codes."""
    old = "ID,Place country,Place subdivision,Place name,Place latitude,Place longitude\r\n#meta+id,#country+code,#adm1+code,#loc+name,#geo+lat,#geo+lon\r\ns,KAZ,KZ-75,Almaty,43.2,76.9\r\n"
    assert _with_places_below_the_country(old).splitlines() == [
        "ID,Place country,Place admin1 p-code,Place admin2 p-code,Place admin3 p-code,"
        "Place subdivision (ISO 3166-2),Place name,Place latitude,Place longitude,Place coordinates accuracy",
        "#meta+id,#country+code,#adm1+code,#adm2+code,#adm3+code,#adm1+code+v_iso3166_2,#loc+name,#geo+lat,"
        "#geo+lon,#geo+x_accuracy",
        "s,KAZ,,,,KZ-75,Almaty,43.2,76.9,",
    ]


@pytest.mark.parametrize("name", sorted(hxl_v1.FILES))
def test_files_are_written_byte_for_byte_as_before(name: str, tmp_path: pathlib.Path) -> None:
    """Places below the country (issue 15) changed only the place columns: each place gained the
    p-code columns ``#adm1+code`` .. ``#adm3+code`` (where the ISO 3166-2 subdivision was), the
    subdivision moved to ``#adm1+code+v_iso3166_2`` behind them, and ``#geo+x_accuracy`` follows
    the longitude. Every other header, hashtag, column and cell is what the hand-written layout
    wrote (tests/hxl_v1.py)."""
    data, kind = hxl_v1.datasets()[name]
    path = tmp_path / "out.csv"
    write_hxl(data, path, kind=kind)  # type: ignore[arg-type]
    assert path.read_bytes() == _with_places_below_the_country(hxl_v1.FILES[name]).encode("utf-8")


@pytest.mark.parametrize("name", sorted(hxl_v1.FILES))
def test_files_written_before_read_back(name: str, tmp_path: pathlib.Path) -> None:
    data, kind = hxl_v1.datasets()[name]
    context = data if isinstance(data, Dataset) else hxl_v1.datasets()["edge-flows"][0]
    path = tmp_path / "old.csv"
    path.write_bytes(hxl_v1.FILES[name].encode("utf-8"))
    load = read_hxl(path, context=context)
    expected = tuple(getattr(data, kind) if isinstance(data, Dataset) else data)
    assert getattr(load.dataset, kind) == expected
    assert (load.account.rows, load.account.skipped, load.account.ignored_columns) == (len(expected), (), ())


def test_a_cell_that_cannot_be_written_names_the_model_field(tmp_path: pathlib.Path) -> None:
    """The path of a cell that would not read back is the model's (``destination.name``), where
    HXL's own short name (``dest.name``) once leaked into it; the first such cell of the first
    record wins, as before."""
    limit = csv.field_size_limit()
    flow = examples.kazakhstan_2022().flows[0]
    flows = [
        attrs.evolve(flow, destination=Place("KAZ", name="x" * (limit + 1)), term="y" * (limit + 2)),
        attrs.evolve(flow, origin=Place("RUS", name="z" * (limit + 1))),
    ]
    with pytest.raises(DisplacementError) as info:
        write_hxl(flows, tmp_path / "out.csv", kind="flows")
    assert str(info.value).startswith(f"flows[0].destination.name: a text of {limit + 1:,} characters")
    # Within a record, a list that holds its separator is found before a cell that cannot be written.
    with pytest.raises(DisplacementError, match=re.escape("flows[0].causes: 'a | b' contains '|'")):
        write_hxl(
            [attrs.evolve(flow, causes=["a | b"], term="y" * (limit + 1))], tmp_path / "out.csv", kind="flows"
        )
    assert not (tmp_path / "out.csv").exists()


# -- places below the country (issue 15) -------------------------------------------------------


def _somalia_flow() -> Flow:
    """A district-to-district flow in Somalia (PRMN's shape): p-codes, a named area, a point."""
    flow = examples.kazakhstan_2022().flows[0]
    return attrs.evolve(
        flow,
        id="prmn-1",
        origin=Place("SOM", admin2="SO2401", name="Bulo Burto IDP site"),
        destination=Place("SOM", admin2="SO2201", lat=2.04, lon=45.34, accuracy=Accuracy.ADMIN2),
        population=Population(PopulationCategory.IDPS),
        attributions=(),
        causes=(),
    )


def test_a_flow_below_the_country_has_the_place_columns_and_cells(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.csv"
    write_hxl([_somalia_flow()], path, kind="flows")
    header, tags, row = raw(path)
    place_tags = [
        "#country+code",
        "#adm1+code",
        "#adm2+code",
        "#adm3+code",
        "#adm1+code+v_iso3166_2",
        "#loc+name",
        "#geo+lat",
        "#geo+lon",
        "#geo+x_accuracy",
    ]
    assert tags[1:19] == [f"{t}+origin" for t in place_tags] + [f"{t}+dest" for t in place_tags]
    assert header[10:19] == [
        "Destination country",
        "Destination admin1 p-code",
        "Destination admin2 p-code",
        "Destination admin3 p-code",
        "Destination subdivision (ISO 3166-2)",
        "Destination name",
        "Destination latitude",
        "Destination longitude",
        "Destination coordinates accuracy",
    ]
    assert row[1:19] == [
        *("SOM", "SO24", "SO2401", "", "", "Bulo Burto IDP site", "", "", ""),
        *("SOM", "SO22", "SO2201", "", "", "", "2.04", "45.34", "admin2"),
    ]
    assert read_hxl(path, context=Dataset()).dataset.flows == (_somalia_flow(),)


def test_libhxl_finds_the_p_codes_under_adm_code(tmp_path: pathlib.Path) -> None:
    """A tool asking for ``#adm1+code`` gets the first column with those attributes: the p-code,
    not the ISO 3166-2 code (``+v_iso3166_2``), which comes after it."""
    flow = attrs.evolve(_somalia_flow(), origin=Place("SOM", subdivision="SO-BY", admin2="SO2401"))
    path = tmp_path / "flows.csv"
    write_hxl([flow], path, kind="flows")
    _, rows = libhxl_rows(path)
    assert [(r.get("#adm1+code+origin"), r.get("#adm2+code+dest")) for r in rows] == [("SO24", "SO2201")]
    assert rows[0].get("#adm1+code+v_iso3166_2") == "SO-BY"
    assert rows[0].get("#geo+x_accuracy+dest") == "admin2"
    report = libhxl_report(path)
    assert report["stats"]["error"] == 0, report["issues"]


def test_admin3_codes_newer_than_the_list_round_trip(tmp_path: pathlib.Path) -> None:
    """Ethiopia's woredas (admin3) are checked through their zone and the country's code length."""
    stock = Stock(
        "eth-1",
        place=Place("ETH", admin3="ET041291"),
        population=Population(PopulationCategory.IDPS),
        count=Count(1200),
        as_of=examples.kazakhstan_2022().flows[0].period.end,  # type: ignore[arg-type]
    )
    path = tmp_path / "stocks.csv"
    write_hxl([stock], path, kind="stocks")
    _, tags, row = raw(path)
    assert [(t, row[tags.index(t)]) for t in ("#adm1+code", "#adm2+code", "#adm3+code")] == [
        ("#adm1+code", "ET04"),
        ("#adm2+code", "ET0412"),
        ("#adm3+code", "ET041291"),
    ]
    assert read_hxl(path, context=Dataset()).dataset.stocks == (stock,)


def _place_file(tmp_path: pathlib.Path, tags: str, *rows: str) -> pathlib.Path:
    path = tmp_path / "in.csv"
    path.write_text("\n".join([tags, *rows]) + "\n", encoding="utf-8")
    return path


_STOCK_TAGS = "#meta+id,#country+code,{place},#date,#x_category,#affected+idps+ind+total"


def test_an_iso_code_under_adm1_code_in_a_new_file_names_its_new_column(tmp_path: pathlib.Path) -> None:
    path = _place_file(
        tmp_path,
        _STOCK_TAGS.format(place="#adm1+code,#adm1+code+v_iso3166_2"),
        "s1,RUS,RU-DA,,2022-12-31,idps,10",
        "s2,RUS,,RU-DA,2022-12-31,idps,10",
    )
    dataset, account = read_hxl(path, "stocks")
    assert [s.place for s in dataset.stocks] == [Place("RUS", subdivision="RU-DA")]
    assert [e.describe() for e in account.errors] == [
        "line 2.#adm1+code: 'RU-DA' under #adm1+code looks like an ISO 3166-2 code: its column is now "
        "#adm1+code+v_iso3166_2 (#adm1+code holds OCHA p-codes)"
    ]


def test_an_old_file_reads_iso_codes_under_adm1_code_as_subdivisions(tmp_path: pathlib.Path) -> None:
    """Without a ``+v_iso3166_2`` column, ISO-shaped cells are subdivisions and p-codes stay p-codes."""
    path = _place_file(
        tmp_path,
        _STOCK_TAGS.format(place="#adm1+code"),
        "s1,RUS,RU-DA,2022-12-31,idps,10",
        "s2,SOM,SO24,2022-12-31,idps,10",
        "s3,RUS,RU-XX,2022-12-31,idps,10",
    )
    dataset, account = read_hxl(path, "stocks")
    assert [s.place for s in dataset.stocks] == [
        Place("RUS", subdivision="RU-DA"),
        Place("SOM", admin1="SO24"),
    ]
    assert [e.path for e in account.errors] == ["line 4.#adm1+code"]
    assert "'RU-XX' is not an ISO 3166-2 subdivision code" in account.errors[0].message


def test_a_p_code_the_gazetteer_refuses_is_a_problem_of_its_row_and_column(tmp_path: pathlib.Path) -> None:
    path = _place_file(
        tmp_path,
        _STOCK_TAGS.format(place="#adm1+code,#adm2+code,#adm3+code,#adm1+code+v_iso3166_2"),
        "s1,SOM,SO24,SO2401,,,2022-12-31,idps,10",
        "s2,SOM,,SO2499,,,2022-12-31,idps,10",
        "s3,SOM,SO22,SO2401,,,2022-12-31,idps,10",
    )
    dataset, account = read_hxl(path, "stocks")
    assert [s.id for s in dataset.stocks] == ["s1"]
    assert [e.path for e in account.errors] == ["line 3.#adm2+code", "line 4.#adm2+code"]
    assert account.errors[0].message.startswith("'SO2499' is not an admin2 p-code of SOM in the gazetteer")
    assert account.errors[1].message == "'SO2401' (Baydhaba) is in SO24, not in SO22"


# -- issue 16: cause kinds and cohort dimensions --------------------------------------------------


def _issue16_flow() -> Flow:
    from displacement import CauseKind, Settlement

    flow = examples.kazakhstan_2022().flows[0]
    cohorts = [
        Cohort(Sex.FEMALE, 0, 17, Count(100), settlement=Settlement.URBAN),
        Cohort(Sex.FEMALE, 0, 17, Count(50), settlement=Settlement.RURAL),
        Cohort(None, None, None, Count(30), in_camp=True),
        Cohort(None, None, None, Count(200), in_camp=False),
        Cohort(None, None, None, Count(7), disability=True),
        Cohort(None, None, None, Count(9), disability=False),
    ]
    return attrs.evolve(
        flow,
        count=Count(98000),
        cause_kind=CauseKind.CONFLICT,
        population=attrs.evolve(flow.population, cohorts=cohorts),
    )


def test_cause_kinds_and_cohort_dimensions_round_trip(tmp_path: pathlib.Path) -> None:
    """A record's cause kind is ``#cause+type``; a cohort's settlement, camp and disability are
    attributes of its column: HXL's core ``+incamp``/``+noncamp``, and extension attributes for
    what the core dictionary lacks."""
    flow = _issue16_flow()
    path = tmp_path / "flows.csv"
    write_hxl([flow], path, kind="flows")
    header, hashtags, row = raw(path)
    assert hashtags[hashtags.index("#cause+code") + 1] == "#cause+type"
    assert row[hashtags.index("#cause+type")] == "conflict"
    cohort_tags = [t for t in hashtags if t.startswith("#affected") and not t.endswith("+total")]
    assert cohort_tags == [  # by sex, ages, then settlement, camp, disability (given before not)
        "#affected+others+x_disabled+ind",
        "#affected+others+x_nondisabled+ind",
        "#affected+others+incamp+ind",
        "#affected+others+noncamp+ind",
        "#affected+others+f+age_0_17+x_urban+ind",
        "#affected+others+f+age_0_17+x_rural+ind",
    ]
    incamp = header[hashtags.index("#affected+others+incamp+ind")]
    assert incamp == "Others, all sexes, all or unknown ages, in camps (individuals)"
    back = read_hxl(path, context=examples.kazakhstan_2022()).dataset.flows[0]
    assert set(back.population.cohorts) == set(flow.population.cohorts)  # read back in column order
    assert attrs.evolve(back, population=flow.population) == flow


def test_a_bad_cause_kind_cell_is_a_problem_of_its_row(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.csv"
    write_hxl([_issue16_flow()], path, kind="flows")
    path.write_text(path.read_text(encoding="utf-8").replace(",conflict,", ",war,"), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_hxl(path, context=examples.kazakhstan_2022(), strict=True)
    assert str(info.value) == (
        "flows.csv: 1 malformed rows out of 1:\n  - line 3.#cause+type: 'war' is not a CauseKind "
        "(conflict, disaster, other)"
    )


def test_a_bad_cohort_cell_names_its_column(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.csv"
    write_hxl([_issue16_flow()], path, kind="flows")
    header, hashtags, row = raw(path)
    row[hashtags.index("#affected+others+incamp+ind")] = "many"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, hashtags, row])
    with pytest.raises(ValidationError) as info:
        read_hxl(path, context=examples.kazakhstan_2022(), strict=True)
    assert "#affected+others+incamp+ind" in str(info.value)
    assert "'many'" in str(info.value)


def test_a_route_is_refused_not_dropped(tmp_path: pathlib.Path) -> None:
    """HXL has one cell a column: a flow's via (a list of places) has none, so it is refused."""
    flow = attrs.evolve(_issue16_flow(), via=[Place("GEO", name="Upper Lars")])
    with pytest.raises(DisplacementError) as info:
        write_hxl([flow], tmp_path / "flows.csv", kind="flows")
    assert str(info.value) == (
        "flows[0].via: HXL output has no column for a route (a list of places, one cell a column); "
        "write the flows as JSON, CSV or Arrow to keep it"
    )
    assert not (tmp_path / "flows.csv").exists()
