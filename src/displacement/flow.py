"""Who moved, and who is where: `Flow`, `Stock` and the `Population` they count.

A flow is people moving from an origin to a destination during a period; a stock is people
present at a place on a date. They are different things and never add up together.
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import Any, Final

import attrs

from . import _validate as v
from ._repr import Choice, compact_repr
from .count import Count, Qualifier
from .errors import DisplacementError, PrecisionWarning, UnitError, ValidationError
from .event import CauseKind
from .period import Period, Precision
from .place import Place, check_optional_country
from .source import Attribution
from .units import library_registry

__all__ = [
    "Cohort",
    "MIXED",
    "Flow",
    "Metric",
    "Movement",
    "Population",
    "PopulationCategory",
    "Settlement",
    "Sex",
    "Share",
    "Stock",
]

MIXED: Final = "mixed"
"""The group key of a mix of nationalities in totals ``by="nationality"``: what a mixed population
(`Population.shares` that name nationalities) counts beyond its shares' own counts. No country
code is lowercase, so it never stands for one country; it is not ``None`` (nationality not known)
either."""


class PopulationCategory(Choice):
    """The group displaced people belong to."""

    REFUGEES = "refugees"
    ASYLUM_SEEKERS = "asylum_seekers"
    IDPS = "idps"
    """Internally displaced people."""
    RETURNEES = "returnees"
    STATELESS = "stateless"
    MIGRANTS = "migrants"
    EVACUEES = "evacuees"
    OTHERS = "others"
    """Anyone else displaced; say who in `Population.description`."""
    REFUGEE_LIKE = "refugee_like"
    """In a refugee-like situation: outside their country and at risk like refugees, but without
    ascertained refugee status (UNHCR's ``refugee_like``)."""
    OTHERS_IN_NEED_OF_INTERNATIONAL_PROTECTION = "others_in_need_of_international_protection"
    """Outside their country, in need of international protection, but not refugees or asylum
    seekers (UNHCR's ``oip``, counted since 2022)."""
    OTHERS_OF_CONCERN = "others_of_concern"
    """Others to whom UNHCR extends protection or assistance (UNHCR's ``ooc``)."""
    RETURNED_REFUGEES = "returned_refugees"
    """Former refugees back in their country of origin (UNHCR counts those who returned in the year)."""
    RETURNED_IDPS = "returned_idps"
    """Former internally displaced people back in their place of origin."""
    HOST_COMMUNITY = "host_community"
    """Members of communities hosting displaced people (UNHCR's ``hst``); not displaced themselves."""
    MIXED = "mixed"
    """A mix of categories (returnees and refugees): `Population.shares` say which."""


class Sex(Choice):
    """Sex as disaggregated in displacement statistics."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Settlement(Choice):
    """Urban or rural, as displacement figures are disaggregated."""

    URBAN = "urban"
    RURAL = "rural"


class Movement(Choice):
    """What kind of movement a flow is."""

    CROSS_BORDER = "cross_border"
    INTERNAL = "internal"
    RETURN = "return"
    EVACUATION = "evacuation"
    RELOCATION = "relocation"
    RESETTLEMENT = "resettlement"
    LOCAL_INTEGRATION = "local_integration"
    """Settling for good where they already are, such as naturalisation in the country of asylum:
    a change of status rather than a journey (the origin is where they came from at first)."""


class Metric(Choice):
    """What a flow's count counts."""

    ARRIVALS = "arrivals"
    DEPARTURES = "departures"
    CROSSINGS = "crossings"
    """Border crossings (one person may cross more than once)."""
    NEW_DISPLACEMENTS = "new_displacements"
    APPLICATIONS = "applications"
    """Asylum applications."""
    NATURALISATIONS = "naturalisations"
    """People granted the citizenship of their country of asylum."""


@v.accepts({"minimum": 0, "maximum": 150})
def check_age(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of a `Cohort` age: ``None`` or a whole number of years from 0 to 150."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise v.fail(attribute, f"expected a whole number of years, got {v.show(value)}", value)
    if not 0 <= value <= 150:
        raise v.fail(attribute, f"{v.show(value)} is not an age in years (0 to 150)", value)


_DIMENSIONS = ("sex", "age", "settlement", "in_camp", "disability")


def _ages_overlap(a: Cohort, b: Cohort) -> bool:
    a_low = 0 if a.min_age is None else a.min_age
    b_low = 0 if b.min_age is None else b.min_age
    a_high = 150 if a.max_age is None else a.max_age
    b_high = 150 if b.max_age is None else b.max_age
    return a_low <= b_high and b_low <= a_high


@attrs.frozen
class Cohort:
    """One cell of a breakdown: *sex* aged *min_age* to *max_age* (both included), and so on.

    A cell restricts some dimensions (its `dimensions`): sex, age, settlement (urban or rural),
    in or out of camps, disability. ``None`` in a dimension means all (``sex=None`` is all sexes;
    ``min_age=60`` with no ``max_age`` is 60 and over). The cells of a population that restrict
    the same dimensions are one breakdown: they must not overlap, and together they fit inside
    the whole (see `Population`).

    >>> Cohort(Sex.FEMALE, 0, 4, Count(1200)).dimensions
    ('sex', 'age')
    >>> Cohort(None, None, None, Count(300), in_camp=True).dimensions
    ('in_camp',)
    """

    __repr__ = compact_repr

    sex: Sex | None = attrs.field(validator=v.optional_enum(Sex))
    """Which sex, or ``None`` for all."""
    min_age: int | None = attrs.field(validator=check_age)
    """Youngest age in the cohort, in whole years."""
    max_age: int | None = attrs.field(validator=check_age)
    """Oldest age in the cohort, in whole years (included)."""
    count: Count = attrs.field(validator=v.instance(Count))
    """How many people."""
    settlement: Settlement | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_enum(Settlement)
    )
    """Urban or rural, or ``None`` for both."""
    in_camp: bool | None = attrs.field(default=None, kw_only=True, validator=v.optional_bool)
    """``True`` for people in camps, ``False`` for people outside camps, ``None`` for both."""
    disability: bool | None = attrs.field(default=None, kw_only=True, validator=v.optional_bool)
    """``True`` for people with disabilities, ``False`` for people without, ``None`` for both."""

    def __attrs_post_init__(self) -> None:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError.single(
                "max_age", f"{self.max_age} is below min_age {self.min_age}", self.max_age
            )

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions this cell restricts, in a fixed order: its breakdown's name."""
        given = (
            self.sex is not None,
            self.min_age is not None or self.max_age is not None,
            self.settlement is not None,
            self.in_camp is not None,
            self.disability is not None,
        )
        return tuple(d for d, on in zip(_DIMENSIONS, given, strict=True) if on)

    def overlaps(self, other: Cohort) -> bool:
        """True when some person could be in both cells (``None`` in a dimension is everyone)."""
        if not isinstance(other, Cohort):
            raise ValidationError.single("other", f"overlaps() takes a Cohort, got {v.show(other)}", other)
        for mine, theirs in (
            (self.sex, other.sex),
            (self.settlement, other.settlement),
            (self.in_camp, other.in_camp),
            (self.disability, other.disability),
        ):
            if mine is not None and theirs is not None and mine != theirs:
                return False
        return _ages_overlap(self, other)

    def __str__(self) -> str:
        parts = []
        if self.sex is not None:
            parts.append(self.sex.value)
        if self.min_age is not None or self.max_age is not None:
            if self.max_age is None:
                parts.append(f"aged {self.min_age} and over")
            elif self.min_age is None:
                parts.append(f"aged up to {self.max_age}")
            else:
                parts.append(f"aged {self.min_age} to {self.max_age}")
        if self.settlement is not None:
            parts.append(self.settlement.value)
        if self.in_camp is not None:
            parts.append("in camps" if self.in_camp else "out of camps")
        if self.disability is not None:
            parts.append("with disabilities" if self.disability else "without disabilities")
        return f"{' '.join(parts) or 'everyone'}: {self.count}"


_FRACTION_WORDS = (
    (1 / 2, "half"),
    (1 / 3, "a third"),
    (2 / 3, "two thirds"),
    (1 / 4, "a quarter"),
    (3 / 4, "three quarters"),
    (1, "all"),
)


def _fraction_words(fraction: float) -> str:
    """``a third``, ``half``, ``40%``: a fraction as a report says it."""
    for value, words in _FRACTION_WORDS:
        if abs(fraction - value) < 1e-9:
            return words
    return f"{fraction * 100:.3g}%"


_QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATE: "about ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_MOST: "at most ",
    Qualifier.LESS_THAN: "less than ",
}


