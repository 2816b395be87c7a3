"""Bulk builders: the collector pause, records made from validated parts, shared reference checks."""

from __future__ import annotations

import gc
import itertools
import pathlib
from typing import Any

import attrs
import pytest

from displacement import (
    Actor,
    ActorKind,
    Attribution,
    Count,
    Dataset,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    PopulationCategory,
    Source,
    SourceKind,
    ValidationError,
)
from displacement._bulk import paused_gc, paused_gc_during, unchecked, unchecked_columns
from displacement.io import unhcr
from displacement.io.account import Load


def test_pause_and_restore() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error() -> None:
    with pytest.raises(ZeroDivisionError), paused_gc():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_decorator_keeps_the_function() -> None:
    @paused_gc_during
    def build(n: int) -> tuple[bool, int]:
        """Doc."""
        return gc.isenabled(), n

    assert build(3) == (False, 3)
    assert build.__doc__ == "Doc."
    assert gc.isenabled()


# -- records built without re-validating their parts --------------------------------------------


def _revalidated(record: Any) -> Any:
    """The same record built through its validating ``__init__``."""
    return type(record)(**{a.alias or a.name: getattr(record, a.name) for a in attrs.fields(type(record))})


def test_unchecked_makes_what_the_validating_init_makes() -> None:
    flow = unchecked(Flow)(
        id="f",
        origin=Place("SYR"),
        movement=Movement.CROSS_BORDER,
        destination=Place("TUR"),
        population=Population(PopulationCategory.REFUGEES),
        count=Count(5),
        period=Period.year(2020),
        metric=Metric.ARRIVALS,
        causes=(),
        attributions=(Attribution("unhcr"),),
        term=None,
        description=None,
    )
    assert flow == _revalidated(flow)
    assert hash(flow) == hash(_revalidated(flow))
    assert repr(flow) == repr(_revalidated(flow))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        flow.id = "g"  # type: ignore[misc]


def test_unchecked_wants_every_field() -> None:
    with pytest.raises(TypeError, match="missing"):
        unchecked(Flow)(id="f")  # type: ignore[call-arg]


def test_every_flow_a_reader_makes_passes_validation(unhcr_flows: Load) -> None:
    flows = unhcr_flows.dataset.flows
    assert len(flows) == 108_717
    assert all(f == _revalidated(f) for f in flows)


def test_every_count_a_reader_makes_is_what_count_makes(unhcr_flows: Load) -> None:
    counts = list({id(f.count): f.count for f in unhcr_flows.dataset.flows}.values())
    assert len(counts) > 1000
    for count in counts:
        assert count is not None
        assert count == Count(count.magnitude) == _revalidated(count)
        assert repr(count) == repr(Count(count.magnitude))
        assert hash(count) == hash(Count(count.magnitude))


def test_every_stock_a_reader_makes_passes_validation(unhcr_dir: pathlib.Path) -> None:
    stocks = unhcr.read_idmc(unhcr_dir / "idmc.csv").dataset.stocks
    assert stocks
    assert all(s == _revalidated(s) for s in stocks)


# -- a dataset checks shared references once, and still reports each problem -------------------


def _flows(n: int, attributions: tuple[Attribution, ...], causes: tuple[str, ...] = ()) -> list[Flow]:
    return [
        Flow(
            f"f{i}",
            origin=Place("SYR"),
            destination=Place("TUR"),
            movement=Movement.CROSS_BORDER,
            population=Population(PopulationCategory.REFUGEES),
            count=Count(i),
            period=Period.year(2020),
            metric=Metric.ARRIVALS,
            causes=causes,
            attributions=attributions,
        )
        for i in range(n)
    ]


def test_a_shared_bad_reference_is_reported_for_every_record() -> None:
    shared = (Attribution("unhcr", attributed_to=["nobody"]),)
    with pytest.raises(ValidationError) as caught:
        Dataset(sources=[Source("unhcr", SourceKind.UN_AGENCY)], flows=_flows(3, shared))
    assert [d.path for d in caught.value.errors] == [
        f"flows[{i}].attributions[0].attributed_to[0]" for i in range(3)
    ]


def test_a_bad_reference_after_good_shared_ones_is_found() -> None:
    good = (Attribution("unhcr"),)
    flows = _flows(3, good) + _flows(1, (Attribution("unhcr"), Attribution("actor")), ("war",))
    flows[-1] = attrs.evolve(flows[-1], id="last")
    sources = [Source("unhcr", SourceKind.UN_AGENCY)]
    actors = [Actor("actor", ActorKind.STATE, "A state")]
    with pytest.raises(ValidationError) as caught:
        Dataset(sources=sources, actors=actors, flows=flows)
    assert {(d.path, d.value) for d in caught.value.errors} == {
        ("flows[3].causes[0]", "war"),
        ("flows[3].attributions[1].source", "actor"),
    }


def test_duplicate_ids_name_both_places_and_keep_the_first_record() -> None:
    flows = _flows(2, ())
    twin = attrs.evolve(flows[1], id="f0")
    with pytest.raises(ValidationError) as caught:
        Dataset(flows=[*flows, twin])
    assert [(d.path, d.message) for d in caught.value.errors] == [
        ("flows[2].id", "duplicate id 'f0' (also flows[0])")
    ]
    ds = Dataset(flows=flows)
    assert ds.get("f0") is flows[0]


def test_unchecked_columns_makes_what_unchecked_makes() -> None:
    flows = _flows(3, (Attribution("unhcr"),))
    columns: dict[str, Any] = {a.name: [getattr(f, a.name) for f in flows] for a in attrs.fields(Flow)}
    columns["attributions"] = itertools.repeat(flows[0].attributions)  # one value for every record
    made = unchecked_columns(Flow)(3, **columns)
    assert made == flows
    assert [type(f) for f in made] == [Flow] * 3
    assert [hash(f) for f in made] == [hash(f) for f in flows]
    assert all(f.attributions is flows[0].attributions for f in made)
    assert unchecked_columns(Flow)(0, **{name: [] for name in columns}) == []


def test_unchecked_columns_wants_every_field_and_as_many_values() -> None:
    flows = _flows(2, ())
    columns: dict[str, Any] = {a.name: [getattr(f, a.name) for f in flows] for a in attrs.fields(Flow)}
    make = unchecked_columns(Flow)
    with pytest.raises(TypeError, match="expected the fields"):
        make(2, **{k: v for k, v in columns.items() if k != "term"})
    with pytest.raises(ValueError, match="id: 1 values for 2 records"):
        make(2, **{**columns, "id": ["f0"]})


def test_unchecked_columns_needs_slots() -> None:
    @attrs.define(slots=False)
    class Loose:
        x: int

    with pytest.raises(TypeError, match="needs a slotted class"):
        unchecked_columns(Loose)
