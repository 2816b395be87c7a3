"""Dataset: unique ids, references, cycles, every error at once, queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from displacement import (
    Actor,
    ActorKind,
    Attribution,
    Count,
    Dataset,
    Event,
    EventKind,
    Figure,
    Flow,
    Metric,
    Movement,
    Participation,
    Period,
    Place,
    Population,
    PopulationCategory,
    Source,
    SourceKind,
    Stock,
    ValidationError,
)

DAY = Period.day(date(2022, 9, 21))


def src(id: str = "upi", **kw: Any) -> Source:
    return Source(id, SourceKind.NEWS_MEDIA, **kw)


def actor(id: str = "putin", **kw: Any) -> Actor:
    return Actor(id, ActorKind.PERSON, id.title(), **kw)


def event(id: str = "decree", **kw: Any) -> Event:
    return Event(id, EventKind.MOBILIZATION, id, period=kw.pop("period", DAY), **kw)


def flow(id: str = "f1", origin: str = "RUS", destination: str = "KAZ", **kw: Any) -> Flow:
    fields: dict[str, Any] = {
        "movement": Movement.CROSS_BORDER,
        "population": Population(PopulationCategory.OTHERS),
        "count": Count(10),
        "period": DAY,
        "metric": Metric.CROSSINGS,
    }
    fields.update(kw)
    return Flow(id, origin=Place(origin), destination=Place(destination), **fields)


def stock(id: str = "s1", place: str = "KAZ", **kw: Any) -> Stock:
    fields: dict[str, Any] = {
        "population": Population(PopulationCategory.REFUGEES),
        "count": Count(10),
        "as_of": date(2022, 12, 31),
    }
    fields.update(kw)
    return Stock(id, place=Place(place), **fields)


def errors(**records: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as exc:
        Dataset(**records)
    return [(e.path, e.message) for e in exc.value.errors]


def test_empty_and_valid() -> None:
    assert Dataset() == Dataset()
    ds = Dataset(sources=[src()], actors=[actor()], events=[event()], flows=[flow(causes=["decree"])])
    assert ds.get("f1") == flow(causes=["decree"])
    assert ds.get("nope") is None
    assert "decree" in ds
    assert "nope" not in ds
    assert 3 not in ds
    assert repr(ds) == "<Dataset: 1 sources, 1 actors, 1 events, 1 flows, 0 stocks>"
    assert isinstance(ds.flows, tuple)


def test_equality_and_hash_by_value() -> None:
    a = Dataset(flows=[flow()])
    b = Dataset(flows=[flow()])
    assert a == b
    assert hash(a) == hash(b)
    assert a != Dataset(flows=[flow(id="f2")])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.flows = ()  # type: ignore[misc]


def test_ids_are_unique_across_kinds() -> None:
    assert errors(sources=[src("x")], flows=[flow("x")]) == [
        ("flows[0].id", "duplicate id 'x' (also sources[0])")
    ]
    assert errors(flows=[flow(), flow()]) == [("flows[1].id", "duplicate id 'f1' (also flows[0])")]


@pytest.mark.parametrize(
    ("records", "path"),
    [
        ({"flows": [flow(causes=["nope"])]}, "flows[0].causes[0]"),
        ({"stocks": [stock(causes=["nope"])]}, "stocks[0].causes[0]"),
        ({"events": [event(causes=["nope"])]}, "events[0].causes[0]"),
        ({"events": [event(participants=[Participation("nope", "x")])]}, "events[0].participants[0].actor"),
        ({"events": [event(attributions=[Attribution("nope")])]}, "events[0].attributions[0].source"),
        (
            {"events": [event(figures=[Figure("arrested", None, attributions=[Attribution("nope")])])]},
            "events[0].figures[0].attributions[0].source",
        ),
        ({"flows": [flow(attributions=[Attribution("nope")])]}, "flows[0].attributions[0].source"),
        (
            {"sources": [src()], "flows": [flow(attributions=[Attribution("upi", attributed_to=["nope"])])]},
            "flows[0].attributions[0].attributed_to[0]",
        ),
        ({"stocks": [stock(attributions=[Attribution("nope")])]}, "stocks[0].attributions[0].source"),
        ({"actors": [actor(affiliation="nope")]}, "actors[0].affiliation"),
        ({"sources": [src(actor="nope")]}, "sources[0].actor"),
        ({"sources": [src(part_of="nope")]}, "sources[0].part_of"),
    ],
)
def test_dangling_references(records: dict[str, Any], path: str) -> None:
    [(where, message)] = errors(**records)
    assert where == path
    assert "'nope', which is not in the dataset" in message


@pytest.mark.parametrize(
    ("records", "path"),
    [
        ({"sources": [src()], "flows": [flow(causes=["upi"])]}, "flows[0].causes[0]"),
        (
            {"actors": [actor()], "flows": [flow(attributions=[Attribution("putin")])]},
            "flows[0].attributions[0].source",
        ),
        ({"events": [event(participants=[Participation("decree", "x")])]}, "events[0].participants[0].actor"),
        ({"sources": [src()], "actors": [actor(affiliation="upi")]}, "actors[0].affiliation"),
        ({"events": [event()], "sources": [src(actor="decree")]}, "sources[0].actor"),
        ({"sources": [src(), src("a", part_of="decree")], "events": [event()]}, "sources[1].part_of"),
        (
            {
                "sources": [src()],
                "events": [event()],
                "flows": [flow(attributions=[Attribution("upi", attributed_to=["decree"])])],
            },
            "flows[0].attributions[0].attributed_to[0]",
        ),
    ],
)
def test_references_of_the_wrong_kind(records: dict[str, Any], path: str) -> None:
    [(where, message)] = errors(**records)
    assert where == path
    assert ", not a" in message


def test_attribution_to_an_actor_or_a_source() -> None:
    ds = Dataset(
        sources=[src(), src("mvd-report")],
        actors=[actor("tokayev")],
        flows=[flow(attributions=[Attribution("upi", attributed_to=["mvd-report", "tokayev"])])],
    )
    chain = ds.resolve(ds.flows[0].attributions[0])
    assert [r.id for r in chain] == ["upi", "mvd-report", "tokayev"]
    with pytest.raises(ValidationError):
        ds.resolve(Attribution("unknown"))


def test_cycles() -> None:
    assert errors(events=[event("a", causes=["b"]), event("b", causes=["a"])]) == [
        ("events[1].causes", "forms a loop: a -> b -> a")
    ]
    assert errors(
        actors=[actor("a", affiliation="b"), actor("b", affiliation="c"), actor("c", affiliation="a")]
    ) == [("actors[2].affiliation", "forms a loop: a -> b -> c -> a")]
    assert errors(sources=[src("a", part_of="b"), src("b", part_of="a")]) == [
        ("sources[1].part_of", "forms a loop: a -> b -> a")
    ]
    # a diamond is not a loop
    Dataset(
        events=[event("a"), event("b", causes=["a"]), event("c", causes=["a"]), event("d", causes=["b", "c"])]
    )


def test_long_cause_chain_does_not_recurse() -> None:
    n = 5000
    events = [event("e0")] + [event(f"e{i}", causes=[f"e{i - 1}"]) for i in range(1, n)]
    assert len(Dataset(events=events).events) == n
    looped = [event("e0", causes=[f"e{n - 1}"]), *events[1:]]
    [(_path, message)] = errors(events=looped)
    assert message.startswith("forms a loop: e0 -> ")
    # a loop of 5,000 links names its first and last, not all of them
    assert message == "forms a loop: e0 -> e4999 -> e4998 -> e4997 -> … (4,995 more) -> e1 -> e0"


def test_long_ids_give_short_messages() -> None:
    long = "x" * 100_000
    problems = errors(sources=[src(long), src(long)], flows=[flow(causes=[long + "y"])])
    assert [path for path, _ in problems] == ["sources[1].id", "flows[0].causes[0]"]
    for _, message in problems:
        assert len(message) < 200
        assert "... (100,00" in message
    ds = Dataset(sources=[src()])
    with pytest.raises(ValidationError) as exc:
        ds.resolve(Attribution("upi", attributed_to=[long]))
    assert len(str(exc.value)) < 200


def test_every_problem_is_reported_at_once() -> None:
    found = errors(
        sources=[src(), src()],
        actors=[actor(affiliation="ghost")],
        flows=[flow(causes=["x", "y"], attributions=[Attribution("z")])],
    )
    assert [p for p, _ in found] == [
        "sources[1].id",
        "actors[0].affiliation",
        "flows[0].causes[0]",
        "flows[0].causes[1]",
        "flows[0].attributions[0].source",
    ]
    with pytest.raises(ValidationError) as exc:
        Dataset(flows=[flow(causes=["x", "y"])])
    assert str(exc.value).splitlines()[0] == "invalid dataset (2 problems):"


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("flows", [flow(), "f2"], "flows[1]"),
        ("sources", "upi", "sources"),
        ("events", [flow()], "events[0]"),
        ("stocks", None, "stocks"),
    ],
)
def test_record_types(field: str, value: Any, path: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Dataset(**{field: value})
    assert exc.value.errors[0].path == path


def test_flows_where() -> None:
    f1 = flow("f1", causes=["decree"])
    f2 = flow(
        "f2",
        destination="GEO",
        causes=["decree"],
        count=None,
        period=Period(date(2022, 9, 25), date(2022, 9, 27)),
    )
    f3 = flow(
        "f3",
        origin="UKR",
        destination="POL",
        metric=Metric.ARRIVALS,
        population=Population(PopulationCategory.REFUGEES),
        period=Period.year(2022),
    )
    ds = Dataset(events=[event()], flows=[f1, f2, f3])
    ids = lambda flows: [f.id for f in flows]  # noqa: E731
    assert ids(ds.flows_where()) == ["f1", "f2", "f3"]
    assert ids(ds.flows_where(origin="RUS")) == ["f1", "f2"]
    assert ids(ds.flows_where(destination="GEO")) == ["f2"]
    assert ids(ds.flows_where(destination=Place("KAZ"))) == ["f1"]
    assert ids(ds.flows_where(destination=Place("KAZ", name="Almaty"))) == []
    assert ids(ds.flows_where(cause="decree")) == ["f1", "f2"]
    assert ids(ds.flows_where(start=date(2022, 9, 24))) == ["f2", "f3"]
    assert ids(ds.flows_where(end=date(2022, 9, 22))) == ["f1", "f3"]
    assert ids(ds.flows_where(start=date(2022, 9, 22), end=date(2022, 9, 24))) == ["f3"]
    assert ids(ds.flows_where(metric=Metric.ARRIVALS)) == ["f3"]
    assert ids(ds.flows_where(category=PopulationCategory.REFUGEES)) == ["f3"]
    assert ids(ds.flows_where(origin="RUS", destination="GEO", cause="decree")) == ["f2"]


def test_stocks_where() -> None:
    s1 = stock("s1", as_of=date(2022, 12, 31))
    s2 = stock("s2", place="TUR", as_of=date(2023, 12, 31), population=Population(PopulationCategory.IDPS))
    ds = Dataset(stocks=[s1, s2])
    assert [s.id for s in ds.stocks_where(place="TUR")] == ["s2"]
    assert [s.id for s in ds.stocks_where(start=date(2023, 1, 1))] == ["s2"]
    assert [s.id for s in ds.stocks_where(end=date(2023, 1, 1))] == ["s1"]
    assert [s.id for s in ds.stocks_where(category=PopulationCategory.REFUGEES)] == ["s1"]
