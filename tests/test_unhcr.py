"""UNHCR import: the real tables load whole, totals match the raw CSV, and bad rows are accounted for."""

from __future__ import annotations

import csv
import json
import pathlib
import re
from collections import Counter, defaultdict
from datetime import date

import pytest

from displacement import (
    Attribution,
    Cohort,
    Count,
    DocumentError,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Precision,
    Qualifier,
    Sex,
    Source,
    SourceKind,
    Stock,
    ValidationError,
)
from displacement.io import unhcr
from displacement.io.account import Load, RowAccount

FLOW_HEADER = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,refugee_like,oip"
POPULATION_HEADER = (
    "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,"
    "refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst"
)


def write(tmp_path: pathlib.Path, name: str, *lines: str) -> pathlib.Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def raw_rows(path: pathlib.Path) -> list[dict[str, str]]:
    """The table as plain strings: the independent side of every comparison."""
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def data_lines(path: pathlib.Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f) - 1


def magnitude(record: Flow | Stock) -> int | float:
    assert record.count is not None
    return record.count.magnitude


# -- the real flows table -------------------------------------------------------------------------


def test_every_flow_row_is_accounted_for(unhcr_flows: Load, unhcr_dir: pathlib.Path) -> None:
    dataset, account = unhcr_flows
    rows = raw_rows(unhcr_dir / "flows.csv")
    cells = sum(1 for r in rows for c in ("refugees", "asylum_seekers", "refugee_like", "oip") if r[c] != "")
    assert account.rows == len(rows) == data_lines(unhcr_dir / "flows.csv") == 105_868
    assert account.balanced
    assert (account.loaded, account.blank, account.skipped) == (105_868, 0, ())
    assert account.records == len(dataset.flows) == cells == 108_717
    assert account.ignored_columns == ()


def test_flow_totals_match_the_raw_csv(unhcr_flows: Load, unhcr_dir: pathlib.Path) -> None:
    dataset, _ = unhcr_flows
    expected: dict[tuple[str, int], int] = defaultdict(int)
    for row in raw_rows(unhcr_dir / "flows.csv"):
        for column in ("refugees", "asylum_seekers", "refugee_like", "oip"):
            if row[column]:
                expected[column, int(row["year"])] += int(row[column])
    names = {
        PopulationCategory.REFUGEES: "refugees",
        PopulationCategory.ASYLUM_SEEKERS: "asylum_seekers",
        PopulationCategory.REFUGEE_LIKE: "refugee_like",
        PopulationCategory.OTHERS_IN_NEED_OF_INTERNATIONAL_PROTECTION: "oip",
    }
    got: dict[tuple[str, int], int | float] = defaultdict(int)
    for flow in dataset.flows:
        assert flow.period.start is not None
        got[names[flow.population.category], flow.period.start.year] += magnitude(flow)
    assert got == expected
    # Refugee arrivals per year, a figure people quote.
    assert got["refugees", 2024] == expected["refugees", 2024] > 0


def test_a_flow_says_what_its_cell_means(unhcr_flows: Load) -> None:
    dataset, _ = unhcr_flows
    flow = dataset.get("unhcr-flows-1962-DZA-MLT-refugees")
    assert flow == Flow(
        "unhcr-flows-1962-DZA-MLT-refugees",
        origin=Place("DZA"),
        destination=Place("MLT"),
        movement=Movement.CROSS_BORDER,
        population=Population(PopulationCategory.REFUGEES, nationality="DZA"),
        count=Count(5),
        period=Period(date(1962, 1, 1), date(1962, 12, 31), precision=Precision.YEAR),
        metric=Metric.ARRIVALS,
        attributions=[Attribution(unhcr.UNHCR_SOURCE_ID)],
    )
    asylum = [f for f in dataset.flows if f.population.category is PopulationCategory.ASYLUM_SEEKERS]
    assert {f.metric for f in asylum} == {Metric.APPLICATIONS}
    assert dataset.sources == (unhcr.unhcr_source(),)
    assert dataset.resolve(flow.attributions[0])[0].licence == "CC BY 4.0"


def test_non_iso_codes_become_special_places(unhcr_flows: Load) -> None:
    dataset, _ = unhcr_flows
    origins = Counter(f.origin.country for f in dataset.flows if f.origin.is_special)
    destinations = Counter(f.destination.country for f in dataset.flows if f.destination.is_special)
    assert set(origins) == {"STA", "UKN", "TIB"}
    assert set(destinations) == {"UKN"}
    stateless = next(f for f in dataset.flows if f.origin.country == "STA")
    assert stateless.population.nationality == "STA"
    assert stateless.origin.country_name == "Stateless"


def test_equal_parts_are_shared_across_rows(unhcr_flows: Load) -> None:
    """Places, periods, populations, attributions and counts are one object per distinct value."""
    dataset, _ = unhcr_flows
    flows = dataset.flows
    for part in ("origin", "destination", "period", "population", "attributions"):
        values = [getattr(f, part) for f in flows]
        assert len({id(v) for v in values}) == len(set(values)), part
    counts = [f.count for f in flows]
    assert len({id(c) for c in counts}) == len(set(counts))


def test_the_same_file_gives_the_same_ids(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path, "flows.csv", FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,10,20,,", "2021,,AFG,AFG,,PAK,PAK,,3,,"
    )
    first, second = unhcr.read_flows(path), unhcr.read_flows(path)
    assert first == second
    assert [f.id for f in first.dataset.flows] == [
        "unhcr-flows-2020-SYR-TUR-refugees",
        "unhcr-flows-2020-SYR-TUR-asylum_seekers",
        "unhcr-flows-2021-AFG-PAK-asylum_seekers",
    ]


# -- malformed and odd rows -----------------------------------------------------------------------


def test_empty_is_not_reported_and_zero_is_a_count(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path, "flows.csv", FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,,0,,", "2020,,IRQ,IRQ,,TUR,TUR,,,,"
    )
    dataset, account = unhcr.read_flows(path)
    assert [(f.id, f.count) for f in dataset.flows] == [("unhcr-flows-2020-SYR-TUR-asylum_seekers", Count(0))]
    assert (account.loaded, account.blank, account.records) == (1, 1, 1)


def test_malformed_rows_are_listed_with_their_line_and_the_rest_loads(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "flows.csv",
        FLOW_HEADER,
        "2020,,SYR,SYR,,TUR,TUR,10,,,",  # line 2: fine
        "2020,,SYR,SYR,,DEU,DEU,ten,,,",  # line 3: bad number
        ",,SYR,SYR,,FRA,FRA,5,,,",  # line 4: missing year
        "2020,,SYR,SYR,,KZA,KZA,5,,,",  # line 5: unknown code
        "2020,,SYR,SYR,,ITA,ITA,-5,,,",  # line 6: negative
        "2020,,SYR,SYR,,ESP,ESP,2.5,,,",  # line 7: not whole
        "2020,,SYR,SYR,,AUT,AUT,5,,",  # line 8: a cell short
        "2020,,SYR,SYR,,TUR,TUR,11,,,",  # line 9: repeats line 2
        "2020,,SYR,SYR,,BEL,BEL,12.0,,,",  # line 10: a whole number written as R writes doubles
        "2020,,SYR,,,NLD,NLD,1,,,",  # line 11: no origin code
    )
    dataset, account = unhcr.read_flows(path)
    assert [f.id for f in dataset.flows] == [
        "unhcr-flows-2020-SYR-TUR-refugees",
        "unhcr-flows-2020-SYR-BEL-refugees",
    ]
    assert dataset.flows[1].count == Count(12)
    assert account.rows == 10
    assert account.balanced
    assert [row.line for row in account.skipped] == [3, 4, 5, 6, 7, 8, 9, 11]
    assert [e.describe() for e in account.errors] == [
        "line 3.refugees: 'ten' is not a whole number",
        "line 4.year: missing year",
        "line 5.coa_iso: 'KZA' is not an ISO 3166-1 alpha-3 code (did you mean 'KAZ'?)",
        "line 6.refugees: '-5' is negative",
        "line 7.refugees: '2.5' is not a whole number of people",
        "line 8: has 10 cells but the header has 11",
        "line 9: repeats line 2 (the same year, origin and asylum country)",
        "line 11.coo_iso: missing country code (got '' (str))",
    ]
    with pytest.raises(ValidationError) as caught:
        unhcr.read_flows(path, strict=True)
    assert caught.value.title == "flows.csv: 8 malformed rows out of 10"
    assert [e.path for e in caught.value.errors][:3] == ["line 3.refugees", "line 4.year", "line 5.coa_iso"]


