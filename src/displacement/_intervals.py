"""The interval algebra of counts, shared by `Count` arithmetic and by totals.

A count states an interval of possible true values: ``more than 98,000`` is (98,000, no upper
bound), ``about 5,000`` is [5,000, 5,000] marked approximate. `interval_of` reads that interval,
`count_of` states an interval as the count that says it (the table of docs/counting.md), and
`unit_factor` puts magnitudes of one unit into another (person / week into person / day).
`Count.__add__` and comparisons, and `displacement.totals`, all work through these three.
"""

from __future__ import annotations

import functools
from typing import TypeAlias

from .count import Count, Qualifier
from .errors import UnitError
from .units import base_unit, library_registry

Interval: TypeAlias = tuple[int | float, bool, int | float | None, bool, bool]
"""(lower, lower excluded, upper or None, upper excluded, approximate)."""


def interval_of(count: Count) -> Interval:
    """The interval of possible true values that *count* states."""
    q, m = count.qualifier, count.magnitude
    if q is Qualifier.EXACT:
        return (m, False, m, False, False)
    if q is Qualifier.APPROXIMATE:
        return (m, False, m, False, True)
    if q is Qualifier.AT_LEAST:
        return (m, False, None, False, False)
    if q is Qualifier.MORE_THAN:
        return (m, True, None, False, False)
    if q is Qualifier.AT_MOST:
        return (0, False, m, False, False)
    if q is Qualifier.LESS_THAN:
        return (0, False, m, True, False)
    return (m, False, count.upper_magnitude, False, False)


@functools.lru_cache(maxsize=256)
def unit_factor(source: str, target: str) -> float:
    """The number that turns a magnitude in *source* units into *target* units (1 when equal).

    Persons and households do not convert without a household size: that is a `UnitError`.
    """
    if source == target:
        return 1
    if base_unit(source) != base_unit(target):
        raise UnitError(
            f"cannot combine {base_unit(source)}s and {base_unit(target)}s without a household size: "
            "convert with to_persons(...) or HouseholdSizes first"
        )
    import pint

    try:
        return float(library_registry().Quantity(1, source).to(target).magnitude)
    except pint.errors.PintError:
        raise UnitError(f"cannot combine a count in {source!r} with one in {target!r}") from None


def count_of(
    low: int | float,
    low_excluded: bool,
    high: int | float | None,
    high_excluded: bool,
    approximate: bool,
    unit: str,
    household_size: int | float | None = None,
) -> Count:
    """The count that states an interval: the algebra of docs/counting.md."""
    if high is None:
        qualifier = Qualifier.MORE_THAN if low_excluded else Qualifier.AT_LEAST
        return Count(low, unit, qualifier, household_size=household_size)
    if low == high:
        qualifier = Qualifier.APPROXIMATE if approximate else Qualifier.EXACT
        return Count(low, unit, qualifier, household_size=household_size)
    if low == 0 and not low_excluded:
        qualifier = Qualifier.LESS_THAN if high_excluded else Qualifier.AT_MOST
        return Count(high, unit, qualifier, household_size=household_size)
    return Count(low, unit, Qualifier.RANGE, high, household_size=household_size)
