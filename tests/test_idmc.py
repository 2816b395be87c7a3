"""IDMC Internal Displacement Updates: the real India 2023 table loads whole, and bad rows are accounted for.

The real file is IDMC's Internal Displacement Updates for India (CC BY-IGO, Internal
Displacement Monitoring Centre), from the HDX pipeline OCHA-DAP/hdx-scraper-idmc-idu; the rows
written below are excerpts of it (ids 126716, 113218, 113050), credited to IDMC.
"""

from __future__ import annotations

import csv
import pathlib
import re
from collections import Counter
from datetime import date, datetime

import pytest

from displacement import (
    CauseKind,
    Count,
    Dataset,
    EventKind,
    Hazard,
    Measure,
    Metric,
    Movement,
    Period,
    Place,
    PopulationCategory,
    Qualifier,
    Source,
    SourceKind,
    ValidationError,
)
from displacement.io import idmc
from displacement.io.account import Load

SUBNATIONAL = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "subnational"
IDU = SUBNATIONAL / "idmc_idu_events_ind_2023.csv"

HEADER = (
    "id,country,iso3,latitude,longitude,centroid,displacement_type,qualifier,figure,displacement_date,"
    "displacement_start_date,displacement_end_date,year,event_name,event_start_date,event_end_date,"
    "category,subcategory,type,subtype,old_id,created_at,description,link,combined_type"
)
KERALA = (
    '126716,India,IND,10.44581,76.27562,"[10.44581, 76.27562]",Disaster,total,2,2023-11-06T11:00:00.000Z,'
    "2023-11-06T11:00:00.000Z,2023-11-06T11:00:00.000Z,2023,India: Flood - Kerala - 07/11/2023,"
    "2023-11-06T11:00:00.000Z,2023-11-06T11:00:00.000Z,Weather related,Hydrological,Flood,Flood,,"
    '2023-11-08T19:37:23.870Z,"India: 2 displacements (in relief camp), 07 November - 07 November.",'
    "https://ndmindia.mha.gov.in/NDMINDIA-CMS/viewWhatsNewPdf-D1181,Flood"
)
MANIPUR_1 = (
    '113218,India,IND,24.40995,93.896317,"[24.40995, 93.896317]",Conflict,more than,457,'
    "2023-06-03T12:00:00.000Z,2023-06-03T12:00:00.000Z,2023-06-03T12:00:00.000Z,2023,"
    "India: Communal violence - Manipur - 02/05/2023,2023-05-01T12:00:00.000Z,2023-05-24T12:00:00.000Z,"
    ',,,,,2023-06-06T03:53:33.665Z,"India: 457 displacements (destroyed housing), 04 June - 04 June.",'
    "https://www.hindustantimes.com/india-news/x,Conflict"
)
MANIPUR_2 = (
    '113050,India,IND,24.586669999999998,93.880894,"[24.586669999999998, 93.880894]",Conflict,approximately,'
    "2000,2023-05-27T12:00:00.000Z,2023-05-27T12:00:00.000Z,2023-05-27T12:00:00.000Z,2023,"
    "India: Communal violence - Manipur - 02/05/2023,2023-05-01T12:00:00.000Z,2023-05-24T12:00:00.000Z,"
    ',,,,,2023-05-30T03:40:57.836Z,"India: 2,000 displacements (evacuated), 28 May - 28 May.",'
    "https://timesofindia.indiatimes.com/x,Conflict"
)


def write(tmp_path: pathlib.Path, *lines: str, name: str = "idu.csv") -> pathlib.Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def with_cells(line: str, **changes: str) -> str:
    """*line* (a row under HEADER) with some cells replaced, written back as CSV."""
    cells = next(csv.reader([line]))
    names = HEADER.split(",")
    for key, value in changes.items():
        cells[names.index(key)] = value
    return ",".join(f'"{c}"' if "," in c or '"' in c else c for c in cells)


@pytest.fixture(scope="module")
def idu() -> Load:
    if not IDU.is_file():
        pytest.skip(f"the real IDMC IDU file is not at {IDU} (see the working rules: CI has it)")
    return idmc.read_idu(IDU)


def raw() -> list[dict[str, str]]:
    with IDU.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# -- the real file ------------------------------------------------------------------------------


