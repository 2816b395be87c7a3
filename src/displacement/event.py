"""What happened: `Event`, with its kind, period, places, participants, causes and figures.

A `Figure` says what it counts with a `Measure` (killed, homes destroyed, evacuated...) and keeps
the source's own words beside it (`Figure.term`): the term is evidence, the measure the reading
of it. A disaster's hazard is a `Hazard` of IDMC's classification, and every event may say
whether the displacement it drives is conflict, disaster or other (`CauseKind`), as IDMC does.
"""

from __future__ import annotations

from typing import Any

import attrs

from . import _validate as v
from ._repr import Choice, compact_repr
from .count import Count
from .errors import ValidationError
from .hazard import Hazard, to_hazard
from .period import Period
from .place import Place
from .source import Attribution

__all__ = ["CauseKind", "Event", "EventKind", "Figure", "Measure", "Participation"]


class EventKind(Choice):
    """What sort of event drives (or frames) displacement."""

    ARMED_CONFLICT = "armed_conflict"
    MOBILIZATION = "mobilization"
    """Mobilization or conscription."""
    POLICY_ANNOUNCEMENT = "policy_announcement"
    BORDER_CLOSURE = "border_closure"
    BORDER_OPENING = "border_opening"
    PROTEST = "protest"
    VIOLENT_CLASH = "violent_clash"
    ARREST = "arrest"
    """Arrests or a crackdown."""
    MILITARY_DEPLOYMENT = "military_deployment"
    """Troops sent somewhere, for example to quell unrest."""
    DISASTER = "disaster"
    """A disaster; `Event.hazard` names its hazard."""
    EVACUATION_ORDER = "evacuation_order"
    CEASEFIRE = "ceasefire"
    """A ceasefire or an agreement between parties (the Nagorno-Karabakh ceasefire of 20
    September 2023)."""
    BLOCKADE = "blockade"
    """A blockade or siege: a route or an area cut off (the Lachin corridor, 2022-2023)."""
    OTHER = "other"


class CauseKind(Choice):
    """What drives a displacement, as IDMC records it for every figure: conflict, disaster or other."""

    CONFLICT = "conflict"
    """Conflict and violence: war, communal violence, crime, repression."""
    DISASTER = "disaster"
    """A disaster, sudden or slow (floods, storms, drought, earthquakes...)."""
    OTHER = "other"
    """Anything else: development projects, evictions, technological accidents."""


_CAUSE_OF_KIND: dict[EventKind, CauseKind] = {
    EventKind.DISASTER: CauseKind.DISASTER,
    EventKind.ARMED_CONFLICT: CauseKind.CONFLICT,
    EventKind.VIOLENT_CLASH: CauseKind.CONFLICT,
}
"""The cause kind an event kind implies; an event of another kind says its own, or none."""