@v.accepts({"exclusiveMinimum": 0, "maximum": 1})
def check_fraction(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of `Share.fraction`: ``None`` or a number above 0 and at most 1."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise v.fail(
            attribute, f"expected a fraction of the whole (above 0, at most 1), got {v.show(value)}", value
        )
    if not 0 < value <= 1:  # also refuses NaN
        raise v.fail(attribute, f"{value!r} is not a fraction of the whole (above 0, at most 1)", value)


def _check_share_qualifier(instance: Share, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.enum(Qualifier)(instance, attribute, value)
    if value is Qualifier.RANGE:
        raise v.fail(
            attribute, "a share's fraction is one number: give a range as two shares, or qualify it", value
        )
    if instance.fraction is None and value is not Qualifier.EXACT:
        raise v.fail(attribute, f"qualifies a fraction, but the share has none ({value.value})", value)


@attrs.frozen
class Share:
    """One part of a mixed population: its nationality or category, and how many it counts.

    A part has a `count` of people, a `fraction` of the whole with a `qualifier` ("mostly" is
    more than half, ``fraction=0.5, qualifier=Qualifier.MORE_THAN``; "about a third" is
    ``fraction=1/3, qualifier=Qualifier.APPROXIMATE``), both, or neither (a part named with no
    size: "arrivals of Sudanese, Syrians and Eritreans"). ``None`` in `nationality` or
    `category` means the population's own.

    >>> print(Share.mostly(nationality="SSD", category=PopulationCategory.RETURNEES))
    mostly SSD returnees
    >>> print(Share(nationality="SDN", count=Count(40000)))
    SDN: 40,000 people
    >>> print(Share(nationality="SYR", fraction=1 / 3, qualifier=Qualifier.APPROXIMATE))
    about a third SYR
    """

    __repr__ = compact_repr

    nationality: str | None = attrs.field(default=None, kw_only=True, validator=check_optional_country)
    """ISO 3166-1 alpha-3 code of this part's nationality, or ``None`` for the population's own."""
    category: PopulationCategory | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_enum(PopulationCategory)
    )
    """This part's category, or ``None`` for the population's own."""
    count: Count | None = attrs.field(default=None, kw_only=True, validator=v.instance(Count, optional=True))
    """How many people this part counts, or ``None`` when not reported."""
    fraction: float | None = attrs.field(default=None, kw_only=True, validator=check_fraction)
    """The part of the whole it is (above 0, at most 1), or ``None``: evidence of the mix, never
    multiplied out into a count by totals."""
    qualifier: Qualifier = attrs.field(
        default=Qualifier.EXACT, kw_only=True, validator=_check_share_qualifier
    )
    """How `fraction` relates to the true part (``MORE_THAN`` 0.5 is "mostly"); ``EXACT`` without
    a fraction. ``RANGE`` is refused: it would need a second bound."""

    def __attrs_post_init__(self) -> None:
        if self.nationality is None and self.category is None:
            raise ValidationError.single(
                "nationality", "a share names a nationality, a category or both", None
            )
        if self.category is PopulationCategory.MIXED:
            raise ValidationError.single(
                "category",
                "a share is one category: 'mixed' is the population's, not a part's",
                self.category,
            )

    @classmethod
    def mostly(cls, *, nationality: str | None = None, category: PopulationCategory | None = None) -> Share:
        """More than half of the whole: "mostly South Sudanese returnees"."""
        return cls(nationality=nationality, category=category, fraction=0.5, qualifier=Qualifier.MORE_THAN)

    @property
    def key(self) -> tuple[str | None, PopulationCategory | None]:
        """(nationality, category): what tells the shares of one population apart."""
        return (self.nationality, self.category)

    def __str__(self) -> str:
        who = " ".join(
            x for x in (self.nationality, None if self.category is None else self.category.value) if x
        )
        sizes = []
        if self.fraction is not None:
            if self.fraction == 0.5 and self.qualifier is Qualifier.MORE_THAN:
                sizes.append("mostly")
            else:
                sizes.append(f"{_QUALIFIER_WORDS[self.qualifier]}{_fraction_words(self.fraction)}")
        text = f"{' '.join(sizes)} {who}" if sizes else who
        return text if self.count is None else f"{text}: {self.count}"


