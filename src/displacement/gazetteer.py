"""Administrative units below the country: OCHA p-codes, their names, levels and parents.

A `Gazetteer` knows which p-codes exist, at which admin level, inside which parent, and under
which names. `Place` checks every p-code it is given against the gazetteer in use (`current`),
and fills in the parent codes a finer code implies; readers resolve the names in a table
(``Baidoa``) to codes (``SO2401``) with `Gazetteer.find`.

The gazetteer in use by default is `Gazetteer.ocha`: OCHA's Global P-Code List (admin levels 1 and
2 of 156 countries, from the COD gazetteers, CC BY), shipped inside the package and read on first
use. It is in the package rather than an extra because it is small (290 kB compressed) and a p-code
cannot be checked without it.

>>> ocha = Gazetteer.ocha()
>>> baidoa = ocha.find("Baidoa", country="SOM")
>>> baidoa.code, baidoa.name, baidoa.parent, ocha[baidoa.parent].name
('SO2401', 'Baydhaba', 'SO24', 'Bay')

A code below the deepest level the gazetteer lists for a country (Ethiopia's woredas, admin3)
is checked through its parent: it must begin with the code of a listed unit, and have the length
the country's codes have at that level. A code *at* a listed level that the list lacks (a unit
newer than the list) is refused until it is added, with `Gazetteer.with_units` and `use`, so
validation stays on for every other code:

>>> newer = Unit("SO2899", level=2, country="SOM", name="New district", parent="SO28")
>>> with use(Gazetteer.ocha().with_units([newer])):
...     current()["SO2899"].name
'New district'
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import datetime
import difflib
import functools
import gzip
import io
import re
import types
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import Any

import attrs

from . import _validate as v
from ._repr import compact_repr
from ._spelling import closest
from .errors import ValidationError

__all__ = ["ALIASES", "LEVELS", "Gazetteer", "Unit", "current", "use"]

LEVELS = (1, 2, 3)
"""The administrative levels below the country that a `Place` holds (admin1 to admin3)."""

ALIASES: Mapping[str, Mapping[str, str]] = types.MappingProxyType(
    {
        "SOM": types.MappingProxyType(
            {
                # UNHCR Somalia PRMN spellings of COD units.
                "Baidoa": "SO2401",  # COD: Baydhaba
                "Kismayo": "SO2801",  # COD: Kismaayo
                "Lasqoray": "SO1503",  # COD: Laasqoray
            }
        ),
    }
)
"""Known other spellings of unit names, by country: name -> p-code. Read-only.