def test_every_row_of_the_real_file_is_a_flow(idu: Load) -> None:
    dataset, account = idu
    assert (account.rows, account.loaded, account.blank, len(account.skipped)) == (113, 113, 0, 0)
    assert account.balanced
    assert account.ignored_columns == ("displacement_date", "year", "old_id", "created_at", "combined_type")
    assert len(dataset.flows) == 113
    assert len(dataset.events) == 98  # one per event name
    rows = raw()
    assert (
        sum(f.count.magnitude for f in dataset.flows if f.count)
        == sum(int(r["figure"]) for r in rows)
        == 112_759
    )
    assert Counter(f.count.qualifier for f in dataset.flows if f.count) == {
        Qualifier.EXACT: 100,
        Qualifier.APPROXIMATE: 10,
        Qualifier.MORE_THAN: 3,
    }
    for flow in dataset.flows:
        assert flow.movement is Movement.INTERNAL
        assert flow.metric is Metric.NEW_DISPLACEMENTS
        assert flow.population.category is PopulationCategory.IDPS
        assert flow.population.nationality == "IND"
        assert flow.destination == Place("IND")
        assert flow.origin.accuracy is None  # the table does not say what its points stand for


def test_days_are_the_days_the_descriptions_give(idu: Load) -> None:
    """IDMC's timestamps are midnight in New Zealand: read as dates, every one would be a day early."""
    flows = {f.id: f for f in idu.dataset.flows}
    for row in raw():
        found = re.search(r", (\d\d \w+) - (\d\d \w+)\.", row["description"])
        assert found, row["id"]
        period = flows[f"idmc-idu-{row['id']}"].period
        assert period.start is not None
        assert period.end is not None
        said = tuple(datetime.strptime(f"{d} 2023", "%d %B %Y").date() for d in found.groups())
        assert (period.start, period.end) == said, row["id"]


def test_the_manipur_figures_share_one_event_and_are_five_facts(idu: Load) -> None:
    dataset = idu.dataset
    [event] = [e for e in dataset.events if "Manipur" in e.name]
    assert event.id == "idmc-idu-event-india-communal-violence-manipur-02-05-2023"
    assert event.name == "India: Communal violence - Manipur - 02/05/2023"
    assert event.kind is EventKind.ARMED_CONFLICT
    assert event.hazard is None
    assert event.period == Period(date(2023, 5, 2), date(2023, 5, 25))
    manipur = [f for f in dataset.flows if f.causes == (event.id,)]
    assert len(manipur) == 5
    # Five reports at five different points: five facts that add up, though four of them (points
    # of unknown accuracy, overlapping in time) may count the same people: docs/duplicates.md.
    assert len({f.origin for f in manipur}) == 5
    only = Dataset(sources=dataset.sources, events=dataset.events, flows=manipur)
    total = only.total(by=())[()]
    assert str(total) == "all: more than 3,673 people (5 records; 4 records may count the same people)"
    assert not total.set_aside


def test_a_disaster_keeps_its_hazard_and_its_sources(idu: Load) -> None:
    dataset = idu.dataset
    flow = next(f for f in dataset.flows if f.id == "idmc-idu-126716")
    assert flow.origin == Place("IND", lat=10.44581, lon=76.27562)
    assert flow.count == Count(2)
    [event] = [e for e in dataset.events if e.id == flow.causes[0]]
    assert event.kind is EventKind.DISASTER
    assert event.hazard == Hazard(
        category="Weather related", subcategory="Hydrological", type="Flood", subtype="Flood"
    )
    assert str(event.hazard) == "Weather related > Hydrological > Flood > Flood"
    assert event.description is None  # no stop-gap "IDMC hazard: ..." any more
    assert event.cause_kind is CauseKind.DISASTER
    assert flow.cause_kind is CauseKind.DISASTER
    assert flow.term == "in relief camp"
    assert Measure.of_term(flow.term) is Measure.SHELTERED
    [attribution] = flow.attributions
    assert attribution.source == idmc.IDU_SOURCE_ID
    assert attribution.excerpt is not None
    assert attribution.excerpt.startswith("India: 2 displacements")
    [link] = attribution.attributed_to
    assert dataset.get(link).url == "https://ndmindia.mha.gov.in/NDMINDIA-CMS/viewWhatsNewPdf-D1181"
    assert dataset.get(link).kind is SourceKind.OTHER
    hazards = Counter(str(e.hazard) for e in dataset.events if e.hazard)
    assert hazards == {
        "Weather related > Hydrological > Flood > Flood": 66,
        "Weather related > Meteorological > Storm > Storm": 27,
        "Weather related > Meteorological > Storm > Typhoon/Hurricane/Cyclone": 2,
        "Weather related > Climatological > Erosion > Erosion": 1,
    }
    storms = [e for e in dataset.events if e.hazard and e.hazard.within(Hazard(type="Storm"))]
    assert len(storms) == 29
    assert all(e.kind is EventKind.DISASTER for e in dataset.events if e.hazard)


