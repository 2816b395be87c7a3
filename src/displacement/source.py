"""Who says so: `Source` (a document or dataset) and `Attribution` (how a claim reaches us).

An attribution names the source we read and, in order, whom that source attributes the claim
to. "The Interior Ministry of Kazakhstan has reported that 98,000 Russians have crossed", read in
a UPI article, is ``Attribution("upi", attributed_to=("kaz-interior-ministry",))``: chains of any
depth are a longer tuple. Ids are resolved by a `Dataset` (each must be a source or an actor).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import attrs
import pycountry

from . import _validate as v
from ._repr import Choice, compact_repr
from .errors import ValidationError

__all__ = ["Attribution", "Reliability", "Source", "SourceKind"]


class SourceKind(Choice):
    """What sort of document or dataset a source is."""

    NEWS_MEDIA = "news_media"
    GOVERNMENT = "government"
    UN_AGENCY = "un_agency"
    NGO = "ngo"
    ACADEMIC = "academic"
    SATELLITE_IMAGERY = "satellite_imagery"
    SOCIAL_MEDIA = "social_media"
    DATASET = "dataset"
    OTHER = "other"


class Reliability(Choice):
    """How far a source is trusted, as IDMC grades it (single grades and ranges)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    LOW_TO_MEDIUM = "low_to_medium"
    LOW_TO_HIGH = "low_to_high"
    MEDIUM_TO_HIGH = "medium_to_high"


def _check_published(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, date):
        raise v.fail(attribute, f"expected a date or datetime, got {v.show(value)}", value)
    offset = value.utcoffset() if isinstance(value, datetime) else None
    if offset is not None and offset % timedelta(minutes=1):
        # ISO 8601 (and so every document format) writes offsets in hours and minutes only.
        raise v.fail(attribute, f"UTC offset {offset} is not a whole number of minutes", value)


@v.accepts({"pattern": "^[a-z]{2,3}$"})
def check_language(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of `Source.language`: ``None`` or an ISO 639-1 or 639-3 code."""
    if value is None:
        return
    if not isinstance(value, str):
        raise v.fail(attribute, f"expected an ISO 639 language code, got {v.show(value)}", value)
    found = (
        pycountry.languages.get(alpha_2=value) if len(value) == 2 else pycountry.languages.get(alpha_3=value)
    )
    if found is None:
        raise v.fail(attribute, f"{value!r} is not an ISO 639-1 or 639-3 language code (such as 'en')", value)


@v.accepts({"pattern": "^https?://[^ ]*$"})
def check_url(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of `Source.url`: ``None`` or an http(s) URL without spaces."""
    if value is None:
        return
    v.text(instance, attribute, value)
    if not value.startswith(("http://", "https://")) or " " in value:
        raise v.fail(attribute, f"{value!r} is not an http(s) URL", value)


@attrs.frozen
class Source:
    """A document or dataset that reports something: an article, a ministry statement, a table.

    *published* is a `datetime` when the time is known (timezone-aware preferred) or a `date`.
    *actor* is the id of the actor that publishes or speaks through this source (a ministry);
    *part_of* is the id of the source that contains this one (a photo inside an article).

    >>> Source("upi", SourceKind.NEWS_MEDIA, publisher="UPI", language="en").kind
    SourceKind.NEWS_MEDIA
    """

    __repr__ = compact_repr

    id: str = attrs.field(validator=v.text)
    """Identifier, unique within a dataset."""
    kind: SourceKind = attrs.field(validator=v.enum(SourceKind))
    """What sort of source."""
    publisher: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Who publishes it ("UPI", "UNHCR")."""
    title: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Its title or headline."""
    authors: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=v.to_strs, validator=v.texts)
    """Its authors, in order."""
    url: str | None = attrs.field(default=None, kw_only=True, validator=check_url)
    """Where it can be read."""
    published: date | datetime | None = attrs.field(default=None, kw_only=True, validator=_check_published)
    """When it was published (a datetime when the time is known)."""
    accessed: date | None = attrs.field(default=None, kw_only=True, validator=v.date_value(date))
    """When it was read or downloaded."""
    language: str | None = attrs.field(default=None, kw_only=True, validator=check_language)
    """ISO 639-1 (``en``) or 639-3 (``kaz``) code of its language."""
    reliability: Reliability | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_enum(Reliability)
    )
    """How far it is trusted, if graded."""
    actor: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Id of the actor speaking through it (the ministry behind a statement)."""
    part_of: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Id of the source containing it (an article holding a photo)."""
    section: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Section or series within the publication ("World News")."""
    licence: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Licence it is published under ("CC BY 4.0")."""
    description: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Anything else worth saying (what a photo shows)."""

    def __attrs_post_init__(self) -> None:
        if self.part_of == self.id:
            raise ValidationError.single("part_of", "a source cannot be part of itself", self.id)


@attrs.frozen
class Attribution:
    """How a claim reaches us: the *source* we read, and whom it attributes the claim to.

    *attributed_to* lists ids of sources or actors, nearest first: ``("kaz-mvd",)`` reads
    "UPI reports that the Interior Ministry reported". *excerpt* is the verbatim text.

    >>> a = Attribution("upi", attributed_to=["kaz-mvd"], excerpt="98,000 Russians have crossed")
    >>> a.chain
    ('upi', 'kaz-mvd')
    """

    __repr__ = compact_repr

    source: str = attrs.field(validator=v.text)
    """Id of the source that says it (the one we read)."""
    attributed_to: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_strs, validator=v.texts
    )
    """Ids of the sources or actors it is attributed to, nearest first."""
    excerpt: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """The words of the source, verbatim."""

    @property
    def chain(self) -> tuple[str, ...]:
        """Every id from the source we read to the original speaker."""
        return (self.source, *self.attributed_to)

    @property
    def original(self) -> str:
        """Id of the original speaker: the last link of the chain."""
        return self.chain[-1]

    def __attrs_post_init__(self) -> None:
        chain = self.chain
        for i, link in enumerate(chain):
            if link in chain[:i]:
                path = "source" if i == 0 else f"attributed_to[{i - 1}]"
                raise ValidationError.single(path, f"{link!r} appears twice in the attribution chain", link)