def _units(unit: str) -> str:
    """``persons``, ``households``, ``persons per day``: a unit in a message after a number."""
    base, _, per = unit.partition(" / ")
    return f"{base}s per {per}" if per else f"{base}s"


def _cells(indices: list[int], field: str = "cohorts") -> str:
    """``cohorts[0] and cohorts[2]``, ``cohorts[0], cohorts[1] and cohorts[2]``; a long list cut short."""
    names = [f"{field}[{i}]" for i in indices]
    if len(names) > 4:
        return f"{names[0]}, {names[1]} ... {names[-1]} ({len(names):,} cells)"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _check_cohorts(instance: Population, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instances(Cohort)(instance, attribute, value)
    seen: dict[tuple[str, ...], list[int]] = {}
    for i, cohort in enumerate(value):
        if cohort.count.unit != value[0].count.unit:
            raise ValidationError.single(
                f"cohorts[{i}].count",
                f"counts {_units(cohort.count.unit)}, but cohorts[0] counts {_units(value[0].count.unit)}: the cells of a "
                "population count one thing",
                cohort.count,
            )
        cells = seen.setdefault(cohort.dimensions, [])
        for j in cells:
            if value[j].overlaps(cohort):
                raise ValidationError.single(
                    f"cohorts[{i}]",
                    f"overlaps cohorts[{j}] in one breakdown ({value[j]} and {cohort}): the cells "
                    "of a breakdown count different people",
                    cohort,
                )
        cells.append(i)


def _check_parts(whole: Count | None, cohorts: tuple[Cohort, ...]) -> None:
    """Raise `ValidationError` unless every breakdown in *cohorts* fits inside *whole*.

    Each breakdown (the cells restricting the same dimensions) adds up, with the interval rules
    of `Count`, to no more than the whole can be: its lowest possible sum is at most the whole's
    highest possible value, bounds that are excluded ("more than", "less than") included. "About
    5,000" fits inside "more than 9,000"; two cells of 5,000 do not fit inside 100, nor two of
    "more than 50" inside "at most 100". An unquantified whole holds any parts. The cells count
    what the whole counts, in its unit or one that converts to it (people per week of a flow of
    people per day); never persons of households, nor a total of a rate.
    """
    if whole is None or not cohorts:
        return
    unit = cohorts[0].count.unit
    factor: float = 1
    if unit != whole.unit:
        try:
            factor = Count(1, unit).bounds[0].to(whole.unit).magnitude
        except Exception:  # pint raises several unrelated types for units that do not convert
            raise ValidationError.single(
                "population.cohorts[0].count",
                f"counts {_units(unit)}, but the whole counts {_units(whole.unit)} ({whole}): the parts of a whole count "
                "what it counts",
                cohorts[0].count,
            ) from None
    high = whole.bound_magnitudes[1]
    if high is None:
        return
    high_excluded = whole.qualifier is Qualifier.LESS_THAN
    sums: dict[tuple[str, ...], tuple[float, bool, list[int]]] = {}
    for i, cohort in enumerate(cohorts):
        low, excluded, cells = sums.get(cohort.dimensions, (0, False, []))
        cells.append(i)
        count = cohort.count
        sums[cohort.dimensions] = (
            low + count.bound_magnitudes[0] * factor,
            excluded or count.qualifier is Qualifier.MORE_THAN,
            cells,
        )
    for dimensions, (low, excluded, cells) in sums.items():
        if low > high or (low == high and (excluded or high_excluded)):
            by = ", ".join(dimensions) or "no dimension"
            least = "more than" if excluded else "at least"
            raise ValidationError.single(
                f"population.cohorts[{cells[-1]}].count",
                f"{_cells(cells)} (by {by}) count {least} {low:,} {_units(whole.unit)}, more than the whole can be "
                f"({whole})",
                cohorts[cells[-1]].count,
            )


def _check_shares(instance: Population, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instances(Share)(instance, attribute, value)
    seen: dict[tuple[str | None, PopulationCategory | None], int] = {}
    low: float = 0
    excluded = False
    for i, share in enumerate(value):
        if share.category is not None and instance.category not in (PopulationCategory.MIXED, share.category):
            raise ValidationError.single(
                f"shares[{i}].category",
                f"is {share.category.value}, but the population is {instance.category.value}: a mix of "
                "categories has the category 'mixed'",
                share.category,
            )
        if share.nationality is not None and instance.nationality not in (None, share.nationality):
            raise ValidationError.single(
                f"shares[{i}].nationality",
                f"is {share.nationality}, but the population has the nationality {instance.nationality}: "
                "a mix of nationalities has none of its own",
                share.nationality,
            )
        if share.key in seen:
            raise ValidationError.single(
                f"shares[{i}]",
                f"names the same part as shares[{seen[share.key]}] ({share.nationality or 'any nationality'}, "
                f"{'any category' if share.category is None else share.category.value}): each part once",
                share,
            )
        seen[share.key] = i
        if share.count is not None:
            first = next(j for j, s in enumerate(value) if s.count is not None)
            if share.count.unit != value[first].count.unit:
                raise ValidationError.single(
                    f"shares[{i}].count",
                    f"counts {_units(share.count.unit)}, but shares[{first}] counts "
                    f"{_units(value[first].count.unit)}: the parts of a population count one thing",
                    share.count,
                )
        if share.fraction is not None and share.qualifier not in (Qualifier.AT_MOST, Qualifier.LESS_THAN):
            low += share.fraction
            excluded = excluded or share.qualifier is Qualifier.MORE_THAN
            if low > 1 + 1e-9 or (excluded and low >= 1 - 1e-9):
                least = "more than" if excluded else "at least"
                raise ValidationError.single(
                    f"shares[{i}].fraction",
                    f"the shares' fractions add up to {least} {low:.3g}: more than the whole (1)",
                    share.fraction,
                )


def _check_share_counts(whole: Count | None, shares: tuple[Share, ...]) -> None:
    """Raise `ValidationError` unless the counts of *shares* fit inside *whole* (as `_check_parts`
    does for one breakdown): their least possible sum is at most the most the whole can be."""
    counted = [(i, s.count) for i, s in enumerate(shares) if s.count is not None]
    if whole is None or not counted:
        return
    first, count = counted[0]
    factor: float = 1
    if count.unit != whole.unit:
        try:
            factor = Count(1, count.unit).bounds[0].to(whole.unit).magnitude
        except Exception:  # pint raises several unrelated types for units that do not convert
            raise ValidationError.single(
                f"population.shares[{first}].count",
                f"counts {_units(count.unit)}, but the whole counts {_units(whole.unit)} ({whole}): the parts of a "
                "whole count what it counts",
                count,
            ) from None
    high = whole.bound_magnitudes[1]
    if high is None:
        return
    low: float = 0
    excluded = whole.qualifier is Qualifier.LESS_THAN
    least_excluded = False
    for _, c in counted:
        low += c.bound_magnitudes[0] * factor
        least_excluded = least_excluded or c.qualifier is Qualifier.MORE_THAN
    if low > high or (low == high and (excluded or least_excluded)):
        least = "more than" if least_excluded else "at least"
        last = counted[-1][0]
        raise ValidationError.single(
            f"population.shares[{last}].count",
            f"{_cells([i for i, _ in counted], 'shares')} {'counts' if len(counted) == 1 else 'count'} {least} "
            f"{low:,} {_units(whole.unit)}, more than the "
            f"whole can be ({whole})",
            shares[last].count,
        )


@attrs.frozen
class Population:
    """Who moved or stays: a category, a nationality and, optionally, a breakdown by sex and age,
    or the parts (`Share`) of a mix of nationalities or categories."""

    __repr__ = compact_repr

    category: PopulationCategory = attrs.field(validator=v.enum(PopulationCategory))
    """The group they belong to."""
    nationality: str | None = attrs.field(default=None, kw_only=True, validator=check_optional_country)
    """ISO 3166-1 alpha-3 code of their nationality or origin (special codes such as ``XXA`` allowed)."""
    description: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Who they are, in words ("Russians, mostly men, avoiding the draft")."""
    cohorts: tuple[Cohort, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_cohorts, validator=_check_cohorts
    )
    """Breakdowns by sex, age and the other dimensions of `Cohort`, if reported. The cells that
    restrict the same dimensions are one breakdown and must not overlap; each breakdown must
    fit inside the flow's or stock's count."""
    shares: tuple[Share, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_shares, validator=_check_shares
    )
    """The parts of a mixed population (several nationalities or categories), if it is one: each
    a different (nationality, category), their counts fitting inside the flow's or stock's count
    and their fractions adding up to at most the whole. A mix of categories has the category
    `PopulationCategory.MIXED` (a share's category is the population's otherwise); a mix of
    nationalities has no `nationality` of its own (a share's nationality is the population's
    otherwise)."""

    @property
    def mixed_nationality(self) -> bool:
        """True when it has no nationality and its shares name some: a mix of nationalities,
        counted under `MIXED` by nationality."""
        return self.nationality is None and any(s.nationality is not None for s in self.shares)


_check_place = v.instance(Place)
_check_population_type = v.instance(Population)


def _check_population(instance: Flow | Stock, attribute: attrs.Attribute[Any], value: Any) -> None:
    _check_population_type(instance, attribute, value)
    if value.cohorts and isinstance(instance.count, Count):  # a wrong count is the count's error
        _check_parts(instance.count, value.cohorts)
    if value.shares and isinstance(instance.count, Count):
        _check_share_counts(instance.count, value.shares)


def _check_destination(instance: Flow, attribute: attrs.Attribute[Any], value: Any) -> None:
    _check_place(instance, attribute, value)
    origin, movement = instance.origin, instance.movement
    if (
        movement is Movement.INTERNAL
        and not (origin.is_special or value.is_special)
        and origin.country != value.country
    ):
        raise v.fail(
            attribute,
            f"an internal movement stays in one country, but goes from {origin.country} to {value.country}",
            value,
        )


@attrs.frozen
class Flow:
    """People moving from *origin* to *destination* during *period*.

    *count* is ``None`` when a report says people moved but gives no number: unquantified is not
    zero. *causes* are ids of the events that drove the movement.
    """

    __repr__ = compact_repr

    id: str = attrs.field(validator=v.text)
    """Identifier, unique within a dataset."""
    origin: Place = attrs.field(kw_only=True, validator=v.instance(Place))
    """Where they left."""
    movement: Movement = attrs.field(kw_only=True, validator=v.enum(Movement))
    """What kind of movement."""
    destination: Place = attrs.field(kw_only=True, validator=_check_destination)
    """Where they went."""
    population: Population = attrs.field(kw_only=True, validator=_check_population)
    """Who moved."""
    count: Count | None = attrs.field(kw_only=True, validator=v.instance(Count, optional=True))
    """How many, or ``None`` when the report gives no number."""
    period: Period = attrs.field(kw_only=True, validator=v.instance(Period))
    """When they moved."""
    metric: Metric = attrs.field(kw_only=True, validator=v.enum(Metric))
    """What the count counts."""
    causes: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=v.to_strs, validator=v.texts)
    """Ids of the events that drove the movement."""
    attributions: tuple[Attribution, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_attributions, validator=v.instances(Attribution)
    )
    """Who reports it."""
    term: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """The words the source used ("have crossed into", "fled", "evacuated")."""
    via: tuple[Place, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_places, validator=v.instances(Place)
    )
    """Places on the way, in order: a route or a crossing point (the Lachin corridor)."""
    cause_kind: CauseKind | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_enum(CauseKind)
    )
    """Whether conflict, disaster or something else drove it, as IDMC records it, or ``None``."""
    description: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Anything else worth saying."""

    def rate(self, per: str = "day", *, as_of: date | None = None) -> Count:
        """People (or households) per *per* ("day", "week"...) over the flow's period.

        Both end days of the period count; a period with an open start (a count "since" an
        announcement) lasts between one day less and that, so the rate is a range:

        >>> from datetime import date
        >>> f = Flow("f", origin=Place("RUS"), destination=Place("KAZ"),
        ...          movement=Movement.CROSS_BORDER, population=Population(PopulationCategory.OTHERS),
        ...          count=Count(98000), metric=Metric.CROSSINGS,
        ...          period=Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True))
        >>> print(round(f.rate(), 2))
        between 14,000 and 16,333.33 people per day

        Bounded counts keep their qualifier (``more than 700 people per day``); an approximate
        count over an uncertain number of days becomes a range. A period with an open end has a
        rate only as of a date: the period's own `Period.as_of`, or *as_of* here. A rate over a
        period known only to the week, month or year is an average over all of it, and a
        `PrecisionWarning` says so.
        """
        if self.count is None:
            raise DisplacementError(f"flow {self.id!r} is unquantified: it has no rate")
        period = self.period
        start, end = period.start, period.end
        if start is None:
            raise DisplacementError(f"flow {self.id!r} has no start date ({period}): it has no rate")
        if end is None:
            end = as_of if as_of is not None else period.as_of
            if end is None:
                raise DisplacementError(
                    f"flow {self.id!r} has an open period ({period}): it has a rate only as of a date "
                    "(pass as_of=...)"
                )
            if end < start:
                raise DisplacementError(
                    f"flow {self.id!r}: as_of {end.isoformat()} is before the start {start.isoformat()}"
                )
        elif as_of is not None and as_of != end:
            raise DisplacementError(
                f"flow {self.id!r} has a closed period ({period}); as_of= is only for open periods"
            )
        if self.count.unit not in ("person", "household"):
            raise UnitError(f"flow {self.id!r} already counts a rate ({self.count.unit})")
        try:
            per_days = float(library_registry().Quantity(1, per).to("day").magnitude)
        except Exception as exc:  # pint raises several unrelated types for bad units
            raise UnitError(f"{per!r} is not a unit of time ({exc})") from None
        whole = (end - start).days + 1
        fewest, most = (whole - 1, whole) if period.open_start else (whole, whole)
        unit = f"{self.count.unit} / {library_registry().parse_units(per)}"
        count = self.count
        low, high = count.bound_magnitudes
        if period.precision is not Precision.DAY:
            warnings.warn(
                PrecisionWarning(
                    f"flow {self.id!r}: the period {period} is known only to the {period.precision.value}, "
                    f"so its rate is an average over the whole {period.precision.value}"
                ),
                stacklevel=2,
            )
        if fewest == most:
            upper = None if count.upper_magnitude is None else count.upper_magnitude * per_days / most
            return Count(count.magnitude * per_days / most, unit, count.qualifier, upper)
        if fewest == 0 or count.qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
            # a part of one day may be any short time: no upper bound on the rate
            qualifier = Qualifier.MORE_THAN if count.qualifier is Qualifier.MORE_THAN else Qualifier.AT_LEAST
            if count.qualifier in (Qualifier.AT_MOST, Qualifier.LESS_THAN):
                low = 0
            return Count(low * per_days / most, unit, qualifier)
        if count.qualifier in (Qualifier.AT_MOST, Qualifier.LESS_THAN):
            assert high is not None
            return Count(high * per_days / fewest, unit, count.qualifier)
        assert high is not None
        return Count(low * per_days / most, unit, Qualifier.RANGE, upper=high * per_days / fewest)


def _check_as_of(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Period):
        v.date_value(date, optional=False)(instance, attribute, value)
        return
    try:
        whole = value.start is not None and Period.around(value.start, value.precision) == value
    except ValidationError:  # the week of a day near date.max does not exist
        whole = False
    if not whole:
        raise v.fail(
            attribute,
            f"a stock's date is one whole day, ISO week, month or year; the period {value} is not",
            value,
        )


@attrs.frozen
class Stock:
    """People present at *place* on *as_of*: the refugees a country hosts at year end.

    *count* is ``None`` when a report says people are there but gives no number.

    A report "in July 2023" gives its date only to the month: *as_of_precision* says so, and
    *as_of* is any day within that month as the source gave it (it is kept, not moved to the
    first day, so that a file read and written again says what it said). `as_of_period` is the
    span the figure may hold for. A `Period` of one whole day, week, month or year is accepted
    for *as_of* and gives both:

    >>> from displacement import Place, Population, PopulationCategory
    >>> july = Stock("s", place=Place("TCD"), population=Population(PopulationCategory.REFUGEES),
    ...              count=None, as_of=Period.month(2023, 7))
    >>> july.as_of, july.as_of_precision, str(july.as_of_period)
    (datetime.date(2023, 7, 1), Precision.MONTH, '2023-07')

    Totals, queries and duplicate detection compare the whole span, never the day alone.
    """

    __repr__ = compact_repr

    id: str = attrs.field(validator=v.text)
    """Identifier, unique within a dataset."""
    place: Place = attrs.field(kw_only=True, validator=v.instance(Place))
    """Where they are."""
    population: Population = attrs.field(kw_only=True, validator=_check_population)
    """Who they are."""
    count: Count | None = attrs.field(kw_only=True, validator=v.instance(Count, optional=True))
    """How many, or ``None`` when the report gives no number."""
    as_of: date = attrs.field(kw_only=True, converter=v.to_as_of, validator=_check_as_of)
    """The date the figure holds for (a day within the week, month or year `as_of_precision` says)."""
    causes: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=v.to_strs, validator=v.texts)
    """Ids of the events that displaced them."""
    attributions: tuple[Attribution, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_attributions, validator=v.instances(Attribution)
    )
    """Who reports it."""
    term: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """The words the source used ("sheltered", "in relief camps")."""
    cause_kind: CauseKind | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_enum(CauseKind)
    )
    """Whether conflict, disaster or something else displaced them, as IDMC records it, or ``None``."""
    description: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Anything else worth saying."""
    as_of_precision: Precision = attrs.field(default=Precision.DAY, kw_only=True, validator=v.enum(Precision))
    """How precisely `as_of` is known: the day (the default), or only its ISO week, month or year."""

    def __attrs_post_init__(self) -> None:
        given: date | Period = self.as_of
        if isinstance(given, Period):
            precision = given.precision
            if self.as_of_precision not in (Precision.DAY, precision):
                raise ValidationError.single(
                    "as_of_precision",
                    f"{self.as_of_precision.value} differs from the {precision.value} of as_of ({given})",
                    self.as_of_precision,
                )
            assert given.start is not None  # checked by _check_as_of
            object.__setattr__(self, "as_of", given.start)
            object.__setattr__(self, "as_of_precision", precision)
        elif self.as_of_precision is not Precision.DAY:
            self.as_of_period  # noqa: B018  the span must exist (the ISO week of 9999-12-31 does not)

    @property
    def as_of_period(self) -> Period:
        """The day, ISO week, month or year the figure holds for: `Period.around` of `as_of`."""
        try:
            return Period.around(self.as_of, self.as_of_precision)
        except ValidationError as exc:
            raise ValidationError.single(
                "as_of_precision",
                f"no {self.as_of_precision.value} around {self.as_of.isoformat()} ({exc.errors[0].message})",
                self.as_of_precision,
            ) from None