def test_every_flow_has_its_cause_kind_and_the_term_of_its_description(idu: Load) -> None:
    dataset = idu.dataset
    kinds = {e.id: e.cause_kind for e in dataset.events}
    assert Counter(f.cause_kind for f in dataset.flows) == {CauseKind.DISASTER: 107, CauseKind.CONFLICT: 6}
    assert all(f.cause_kind is kinds[f.causes[0]] for f in dataset.flows)
    terms = Counter(f.term for f in dataset.flows)
    assert terms == {
        "destroyed housing": 37,
        "in relief camp": 35,
        "evacuated": 35,
        "relocated": 2,
        "uninhabitable housing": 1,
        "sheltered": 1,
        None: 2,  # two Manipur figures whose description has no term
    }
    assert sum(n for t, n in terms.items() if t) == 111
    # Every term IDMC uses here reads as a measure; the flows stay new displacements.
    assert all(Measure.of_term(t) is not None for t in terms if t)
    assert {f.metric for f in dataset.flows} == {Metric.NEW_DISPLACEMENTS}
    for flow in dataset.flows:
        if flow.term:
            assert flow.attributions[0].excerpt is not None
            assert f"({flow.term})" in flow.attributions[0].excerpt


def test_figures_of_two_events_at_one_point_and_time_are_two_facts_in_totals(idu: Load) -> None:
    """Two Punjab floods (events of 3 and 6 September 2023) have figures at the same point (a
    state centre) in overlapping periods. They cite different events, so they are different
    displacements, and the total over the whole file is the sum of its figures."""
    flows = {f.id: f for f in idu.dataset.flows}
    first, second = flows["idmc-idu-120949"], flows["idmc-idu-121324"]
    assert first.origin == second.origin
    assert first.causes != second.causes
    total = idu.dataset.total(by=())[()]
    assert str(total) == "all: more than 112,759 people (113 records; 19 records may count the same people)"
    assert total.set_aside == ()


# -- small files --------------------------------------------------------------------------------


def test_one_event_figures_at_one_point_in_overlapping_periods_are_one_fact(tmp_path: pathlib.Path) -> None:
    second = with_cells(
        MANIPUR_1,
        id="113219",
        qualifier="total",
        figure="300",
        displacement_start_date="2023-06-01T12:00:00.000Z",
    )
    dataset, account = idmc.read_idu(write(tmp_path, HEADER, MANIPUR_1, second))
    assert account.loaded == 2
    assert dataset.flows[1].period == Period(date(2023, 6, 2), date(2023, 6, 4))
    total = dataset.total(by=())[()]
    assert len(total.records) == 1
    assert len(total.set_aside) == 1


def test_an_other_row_is_an_other_event_of_cause_other(tmp_path: pathlib.Path) -> None:
    """A made-up row: IDMC's third displacement type, "Other", with no hazard."""
    other = with_cells(
        MANIPUR_1, id="9", displacement_type="Other", event_name="India: Other - Somewhere - 01/06/2023"
    )
    dataset, account = idmc.read_idu(write(tmp_path, HEADER, other))
    assert account.loaded == 1
    [event] = dataset.events
    assert (event.kind, event.cause_kind, event.hazard) == (EventKind.OTHER, CauseKind.OTHER, None)
    [flow] = dataset.flows
    assert (flow.cause_kind, flow.term) == (CauseKind.OTHER, "destroyed housing")


def test_conflict_rows_have_no_hazard_and_a_term(tmp_path: pathlib.Path) -> None:
    dataset, _ = idmc.read_idu(write(tmp_path, HEADER, MANIPUR_1, MANIPUR_2))
    [event] = dataset.events
    assert (event.kind, event.cause_kind, event.hazard) == (
        EventKind.ARMED_CONFLICT,
        CauseKind.CONFLICT,
        None,
    )
    assert [(f.term, f.cause_kind) for f in dataset.flows] == [
        ("destroyed housing", CauseKind.CONFLICT),
        ("evacuated", CauseKind.CONFLICT),
    ]


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("India: 2 displacements (in relief camp), 07 November - 07 November.", "in relief camp"),
        ("India: 1 displacement (sheltered), 07 November - 07 November.", "sheltered"),
        ("India: 2,000 displacements (evacuated), 28 May - 28 May.", "evacuated"),
        ("India: 175 displacements, 17 May - 17 June. (some note)", None),
        ("A description of another shape (evacuated).", None),
        ("", None),
    ],
)
def test_the_term_is_the_words_in_parentheses_after_the_figure(
    tmp_path: pathlib.Path, description: str, expected: str | None
) -> None:
    dataset, _ = idmc.read_idu(write(tmp_path, HEADER, with_cells(KERALA, description=description)))
    assert dataset.flows[0].term == expected


