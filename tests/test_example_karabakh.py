"""The built-in Karabakh 2023 example: what a new user records of the exodus to Armenia (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest

from displacement import (
    ActorKind,
    CauseKind,
    Count,
    Dataset,
    Event,
    EventKind,
    Measure,
    Metric,
    Movement,
    Period,
    Place,
    PopulationCategory,
    Qualifier,
    Source,
    SourceKind,
    examples,
)
from displacement.io.json import dumps, loads


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return examples.karabakh_2023()


def event(ds: Dataset, event_id: str) -> Event:
    found = ds.get(event_id)
    assert isinstance(found, Event)
    return found


def source(ds: Dataset, source_id: str) -> Source:
    found = ds.get(source_id)
    assert isinstance(found, Source)
    return found


def test_small_and_the_same_each_time(ds: Dataset) -> None:
    assert examples.karabakh_2023() is ds
    assert examples.EXAMPLES["karabakh-2023"]() == ds
    assert (len(ds.sources), len(ds.actors), len(ds.events), len(ds.flows)) == (3, 4, 4, 2)


def test_the_events_have_their_kinds_and_days(ds: Dataset) -> None:
    operation = event(ds, "aze-military-operation-2023-09-19")
    assert (operation.kind, operation.cause_kind) == (EventKind.ARMED_CONFLICT, CauseKind.CONFLICT)
    assert operation.period == Period.day(date(2023, 9, 19))
    ceasefire = event(ds, "ceasefire-2023-09-20")
    assert ceasefire.kind is EventKind.CEASEFIRE
    assert ceasefire.period == Period.day(date(2023, 9, 20))
    blockade = event(ds, "lachin-corridor-blockade")
    assert blockade.kind is EventKind.BLOCKADE
    assert blockade.period == Period(date(2022, 12, 12), date(2023, 9, 24))
    assert blockade.places == (Place("AZE", name="Lachin corridor"),)


def test_the_explosion_has_a_death_toll_not_a_free_text_figure(ds: Dataset) -> None:
    explosion = event(ds, "fuel-depot-explosion-2023-09-25")
    assert explosion.period == Period.day(date(2023, 9, 25))
    [figure] = explosion.figures
    assert figure.count == Count(170, qualifier=Qualifier.MORE_THAN)
    assert (figure.measure, figure.term) == (Measure.KILLED, "killed")
    [attribution] = figure.attributions
    assert source(ds, attribution.source).publisher == "De facto authorities of Nagorno-Karabakh"


def test_actors(ds: Dataset) -> None:
    kinds = {a.id: a.kind for a in ds.actors}
    assert kinds == {
        "gov-aze": ActorKind.STATE,
        "nk-authorities": ActorKind.DE_FACTO_AUTHORITY,
        "gov-arm": ActorKind.STATE,
        "unhcr": ActorKind.INTERNATIONAL_ORGANIZATION,
    }


def test_two_framings_of_the_same_arrivals_each_with_its_own_source(ds: Dataset) -> None:
    government, unhcr = ds.flows
    for flow in ds.flows:
        assert flow.origin == Place("AZE", name="Nagorno-Karabakh")
        assert flow.destination == Place("ARM")
        assert flow.via == (Place("AZE", name="Lachin corridor"),)
        assert flow.movement is Movement.CROSS_BORDER
        assert flow.metric is Metric.ARRIVALS
        assert flow.cause_kind is CauseKind.CONFLICT
        assert flow.causes == ("aze-military-operation-2023-09-19",)
        assert flow.period == Period(date(2023, 9, 24), date(2023, 10, 1))
    assert government.population.category is PopulationCategory.OTHERS
    assert government.population.description == "forcibly displaced persons"
    assert government.count == Count(100_600, qualifier=Qualifier.APPROXIMATE)
    assert unhcr.population.category is PopulationCategory.REFUGEES
    assert unhcr.count == Count(100_000, qualifier=Qualifier.MORE_THAN)
    sources = [source(ds, f.attributions[0].source) for f in ds.flows]
    assert [(s.kind, s.actor) for s in sources] == [
        (SourceKind.GOVERNMENT, "gov-arm"),
        (SourceKind.UN_AGENCY, "unhcr"),
    ]


def test_survives_json(ds: Dataset) -> None:
    assert loads(dumps(ds)) == ds
