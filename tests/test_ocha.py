"""OCHA Ethiopia's drought IDP estimates per woreda: admin3 places, the partial HXL row, the totals.

The real table (OCHA Ethiopia, CC BY, via HDX) is read from ``../shared/data/subnational`` when
it is there; the small tables below are written for each test, with rows copied from it.
"""

from __future__ import annotations

import csv
import pathlib
from collections import Counter
from datetime import date

import pytest

from displacement import CauseKind, EventKind, Hazard, Place, PopulationCategory, ValidationError
from displacement.io.ocha import (
    ETHIOPIA_COLUMNS,
    ETHIOPIA_DROUGHT_AS_OF,
    ETHIOPIA_DROUGHT_EVENT_ID,
    OCHA_ETHIOPIA_SOURCE_ID,
    OchaAccount,
    read_ethiopia_drought_idps,
)

SUBNATIONAL = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "subnational"
ETHIOPIA_FILE = SUBNATIONAL / "eth_drought_idps_woreda_2022.csv"
HEADER = ",".join(ETHIOPIA_COLUMNS)
HASHTAGS = ",,,,,#adm3+code,#affected+idps+ind"


def write(tmp_path: pathlib.Path, *lines: str) -> pathlib.Path:
    path = tmp_path / "eth.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_a_row_is_a_stock_of_drought_idps_at_its_woreda(tmp_path: pathlib.Path) -> None:
    dataset, account = read_ethiopia_drought_idps(
        write(tmp_path, HASHTAGS, "Afar,ET02,Awsi /Zone 1,ET0201,Elidar,ET020102,1206")
    )
    (stock,) = dataset.stocks
    assert stock.place == Place("ETH", admin1="ET02", admin2="ET0201", admin3="ET020102")
    assert stock.count is not None
    assert stock.count.magnitude == 1206
    assert stock.as_of == ETHIOPIA_DROUGHT_AS_OF == date(2022, 10, 31)
    assert (stock.population.category, stock.population.nationality) == (PopulationCategory.IDPS, "ETH")
    assert stock.causes == (ETHIOPIA_DROUGHT_EVENT_ID,)
    assert stock.description == "Elidar woreda, Awsi /Zone 1, Afar"
    assert stock.attributions[0].source == OCHA_ETHIOPIA_SOURCE_ID
    (event,) = dataset.events
    assert (event.kind, event.hazard) == (EventKind.DISASTER, Hazard(type="Drought", subtype="Drought"))
    assert event.cause_kind is CauseKind.DISASTER
    assert isinstance(account, OchaAccount)
    assert (account.rows, account.loaded, account.hashtag_line) == (1, 1, 2)


def test_the_partial_hashtag_row_is_neither_data_nor_an_error(tmp_path: pathlib.Path) -> None:
    with_tags = read_ethiopia_drought_idps(
        write(tmp_path, HASHTAGS, "Afar,ET02,Awsi /Zone 1,ET0201,Kori,ET020108,245")
    )
    without = read_ethiopia_drought_idps(write(tmp_path, "Afar,ET02,Awsi /Zone 1,ET0201,Kori,ET020108,245"))
    assert with_tags.dataset.stocks == without.dataset.stocks
    assert (with_tags.account.rows, with_tags.account.skipped) == (1, ())
    assert str(with_tags.account).startswith(
        "eth.csv: 1 rows: 1 made 1 records, 0 had no figure; line 2 is an HXL"
    )
    assert isinstance(without.account, OchaAccount)
    assert without.account.hashtag_line is None


def test_a_hashtag_row_below_the_first_data_row_is_malformed(tmp_path: pathlib.Path) -> None:
    _, account = read_ethiopia_drought_idps(
        write(tmp_path, "Afar,ET02,Awsi /Zone 1,ET0201,Kori,ET020108,245", HASHTAGS)
    )
    assert [e.describe() for e in account.errors] == [
        "line 3.IDP estimates: '#affected+idps+ind' is not a whole number",
        "line 3.Woreda p-code: '#adm3+code' is not a woreda p-code "
        "('#adm3+code' is not a p-code (letters, digits, '_' and '-', at most 20))",
    ]
    assert account.hashtag_line is None
    assert account.balanced


def test_woredas_newer_than_the_global_list_are_accepted_through_their_zone(tmp_path: pathlib.Path) -> None:
    dataset, _ = read_ethiopia_drought_idps(
        write(tmp_path, "Oromia,ET04,West Hararge,ET0412,Boke,ET041291,5227")
    )
    assert dataset.stocks[0].place == Place("ETH", admin1="ET04", admin2="ET0412", admin3="ET041291")