def test_a_hazard_idmc_does_not_have_is_a_row_problem(tmp_path: pathlib.Path) -> None:
    lines = [
        HEADER,
        KERALA,
        with_cells(KERALA, id="2", subtype="Floood"),
        with_cells(KERALA, id="3", category="Geophysical"),
        with_cells(
            MANIPUR_1, category="Weather related", subcategory="Hydrological", type="Flood", subtype="Flood"
        ),
        with_cells(
            KERALA, id="5", category="", subcategory="", type="", subtype="", event_name="India: Flood - X"
        ),
        with_cells(
            KERALA, id="6", category="", subcategory="", type="Storm", subtype="", event_name="India: S"
        ),
        with_cells(KERALA, id="7", subtype="Dam release flood"),
    ]
    dataset, account = idmc.read_idu(write(tmp_path, *lines))
    assert (account.rows, account.loaded, len(account.skipped)) == (7, 3, 4)
    assert account.balanced
    messages = [e.describe() for e in account.errors]
    assert messages[0] == (
        "line 3.subtype: 'Floood' is not an IDMC hazard subtype under 'Weather related' > 'Hydrological' > 'Flood'; "
        "did you mean 'Flood'?"
    )
    assert (
        messages[1]
        == "line 4.subcategory: 'Hydrological' is not an IDMC hazard subcategory under 'Geophysical'; "
        "IDMC's are Geophysical"
    )
    assert messages[2] == (
        "line 5.category: a Conflict event has no hazard, got "
        "'Weather related > Hydrological > Flood > Flood'"
    )
    assert messages[3] == (
        "line 8.event_name: the event 'India: Flood - Kerala - 07/11/2023' has another hazard in line 2"
    )
    by_name = {e.name: e for e in dataset.events}
    assert by_name["India: Flood - X"].hazard is None
    assert str(by_name["India: S"].hazard) == "Weather related > Meteorological > Storm"


def test_qualifiers_become_counts(tmp_path: pathlib.Path) -> None:
    dataset, _ = idmc.read_idu(write(tmp_path, HEADER, KERALA, MANIPUR_1, MANIPUR_2))
    assert [f.count for f in dataset.flows] == [
        Count(2),
        Count(457, qualifier=Qualifier.MORE_THAN),
        Count(2000, qualifier=Qualifier.APPROXIMATE),
    ]
    assert [e.name for e in dataset.events] == [
        "India: Flood - Kerala - 07/11/2023",
        "India: Communal violence - Manipur - 02/05/2023",
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2023-11-06T11:00:00.000Z", date(2023, 11, 7)),
        ("2023-08-02T12:00:00.000Z", date(2023, 8, 3)),
        ("2023-08-02T00:00:00.000Z", date(2023, 8, 2)),
        ("2023-08-02", date(2023, 8, 2)),
    ],
)
def test_an_idmc_timestamp_is_the_day_it_begins(tmp_path: pathlib.Path, cell: str, expected: date) -> None:
    line = with_cells(KERALA, displacement_start_date=cell, displacement_end_date=cell)
    dataset, _ = idmc.read_idu(write(tmp_path, HEADER, line))
    assert dataset.flows[0].period == Period(expected, expected)


