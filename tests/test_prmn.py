"""UNHCR Somalia's PRMN table: weeks inside months, names to p-codes, unmatched names counted, rows accounted.

The real table (UNHCR Somalia PRMN, CC BY, via HDX) is read from ``../shared/data/subnational``
when it is there; the small tables below are written for each test, some with rows copied from it.
"""

from __future__ import annotations

import csv
import pathlib
from collections import Counter, defaultdict
from datetime import date

import pytest

from displacement import (
    Count,
    Dataset,
    EventKind,
    Flow,
    Hazard,
    Metric,
    Movement,
    Period,
    Place,
    PopulationCategory,
    Precision,
    ValidationError,
)
from displacement.gazetteer import Gazetteer, current
from displacement.io import prmn
from displacement.io.prmn import COLUMNS, PrmnAccount, read_prmn

SUBNATIONAL = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "subnational"
PRMN_FILE = SUBNATIONAL / "som_unhcr_prmn_displacement_2016-2023.csv"
HEADER = ",".join(COLUMNS)


def write(tmp_path: pathlib.Path, *lines: str) -> pathlib.Path:
    path = tmp_path / "prmn.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def one(tmp_path: pathlib.Path, line: str) -> Flow:
    dataset, account = read_prmn(write(tmp_path, line))
    assert account.skipped == (), account
    (flow,) = dataset.flows
    return flow


# -- a row becomes a flow -----------------------------------------------------------------------


def test_a_row_is_an_internal_arrival_of_somali_idps_between_districts(tmp_path: pathlib.Path) -> None:
    flow = one(tmp_path, "30/04/2016,201614,Awdal,Borama,Awdal,Lughaye,Drought related,Food,8")
    assert flow.movement is Movement.INTERNAL
    assert flow.metric is Metric.ARRIVALS
    assert flow.population.category is PopulationCategory.IDPS
    assert flow.population.nationality == "SOM"
    assert flow.count is not None
    assert flow.count.magnitude == 8
    assert flow.destination == Place("SOM", admin2=current().find("Borama", country="SOM").code)
    assert flow.origin == Place("SOM", admin2=current().find("Lughaye", country="SOM").code)
    assert flow.origin.admin1 == current().find("Awdal", country="SOM", level=1).code
    assert flow.description == "priority need: Food"
    assert flow.attributions[0].source == prmn.PRMN_SOURCE_ID


def test_spelling_variants_resolve_through_the_aliases(tmp_path: pathlib.Path) -> None:
    flow = one(tmp_path, "30/04/2016,201614,Lower Juba,Kismayo,Bay,Baidoa,Flood,Food,8")
    assert flow.destination == Place("SOM", admin2="SO2801")
    assert flow.origin == Place("SOM", admin2="SO2401")


def test_banadir_as_a_district_is_the_region(tmp_path: pathlib.Path) -> None:
    flow = one(tmp_path, "30/04/2016,201614,Banadir,Banadir,Banadir,Banadir,Other,Food,8")
    assert flow.destination == Place("SOM", admin1="SO22")
    assert flow.destination.admin2 is None


def test_a_district_missing_from_the_gazetteer_becomes_a_named_area_and_is_counted(
    tmp_path: pathlib.Path,
) -> None:
    path = write(
        tmp_path,
        "31/01/2021,202101,Sanaag,Badhan,Sanaag,Dhahar,Conflict/Insecurity,Water,12",
        "31/01/2021,202102,Sanaag,Badhan,Sanaag,Badhan,Conflict/Insecurity,Water,3",
        "31/01/2021,202102,Nugaal,Qardho,Nugaal,Garoowe,Drought related,Water,4",
    )
    dataset, account = read_prmn(path)
    assert [f.destination for f in dataset.flows] == [
        Place("SOM", admin1="SO15", name="Badhan"),
        Place("SOM", admin1="SO15", name="Badhan"),
        Place("SOM", admin1="SO17", name="Qardho"),
    ]
    assert isinstance(account, PrmnAccount)
    found = {(u.district, u.region): u for u in account.unmatched}
    assert set(found) == {("Badhan", "Sanaag"), ("Dhahar", "Sanaag"), ("Qardho", "Nugaal")}
    badhan = found[("Badhan", "Sanaag")]
    assert (badhan.admin1, badhan.rows, badhan.as_arrival, badhan.as_departure, badhan.lines) == (
        "SO15",
        2,
        2,
        1,
        (2, 3),
    )
    assert found[("Qardho", "Nugaal")].elsewhere == ("SO1606 Qardho in SO16 Bari",)
    assert (account.resolved, account.cells) == (1, 6)
    assert "'Qardho' in Nugaal (SO17): 1 row (as arrival 1, as departure 0), first at line 4; " in str(
        account
    )


