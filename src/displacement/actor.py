"""Who acts or speaks: `Actor`, with its kind, names, country, affiliation and roles."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from . import _validate as v
from ._repr import Choice, compact_repr
from .errors import ValidationError
from .place import check_optional_country

__all__ = ["Actor", "ActorKind", "Role"]


class ActorKind(Choice):
    """What sort of actor someone is."""

    STATE = "state"
    """A state or its national government as a whole ("Moscow", "the Government of Kazakhstan")."""
    GOVERNMENT_BODY = "government_body"
    """A ministry, agency or office of a government."""
    PERSON = "person"
    INTERNATIONAL_ORGANIZATION = "international_organization"
    NGO = "ngo"
    ARMED_GROUP = "armed_group"
    DE_FACTO_AUTHORITY = "de_facto_authority"
    """An authority that governs a territory without recognition as a state (the de facto
    authorities of Nagorno-Karabakh until 2023)."""
    SECURITY_FORCES = "security_forces"
    """Police, security services, the military acting at home."""
    CIVILIANS = "civilians"
    """Civilians as a group, protesters included."""
    MEDIA = "media"
    COMPANY = "company"
    OTHER = "other"


def _check_dates(instance: Role, attribute: attrs.Attribute[Any], value: date | None) -> None:
    if value is not None and instance.start is not None and value < instance.start:
        raise v.fail(
            attribute, f"{value.isoformat()} is before the start {instance.start.isoformat()}", value
        )


@attrs.frozen
class Role:
    """A title an actor holds, optionally with the dates it held it ("President of Kazakhstan")."""

    __repr__ = compact_repr

    title: str = attrs.field(validator=v.text)
    """The title as reported."""
    start: date | None = attrs.field(default=None, kw_only=True, validator=v.date_value(date))
    """First day in the role, if known."""
    end: date | None = attrs.field(
        default=None, kw_only=True, validator=v.all_of(v.date_value(date), _check_dates)
    )
    """Last day in the role, if known (``None``: still in it, or unknown)."""


@attrs.frozen
class Actor:
    """Someone who acts or speaks: a person, a government body, an armed group, protesters...

    *affiliation* is the id of another actor this one belongs to or works for (a minister's
    government); a `Dataset` checks that it exists.

    >>> Actor("tokayev", ActorKind.PERSON, "Kassym-Jomart Tokayev", country="KAZ",
    ...       affiliation="gov-kaz", roles=[Role("President of Kazakhstan")]).roles[0].title
    'President of Kazakhstan'
    """

    __repr__ = compact_repr

    id: str = attrs.field(validator=v.text)
    """Identifier, unique within a dataset."""
    kind: ActorKind = attrs.field(validator=v.enum(ActorKind))
    """What sort of actor."""
    name: str = attrs.field(validator=v.text)
    """The usual name."""
    aliases: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=v.to_strs, validator=v.texts)
    """Other names it goes by ("Moscow" for the Government of Russia)."""
    country: str | None = attrs.field(default=None, kw_only=True, validator=check_optional_country)
    """ISO 3166-1 alpha-3 code of the country it belongs to, if any."""
    affiliation: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Id of the actor it belongs to or works for."""
    roles: tuple[Role, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_roles, validator=v.instances(Role)
    )
    """Titles it holds or held."""
    description: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Anything else worth saying."""

    def __attrs_post_init__(self) -> None:
        if self.affiliation == self.id:
            raise ValidationError.single("affiliation", "an actor cannot be affiliated to itself", self.id)
