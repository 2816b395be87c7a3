"""Flat CSV files: lossless round trips, safe text cells, errors with file, line and column."""

from __future__ import annotations

import csv as stdlib_csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import displacement as d
from displacement.io import _cells, csv
from records import RECORDS


@pytest.fixture
def example() -> d.Dataset:
    return d.examples.kazakhstan_2022()


def test_columns_come_from_the_model() -> None:
    cols = csv.columns("flows")
    assert cols[:2] == ["id", "origin.country"]
    assert {
        "count.value",
        "count.unit",
        "count.qualifier",
        "count.upper",
        "period.open_start",
        "attributions",
    } <= set(cols)
    assert csv.KINDS == ("sources", "actors", "events", "flows", "stocks")
    with pytest.raises(d.DisplacementError, match="unknown record type 'flow'"):
        csv.columns("flow")


def test_directory_round_trip(tmp_path: Path, example: d.Dataset) -> None:
    written = csv.dump_dir(example, tmp_path / "out")
    assert [p.name for p in written] == ["sources.csv", "actors.csv", "events.csv", "flows.csv"]
    assert csv.load_dir(tmp_path / "out").dataset == example


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(dataset=RECORDS[d.Dataset])
def test_generated_datasets_round_trip(tmp_path: Path, dataset: d.Dataset) -> None:
    folder = tmp_path / "gen"
    for old in folder.glob("*.csv"):
        old.unlink()
    csv.dump_dir(dataset, folder)
    assert csv.load_dir(folder).dataset == dataset


def test_cells(example: d.Dataset) -> None:
    out = io.StringIO()
    csv.dump(example, out, kind="flows")
    rows = list(stdlib_csv.DictReader(io.StringIO(out.getvalue())))
    first, second = rows[0], rows[1]
    assert (first["count.value"], first["count.unit"], first["count.qualifier"], first["count.upper"]) == (
        "98000",
        "person",
        "exact",
        "",
    )
    assert first["period.open_start"] == "true"
    assert first["causes"] == '["mobilization-decree"]'
    # unquantified: every count cell empty, read back as no count (never 0)
    assert [second[c] for c in ("count.value", "count.unit", "count.qualifier")] == ["", "", ""]


def test_single_file_of_records_without_references(tmp_path: Path) -> None:
    stock = d.Stock(
        "k1",
        place=d.Place("KAZ", lat=43.2, lon=76.9),
        population=d.Population(d.PopulationCategory.REFUGEES, nationality="AFG"),
        count=d.Count(1200.5, qualifier=d.Qualifier.APPROXIMATE),
        as_of=d.Period.year(2024).end,  # type: ignore[arg-type]
    )
    dataset = d.Dataset(stocks=[stock])
    csv.dump(dataset, tmp_path / "stocks.csv", kind="stocks")
    assert csv.load(tmp_path / "stocks.csv").dataset == dataset
    # the kind comes from the header when the name does not say it
    (tmp_path / "mine.csv").write_text(
        (tmp_path / "stocks.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert csv.load(tmp_path / "mine.csv").dataset == dataset


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "'quoted", "''"])
def test_formulas_are_neutralised_and_read_back(text: str) -> None:
    actor = d.Actor("a1", d.ActorKind.PERSON, text)
    out = io.StringIO()
    csv.dump(d.Dataset(actors=[actor]), out, kind="actors")
    cell = next(stdlib_csv.DictReader(io.StringIO(out.getvalue())))["name"]
    assert cell == "'" + text
    assert csv.load(io.StringIO(out.getvalue()), "actors").dataset.actors[0].name == text