class Measure(Choice):
    """What a figure counts: people moved, people harmed, homes lost, people arrested.

    The vocabulary of IDMC's figure categories and terms, read one way: the source's own words
    stay in `Figure.term` (`Measure.of_term` reads the common ones).
    """

    NEW_DISPLACEMENTS = "new_displacements"
    """Movements of people forced from their homes in the period (one person may move twice)."""
    DISPLACED = "displaced"
    """People displaced at a date: present, not moving."""
    RETURNS = "returns"
    """People going back home."""
    EVACUATED = "evacuated"
    """People evacuated, before or during a hazard or attack."""
    RELOCATED = "relocated"
    """People moved elsewhere by the authorities, for good or for long."""
    SHELTERED = "sheltered"
    """People in shelters, relief camps or collective centres."""
    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    HOMES_DESTROYED = "homes_destroyed"
    """Homes destroyed or uninhabitable; a home counts as the household that lived in it."""
    HOMES_DAMAGED = "homes_damaged"
    """Homes damaged (partly destroyed) but standing; counted in households, like destroyed ones."""
    ARRESTED = "arrested"
    """People arrested or detained."""
    AFFECTED = "affected"
    """People affected in any way (a wide figure: never a count of displaced people)."""

    @property
    def unit(self) -> str | None:
        """The unit a count of this measure must be in, or ``None`` when persons and households both do.

        People harmed or arrested are persons; homes are households (IDMC reads a destroyed home
        as one household displaced).

        >>> Measure.KILLED.unit, Measure.HOMES_DESTROYED.unit, Measure.EVACUATED.unit
        ('person', 'household', None)
        """
        if self in (Measure.HOMES_DESTROYED, Measure.HOMES_DAMAGED):
            return "household"
        if self in (Measure.KILLED, Measure.INJURED, Measure.MISSING, Measure.ARRESTED):
            return "person"
        return None

    @classmethod
    def of_term(cls, term: str) -> Measure | None:
        """The measure a source's term reads as (`TERMS`), or ``None`` for a term not known.

        >>> Measure.of_term("In relief camp"), Measure.of_term("destroyed housing")
        (Measure.SHELTERED, Measure.HOMES_DESTROYED)
        >>> Measure.of_term("counted") is None
        True
        """
        if not isinstance(term, str):
            raise ValidationError.single(
                "term", f"expected a source's term (a string), got {v.show(term)}", term
            )
        return TERMS.get(" ".join(term.casefold().split()))


TERMS: dict[str, Measure] = {
    "displaced": Measure.NEW_DISPLACEMENTS,
    "displacements": Measure.NEW_DISPLACEMENTS,
    "new displacements": Measure.NEW_DISPLACEMENTS,
    "forced to flee": Measure.NEW_DISPLACEMENTS,
    "fled": Measure.NEW_DISPLACEMENTS,
    "idps": Measure.DISPLACED,
    "internally displaced": Measure.DISPLACED,
    "homeless": Measure.DISPLACED,
    "returns": Measure.RETURNS,
    "returned": Measure.RETURNS,
    "evacuated": Measure.EVACUATED,
    "evacuations": Measure.EVACUATED,
    "relocated": Measure.RELOCATED,
    "relocation": Measure.RELOCATED,
    "sheltered": Measure.SHELTERED,
    "in relief camp": Measure.SHELTERED,
    "in relief camps": Measure.SHELTERED,
    "in shelters": Measure.SHELTERED,
    "killed": Measure.KILLED,
    "dead": Measure.KILLED,
    "deaths": Measure.KILLED,
    "injured": Measure.INJURED,
    "wounded": Measure.INJURED,
    "missing": Measure.MISSING,
    "destroyed housing": Measure.HOMES_DESTROYED,
    "homes destroyed": Measure.HOMES_DESTROYED,
    "houses destroyed": Measure.HOMES_DESTROYED,
    "uninhabitable housing": Measure.HOMES_DESTROYED,
    "partially destroyed housing": Measure.HOMES_DAMAGED,
    "damaged housing": Measure.HOMES_DAMAGED,
    "homes damaged": Measure.HOMES_DAMAGED,
    "houses damaged": Measure.HOMES_DAMAGED,
    "arrested": Measure.ARRESTED,
    "detained": Measure.ARRESTED,
    "affected": Measure.AFFECTED,
}
"""Terms sources use (IDMC's among them), lower case, and the `Measure` each reads as."""


@attrs.frozen
class Participation:
    """An actor taking part in an event, in a role described in words ("announced", "arrested")."""

    __repr__ = compact_repr

    actor: str = attrs.field(validator=v.text)
    """Id of the actor."""
    role: str = attrs.field(validator=v.text)
    """What the actor did or suffered in the event."""