def test_malformed_rows_are_listed_with_their_line_and_the_rest_loads(tmp_path: pathlib.Path) -> None:
    lines = [
        HEADER,
        KERALA,
        with_cells(KERALA, id="2", qualifier="about"),
        with_cells(KERALA, id="3", displacement_end_date="2023-11-06T15:30:00.000Z"),
        with_cells(KERALA, id="4", latitude="north", centroid=""),
        with_cells(KERALA, id="5", latitude="95", centroid="[95, 76.27562]"),
        with_cells(KERALA, id="6", centroid="[1.0, 2.0]"),
        with_cells(KERALA, id="7", displacement_type="Development"),
        with_cells(KERALA, figure="3"),
        with_cells(KERALA, id="9", event_start_date="2023-10-01T12:00:00.000Z"),
        with_cells(KERALA, id="10", figure="-4"),
        with_cells(KERALA, id="11", link="ftp://x"),
        with_cells(KERALA, id="12", displacement_start_date="2023-11-09T12:00:00.000Z"),
        with_cells(KERALA, id="13", iso3="XYZ"),
        with_cells(KERALA, id="14", figure=""),
        "1,2,3",
    ]
    dataset, account = idmc.read_idu(write(tmp_path, *lines))
    assert [f.id for f in dataset.flows] == ["idmc-idu-126716"]
    assert (account.rows, account.loaded, account.blank, len(account.skipped)) == (15, 1, 1, 13)
    assert account.balanced
    messages = [e.describe() for e in account.errors]
    assert (
        messages[0] == "line 3.qualifier: 'about' is not an IDMC qualifier (total, approximately, more than)"
    )
    assert messages[1] == (
        "line 4.displacement_end_date: '2023-11-06T15:30:00.000Z' is not the start of a day "
        "(IDMC gives a day as midnight UTC, or midnight in New Zealand: 11:00 or 12:00 UTC)"
    )
    assert messages[2] == "line 5.latitude: 'north' is not a number"
    assert messages[3] == "line 6.latitude: 95.0 is outside [-90, 90]"
    assert messages[4] == (
        "line 7.centroid: '[1.0, 2.0]' is not the latitude and longitude of the row ([10.44581, 76.27562])"
    )
    assert (
        messages[5]
        == "line 8.displacement_type: 'Development' is not an IDMC displacement type (Disaster, Conflict, Other)"
    )
    assert messages[6] == "line 9.id: repeats the id '126716' of line 2"
    assert messages[7] == (
        "line 10.event_name: the event 'India: Flood - Kerala - 07/11/2023' has another event dates in line 2"
    )
    assert messages[8] == "line 11.figure: '-4' is not a whole number"
    assert messages[9].startswith("line 12.link: 'ftp://x' is not an http(s) URL")
    assert messages[10] == "line 13.displacement_end_date: 2023-11-07 is before the start 2023-11-10"
    assert messages[11] == "line 14.iso3: 'XYZ' is not an ISO 3166-1 alpha-3 code"
    assert messages[12] == "line 16: has 3 cells but the header has 25"
    with pytest.raises(ValidationError, match="13 malformed rows out of 15"):
        idmc.read_idu(write(tmp_path, *lines), strict=True)


def test_a_file_that_is_not_the_table_is_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValidationError, match=r"has no column qualifier, figure \(found id"):
        idmc.read_idu(write(tmp_path, HEADER.replace("qualifier,figure", "q,f"), KERALA))
    with pytest.raises(ValidationError, match="has the column figure 2 times"):
        idmc.read_idu(write(tmp_path, HEADER + ",figure"))
    with pytest.raises(ValidationError, match="expected a path to a CSV file, got dict"):
        idmc.read_idu({"items": []})  # type: ignore[arg-type]


def test_the_source_can_be_replaced(tmp_path: pathlib.Path) -> None:
    mine = Source("my-idu", SourceKind.DATASET, publisher="IDMC (downloaded 2023-11-10)")
    dataset, _ = idmc.read_idu(write(tmp_path, HEADER, KERALA), source=mine)
    assert dataset.flows[0].attributions[0].source == "my-idu"
    assert dataset.get("my-idu") == mine
    assert idmc.idu_source().licence == "CC BY-IGO"


def test_the_same_file_gives_the_same_ids(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, HEADER, KERALA, MANIPUR_1)
    first, second = idmc.read_idu(path).dataset, idmc.read_idu(path).dataset
    assert (
        [f.id for f in first.flows] == [f.id for f in second.flows] == ["idmc-idu-126716", "idmc-idu-113218"]
    )
    assert [s.id for s in first.sources] == [s.id for s in second.sources]


def test_huge_cells_give_bounded_problems(tmp_path: pathlib.Path) -> None:
    lines = [
        HEADER,
        with_cells(KERALA, figure="0" * 5000 + "5"),
        with_cells(KERALA, id="2", figure="9" * 5000),
        with_cells(KERALA, id="3", latitude="1" * 5000, centroid="[1, 2]"),
        with_cells(KERALA, id="4", qualifier="x" * 100_000),
    ]
    dataset, account = idmc.read_idu(write(tmp_path, *lines))
    assert [f.count for f in dataset.flows] == [Count(5)]
    messages = [e.describe() for e in account.errors]
    assert messages[0] == f"line 3.figure: '{'9' * 60}'... (5,000 characters) is too large a count"
    assert messages[1].startswith(
        "line 4.centroid: '[1, 2]' is not the latitude and longitude of the row ([111"
    )
    assert messages[1].endswith("..., 76.27562])")
    assert all(len(m) < 400 for m in messages)
