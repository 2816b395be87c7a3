"""What kind of disaster: `Hazard`, IDMC's classification of hazards.

IDMC classifies the hazard of every disaster it records in four levels, coarse to fine:
category > subcategory > type > subtype, for example ``Weather related > Hydrological > Flood >
Flood`` or ``Geophysical > Geophysical > Earthquake > Tsunami``. `CLASSES` lists the classes
IDMC's Helix database and its Internal Displacement Updates use (26 subtypes); a `Hazard` names
one of them at any level, with its coarser levels filled in, and keeps any words of the source's
own in `Hazard.detail`:

>>> str(Hazard.parse("flood"))
'Weather related > Hydrological > Flood > Flood'
>>> str(Hazard(subtype="Tsunami", detail="after the 7.5 quake off Noto"))
'Geophysical > Geophysical > Earthquake > Tsunami (after the 7.5 quake off Noto)'
>>> Hazard.parse("Weather related > Meteorological > Storm").subtype is None
True

A name that is no class is an error with the nearest class, never a free-text hazard that no
query would find; words that fit no class go in `detail` alone (``Hazard(detail="locust
swarm")``).
"""

from __future__ import annotations

import functools
from typing import Any, Final

import attrs

from . import _validate as v
from ._repr import compact_repr
from ._spelling import closest
from .errors import ValidationError

__all__ = ["CLASSES", "LEVELS", "SEPARATOR", "Hazard"]

LEVELS: Final = ("category", "subcategory", "type", "subtype")
"""The four levels of IDMC's classification, coarse to fine."""

SEPARATOR: Final = " > "
"""What separates the levels of a hazard written as one string (`Hazard.parse`, `str`)."""