def test_a_row_spanning_lines_reports_its_first_line(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "flows.csv",
        FLOW_HEADER,
        '2020,"Syria,\nArab Rep.",SYR,SYR,,TUR,TUR,1,,,',
        "2020,,X,XYZ,,TUR,TUR,1,,,",
    )
    _, account = unhcr.read_flows(path)
    assert account.loaded == 1
    assert [r.line for r in account.skipped] == [4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "flows.csv: is empty: it has no header row"),
        ("year,coo_iso,refugees\n", "flows.csv: has no column coa_iso (found year, coo_iso, refugees)"),
        (
            "year,coo_iso,coa_iso,total\n",
            "flows.csv: has none of the count columns refugees, asylum_seekers, refugee_like, oip",
        ),
        (POPULATION_HEADER + "\n", "flows.csv: has columns of UNHCR's population table"),
    ],
)
def test_a_file_that_is_not_the_table_is_refused(tmp_path: pathlib.Path, content: str, message: str) -> None:
    path = tmp_path / "flows.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match="^" + re.escape(message)):
        unhcr.read_flows(path)


def test_undecodable_and_broken_csv_fail_clearly(tmp_path: pathlib.Path) -> None:
    latin = tmp_path / "flows.csv"
    latin.write_bytes((FLOW_HEADER + "\n2020,Côte,CIV,CIV,,TUR,TUR,1,,,\n").encode("latin-1"))
    with pytest.raises(ValidationError) as raised:
        unhcr.read_flows(latin)
    # where in the file, not where in a buffer of the decoder
    assert str(raised.value) == (
        "flows.csv: is not valid UTF-8: byte 0xf4 at line 2, column 7 (invalid continuation byte)"
    )
    broken = tmp_path / "broken.csv"
    broken.write_bytes(
        (
            FLOW_HEADER + '\n2020,"Syria"x,SYR,SYR,,TUR,TUR,1,,,\n2020,,SYR,SYR,,DEU,DEU,1\x00,,,\n'
            "2020,,SYR,SYR,,FRA,FRA,1,,,\n"
        ).encode()
    )
    dataset, account = unhcr.read_flows(broken)
    assert [f.id for f in dataset.flows] == ["unhcr-flows-2020-SYR-FRA-refugees"]
    assert [row.line for row in account.skipped] == [2, 3]
    assert account.errors[0].describe().startswith("line 2: is not valid CSV (")
    assert account.errors[1].describe() == "line 3.refugees: '1\\x00' is not a whole number"


