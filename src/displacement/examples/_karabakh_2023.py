"""The September 2023 exodus from Nagorno-Karabakh to Armenia, as a new user would model it.

Round, widely published figures only, each with its source (no URLs: the sources are named by
who published them and when):

- **Fuel depot explosion** (25 September 2023, near Stepanakert): more than 170 killed, the toll
  the de facto authorities of Nagorno-Karabakh gave at the end of September 2023, as widely
  reported by the international press.
- **Armenia's government**: about 100,600 "forcibly displaced persons" from Nagorno-Karabakh had
  arrived by the start of October 2023 (its figure then was 100,617). Category ``OTHERS`` with the
  government's own words as the description.
- **UNHCR**: over 100,000 refugees had arrived in Armenia (UNHCR, the UN Refugee Agency, early
  October 2023). Category ``REFUGEES``.

The last two count **the same people** under two framings. The dataset holds both faithfully,
each with its own source: telling the reader that they may be one count is the work of duplicate
detection, not of the record. Dates: the military operation on 19 September 2023, the ceasefire
on 20 September, the blockade of the Lachin corridor from 12 December 2022 until the corridor
opened to departures on 24 September 2023, the day the first people arrived in Armenia.
"""

from __future__ import annotations

import functools
from datetime import date

from ..actor import Actor, ActorKind
from ..count import Count, Qualifier
from ..dataset import Dataset
from ..event import CauseKind, Event, EventKind, Figure, Measure, Participation
from ..flow import Flow, Metric, Movement, Population, PopulationCategory
from ..period import Period
from ..place import Place
from ..source import Attribution, Source, SourceKind

__all__ = ["karabakh_2023"]

ARMENIA_REPORT = "arm-gov-2023-10"
UNHCR_REPORT = "unhcr-2023-10"
TOLL_REPORT = "nk-authorities-2023-09"
OPERATION = "aze-military-operation-2023-09-19"
CEASEFIRE = "ceasefire-2023-09-20"
BLOCKADE = "lachin-corridor-blockade"
EXPLOSION = "fuel-depot-explosion-2023-09-25"

KARABAKH = Place("AZE", name="Nagorno-Karabakh")
"""Where people left: a named area of Azerbaijan."""
LACHIN = Place("AZE", name="Lachin corridor")
"""The road from Nagorno-Karabakh to Armenia, the only way out."""
_EXODUS = Period(date(2023, 9, 24), date(2023, 10, 1))
"""From the first arrivals in Armenia to the start of October 2023."""


def _sources() -> tuple[Source, ...]:
    return (
        Source(
            ARMENIA_REPORT,
            SourceKind.GOVERNMENT,
            publisher="Government of Armenia",
            actor="gov-arm",
            description=(
                "The government's count of forcibly displaced persons from Nagorno-Karabakh who had "
                "arrived in Armenia (100,617 at the start of October 2023)."
            ),
        ),
        Source(
            UNHCR_REPORT,
            SourceKind.UN_AGENCY,
            publisher="UNHCR, the UN Refugee Agency",
            actor="unhcr",
            description="UNHCR's statements of early October 2023: over 100,000 refugees arrived in Armenia.",
        ),
        Source(
            TOLL_REPORT,
            SourceKind.GOVERNMENT,
            publisher="De facto authorities of Nagorno-Karabakh",
            actor="nk-authorities",
            description=(
                "The death toll of the fuel depot explosion near Stepanakert (more than 170 by the "
                "end of September 2023), as widely reported by the international press."
            ),
        ),
    )


def _actors() -> tuple[Actor, ...]:
    return (
        Actor("gov-aze", ActorKind.STATE, "Government of Azerbaijan", country="AZE"),
        Actor(
            "nk-authorities",
            ActorKind.DE_FACTO_AUTHORITY,
            "De facto authorities of Nagorno-Karabakh",
            country="AZE",
        ),
        Actor("gov-arm", ActorKind.STATE, "Government of Armenia", country="ARM"),
        Actor("unhcr", ActorKind.INTERNATIONAL_ORGANIZATION, "UNHCR, the UN Refugee Agency"),
    )


