"""The UPI article of 27 September 2022 on Russians fleeing the draft to Kazakhstan, as a Dataset.

Everything here is in the article ("Kazakhstan to shelter Russians fleeing military draft for
Ukraine war", by Patrick Hilsman); what the article leaves vague stays vague (unquantified
corridors, year precision, an open start).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta, timezone

from ..actor import Actor, ActorKind, Role
from ..count import Count, Qualifier
from ..dataset import Dataset
from ..event import Event, EventKind, Figure, Participation
from ..flow import Flow, Metric, Movement, Population, PopulationCategory
from ..period import Period
from ..place import Place
from ..source import Attribution, Source, SourceKind

__all__ = ["kazakhstan_2022"]

UPI = "upi-2022-09-27"
MINISTRY_REPORT = "kaz-interior-ministry-report"
MAXAR = "maxar-2022-09-25"
NYT = "nyt-podolyak-2022-09"
DECREE = "mobilization-decree"

_EDT = timezone(timedelta(hours=-4), "EDT")  # US Eastern daylight time on 27 September 2022
_SINCE_DECREE = Period(date(2022, 9, 21), date(2022, 9, 27), as_of=date(2022, 9, 27), open_start=True)
_BORDER_LINES = (
    "An exodus of Russian men has been reported across neighboring countries, with massive lines "
    "forming on the borders with Georgia, Finland and Mongolia."
)


def _sources() -> tuple[Source, ...]:
    return (
        Source(
            UPI,
            SourceKind.NEWS_MEDIA,
            publisher="UPI",
            authors=["Patrick Hilsman"],
            title="Kazakhstan to shelter Russians fleeing military draft for Ukraine war",
            published=datetime(2022, 9, 27, 12, 24, tzinfo=_EDT),
            section="World News",
            language="en",
        ),
        Source(
            MINISTRY_REPORT,
            SourceKind.GOVERNMENT,
            publisher="Interior Ministry of Kazakhstan",
            actor="kaz-interior-ministry",
            description="The ministry's report of 98,000 arrivals, known only through the UPI article.",
        ),
        Source(
            MAXAR,
            SourceKind.SATELLITE_IMAGERY,
            publisher="Maxar Technologies",
            published=date(2022, 9, 25),
            part_of=UPI,
            description=(
                "Satellite image of a traffic jam near Russia's border with Georgia on Sunday "
                "25 September 2022, distributed via EPA-EFE."
            ),
        ),
        Source(
            NYT,
            SourceKind.NEWS_MEDIA,
            publisher="The New York Times",
            description=(
                "Interview with Mykhailo Podolyak, 'last week' before the UPI article "
                "(about 20 to 26 September 2022)."
            ),
        ),
        Source(
            "photo-tokayev-press-office",
            SourceKind.SOCIAL_MEDIA,
            publisher="President Kassym-Jomart Tokayev's Press Office (Twitter)",
            actor="tokayev-press-office",
            part_of=UPI,
            description="Photo: Tokayev delivers a speech in the Turkestan region.",
        ),
        Source(
            "photo-shipenkov-epa",
            SourceKind.NEWS_MEDIA,
            publisher="EPA-EFE",
            authors=["Maxim Shipenkov"],
            part_of=UPI,
            description=(
                "Photo: Russian policemen detain a person taking part in an unauthorized protest "
                "against the partial mobilization, downtown Moscow, Saturday 24 September 2022."
            ),
        ),
        Source(
            "photo-kremlin-pool",
            SourceKind.GOVERNMENT,
            publisher="Kremlin Pool",
            part_of=UPI,
            description="Photo: Russian President Vladimir Putin.",
        ),
    )


def _actors() -> tuple[Actor, ...]:
    return (
        Actor("gov-kaz", ActorKind.STATE, "Government of Kazakhstan", country="KAZ"),
        Actor(
            "gov-rus",
            ActorKind.STATE,
            "Government of Russia",
            aliases=["Moscow", "Russian government"],
            country="RUS",
        ),
        Actor(
            "gov-ukr",
            ActorKind.STATE,
            "Government of Ukraine",
            aliases=["Ukrainian government"],
            country="UKR",
        ),
        Actor(
            "tokayev",
            ActorKind.PERSON,
            "Kassym-Jomart Tokayev",
            country="KAZ",
            affiliation="gov-kaz",
            roles=[Role("President of Kazakhstan")],
        ),
        Actor(
            "tokayev-press-office",
            ActorKind.GOVERNMENT_BODY,
            "Press Office of the President of Kazakhstan",
            country="KAZ",
            affiliation="gov-kaz",
        ),
        Actor(
            "putin",
            ActorKind.PERSON,
            "Vladimir Putin",
            country="RUS",
            affiliation="gov-rus",
            roles=[Role("President of Russia")],
        ),
        Actor(
            "kaz-interior-ministry",
            ActorKind.GOVERNMENT_BODY,
            "Interior Ministry of Kazakhstan",
            country="KAZ",
            affiliation="gov-kaz",
        ),
        Actor(
            "podolyak",
            ActorKind.PERSON,
            "Mykhailo Podolyak",
            country="UKR",
            affiliation="gov-ukr",
            roles=[Role("Adviser to the President of Ukraine")],
        ),
        Actor(
            "rus-security-services",
            ActorKind.SECURITY_FORCES,
            "Russian security services and police",
            country="RUS",
            affiliation="gov-rus",
        ),
        Actor(
            "protesters-russia",
            ActorKind.CIVILIANS,
            "Anti-mobilization protesters in Russia",
            country="RUS",
        ),
        Actor(
            "protesters-dagestan",
            ActorKind.CIVILIANS,
            "Anti-mobilization protesters in Dagestan",
            country="RUS",
        ),
    )


def _events() -> tuple[Event, ...]:
    since_decree = Period(date(2022, 9, 21), None, as_of=date(2022, 9, 27), open_start=True)
    return (
        Event(
            "invasion-of-ukraine",
            EventKind.ARMED_CONFLICT,
            "Russia's full-scale invasion of Ukraine",
            period=Period(date(2022, 2, 24), None),
            places=[Place("RUS"), Place("UKR")],
            participants=[Participation("gov-rus", "invader"), Participation("gov-ukr", "defender")],
            attributions=[Attribution(UPI, excerpt="the Feb. 24 full-scale invasion of Ukraine")],
        ),
        Event(
            DECREE,
            EventKind.MOBILIZATION,
            "Partial mobilization decree",
            period=Period.day(date(2022, 9, 21)),
            places=[Place("RUS")],
            participants=[
                Participation("putin", "announced it in a televised address and signed the decree"),
                Participation("gov-rus", "mobilizing authority"),
            ],
            causes=["invasion-of-ukraine"],
            attributions=[
                Attribution(
                    UPI,
                    excerpt='Russian President Vladimir Putin announced a "partial mobilization" on Sept. 21.',
                )
            ],
            description="Conscription of civilians to fight the war in Ukraine; the invasion is its context.",
        ),
        Event(
            "anti-mobilization-protests",
            EventKind.PROTEST,
            "Anti-mobilization protests across Russia",
            period=since_decree,
            places=[Place("RUS")],
            participants=[
                Participation("protesters-russia", "protesters"),
                Participation("rus-security-services", "arrested protesters"),
            ],
            causes=[DECREE],
            figures=[
                Figure(
                    "anti-mobilization protesters arrested",
                    Count(2000, qualifier=Qualifier.AT_LEAST),
                    attributions=[
                        Attribution(
                            UPI,
                            excerpt=(
                                "thousands of anti-mobilization protesters arrested by security "
                                "services since the announcement of partial mobilization"
                            ),
                        )
                    ],
                )
            ],
            attributions=[Attribution(UPI, excerpt="Unrest has been reported across the Russian Federation")],
        ),
        Event(
            "dagestan-clashes",
            EventKind.VIOLENT_CLASH,
            "Protests in Dagestan escalate into clashes with police",
            period=since_decree,
            places=[Place("RUS", subdivision="RU-DA", name="Dagestan")],
            participants=[
                Participation("protesters-dagestan", "protesters"),
                Participation(
                    "rus-security-services", "fired automatic weapons in the air to disperse protesters"
                ),
            ],
            causes=[DECREE],
            attributions=[
                Attribution(
                    UPI,
                    excerpt=(
                        "The majority-Muslim republic of Dagestan, Russia, has seen particularly "
                        "intense protests, which have escalated into clashes with police"
                    ),
                )
            ],
            description="Part of the anti-mobilization protests; a protest turned violent clash.",
        ),
        Event(
            "tokayev-speech",
            EventKind.POLICY_ANNOUNCEMENT,
            "Tokayev says Kazakhstan will take in and protect Russians fleeing the draft",
            period=Period.day(date(2022, 9, 27)),
            places=[Place("KAZ", subdivision="KZ-61", name="Turkestan region")],
            participants=[Participation("tokayev", "announced the policy in a speech")],
            attributions=[
                Attribution(
                    UPI,
                    attributed_to=["tokayev"],
                    excerpt=(
                        "Recently we've had many people from Russia coming here. Most of them are "
                        "forced to leave because of the hopeless situation. We must take care of "
                        "them and ensure their safety"
                    ),
                )
            ],
            description="The article's 'Tuesday' is its own date, 27 September 2022.",
        ),
        Event(
            "russian-troops-to-kazakhstan",
            EventKind.MILITARY_DEPLOYMENT,
            "Moscow sends troops to help quell unrest against Tokayev's government",
            period=Period.year(2022),
            places=[Place("KAZ")],
            participants=[
                Participation("gov-rus", "sent troops"),
                Participation("gov-kaz", "government the troops supported"),
            ],
            attributions=[
                Attribution(
                    UPI,
                    excerpt=(
                        "sending troops to help quell internal dissent against Tokayev's "
                        "government earlier this year"
                    ),
                )
            ],
            description="January 2022; the article says only 'earlier this year', so year precision.",
        ),
    )


def _flows() -> tuple[Flow, ...]:
    fleeing = Population(
        PopulationCategory.OTHERS,
        nationality="RUS",
        description="Russians, mostly men, leaving Russia to avoid the military draft",
    )
    f1 = Flow(
        "f1-rus-kaz",
        origin=Place("RUS"),
        destination=Place("KAZ"),
        movement=Movement.CROSS_BORDER,
        population=fleeing,
        count=Count(98000),
        period=_SINCE_DECREE,
        metric=Metric.CROSSINGS,
        causes=[DECREE],
        attributions=[
            Attribution(
                UPI,
                attributed_to=[MINISTRY_REPORT],
                excerpt=(
                    "The Interior Ministry of Kazakhstan has reported that 98,000 Russians have "
                    "crossed into the Central Asian nation since Russian President Vladimir Putin "
                    'announced a "partial mobilization" on Sept. 21.'
                ),
            )
        ],
        term="have crossed into",
    )
    unquantified = []
    for country, key, extra in (
        ("GEO", "f2-rus-geo", True),
        ("FIN", "f3-rus-fin", False),
        ("MNG", "f4-rus-mng", False),
    ):
        attributions = [Attribution(UPI, excerpt=_BORDER_LINES)]
        if extra:
            attributions.append(
                Attribution(
                    MAXAR,
                    excerpt=(
                        "A satellite image made available by Maxar Technologies shows a traffic "
                        "jam near Russia's border with Georgia on Sunday"
                    ),
                )
            )
        unquantified.append(
            Flow(
                key,
                origin=Place("RUS"),
                destination=Place(country),
                movement=Movement.CROSS_BORDER,
                population=fleeing,
                count=None,
                period=_SINCE_DECREE,
                metric=Metric.CROSSINGS,
                causes=[DECREE],
                attributions=attributions,
                term="massive lines forming on the borders",
            )
        )
    return (f1, *unquantified)


@functools.cache
def kazakhstan_2022() -> Dataset:
    """The UPI article of 27 September 2022 as a dataset: 7 sources, 11 actors, 6 events, 4 flows.

    Russians crossing into Kazakhstan after Russia's partial mobilization: 98,000 reported by
    Kazakhstan's Interior Ministry via UPI, and three corridors (Georgia, Finland, Mongolia)
    reported without a number. Records are immutable, so the same dataset is returned each time.
    """
    return Dataset(sources=_sources(), actors=_actors(), events=_events(), flows=_flows())
