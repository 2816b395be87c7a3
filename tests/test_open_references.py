"""Open references: a partial dataset (flows without their sources and events) read on purpose.

``Dataset(..., references="open")`` keeps a reference to an id the dataset does not hold and
lists it in `Dataset.open_references`; everything that follows references copes with the
missing record. Every reader that builds a dataset takes the same ``references=``.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from displacement import (
    Actor,
    ActorKind,
    Attribution,
    Count,
    Dataset,
    ErrorDetail,
    Event,
    EventKind,
    Figure,
    Flow,
    Measure,
    Metric,
    Movement,
    Period,
    Place,
    Policy,
    Population,
    PopulationCategory,
    Qualifier,
    Reliability,
    Source,
    SourceKind,
    ValidationError,
    cli,
)
from displacement.io import csv as io_csv
from displacement.io import hxl as io_hxl
from displacement.io import json as io_json

WAR = "sudan-war-2023"
UNHCR = "unhcr-chad-2023"
IOM = "iom-dtm-2023"


def _flow(id: str, *, count: int, end: date, source: str, causes: tuple[str, ...] = (WAR,)) -> Flow:
    return Flow(
        id,
        origin=Place("SDN"),
        destination=Place("TCD"),
        movement=Movement.CROSS_BORDER,
        population=Population(PopulationCategory.REFUGEES, nationality="SDN"),
        count=Count(count, qualifier=Qualifier.MORE_THAN),
        period=Period(date(2023, 4, 15), end),
        metric=Metric.ARRIVALS,
        causes=causes,
        attributions=(Attribution(source),),
    )


def sudan() -> Dataset:
    """The whole dataset: two sources, an actor, the war and two reports of arrivals in Chad."""
    return Dataset(
        sources=[
            Source(UNHCR, SourceKind.UN_AGENCY, publisher="UNHCR", reliability=Reliability.HIGH),
            Source(IOM, SourceKind.UN_AGENCY, publisher="IOM", actor="iom"),
        ],
        actors=[Actor("iom", ActorKind.INTERNATIONAL_ORGANIZATION, "IOM")],
        events=[
            Event(
                WAR,
                EventKind.ARMED_CONFLICT,
                "War in Sudan",
                period=Period(date(2023, 4, 15), None),
                places=[Place("SDN")],
                figures=[
                    Figure(
                        "displaced",
                        Count(1_000_000),
                        attributions=[Attribution(IOM)],
                        measure=Measure.DISPLACED,
                    )
                ],
            )
        ],
        flows=[
            _flow("chad-may", count=60_000, end=date(2023, 5, 31), source=UNHCR),
            _flow("chad-july", count=260_000, end=date(2023, 7, 31), source=IOM),
        ],
    )


def flows_only() -> Dataset:
    return Dataset(flows=sudan().flows, references="open")


# -- the dataset ---------------------------------------------------------------------------------


def test_strict_is_the_default_and_refuses_as_before() -> None:
    with pytest.raises(ValidationError) as caught:
        Dataset(flows=sudan().flows)
    assert caught.value.errors[0] == ErrorDetail(
        "flows[0].causes[0]",
        "refers to 'sudan-war-2023', which is not in the dataset (expected an event)",
        WAR,
    )
    assert sudan().references == "strict"
    assert sudan().open_references == ()


def test_open_keeps_references_and_lists_them_in_dataset_order() -> None:
    ds = flows_only()
    assert ds.flows == sudan().flows
    assert ds.references == "open"
    assert ds.open_references == (
        ErrorDetail(
            "flows[0].causes[0]",
            "refers to 'sudan-war-2023', which is not in the dataset (expected an event)",
            WAR,
        ),
        ErrorDetail(
            "flows[0].attributions[0].source",
            "refers to 'unhcr-chad-2023', which is not in the dataset (expected a source)",
            UNHCR,
        ),
        ErrorDetail(
            "flows[1].causes[0]",
            "refers to 'sudan-war-2023', which is not in the dataset (expected an event)",
            WAR,
        ),
        ErrorDetail(
            "flows[1].attributions[0].source",
            "refers to 'iom-dtm-2023', which is not in the dataset (expected a source)",
            IOM,
        ),
    )


def test_open_references_of_every_kind_of_record() -> None:
    whole = sudan()
    ds = Dataset(sources=whole.sources, events=whole.events, references="open")  # no actor
    assert [(r.path, r.value) for r in ds.open_references] == [("sources[1].actor", "iom")]
    assert (
        Dataset(
            sources=whole.sources, actors=whole.actors, events=whole.events, references="open"
        ).open_references
        == ()
    )


def test_references_takes_no_part_in_equality() -> None:
    whole = sudan()
    assert (
        Dataset(**{k: getattr(whole, k) for k in ("sources", "actors", "events", "flows")}, references="open")
        == whole
    )
    assert hash(Dataset(flows=[], references="open")) == hash(Dataset())


def test_a_wrong_value_of_references() -> None:
    with pytest.raises(
        ValidationError, match=r"^references: expected 'strict' or 'open', got 'loose' \(str\)$"
    ):
        Dataset(references="loose")  # type: ignore[arg-type]


def test_open_still_refuses_a_record_of_the_wrong_kind() -> None:
    whole = sudan()
    flow = _flow("f", count=1, end=date(2023, 5, 1), source=UNHCR, causes=(UNHCR,))  # a source as a cause
    with pytest.raises(ValidationError) as caught:
        Dataset(sources=whole.sources, flows=[flow], references="open")
    assert caught.value.errors == [
        ErrorDetail("flows[0].causes[0]", "refers to 'unhcr-chad-2023', a source, not an event", UNHCR)
    ]


def test_open_still_refuses_duplicate_ids_and_loops() -> None:
    flow = sudan().flows[0]
    with pytest.raises(ValidationError, match=r"flows\[1\]\.id: duplicate id 'chad-may' \(also flows\[0\]\)"):
        Dataset(flows=[flow, flow], references="open")
    period = Period(date(2023, 1, 1), None)
    a = Event("a", EventKind.ARMED_CONFLICT, "A", period=period, causes=["b", "missing"])
    b = Event("b", EventKind.ARMED_CONFLICT, "B", period=period, causes=["a"])
    with pytest.raises(ValidationError, match=r"forms a loop: a -> b -> a"):
        Dataset(events=[a, b], references="open")
    ds = Dataset(events=[a], references="open")
    assert [(r.path, r.value) for r in ds.open_references] == [
        ("events[0].causes[0]", "b"),
        ("events[0].causes[1]", "missing"),
    ]


def test_shared_tuples_are_checked_per_id_in_an_open_dataset() -> None:
    """The fast path (tuples of references shared by many records) still finds a wrong kind."""
    whole = sudan()
    shared = (WAR, UNHCR)
    flows = [_flow(f"f{i}", count=1, end=date(2023, 5, 1), source=UNHCR, causes=shared) for i in range(3)]
    with pytest.raises(ValidationError) as caught:
        Dataset(sources=whole.sources, flows=flows, references="open")
    assert [e.path for e in caught.value.errors] == [f"flows[{i}].causes[1]" for i in range(3)]


# -- what follows a reference ------------------------------------------------------------------


def test_resolve_names_an_open_reference() -> None:
    ds = flows_only()
    with pytest.raises(
        ValidationError,
        match=r"^attribution: 'unhcr-chad-2023' is not a source or actor of the dataset: an open reference$",
    ):
        ds.resolve(ds.flows[0].attributions[0])


def test_flows_where_cause_finds_flows_caused_by_an_open_reference() -> None:
    assert [f.id for f in flows_only().flows_where(cause=WAR)] == ["chad-may", "chad-july"]


def test_totals_of_an_open_dataset() -> None:
    ds = flows_only()
    totals = ds.total(by="destination")
    assert str(totals["TCD"]) == str(sudan().total(by="destination")["TCD"])
    assert str(totals["TCD"]) == "TCD: more than 260,000 people (1 record, 1 set aside)"


def test_most_reliable_treats_a_missing_source_as_of_unknown_reliability() -> None:
    """Two reports of one fact at one date: the one whose source is held and graded HIGH wins."""
    whole = sudan()
    end = date(2023, 7, 31)
    held = _flow("held", count=200_000, end=end, source=UNHCR)
    missing = _flow("missing", count=260_000, end=end, source="elsewhere")
    ds = Dataset(sources=whole.sources, flows=[missing, held], references="open")
    assert ds.total(by="destination", policy=Policy.MOST_RELIABLE)["TCD"].records == ("held",)
    # LATEST: same date and period, so reliability breaks the tie the same way
    assert ds.total(by="destination", policy=Policy.LATEST)["TCD"].records == ("held",)


@pytest.mark.parametrize("by", ["event", "cause_kind", "hazard", "measure"])
def test_figures_of_events_whose_sources_and_causes_are_elsewhere(by: str) -> None:
    whole = sudan()
    ds = Dataset(events=whole.events, references="open")
    assert [r.value for r in ds.open_references] == [IOM]
    for policy in (Policy.LATEST, Policy.MOST_RELIABLE):
        totals = ds.total("figures", by=by, policy=policy)
        assert [str(t.count) for t in totals.values()] == ["1,000,000 people"]


def test_suspected_duplicates_through_sources_that_are_elsewhere() -> None:
    whole = sudan()
    a = _flow("a", count=1_000, end=date(2023, 5, 31), source=UNHCR)
    b = _flow("b", count=1_200, end=date(2023, 5, 31), source="reporter")
    b = Flow(
        "b",
        origin=b.origin,
        destination=b.destination,
        movement=b.movement,
        population=Population(PopulationCategory.ASYLUM_SEEKERS, nationality="SDN"),
        count=b.count,
        period=b.period,
        metric=b.metric,
        causes=b.causes,
        attributions=[Attribution("reporter", attributed_to=["elsewhere"])],
    )
    strict = Dataset(
        sources=[
            *whole.sources,
            Source("reporter", SourceKind.NEWS_MEDIA),
            Source("elsewhere", SourceKind.OTHER),
        ],
        actors=whole.actors,
        events=whole.events,
        flows=[a, b],
    )
    ds = Dataset(flows=[a, b], references="open")
    assert [(g.records, g.reasons) for g in ds.suspected_duplicates()] == [
        (g.records, g.reasons) for g in strict.suspected_duplicates()
    ]
    assert len(ds.suspected_duplicates()) == 1


def test_summary_and_tables_show_the_ids_of_missing_records() -> None:
    ds = flows_only()
    text = cli.tables(ds)
    assert text.splitlines()[1] == "open references: 4 (to 1 event, 2 sources not in the dataset)"
    assert "unhcr-chad-2023 (not in the dataset)" in text
    assert "reported by: iom-dtm-2023 (not in the dataset)" in cli.summary(ds)
    assert "open references" not in cli.tables(sudan())


def test_open_references_are_found_once_and_kept() -> None:
    ds = flows_only()
    assert ds.open_references is ds.open_references


def test_repr_says_open() -> None:
    assert (
        repr(flows_only()) == "<Dataset: 0 sources, 0 actors, 0 events, 2 flows, 0 stocks, references='open'>"
    )
    assert repr(sudan()) == "<Dataset: 2 sources, 1 actors, 1 events, 2 flows, 0 stocks>"


def test_writers_write_an_open_dataset(tmp_path: Path) -> None:
    """What was read open can be written again, in every format, and read back open."""
    ds = flows_only()
    io_hxl.write_hxl(ds, tmp_path / "flows.hxl.csv")
    assert io_hxl.read_hxl(tmp_path / "flows.hxl.csv", references="open").dataset == ds
    io_csv.dump_dir(ds, tmp_path / "folder")
    assert io_csv.load_dir(tmp_path / "folder", references="open").dataset == ds


# -- readers -------------------------------------------------------------------------------------


MISSING = {WAR, UNHCR, IOM}


def test_json_of_flows_only() -> None:
    text = io_json.dumps(Dataset(flows=sudan().flows, references="open"))
    assert '"references"' not in text  # how a dataset was read is no part of the document
    ds = io_json.loads(text, references="open")
    assert ds.flows == sudan().flows
    assert {r.value for r in ds.open_references} == MISSING
    with pytest.raises(ValidationError, match="refers to 'sudan-war-2023', which is not in the dataset"):
        io_json.loads(text)
    with pytest.raises(ValidationError, match=r"^references: expected 'strict' or 'open', got 'yes'"):
        io_json.loads(text, references="yes")  # type: ignore[call-overload]


def test_json_file_of_flows_only(tmp_path: Path) -> None:
    path = tmp_path / "flows.json"
    io_json.dump(flows_only(), path)
    assert io_json.load(path, references="open").flows == sudan().flows


def test_csv_of_flows_only(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    io_csv.dump(sudan(), path, kind="flows")
    ds, account = io_csv.load(path, references="open")
    assert ds.flows == sudan().flows
    assert account.records == 2
    assert {r.value for r in ds.open_references} == MISSING
    with pytest.raises(ValidationError) as caught:
        io_csv.load(path)
    assert caught.value.errors[0] == ErrorDetail(
        "flows.csv:2:causes[0]",
        "refers to 'sudan-war-2023', which is not in the dataset (expected an event)",
        WAR,
    )
    text = io.StringIO(path.read_text(encoding="utf-8"))
    assert io_csv.load(text, "flows", references="open").dataset.flows == sudan().flows


def test_csv_folder_without_sources_or_events(tmp_path: Path) -> None:
    io_csv.dump_dir(sudan(), tmp_path)
    (tmp_path / "sources.csv").unlink()
    ds = io_csv.load_dir(tmp_path, references="open").dataset
    assert ds.flows == sudan().flows
    assert ds.events == sudan().events
    assert [(r.path, r.value) for r in ds.open_references] == [
        ("events[0].figures[0].attributions[0].source", IOM),
        ("flows[0].attributions[0].source", UNHCR),
        ("flows[1].attributions[0].source", IOM),
    ]
    with pytest.raises(ValidationError, match=r"invalid .* \(3 problems\)"):
        io_csv.load_dir(tmp_path)


def test_hxl_made_elsewhere_reads_without_a_context(tmp_path: Path) -> None:
    path = tmp_path / "flows.hxl.csv"
    io_hxl.write_hxl(sudan(), path)
    ds, account = io_hxl.read_hxl(path, references="open")
    assert ds.flows == sudan().flows
    assert (account.rows, account.records, account.skipped) == (2, 2, ())
    assert {r.value for r in ds.open_references} == MISSING
    # strict, as before: every row skipped, each for an id the context lacks
    strict = io_hxl.read_hxl(path)
    assert (strict.account.records, len(strict.account.skipped)) == (0, 2)
    assert "cause 'sudan-war-2023' is not an event of the context" in str(strict.account.skipped[0])


def test_hxl_with_a_context_checks_the_kinds_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "flows.hxl.csv"
    io_hxl.write_hxl(sudan(), path)
    whole = sudan()
    # the context holds the sources but not the event: the event stays open
    partial = Dataset(sources=whole.sources, actors=whole.actors, references="open")
    ds = io_hxl.read_hxl(path, context=partial, references="open").dataset
    assert ds.sources == whole.sources
    assert [r.value for r in ds.open_references] == [WAR, WAR]
    # a context in which the cause's id is a source: the rows are refused, even with open references
    wrong = Dataset(sources=[*whole.sources, Source(WAR, SourceKind.OTHER)], actors=whole.actors)
    load = io_hxl.read_hxl(path, context=wrong, references="open")
    assert (load.account.records, len(load.account.skipped)) == (0, 2)
    assert "cause 'sudan-war-2023' is not an event of the context" in str(load.account.skipped[0])


def test_arrow_and_parquet_of_flows_only(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
    from displacement.io import arrow

    table = arrow.to_arrow(sudan(), kind="flows")
    ds = arrow.from_arrow(table, references="open").dataset
    assert ds.flows == sudan().flows
    assert {r.value for r in ds.open_references} == MISSING
    path = tmp_path / "flows.parquet"
    arrow.write_parquet(sudan().flows, path)  # bare flows: the file holds no sources or events
    ds = arrow.read_parquet(path, references="open").dataset
    assert ds.flows == sudan().flows
    assert {r.value for r in ds.open_references} == MISSING
    with pytest.raises(ValidationError, match=r"flows\.parquet: the records do not fit the context"):
        arrow.read_parquet(path)
    # written from the dataset, the file keeps its sources, actors and events: no open references
    arrow.write_parquet(sudan(), path, kind="flows")
    ds = arrow.read_parquet(path).dataset
    assert (ds.flows, ds.sources, ds.events, ds.open_references) == (
        sudan().flows,
        sudan().sources,
        sudan().events,
        (),
    )