def _check_measure(instance: Figure, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    v.enum(Measure)(instance, attribute, value)
    unit = value.unit
    count = instance.count
    if unit is not None and count is not None and count.counts != unit:
        raise v.fail(
            attribute,
            f"{value.value} is counted in {unit}s, but the count is in {count.counts}s ({count})",
            value,
        )


@attrs.frozen
class Figure:
    """A number reported about an event that is not a movement of people ("2,000 arrested").

    *count* is ``None`` when the figure is reported without a number. *measure* says what it
    counts, *term* keeps the source's words for it:

    >>> from displacement import Qualifier
    >>> toll = Figure("killed in the fuel depot explosion", Count(170, qualifier=Qualifier.MORE_THAN),
    ...               measure=Measure.KILLED, term="killed")
    >>> print(toll.count)
    more than 170 people
    """

    __repr__ = compact_repr

    description: str = attrs.field(validator=v.text)
    """What is counted ("anti-mobilization protesters arrested")."""
    count: Count | None = attrs.field(validator=v.instance(Count, optional=True))
    """How many, or ``None`` when unquantified."""
    attributions: tuple[Attribution, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_attributions, validator=v.instances(Attribution)
    )
    """Who reports it."""
    measure: Measure | None = attrs.field(default=None, kw_only=True, validator=_check_measure)
    """What it counts, or ``None`` when not said."""
    term: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """The source's own words for what it counts ("killed", "in relief camp")."""


def _check_hazard(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance(Hazard, optional=True)(instance, attribute, value)
    if value is not None and instance.kind is not EventKind.DISASTER:
        raise v.fail(attribute, f"only a disaster has a hazard; kind is {instance.kind.value!r}", value)


def _check_cause_kind(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    v.enum(CauseKind)(instance, attribute, value)
    implied = _CAUSE_OF_KIND.get(instance.kind)
    if implied is not None and value is not implied:
        raise v.fail(
            attribute,
            f"an event of kind {instance.kind.value!r} drives {implied.value} displacement, not {value.value}",
            value,
        )


@attrs.frozen
class Event:
    """Something that happened: a decree, a war, a protest, a flood.

    *causes* are ids of events that led to this one (a `Dataset` checks they exist).
    """

    __repr__ = compact_repr

    id: str = attrs.field(validator=v.text)
    """Identifier, unique within a dataset."""
    kind: EventKind = attrs.field(validator=v.enum(EventKind))
    """What sort of event."""
    name: str = attrs.field(validator=v.text)
    """A short name ("Partial mobilization decree")."""
    period: Period = attrs.field(kw_only=True, validator=v.instance(Period))
    """When it happened."""
    places: tuple[Place, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_places, validator=v.instances(Place)
    )
    """Where it happened."""
    participants: tuple[Participation, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_participations, validator=v.instances(Participation)
    )
    """Actors taking part, with their roles."""
    causes: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=v.to_strs, validator=v.texts)
    """Ids of events that caused or framed this one."""
    figures: tuple[Figure, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_figures, validator=v.instances(Figure)
    )
    """Numbers reported about the event that are not movements of people."""
    attributions: tuple[Attribution, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_attributions, validator=v.instances(Attribution)
    )
    """Who reports it."""
    hazard: Hazard | None = attrs.field(
        default=None, kw_only=True, converter=to_hazard, validator=_check_hazard
    )
    """For a disaster, its hazard: a `Hazard`, or a name that `Hazard.parse` reads ("flood")."""
    cause_kind: CauseKind | None = attrs.field(default=None, kw_only=True, validator=_check_cause_kind)
    """Whether the displacement it drives is conflict, disaster or other. A disaster is
    `CauseKind.DISASTER` and an armed conflict or a violent clash `CauseKind.CONFLICT` without
    saying so; any other kind says it, or leaves it unknown."""
    description: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Anything else worth saying."""

    def __attrs_post_init__(self) -> None:
        if self.id in self.causes:
            raise ValidationError.single("causes", "an event cannot cause itself", self.id)
        if self.cause_kind is None and self.kind in _CAUSE_OF_KIND:
            object.__setattr__(self, "cause_kind", _CAUSE_OF_KIND[self.kind])