def test_a_region_the_gazetteer_does_not_know_is_a_malformed_row(tmp_path: pathlib.Path) -> None:
    dataset, account = read_prmn(
        write(tmp_path, "31/01/2021,202101,Sanag,Badhan,Sanaag,Dhahar,Flood,Water,12")
    )
    assert dataset.flows == ()
    assert [e.describe() for e in account.errors] == [
        "line 2.Current (Arrival) Region: no unit of SOM at admin1 is called 'Sanag' (nearest: 'Sanaag' SO15)"
    ]


def test_a_gazetteer_with_more_aliases_resolves_more_names(tmp_path: pathlib.Path) -> None:
    names = Gazetteer.ocha().with_aliases({"SOM": {"Qardho town": "SO1606"}})
    path = write(tmp_path, "31/01/2021,202102,Bari,Qardho town,Bari,Qardho,Drought related,Water,4")
    dataset, account = read_prmn(path, names=names)
    assert dataset.flows[0].destination == Place("SOM", admin2="SO1606")
    assert account.unmatched == ()


# -- periods: the part of an ISO week inside the month ----------------------------------------


@pytest.mark.parametrize(
    ("month_end", "week", "start", "end"),
    [
        ("30/04/2016", "201614", date(2016, 4, 4), date(2016, 4, 10)),  # a whole ISO week
        ("30/04/2016", "201617", date(2016, 4, 25), date(2016, 4, 30)),  # split: April's part
        ("31/05/2016", "201617", date(2016, 5, 1), date(2016, 5, 1)),  # and May's part
        ("31/01/2021", "202100", date(2021, 1, 1), date(2021, 1, 3)),  # before ISO week 1
        ("31/12/2018", "201853", date(2018, 12, 31), date(2018, 12, 31)),  # after the last ISO week
        ("31/12/2020", "202053", date(2020, 12, 28), date(2020, 12, 31)),  # ISO week 53, cut at the year
    ],
)
def test_the_period_is_the_part_of_the_week_in_the_month(
    tmp_path: pathlib.Path, month_end: str, week: str, start: date, end: date
) -> None:
    flow = one(tmp_path, f"{month_end},{week},Bay,Baidoa,Bay,Baidoa,Flood,Food,1")
    assert (flow.period.start, flow.period.end, flow.period.precision) == (start, end, Precision.WEEK)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("31/12/2019,201901", "line 2.Year Week: week 201901 has no day in the month that ends 31/12/2019"),
        ("31/01/2018,201800", "line 2.Year Week: week 201800 has no day in the month that ends 31/01/2018"),
        (
            "31/12/2019,202001",
            "line 2.Year Week: 202001 is not a week of 2019, the year of Month End 31/12/2019",
        ),
        ("31/12/2019,201954", "line 2.Year Week: 201954 has no week 54"),
        ("31/12/2019,2019-1", "line 2.Year Week: '2019-1' is not a year and week (yyyyww)"),
        ("2019-12-31,201952", "line 2.Month End: '2019-12-31' is not a date written dd/mm/yyyy"),
        ("30/12/2019,201952", "line 2.Month End: '30/12/2019' is not the last day of its month"),
        ("31/02/2019,201908", "line 2.Month End: '31/02/2019' is not a date"),
        ("31/01/0001,000100", "line 2.Year Week: 000100 is out of range"),
    ],
)
def test_a_week_or_month_that_is_not_one_is_a_malformed_row(
    tmp_path: pathlib.Path, cells: str, message: str
) -> None:
    dataset, account = read_prmn(write(tmp_path, f"{cells},Bay,Baidoa,Bay,Baidoa,Flood,Food,1"))
    assert dataset.flows == ()
    assert [e.describe() for e in account.errors] == [message]
    assert account.balanced


# -- reasons become events --------------------------------------------------------------------


def test_each_reason_is_one_event_the_flows_cite(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Drought related,Food,1",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Food,2",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Conflict/Insecurity,Food,3",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Other,Food,4",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Evictions,Food,5",
        "30/04/2016,201615,Bay,Baidoa,Bay,Baidoa,Drought related,Shelter,6",
    )
    dataset, account = read_prmn(path)
    assert account.loaded == 6
    events = {e.id: (e.kind, e.name, e.hazard) for e in dataset.events}
    assert events == {
        "prmn-reason-drought-related": (EventKind.DISASTER, "Drought related", Hazard.parse("drought")),
        "prmn-reason-flood": (EventKind.DISASTER, "Flood", Hazard.parse("flood")),
        "prmn-reason-conflict-insecurity": (EventKind.ARMED_CONFLICT, "Conflict/Insecurity", None),
        "prmn-reason-other": (EventKind.OTHER, "Other", None),
        "prmn-reason-evictions": (EventKind.OTHER, "Evictions", None),
    }
    assert [f.causes for f in dataset.flows][-2:] == [
        ("prmn-reason-evictions",),
        ("prmn-reason-drought-related",),
    ]