CLASSES: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("Geophysical", "Geophysical", "Earthquake", "Earthquake"),
    ("Geophysical", "Geophysical", "Earthquake", "Tsunami"),
    ("Geophysical", "Geophysical", "Mass movement", "Dry mass movement"),
    ("Geophysical", "Geophysical", "Mass movement", "Sinkhole"),
    ("Geophysical", "Geophysical", "Volcanic activity", "Volcanic activity"),
    ("Weather related", "Climatological", "Desertification", "Desertification"),
    ("Weather related", "Climatological", "Drought", "Drought"),
    ("Weather related", "Climatological", "Erosion", "Erosion"),
    ("Weather related", "Climatological", "Salinisation", "Salinization"),
    ("Weather related", "Climatological", "Sea level rise", "Sea level rise"),
    ("Weather related", "Climatological", "Wildfire", "Wildfire"),
    ("Weather related", "Hydrological", "Flood", "Dam release flood"),
    ("Weather related", "Hydrological", "Flood", "Flood"),
    ("Weather related", "Hydrological", "Mass movement", "Avalanche"),
    ("Weather related", "Hydrological", "Mass movement", "Landslide/Wet mass movement"),
    ("Weather related", "Hydrological", "Wave action", "Rogue wave"),
    ("Weather related", "Meteorological", "Extreme temperature", "Cold wave"),
    ("Weather related", "Meteorological", "Extreme temperature", "Heat wave"),
    ("Weather related", "Meteorological", "Storm", "Hailstorm"),
    ("Weather related", "Meteorological", "Storm", "Sand/dust storm"),
    ("Weather related", "Meteorological", "Storm", "Storm"),
    ("Weather related", "Meteorological", "Storm", "Storm surge"),
    ("Weather related", "Meteorological", "Storm", "Tornado"),
    ("Weather related", "Meteorological", "Storm", "Typhoon/Hurricane/Cyclone"),
    ("Weather related", "Meteorological", "Storm", "Winter storm/Blizzard"),
    ("Mixed disasters", "Mixed disasters", "Mixed disasters", "Mixed disasters"),
)
"""IDMC's hazard classes, one row per subtype: (category, subcategory, type, subtype).

As IDMC's Helix database and its Internal Displacement Updates spell them (``Salinisation`` is
a type whose subtype IDMC spells ``Salinization``); compared without regard to case."""


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@functools.cache
def _paths() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Every path of one to four levels, folded, and the canonical spelling of that path."""
    found: dict[tuple[str, ...], tuple[str, ...]] = {}
    for row in CLASSES:
        for depth in range(1, 5):
            found[tuple(_fold(n) for n in row[:depth])] = row[:depth]
    return found


@functools.cache
def _names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each folded name (and each part of a slashed one: ``cyclone``) and the paths it ends."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for path in _paths().values():
        last = _fold(path[-1])
        keys = {last} | ({_fold(p) for p in last.split("/")} if "/" in last else set())
        for key in keys:
            found.setdefault(key, set()).add(path)
    return {k: tuple(sorted(paths, key=lambda p: (len(p), p))) for k, paths in found.items()}  # stable order


def _resolve(levels: tuple[str | None, ...]) -> tuple[str | None, ...]:
    """Check the given levels against `CLASSES` and fill in the coarser ones; raise if wrong."""
    deepest = max((i for i, n in enumerate(levels) if n is not None), default=-1)
    if deepest < 0:
        return levels
    for i, name in enumerate(levels):
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise ValidationError.single(LEVELS[i], f"expected a non-empty string, got {v.show(name)}", name)
    given = {i: _fold(n) for i, n in enumerate(levels) if n is not None}
    matches = [
        path
        for key, path in _paths().items()
        if len(key) == deepest + 1 and all(key[i] == n for i, n in given.items())
    ]
    if len(matches) == 1:
        return (*matches[0], *([None] * (3 - deepest)))
    if matches:
        level, name = LEVELS[deepest], levels[deepest]
        assert name is not None
        options = "; ".join(SEPARATOR.join(m) for m in sorted(matches))
        raise ValidationError.single(
            level,
            f"{v.quoted(name)} is a {level} under several classes ({options}): give the coarser levels",
            name,
        )
    # Blame the coarsest level that fits no class under the levels above it (a typo in the
    # category is reported there, not as a type that "is not under" the misspelt category).
    for depth in sorted(given):
        coarser = {i: n for i, n in given.items() if i < depth}
        under = sorted(
            {
                path[depth]
                for key, path in _paths().items()
                if len(key) == depth + 1 and all(key[i] == n for i, n in coarser.items())
            }
        )
        if given[depth] in {_fold(u) for u in under}:
            continue
        level, name = LEVELS[depth], levels[depth]
        assert name is not None
        where = (
            f" under {SEPARATOR.join(v.quoted(str(levels[i])) for i in sorted(coarser))}" if coarser else ""
        )
        near = closest(given[depth], {_fold(u): u for u in under})
        if near is not None:
            hint = f"; did you mean {next(u for u in under if _fold(u) == near)!r}?"
        elif len(under) <= 8:
            hint = f"; IDMC's are {', '.join(under)}"
        else:
            hint = ""
        raise ValidationError.single(
            level, f"{v.quoted(name)} is not an IDMC hazard {level}{where}{hint}", name
        )
    raise AssertionError("unreachable: every level fits, so some class matches")  # pragma: no cover


@attrs.frozen
class Hazard:
    """A disaster's hazard: a class of IDMC's classification (`CLASSES`), and words of its own.

    Give any level; the coarser ones are filled in when only one class fits (``type="Flood"``
    is ``Weather related > Hydrological > Flood``), and a finer one may stay unknown. Names are
    compared without regard to case and stored as IDMC spells them. *detail* keeps what the
    source said ("flash floods after a cloudburst"); a hazard with a detail alone names no class.

    >>> Hazard(type="storm").subcategory
    'Meteorological'
    >>> Hazard(subtype="Tornado").within(Hazard(type="Storm"))
    True
    """

    __repr__ = compact_repr

    category: str | None = attrs.field(default=None, kw_only=True)
    """``Geophysical``, ``Weather related`` or ``Mixed disasters``."""
    subcategory: str | None = attrs.field(default=None, kw_only=True)
    """``Hydrological``, ``Meteorological``, ``Climatological``... (see `CLASSES`)."""
    type: str | None = attrs.field(default=None, kw_only=True)
    """``Flood``, ``Storm``, ``Earthquake``... (see `CLASSES`)."""
    subtype: str | None = attrs.field(default=None, kw_only=True)
    """``Flood``, ``Typhoon/Hurricane/Cyclone``, ``Tsunami``... (see `CLASSES`)."""
    detail: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """The source's own words for it."""

    def __attrs_post_init__(self) -> None:
        levels = (self.category, self.subcategory, self.type, self.subtype)
        if all(n is None for n in levels):
            if self.detail is None:
                raise ValidationError.single(
                    "category", "a hazard names an IDMC class or gives a detail (or both)", None
                )
            return
        resolved = _resolve(levels)
        for level, name in zip(LEVELS, resolved, strict=True):
            object.__setattr__(self, level, name)

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels known, coarse to fine (empty for a detail alone)."""
        found = (self.category, self.subcategory, self.type, self.subtype)
        return tuple(n for n in found if n is not None)

    def within(self, other: Hazard) -> bool:
        """True when this hazard is *other*'s class or one of its subclasses."""
        if not isinstance(other, Hazard):
            raise ValidationError.single(
                "other",
                f"within() takes a Hazard (Hazard.parse(...) reads a name), got {v.show(other)}",
                other,
            )
        mine, theirs = self.levels, other.levels
        return bool(theirs) and mine[: len(theirs)] == theirs

    @classmethod
    def parse(cls, text: str, *, detail: str | None = None) -> Hazard:
        """The hazard *text* names: a path (``Weather related > Hydrological > Flood``) or one name.

        One name is looked up at every level, and also each part of a slashed one
        (``cyclone`` is ``Typhoon/Hurricane/Cyclone``). A name that is both a type and its own
        subtype (``Flood > Flood``) is the subtype: IDMC's class for a flood of no finer kind.
        """
        if not isinstance(text, str) or not text.strip():
            raise ValidationError.single("hazard", f"expected a hazard name, got {v.show(text)}", text)
        if SEPARATOR.strip() in text:
            parts = [p.strip() for p in text.split(SEPARATOR.strip())]
            if len(parts) > 4 or not all(parts):
                raise ValidationError.single(
                    "hazard",
                    f"{v.quoted(text)} is not a path of one to four levels such as {SEPARATOR.join(CLASSES[12])!r}",
                    text,
                )
            levels: list[str | None] = [*parts, *([None] * (4 - len(parts)))]
            return cls(
                category=levels[0], subcategory=levels[1], type=levels[2], subtype=levels[3], detail=detail
            )
        paths = _names().get(_fold(text))
        if paths is None:
            near = closest(_fold(text), _names())
            hint = f"; did you mean {_names()[near][-1][-1]!r}?" if near is not None else ""
            raise ValidationError.single(
                "hazard",
                f"{v.quoted(text)} is not an IDMC hazard class{hint} (words of your own go in Hazard(detail=...))",
                text,
            )
        finest = [p for p in paths if len(p) == len(paths[-1])]
        shortest = paths[0]
        if len(finest) > 1 and not all(p[: len(shortest)] == shortest for p in finest):
            options = "; ".join(SEPARATOR.join(p) for p in finest)
            raise ValidationError.single(
                "hazard", f"{v.quoted(text)} names several IDMC classes ({options}): write the path", text
            )
        path = finest[0] if len(finest) == 1 else shortest
        if len(path) == 3 and (*path, path[-1]) in CLASSES:
            path = (*path, path[-1])
        levels = [*path, *([None] * (4 - len(path)))]
        return cls(
            category=levels[0], subcategory=levels[1], type=levels[2], subtype=levels[3], detail=detail
        )

    def __str__(self) -> str:
        named = SEPARATOR.join(self.levels)
        if self.detail is None:
            return named
        return f"{named} ({self.detail})" if named else self.detail


def to_hazard(value: Any) -> Any:
    """The converter of `Event.hazard`: a string is read by `Hazard.parse`; anything else is kept."""
    if isinstance(value, str):
        return Hazard.parse(value)
    return value
