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
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from . import _validate as v
from ._repr import Choice
from .errors import DisplacementError, UnitError, ValidationError
from .units import (
    PERSON,
    active_household_size,
    base_unit,
    canonical_unit,
    per_time,
    registry,
)

if TYPE_CHECKING:
    import pint

__all__ = ["MAX_MAGNITUDE", "Count", "Qualifier"]
# Also public in this module, not exported by the package: `check_magnitude`, `size_problem`,
# `too_large`.

MAX_MAGNITUDE: Final = 2**53 - 1
"""The largest number a `Count` holds (9,007,199,254,740,991), as value, upper bound or household size.

No real figure comes near it (it is about a million times the world's population), and below it
every whole number is exact as a float64, so a count is exact in every JSON reader (the I-JSON
range of RFC 7493), in Arrow and Parquet columns and in totals computed in float64: a float sum of
whole counts is either exact or at least 2**53, which is refused. A number above it (``10**400``),
like a sum or a conversion that would exceed it, raises `ValidationError` instead of losing units.
"""

_MAX_DIGITS = len(str(MAX_MAGNITUDE))


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


@v.accepts({"minimum": 0})
def check_magnitude(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of a count's numbers: a real number from 0 to `MAX_MAGNITUDE` (upper: or None)."""
    name = v.name(attribute)
    if value is None and name == "upper":
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError.single(name, f"expected a number, got {v.show(value)}", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError.single(name, f"{value!r} is not a finite number", value)
    if value < 0:
        raise ValidationError.single(name, f"{_show(value)} is negative", value)
    if value > MAX_MAGNITUDE:
        raise ValidationError.single(name, too_large(value), value)


def _show(value: Any) -> str:
    """`repr` for messages, bounded: never thousands of digits (nor Python's error for 4,300 and more)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"{'-' if value < 0 else ''}a number of about {value.bit_length() * math.log10(2):.0f} digits"
    if isinstance(value, str):
        return v.quoted(value, 80)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return v.show(value)


def too_large(value: int | float | str) -> str:
    """The problem text for a number above `MAX_MAGNITUDE`, bounded however long the number.

    A number is shown with thousands separators (one of more than 38 digits is described, not
    printed); a string is the number as the caller shows it (a quoted cell, the digits as
    written), kept when short and described by its length when long. The one wording of this
    problem for the whole library (counts, household sizes, readers).

    >>> too_large(2**53)
    '9,007,199,254,740,992 is above 9,007,199,254,740,991 (2**53 - 1), the largest number a count holds exactly'
    >>> too_large("1" * 5000).split(" is above")[0]
    'a number written with 5,000 characters'
    """
    if isinstance(value, str):
        shown = value if len(value) <= 60 else f"a number written with {len(value):,} characters"
    else:
        shown = f"{value:,}" if value < 2**128 else _show(value)
    return f"{shown} is above {MAX_MAGNITUDE:,} (2**53 - 1), the largest number a count holds exactly"


def size_problem(value: Any) -> str | None:
    """What is wrong with *value* as persons per household, or None when it is a good size.

    A size is a positive finite number up to `MAX_MAGNITUDE`: the rule of `Count.household_size`,
    `Count.to_persons` and `displacement.HouseholdSizes`.
    """
    problem = v.positive_problem(value, "persons per household")
    if problem is not None:
        return problem
    if value > MAX_MAGNITUDE:
        return too_large(value)
    return None


def _unit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    try:
        ok = isinstance(value, str) and canonical_unit(value) == value
    except UnitError:
        ok = False
    if not ok:
        raise ValidationError.single("unit", f"{_show(value)} is not a canonical count unit", value)


def _split(value: Any, field: str) -> tuple[int | float, str | None]:
    """Turn a number, a pint quantity or a ``"98000 person"`` string into (magnitude, unit)."""
    if value.__class__ is int or value.__class__ is float:
        return value, None
    pint = sys.modules.get("pint")  # a quantity exists only once pint is imported: never import it here
    if pint is not None and isinstance(value, pint.Quantity):
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
                field, f"{_show(value)} is not a number followed by a unit (such as '98000 person')", value
            )
        number, unit = match.groups()
        parsed: int | float
        if any(c in number for c in ".eE"):
            parsed = float(number)
            if not math.isfinite(parsed):
                raise ValidationError.single(field, too_large(number), value)
        elif len(number.lstrip("+-").lstrip("0")) > _MAX_DIGITS:  # int() refuses 4,300 digits and more
            raise ValidationError.single(field, too_large(number), value)
        else:
            parsed = int(number)
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
            "qualifier", f"{_show(text)} is not a qualifier (one of {names})", text
        ) from None


def _canonical(unit: str, field: str) -> str:
    try:
        return canonical_unit(unit)
    except UnitError as exc:
        raise ValidationError.single(field, str(exc), unit) from None


def _fmt(magnitude: int | float) -> str:
    """The number in full, with thousands separators: exact, so that `Count.parse` reads it back."""
    if isinstance(magnitude, float) and magnitude.is_integer():
        magnitude = int(magnitude)
    if isinstance(magnitude, int):
        return f"{magnitude:,}"
    return f"{Decimal(repr(magnitude)):,f}"


def _household_size(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    problem = None if value is None else size_problem(value)
    if problem is not None:
        raise ValidationError.single("household_size", problem, value)


def _unit_words(unit: str, plural: bool) -> str:
    base = base_unit(unit)
    noun = ("people" if plural else "person") if base == PERSON else ("households" if plural else "household")
    per = per_time(unit)
    return noun if per is None else f"{noun} per {per}"


@attrs.frozen(init=False, repr=False)
class Count:
    """A non-negative number of persons or households, with how exactly it is known.

    ``Count(value, unit="person", qualifier=Qualifier.EXACT, upper=None)``: *value* is a number, a
    pint quantity (of any registry defining the unit) or a string such as ``"98000 person"``.
    `Qualifier.RANGE` needs an *upper* above *value*; every other qualifier forbids *upper*.
    Units are ``person`` or ``household`` (aliases such as ``people`` and ``families`` are
    accepted), optionally per unit of time for rates (``person / day``). *household_size* records
    the persons per household a count of persons was derived with (`to_persons` sets it).

    Counts add as intervals (see ``__add__``) and compare as intervals (``a < b`` when every
    possible value of *a* is below every possible value of *b*). `parse` reads English.

    >>> Count("98000 people")
    Count(98000)
    >>> Count(200, "families", Qualifier.RANGE, upper=300).bounds
    (<Quantity(200, 'household')>, <Quantity(300, 'household')>)
    >>> Count(-5)
    Traceback (most recent call last):
    ...
    displacement.errors.ValidationError: value: -5 is negative
    """

    # The defaults below are the ``__init__`` arguments' defaults, declared on the fields so that
    # every format reads them from attrs like any other record's (``unit=None``: the value's unit,
    # else ``person``; the record itself always holds a canonical unit).
    magnitude: int | float = attrs.field(alias="value", validator=check_magnitude)
    """The reported number (the lower end of a range)."""
    unit: str = attrs.field(default=None, validator=_unit)
    """The canonical unit name: ``person``, ``household``, or a rate such as ``person / day``."""
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, validator=v.enum(Qualifier))
    """How the number relates to the true number."""
    upper_magnitude: int | float | None = attrs.field(default=None, alias="upper", validator=check_magnitude)
    """The upper end of a `Qualifier.RANGE`, else ``None``."""
    household_size: int | float | None = attrs.field(
        default=None, alias="household_size", validator=_household_size
    )
    """Persons per household this count was derived with from a count of households, else ``None``."""

    def __init__(
        self,
        value: int | float | str | pint.Quantity[Any],
        unit: str | None = None,
        qualifier: Qualifier | str = Qualifier.EXACT,
        upper: int | float | str | pint.Quantity[Any] | None = None,
        *,
        household_size: int | float | None = None,
    ) -> None:
        # Why this ``__init__`` is written by hand rather than generated by attrs (issue 14).
        # The docs, the README and the tests build counts as ``Count(98000)``,
        # ``Count("98000 people")``, ``Count(250 * ureg.families)`` and
        # ``Count(200, "families", Qualifier.RANGE, upper=300)``: the value may bring its own
        # unit, which then becomes the count's unit or must agree with the one given. An attrs
        # converter sees one field at a time, so a generated ``__init__`` could not take the unit
        # from the value: ``Count(quantity)`` and ``Count("98000 people")`` would become
        # ``Count.from_quantity(q)`` and ``Count.parse(s)``, three ways to write one thing, and a
        # quantity passed to ``Count(...)`` would be refused. The cost of keeping it is small:
        # its parameters are the fields' aliases and its defaults are declared on the fields, so
        # ``Count(**keys)`` works from any document and formats need no special case for it
        # (JSON's reader and writer, the schema and `_bulk.unchecked` treat it as any record).
        if isinstance(qualifier, str) and not isinstance(qualifier, Qualifier):
            qualifier = _qualifier(qualifier)
        magnitude, value_unit = _split(value, "value")
        if magnitude.__class__ is float and magnitude == 0:
            magnitude = 0.0  # -0.0 is the same number: never show a count as negative
        if unit is not None:
            unit = _canonical(unit, "unit")
            if value_unit is not None and _canonical(value_unit, "value") != unit:
                raise ValidationError.single(
                    "unit", f"{unit!r} contradicts the unit of value {_show(value)}", unit
                )
        else:
            unit = _canonical(value_unit, "value") if value_unit is not None else PERSON
        upper_magnitude: int | float | None = None
        if upper is not None:
            upper_magnitude, upper_unit = _split(upper, "upper")
            if upper_unit is not None and _canonical(upper_unit, "upper") != unit:
                raise ValidationError.single(
                    "upper", f"unit of upper {_show(upper)} differs from the count's unit {unit!r}", upper
                )
        self.__attrs_init__(magnitude, unit, qualifier, upper_magnitude, household_size)

    def __attrs_post_init__(self) -> None:
        if self.household_size is not None and base_unit(self.unit) != PERSON:
            raise ValidationError.single(
                "household_size",
                "only a count of persons can record the household size it was derived with",
                self.household_size,
            )
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
        if self.qualifier is Qualifier.LESS_THAN and self.magnitude == 0:
            raise ValidationError.single(
                "value", "less than 0 is no number of people: say 0 (exact), or at most 0", self.magnitude
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
        """Return this count in persons; households need a household size.

        *household_size* is persons per household, as a number or a quantity in
        ``person / household``. Without one, the size of an active ``household_size`` pint
        context is used (``with ureg.context("household_size", size=4.5): ...``). The size
        used is recorded on the result (`household_size`). A count already in persons is
        returned unchanged.

        >>> Count(200, "household").to_persons(household_size=4.5)
        Count(900.0, household_size=4.5)
        >>> from displacement import ureg
        >>> with ureg.context("household_size", size=5):
        ...     print(Count(200, "household").to_persons())
        1,000 people (at 5 people per household)
        >>> Count(200, "household").to_persons()
        Traceback (most recent call last):
        ...
        displacement.errors.UnitError: 200 households cannot become persons without a household size (pass household_size=...)
        """
        if self.counts == PERSON:
            return self
        size: Any = household_size
        if size is None:
            size = active_household_size()
        if size is None:
            raise UnitError(
                f"{_fmt(self.magnitude)} households cannot become persons without a household size "
                "(pass household_size=...)"
            )
        import pint

        if isinstance(size, pint.Quantity):
            try:
                size = size.to("person / household").magnitude
            except (pint.errors.PintError, AttributeError) as exc:
                raise UnitError(
                    f"household size must be in person / household, got {_show(household_size)} ({exc})"
                ) from None
        problem = size_problem(size)
        if problem is not None:
            raise UnitError(f"household size: {problem}")
        per = per_time(self.unit)
        unit = PERSON if per is None else f"{PERSON} / {per}"
        upper = None if self.upper_magnitude is None else self.upper_magnitude * size
        return Count(self.magnitude * size, unit, self.qualifier, upper, household_size=size)

    # -- reading text ---------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Count:
        """Read one figure phrase ("more than 98,000 people", "thousands of protesters").

        The grammar is in `displacement.figures`; `str` of any count parses back to an equal count.
        No number, a negative number or an empty string raise `ParseError`.

        >>> Count.parse("an estimated 2.5m refugees")
        Count(2500000, qualifier=Qualifier.APPROXIMATE)
        >>> Count.parse(str(Count(200, "household", Qualifier.AT_MOST))) == Count(200, "household", Qualifier.AT_MOST)
        True
        """
        from .figures import parse_count

        return parse_count(text)

    # -- intervals ------------------------------------------------------------------------------

    def _aligned(self, other: object, verb: str) -> tuple[_intervals.Interval, float]:
        """Other's interval, and the factor that puts other's unit into ours."""
        if not isinstance(other, Count):
            raise DisplacementError(
                f"cannot {verb} {v.show(other)} and a Count: make it a Count first "
                "(a bare number has no unit and no qualifier)"
            )
        return _intervals.interval_of(other), _intervals.unit_factor(other.unit, self.unit)

    def __add__(self, other: Count | Literal[0]) -> Count:
        """The sum of two counts as intervals: bounds add, so every possible true total is inside.

        ``more than 98,000`` + ``about 5,000`` is ``more than 103,000``, not 103,000. The sum is
        exact when both are, approximate when one is approximate and both are bounded, a lower
        bound (at least / more than) when either has no upper bound, a range otherwise (see
        docs/counting.md for the full table). Persons and households do not add: convert first.

        >>> print(Count(98000, qualifier="more than") + Count(5000, qualifier="approximate"))
        more than 103,000 people
        >>> print(sum([Count(10), Count(5, qualifier="at most"), Count(2, qualifier="range", upper=4)]))
        between 12 and 19 people
        """
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        (lo2, ls2, hi2, hs2, ap2), factor = self._aligned(other, "add")
        lo1, ls1, hi1, hs1, ap1 = _intervals.interval_of(self)
        if factor != 1:
            lo2 = lo2 * factor
            hi2 = None if hi2 is None else hi2 * factor
        high = None if hi1 is None or hi2 is None else hi1 + hi2
        assert isinstance(other, Count)
        size = self.household_size if self.household_size == other.household_size else None
        return _intervals.count_of(lo1 + lo2, ls1 or ls2, high, hs1 or hs2, ap1 or ap2, self.unit, size)

    def __radd__(self, other: int) -> Count:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # sum() starts from 0
        # Typed ``int`` for sum() (typeshed asks for it); any other number is refused by __add__.
        return self.__add__(other)  # type: ignore[operator]

    def __lt__(self, other: Count) -> bool:
        """True when every possible value of this count is below every possible value of *other*."""
        (lo2, ls2, _, _, _), factor = self._aligned(other, "compare")
        _, _, hi1, hs1, _ = _intervals.interval_of(self)
        if hi1 is None:
            return False
        lo2 = lo2 * factor
        return hi1 < lo2 or (hi1 == lo2 and (hs1 or ls2))

    def __le__(self, other: Count) -> bool:
        """True when no possible value of this count is above any possible value of *other*."""
        (lo2, _, _, _, _), factor = self._aligned(other, "compare")
        hi1 = _intervals.interval_of(self)[2]
        return hi1 is not None and hi1 <= lo2 * factor

    def __gt__(self, other: Count) -> bool:
        """True when every possible value of this count is above every possible value of *other*."""
        if not isinstance(other, Count):
            self._aligned(other, "compare")
        assert isinstance(other, Count)
        return other.__lt__(self)

    def __ge__(self, other: Count) -> bool:
        """True when no possible value of this count is below any possible value of *other*."""
        if not isinstance(other, Count):
            self._aligned(other, "compare")
        assert isinstance(other, Count)
        return other.__le__(self)

    def __round__(self, ndigits: int | None = None) -> Count:
        """This count with its numbers rounded (for display): ``round(rate, 2)``.

        >>> print(round(Count(98000 / 6, "person / day"), 2))
        16,333.33 people per day
        """

        if ndigits is not None and (isinstance(ndigits, bool) or not isinstance(ndigits, int)):
            raise DisplacementError(f"round() needs a whole number of digits, got {v.show(ndigits)}")
        if ndigits is not None:
            # Beyond these every count rounds to itself or to 0; Python's round would build 10**ndigits.
            ndigits = min(max(ndigits, -_MAX_DIGITS - 1), 400)

        def r(x: int | float) -> int | float:
            return round(x) if ndigits is None else round(x, ndigits)

        upper = None if self.upper_magnitude is None else r(self.upper_magnitude)
        low = r(self.magnitude)
        if upper is not None and upper <= low:
            return Count(low, self.unit, Qualifier.APPROXIMATE, household_size=self.household_size)
        return Count(low, self.unit, self.qualifier, upper, household_size=self.household_size)

    def __repr__(self) -> str:
        parts = [repr(self.magnitude)]
        if self.unit != PERSON:
            parts.append(f"unit={self.unit!r}")
        if self.qualifier is not Qualifier.EXACT:
            parts.append(f"qualifier=Qualifier.{self.qualifier.name}")
        if self.upper_magnitude is not None:
            parts.append(f"upper={self.upper_magnitude!r}")
        if self.household_size is not None:
            parts.append(f"household_size={self.household_size!r}")
        return f"Count({', '.join(parts)})"

    def __str__(self) -> str:
        if self.qualifier is Qualifier.RANGE:
            assert self.upper_magnitude is not None
            text = (
                f"between {_fmt(self.magnitude)} and {_fmt(self.upper_magnitude)} "
                f"{_unit_words(self.unit, True)}"
            )
        else:
            plural = self.magnitude != 1
            text = f"{_WORDS[self.qualifier]}{_fmt(self.magnitude)} {_unit_words(self.unit, plural)}"
        if self.household_size is not None:
            text += f" (at {_fmt(self.household_size)} people per household)"
        return text


# The interval algebra builds counts, so it imports this module: import it once `Count` exists.
from . import _intervals  # noqa: E402
