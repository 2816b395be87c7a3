"""How many: `Count`, a non-negative figure in persons or households with a `Qualifier`.

A count keeps what the source said, not only a number: ``more than 98,000 people`` is
``Count(98000, qualifier=Qualifier.MORE_THAN)``, and its `bounds` say 98,000 and no upper bound.
An unquantified report ("massive lines at the border") has no count at all (``None``), never 0.

>>> c = Count(98000, qualifier=Qualifier.MORE_THAN)
>>> c.value
<Quantity(98000, 'person')>
>>> c.bounds
(<Quantity(98000, 'person')>, None)
>>> print(c)
more than 98,000 people

The record keeps the magnitude and the unit name; the pint quantity is built when asked for
(`value`, `upper`, `bounds`), which keeps records small, fast and picklable.
"""

from __future__ import annotations

import math
import re
from typing import Any

import attrs
import pint

from . import _validate as v
from ._repr import Choice
from .errors import UnitError, ValidationError
from .units import HOUSEHOLD, PERSON, base_unit, canonical_unit, registry, ureg

__all__ = ["Count", "Qualifier"]


class Qualifier(Choice):
    """How a reported number relates to the true number."""

    EXACT = "exact"
    """The number as reported, with no qualifying word ("98,000 Russians")."""
    APPROXIMATE = "approximate"
    """About, around, roughly, some, an estimated..."""
    AT_LEAST = "at_least"
    """At least, no fewer than: the true number is the value or more."""
    MORE_THAN = "more_than"
    """More than, over: the true number is above the value."""
    AT_MOST = "at_most"
    """Up to, at most: the true number is the value or less."""
    LESS_THAN = "less_than"
    """Less than, under: the true number is below the value."""
    RANGE = "range"
    """Between the value and `Count.upper`."""


_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATE: "about ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_MOST: "at most ",
    Qualifier.LESS_THAN: "less than ",
}

