"""Subsets of a dataset with everything they refer to, and merges of datasets (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from displacement import (
    Actor,
    ActorKind,
    Count,
    Dataset,
    Event,
    Flow,
    Place,
    Qualifier,
    Source,
    Stock,
    ValidationError,
    examples,
    strategies,
)
from displacement.io.account import Load
from displacement.subsets import merge, subset


def ids(ds: Dataset) -> dict[str, list[str]]:
    """The ids of each kind of record of *ds*, in order (kinds with none left out)."""
    kinds = ("sources", "actors", "events", "flows", "stocks")
    return {kind: [r.id for r in getattr(ds, kind)] for kind in kinds if getattr(ds, kind)}


def everything(ds: Dataset) -> list[Any]:
    return [*ds.sources, *ds.actors, *ds.events, *ds.flows, *ds.stocks]


def actor(ds: Dataset, id: str) -> Actor:
    return next(a for a in ds.actors if a.id == id)


def refers_to(record: Any) -> Iterator[str]:
    """Every id *record* refers to, written here again so the test does not trust the module."""
    if isinstance(record, Source):
        yield from (x for x in (record.actor, record.part_of) if x is not None)
        return
    if isinstance(record, Actor):
        yield from (x for x in (record.affiliation,) if x is not None)
        return
    attributions = list(record.attributions)
    yield from record.causes
    if isinstance(record, Event):
        yield from (p.actor for p in record.participants)
        attributions += [a for f in record.figures for a in f.attributions]
    for a in attributions:
        yield a.source
        yield from a.attributed_to


def reachable(ds: Dataset, start: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        rid = todo.pop()
        if rid not in seen:
            seen.add(rid)
            todo.extend(refers_to(ds.get(rid)))
    return seen


@pytest.fixture(scope="module")
def kaz() -> Dataset:
    return examples.kazakhstan_2022()


@pytest.fixture(scope="module")
def karabakh() -> Dataset:
    return examples.karabakh_2023()


@pytest.fixture(scope="module")
def somalia() -> Dataset:
    return examples.somalia_prmn_2022()


# -- subsets of the examples --------------------------------------------------------------------


def test_a_flow_brings_its_causes_sources_and_actors_transitively(kaz: Dataset) -> None:
    part = kaz.subset(kaz.flows_where(destination="KAZ"))
    assert ids(part) == {
        # the UPI article and the ministry report it attributes the figure to
        "sources": ["upi-2022-09-27", "kaz-interior-ministry-report"],
        # the report's actor and its affiliation; the events' participants and theirs
        "actors": ["gov-kaz", "gov-rus", "gov-ukr", "putin", "kaz-interior-ministry"],
        # the flow's cause, and the cause of that cause
        "events": ["invasion-of-ukraine", "mobilization-decree"],
        "flows": ["f1-rus-kaz"],
    }


def test_the_issue_s_call_works_and_its_totals_are_one_call(kaz: Dataset) -> None:
    with pytest.raises(ValidationError, match="which is not in the dataset"):
        Dataset(flows=kaz.flows_where(destination="KAZ"))
    assert str(kaz.subset(kaz.flows_where(destination="KAZ")).total()) == "RUS, KAZ: 98,000 people (1 record)"


def test_a_source_brings_the_source_it_is_part_of_and_its_actor_s_affiliation(kaz: Dataset) -> None:
    assert ids(kaz.subset(["photo-tokayev-press-office"])) == {
        "sources": ["upi-2022-09-27", "photo-tokayev-press-office"],
        "actors": ["gov-kaz", "tokayev-press-office"],
    }
    assert ids(kaz.subset(["maxar-2022-09-25"])) == {"sources": ["upi-2022-09-27", "maxar-2022-09-25"]}


def test_an_event_brings_its_cause_chain_and_participants_not_what_it_caused(kaz: Dataset) -> None:
    assert ids(kaz.subset(["dagestan-clashes"])) == {
        "sources": ["upi-2022-09-27"],  # the events' own attributions
        "actors": ["gov-rus", "gov-ukr", "putin", "rus-security-services", "protesters-dagestan"],
        "events": ["invasion-of-ukraine", "mobilization-decree", "dagestan-clashes"],
    }
    assert ids(kaz.subset(["putin"])) == {"actors": ["gov-rus", "putin"]}


def test_an_event_brings_the_sources_of_its_figures(karabakh: Dataset) -> None:
    assert ids(karabakh.subset(["fuel-depot-explosion-2023-09-25"])) == {
        "sources": ["nk-authorities-2023-09"],
        "actors": ["nk-authorities"],
        "events": ["fuel-depot-explosion-2023-09-25"],
    }


def test_karabakh_one_report_and_its_totals(karabakh: Dataset) -> None:
    part = karabakh.subset(["nk-arm-unhcr"])
    assert ids(part) == {
        "sources": ["unhcr-2023-10"],
        "actors": ["gov-aze", "nk-authorities", "unhcr"],
        "events": ["aze-military-operation-2023-09-19"],
        "flows": ["nk-arm-unhcr"],
    }
    assert part.total(by="destination")["ARM"].count == Count(100_000, qualifier=Qualifier.MORE_THAN)
    assert part.total(by="destination") == karabakh.total(
        by="destination", where=lambda r: r.id == "nk-arm-unhcr"
    )


def test_somalia_a_region_s_arrivals_and_their_totals(somalia: Dataset) -> None:
    bay = Place("SOM", admin1="SO24")
    chosen = somalia.flows_where(destination=bay, within=True)
    part = somalia.subset(chosen)
    assert ids(part) == {
        "sources": ["unhcr-somalia-prmn"],
        "events": ["prmn-reason-drought-related"],
        "flows": [f.id for f in somalia.flows if f.id.endswith("-baidoa")],
    }
    chosen_ids = {f.id for f in chosen}
    by = ("destination.admin2", "year")
    assert part.total(by=by) == somalia.total(by=by, where=lambda r: r.id in chosen_ids)
    assert str(part.total(by="destination")) == "SOM: 85,612 people (12 records)"


def test_a_subset_of_everything_is_the_dataset(kaz: Dataset, karabakh: Dataset, somalia: Dataset) -> None:
    for ds in (kaz, karabakh, somalia):
        assert ds.subset(everything(ds)) == ds
        # the dataset's order, not the selection's
        assert ds.subset(reversed([r.id for r in everything(ds)])) == ds


def test_mixed_kinds_ids_and_records_and_repeats(kaz: Dataset) -> None:
    part = kaz.subset(["f2-rus-geo", kaz.flows[1], actor(kaz, "tokayev"), "gov-ukr"])
    assert ids(part) == {
        "sources": ["upi-2022-09-27", "maxar-2022-09-25"],
        "actors": ["gov-kaz", "gov-rus", "gov-ukr", "tokayev", "putin"],
        "events": ["invasion-of-ukraine", "mobilization-decree"],
        "flows": ["f2-rus-geo"],
    }


def test_one_id_or_one_record_or_nothing(kaz: Dataset) -> None:
    assert kaz.subset("gov-kaz") == kaz.subset(["gov-kaz"]) == Dataset(actors=[actor(kaz, "gov-kaz")])
    assert kaz.subset(kaz.flows[0]) == kaz.subset(["f1-rus-kaz"])
    assert kaz.subset([]) == Dataset() == kaz.subset(kaz.stocks)
    assert subset(kaz, iter(["gov-kaz"])) == kaz.subset("gov-kaz")  # any iterable, once


def test_an_equal_record_stands_for_the_dataset_s_own(kaz: Dataset) -> None:
    copy = attrs.evolve(kaz.flows[0])
    assert copy is not kaz.flows[0]
    assert kaz.subset([copy]).flows[0] is kaz.flows[0]


# -- subset errors ------------------------------------------------------------------------------


def test_an_unknown_id_is_named(kaz: Dataset) -> None:
    with pytest.raises(ValidationError) as err:
        kaz.subset(["f1-rus-kaz", "f9"])
    assert str(err.value) == "records[1]: 'f9' is not in the dataset"
    assert err.value.errors[0].value == "f9"


def test_every_problem_of_a_selection_at_once(kaz: Dataset) -> None:
    other = attrs.evolve(kaz.flows[0], count=Count(100_000))
    renamed = attrs.evolve(kaz.flows[0], id="f9")
    as_event = attrs.evolve(kaz.flows[0], id="tokayev-speech")
    with pytest.raises(ValidationError) as err:
        kaz.subset([other, renamed, as_event, 5, "x" * 10_000])  # type: ignore[list-item]
    assert str(err.value) == (
        "invalid selection (5 problems):\n"
        "  - records[0]: a flow with id 'f1-rus-kaz', which differs from the dataset's flow in"
        " count: 98,000 people vs 100,000 people\n"
        "  - records[1]: a flow with id 'f9', which is not in the dataset\n"
        "  - records[2]: a flow with id 'tokayev-speech', which is an event in the dataset\n"
        "  - records[3]: expected a record or an id, got 5 (int)\n"
        "  - records[4]: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (10,000 characters) is not in the dataset"
    )


def test_something_that_is_no_selection(kaz: Dataset) -> None:
    with pytest.raises(ValidationError) as err:
        kaz.subset(5)  # type: ignore[arg-type]
    assert str(err.value) == "records: expected records or ids, got 5 (int)"


# -- merges ---------------------------------------------------------------------------------------


def test_a_dataset_merged_with_itself_or_its_parts_is_itself(kaz: Dataset, karabakh: Dataset) -> None:
    for ds in (kaz, karabakh):
        assert ds.merge(ds) == ds
        assert ds.merge() == ds
        assert merge(ds) == ds
        assert ds.merge(ds.subset(ds.flows[:1]), ds) == ds


def test_two_subsets_merge_to_the_subset_of_both(kaz: Dataset) -> None:
    a, b = kaz.subset(["f1-rus-kaz"]), kaz.subset(["f2-rus-geo", "tokayev-speech"])
    both = a.merge(b)
    assert both == merge(a, b)
    union = kaz.subset(["f1-rus-kaz", "f2-rus-geo", "tokayev-speech"])
    assert {k: set(v) for k, v in ids(both).items()} == {k: set(v) for k, v in ids(union).items()}
    assert kaz.subset(everything(both)) == union  # the same records: in the dataset's order, equal
    # the first dataset's records, then the new ones of the second, kind by kind
    assert ids(b.merge(a)) == {
        "sources": ["upi-2022-09-27", "maxar-2022-09-25", "kaz-interior-ministry-report"],
        "actors": ["gov-kaz", "gov-rus", "gov-ukr", "tokayev", "putin", "kaz-interior-ministry"],
        "events": ["invasion-of-ukraine", "mobilization-decree", "tokayev-speech"],
        "flows": ["f2-rus-geo", "f1-rus-kaz"],
    }


def test_datasets_of_different_examples_merge(kaz: Dataset, karabakh: Dataset, somalia: Dataset) -> None:
    union = merge(kaz, karabakh, somalia)
    assert ids(union) == {
        kind: ids(kaz).get(kind, []) + ids(karabakh)[kind] + ids(somalia).get(kind, []) for kind in ids(union)
    }
    assert union.total(by="destination")["ARM"] == karabakh.total(by="destination")["ARM"]


def test_flows_in_one_dataset_and_their_events_in_the_other(kaz: Dataset) -> None:
    events = kaz.subset(kaz.events)  # events, their participants and sources, no flows
    flows = kaz.subset(kaz.flows)  # flows with the records they need, shared with *events*
    union = events.merge(flows)
    assert union == Dataset(sources=union.sources, actors=union.actors, events=kaz.events, flows=kaz.flows)
    assert ids(union)["events"] == ids(kaz)["events"]
    assert union.flows_where(cause="mobilization-decree") == kaz.flows


def test_a_clash_names_both_records_and_what_differs(kaz: Dataset) -> None:
    f1 = kaz.flows[0]
    changed = attrs.evolve(f1, count=Count(100_000), description="revised")
    base = kaz.subset(kaz.flows[:2])
    other = Dataset(
        sources=base.sources, actors=base.actors, events=base.events, flows=[kaz.flows[1], changed]
    )
    with pytest.raises(ValidationError) as err:
        kaz.merge(other)
    assert str(err.value) == (
        "flows[0] of dataset 1 and flows[1] of dataset 2 have id 'f1-rus-kaz' but differ in"
        " count: 98,000 people vs 100,000 people; description: None vs 'revised'"
    )
    assert err.value.errors[0].value == "f1-rus-kaz"


def test_every_clash_at_once_also_between_kinds(kaz: Dataset) -> None:
    renamed = attrs.evolve(actor(kaz, "tokayev"), name="K.-J. Tokayev")
    as_source = attrs.evolve(kaz.sources[0], id="gov-rus")
    one = Dataset(actors=[actor(kaz, "gov-kaz"), renamed])
    two = Dataset(sources=[as_source])
    with pytest.raises(ValidationError) as err:
        merge(kaz, one, two)
    assert str(err.value) == (
        "cannot merge: 2 ids name different records:\n"
        "  - actors[3] of dataset 1 and actors[1] of dataset 2 have id 'tokayev' but differ in"
        " name: 'Kassym-Jomart Tokayev' vs 'K.-J. Tokayev'\n"
        "  - actors[1] of dataset 1 and sources[0] of dataset 3 have id 'gov-rus': an actor and a source"
    )


def test_a_clash_between_records_new_in_later_datasets(kaz: Dataset) -> None:
    a = Dataset(actors=[Actor("x", ActorKind.STATE, "X")])
    b = Dataset(actors=[Actor("x", ActorKind.STATE, "Y")])
    with pytest.raises(ValidationError) as err:
        merge(kaz, a, b)
    assert str(err.value) == (
        "actors[0] of dataset 2 and actors[0] of dataset 3 have id 'x' but differ in name: 'X' vs 'Y'"
    )


def test_a_clash_names_at_most_three_fields_and_long_values_are_cut() -> None:
    a = Actor("x", ActorKind.STATE, "X" * 1000, aliases=["a"], country="KAZ", description="d")
    b = Actor("x", ActorKind.PERSON, "Y" * 1000, aliases=["b"], country="RUS", description="e")
    with pytest.raises(ValidationError) as err:
        merge(Dataset(actors=[a]), Dataset(actors=[b]))
    message = str(err.value)
    assert len(message) < 400
    assert message.endswith("and 2 more fields (country, description)")
    assert "'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'... (1,000 characters) vs" in message


def test_only_datasets_merge(kaz: Dataset) -> None:
    with pytest.raises(ValidationError) as err:
        kaz.merge(kaz.flows)  # type: ignore[arg-type]
    assert str(err.value).startswith("dataset 2: expected a Dataset, got (Flow(")
    assert merge() == Dataset()


# -- real data ------------------------------------------------------------------------------------


def test_unhcr_arrivals_in_chad(unhcr_flows: Load) -> None:
    ds = unhcr_flows.dataset
    chad = ds.subset(ds.flows_where(destination="TCD"))
    assert len(chad.flows) == len(ds.flows_where(destination="TCD")) > 0
    assert chad.sources == ds.sources
    by = ("origin", "metric")
    assert chad.total(by=by) == ds.total(by=by, where=lambda f: f.destination.country == "TCD")
    rest = ds.subset([f for f in ds.flows if f.destination.country != "TCD"])
    assert rest.merge(chad).flows != ds.flows  # the order is the first dataset's, then the new ones
    merged = chad.merge(rest)
    assert len(merged.flows) == len(ds.flows)
    assert ds.subset(merged.flows) == ds


# -- properties -----------------------------------------------------------------------------------


@settings(max_examples=max(10, settings().max_examples // 3))  # 33, or 166 under the ci profile
@given(data=st.data(), ds=strategies.datasets())
def test_a_subset_holds_the_selection_and_exactly_what_it_refers_to(data: st.DataObject, ds: Dataset) -> None:
    records: list[Flow | Stock] = [*ds.flows, *ds.stocks]
    chosen = data.draw(
        st.lists(st.sampled_from(records), unique_by=lambda r: r.id) if records else st.just([])
    )
    part = ds.subset(chosen)  # a valid dataset: its references resolve
    assert all(part.get(r.id) is r for r in chosen)
    assert {
        r.id for kind in ("sources", "actors", "events", "flows", "stocks") for r in getattr(part, kind)
    } == (reachable(ds, [r.id for r in chosen]))
    for kind in ("sources", "actors", "events", "flows", "stocks"):  # in the dataset's order
        kept = {r.id for r in getattr(part, kind)}
        assert list(getattr(part, kind)) == [r for r in getattr(ds, kind) if r.id in kept]
    assert ds.merge(part) == ds
    both = part.merge(ds)  # the part's records first, then the rest: ds in another order
    assert ds.subset(everything(both)) == ds
    assert len(everything(both)) == len(everything(ds))


# -- open datasets (partial files read with references="open") ---------------------------------


def test_a_subset_of_an_open_dataset_keeps_its_open_references() -> None:
    ds = examples.kazakhstan_2022()
    flows = Dataset(flows=ds.flows, references="open")  # a file of flows only, read on purpose
    part = flows.subset(["f1-rus-kaz"])
    assert part.references == "open"
    assert [f.id for f in part.flows] == ["f1-rus-kaz"]
    assert [e.value for e in part.open_references] == [
        e.value for e in flows.open_references if e.path.startswith("flows[0].")
    ]


def test_partial_files_merged_resolve_each_other() -> None:
    ds = examples.kazakhstan_2022()
    flows = Dataset(flows=ds.flows, references="open")
    rest = Dataset(sources=ds.sources, actors=ds.actors, events=ds.events)
    merged = flows.merge(rest)
    assert merged.references == "open"  # one of them was open
    assert merged.open_references == ()
    assert merged == ds
    assert flows.merge(rest, references="strict") == ds
    assert flows.merge(rest, references="strict").references == "strict"


def test_a_strict_merge_of_partial_files_that_leave_references_open_is_refused() -> None:
    ds = examples.kazakhstan_2022()
    flows = Dataset(flows=ds.flows, references="open")
    events = Dataset(events=ds.events, references="open")
    assert len(flows.merge(events).open_references) > 0
    with pytest.raises(ValidationError, match="which is not in the dataset"):
        flows.merge(events, references="strict")
