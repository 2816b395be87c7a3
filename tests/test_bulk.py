"""Bulk builders: the collector pause, records made from validated parts, shared reference checks."""

from __future__ import annotations

import gc
import itertools
import os
import pathlib
import threading
from collections.abc import Iterator
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
    Qualifier,
    Source,
    SourceKind,
    ValidationError,
    _bulk,
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


def test_nested_pauses_end_with_the_outermost() -> None:
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer build is still running
    assert gc.isenabled()


def _overlap(first_ends_first: bool) -> list[tuple[str, bool]]:
    """Two threads in `paused_gc` at once; what each saw of the collector once the other was in."""
    inside = [threading.Event(), threading.Event()]
    leave = [threading.Event(), threading.Event()]
    left = [threading.Event(), threading.Event()]
    seen: list[tuple[str, bool]] = []

    def build(me: int) -> None:
        with paused_gc():
            inside[me].set()
            assert leave[me].wait(10)
        left[me].set()

    threads = [threading.Thread(target=build, args=(i,)) for i in (0, 1)]
    threads[0].start()
    assert inside[0].wait(10)
    threads[1].start()
    assert inside[1].wait(10)
    order = (0, 1) if first_ends_first else (1, 0)
    leave[order[0]].set()
    assert left[order[0]].wait(10)
    seen.append(("one still building", gc.isenabled()))
    leave[order[1]].set()
    for t in threads:
        t.join(10)
    seen.append(("both done", gc.isenabled()))
    return seen


@pytest.mark.parametrize("first_ends_first", [True, False])
def test_concurrent_pauses_in_two_threads(first_ends_first: bool) -> None:
    try:
        assert _overlap(first_ends_first) == [("one still building", False), ("both done", True)]
    finally:
        gc.enable()


@pytest.mark.parametrize("first_ends_first", [True, False])
def test_concurrent_pauses_keep_a_disabled_collector_disabled(first_ends_first: bool) -> None:
    gc.disable()
    try:
        assert _overlap(first_ends_first) == [("one still building", False), ("both done", False)]
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


def test_unchecked_wants_every_field_without_a_default() -> None:
    with pytest.raises(TypeError, match="missing"):
        unchecked(Flow)(id="f")  # type: ignore[call-arg]
    # Count's hand-written __init__ stores other values than its defaults: it fills in nothing.
    with pytest.raises(TypeError, match="missing"):
        unchecked(Count)(magnitude=5)


def test_unchecked_fills_in_plain_defaults_as_the_init_does() -> None:
    """A field added with a default needs no change in the readers that build records unchecked."""
    flow = _flows(1, ())[0]
    required = {a.name: getattr(flow, a.name) for a in attrs.fields(Flow) if a.name not in _OPTIONAL}
    plain = Flow(**{a.alias: required[a.name] for a in attrs.fields(Flow) if a.name in required})
    made = unchecked(Flow)(**required)
    assert made == plain
    assert (made.causes, made.attributions, made.term, made.description) == ((), (), None, None)
    columns = {name: [value] * 3 for name, value in required.items()}
    assert unchecked_columns(Flow)(3, **columns) == [plain] * 3
    with pytest.raises(TypeError, match="those with a default may be left out"):
        unchecked_columns(Flow)(3, **{k: v for k, v in columns.items() if k != "metric"})
    with pytest.raises(TypeError, match="those with a default may be left out"):
        unchecked_columns(Flow)(3, **columns, colour=["red"] * 3)


_OPTIONAL = ("causes", "attributions", "term", "description")


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


def test_unchecked_columns_wants_every_field_without_a_default_and_as_many_values() -> None:
    flows = _flows(2, ())
    columns: dict[str, Any] = {a.name: [getattr(f, a.name) for f in flows] for a in attrs.fields(Flow)}
    make = unchecked_columns(Flow)
    with pytest.raises(TypeError, match="expected the fields"):
        make(2, **{k: v for k, v in columns.items() if k != "metric"})
    with pytest.raises(ValueError, match="id: 1 values for 2 records"):
        make(2, **{**columns, "id": ["f0"]})


# -- what unchecked refuses to make, and the checks the test suite runs it under --------------


@attrs.define(slots=False)
class Loose:
    x: int


@attrs.frozen
class Converted:
    x: int = attrs.field(converter=int)


@attrs.frozen
class Derived:
    x: int
    double: int = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "double", 2 * self.x)


@attrs.frozen(cache_hash=True)
class CachedHash:
    x: int


@attrs.frozen
class PreInit:
    x: int

    def __attrs_pre_init__(self) -> None:
        pass


@attrs.frozen
class Base:
    x: int


class Subclass(Base):  # not an attrs class of its own: its objects have a __dict__
    pass