_NUMBER_UNIT = re.compile(r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$", re.DOTALL)


def _magnitude(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    name = v.name(attribute)
    if value is None and name == "upper":
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError.single(name, f"expected a number, got {v.show(value)}", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError.single(name, f"{value!r} is not a finite number", value)
    if value < 0:
        raise ValidationError.single(name, f"{value!r} is negative", value)


def _unit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    try:
        ok = isinstance(value, str) and canonical_unit(value) == value
    except UnitError:
        ok = False
    if not ok:
        raise ValidationError.single("unit", f"{value!r} is not a canonical count unit", value)


def _split(value: Any, field: str) -> tuple[int | float, str | None]:
    """Turn a number, a pint quantity or a ``"98000 person"`` string into (magnitude, unit)."""
    if isinstance(value, pint.Quantity):
        magnitude = value.magnitude
        if isinstance(magnitude, bool) or not isinstance(magnitude, int | float):
            raise ValidationError.single(
                field, f"expected a quantity with an int or float magnitude, got {v.show(value)}", value
            )
        return magnitude, str(value.units)
    if isinstance(value, str):
        match = _NUMBER_UNIT.fullmatch(value)
        if match is None:
            raise ValidationError.single(
                field, f"{value!r} is not a number followed by a unit (such as '98000 person')", value
            )
        number, unit = match.groups()
        parsed: int | float = float(number) if any(c in number for c in ".eE") else int(number)
        return parsed, unit or None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError.single(
            field, f"expected a number, a quantity or a string, got {v.show(value)}", value
        )
    return value, None


def _qualifier(text: str) -> Qualifier:
    try:
        return Qualifier(text.strip().lower().replace(" ", "_"))
    except ValueError:
        names = ", ".join(q.value for q in Qualifier)
        raise ValidationError.single(
            "qualifier", f"{text!r} is not a qualifier (one of {names})", text
        ) from None


def _canonical(unit: str, field: str) -> str:
    try:
        return canonical_unit(unit)
    except UnitError as exc:
        raise ValidationError.single(field, str(exc), unit) from None


def _fmt(magnitude: int | float) -> str:
    if isinstance(magnitude, float) and magnitude.is_integer():
        magnitude = int(magnitude)
    if isinstance(magnitude, int):
        return f"{magnitude:,}"
    return f"{magnitude:,.2f}".rstrip("0").rstrip(".")


def _unit_words(unit: str, plural: bool) -> str:
    base = base_unit(unit)
    noun = ("people" if plural else "person") if base == PERSON else ("households" if plural else "household")
    if unit == base:
        return noun
    per = str(ureg.parse_units(unit) / ureg.parse_units(base))
    per = per.removeprefix("1 / ")
    return f"{noun} per {per}"


@attrs.frozen(init=False, repr=False)
class Count:
    """A non-negative number of persons or households, with how exactly it is known.

    ``Count(value, unit="person", qualifier=Qualifier.EXACT, upper=None)``: *value* is a number, a
    pint quantity (of any registry defining the unit) or a string such as ``"98000 person"``.
    `Qualifier.RANGE` needs an *upper* above *value*; every other qualifier forbids *upper*.
    Units are ``person`` or ``household`` (aliases such as ``people`` and ``families`` are
    accepted), optionally per unit of time for rates (``person / day``).

    >>> Count("98000 people")
    Count(98000)
    >>> Count(200, "families", Qualifier.RANGE, upper=300).bounds
    (<Quantity(200, 'household')>, <Quantity(300, 'household')>)
    >>> Count(-5)
    Traceback (most recent call last):
    ...
    displacement.errors.ValidationError: value: -5 is negative
    """

    magnitude: int | float = attrs.field(alias="value", validator=_magnitude)
    """The reported number (the lower end of a range)."""
    unit: str = attrs.field(validator=_unit)
    """The canonical unit name: ``person``, ``household``, or a rate such as ``person / day``."""
    qualifier: Qualifier = attrs.field(validator=v.enum(Qualifier))
    """How the number relates to the true number."""
    upper_magnitude: int | float | None = attrs.field(alias="upper", validator=_magnitude)
    """The upper end of a `Qualifier.RANGE`, else ``None``."""

    def __init__(
        self,
        value: int | float | str | pint.Quantity[Any],
        unit: str | None = None,
        qualifier: Qualifier | str = Qualifier.EXACT,
        upper: int | float | str | pint.Quantity[Any] | None = None,
    ) -> None:
        if isinstance(qualifier, str) and not isinstance(qualifier, Qualifier):
            qualifier = _qualifier(qualifier)
        magnitude, value_unit = _split(value, "value")
        if unit is not None:
            unit = _canonical(unit, "unit")
            if value_unit is not None and _canonical(value_unit, "value") != unit:
                raise ValidationError.single(
                    "unit", f"{unit!r} contradicts the unit of value {value!r}", unit
                )
        else:
            unit = _canonical(value_unit, "value") if value_unit is not None else PERSON
        upper_magnitude: int | float | None = None
        if upper is not None:
            upper_magnitude, upper_unit = _split(upper, "upper")
            if upper_unit is not None and _canonical(upper_unit, "upper") != unit:
                raise ValidationError.single(
                    "upper", f"unit of upper {upper!r} differs from the count's unit {unit!r}", upper
                )
        self.__attrs_init__(magnitude, unit, qualifier, upper_magnitude)

    def __attrs_post_init__(self) -> None:
        if self.qualifier is Qualifier.RANGE:
            if self.upper_magnitude is None:
                raise ValidationError.single("upper", "a range needs an upper bound", None)
            if not self.upper_magnitude > self.magnitude:
                raise ValidationError.single(
                    "upper",
                    f"upper bound {self.upper_magnitude!r} must be above the value {self.magnitude!r}",
                    self.upper_magnitude,
                )
        elif self.upper_magnitude is not None:
            raise ValidationError.single(
                "upper",
                f"only a range has an upper bound; qualifier is {self.qualifier.value!r}",
                self.upper_magnitude,
            )

    @property
    def value(self) -> pint.Quantity[Any]:
        """The reported number as a quantity (of `displacement.ureg`, or see `units.use_registry`)."""
        return registry().Quantity(self.magnitude, self.unit)

    @property
    def upper(self) -> pint.Quantity[Any] | None:
        """The upper end of a range as a quantity, else ``None``."""
        if self.upper_magnitude is None:
            return None
        return registry().Quantity(self.upper_magnitude, self.unit)

    @property
    def bounds(self) -> tuple[pint.Quantity[Any], pint.Quantity[Any] | None]:
        """``(lower, upper)`` bounds of the true number; ``None`` for no upper bound.

        Exact and approximate counts give the value twice (an approximate count has no hard
        bounds; the qualifier says so); at least / more than have no upper bound; at most /
        less than start at 0; a range gives its two ends. The bound of more than / less than is
        itself excluded, which the qualifier records.
        """
        low, high = self.bound_magnitudes
        q = registry().Quantity
        return q(low, self.unit), (None if high is None else q(high, self.unit))

    @property
    def bound_magnitudes(self) -> tuple[int | float, int | float | None]:
        """`bounds` as plain numbers in `unit` (cheap: builds no quantity)."""
        qualifier = self.qualifier
        if qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
            return self.magnitude, None
        if qualifier in (Qualifier.AT_MOST, Qualifier.LESS_THAN):
            return 0, self.magnitude
        if qualifier is Qualifier.RANGE:
            return self.magnitude, self.upper_magnitude
        return self.magnitude, self.magnitude

    @property
    def counts(self) -> str:
        """What is counted: ``"person"`` or ``"household"`` (also for rates)."""
        return base_unit(self.unit)

    def to_persons(self, household_size: float | pint.Quantity[Any] | None = None) -> Count:
        """Return this count in persons; households need an explicit *household_size*.

        *household_size* is persons per household, as a number or a quantity in
        ``person / household``. A count already in persons is returned unchanged.

        >>> Count(200, "household").to_persons(household_size=4.5)
        Count(900.0)
        >>> Count(200, "household").to_persons()
        Traceback (most recent call last):
        ...
        displacement.errors.UnitError: 200 households cannot become persons without a household size (pass household_size=...)
        """
        if self.counts == PERSON:
            return self
        if household_size is None:
            raise UnitError(
                f"{_fmt(self.magnitude)} households cannot become persons without a household size "
                "(pass household_size=...)"
            )
        size = household_size
        if isinstance(size, pint.Quantity):
            try:
                size = size.to("person / household").magnitude
            except (pint.errors.PintError, AttributeError) as exc:
                raise UnitError(
                    f"household size must be in person / household, got {household_size!r} ({exc})"
                ) from None
        if (
            isinstance(size, bool)
            or not isinstance(size, int | float)
            or (isinstance(size, float) and not math.isfinite(size))
            or size <= 0
        ):
            raise UnitError(f"household size must be a positive finite number, got {household_size!r}")
        unit = (
            PERSON
            if self.unit == HOUSEHOLD
            else str(ureg.parse_units(self.unit) * ureg.person / ureg.household)
        )
        upper = None if self.upper_magnitude is None else self.upper_magnitude * size
        return Count(self.magnitude * size, unit, self.qualifier, upper)

    def __repr__(self) -> str:
        parts = [repr(self.magnitude)]
        if self.unit != PERSON:
            parts.append(f"unit={self.unit!r}")
        if self.qualifier is not Qualifier.EXACT:
            parts.append(f"qualifier=Qualifier.{self.qualifier.name}")
        if self.upper_magnitude is not None:
            parts.append(f"upper={self.upper_magnitude!r}")
        return f"Count({', '.join(parts)})"

    def __str__(self) -> str:
        if self.qualifier is Qualifier.RANGE:
            assert self.upper_magnitude is not None
            return (
                f"between {_fmt(self.magnitude)} and {_fmt(self.upper_magnitude)} "
                f"{_unit_words(self.unit, True)}"
            )
        plural = not (self.qualifier is Qualifier.EXACT and self.magnitude == 1)
        return f"{_WORDS[self.qualifier]}{_fmt(self.magnitude)} {_unit_words(self.unit, plural)}"
