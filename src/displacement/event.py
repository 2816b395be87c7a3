"""What happened: `Event`, with its kind, period, places, participants, causes and figures."""

from __future__ import annotations

from typing import Any

import attrs

from . import _validate as v
from ._repr import Choice, compact_repr
from .count import Count
from .errors import ValidationError
from .period import Period
from .place import Place
from .source import Attribution

__all__ = ["Event", "EventKind", "Figure", "Participation"]


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


@attrs.frozen
class Participation:
    """An actor taking part in an event, in a role described in words ("announced", "arrested")."""

    __repr__ = compact_repr

    actor: str = attrs.field(validator=v.text)
    """Id of the actor."""
    role: str = attrs.field(validator=v.text)
    """What the actor did or suffered in the event."""


@attrs.frozen
class Figure:
    """A number reported about an event that is not a movement of people ("2,000 arrested").

    *count* is ``None`` when the figure is reported without a number.
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


@v.accepts(v.TEXT_SCHEMA)
def _check_hazard(instance: Event, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.optional_text(instance, attribute, value)
    if value is not None and instance.kind is not EventKind.DISASTER:
        raise v.fail(attribute, f"only a disaster has a hazard; kind is {instance.kind.value!r}", value)


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
    hazard: str | None = attrs.field(default=None, kw_only=True, validator=_check_hazard)
    """For a disaster, its hazard ("flood", "earthquake")."""
    description: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Anything else worth saying."""

    def __attrs_post_init__(self) -> None:
        if self.id in self.causes:
            raise ValidationError.single("causes", "an event cannot cause itself", self.id)