@pytest.mark.parametrize("make", [unchecked, unchecked_columns], ids=["unchecked", "unchecked_columns"])
@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (int, "needs an attrs class, got <class 'int'>"),
        (Loose, "needs a slotted class; Loose has no __slots__"),
        (Subclass, "needs a slotted class; Subclass has no __slots__"),
        (Converted, "Converted.x has a converter (<class 'int'>), which it would skip"),
        (Derived, "Derived.double is no __init__ argument, so it would stay unset"),
        (Dataset, "Dataset._index is no __init__ argument, so it would stay unset"),
        (CachedHash, "CachedHash has slots that are no fields (_attrs_cached_hash)"),
        (PreInit, "PreInit has an __attrs_pre_init__, which it would skip"),
    ],
    ids=lambda x: getattr(x, "__name__", "")[:20],
)
def test_unsafe_classes_are_refused(make: Any, cls: type[Any], message: str) -> None:
    with pytest.raises(TypeError) as caught:
        make(cls)
    assert str(caught.value).endswith(message)
    assert str(caught.value).startswith(make.__name__)


def test_the_suite_runs_with_the_checks_on() -> None:
    """tests/conftest.py turns them on (in this process too, whenever displacement was imported)."""
    assert _bulk.checks.on is _bulk.checks_asked(os.environ)
    if os.environ.get(_bulk.CHECK_ENV) != "0":
        assert _bulk.checks.on


@pytest.mark.parametrize(
    ("environ", "on"),
    [
        ({}, False),
        ({_bulk.CHECK_ENV: ""}, False),
        ({_bulk.CHECK_ENV: "0"}, False),
        ({_bulk.CHECK_ENV: "1"}, True),
    ],
)
def test_checks_asked(environ: dict[str, str], on: bool) -> None:
    assert _bulk.checks_asked(environ) is on


@pytest.fixture
def checks() -> Iterator[Any]:
    """The switch, as the test left it undone afterwards."""
    was = _bulk.checks.on
    try:
        yield _bulk.checks
    finally:
        _bulk.checks.on = was


def _count_fields(magnitude: Any, qualifier: Qualifier = Qualifier.EXACT) -> dict[str, Any]:
    return {
        "magnitude": magnitude,
        "unit": "person",
        "qualifier": qualifier,
        "upper_magnitude": None,
        "household_size": None,
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (_count_fields(-5), "unchecked(Count) made a record that Count(...) refuses: value: -5 is negative"),
        (
            _count_fields(0, Qualifier.LESS_THAN),
            "unchecked(Count) made a record that Count(...) refuses: value: less than 0 is no number",
        ),
        (
            {**_count_fields(5), "unit": "people"},
            "unchecked(Count) made unit='people' where Count(...) makes 'person'",
        ),
        (_count_fields(True), "refuses: value: expected a number"),
    ],
)
def test_checks_catch_a_record_the_constructor_refuses(
    checks: Any, fields: dict[str, Any], message: str
) -> None:
    make = unchecked(Count)
    checks.on = False
    made = make(**fields)  # what the readers' fast path would let through unseen
    assert made.magnitude == fields["magnitude"]
    checks.on = True
    with pytest.raises(AssertionError) as caught:
        make(**fields)
    assert message in str(caught.value)
    with pytest.raises(AssertionError) as caught:
        unchecked_columns(Count)(2, **{k: itertools.repeat(v) for k, v in fields.items()})
    assert message.replace("unchecked(", "unchecked_columns(") in str(caught.value)


def test_checks_catch_a_value_the_constructor_would_convert(checks: Any) -> None:
    fields = {a.name: getattr(_flows(1, ())[0], a.name) for a in attrs.fields(Flow)}
    fields["causes"] = []  # Flow(...) would make it a tuple
    checks.on = True
    with pytest.raises(
        AssertionError, match=r"unchecked\(Flow\) made causes=\[\] where Flow\(...\) makes \(\)"
    ):
        unchecked(Flow)(**fields)
    with pytest.raises(AssertionError, match=r"made causes=\[\] where"):
        unchecked_columns(Flow)(1, **{k: [v] for k, v in fields.items()})
    fields["causes"] = ()
    assert unchecked(Flow)(**fields) == _flows(1, ())[0]


def test_checks_pass_what_the_constructor_makes(checks: Any) -> None:
    checks.on = True
    flows = _flows(3, (Attribution("unhcr"),))
    columns: dict[str, Any] = {a.name: [getattr(f, a.name) for f in flows] for a in attrs.fields(Flow)}
    assert unchecked_columns(Flow)(3, **columns) == flows
    count = Count(900, qualifier=Qualifier.RANGE, upper=1000, household_size=4.5)
    assert unchecked(Count)(*(getattr(count, a.name) for a in attrs.fields(Count))) == count


def test_the_column_reader_makes_no_count_of_an_empty_cell(checks: Any, tmp_path: pathlib.Path) -> None:
    """Found by the checks: it made (and kept, unused) ``Count(None)`` for the empty cell."""
    checks.on = True
    path = tmp_path / "flows.csv"
    path.write_text(
        "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,refugee_like,oip\n"
        "2020,Syria,SYR,SYR,Turkey,TUR,TUR,5,,7,\n",
        encoding="utf-8",
    )
    dataset, account = unhcr.read_flows(path)
    assert [f.count for f in dataset.flows] == [Count(5), Count(7)]
    assert account.balanced