def write(path: Path, header: list[str], *rows: dict[str, str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = stdlib_csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_errors_name_file_line_and_column(tmp_path: Path) -> None:
    header = csv.columns("stocks")
    good = {
        "id": "k1",
        "place.country": "KAZ",
        "population.category": "refugees",
        "count.value": "5",
        "as_of": "2024-12-31",
    }
    path = write(
        tmp_path / "stocks.csv",
        header,
        good,
        good | {"id": "k2", "count.value": "-5"},
        good | {"id": "k3", "place.country": "KZA", "count.value": "many"},
        good | {"id": "k1", "causes": '["war"]'},
    )
    with pytest.raises(d.ValidationError) as excinfo:
        csv.load(path)
    assert [(e.path, e.message) for e in excinfo.value.errors] == [
        ("stocks.csv:3:count.value", "-5 is negative"),
        ("stocks.csv:4:place.country", "'KZA' is not an ISO 3166-1 alpha-3 code (did you mean 'KAZ'?)"),
        ("stocks.csv:4:count.value", "expected a number, got the string 'many'"),
        ("stocks.csv:5:id", "duplicate id 'k1' (also stocks.csv:2)"),
        ("stocks.csv:5:causes[0]", "refers to 'war', which is not in the dataset (expected an event)"),
    ]
    assert str(excinfo.value).startswith(f"invalid {path} (5 problems):")


def test_unknown_columns_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "stocks.csv"
    path.write_text(
        "id,place.country,population.category,as_of,count.valeu\nk1,KAZ,idps,2024-12-31,5,extra\n",
        encoding="utf-8",
    )
    with pytest.raises(d.ValidationError) as excinfo:
        csv.load(path)
    assert [(e.path, e.message) for e in excinfo.value.errors] == [
        ("stocks.csv:1:count.valeu", "unknown column (did you mean 'count.value'?)"),
        ("stocks.csv:2", "has 6 cells but the header has 5"),
    ]
    # every count cell absent or empty: an unquantified stock, not a zero one
    path.write_text(
        "id,place.country,population.category,as_of,note\nk1,KAZ,idps,2024-12-31,x\n", encoding="utf-8"
    )
    assert csv.load(path, ignore_unknown=True).dataset.stocks[0].count is None


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    empty = tmp_path / "flows.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(d.DocumentError, match="empty: expected a header row"):
        csv.load(empty)
    binary = tmp_path / "stocks.csv"
    binary.write_bytes(b"id\n\xff\n")
    with pytest.raises(d.DocumentError, match="not valid UTF-8"):
        csv.load(binary)
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(d.DisplacementError, match="cannot tell which record type"):
        csv.load(odd)
    with pytest.raises(d.DisplacementError, match="no CSV files named"):
        csv.load_dir(tmp_path / "nothing-here")


@given(st.sampled_from(["flows", "stocks", "sources", "actors", "events"]))
def test_header_of_every_kind_is_unique(kind: str) -> None:
    cols = csv.columns(kind)
    assert len(cols) == len(set(cols))


# -- issue 13: nothing read silently some other way ------------------------------------------------


def rewrite(path: Path, edit: Any) -> None:
    """Parse *path* as CSV, let *edit* change the rows, write them back as CSV."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(stdlib_csv.reader(f))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        stdlib_csv.writer(f).writerows(rows)


def test_a_row_cut_short_is_an_error_with_its_line(tmp_path: Path, example: d.Dataset) -> None:
    csv.dump_dir(example, tmp_path)
    width = len(csv.columns("flows"))
    description = csv.columns("flows").index("description")

    def edit(rows: list[list[str]]) -> None:
        rows[1][description] = "a cell\nof three\nlines"
        del rows[2][-3:]

    rewrite(tmp_path / "flows.csv", edit)
    # A cell above holds line breaks, so the third row starts on a later line than 3.
    text = (tmp_path / "flows.csv").read_text(encoding="utf-8")
    line = text[: text.index("\nf2-rus-geo,")].count("\n") + 2
    assert line > 3
    with pytest.raises(d.ValidationError) as caught:
        csv.load_dir(tmp_path)
    assert [(e.path, e.message) for e in caught.value.errors] == [
        (f"flows.csv:{line}", f"has {width - 3} cells but the header has {width}")
    ]
    # one cell too many is no better
    csv.dump_dir(example, tmp_path)
    rewrite(tmp_path / "flows.csv", lambda rows: rows[1].append(""))
    with pytest.raises(
        d.ValidationError, match=f"flows.csv:2: has {width + 1} cells but the header has {width}"
    ):
        csv.load_dir(tmp_path)


def test_a_repeated_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "stocks.csv"
    path.write_text(
        "id,place.country,population.category,as_of,count.value,count.value\nk1,KAZ,idps,2024-12-31,5,7\n",
        encoding="utf-8",
    )
    with pytest.raises(d.ValidationError) as caught:
        csv.load(path)
    assert [(e.path, e.message) for e in caught.value.errors] == [
        ("stocks.csv:1:count.value", "appears twice in the header (columns 5 and 6)")
    ]


def test_a_quote_never_closed_makes_the_file_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text('id,kind,name\na1,person,"Ann\na2,person,Bob\n', encoding="utf-8")
    with pytest.raises(d.DocumentError) as caught:
        csv.load(path)
    assert (
        str(caught.value)
        == "actors.csv:2: has a quoted cell that is never closed (it runs to the end of the file)"
    )
    assert caught.value.line == 2
    path.write_text('id,kind,name\na1,person,"Ann"x\n', encoding="utf-8")
    with pytest.raises(
        d.DocumentError, match=re.escape("""actors.csv:2: is not valid CSV (',' expected after '"')""")
    ):
        csv.load(path)


def test_a_cell_longer_than_the_csv_module_reads(tmp_path: Path) -> None:
    limit = stdlib_csv.field_size_limit()
    big = tmp_path / "big.csv"
    big.write_text("a" * 200_000 + "\n", encoding="utf-8")
    for kind in (None, "actors"):  # guessing the kind read the header apart from the rest once
        with pytest.raises(d.DocumentError) as caught:
            csv.load(big, kind)
        assert str(caught.value) == (
            f"big.csv:1: column 1 has a cell of 200,000 characters, more than the {limit:,} the csv module "
            "reads in a cell (csv.field_size_limit)"
        )
    path = tmp_path / "actors.csv"
    path.write_text(f'id,kind,name\na1,person,"x\n{"y" * limit}"\n', encoding="utf-8")
    with pytest.raises(
        d.DocumentError, match=f"actors.csv:2: column 3 has a cell of {limit + 2:,} characters"
    ):
        csv.load(path)
    path.write_text(f'id,kind,name\na1,person,"x\n{"y" * limit}\nmore"\n', encoding="utf-8")
    with pytest.raises(
        d.DocumentError, match=f"actors.csv:2: column 3 has a cell of at least {limit + 2:,} characters"
    ):
        csv.load(path)
    assert stdlib_csv.field_size_limit() == limit  # the process-wide limit is left alone
    # what the reader would refuse is refused when written, naming the record and column
    actor = d.Actor("a1", d.ActorKind.PERSON, "x" * (limit + 1))
    with pytest.raises(d.DisplacementError, match=rf"actors\[0\].name: a text of {limit + 1:,} characters"):
        csv.dump_dir(d.Dataset(actors=[actor]), tmp_path / "out")
    assert not (tmp_path / "out").exists()
    fits = d.Dataset(actors=[d.Actor("a1", d.ActorKind.PERSON, "x" * limit)])
    csv.dump_dir(fits, tmp_path / "out")
    assert csv.load_dir(tmp_path / "out").dataset == fits


def test_text_that_utf8_cannot_hold_is_refused_when_written(tmp_path: Path) -> None:
    actor = d.Actor("a1", d.ActorKind.PERSON, "x\ud800")
    with pytest.raises(
        d.DisplacementError, match=r"actors\[0\].name: 'x\\ud800' contains an unpaired surrogate"
    ):
        csv.dump(d.Dataset(actors=[actor]), tmp_path / "actors.csv", kind="actors")
    assert not (tmp_path / "actors.csv").exists()


def test_files_that_are_not_utf8_say_where(tmp_path: Path) -> None:
    latin = tmp_path / "actors.csv"
    latin.write_bytes("id,kind,name\na1,person,Côte\n".encode("latin-1"))
    with pytest.raises(
        d.DocumentError,
        match=re.escape(
            "actors.csv: not valid UTF-8: byte 0xf4 at line 2, column 12 (invalid continuation byte)"
        ),
    ):
        csv.load(latin)
    latin.write_text("id,kind,name\n", encoding="utf-16")
    with pytest.raises(
        d.DocumentError, match=re.escape("actors.csv: not valid UTF-8 (it looks like UTF-16)")
    ):
        csv.load(latin)
    # far into a file, the position is still the file's (a text stream reads in chunks)
    latin.write_bytes(b"id,kind,name\n" + b"a1,person,x\n" * 10_000 + b"a2,person,\xff\n")
    with pytest.raises(d.DocumentError, match=re.escape("byte 0xff at line 10002, column 11")):
        csv.load(latin)


def test_a_byte_order_mark_is_not_part_of_the_header(tmp_path: Path) -> None:
    text = "\ufeffid,kind,name\r\na1,person,Ann\r\n"
    (tmp_path / "actors.csv").write_text(text, encoding="utf-8")
    expected = d.Dataset(actors=[d.Actor("a1", d.ActorKind.PERSON, "Ann")])
    assert csv.load(tmp_path / "actors.csv").dataset == expected
    assert csv.load(io.StringIO(text), "actors").dataset == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("+5", "expected a number, got the string '+5'"),
        ("1_000", "expected a number, got the string '1_000'"),
        (
            "\u0669\u0668\u0660\u0660\u0660",
            "expected a number, got the string '\u0669\u0668\u0660\u0660\u0660'",
        ),
        ("null", "expected a number, got the string 'null'"),
        ("5.", "expected a number, got the string '5.'"),
    ],
)
def test_number_cells_take_ascii_digits_only(tmp_path: Path, cell: str, message: str) -> None:
    path = tmp_path / "stocks.csv"
    path.write_text(
        f"id,place.country,population.category,as_of,count.value\nk1,KAZ,idps,2024-12-31,{cell}\n",
        encoding="utf-8",
    )
    with pytest.raises(d.ValidationError) as caught:
        csv.load(path)
    assert [(e.path, e.message) for e in caught.value.errors] == [("stocks.csv:2:count.value", message)]


def test_true_and_false_only(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    header = ",".join(csv.columns("flows"))
    row = dict.fromkeys(csv.columns("flows"), "")
    row |= {
        "id": "f1",
        "origin.country": "SYR",
        "movement": "cross_border",
        "destination.country": "TUR",
        "population.category": "refugees",
        "metric": "arrivals",
        "period.open_start": "null",
    }
    path.write_text(header + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    with pytest.raises(
        d.ValidationError,
        match=re.escape("flows.csv:2:period.open_start: expected true or false, got the string 'null'"),
    ):
        csv.load(path)


def test_a_file_of_no_known_kind_or_a_folder_of_no_files_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "odd.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(d.DocumentError, match=r"odd\.csv: cannot tell which record type"):
        csv.load(tmp_path / "odd.csv")
    with pytest.raises(d.DocumentError, match="no CSV files named"):
        csv.load_dir(tmp_path)


# -- one formula guard, round-tripping every string ------------------------------------------------


def test_a_leading_apostrophe_that_no_writer_added_stays(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(
        "id,kind,name\na1,person,'s-Hertogenbosch\na2,person,'=1\na3,person,''x\n", encoding="utf-8"
    )
    names = [a.name for a in csv.load(path).dataset.actors]
    assert names == ["'s-Hertogenbosch", "=1", "'x"]
    dataset = d.Dataset(actors=[d.Actor("a1", d.ActorKind.PERSON, "'s-Hertogenbosch")])
    out = io.StringIO()
    csv.dump(dataset, out, kind="actors")
    assert out.getvalue().splitlines()[1].startswith("a1,person,''s-Hertogenbosch,")
    assert csv.load(io.StringIO(out.getvalue()), "actors").dataset == dataset


def test_numbers_stay_numbers_and_text_that_looks_like_one_stays_text() -> None:
    place = d.Place("KAZ", name="-5", lat=-5.0, lon=76.9)
    stock = d.Stock(
        "k1",
        place=place,
        population=d.Population(d.PopulationCategory.IDPS),
        count=None,
        as_of=d.Period.year(2024).end,  # type: ignore[arg-type]
    )
    out = io.StringIO()
    csv.dump(d.Dataset(stocks=[stock]), out, kind="stocks")
    row = next(stdlib_csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["place.name"], row["place.lat"]) == ("'-5", "-5.0")
    assert csv.load(io.StringIO(out.getvalue()), "stocks").dataset.stocks[0].place == place


@given(st.text())
def test_the_guard_round_trips_every_string(text: str) -> None:
    assert _cells.unguard(_cells.guard(text)) == text
    assert not _cells.guard(text).startswith(_cells.TRIGGERS)


@given(st.text().filter(str.strip))
def test_every_name_round_trips_through_a_csv_file(text: str) -> None:
    dataset = d.Dataset(actors=[d.Actor("a1", d.ActorKind.PERSON, text)])
    out = io.StringIO()
    csv.dump(dataset, out, kind="actors")
    assert csv.load(io.StringIO(out.getvalue()), "actors").dataset == dataset


@pytest.mark.parametrize(
    "text", ["'s-Hertogenbosch", "=1", "+1", "-5", "@A1", "\tx", "\rx", "'", "''", "'='"]
)
def test_awkward_names_round_trip_through_a_csv_file(text: str) -> None:
    test_every_name_round_trips_through_a_csv_file.hypothesis.inner_test(text)  # type: ignore[attr-defined]


def test_a_path_that_cannot_be_opened_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(
        d.DocumentError,
        match=re.escape(f"{tmp_path / 'nope.csv'}: cannot be opened (No such file or directory)"),
    ):
        csv.load(tmp_path / "nope.csv")
    (tmp_path / "flows.csv").mkdir()
    with pytest.raises(
        d.DocumentError, match=re.escape(f"{tmp_path / 'flows.csv'}: cannot be opened (Is a directory)")
    ):
        csv.load(tmp_path / "flows.csv")


# -- places below the country (issue 15) ---------------------------------------------------------

PLACES_BELOW = [
    d.Place("SOM", admin2="SO2401", name="Bulo Burto IDP site"),
    d.Place("SOM", admin2="SO2201", lat=2.04, lon=45.34, accuracy=d.Accuracy.ADMIN2),
    d.Place("ETH", admin3="ET041291"),
    d.Place("RUS", subdivision="RU-DA"),
]


def _stocks_at(places: list[d.Place]) -> list[d.Stock]:
    end = d.Period.year(2022).end
    assert end is not None
    return [
        d.Stock(
            f"s{i}", place=p, population=d.Population(d.PopulationCategory.IDPS), count=d.Count(10), as_of=end
        )
        for i, p in enumerate(places)
    ]


def test_places_below_the_country_have_their_columns_and_cells() -> None:
    out = io.StringIO()
    csv.dump(_stocks_at(PLACES_BELOW), out, kind="stocks")
    rows = list(stdlib_csv.reader(io.StringIO(out.getvalue())))
    place = [i for i, name in enumerate(rows[0]) if name.startswith("place.")]
    assert [rows[0][i] for i in place] == [
        "place.country",
        "place.subdivision",
        "place.admin1",
        "place.admin2",
        "place.admin3",
        "place.name",
        "place.lat",
        "place.lon",
        "place.accuracy",
    ]
    assert [[row[i] for i in place] for row in rows[1:]] == [
        ["SOM", "", "SO24", "SO2401", "", "Bulo Burto IDP site", "", "", ""],
        ["SOM", "", "SO22", "SO2201", "", "", "2.04", "45.34", "admin2"],
        ["ETH", "", "ET04", "ET0412", "ET041291", "", "", "", ""],
        ["RUS", "RU-DA", "", "", "", "", "", "", ""],
    ]
    assert csv.load(io.StringIO(out.getvalue()), "stocks").dataset.stocks == tuple(_stocks_at(PLACES_BELOW))


def test_a_p_code_the_gazetteer_refuses_names_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "stocks.csv"
    csv.dump(_stocks_at(PLACES_BELOW[:2]), path, kind="stocks")
    path.write_text(path.read_text(encoding="utf-8").replace("SO2201", "SO2299"), encoding="utf-8")
    with pytest.raises(d.ValidationError) as excinfo:
        csv.load(path)
    assert [(e.path, e.message.split(" (")[0]) for e in excinfo.value.errors] == [
        ("stocks.csv:3:place.admin2", "'SO2299' is not an admin2 p-code of SOM in the gazetteer")
    ]
    assert "did you mean 'SO2209', Hodan?" in excinfo.value.errors[0].message


# -- issue 16: hazards, measures, cause kinds -----------------------------------------------------

_EVENTS_1_0 = "id,kind,name,period.start,period.end,hazard\r\ne1,disaster,Floods,2024-04-01,2024-04-20,{}\r\n"


def test_a_hazard_column_of_schema_1_0_still_reads(tmp_path: Path) -> None:
    """Files written before issue 16 have one ``hazard`` cell, a name; it reads as IDMC's class."""
    (tmp_path / "events.csv").write_text(_EVENTS_1_0.format("flood"), encoding="utf-8")
    event = csv.load_dir(tmp_path).dataset.events[0]
    assert event.hazard == d.Hazard(
        category="Weather related", subcategory="Hydrological", type="Flood", subtype="Flood"
    )
    assert event.cause_kind is d.CauseKind.DISASTER
    assert "hazard.type" in csv.columns("events")
    assert "hazard" not in csv.columns("events")


def test_a_bad_hazard_measure_or_cause_kind_names_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(_EVENTS_1_0.format("flod"), encoding="utf-8")
    with pytest.raises(d.ValidationError) as info:
        csv.load_dir(tmp_path)
    assert str(info.value).endswith(
        "events.csv:2:hazard: 'flod' is not an IDMC hazard class; did you mean 'Flood'? "
        "(words of your own go in Hazard(detail=...))"
    )
    event = d.Event(
        "e1",
        d.EventKind.DISASTER,
        "Floods",
        period=d.Period(),
        hazard=d.Hazard(type="Flood", detail="snowmelt"),
        figures=[d.Figure("killed", d.Count(12), measure=d.Measure.KILLED, term="dead")],
    )
    out = io.StringIO()
    csv.dump([event], out, kind="events")
    text = out.getvalue()
    assert "Weather related,Hydrological,Flood,,snowmelt" in text
    assert '""measure"": ""killed"", ""term"": ""dead""' in text
    bad = (
        text.replace("Hydrological,Flood,", "Hydrological,Flod,")
        .replace('""measure"": ""killed""', '""measure"": ""slain""')
        .replace("snowmelt,disaster", "snowmelt,war")
    )
    (tmp_path / "events.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(d.ValidationError) as info:
        csv.load_dir(tmp_path)
    message = str(info.value)
    assert (
        "events.csv:2:hazard.type: 'Flod' is not an IDMC hazard type under 'Weather related' > 'Hydrological'"
        in message
    )
    assert "events.csv:2:figures[0].measure: " in message
    assert "'slain'" in message
    assert "events.csv:2:cause_kind: " in message
    assert "'war'" in message
