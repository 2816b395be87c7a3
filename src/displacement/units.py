"""Units of displacement: one shared pint registry with ``person`` and ``household``.

``person`` (alias ``people``, ``persons``, ``individuals``) and ``household`` (alias
``households``, ``family``, ``families``) are *separate* dimensions, so adding households to
persons is an error rather than a silent sum, and persons never mix with metres. Households become
persons only through an explicit household size:

>>> from displacement import ureg
>>> q = 200 * ureg.household
>>> q.to("person", "household_size", size=4.5)
<Quantity(900.0, 'person')>

Time units are pint's own, so a rate such as ``person / day`` is a real quantity.

An application that owns a pint registry can put the library's units into it with
`define_units`; it is safe to call more than once.
"""

from __future__ import annotations

import functools
import math
from typing import Any, cast

import pint

from .errors import UnitError

__all__ = [
    "HOUSEHOLD",
    "PERSON",
    "active_household_size",
    "canonical_unit",
    "define_units",
    "ureg",
]

PERSON = "person"
"""The canonical unit name of a count of people."""
HOUSEHOLD = "household"
"""The canonical unit name of a count of households."""

_DEFINITIONS = (
    "person = [population] = _ = persons = people = individual = individuals",
    "household = [household] = hh = households = family = families",
)
_CONTEXT = "household_size"

# Spellings of the two units that need no parsing (the common case, kept off pint's parser).
_ALIASES = {
    "person": PERSON,
    "persons": PERSON,
    "people": PERSON,
    "individual": PERSON,
    "individuals": PERSON,
    "household": HOUSEHOLD,
    "households": HOUSEHOLD,
    "hh": HOUSEHOLD,
    "family": HOUSEHOLD,
    "families": HOUSEHOLD,
}


def _household_size(size: Any) -> Any:
    if size is None:
        raise UnitError(
            "converting households to persons needs a household size: "
            "pass size=... to the 'household_size' context"
        )
    magnitude = getattr(size, "magnitude", size)
    if isinstance(magnitude, bool) or not isinstance(magnitude, int | float):
        raise UnitError(f"household size must be a number, got {magnitude!r}")
    if not math.isfinite(magnitude) or magnitude <= 0:
        raise UnitError(f"household size must be a positive finite number, got {magnitude!r}")
    return magnitude


def define_units(registry: pint.UnitRegistry[Any]) -> pint.UnitRegistry[Any]:
    """Define ``person``, ``household`` and the ``household_size`` context in *registry*.

    Idempotent: a registry that already has them is returned unchanged, so an application may call
    this on its own registry at start-up without caring whether someone did before.
    """
    if "person" in registry and "household" in registry and _CONTEXT in registry._contexts:
        return registry
    for definition in _DEFINITIONS:
        registry.define(definition)

    context = pint.Context(_CONTEXT, defaults={"size": None})

    def to_persons(reg: Any, value: Any, size: Any = None) -> Any:
        return value * _household_size(size) * reg.person / reg.household

    def to_households(reg: Any, value: Any, size: Any = None) -> Any:
        return value / _household_size(size) * reg.household / reg.person

    context.add_transformation("[household]", "[population]", cast(Any, to_persons))
    context.add_transformation("[population]", "[household]", cast(Any, to_households))
    registry.add_context(context)
    return registry


ureg: pint.UnitRegistry[Any] = define_units(pint.UnitRegistry())
"""The library's shared unit registry: pint's defaults plus ``person`` and ``household``."""

_ALLOWED = {
    ureg.person.dimensionality: PERSON,
    ureg.household.dimensionality: HOUSEHOLD,
}


def canonical_unit(unit: str) -> str:
    """Return the canonical name of a count unit, or raise `UnitError`.

    A count unit is ``person`` or ``household``, optionally per unit of time (a rate):

    >>> canonical_unit("people")
    'person'
    >>> canonical_unit("families")
    'household'
    >>> canonical_unit("persons / week")
    'person / week'
    >>> canonical_unit("metre")
    Traceback (most recent call last):
    ...
    displacement.errors.UnitError: 'metre' is not a count unit: expected person or household (optionally per time), got [length]
    """
    if not isinstance(unit, str):
        raise UnitError(f"a unit must be a string, got {unit!r}")
    return _canonical_unit(unit)


@functools.lru_cache(maxsize=256)
def _canonical_unit(unit: str) -> str:
    key = unit.strip()
    if key.lower() in _ALIASES:
        return _ALIASES[key.lower()]
    try:
        parsed = ureg.parse_units(key)
    except Exception as exc:  # pint's parser raises many unrelated types (even AssertionError)
        raise UnitError(f"{unit!r} is not a known unit ({exc})") from None
    dims = parsed.dimensionality
    for base in _ALLOWED:
        if dims == base:
            return str(parsed)
        if dims == base / ureg.second.dimensionality:
            return str(parsed)
    raise UnitError(
        f"{unit!r} is not a count unit: expected person or household (optionally per time), "
        f"got {dims or 'dimensionless'}"
    )


def base_unit(unit: str) -> str:
    """Return ``person`` or ``household``: what a canonical count unit counts (rates included)."""
    if unit in (PERSON, HOUSEHOLD):
        return unit
    return PERSON if "[population]" in ureg.parse_units(unit).dimensionality else HOUSEHOLD


def active_household_size(registry: pint.UnitRegistry[Any] | None = None) -> float | None:
    """The size of the ``household_size`` context active on *registry* (default `ureg`), or None.

    >>> active_household_size() is None
    True
    >>> with ureg.context("household_size", size=4.5):
    ...     active_household_size()
    4.5
    """
    reg = ureg if registry is None else registry
    try:
        size = reg.Quantity(1.0, "household").to("person").magnitude
    except pint.errors.DimensionalityError:
        return None
    return float(size)
