"""IOM DTM API table shape: nested admin0/1/2 rows become stocks, and bad rows are accounted for.

Real DTM data may not be redistributed (IOM's terms), so the table below is made up for these
tests, in the DTM API's shape. Its p-codes and unit names are real: Somalia's Bay (SO24) and
Bakool (SO25) regions and their districts, from OCHA's Global P-Code List (CC BY), the gazetteer
bundled with the library. Its figures are not anyone's data.
"""

from __future__ import annotations

import pathlib
from datetime import date

import pytest

from displacement import (
    Count,
    EventKind,
    Place,
    PopulationCategory,
    Reason,
    Source,
    SourceKind,
    ValidationError,
)
from displacement.io import dtm

HEADER = (
    "admin0Pcode,admin1Name,admin1Pcode,admin2Name,admin2Pcode,numPresentIdpInd,"
    "reportingDate,roundNumber,operation,displacementReason,adminLevel"
)
NESTED = """\
SOM,,,,,1000,2023-03-31,5,Somalia (made up),Conflict,0
SOM,Bay,SO24,,,600,2023-03-31,5,Somalia (made up),Conflict,1
SOM,Bakool,SO25,,,400,2023-03-31,5,Somalia (made up),Conflict,1
SOM,Bay,SO24,Baydhaba,SO2401,400,2023-03-31,5,Somalia (made up),Conflict,2
SOM,Bay,SO24,Buur Hakaba,SO2402,200,2023-03-31,5,Somalia (made up),Conflict,2
SOM,Bakool,SO25,Xudur,SO2501,250,2023-03-31,5,Somalia (made up),Conflict,2
SOM,Bakool,SO25,Ceel Barde,SO2502,150,2023-03-31,5,Somalia (made up),Conflict,2"""
"""One country, two regions, four districts: each level sums to the one above (1,000 people)."""


def write(tmp_path: pathlib.Path, *lines: str, name: str = "dtm.csv") -> pathlib.Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_nested_rows_become_stocks_at_their_level(tmp_path: pathlib.Path) -> None:
    dataset, account = dtm.read_dtm(write(tmp_path, HEADER, NESTED))
    assert (account.rows, account.loaded, account.blank, len(account.skipped)) == (7, 7, 0, 0)
    assert account.balanced
    assert account.ignored_columns == ()
    stocks = dataset.stocks
    assert [s.place.level for s in stocks] == [0, 1, 1, 2, 2, 2, 2]
    assert stocks[0].place == Place("SOM")
    assert stocks[1].place == Place("SOM", admin1="SO24")
    assert stocks[3].place == Place("SOM", admin1="SO24", admin2="SO2401")
    assert stocks[3].place.unit is not None
    assert stocks[3].place.unit.name == "Baydhaba"
    assert stocks[3].id == "iom-dtm-somalia-made-up-r5-2023-03-31-conflict-SO2401"
    for stock in stocks:
        assert stock.as_of == date(2023, 3, 31)
        assert stock.population.category is PopulationCategory.IDPS
        assert stock.population.nationality == "SOM"
        assert stock.description == "DTM Somalia (made up), round 5; reason: Conflict"
        assert stock.attributions[0].source == dtm.DTM_SOURCE_ID
    # the fixture nests: each unit's figure is the sum of the units within it
    by_place = {s.place: s.count for s in stocks}
    for outer in by_place:
        inner = [p for p in by_place if p.level == outer.level + 1 and p.within(outer)]
        if inner:
            assert sum((by_place[p] for p in inner), Count(0)) == by_place[outer]


def test_a_total_over_the_nested_rows_is_the_country_figure(tmp_path: pathlib.Path) -> None:
    dataset, _ = dtm.read_dtm(write(tmp_path, HEADER, NESTED))
    total = dataset.total("stocks", by=())[()]
    assert total.count == Count(1000)
    (country,) = [s.id for s in dataset.stocks if s.place.level == 0]
    assert total.records == (country,)
    assert len(total.set_aside) == len(dataset.stocks) - 1
    assert {a.reason for a in total.set_aside} == {Reason.BREAKDOWN}
    by_region = dataset.total("stocks", by="place.admin1")
    assert {key: t.count for key, t in by_region.items()} == {
        (None,): Count(1000),
        ("SO24",): Count(600),
        ("SO25",): Count(400),
    }


