"""Persons per household, country by country: `HouseholdSizes`, a table the user supplies.

Households become persons only through a household size. One size for everything is
`Count.to_persons(household_size=...)` (or the ``household_size`` pint context); a size per
country, from a census or the UN's household size database, is a `HouseholdSizes`:

>>> from displacement import Count, Place
>>> sizes = HouseholdSizes({"AFG": 7.4, "SYR": 4.9}, source="census estimates")
>>> sizes["AFG"]
7.4
>>> sizes.to_persons(Count(200, "households"), Place("AFG"))
Count(1480.0, household_size=7.4)
>>> sizes.size("KAZ")
Traceback (most recent call last):
...
displacement.errors.UnitError: no household size for 'KAZ' (sizes are given for AFG, SYR, and there is no default)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from . import _validate as v
from .count import Count, size_problem
from .errors import ErrorDetail, UnitError, ValidationError
from .place import Place, check_country

__all__ = ["HouseholdSizes"]


class _Missing(UnitError, KeyError):
    """A country without a size: a `UnitError` that is also the `KeyError` a mapping raises."""

    def __str__(self) -> str:
        return str(self.args[0])


def _pairs(value: Any) -> Any:
    if isinstance(value, Mapping):
        try:
            return tuple(sorted(value.items()))
        except TypeError:
            return tuple(value.items())
    return value


# What `HouseholdSizes` takes, for type checkers: attrs' mypy plugin types ``sizes`` from this
# signature. At run time it is `_pairs`, whose ``Any`` annotations attrs copies into ``__init__``.
if TYPE_CHECKING:

    def _to_pairs(
        value: Mapping[str, float] | tuple[tuple[str, float], ...],
    ) -> tuple[tuple[str, float], ...]: ...

else:
    _to_pairs = _pairs


def _brief(value: Any) -> str:
    """`repr` of a key for messages, bounded (a 100,000-character string, an int of 5,000 digits)."""
    if isinstance(value, int) and abs(value) >= 2**128:
        return "<an int of more than 38 digits>"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _key(code: Any) -> str:
    """``sizes['AFG']``, the path of one size."""
    return f"sizes[{_brief(code)}]"


def _check_sizes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise v.fail(attribute, f"expected a mapping of country codes to sizes, got {v.show(value)}", value)
    errors: list[ErrorDetail] = []
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise v.fail(attribute, f"expected (country, size) pairs, got {v.show(item)}", item)
        code, size = item
        try:
            check_country(instance, attribute, code)
        except ValidationError as exc:
            errors.extend(ErrorDetail(_key(code), e.message, code) for e in exc.errors)
            continue
        problem = size_problem(size)
        if problem is not None:
            errors.append(ErrorDetail(_key(code), problem, size))
    if errors:
        raise ValidationError(errors)


def _check_default(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    problem = None if value is None else size_problem(value)
    if problem is not None:
        raise v.fail(attribute, problem, value)


@attrs.frozen
class HouseholdSizes(Mapping[str, float]):
    """Persons per household by ISO 3166-1 alpha-3 country code, with an optional *default*.

    A read-only mapping (``sizes["AFG"]``); *source* says where the sizes come from, so a total
    derived with them can say so too.
    """

    sizes: tuple[tuple[str, float], ...] = attrs.field(converter=_to_pairs, validator=_check_sizes)
    """``(country, persons per household)`` pairs, sorted by country."""
    default: float | None = attrs.field(default=None, kw_only=True, validator=_check_default)
    """The size for countries not in `sizes`; ``None`` makes a missing country an error."""
    source: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Where the sizes come from ("UN DESA Household Size and Composition 2022")."""
    _table: dict[str, float] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_table", dict(self.sizes))

    def size(self, country: str | Place) -> float:
        """Persons per household in *country* (a code or a `Place`), or the default; else `UnitError`."""
        code = country.country if isinstance(country, Place) else country
        found = self._table.get(code) if isinstance(code, str) else None
        if found is not None:
            return found
        if self.default is not None:
            return self.default
        known = ", ".join(self._table) or "no country"
        raise UnitError(
            f"no household size for {_brief(code)} (sizes are given for {known}, and there is no default)"
        )

    def to_persons(self, count: Count, country: str | Place) -> Count:
        """*count* in persons, at the household size of *country* (recorded on the result)."""
        if not isinstance(count, Count):
            raise UnitError(f"expected a Count to convert to persons, got {v.show(count)}")
        return count.to_persons(self.size(country))

    def __getitem__(self, country: str) -> float:
        try:
            return self._table[country]
        except (KeyError, TypeError):
            raise _Missing(f"no household size for {_brief(country)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)
