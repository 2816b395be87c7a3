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

Quantities of `ureg` pickle and unpickle in a fresh process (multiprocessing with spawn, joblib,
Dask, Spark): they are rebuilt on the registry the library hands out there (`registry`), not on
pint's application registry, which knows nothing of ``person``.

An application that owns a pint registry can put the library's units into it with
`define_units` (safe to call more than once) and have the library hand out quantities of that
registry with `use_registry`, so that its own quantities and the library's combine:

>>> import pint
>>> from displacement import Count
>>> app = pint.UnitRegistry()
>>> previous = use_registry(app)
>>> Count(98000).value + app.Quantity(2000, "person")
<Quantity(100000, 'person')>
>>> _ = use_registry(previous)

Importing `displacement` never changes pint's application registry or any registry it was not
handed.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final, cast

from ._validate import positive_problem
from .errors import UnitError

if TYPE_CHECKING:
    import pint

__all__ = [
    "HOUSEHOLD",
    "PERSON",
    "TIME_UNITS",
    "active_household_size",
    "base_unit",
    "canonical_unit",
    "define_units",
    "library_registry",
    "per_time",
    "registry",
    "use_registry",
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
    problem = positive_problem(magnitude, "persons per household")
    if problem is not None:
        raise UnitError(f"household size: {problem}")
    return magnitude


def define_units(registry: pint.UnitRegistry[Any]) -> pint.UnitRegistry[Any]:
    """Define ``person``, ``household`` and the ``household_size`` context in *registry*.

    Idempotent: a registry that already has them is returned unchanged, so an application may call
    this on its own registry at start-up without caring whether someone did before.
    """
    import pint  # imported on first use: see library_registry

    if isinstance(registry, pint.registry.ApplicationRegistry):
        registry = registry.get()
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


_library: pint.UnitRegistry[Any] | None = None
_active: pint.UnitRegistry[Any] | None = None  # None: the library's own registry


def library_registry() -> pint.UnitRegistry[Any]:
    """The library's own registry, `ureg`, built on first use.

    Building a pint registry with its default definitions takes about a tenth of a second, so
    ``import displacement`` does not: records keep plain numbers and unit names, and most code
    that only validates or loads records never needs a quantity.
    """
    global _library
    if _library is None:
        import pint  # not at import: ``import displacement`` stays quick, pint loads with the registry

        built = define_units(pint.UnitRegistry())
        # pint pickles quantities by unit names and rebuilds them on its *application*
        # registry, where ``person`` is undefined in a fresh process. The Quantity and Unit
        # classes of this registry are its own subclasses, so this changes how the library's
        # quantities pickle and nobody else's.
        built.Quantity.__reduce__ = _reduce_quantity  # type: ignore[method-assign]
        built.Unit.__reduce__ = _reduce_unit  # type: ignore[method-assign]
        _library = built
    return _library


def __getattr__(name: str) -> Any:
    if name == "ureg":
        return library_registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    ureg: pint.UnitRegistry[Any]
    """The library's shared unit registry: pint's defaults plus ``person`` and ``household``."""


def _rebuild_quantity(magnitude: Any, units: str) -> Any:
    """Unpickle a library quantity on the registry the library hands out in this process."""
    return registry().Quantity(magnitude, units)


def _rebuild_unit(units: str) -> Any:
    """Unpickle a library unit on the registry the library hands out in this process."""
    return registry().Unit(units)


def _reduce_quantity(self: Any) -> tuple[Any, ...]:
    return (_rebuild_quantity, (self.magnitude, str(self.units)))


def _reduce_unit(self: Any) -> tuple[Any, ...]:
    return (_rebuild_unit, (str(self),))


def registry() -> pint.UnitRegistry[Any]:
    """The registry whose quantities the library hands out (`ureg` unless `use_registry` changed it)."""
    return library_registry() if _active is None else _active


def use_registry(registry: pint.UnitRegistry[Any] | None) -> pint.UnitRegistry[Any]:
    """Hand out quantities of *registry* from now on (``None``: the library's own `ureg`).

    The library's units are defined into *registry* first (see `define_units`), so this is all an
    application with its own registry needs; the registry in use before is returned, so it can be
    restored. Counts keep plain numbers and unit names, so no existing record changes.
    """
    import pint  # imported on first use: see library_registry

    global _active
    previous = library_registry() if _active is None else _active
    if isinstance(registry, pint.registry.ApplicationRegistry):
        registry = registry.get()
    if registry is None:
        _active = None
    elif isinstance(registry, pint.UnitRegistry):
        _active = None if registry is _library else define_units(registry)
    else:
        raise UnitError(f"expected a pint.UnitRegistry or None, got {registry!r}")
    return previous


TIME_UNITS: Final = ("second", "minute", "hour", "day", "week", "fortnight", "month", "year")
"""The units of time a rate may be per (``person / day``), by their pint names.

pint's abbreviations and plurals of these are accepted too (``s``, ``h``, ``d``, ``yr``,
``days``); prefixed ones (``kiloday``, ``millisecond``) and pint's other units of time are not.
"""

_MAX_UNIT_LENGTH = 100
_ACCEPTED = (
    "a count unit is person (or people, persons, individual, individuals) or household (or "
    "households, hh, family, families), optionally per "
    + ", ".join(TIME_UNITS[:-1])
    + " or "
    + TIME_UNITS[-1]
    + " for a rate (such as 'person / day'), without prefixes or factors"
)


def canonical_unit(unit: str) -> str:
    """Return the canonical name of a count unit, or raise `UnitError`.

    A count unit is ``person`` or ``household`` (or one of their aliases), optionally per one of
    the `TIME_UNITS` (a rate). Nothing else is: no prefixes (``kiloperson``), no factors
    (``percent * person``), no other dimensions. The message of the error lists what is accepted.

    >>> canonical_unit("people")
    'person'
    >>> canonical_unit("families")
    'household'
    >>> canonical_unit("persons / week")
    'person / week'
    >>> canonical_unit("metre")
    Traceback (most recent call last):
    ...
    displacement.errors.UnitError: 'metre' is not a count unit: a count unit is person (or people, persons, individual, individuals) or household (or households, hh, family, families), optionally per second, minute, hour, day, week, fortnight, month or year for a rate (such as 'person / day'), without prefixes or factors
    >>> canonical_unit("kiloperson")
    Traceback (most recent call last):
    ...
    displacement.errors.UnitError: 'kiloperson' is not a count unit: a count unit is person (or people, persons, individual, individuals) or household (or households, hh, family, families), optionally per second, minute, hour, day, week, fortnight, month or year for a rate (such as 'person / day'), without prefixes or factors
    """
    return _classify(unit)[0]


def base_unit(unit: str) -> str:
    """Return ``person`` or ``household``: what a count unit counts (rates included), or raise `UnitError`.

    >>> base_unit("household / week")
    'household'
    >>> base_unit("metre")
    Traceback (most recent call last):
    ...
    displacement.errors.UnitError: 'metre' is not a count unit: a count unit is person (or people, persons, individual, individuals) or household (or households, hh, family, families), optionally per second, minute, hour, day, week, fortnight, month or year for a rate (such as 'person / day'), without prefixes or factors
    """
    return _classify(unit)[1]


def per_time(unit: str) -> str | None:
    """The unit of time a count unit is per (``"day"`` for ``person / day``), or ``None`` for a plain count.

    >>> per_time("people / d"), per_time("household")
    ('day', None)
    """
    return _classify(unit)[2]


def _show(unit: object) -> str:
    text = repr(unit)
    return text if len(text) <= 80 else text[:77] + "..."


def _classify(unit: object) -> tuple[str, str, str | None]:
    """(canonical name, what it counts, per which unit of time or None); `UnitError` for anything else."""
    if not isinstance(unit, str):
        raise UnitError(f"a unit must be a string, got {_show(unit)} ({type(unit).__name__})")
    if len(unit) > _MAX_UNIT_LENGTH:  # no count unit is this long; keep pint's parser off it
        raise UnitError(f"{_show(unit)} is not a count unit: {_ACCEPTED}")
    return _classify_text(unit)


@functools.lru_cache(maxsize=256)
def _classify_text(unit: str) -> tuple[str, str, str | None]:
    key = unit.strip()
    alias = _ALIASES.get(key.lower())
    if alias is not None:
        return alias, alias, None
    try:
        parsed = dict(library_registry().parse_units_as_container(key))
    except Exception:  # pint's parser raises many unrelated types (even AssertionError)
        raise UnitError(f"{_show(unit)} is not a count unit: {_ACCEPTED}") from None
    bases = [name for name in (PERSON, HOUSEHOLD) if parsed.get(name) == 1]
    times = [name for name, power in parsed.items() if name in TIME_UNITS and power == -1]
    if len(bases) != 1 or len(parsed) != 1 + len(times) or len(times) > 1:
        raise UnitError(f"{_show(unit)} is not a count unit: {_ACCEPTED}")
    base = bases[0]
    if not times:
        return base, base, None
    return f"{base} / {times[0]}", base, times[0]


def active_household_size(registry: pint.UnitRegistry[Any] | None = None) -> float | None:
    """The size of the ``household_size`` context active on *registry* (default `ureg`), or None.

    >>> active_household_size() is None
    True
    >>> with library_registry().context("household_size", size=4.5):
    ...     active_household_size()
    4.5
    """
    import pint  # imported on first use: see library_registry

    reg = library_registry() if registry is None else registry
    try:
        size = reg.Quantity(1.0, "household").to("person").magnitude
    except pint.errors.DimensionalityError:
        return None
    return float(size)
