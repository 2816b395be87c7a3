"""Sources, attributions, actors, events, populations, flows and stocks: rules and behaviour."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from displacement import (
    Actor,
    ActorKind,
    Attribution,
    Cohort,
    Count,
    DisplacementError,
    Event,
    EventKind,
    Figure,
    Flow,
    Hazard,
    Metric,
    Movement,
    Participation,
    Period,
    Place,
    Population,
    PopulationCategory,
    Qualifier,
    Reliability,
    Role,
    Sex,
    Source,
    SourceKind,
    Stock,
    UnitError,
    ValidationError,
)

SEPT = Period(date(2022, 9, 21), date(2022, 9, 27))
PEOPLE = Population(PopulationCategory.OTHERS, nationality="RUS")


def path_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    [d] = exc.value.errors
    return d.path


def flow(**changes: Any) -> Flow:
    fields: dict[str, Any] = {
        "origin": Place("RUS"),
        "destination": Place("KAZ"),
        "movement": Movement.CROSS_BORDER,
        "population": PEOPLE,
        "count": Count(98000),
        "period": SEPT,
        "metric": Metric.CROSSINGS,
    }
    fields.update(changes)
    return Flow(fields.pop("id", "f1"), **fields)


def rejects(build: Any, path: str) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        build()
    assert path_of(exc) == path, exc.value
    return exc.value


class TestSource:
    def test_full(self) -> None:
        s = Source(
            "upi",
            SourceKind.NEWS_MEDIA,
            publisher="UPI",
            authors=["Patrick Hilsman"],
            title="Kazakhstan to shelter Russians",
            url="https://www.upi.com/",
            published=datetime(2022, 9, 27, 16, 24, tzinfo=UTC),
            accessed=date(2026, 1, 1),
            language="en",
            reliability=Reliability.MEDIUM_TO_HIGH,
        )
        assert s.authors == ("Patrick Hilsman",)
        assert Source("x", SourceKind.DATASET, published=date(2024, 1, 1), language="kaz").language == "kaz"

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"id": ""}, "id"),
            ({"id": 3}, "id"),
            ({"kind": "news_media"}, "kind"),
            ({"language": "english"}, "language"),
            ({"language": "xx"}, "language"),
            ({"language": 5}, "language"),
            ({"url": "www.upi.com"}, "url"),
            ({"url": "https://a b"}, "url"),
            ({"published": "2022-09-27"}, "published"),
            ({"published": datetime(2022, 9, 27, tzinfo=timezone(timedelta(seconds=30)))}, "published"),
            ({"accessed": datetime(2022, 9, 27)}, "accessed"),
            ({"reliability": "high"}, "reliability"),
            ({"authors": "Patrick Hilsman"}, "authors"),
            ({"authors": ["ok", ""]}, "authors[1]"),
            ({"part_of": "s"}, "part_of"),
            ({"publisher": ""}, "publisher"),
        ],
    )
    def test_rules(self, changes: dict[str, Any], path: str) -> None:
        fields: dict[str, Any] = {"id": "s", "kind": SourceKind.NEWS_MEDIA}
        fields.update(changes)
        rejects(lambda: Source(fields.pop("id"), fields.pop("kind"), **fields), path)


class TestAttribution:
    def test_chain(self) -> None:
        a = Attribution("upi", attributed_to=["mvd-report", "minister"], excerpt="98,000")
        assert a.chain == ("upi", "mvd-report", "minister")
        assert a.original == "minister"
        assert Attribution("upi").original == "upi"

    def test_rules(self) -> None:
        rejects(lambda: Attribution(""), "source")
        rejects(lambda: Attribution("upi", attributed_to="mvd"), "attributed_to")
        rejects(lambda: Attribution("upi", attributed_to=["mvd", 4]), "attributed_to[1]")
        rejects(lambda: Attribution("upi", excerpt=""), "excerpt")

    def test_a_chain_does_not_repeat(self) -> None:
        rejects(lambda: Attribution("upi", attributed_to=["upi"]), "attributed_to[0]")
        rejects(lambda: Attribution("upi", attributed_to=["a", "b", "a"]), "attributed_to[2]")


class TestActor:
    def test_full(self) -> None:
        a = Actor(
            "tokayev",
            ActorKind.PERSON,
            "Kassym-Jomart Tokayev",
            aliases=["Tokayev"],
            country="KAZ",
            affiliation="gov-kaz",
            roles=[Role("President of Kazakhstan", start=date(2019, 3, 20))],
        )
        assert a.roles[0].start == date(2019, 3, 20)

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"id": " "}, "id"),
            ({"kind": "person"}, "kind"),
            ({"name": None}, "name"),
            ({"country": "KZA"}, "country"),
            ({"aliases": ["x", None]}, "aliases[1]"),
            ({"affiliation": "a"}, "affiliation"),
            ({"roles": ["President"]}, "roles[0]"),
            ({"roles": "President"}, "roles"),
        ],
    )
    def test_rules(self, changes: dict[str, Any], path: str) -> None:
        fields: dict[str, Any] = {"id": "a", "kind": ActorKind.PERSON, "name": "A"}
        fields.update(changes)
        rejects(lambda: Actor(fields.pop("id"), fields.pop("kind"), fields.pop("name"), **fields), path)

    def test_role_dates(self) -> None:
        rejects(lambda: Role("President", start=date(2020, 1, 1), end=date(2019, 1, 1)), "end")
        rejects(lambda: Role(""), "title")
        rejects(lambda: Role("x", start="2019"), "start")


class TestEvent:
    def build(self, **changes: Any) -> Event:
        fields: dict[str, Any] = {"period": Period.day(date(2022, 9, 21))}
        fields.update(changes)
        return Event(
            fields.pop("id", "e"),
            fields.pop("kind", EventKind.MOBILIZATION),
            fields.pop("name", "Decree"),
            **fields,
        )

    def test_full(self) -> None:
        e = self.build(
            places=[Place("RUS")],
            participants=[Participation("putin", "announced")],
            causes=["invasion"],
            figures=[Figure("protesters arrested", Count(2000, qualifier=Qualifier.AT_LEAST))],
            attributions=[Attribution("upi")],
        )
        assert e.figures[0].count == Count(2000, qualifier=Qualifier.AT_LEAST)
        flood = self.build(kind=EventKind.DISASTER, hazard="flood")
        assert flood.hazard == Hazard(type="Flood", subtype="Flood")

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"kind": "protest"}, "kind"),
            ({"name": ""}, "name"),
            ({"period": (date(2022, 1, 1), None)}, "period"),
            ({"places": ["RUS"]}, "places[0]"),
            ({"participants": [("putin", "announced")]}, "participants[0]"),
            ({"causes": "invasion"}, "causes"),
            ({"causes": ["e"]}, "causes"),
            ({"figures": [Count(5)]}, "figures[0]"),
            ({"attributions": ["upi"]}, "attributions[0]"),
            ({"hazard": "flood"}, "hazard"),
            ({"kind": EventKind.DISASTER, "hazard": ""}, "hazard"),
        ],
    )
    def test_rules(self, changes: dict[str, Any], path: str) -> None:
        rejects(lambda: self.build(**changes), path)

    def test_participation_and_figure_rules(self) -> None:
        rejects(lambda: Participation("", "x"), "actor")
        rejects(lambda: Participation("a", ""), "role")
        rejects(lambda: Figure("", None), "description")
        rejects(lambda: Figure("arrested", 2000), "count")
        assert Figure("arrested", None).count is None


class TestPopulation:
    def test_cohorts(self) -> None:
        p = Population(
            PopulationCategory.REFUGEES,
            nationality="XXA",
            cohorts=[Cohort(Sex.FEMALE, 0, 4, Count(10)), Cohort(None, 60, None, Count(3))],
        )
        assert p.cohorts[1].min_age == 60

    @pytest.mark.parametrize(
        ("build", "path"),
        [
            (lambda: Population("refugees"), "category"),
            (lambda: Population(PopulationCategory.IDPS, nationality="ZZZ"), "nationality"),
            (lambda: Population(PopulationCategory.IDPS, cohorts=[Count(1)]), "cohorts[0]"),
            (lambda: Cohort("female", 0, 4, Count(1)), "sex"),
            (lambda: Cohort(Sex.MALE, -1, 4, Count(1)), "min_age"),
            (lambda: Cohort(Sex.MALE, 0, 151, Count(1)), "max_age"),
            (lambda: Cohort(Sex.MALE, 0, 4.5, Count(1)), "max_age"),
            (lambda: Cohort(Sex.MALE, True, 4, Count(1)), "min_age"),
            (lambda: Cohort(Sex.MALE, 18, 5, Count(1)), "max_age"),
            (lambda: Cohort(Sex.MALE, 0, 4, 10), "count"),
        ],
    )
    def test_rules(self, build: Any, path: str) -> None:
        rejects(build, path)


class TestFlow:
    def test_unquantified_is_not_zero(self) -> None:
        assert flow(count=None).count is None
        assert flow(count=None) != flow(count=Count(0))

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"id": ""}, "id"),
            ({"origin": "RUS"}, "origin"),
            ({"destination": "KAZ"}, "destination"),
            ({"movement": "cross_border"}, "movement"),
            ({"metric": "crossings"}, "metric"),
            ({"population": PopulationCategory.OTHERS}, "population"),
            ({"count": 98000}, "count"),
            ({"period": None}, "period"),
            ({"causes": [""]}, "causes[0]"),
            ({"attributions": [Count(1)]}, "attributions[0]"),
            ({"term": ""}, "term"),
        ],
    )
    def test_rules(self, changes: dict[str, Any], path: str) -> None:
        rejects(lambda: flow(**changes), path)

    def test_internal_movement_stays_in_one_country(self) -> None:
        assert (
            flow(movement=Movement.INTERNAL, destination=Place("RUS", subdivision="RU-DA")).movement
            is Movement.INTERNAL
        )
        err = rejects(lambda: flow(movement=Movement.INTERNAL), "destination")
        assert "from RUS to KAZ" in str(err)
        # unknown places cannot contradict an internal movement
        assert flow(movement=Movement.INTERNAL, origin=Place("UNK")).origin.is_special

    def test_rate_exact_period(self) -> None:
        f = flow(count=Count(7000), period=Period(date(2022, 9, 21), date(2022, 9, 27)))
        assert f.rate() == Count(1000.0, "person / day")
        assert f.rate("week") == Count(7000.0, "person / week")

    def test_rate_open_start_is_a_range(self) -> None:
        f = flow(period=Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True))
        rate = f.rate("day")
        assert rate.qualifier is Qualifier.RANGE
        assert rate.unit == "person / day"
        assert rate.magnitude == pytest.approx(14000)
        assert rate.upper_magnitude == pytest.approx(98000 / 6)

    @pytest.mark.parametrize(
        ("count", "expected"),
        [
            (Count(700, qualifier=Qualifier.MORE_THAN), Count(100.0, "person / day", Qualifier.MORE_THAN)),
            (Count(600, qualifier=Qualifier.AT_MOST), Count(100.0, "person / day", Qualifier.AT_MOST)),
            (
                Count(700, qualifier=Qualifier.APPROXIMATE),
                Count(100.0, "person / day", Qualifier.RANGE, upper=700 / 6),
            ),
            (
                Count(700, qualifier=Qualifier.RANGE, upper=1200),
                Count(100.0, "person / day", Qualifier.RANGE, upper=200.0),
            ),
        ],
    )
    def test_rate_keeps_bounds(self, count: Count, expected: Count) -> None:
        period = Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True)
        assert flow(count=count, period=period).rate() == expected

    def test_rate_of_households(self) -> None:
        assert flow(count=Count(70, "household")).rate() == Count(10.0, "household / day")

    def test_no_rate_without_a_number_or_an_end(self) -> None:
        with pytest.raises(DisplacementError, match="unquantified"):
            flow(count=None).rate()
        with pytest.raises(DisplacementError, match="open period"):
            flow(period=Period(date(2022, 9, 21), None)).rate()
        with pytest.raises(UnitError, match="not a unit of time"):
            flow().rate("metre")
        with pytest.raises(UnitError, match="not a unit of time"):
            flow().rate("fortnights of nonsense")
        with pytest.raises(UnitError, match="already counts a rate"):
            flow(count=Count(5, "person / day")).rate()


class TestStock:
    def test_stock(self) -> None:
        s = Stock(
            "s",
            place=Place("TUR"),
            population=Population(PopulationCategory.REFUGEES),
            count=Count(3e6),
            as_of=date(2024, 12, 31),
        )
        assert s.as_of == date(2024, 12, 31)

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"as_of": None}, "as_of"),
            ({"as_of": datetime(2024, 12, 31)}, "as_of"),
            ({"place": "TUR"}, "place"),
            ({"count": -1}, "count"),
            ({"population": None}, "population"),
        ],
    )
    def test_rules(self, changes: dict[str, Any], path: str) -> None:
        fields: dict[str, Any] = {
            "place": Place("TUR"),
            "population": Population(PopulationCategory.REFUGEES),
            "count": None,
            "as_of": date(2024, 12, 31),
        }
        fields.update(changes)
        rejects(lambda: Stock("s", **fields), path)


@pytest.mark.parametrize(
    "cls", [Source, Attribution, Actor, Role, Event, Participation, Figure, Population, Cohort, Flow, Stock]
)
def test_records_are_frozen_slotted_attrs_classes(cls: type) -> None:
    assert attrs.has(cls)
    assert "__slots__" in cls.__dict__
    assert cls.__setattr__ is not object.__setattr__


def test_records_hash_by_value() -> None:
    assert hash(flow()) == hash(flow())
    assert len({flow(), flow(), flow(id="f2")}) == 2
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        flow().id = "x"  # type: ignore[misc]


def test_repr_is_short_and_evaluates_back() -> None:
    import datetime

    import displacement

    namespace = {name: getattr(displacement, name) for name in displacement.__all__}
    namespace["datetime"] = datetime
    ds = displacement.examples.kazakhstan_2022()
    for record in (*ds.sources, *ds.actors, *ds.events, *ds.flows):
        assert eval(repr(record), namespace) == record
    assert repr(Attribution("upi")) == "Attribution('upi')"
    assert repr(Source("upi", SourceKind.NEWS_MEDIA, publisher="UPI")) == (
        "Source('upi', SourceKind.NEWS_MEDIA, publisher='UPI')"
    )
    assert repr(Cohort(Sex.FEMALE, 0, 4, Count(3))) == "Cohort(Sex.FEMALE, 0, 4, Count(3))"


def test_a_huge_age_is_refused_with_a_short_message() -> None:
    # repr() of an int of over 4,300 digits raises a bare ValueError; the message describes it
    from displacement import Cohort

    with pytest.raises(
        ValidationError, match=r"a number of about 5,001 digits \(int\) is not an age"
    ) as info:
        Cohort(None, 10**5000, None, Count(5))
    assert len(str(info.value)) < 200


def test_the_karabakh_kinds_exist_and_round_trip() -> None:
    """A ceasefire, a blockade and a de facto authority are kinds of their own, not OTHER."""
    from displacement import Actor, ActorKind, Dataset, Event, EventKind, Period
    from displacement.io import json as djson

    ds = Dataset(
        actors=[
            Actor("nk-authorities", ActorKind.DE_FACTO_AUTHORITY, "De facto authorities of Nagorno-Karabakh")
        ],
        events=[
            Event("lachin-blockade", EventKind.BLOCKADE, "Blockade of the Lachin corridor", period=Period()),
            Event("ceasefire-2023", EventKind.CEASEFIRE, "Ceasefire of 20 September 2023", period=Period()),
        ],
    )
    back = djson.loads(djson.dumps(ds))
    assert back == ds
    assert [e.kind.value for e in back.events] == ["blockade", "ceasefire"]
    assert back.actors[0].kind is ActorKind.DE_FACTO_AUTHORITY