def _events() -> tuple[Event, ...]:
    return (
        Event(
            BLOCKADE,
            EventKind.BLOCKADE,
            "Blockade of the Lachin corridor",
            period=Period(date(2022, 12, 12), date(2023, 9, 24)),
            places=[LACHIN],
            participants=[Participation("gov-aze", "blocked the corridor")],
            description="From December 2022 until the corridor opened to departures on 24 September 2023.",
        ),
        Event(
            OPERATION,
            EventKind.ARMED_CONFLICT,
            "Azerbaijan's military operation in Nagorno-Karabakh",
            period=Period.day(date(2023, 9, 19)),
            places=[KARABAKH],
            participants=[
                Participation("gov-aze", "launched the operation"),
                Participation("nk-authorities", "their forces were attacked"),
            ],
        ),
        Event(
            CEASEFIRE,
            EventKind.CEASEFIRE,
            "Ceasefire: the de facto authorities agree to disarm",
            period=Period.day(date(2023, 9, 20)),
            places=[KARABAKH],
            participants=[Participation("gov-aze", "party"), Participation("nk-authorities", "party")],
            causes=[OPERATION],
        ),
        Event(
            EXPLOSION,
            EventKind.OTHER,
            "Fuel depot explosion near Stepanakert",
            period=Period.day(date(2023, 9, 25)),
            places=[Place("AZE", name="Stepanakert")],
            figures=[
                Figure(
                    "people killed in the explosion",
                    Count(170, qualifier=Qualifier.MORE_THAN),
                    attributions=[Attribution(TOLL_REPORT)],
                    measure=Measure.KILLED,
                    term="killed",
                )
            ],
            description="People queueing for fuel to leave for Armenia.",
        ),
    )


def _arrivals(flow_id: str, population: Population, count: Count, source: str, term: str) -> Flow:
    """Arrivals in Armenia from Nagorno-Karabakh through the Lachin corridor, as one source counts them."""
    return Flow(
        flow_id,
        origin=KARABAKH,
        destination=Place("ARM"),
        via=[LACHIN],
        movement=Movement.CROSS_BORDER,
        population=population,
        count=count,
        period=_EXODUS,
        metric=Metric.ARRIVALS,
        causes=[OPERATION],
        cause_kind=CauseKind.CONFLICT,
        attributions=[Attribution(source)],
        term=term,
    )


def _flows() -> tuple[Flow, ...]:
    return (
        _arrivals(
            "nk-arm-government",
            Population(PopulationCategory.OTHERS, description="forcibly displaced persons"),
            Count(100_600, qualifier=Qualifier.APPROXIMATE),
            ARMENIA_REPORT,
            "forcibly displaced persons",
        ),
        _arrivals(
            "nk-arm-unhcr",
            Population(PopulationCategory.REFUGEES),
            Count(100_000, qualifier=Qualifier.MORE_THAN),
            UNHCR_REPORT,
            "refugees",
        ),
    )


@functools.cache
def karabakh_2023() -> Dataset:
    """The 2023 Nagorno-Karabakh exodus: 3 sources, 4 actors, 4 events, 2 flows (the same people).

    Azerbaijan's military operation (19 September 2023), the ceasefire (20 September) after the
    blockade of the Lachin corridor, the fuel depot explosion (25 September, more than 170 killed),
    and the arrivals in Armenia through the Lachin corridor as the Armenian government (about
    100,600 forcibly displaced persons) and UNHCR (over 100,000 refugees) reported them: two
    reports of one movement, held as given. Records are immutable, so the same dataset is
    returned each time.
    """
    return Dataset(sources=_sources(), actors=_actors(), events=_events(), flows=_flows())