Only spellings of the *same* unit belong here. A name for something the gazetteer does not hold
(Somalia's ``Badhan`` and ``Dhahar``, districts missing from the COD) is not an alias: it stays
unresolved, and readers count it. `Gazetteer.with_aliases` adds more for one gazetteer.
"""

_CODE = re.compile(r"[A-Z0-9][A-Za-z0-9_-]{0,19}\Z")
"""What a p-code may look like: letters, digits, ``_`` and ``-``, at most 20 characters."""


def _check_level(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value not in LEVELS:
        raise v.fail(attribute, f"expected an admin level 1, 2 or 3, got {v.show(value)}", value)


@attrs.frozen(repr=False)
class Unit:
    """One administrative unit: its p-code, level, country, name and parent unit."""

    code: str = attrs.field(validator=v.text)
    """The p-code (``SO2401``)."""
    level: int = attrs.field(kw_only=True, validator=_check_level)
    """The admin level: 1 (a region, state, province...), 2 (a district, zone...) or 3."""
    country: str = attrs.field(kw_only=True, validator=v.text)
    """The ISO 3166-1 alpha-3 code of its country."""
    name: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """Its name in the gazetteer (English or Latin script)."""
    parent: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """The p-code of the unit one level up; ``None`` for admin1 (its parent is the country)."""
    valid_from: datetime.date | None = attrs.field(default=None, kw_only=True)
    """The date from which the code is valid, when the gazetteer gives it."""

    def __attrs_post_init__(self) -> None:
        if self.level == 1 and self.parent is not None:
            raise ValidationError.single(
                "parent", "an admin1 unit's parent is its country: give none", self.parent
            )
        if self.level > 1 and self.parent is None:
            raise ValidationError.single(
                "parent", f"an admin{self.level} unit needs its parent's p-code", None
            )

    __repr__ = compact_repr


def _key(name: str) -> str:
    """A name as matching sees it: no accents, no case, punctuation and spaces as one space."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


class Gazetteer:
    """Administrative units by p-code, with their names: what `Place` checks its codes against.

    Build one from `Unit` records, or take the bundled list with `Gazetteer.ocha`. Immutable:
    `with_units` and `with_aliases` return a new gazetteer. *lengths* gives, per country, the
    characters each level adds to a code (``{"ETH": (2, 2, 2)}`` for admin1 to admin3), used to
    check codes below the deepest level listed.
    """

    def __init__(
        self,
        units: Iterable[Unit] = (),
        *,
        aliases: Mapping[str, Mapping[str, str]] | None = None,
        lengths: Mapping[str, tuple[int | None, ...]] | None = None,
    ) -> None:
        found: dict[str, Unit] = {}
        for unit in units:
            if not isinstance(unit, Unit):
                raise ValidationError.single("units", f"expected a Unit, got {v.show(unit)}", unit)
            if unit.code in found and found[unit.code] != unit:
                raise ValidationError.single("units", f"p-code {unit.code!r} is given twice", unit.code)
            found[unit.code] = unit
        self._units: Mapping[str, Unit] = types.MappingProxyType(found)
        self._aliases = {country: dict(names) for country, names in (aliases or {}).items()}
        self._lengths = dict(lengths or {})
        for country, names in self._aliases.items():
            for name, code in names.items():
                aliased = found.get(code)
                if aliased is None or aliased.country != country:
                    raise ValidationError.single(
                        "aliases", f"{country} alias {name!r} names {code!r}, not a unit of {country}", code
                    )

    @classmethod
    @functools.cache
    def ocha(cls) -> Gazetteer:
        """The bundled OCHA Global P-Code List (admin1 and admin2, 156 countries) with `ALIASES`.

        Read once, on first use (about 0.1 s), from ``displacement/data`` in the package; see
        its ``README.md`` for the source and licence (CC BY, OCHA).
        """
        units = []
        for row in _rows("global_pcodes_adm1_adm2.csv.gz"):
            country, level, code, name, parent, since = row[:6]
            units.append(
                Unit(
                    code,
                    level=int(level),
                    country=country,
                    name=name or None,
                    parent=None if level == "1" else parent,
                    valid_from=datetime.date.fromisoformat(since) if since else None,
                )
            )
        lengths = {
            row[0]: tuple(_length(cell) for cell in row[2:5]) for row in _rows("global_pcode_lengths.csv.gz")
        }
        return cls(units, aliases=ALIASES, lengths=lengths)

    def with_units(self, units: Iterable[Unit]) -> Gazetteer:
        """A gazetteer with *units* added: the way to accept p-codes newer than the list."""
        return Gazetteer([*self._units.values(), *units], aliases=self._aliases, lengths=self._lengths)

    def with_aliases(self, aliases: Mapping[str, Mapping[str, str]]) -> Gazetteer:
        """A gazetteer with more spellings, by country: ``{"SOM": {"Baidoa town": "SO2401"}}``."""
        merged = {country: dict(names) for country, names in self._aliases.items()}
        for country, names in aliases.items():
            merged.setdefault(country, {}).update(names)
        return Gazetteer(self._units.values(), aliases=merged, lengths=self._lengths)

    def __getitem__(self, code: str) -> Unit:
        unit = self._units.get(code)
        if unit is None:
            raise KeyError(code)
        return unit

    def get(self, code: str) -> Unit | None:
        """The unit with p-code *code*, or ``None``."""
        return self._units.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._units

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._units.values())

    def __len__(self) -> int:
        return len(self._units)

    def __repr__(self) -> str:
        return f"<Gazetteer: {len(self._units)} units in {len(self._depths)} countries>"

    @functools.cached_property
    def _depths(self) -> Mapping[str, int]:
        depth: dict[str, int] = {}
        for unit in self._units.values():
            depth[unit.country] = max(depth.get(unit.country, 0), unit.level)
        return depth

    @functools.cached_property
    def _codes(self) -> Mapping[tuple[str, int], list[str]]:
        """(country, level) -> the p-codes listed there: where a near miss looks for its nearest."""
        found: dict[tuple[str, int], list[str]] = {}
        for unit in self._units.values():
            found.setdefault((unit.country, unit.level), []).append(unit.code)
        return found

    def depth(self, country: str) -> int:
        """The deepest admin level listed for *country*: 0 when the gazetteer does not cover it."""
        return self._depths.get(country, 0)

    @functools.cached_property
    def _names(self) -> Mapping[str, Mapping[str, tuple[Unit, ...]]]:
        """Country -> name key -> the units of that name (aliases included)."""
        index: dict[str, dict[str, list[Unit]]] = {}
        for unit in self._units.values():
            if unit.name:
                index.setdefault(unit.country, {}).setdefault(_key(unit.name), []).append(unit)
        for country, names in self._aliases.items():
            for name, code in names.items():
                same = index.setdefault(country, {}).setdefault(_key(name), [])
                if self._units[code] not in same:
                    same.append(self._units[code])
        return {c: {k: tuple(units) for k, units in names.items()} for c, names in index.items()}

    def ancestors(self, unit: Unit) -> tuple[Unit, ...]:
        """The units that contain *unit*, from admin1 down to its parent."""
        found: list[Unit] = []
        parent = unit.parent
        while parent is not None and parent in self._units:
            found.append(self._units[parent])
            parent = self._units[parent].parent
        return tuple(reversed(found))

    def candidates(
        self, name: str, *, country: str, level: int | None = None, within: str | None = None
    ) -> tuple[Unit, ...]:
        """Every unit of *country* called *name* (or one of its `ALIASES`), optionally at *level*
        and inside (or equal to) the unit with p-code *within*; accents, case and punctuation
        are ignored. Empty when none is."""
        found = self._names.get(country, {}).get(_key(name), ())
        return tuple(
            u
            for u in found
            if (level is None or u.level == level)
            and (within is None or u.code == within or any(a.code == within for a in self.ancestors(u)))
        )

    def find(self, name: str, *, country: str, level: int | None = None, within: str | None = None) -> Unit:
        """The one unit `candidates` gives; a `ValidationError` naming the nearest names when
        there is none, or the candidates when there are several.

        >>> Gazetteer.ocha().find("Kismaio", country="SOM")
        Traceback (most recent call last):
        ...
        displacement.errors.ValidationError: name: no unit of SOM is called 'Kismaio' (nearest: 'Kismaayo' SO2801)
        """
        if not isinstance(name, str):
            raise ValidationError.single("name", f"expected a place name, got {v.show(name)}", name)
        found = self.candidates(name, country=country, level=level, within=within)
        if len(found) == 1:
            return found[0]
        where = (
            f"{country}"
            + ("" if level is None else f" at admin{level}")
            + (f" in {within}" if within else "")
        )
        if found:
            listed = ", ".join(f"{u.code} (admin{u.level})" for u in found)
            raise ValidationError.single(
                "name", f"{v.quoted(name)} names several units of {where}: {listed}", name
            )
        raise ValidationError.single(
            "name",
            f"no unit of {where} is called {v.quoted(name)}{self._nearest(name, country, level)}",
            name,
        )

    def _nearest(self, name: str, country: str, level: int | None) -> str:
        names = self._names.get(country, {})
        if not names or len(name) > 200:
            return ""
        close = difflib.get_close_matches(_key(name), list(names), n=3, cutoff=0.7)
        units = list(
            dict.fromkeys(u for key in close for u in names[key] if level is None or u.level == level)
        )
        if not units:
            return ""
        return " (nearest: " + ", ".join(f"{u.name!r} {u.code}" for u in units[:3]) + ")"

    def problem(self, country: str, level: int, code: str, parent: str | None) -> str | None:
        """Why *code* cannot be the admin *level* p-code of a place in *country* whose next
        coarser code is *parent*; ``None`` when it can. The rule `Place` applies:

        - a country the gazetteer does not cover: any code of the p-code shape, below admin1
          with its *parent* given;
        - at a level it lists for the country: a listed unit of that country and level, inside
          *parent* when one is given;
        - below the deepest listed level: *parent* must be given, and the code must begin with it
          (and have the country's length for that level, when known).
        """
        if not _CODE.match(code):
            return f"{v.quoted(code)} is not a p-code (letters, digits, '_' and '-', at most 20)"
        depth = self.depth(country)
        if depth == 0:
            if level > 1 and parent is None:
                return (
                    f"{code!r} needs its admin{level - 1} code: the gazetteer does not cover {country}, "
                    "so it cannot tell which unit the code is in"
                )
            return None
        if level <= depth:
            unit = self._units.get(code)
            if unit is None or unit.country != country:
                hint = self._near_code(code, country, level, parent)
                return (
                    f"{code!r} is not an admin{level} p-code of {country} in the gazetteer{hint}; "
                    "a unit newer than the gazetteer can be added with "
                    "displacement.gazetteer.use(Gazetteer.ocha().with_units([...]))"
                )
            if unit.level != level:
                return f"{code!r} is an admin{unit.level} p-code ({unit.name}), not admin{level}"
            if parent is not None and unit.parent is not None and unit.parent != parent:
                return f"{code!r} ({unit.name}) is in {unit.parent}, not in {parent}"
            return None
        listed = self._units.get(code)
        if listed is not None and listed.country == country:
            return f"{code!r} is an admin{listed.level} p-code ({listed.name}), not admin{level}"
        if parent is None:
            return (
                f"{code!r} needs its admin{level - 1} code: it is below the levels the gazetteer "
                f"lists for {country}, and begins with no admin{level - 1} code it lists"
            )
        if not code.startswith(parent) or code == parent:
            return f"{code!r} does not begin with the code of its admin{level - 1} unit {parent!r}"
        lengths = self._lengths.get(country, ())
        size = lengths[level - 1] if len(lengths) >= level else None
        if size is not None and len(code) != len(parent) + size:
            return f"{code!r} should be {parent!r} followed by {size} characters, as {country}'s admin{level} codes are"
        return None

    def _near_code(self, code: str, country: str, level: int, parent: str | None) -> str:
        if len(code) > 20:
            return ""
        same = self._codes.get((country, level), [])
        siblings = [c for c in same if self._units[c].parent == parent]
        near = closest(code, siblings) or closest(code, same)
        return "" if near is None else f" (did you mean {near!r}, {self._units[near].name}?)"

    def parent(self, country: str, level: int, code: str) -> str | None:
        """The p-code of the unit one level above *code*, when the gazetteer can tell: its
        listed parent, else the listed unit one level up whose code begins *code* (codes below
        the listed levels, and codes the list lacks, which `problem` then refuses). ``None`` for admin1 and when it cannot tell."""
        unit = self._units.get(code)
        if unit is not None and unit.country == country:
            return unit.parent if unit.level == level else None
        if level == 1:
            return None
        for end in range(min(len(code), 20) - 1, 0, -1):
            above = self._units.get(code[:end])
            if above is not None and above.country == country and above.level == level - 1:
                return above.code
        return None