# -- the account ------------------------------------------------------------------------------


def test_malformed_rows_are_listed_with_their_line_and_the_rest_load(tmp_path: pathlib.Path) -> None:
    path = write(
        tmp_path,
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Food,1",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Food,7",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Water,-3",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Water",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Health,",
        "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Shelter,12",
    )
    dataset, account = read_prmn(path)
    # the two good rows differ only in their priority need: one flow of 13 people, both needs kept
    assert [(f.count.magnitude, f.description) for f in dataset.flows if f.count is not None] == [
        (13, "priority needs: Food 1, Shelter 12")
    ]
    assert [e.describe() for e in account.errors] == [
        "line 3: repeats line 2 (every descriptive cell is equal)",
        "line 4.Number of Individuals: '-3' is not a whole number",
        "line 5: has 8 cells but the header has 9",
        "line 6.Number of Individuals: missing number",
    ]
    assert (account.rows, account.loaded, account.blank, len(account.skipped)) == (6, 2, 0, 4)
    assert account.records == 1
    assert account.balanced
    with pytest.raises(ValidationError, match="4 malformed rows out of 6"):
        read_prmn(path, strict=True)


def test_ids_are_derived_from_the_row(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Food,1")
    first = read_prmn(path).dataset.flows[0].id
    assert first == read_prmn(path).dataset.flows[0].id
    assert first.startswith("prmn-2016-04-w201614-")


def test_a_missing_column_is_refused_with_the_columns_found(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "prmn.csv"
    path.write_text(",".join(COLUMNS[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(
        ValidationError, match=r"prmn.csv: has no column Number of Individuals \(found Month End,"
    ):
        read_prmn(path)


def test_extra_columns_are_listed_as_not_read(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "prmn.csv"
    path.write_text(
        HEADER + ",Note\n30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Food,1,x\n", encoding="utf-8"
    )
    assert read_prmn(path).account.ignored_columns == ("Note",)


# -- the real table ---------------------------------------------------------------------------

needs_real = pytest.mark.skipif(
    not PRMN_FILE.exists(), reason=f"the real PRMN table is not at {PRMN_FILE} (../shared/data/subnational)"
)


@pytest.fixture(scope="module")
def real() -> tuple[Dataset, PrmnAccount, list[dict[str, str]]]:
    if not PRMN_FILE.exists():
        pytest.skip(f"the real PRMN table is not at {PRMN_FILE}")
    dataset, account = read_prmn(PRMN_FILE)
    assert isinstance(account, PrmnAccount)
    with PRMN_FILE.open(newline="", encoding="utf-8-sig") as f:
        raw = list(csv.DictReader(f))
    return dataset, account, raw


@needs_real
def test_the_real_table_loads_whole(real: tuple[Dataset, PrmnAccount, list[dict[str, str]]]) -> None:
    dataset, account, raw = real
    assert (account.rows, account.loaded, account.skipped, account.ignored_columns) == (
        57_666,
        57_666,
        (),
        (),
    )
    assert account.balanced
    assert sum(f.count.magnitude for f in dataset.flows if f.count is not None) == 7_904_052
    assert sum(int(r["Number of Individuals"]) for r in raw) == 7_904_052
    # one flow a week, corridor and reason: the rows of one group differ only in priority need
    groups = Counter(
        (
            r["Month End"],
            r["Year Week"],
            r["Current (Arrival) District"],
            r["Previous (Departure) District"],
            r["Current (Arrival) Region"],
            r["Previous (Departure) Region"],
            r["Reason"],
        )
        for r in raw
    )
    # 3 groups of rows spell Laasqoray two ways (Lasqoray, an alias): one place, one flow each
    assert len(groups) == 39_498
    assert account.records == len(dataset.flows) == 39_495
    people = Counter()
    for r in raw:
        people[r["Reason"]] += int(r["Number of Individuals"])
    by_cause = Counter()
    for f in dataset.flows:
        assert f.count is not None
        by_cause[f.causes] += f.count.magnitude
    assert by_cause == {
        ("prmn-reason-drought-related",): people["Drought related"],
        ("prmn-reason-conflict-insecurity",): people["Conflict/Insecurity"],
        ("prmn-reason-other",): people["Other"],
        ("prmn-reason-flood",): people["Flood"],
    }
    # Every period is the part of its week inside its month.
    months = {(r["Year Week"], r["Month End"][3:]) for r in raw}
    for flow in dataset.flows:
        assert flow.period.end is not None
        assert (flow.id.split("-w")[1][:6], flow.period.end.strftime("%m/%Y")) in months


@needs_real
def test_2022_arrivals_per_arrival_region_equal_a_direct_sum(
    real: tuple[Dataset, PrmnAccount, list[dict[str, str]]],
) -> None:
    dataset, _, raw = real
    expected: Counter[str] = Counter()
    for row in raw:
        if row["Month End"].endswith("/2022"):
            expected[row["Current (Arrival) Region"]] += int(row["Number of Individuals"])
    found: Counter[str] = Counter()
    for flow in dataset.flows:
        assert flow.period.start is not None
        if flow.period.start.year == 2022 and flow.count is not None:
            assert flow.destination.admin1 is not None
            found[current()[flow.destination.admin1].name] += flow.count.magnitude
    assert found == expected
    assert sum(found.values()) == 1_816_470
    # ... and from the library's own totals: rows of other reasons or needs are other people
    totals = dataset.total(by="destination.admin1", during=Period.year(2022))
    assert {current()[key[0]].name: t.count for key, t in totals.items()} == {
        name: Count(n) for name, n in expected.items()
    }
    assert all(t.set_aside == () for t in totals.values())
    everything = dataset.total(by=())[()]
    assert (everything.count, everything.set_aside) == (Count(7_904_052), ())


@needs_real
def test_every_district_name_resolves_but_six_and_their_rows_are_counted(
    real: tuple[Dataset, PrmnAccount, list[dict[str, str]]],
) -> None:
    _, account, raw = real
    arrivals: Counter[tuple[str, str]] = Counter()
    departures: Counter[tuple[str, str]] = Counter()
    lines: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    unmatched = {
        ("Badhan", "Sanaag"),  # not in the COD
        ("Dhahar", "Sanaag"),  # not in the COD
        ("Qardho", "Nugaal"),  # the COD has it in Bari
        ("Saakow", "Lower Juba"),  # the COD has it in Middle Juba
        ("Buuhoodle", "Sool"),  # the COD has it in Togdheer
        ("Baraawe", "Middle Shabelle"),  # the COD has it in Lower Shabelle
    }
    for line, row in enumerate(raw, 2):
        arrival = (row["Current (Arrival) District"], row["Current (Arrival) Region"])
        departure = (row["Previous (Departure) District"], row["Previous (Departure) Region"])
        if arrival in unmatched:
            arrivals[arrival] += 1
            lines[arrival].add(line)
        if departure in unmatched:
            departures[departure] += 1
            lines[departure].add(line)
    found = {(u.district, u.region): u for u in account.unmatched}
    assert set(found) == unmatched
    for key, u in found.items():
        assert (u.as_arrival, u.as_departure, u.lines) == (
            arrivals[key],
            departures[key],
            tuple(sorted(lines[key])),
        )
    assert (found[("Badhan", "Sanaag")].rows, found[("Dhahar", "Sanaag")].rows) == (518, 553)
    unresolved = sum(arrivals.values()) + sum(departures.values())
    assert unresolved == 1_902
    assert (account.resolved, account.cells) == (115_332 - unresolved, 115_332)


@needs_real
def test_the_somalia_example_is_an_exact_excerpt_of_the_real_table(
    real: tuple[Dataset, PrmnAccount, list[dict[str, str]]],
) -> None:
    from displacement.examples import somalia_prmn_2022

    dataset, _, _ = real
    expected: Counter[tuple[int, str | None, str | None]] = Counter()
    for flow in dataset.flows:
        assert flow.period.end is not None
        if (
            flow.period.end.year == 2022
            and flow.causes == ("prmn-reason-drought-related",)
            and flow.origin.admin1 == "SO24"
            and (flow.destination.admin2 == "SO2401" or flow.destination == Place("SOM", admin1="SO22"))
            and flow.count is not None
        ):
            expected[(flow.period.end.month, flow.destination.admin1, flow.destination.admin2)] += (
                flow.count.magnitude
            )
    example: Counter[tuple[int, str | None, str | None]] = Counter()
    for flow in somalia_prmn_2022().flows:
        assert flow.period.end is not None
        assert flow.count is not None
        example[(flow.period.end.month, flow.destination.admin1, flow.destination.admin2)] += (
            flow.count.magnitude
        )
    assert example == expected
    assert len(example) == 24


def test_a_source_or_gazetteer_of_the_wrong_type_is_refused(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Flood,Food,1")
    with pytest.raises(ValidationError, match=r"^source: expected a Source, got 'x' \(str\)$"):
        read_prmn(path, source="x")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^names: expected a Gazetteer, got 'x' \(str\)$"):
        read_prmn(path, names="x")  # type: ignore[arg-type]