def test_codes_that_disagree_with_the_gazetteer_are_row_problems(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        HASHTAGS,
        "Afar,ET04,Awsi /Zone 1,ET0201,Elidar,ET020102,1206",
        "Afar,ET02,Awsi /Zone 1,ET0204,Kori,ET020108,245",
        "Afar,ET02,Awsi /Zone 1,ET0201,Kori,ET99,245",
        "Afar,ET02,Awsi /Zone 1,ET0201,Teru,,185",
        "Afar,ET02,Fanti /Zone 4,ET0204,Teru,ET020403,1.5",
        "Afar,ET02,Awsi /Zone 1,ET0201,Kori,ET020108,",
        "Afar,ET02,Fanti /Zone 4,ET0204,Teru,ET020403,185",
        "Afar,ET02,Fanti /Zone 4,ET0204,Teru,ET020403,185",
    )
    dataset, account = read_ethiopia_drought_idps(path)
    described = [e.describe() for e in account.errors]
    assert described[:2] == [
        "line 3.Region p-code: 'ET04' is not the region of woreda ET020102 (its region is ET02)",
        "line 4.Zone p-code: 'ET0204' is not the zone of woreda ET020108 (its zone is ET0201)",
    ]
    assert described[2].startswith("line 5.Woreda p-code: 'ET99' is not a woreda p-code (")
    assert described[3:] == [
        "line 6.Woreda p-code: missing woreda p-code",
        "line 7.IDP estimates: '1.5' is not a whole number",
        "line 10.Woreda p-code: repeats the woreda of line 9",
    ]
    assert [s.count.magnitude for s in dataset.stocks if s.count is not None] == [185]
    assert (account.rows, account.loaded, account.blank, len(account.skipped)) == (8, 1, 1, 6)
    assert account.balanced
    with pytest.raises(ValidationError, match="6 malformed rows out of 8"):
        read_ethiopia_drought_idps(path, strict=True)


def test_as_of_replaces_the_tables_date(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "Afar,ET02,Awsi /Zone 1,ET0201,Kori,ET020108,245")
    dataset, _ = read_ethiopia_drought_idps(path, as_of=date(2022, 9, 30))
    assert dataset.stocks[0].as_of == date(2022, 9, 30)
    with pytest.raises(ValidationError, match="as_of: expected a date, got str"):
        read_ethiopia_drought_idps(path, as_of="2022-09-30")  # type: ignore[arg-type]


def test_a_missing_column_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "eth.csv"
    path.write_text("Region,Woreda p-code,IDP estimates\n", encoding="utf-8")
    with pytest.raises(
        ValidationError, match=r"eth\.csv: has no column Region p-code, Zone, Zone p-code, Woreda"
    ):
        read_ethiopia_drought_idps(path)


@pytest.mark.skipif(
    not ETHIOPIA_FILE.exists(), reason=f"the real OCHA Ethiopia table is not at {ETHIOPIA_FILE}"
)
def test_the_real_table_totals_344_609_and_its_regions_add_up() -> None:
    dataset, account = read_ethiopia_drought_idps(ETHIOPIA_FILE)
    assert isinstance(account, OchaAccount)
    assert (account.rows, account.loaded, account.skipped, account.hashtag_line) == (87, 87, (), 2)
    total = dataset.total("stocks", by="place")
    (only,) = total.values()
    assert only.count.magnitude == 344_609
    by_region: Counter[str] = Counter()
    for stock in dataset.stocks:
        assert stock.place.admin1 is not None
        assert stock.count is not None
        by_region[stock.place.admin1] += stock.count.magnitude
    with ETHIOPIA_FILE.open(newline="", encoding="utf-8") as f:
        raw = list(csv.DictReader(f))[1:]  # below the hashtag row
    expected: Counter[str] = Counter()
    for row in raw:
        expected[row["Region p-code"]] += int(row["IDP estimates"])
    assert by_region == expected == {"ET05": 175_418, "ET04": 162_853, "ET02": 6_338}
    assert sum(by_region.values()) == 344_609
    ones = sorted(
        s.description or "" for s in dataset.stocks if s.count is not None and s.count.magnitude == 1
    )
    assert ones == ["Charati woreda, Afder, Somali", "Haro Maya woreda, East Hararge, Oromia"]


def test_a_source_of_the_wrong_type_is_refused(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "Afar,ET02,Awsi /Zone 1,ET0201,Kori,ET020108,245")
    with pytest.raises(ValidationError, match=r"^source: expected a Source, got 'x' \(str\)$"):
        read_ethiopia_drought_idps(path, source="x")  # type: ignore[arg-type]