def test_each_level_alone_totals_to_the_country_figure(tmp_path: pathlib.Path) -> None:
    dataset, _ = dtm.read_dtm(write(tmp_path, HEADER, NESTED))
    for level in (0, 1, 2):
        total = dataset.total("stocks", by=(), where=lambda s, level=level: s.place.level == level)[()]
        assert total.count == Count(1000), level


def test_a_code_the_gazetteer_refuses_is_a_row_problem(tmp_path: pathlib.Path) -> None:
    lines = [
        HEADER,
        "TCD,Lac,TD07,,,50,2023-03-31,5,Chad,Conflict,1",  # DTM's code for OCHA's TCD07
        "SOM,Bay,SO24,Xudur,SO2501,10,2023-03-31,5,Somalia,Conflict,2",  # Xudur is in Bakool
        "SOM,Bay,SO24,,,600,2023-03-31,5,Somalia,Conflict,1",
    ]
    dataset, account = dtm.read_dtm(write(tmp_path, *lines))
    assert [s.place for s in dataset.stocks] == [Place("SOM", admin1="SO24")]
    assert (account.rows, account.loaded, len(account.skipped)) == (3, 1, 2)
    first, second = (e.describe() for e in account.errors)
    assert first.startswith(
        "line 2.admin1Pcode: 'TD07' is not an admin1 p-code of TCD in the gazetteer (did you mean 'TCD07', Lac?)"
    )
    assert second.startswith("line 3.admin2Pcode: ")
    assert "SO24" in second


def test_malformed_rows_are_listed_with_their_line_and_the_rest_loads(tmp_path: pathlib.Path) -> None:
    lines = [
        HEADER,
        "SOM,,,,,1000,2023-03-31,5,Somalia,Conflict,0",
        "SOM,Bay,,,,600,2023-03-31,5,Somalia,Conflict,1",
        "SOM,Bay,SO24,Baydhaba,SO2401,600,2023-03-31,5,Somalia,Conflict,1",
        "SOM,,,,,1000,2023-03-31,5,Somalia,Conflict,3",
        "SOM,,,,,many,2023-03-31,5,Somalia,Conflict,0",
        "SOM,,,,,1000,31/03/2023,5,Somalia,Conflict,0",
        "SOM,,,,,1000,2023-03-31,five,Somalia,Conflict,0",
        "SOM,,,,,1000,2023-03-31,5,Somalia,Conflict,0",
        "SOM,,,,,,2023-03-30,5,Somalia,Conflict,0",
        "SOM,,,,,0,2023-03-29,5,Somalia,Conflict,0",
        "SOM,,,,,300.0,2023-03-28,5,Somalia,Conflict,0",
        "XX,,,,,1,2023-03-31,5,Somalia,Conflict,0",
        "SOM,,,,,1000,2023-03-31,5,Somalia,Conflict",
    ]
    dataset, account = dtm.read_dtm(write(tmp_path, *lines))
    assert [s.count.magnitude for s in dataset.stocks if s.count] == [1000, 0, 300]
    assert (account.rows, account.loaded, account.blank, len(account.skipped)) == (13, 3, 1, 9)
    assert account.balanced
    assert [e.describe() for e in account.errors] == [
        "line 3.admin1Pcode: an admin1 row needs its admin1 p-code",
        "line 4.admin2Pcode: an admin1 row has no admin2 unit, got 'SO2401'",
        "line 5.adminLevel: '3' is not an admin level (0, 1 or 2)",
        "line 6.numPresentIdpInd: 'many' is not a whole number",
        "line 7.reportingDate: '31/03/2023' is not a date (YYYY-MM-DD)",
        "line 8.roundNumber: 'five' is not a round number",
        "line 9: repeats line 2 (the same operation, round, date, reason and unit)",
        "line 13.admin0Pcode: 'XX' is not an ISO 3166-1 alpha-3 code (did you mean 'XXA'?)",
        "line 14: has 10 cells but the header has 11",
    ]
    with pytest.raises(ValidationError, match="9 malformed rows out of 13"):
        dtm.read_dtm(write(tmp_path, *lines), strict=True)