def _length(cell: str) -> int | None:
    """A length cell: a number, empty, or alternatives such as ``7|2`` (then unknown: None)."""
    return int(cell) if cell.isdigit() else None


def _rows(name: str) -> Iterator[list[str]]:
    """The data rows of a bundled CSV: without the BOM, the header and the HXL row."""
    raw = resources.files("displacement").joinpath("data", name).read_bytes()
    text = gzip.decompress(raw).decode("utf-8-sig")
    rows = csv.reader(io.StringIO(text, newline=""))
    for row in rows:
        if row and not row[0].startswith(("#", "Location")):
            yield row


_CURRENT: contextvars.ContextVar[Gazetteer | None] = contextvars.ContextVar(
    "displacement_gazetteer", default=None
)


def current() -> Gazetteer:
    """The gazetteer `Place` checks p-codes against: the one set by `use`, else `Gazetteer.ocha`."""
    found = _CURRENT.get()
    return Gazetteer.ocha() if found is None else found


@contextlib.contextmanager
def use(gazetteer: Gazetteer) -> Iterator[Gazetteer]:
    """Check places against *gazetteer* inside a ``with`` block (this thread or task only)."""
    if not isinstance(gazetteer, Gazetteer):
        raise ValidationError.single("gazetteer", f"expected a Gazetteer, got {v.show(gazetteer)}", gazetteer)
    token = _CURRENT.set(gazetteer)
    try:
        yield gazetteer
    finally:
        _CURRENT.reset(token)