def test_a_byte_order_mark_and_unknown_columns_are_handled(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_bytes(("\ufeff" + FLOW_HEADER + ",note\n2020,,SYR,SYR,,TUR,TUR,1,,,,hello\n").encode())
    dataset, account = unhcr.read_flows(path)
    assert len(dataset.flows) == 1
    assert account.ignored_columns == ("note",)
    assert "columns not read: note" in str(account)


def test_the_source_can_be_replaced(tmp_path: pathlib.Path) -> None:
    release = Source(
        "unhcr-2025-12",
        SourceKind.DATASET,
        publisher="UNHCR",
        title="refugees 2025.12.1",
        licence="CC BY 4.0",
    )
    path = write(tmp_path, "flows.csv", FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,1,,,")
    dataset, _ = unhcr.read_flows(path, source=release)
    assert dataset.sources == (release,)
    assert dataset.flows[0].attributions[0].source == "unhcr-2025-12"
    with pytest.raises(ValidationError, match="source: expected a Source"):
        unhcr.read_flows(path, source="unhcr")  # type: ignore[arg-type]


def test_other_inputs_are_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValidationError, match="data: expected a path or decoded UNHCR API JSON, got 42"):
        unhcr.read_flows(42)  # type: ignore[arg-type]
    # a path that cannot be opened is a DocumentError naming it, as in every reader
    with pytest.raises(
        DocumentError, match=re.escape(f"{tmp_path / 'missing.csv'}: cannot be opened (No such")
    ):
        unhcr.read_flows(tmp_path / "missing.csv")
    with pytest.raises(DocumentError, match=re.escape(f"{tmp_path}: cannot be opened (Is a directory)")):
        unhcr.read_population(tmp_path)


# -- the UNHCR API's JSON -------------------------------------------------------------------------


def api(*items: object) -> dict[str, object]:
    return {"page": 1, "maxPages": 1, "total": [], "items": list(items)}


def test_api_json_reads_like_the_csv(tmp_path: pathlib.Path) -> None:
    item = {
        "year": 2024,
        "coo_id": 1,
        "coo_name": "Syrian Arab Rep.",
        "coo": "SYR",
        "coo_iso": "SYR",
        "coa_id": 2,
        "coa_name": "Türkiye",
        "coa": "TUR",
        "coa_iso": "TUR",
        "refugees": 2901478,
        "asylum_seekers": "1250",
        "returned_refugees": 0,
        "idps": 0,
        "returned_idps": 0,
        "stateless": 0,
        "ooc": 0,
        "oip": "-",
        "hst": 0,
    }
    everywhere = dict(
        item, coo_id="-", coo_name="-", coo="-", coo_iso="-", refugees=3100000, asylum_seekers=None
    )
    dataset, account = unhcr.read_population(api(item, everywhere, ["not", "an", "object"]), skip_zeros=True)
    assert [(s.id, s.population.nationality, magnitude(s)) for s in dataset.stocks] == [
        ("unhcr-population-2024-SYR-TUR-refugees", "SYR", 2901478),
        ("unhcr-population-2024-SYR-TUR-asylum_seekers", "SYR", 1250),
        ("unhcr-population-2024-all-TUR-refugees", None, 3100000),
    ]
    assert account.source == "population (JSON)"
    assert account.zeros_skipped == 12  # six zero categories in each of two items
    assert [e.describe() for e in account.errors] == [
        "items[2]: expected an object, got ['not', 'an', 'object'] (list)"
    ]
    path = tmp_path / "api.json"
    path.write_text(json.dumps(api(item)), encoding="utf-8")
    assert unhcr.read_population(path, skip_zeros=True).dataset.stocks == dataset.stocks[:2]


def test_api_json_problems_name_the_item(tmp_path: pathlib.Path) -> None:
    items = [
        {"year": "2024", "coo_iso": "-", "coa_iso": "TUR", "refugees": 5},
        {"year": 2024.5, "coo_iso": "SYR", "coa_iso": "TUR", "refugees": True},
        {"year": 2024, "coo_iso": "SYR", "coa_iso": "TUR", "refugees": 5.0, "asylum_seekers": -1},
        {"year": 2024, "coo_iso": ["SYR"], "coa_iso": "TUR", "refugees": {"n": 1}},
        {"year": 2024, "coo_iso": "SYR", "coa_iso": "DEU", "refugees": float("nan")},
    ]
    dataset, account = unhcr.read_flows(items)
    assert dataset.flows == ()
    assert [e.describe() for e in account.errors] == [
        "items[0].coo_iso: '-' (all countries together) names no single country",
        "items[1].year: 2024.5 (float) is not a year",
        "items[1].refugees: True is not a number",
        "items[2].asylum_seekers: -1 is negative",
        "items[3].coo_iso: missing country code (got ['SYR'] (list))",
        "items[3].refugees: {'n': 1} (dict) is not a number",
        "items[4].refugees: nan is not a finite number",
    ]
    assert [row.line for row in account.skipped] == [None] * 5
    assert [row.row for row in account.skipped] == [1, 2, 3, 4, 5]
    broken = tmp_path / "broken.json"
    broken.write_text('{"items": [', encoding="utf-8")
    with pytest.raises(ValidationError, match=re.escape("broken.json: is not valid JSON")):
        unhcr.read_flows(broken)
    with pytest.raises(ValidationError, match="expected an 'items' list as the UNHCR API returns, got None"):
        unhcr.read_flows({"page": 1})
    with pytest.raises(ValidationError, match="the items have no field coa_iso"):
        unhcr.read_flows([{"year": 2020, "coo_iso": "SYR", "refugees": 1}])


# -- population ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def population(unhcr_dir: pathlib.Path) -> Load:
    return unhcr.read_population(unhcr_dir / "population.csv")


def test_every_population_cell_is_in_a_stock(population: Load, unhcr_dir: pathlib.Path) -> None:
    # a stock per cell, but one per year and origin of returned refugees, whatever their rows
    dataset, account = population
    rows = raw_rows(unhcr_dir / "population.csv")
    columns = [c for c in unhcr._POPULATION_COLUMNS if c != "returned_refugees"]
    cells = sum(1 for r in rows for c in columns if r[c] != "")
    zeros = sum(1 for r in rows for c in columns if r[c] == "0")
    returned: Counter[tuple[str, str]] = Counter()
    for r in rows:
        if r["returned_refugees"] != "":
            returned[r["year"], r["coo_iso"]] += int(r["returned_refugees"])
    assert account.rows == len(rows) == 138_893
    assert account.balanced
    assert (account.loaded, account.blank, account.skipped) == (138_893, 0, ())
    assert len(returned) == 7_673  # docs/data.md gives both numbers
    assert account.records == len(dataset.stocks) == cells + len(returned) == 980_079
    assert sum(1 for s in dataset.stocks if magnitude(s) == 0) == zeros + sum(
        1 for n in returned.values() if n == 0
    )
    assert zeros > 0


def test_refugee_stock_in_2024_by_asylum_country_matches_the_raw_csv(
    population: Load, unhcr_dir: pathlib.Path
) -> None:
    dataset, _ = population
    expected: dict[str, int] = defaultdict(int)
    for row in raw_rows(unhcr_dir / "population.csv"):
        if row["year"] == "2024":
            expected[row["coa_iso"]] += int(row["refugees"])
    got: dict[str, int | float] = defaultdict(int)
    for stock in dataset.stocks_where(
        category=PopulationCategory.REFUGEES, start=date(2024, 12, 31), end=date(2024, 12, 31)
    ):
        got[stock.place.country] += magnitude(stock)
    assert got == expected
    assert got["DEU"] > 1_000_000


def test_refugee_stock_totals_per_country_and_year_match_the_raw_csv(
    population: Load, unhcr_dir: pathlib.Path
) -> None:
    # Dataset.total must treat each nationality and each year-end as its own fact: no figure of
    # Afghans in Pakistan may stand in for Syrians there, nor 2023's for 2024's.
    dataset, _ = population
    expected: dict[tuple[str, int], int] = defaultdict(int)
    for row in raw_rows(unhcr_dir / "population.csv"):
        if row["year"] in ("2023", "2024") and row["refugees"]:
            expected[row["coa_iso"], int(row["year"])] += int(row["refugees"])
    totals = dataset.total(
        "stocks",
        by=("place", "year"),
        where=lambda s: s.population.category is PopulationCategory.REFUGEES and s.as_of.year in (2023, 2024),
    )
    got = {key: t.count.magnitude for key, t in totals.items() if t.count is not None}
    assert got == expected
    assert all(not t.set_aside for t in totals.values())


def test_every_population_column_total_matches(population: Load, unhcr_dir: pathlib.Path) -> None:
    dataset, _ = population
    expected: Counter[str] = Counter()
    for row in raw_rows(unhcr_dir / "population.csv"):
        for column in unhcr._POPULATION_COLUMNS:
            if row[column]:
                expected[column] += int(row[column])
    got: Counter[str] = Counter()
    for stock in dataset.stocks:
        got[stock.id.rsplit("-", 1)[1]] += int(magnitude(stock))
    assert got == expected


def test_returned_refugees_are_in_their_own_country(population: Load, unhcr_dir: pathlib.Path) -> None:
    # Afghans who returned in 2025: 111 rows, one a country they returned from, make one stock
    dataset, _ = population
    stock = dataset.get("unhcr-population-2025-AFG-returned_refugees")
    assert isinstance(stock, Stock)
    assert stock.place == Place("AFG")
    assert stock.population == Population(PopulationCategory.RETURNED_REFUGEES, nationality="AFG")
    rows = [r for r in raw_rows(unhcr_dir / "population.csv") if (r["year"], r["coo_iso"]) == ("2025", "AFG")]
    assert len(rows) == 111
    assert stock.count == Count(sum(int(r["returned_refugees"]) for r in rows)) == Count(1_947_183)
    assert stock.description == (
        "returned in 2025 from AUS: 307 people; from IND: 105 people; from IDN: 8 people; "
        "from IRN: 1,386,970 people; from MYS: 5 people; from PAK: 558,359 people; "
        "from RWA: 8 people; from TJK: 1,421 people; none from 103 other countries"
    )
    assert stock.as_of == date(2025, 12, 31)
    assert dataset.get("unhcr-population-2025-AFG-IRN-returned_refugees") is None
    # a year and origin of one row keeps that row's description: East Timorese back from Indonesia
    alone = dataset.get("unhcr-population-1999-TLS-returned_refugees")
    assert isinstance(alone, Stock)
    assert (alone.count, alone.description) == (Count(127_528), "returned in 1999 from IDN")
    idps = [s for s in dataset.stocks if s.population.category is PopulationCategory.IDPS and magnitude(s)]
    assert idps
    assert all(s.place.country == s.population.nationality for s in idps)


def test_population_special_codes_and_zero_skipping(unhcr_dir: pathlib.Path) -> None:
    dataset, account = unhcr.read_population(unhcr_dir / "population.csv", skip_zeros=True)
    assert account.balanced
    assert account.records == 203_206  # 207,639 cells, returned refugees one stock a year and origin
    assert account.zeros_skipped == 903_660
    assert all(magnitude(s) > 0 for s in dataset.stocks)
    nationalities = {s.population.nationality for s in dataset.stocks}
    assert {"XXA", "UNK", "TIB"} <= nationalities
    assert "UNK" in {s.place.country for s in dataset.stocks}


def test_population_totals_are_the_tables_sums(population: Load, unhcr_dir: pathlib.Path) -> None:
    # every cell is people at the end of its year: the totals of a year add up the table's cells,
    # with nothing set aside (the returnees of one origin from several countries are parts)
    dataset, _ = population
    by_year: Counter[tuple[int]] = Counter()
    by_place: Counter[tuple[str, int]] = Counter()
    by_category: Counter[tuple[PopulationCategory, int]] = Counter()
    for row in raw_rows(unhcr_dir / "population.csv"):
        year = int(row["year"])
        for column, (category, rule) in unhcr._POPULATION_COLUMNS.items():
            if row[column]:
                number = int(row[column])
                by_year[(year,)] += number
                by_place[row["coo_iso"] if rule == "coo" else row["coa_iso"], year] += number
                by_category[category, year] += number
    assert by_year[(2024,)] == 158_613_406  # 1,615,695 returnees were set aside as the same fact
    for by, expected in (
        ("year", by_year),
        (("place", "year"), by_place),
        (("category", "year"), by_category),
    ):
        totals = dataset.total("stocks", by=by)
        assert {key: t.count for key, t in totals.items()} == {key: Count(n) for key, n in expected.items()}
        assert all(t.set_aside == () for t in totals.values())


def returnees(*rows: str) -> list[str]:
    """A population.csv whose rows give *rows* as ``year,origin,asylum,returned refugees``, and
    5 refugees in the country of asylum (so that no row is blank when returnees are zeros)."""
    lines = [POPULATION_HEADER]
    for row in rows:
        year, coo, coa, returned = row.split(",")
        lines.append(f"{year},,{coo},{coo},,{coa},{coa},5,,{returned},,,,,,")
    return lines


def returned_stocks(load: Load) -> list[tuple[str, int | float, str | None]]:
    return [
        (s.id, magnitude(s), s.description)
        for s in load.dataset.stocks
        if s.population.category is PopulationCategory.RETURNED_REFUGEES
    ]


def test_returned_refugees_of_one_origin_make_one_stock(tmp_path: pathlib.Path) -> None:
    # Afghans back from Pakistan and Iran, rows apart, and a malformed row between them
    lines = returnees("2024,AFG,PAK,1234", "2024,SYR,TUR,70", "2024,AFG,DEU,0", "2024,AFG,IRN,567")
    lines.insert(3, "2024,,AFG,AFG,,IRQ,IRQ,5,,lots,,,,,,")
    load = unhcr.read_population(write(tmp_path, "population.csv", *lines))
    assert returned_stocks(load) == [
        (
            "unhcr-population-2024-AFG-returned_refugees",
            1801,
            "returned in 2024 from PAK: 1,234 people; from IRN: 567 people; none from 1 other country",
        ),
        ("unhcr-population-2024-SYR-returned_refugees", 70, "returned in 2024 from TUR"),
    ]
    afghans = load.dataset.get("unhcr-population-2024-AFG-returned_refugees")
    assert isinstance(afghans, Stock)
    assert (afghans.place, afghans.population) == (
        Place("AFG"),
        Population(PopulationCategory.RETURNED_REFUGEES, nationality="AFG"),
    )
    assert [e.describe() for e in load.account.errors] == [
        "line 4.returned_refugees: 'lots' is not a whole number"
    ]
    # 5 rows: 4 loaded in 4 refugee stocks and 2 of returnees
    assert (load.account.rows, load.account.loaded, load.account.records) == (5, 4, 6)
    assert load.account.balanced
    total = load.dataset.total("stocks", by=())[()]
    assert total.count == Count(4 * 5 + 1801 + 70)
    assert total.set_aside == ()
    with pytest.raises(ValidationError, match="1 malformed rows out of 5"):
        unhcr.read_population(write(tmp_path, "population.csv", *lines), strict=True)


def test_returned_refugees_zeros_are_parts_unless_skipped(tmp_path: pathlib.Path) -> None:
    # UNHCR's zero beside the figures of other countries: a part of none (counted, not listed);
    # an origin with only zeros: a stock of 0 people; with skip_zeros, neither
    path = write(
        tmp_path,
        "population.csv",
        *returnees("2024,AFG,DEU,0", "2024,AFG,PAK,9", "2024,AFG,FRA,0", "2024,SYR,TUR,0", "2024,SYR,LBN,0"),
    )
    load = unhcr.read_population(path)
    assert returned_stocks(load) == [
        (
            "unhcr-population-2024-AFG-returned_refugees",
            9,
            "returned in 2024 from PAK: 9 people; none from 2 other countries",
        ),
        ("unhcr-population-2024-SYR-returned_refugees", 0, "returned in 2024: none from 2 countries"),
    ]
    skipped = unhcr.read_population(path, skip_zeros=True)
    assert returned_stocks(skipped) == [
        ("unhcr-population-2024-AFG-returned_refugees", 9, "returned in 2024 from PAK")
    ]
    assert skipped.account.zeros_skipped == 4
    assert (skipped.account.loaded, skipped.account.records, skipped.account.balanced) == (5, 6, True)
    assert skipped.dataset.total("stocks", by=())[()].count == load.dataset.total("stocks", by=())[()].count


def test_returned_refugees_past_a_counts_range_or_repeated(tmp_path: pathlib.Path) -> None:
    # the row that would take the sum past 2**53 - 1 is malformed and adds nothing; so is a
    # repeated row (its returnees are not added twice)
    most = 2**53 - 1
    path = write(
        tmp_path,
        "population.csv",
        *returnees(f"2024,AFG,PAK,{most - 10}", "2024,AFG,IRN,11", "2024,AFG,PAK,3", "2024,AFG,TJK,10"),
    )
    load = unhcr.read_population(path)
    assert [e.describe() for e in load.account.errors] == [
        "line 3.returned_refugees: 11 returned refugees with the 9,007,199,254,740,981 of this origin's "
        "rows before it: 9,007,199,254,740,992 is above 9,007,199,254,740,991 (2**53 - 1), the largest "
        "number a count holds exactly",
        "line 4: repeats line 2 (the same year, origin and asylum country)",
    ]
    assert returned_stocks(load) == [
        (
            "unhcr-population-2024-AFG-returned_refugees",
            most,
            "returned in 2024 from PAK: 9,007,199,254,740,981 people; from TJK: 10 people",
        )
    ]
    assert (load.account.loaded, load.account.balanced) == (2, True)


def test_returned_refugees_from_the_api_json() -> None:
    items = [
        {"year": 2024, "coo_iso": "AFG", "coa_iso": "PAK", "returned_refugees": 1234},
        {"year": 2024, "coo_iso": "AFG", "coa_iso": "IRN", "returned_refugees": "567"},
    ]
    assert returned_stocks(unhcr.read_population(api(*items))) == [
        (
            "unhcr-population-2024-AFG-returned_refugees",
            1801,
            "returned in 2024 from PAK: 1,234 people; from IRN: 567 people",
        )
    ]


def test_internally_displaced_abroad_is_malformed(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "population.csv",
        POPULATION_HEADER,
        "2020,,SYR,SYR,,TUR,TUR,10,0,0,5,0,0,0,,0",
        "2020,,SYR,SYR,,SYR,SYR,0,0,0,6000000,0,0,0,,0",
    )
    dataset, account = unhcr.read_population(path, skip_zeros=True)
    assert [s.id for s in dataset.stocks] == ["unhcr-population-2020-SYR-SYR-idps"]
    assert [e.describe() for e in account.errors] == [
        "line 2.idps: 5 internally displaced people counted in TUR with origin SYR: "
        "they are displaced within their own country"
    ]


# -- solutions, IDMC, demographics -----------------------------------------------------------------


def test_solutions_follow_what_each_column_means(unhcr_dir: pathlib.Path) -> None:
    dataset, account = unhcr.read_solutions(unhcr_dir / "solutions.csv")
    rows = raw_rows(unhcr_dir / "solutions.csv")
    columns = ("returned_refugees", "resettlement", "naturalisation", "returned_idps")
    assert account.balanced
    assert account.rows == len(rows)
    assert account.records == sum(1 for r in rows for c in columns if r[c])
    back = dataset.get("unhcr-solutions-2025-AFG-IRN-returned_refugees")
    assert isinstance(back, Flow)
    assert (back.origin, back.destination, back.movement) == (Place("IRN"), Place("AFG"), Movement.RETURN)
    assert back.population.category is PopulationCategory.RETURNED_REFUGEES
    assert back.count == Count(1386970)
    resettled = [f for f in dataset.flows if f.movement is Movement.RESETTLEMENT]
    assert {f.origin for f in resettled} == {Place("UNK")}
    naturalised = [f for f in dataset.flows if f.metric is Metric.NATURALISATIONS]
    assert {f.movement for f in naturalised} == {Movement.LOCAL_INTEGRATION}
    totals: Counter[str] = Counter()
    for row in rows:
        for column in columns:
            totals[column] += int(row[column] or 0)
    got: Counter[str] = Counter()
    for flow in dataset.flows:
        got[flow.id.split("-", 5)[5]] += int(magnitude(flow))
    assert got == totals


def test_idmc_figures_are_attributed_through_unhcr(unhcr_dir: pathlib.Path) -> None:
    dataset, account = unhcr.read_idmc(unhcr_dir / "idmc.csv")
    assert (account.rows, account.records, account.balanced) == (934, 934, True)
    stock = dataset.stocks[0]
    assert stock.population.category is PopulationCategory.IDPS
    assert [s.id for s in dataset.resolve(stock.attributions[0])] == [
        unhcr.UNHCR_SOURCE_ID,
        unhcr.IDMC_SOURCE_ID,
    ]
    assert "AB9" in {s.place.country for s in dataset.stocks}
    assert sum(magnitude(s) for s in dataset.stocks) == sum(
        int(r["total"]) for r in raw_rows(unhcr_dir / "idmc.csv")
    )


def location_key(row: dict[str, str]) -> tuple[str, ...]:
    """The population a demographics row is a part of: its year, countries, type and location."""
    return (row["year"], row["coo_iso"], row["coa_iso"], row["pop_type"], row["location"].strip())


AGE_COLUMNS = {
    (sex, low, high): f"{letter}_{name}"
    for letter, sex in (("f", Sex.FEMALE), ("m", Sex.MALE))
    for name, low, high in (
        ("0_4", 0, 4),
        ("5_11", 5, 11),
        ("12_17", 12, 17),
        ("18_59", 18, 59),
        ("60", 60, None),
    )
}


def test_demographics_give_a_sex_and_age_breakdown(unhcr_dir: pathlib.Path) -> None:
    dataset, account = unhcr.read_demographics(unhcr_dir / "demographics.csv")
    rows = raw_rows(unhcr_dir / "demographics.csv")
    locations = {location_key(r) for r in rows}
    assert (account.rows, account.loaded, account.records, account.balanced, account.skipped) == (
        len(rows),
        len(rows),
        len(locations),
        True,
        (),
    )
    assert len(rows) == 20_771
    assert len(locations) == 19_842  # 658 locations have several rows
    assert len({s.id for s in dataset.stocks}) == len(dataset.stocks) == len(locations)
    # Badakhshan's returnees are in two rows, rural and urban: one stock of both
    returned = dataset.get("unhcr-demographics-2025-AFG-AFG-RET-badakhshan-admin-1")
    assert isinstance(returned, Stock)
    assert returned.place == Place("AFG", name="Badakhshan [Admin 1]")
    assert returned.population.category is PopulationCategory.RETURNED_REFUGEES
    assert returned.description == (
        "rural, individual accommodation: 39,697 people; urban, individual accommodation: 2,941 people"
    )
    assert returned.count == Count(39697 + 2941)
    cohorts = returned.population.cohorts
    # per sex, its {sex, age} cells (known ages only), then its cell of the {sex} breakdown (the
    # total), each the sum of the two rows' cells
    assert cohorts[:3] == (
        Cohort(Sex.FEMALE, 0, 4, Count(2221 + 165)),
        Cohort(Sex.FEMALE, 5, 11, Count(2755 + 209)),
        Cohort(Sex.FEMALE, 12, 17, Count(1414 + 103)),
    )
    assert cohorts[4] == Cohort(Sex.FEMALE, 60, None, Count(399 + 29))
    assert cohorts[5] == Cohort(Sex.FEMALE, None, None, Count(12314 + 924))
    assert cohorts[11] == Cohort(Sex.MALE, None, None, Count(27383 + 2017))
    assert len(cohorts) == 12
    assert sum(c.count.magnitude for c in cohorts if c.dimensions == ("sex",)) == 13238 + 29400 == 42638
    # A breakdown of zeros for people who exist is no breakdown; a location of one row keeps the
    # row's types as its description.
    aruba = dataset.get("unhcr-demographics-2025-COL-ABW-OOC-dispersed-in-the-country-territory")
    assert isinstance(aruba, Stock)
    assert (aruba.count, aruba.population.cohorts) == (Count(168), ())
    assert aruba.description == "various or unknown; individual accommodation"
    assert sum(magnitude(s) for s in dataset.stocks) == sum(int(r["total"]) for r in rows)


def test_demographic_totals_are_the_tables_sums(unhcr_dir: pathlib.Path) -> None:
    # the rows of one location are parts of its people, not reports of them: nothing set aside
    dataset, _ = unhcr.read_demographics(unhcr_dir / "demographics.csv")
    rows = raw_rows(unhcr_dir / "demographics.csv")
    whole = dataset.total("stocks", by=())[()]
    assert whole.count == Count(sum(int(r["total"]) for r in rows)) == Count(156_049_666)
    assert whole.set_aside == ()
    by_country: Counter[tuple[str]] = Counter()
    for row in rows:
        by_country[(row["coa_iso"],)] += int(row["total"])
    by_place = dataset.total("stocks", by="place")
    assert {k: t.count for k, t in by_place.items()} == {k: Count(n) for k, n in by_country.items()}
    assert all(t.set_aside == () for t in by_place.values())
    # by sex and age: each cell is the sum of the cells of the locations whose every row with
    # people has a breakdown; the rest, exactly, under None
    parts: defaultdict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        parts[location_key(row)].append(row)
    cells: Counter[tuple[object, ...]] = Counter()
    for group in parts.values():
        if all(int(r["f_total"]) + int(r["m_total"]) > 0 for r in group if int(r["total"]) > 0):
            for r in group:
                for (sex, low, high), column in AGE_COLUMNS.items():
                    cells[sex, (low, high)] += int(r[column])
    rest = whole.count.magnitude - sum(cells.values())
    by_age = dataset.total("stocks", by=("sex", "age"))
    assert {k: t.count for k, t in by_age.items()} == {
        **{k: Count(n) for k, n in cells.items()},
        (None, None): Count(rest),
    }
    assert sum(t.count.magnitude for t in by_age.values() if t.count is not None) == 156_049_666


DEMOGRAPHICS_HEADER = ",".join(unhcr._DEMOGRAPHIC_COLUMNS)


def demographic_row(location: str, loc: str, acc: str, female: list[int], male: list[int], total: int) -> str:
    """A row of Syrian refugees in Türkiye: *female* and *male* are the 0-4, 5-11, 12-17, 18-59,
    60+ and unknown-age cells, whose sums are the sex totals."""
    cells = [*female, sum(female), *male, sum(male), total]
    return ",".join(map(str, [2025, "SYR", "TUR", "REF", location, loc, acc, *cells]))


def test_sudanese_refugees_in_adre_are_the_sum_of_their_rows() -> None:
    # UNHCR's two rows of Adré: 1,230 people in individual accommodation, broken down by sex and
    # age, and 235,174 in undefined accommodation with no breakdown (cells of zeros)
    path = pathlib.Path(__file__).parent.parent / "docs" / "_data" / "unhcr-demographics-sudan-chad-2025.csv"
    dataset, account = unhcr.read_demographics(path)
    assert (account.rows, account.loaded, account.records, account.skipped) == (40, 40, 39, ())
    adre = dataset.get("unhcr-demographics-2025-SDN-TCD-REF-adr-admin-3-poc")
    assert isinstance(adre, Stock)
    assert (adre.place, adre.count) == (Place("TCD", name="Adré [Admin 3: POC]"), Count(236_404))
    assert adre.description == (
        "urban, individual accommodation: 1,230 people; "
        "urban, undefined accommodation: 235,174 people (no sex or age breakdown)"
    )
    # the 1,230 people's cells would say only "at least" of Adré's 236,404: no cells
    assert adre.population.cohorts == ()
    whole = dataset.total("stocks", by=())[()]
    assert whole.count == Count(sum(int(r["total"]) for r in raw_rows(path)))
    assert whole.set_aside == ()
    by_sex = dataset.total("stocks", by="sex")
    assert by_sex[None,].count is not None
    assert by_sex[None,].count.qualifier is Qualifier.EXACT
    assert sum(t.count.magnitude for t in by_sex.values() if t.count is not None) == whole.count.magnitude
    assert "unhcr-demographics-2025-SDN-TCD-REF-adr-admin-3-poc" in by_sex[None,].records


def test_the_rows_of_a_location_need_not_be_adjacent(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "demographics.csv",
        DEMOGRAPHICS_HEADER,
        demographic_row("Gaziantep", "U", "I", [1, 2, 3, 4, 5, 0], [1, 1, 1, 1, 1, 1], 25),
        demographic_row("Hatay", "U", "I", [0, 0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 0], 2),
        demographic_row("Gaziantep", "R", "P", [10, 0, 0, 0, 0, 2], [0, 20, 0, 0, 0, 0], 40),
    )
    dataset, account = unhcr.read_demographics(path)
    assert str(account) == "demographics.csv: 3 rows: 3 made 2 records, 0 had no figure"
    assert account.balanced
    assert [(s.id, s.count) for s in dataset.stocks] == [
        ("unhcr-demographics-2025-SYR-TUR-REF-gaziantep", Count(65)),
        ("unhcr-demographics-2025-SYR-TUR-REF-hatay", Count(2)),
    ]
    gaziantep = dataset.stocks[0]
    assert gaziantep.description == (
        "urban, individual accommodation: 25 people; rural, planned or managed camp: 40 people"
    )
    assert gaziantep.population.cohorts == (
        Cohort(Sex.FEMALE, 0, 4, Count(11)),
        Cohort(Sex.FEMALE, 5, 11, Count(2)),
        Cohort(Sex.FEMALE, 12, 17, Count(3)),
        Cohort(Sex.FEMALE, 18, 59, Count(4)),
        Cohort(Sex.FEMALE, 60, None, Count(5)),
        Cohort(Sex.FEMALE, None, None, Count(27)),
        Cohort(Sex.MALE, 0, 4, Count(1)),
        Cohort(Sex.MALE, 5, 11, Count(21)),
        Cohort(Sex.MALE, 12, 17, Count(1)),
        Cohort(Sex.MALE, 18, 59, Count(1)),
        Cohort(Sex.MALE, 60, None, Count(1)),
        Cohort(Sex.MALE, None, None, Count(26)),
    )
    by_sex = dataset.total("stocks", by="sex")
    assert {k: str(t.count) for k, t in by_sex.items()} == {
        (Sex.FEMALE,): "28 people",
        (Sex.MALE,): "27 people",
        (None,): "12 people",  # the 67 people less the 55 of known sex
    }
    by_age = dataset.total("stocks", by=("sex", "age"))
    assert str(by_age[Sex.MALE, (5, 11)].count) == "21 people"
    assert str(by_age[None, None].count) == "15 people"  # 2 + 1 of unknown age, 12 of unknown sex
    assert sum(t.count.magnitude for t in by_age.values() if t.count is not None) == 67


def test_a_location_s_cells_count_only_when_every_row_with_people_gives_them(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "demographics.csv",
        DEMOGRAPHICS_HEADER,
        # Gaziantep: a row without a breakdown: the other row's cells would be lower bounds
        demographic_row("Gaziantep", "U", "I", [1, 2, 3, 4, 5, 0], [1, 1, 1, 1, 1, 1], 25),
        demographic_row("Gaziantep", "U", "U", [0] * 6, [0] * 6, 100),
        # Hatay: a row of nobody does not spoil the other row's cells
        demographic_row("Hatay", "U", "I", [0, 0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 0], 3),
        demographic_row("Hatay", "R", "I", [0] * 6, [0] * 6, 0),
        # Izmir: no row with a breakdown
        demographic_row("Izmir", "U", "I", [0] * 6, [0] * 6, 7),
        demographic_row("Izmir", "R", "I", [0] * 6, [0] * 6, 8),
    )
    dataset, account = unhcr.read_demographics(path)
    assert (account.loaded, account.records, account.balanced) == (6, 3, True)
    gaziantep, hatay, izmir = dataset.stocks
    assert (gaziantep.count, gaziantep.population.cohorts) == (Count(125), ())
    assert gaziantep.description == (
        "urban, individual accommodation: 25 people; "
        "urban, undefined accommodation: 100 people (no sex or age breakdown)"
    )
    assert hatay.count == Count(3)
    assert [str(c) for c in hatay.population.cohorts if c.count.magnitude] == [
        "female aged 18 to 59: 1 person",
        "female: 1 person",
        "male aged 18 to 59: 1 person",
        "male: 1 person",
    ]
    assert len(hatay.population.cohorts) == 12
    assert (izmir.count, izmir.population.cohorts) == (Count(15), ())
    by_age = dataset.total("stocks", by=("sex", "age"))
    assert {k: str(t.count) for k, t in by_age.items() if t.count is not None and t.count.magnitude} == {
        (Sex.FEMALE, (18, 59)): "1 person",
        (Sex.MALE, (18, 59)): "1 person",
        (None, None): "141 people",  # Gaziantep's 125, Hatay's 1 of unknown sex, Izmir's 15
    }
    # from the API, a row may lack a cell: the location's cell is then no figure
    items = [
        {"year": 2025, "coo_iso": "SYR", "coa_iso": "TUR", "pop_type": "REF", "location": "Adana",
         "loc_type": "U", "acc_type": "I", "f_0_4": 1, "f_total": 1, "total": 1},
        {"year": 2025, "coo_iso": "SYR", "coa_iso": "TUR", "pop_type": "REF", "location": "Adana",
         "loc_type": "R", "acc_type": "I", "f_5_11": 2, "f_total": 2, "total": 2},
    ]  # fmt: skip
    dataset, account = unhcr.read_demographics(items)
    assert account.records == 1
    assert dataset.stocks[0].population.cohorts == (Cohort(Sex.FEMALE, None, None, Count(3)),)


def test_a_malformed_row_of_a_location_is_skipped_and_the_others_stay(tmp_path: pathlib.Path) -> None:
    good = demographic_row("Gaziantep", "U", "I", [1, 2, 3, 4, 5, 0], [1, 1, 1, 1, 1, 1], 25)
    path = write(
        tmp_path,
        "demographics.csv",
        DEMOGRAPHICS_HEADER,
        good,
        demographic_row("Gaziantep", "R", "I", [1, 0, 0, 0, 0, 0], [0] * 6, 7).replace(
            ",1,0,0,0,0,0,1,", ",1,0,0,0,0,0,2,"
        ),
        demographic_row("Gaziantep", "R", "P", [0, 1, 0, 0, 0, 0], [0] * 6, 4),
        demographic_row("Gaziantep", "U", "I", [0] * 6, [0] * 6, 9),  # the types of line 2 again
        demographic_row("Gaziantep", "V", "I", [0] * 6, [0] * 6, 9).replace(",9", ",-9"),
    )
    dataset, account = unhcr.read_demographics(path)
    assert [(row.line, [e.describe() for e in row.errors]) for row in account.skipped] == [
        (3, ["line 3.f_total: 2 is not the sum of the female age cells (1)"]),
        (5, ["line 5: repeats line 2 (the same year, countries, type and location)"]),
        (6, ["line 6.total: '-9' is negative"]),
    ]
    assert (account.rows, account.loaded, account.records, account.balanced) == (5, 2, 1, True)
    [stock] = dataset.stocks
    assert (stock.id, stock.count) == ("unhcr-demographics-2025-SYR-TUR-REF-gaziantep", Count(29))
    assert stock.description == (
        "urban, individual accommodation: 25 people; rural, planned or managed camp: 4 people"
    )
    assert stock.population.cohorts[:2] == (
        Cohort(Sex.FEMALE, 0, 4, Count(1)),
        Cohort(Sex.FEMALE, 5, 11, Count(3)),
    )
    with pytest.raises(ValidationError, match=r"line 3\.f_total: 2 is not the sum"):
        unhcr.read_demographics(path, strict=True)


def test_a_location_s_rows_may_not_add_up_past_what_a_count_holds(tmp_path: pathlib.Path) -> None:
    half = 2**52
    path = write(
        tmp_path,
        "demographics.csv",
        DEMOGRAPHICS_HEADER,
        demographic_row("Gaziantep", "U", "I", [0] * 6, [0] * 6, half),
        demographic_row("Gaziantep", "R", "I", [0] * 6, [0] * 6, half),
        demographic_row("Gaziantep", "V", "I", [0] * 6, [0] * 6, half - 1),
    )
    dataset, account = unhcr.read_demographics(path)
    assert [e.describe() for e in account.errors] == [
        "line 3.total: 4,503,599,627,370,496 people with the 4,503,599,627,370,496 of this location's "
        "rows before it: 9,007,199,254,740,992 is above 9,007,199,254,740,991 (2**53 - 1), the largest "
        "number a count holds exactly"
    ]
    assert [s.count for s in dataset.stocks] == [Count(2**53 - 1)]


def test_people_of_unknown_age_are_what_the_age_cells_leave(tmp_path: pathlib.Path) -> None:
    # f_other and m_other are people of a known sex and unknown age: not a {sex} cell (that would
    # mean everyone of that sex), but the part of the sex's total that the age cells do not cover
    header = (
        ",".join(unhcr._DEMOGRAPHIC_COLUMNS[:3]) + ",coo_name," + ",".join(unhcr._DEMOGRAPHIC_COLUMNS[3:])
    )
    cells = [2025, "SYR", "TUR", "x", "REF", "Gaziantep", "V", "I"]
    female, male = [1, 2, 0, 3, 0, 4], [0, 1, 1, 2, 0, 5]
    row = ",".join(map(str, [*cells, *female, 10, *male, 9, 25]))
    dataset, account = unhcr.read_demographics(write(tmp_path, "demographics.csv", header, row))
    assert account.balanced
    cohorts = dataset.stocks[0].population.cohorts
    assert cohorts == (
        Cohort(Sex.FEMALE, 0, 4, Count(1)),
        Cohort(Sex.FEMALE, 5, 11, Count(2)),
        Cohort(Sex.FEMALE, 12, 17, Count(0)),
        Cohort(Sex.FEMALE, 18, 59, Count(3)),
        Cohort(Sex.FEMALE, 60, None, Count(0)),
        Cohort(Sex.FEMALE, None, None, Count(10)),
        Cohort(Sex.MALE, 0, 4, Count(0)),
        Cohort(Sex.MALE, 5, 11, Count(1)),
        Cohort(Sex.MALE, 12, 17, Count(1)),
        Cohort(Sex.MALE, 18, 59, Count(2)),
        Cohort(Sex.MALE, 60, None, Count(0)),
        Cohort(Sex.MALE, None, None, Count(9)),
    )
    by_sex = dataset.total("stocks", by="sex")
    assert {k: str(t.count) for k, t in by_sex.items()} == {
        (Sex.FEMALE,): "10 people",
        (Sex.MALE,): "9 people",
        (None,): "6 people",  # the 25 people less the 19 of known sex
    }
    by_age = dataset.total("stocks", by=("sex", "age"))
    assert str(by_age[Sex.FEMALE, (18, 59)].count) == "3 people"
    assert str(by_age[None, None].count) == "15 people"  # 4 + 5 of unknown age, 6 of unknown sex
    assert sum(t.count.magnitude for t in by_age.values() if t.count is not None) == 25


def test_demographic_rows_that_do_not_add_up_are_malformed(tmp_path: pathlib.Path) -> None:
    header = (
        ",".join(unhcr._DEMOGRAPHIC_COLUMNS[:3]) + ",coo_name," + ",".join(unhcr._DEMOGRAPHIC_COLUMNS[3:])
    )
    assert header.count("total") == 3

    def line(pop_type: str, f: list[int], m: list[int], total: int, loc: str = "V", acc: str = "I") -> str:
        f_total, m_total = sum(f), sum(m)
        return ",".join(
            map(
                str,
                [2025, "SYR", "TUR", "x", pop_type, "Gaziantep", loc, acc, *f, f_total, *m, m_total, total],
            )
        )

    good = line("REF", [1, 2, 3, 4, 5, 0], [1, 1, 1, 1, 1, 1], 30)
    bad_sum = good.replace(",15,", ",16,", 1)
    path = write(
        tmp_path,
        "demographics.csv",
        header,
        good,
        bad_sum.replace("Gaziantep", "Hatay"),
        line("XYZ", [0] * 6, [0] * 6, 5, loc="Q"),
        line("REF", [10] * 6, [0] * 6, 5, loc="U").replace("Gaziantep", "Izmir"),
    )
    dataset, account = unhcr.read_demographics(path)
    assert [s.id for s in dataset.stocks] == ["unhcr-demographics-2025-SYR-TUR-REF-gaziantep"]
    assert dataset.stocks[0].description == "various or unknown; individual accommodation"
    assert [e.describe() for e in account.errors] == [
        "line 3.f_total: 16 is not the sum of the female age cells (15)",
        "line 4.pop_type: 'XYZ' is not a UNHCR population type (REF, ASY, IDP, RET, RDP, STA, OOC, OIP, HST, ROC)",
        "line 4.loc_type: 'Q' is not a UNHCR loc_type (U (urban), R (rural), V (various or unknown), C (camp))",
        "line 5.total: 5 is below the sum of the sex totals (60)",
    ]


def test_reading_the_wrong_table_is_refused(unhcr_dir: pathlib.Path) -> None:
    with pytest.raises(ValidationError, match="has columns of UNHCR's population table"):
        unhcr.read_solutions(unhcr_dir / "population.csv")
    with pytest.raises(ValidationError, match="has columns of UNHCR's demographics table"):
        unhcr.read_idmc(unhcr_dir / "demographics.csv")
    with pytest.raises(ValidationError, match="has none of the count columns"):
        unhcr.read_flows(unhcr_dir / "solutions.csv")


def test_skip_zeros_must_be_a_bool(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "population.csv", POPULATION_HEADER)
    with pytest.raises(ValidationError, match="skip_zeros: expected True or False"):
        unhcr.read_population(path, skip_zeros="yes")  # type: ignore[arg-type]


def test_an_account_renders_and_checks_itself() -> None:
    account = RowAccount("t.csv", rows=2, loaded=1, blank=0, records=1)
    assert not account.balanced
    account.raise_for_problems()  # nothing skipped: nothing to raise
    assert str(account) == "t.csv: 2 rows: 1 made 1 records, 0 had no figure"


def test_rows_that_differ_only_in_spelling_are_duplicates(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path, "flows.csv", FLOW_HEADER, "2020,,SYR,SYR,,TUR,TUR,10,,,", "2020,,SYR, SYR ,,TUR,TUR,,4,,"
    )
    dataset, account = unhcr.read_flows(path)
    assert [f.id for f in dataset.flows] == ["unhcr-flows-2020-SYR-TUR-refugees"]
    assert [e.describe() for e in account.errors] == [
        "line 3: repeats line 2 (the same year, origin and asylum country)"
    ]
    items = [
        {"year": 2020, "coo_iso": "SYR", "coa_iso": "TUR", "refugees": 1},
        {"year": "2020", "coo_iso": "SYR", "coa_iso": "TUR", "refugees": 2},
    ]
    assert [e.describe() for e in unhcr.read_flows(items).account.errors] == [
        "items[1]: repeats items[0] (the same year, origin and asylum country)"
    ]


# -- numbers too large, inexact or repeated --------------------------------------------------------


def test_huge_numbers_in_a_csv_are_malformed_rows(tmp_path: pathlib.Path) -> None:
    huge = "9" * 5000  # past int()'s 4,300-digit limit
    path = write(
        tmp_path,
        "flows.csv",
        FLOW_HEADER,
        f"2020,,SYR,SYR,,TUR,TUR,{huge},,,",
        f"{huge},,SYR,SYR,,DEU,DEU,1,,,",
        "2020,,SYR,SYR,,FRA,FRA,9007199254740991.0,,,",
        "2020,,SYR,SYR,,ITA,ITA,9007199254740992,,,",
    )
    dataset, account = unhcr.read_flows(path)
    assert [(f.id, f.count) for f in dataset.flows] == [
        ("unhcr-flows-2020-SYR-FRA-refugees", Count(9007199254740991))  # read exactly, not as a float
    ]
    assert [(row.line, [e.describe() for e in row.errors]) for row in account.skipped] == [
        (
            2,
            [
                f"line 2.refugees: {huge[:40]!r}... (5,000 characters) has more than 18 digits: too many for a count"
            ],
        ),
        (3, [f"line 3.year: {huge[:40]!r}... (5,000 characters) is not a year between 1 and 9998"]),
        (
            5,
            [
                "line 5.refugees: '9007199254740992' is above 9,007,199,254,740,991 (2**53 - 1), "
                "the largest number a count holds exactly"
            ],
        ),
    ]
    assert account.balanced


def test_demographic_cells_are_read_by_the_same_rules(tmp_path: pathlib.Path) -> None:
    header = ",".join(unhcr._DEMOGRAPHIC_COLUMNS)
    zeros = ",".join(["0"] * 14)
    path = write(
        tmp_path,
        "demographics.csv",
        header,
        f"2025,SYR,TUR,REF,Hatay,V,I,{zeros},{'9' * 5000}",
        f"2025,SYR,TUR,{'X' * 5000},Izmir,V,I,{zeros},5.0",
        f"2025,SYR,TUR,REF,Adana,V,I,{zeros},-0",
    )
    _, account = unhcr.read_demographics(path)
    assert [e.describe() for e in account.errors] == [
        f"line 2.total: {'9' * 40!r}... (5,000 characters) has more than 18 digits: too many for a count",
        f"line 3.pop_type: {'X' * 40!r}... (5,000 characters) is not a UNHCR population type "
        "(REF, ASY, IDP, RET, RDP, STA, OOC, OIP, HST, ROC)",
        "line 4.total: '-0' is zero with a minus sign",
    ]


def test_api_json_numbers_are_read_exactly_and_bounded(tmp_path: pathlib.Path) -> None:
    huge = "9" * 5000
    text = (
        '{"items": ['
        '{"year": 2020.0, "coo_iso": "SYR", "coa_iso": "TUR", "refugees": 9007199254740991.0},'
        '{"year": 2020, "coo_iso": "SYR", "coa_iso": "DEU", "refugees": 1e-400},'
        '{"year": 2020, "coo_iso": "SYR", "coa_iso": "FRA", "refugees": 1e999999999},'
        f'{{"year": 2020, "coo_iso": "SYR", "coa_iso": "ITA", "refugees": {huge}}},'
        f'{{"year": {huge}, "coo_iso": "SYR", "coa_iso": "ESP", "refugees": 1}},'
        '{"year": 1e999999999, "coo_iso": "SYR", "coa_iso": "PRT", "refugees": 12.50},'
        '{"year": 2020, "coo_iso": "SYR", "coa_iso": "GRC", "refugees": 9007199254740993}'
        "]}"
    )
    path = tmp_path / "flows.json"
    path.write_text(text, encoding="utf-8")
    dataset, account = unhcr.read_flows(path)
    assert [(f.id, f.count) for f in dataset.flows] == [
        ("unhcr-flows-2020-SYR-TUR-refugees", Count(9007199254740991))
    ]
    assert [e.describe() for e in account.errors] == [
        "items[1].refugees: 1E-400 is not a whole number of people",
        "items[2].refugees: 1E+999999999 is too large for a count",
        f"items[3].refugees: {huge[:40]}... (5,000 characters) is too large for a count",
        f"items[4].year: {huge[:40]}... (5,000 characters) is not a year between 1 and 9998",
        "items[5].year: 1E+999999999 is not a year between 1 and 9998",
        "items[5].refugees: 12.50 is not a whole number of people",
        "items[6].refugees: 9007199254740993 is above 9,007,199,254,740,991 (2**53 - 1), "
        "the largest number a count holds exactly",
    ]
    deep = tmp_path / "deep.json"
    deep.write_text('{"items": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(ValidationError, match=re.escape("deep.json: nests too deep to read")):
        unhcr.read_flows(deep)


def test_decoded_json_numbers_are_bounded() -> None:
    huge = 10**5000
    items = [
        {"year": huge, "coo_iso": "SYR", "coa_iso": "TUR", "refugees": -huge},
        {"year": True, "coo_iso": "SYR", "coa_iso": "DEU", "refugees": 1},
        {"year": 1, "coo_iso": "SYR", "coa_iso": "DEU", "refugees": 2},
        {"year": 2020, "coo_iso": "SYR", "coa_iso": "FRA", "refugees": 2.0**53},
        {"year": 2020, "coo_iso": huge, "coa_iso": "ITA", "refugees": huge},
        huge,
    ]
    dataset, account = unhcr.read_flows(items)
    # True is no year, and 1 is year 1 although True == 1.
    assert [f.id for f in dataset.flows] == ["unhcr-flows-1-SYR-DEU-refugees"]
    assert [e.describe() for e in account.errors] == [
        "items[0].year: a number of more than 18 digits is not a year between 1 and 9998",
        "items[0].refugees: a negative number of more than 18 digits is negative",
        "items[1].year: True is not a year",
        "items[3].refugees: 9007199254740992.0 is a float above 2**53, which may not be the number "
        "written: give it as an integer or a string",
        "items[4].coo_iso: missing country code (got a number of more than 18 digits (int))",
        "items[4].refugees: a number of more than 18 digits is too large for a count",
        "items[5]: expected an object, got a number of more than 18 digits (int)",
    ]
    with pytest.raises(ValidationError, match="got a number of more than 18 digits"):
        unhcr.read_flows(huge)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="skip_zeros: expected True or False, got a number of more"):
        unhcr.read_population(items, skip_zeros=huge)  # type: ignore[arg-type]


def test_a_repeated_column_or_key_is_refused(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "flows.csv", "year,coo_iso,coa_iso,refugees,refugees", "2020,SYR,TUR,5,7")
    with pytest.raises(ValidationError) as caught:
        unhcr.read_flows(path)
    assert str(caught.value) == (
        "flows.csv: has the column refugees 2 times (columns 4 and 5): which one to read is ambiguous"
    )
    listed = write(tmp_path, "listed.csv", "year,coo_iso,coa_iso,refugees,note,note", "2020,SYR,TUR,5,a,b")
    assert unhcr.read_flows(listed).account.ignored_columns == ("note", "note")
    # JSON keeps the last of a repeated key: an item that repeats a key the reader reads is malformed.
    document = tmp_path / "flows.json"
    document.write_text(
        '{"items": [{"year": 2020, "coo_iso": "SYR", "coa_iso": "TUR", "refugees": 5, "refugees": 7},'
        '{"year": 2020, "coo_iso": "SYR", "coa_iso": "DEU", "refugees": 5, "note": 1, "note": 2}]}',
        encoding="utf-8",
    )
    dataset, account = unhcr.read_flows(document)
    assert [f.id for f in dataset.flows] == ["unhcr-flows-2020-SYR-DEU-refugees"]
    assert [e.describe() for e in account.errors] == [
        "items[0]: gives refugees more than once: which value to read is ambiguous"
    ]
    document.write_text('{"items": [], "items": []}', encoding="utf-8")
    with pytest.raises(ValidationError, match=re.escape("flows.json: gives 'items' more than once")):
        unhcr.read_flows(document)


def test_a_long_header_is_quoted_short(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "flows.csv", "year," + "x" * 100_000 + ",refugees", "2020,SYR,5")
    with pytest.raises(ValidationError) as caught:
        unhcr.read_flows(path)
    assert str(caught.value).endswith("... (3 columns))")
    assert len(str(caught.value)) < 300