def test_a_file_that_is_not_the_table_is_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValidationError, match=r"has no column adminLevel \(found admin0Pcode"):
        dtm.read_dtm(write(tmp_path, HEADER.replace(",adminLevel", ""), "SOM,,,,,1,2023-03-31,5,S,C"))
    with pytest.raises(ValidationError, match="has the column admin1Pcode 2 times"):
        dtm.read_dtm(write(tmp_path, HEADER + ",admin1Pcode"))
    with pytest.raises(ValidationError, match="expected a path to a CSV file, got list"):
        dtm.read_dtm([])  # type: ignore[arg-type]


def test_unknown_columns_are_listed_and_the_source_can_be_replaced(tmp_path: pathlib.Path) -> None:
    mine = Source("my-dtm", SourceKind.DATASET, publisher="IOM DTM (API, 2023-04-02)")
    path = write(
        tmp_path, HEADER + ",numberMales", "SOM,,,,,1000,2023-03-31T00:00:00,5,Somalia,Conflict,0,480"
    )
    dataset, account = dtm.read_dtm(path, source=mine)
    assert account.ignored_columns == ("numberMales",)
    assert dataset.stocks[0].attributions[0].source == "my-dtm"
    assert dataset.get("my-dtm") == mine
    assert dtm.dtm_source().licence == "IOM DTM terms of use (no redistribution)"


def test_huge_cells_give_bounded_problems(tmp_path: pathlib.Path) -> None:
    lines = [
        HEADER,
        f"SOM,,,,,{'0' * 5000}1,2023-03-31,5,Somalia,Conflict,0",
        f"SOM,,,,,{'9' * 5000},2023-03-30,5,Somalia,Conflict,0",
        f"SOM,,,,,1,2023-03-29,{'9' * 5000},Somalia,Conflict,0",
    ]
    dataset, account = dtm.read_dtm(write(tmp_path, *lines))
    assert [s.count for s in dataset.stocks] == [Count(1)]
    messages = [e.describe() for e in account.errors]
    assert messages == [
        f"line 3.numPresentIdpInd: '{'9' * 60}'... (5,000 characters) is too large a count",
        f"line 4.roundNumber: '{'9' * 60}'... (5,000 characters) is not a round number",
    ]


def test_figures_of_two_reasons_for_one_unit_are_different_people(tmp_path: pathlib.Path) -> None:
    lines = (
        "SOM,Bay,SO24,,,600,2023-03-31,5,Somalia (made up),Conflict,1",
        "SOM,Bay,SO24,,,250,2023-03-31,5,Somalia (made up),Natural disaster,1",
        "SOM,Bay,SO24,,,50,2023-03-31,5,Somalia (made up),conflict ,1",
    )
    dataset, account = dtm.read_dtm(write(tmp_path, HEADER, *lines))
    # "conflict " is Conflict again: the same unit, date and reason, so it repeats line 2
    assert [e.describe() for e in account.errors] == [
        "line 4: repeats line 2 (the same operation, round, date, reason and unit)"
    ]
    assert [(e.id, e.kind) for e in dataset.events] == [
        ("iom-dtm-reason-conflict", EventKind.ARMED_CONFLICT),
        ("iom-dtm-reason-natural-disaster", EventKind.DISASTER),
    ]
    assert [s.causes for s in dataset.stocks] == [
        ("iom-dtm-reason-conflict",),
        ("iom-dtm-reason-natural-disaster",),
    ]
    total = dataset.total("stocks", by="place.admin1")[("SO24",)]
    assert (total.count, total.set_aside) == (Count(850), ())
