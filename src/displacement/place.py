"""Where: `Place`, a country, narrowed to an administrative unit, a named area or a point.

A place is as precise as its source: a country; a unit at admin level 1 to 3, by its OCHA p-code
(``admin1``..``admin3``, checked against the `displacement.gazetteer`) or its ISO 3166-2 code
(``subdivision``); a named area with no code of its own (a disputed territory, a camp, a town,
a border crossing) inside any of those; a point with the accuracy of its coordinates.

Countries are stored as ISO 3166-1 alpha-3 codes. Real data also carries a handful of codes that
are not ISO (UNHCR's unknown, stateless, Tibetan and Abyei Area codes); they are accepted as named
special places (`SPECIAL_CODES`). Anything else is refused with a suggestion:

>>> Place("KAZ")
Place('KAZ')
>>> Place("RUS", subdivision="RU-DA", name="Dagestan").country_name
'Russian Federation'
>>> Place.lookup("Kazakhstan")
Place('KAZ')
>>> Place("SOM", admin2="SO2401")  # the gazetteer fills in the region
Place('SOM', admin1='SO24', admin2='SO2401')
>>> Place.lookup("Baidoa", country="SOM") == Place("SOM", admin2="SO2401")
True
>>> Place("AZE", name="Nagorno-Karabakh").within(Place("AZE"))
True
>>> Place("KZA")
Traceback (most recent call last):
...
displacement.errors.ValidationError: country: 'KZA' is not an ISO 3166-1 alpha-3 code (did you mean 'KAZ'?)
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
import pycountry

from . import _validate as v
from . import countries, gazetteer
from ._repr import Choice
from ._spelling import closest
from .countries import SPECIAL_CODES, CodeSystem, country_code, country_codes
from .errors import ValidationError

__all__ = ["SPECIAL_CODES", "Accuracy", "Place", "country_codes"]


@functools.cache
def _alpha2(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=alpha3)
    return None if country is None else str(country.alpha_2)


@functools.cache
def _subdivisions() -> dict[str, str]:
    """Subdivision code -> alpha-2 code of its country."""
    return {str(s.code): str(s.country_code) for s in pycountry.subdivisions}


_LONGEST = 64
"""No code or country name is longer (pycountry's longest name has 52 characters): longer text
is refused without searching, so a bad value costs little however long it is."""


@functools.lru_cache(maxsize=4096)
def _closest_subdivision(key: str, alpha2: str | None) -> str | None:
    """The one subdivision of the country with *alpha2* (all, if it has none) nearest *key*."""
    subdivisions = _subdivisions()
    prefix = (alpha2 or "") + "-"
    same_country = [code for code in subdivisions if code.startswith(prefix)]
    return closest(key, same_country or subdivisions, unique=True)


def _did_you_mean(best: str | None) -> str:
    return "" if best is None else f" (did you mean {best!r}?)"


def _country_error(value: str, field: str = "country") -> ValidationError:
    """The error for *value*, which is no country code: bounded in cost and length.

    The hint never names a country other than the one *value* stands for: a code of another
    system (UNHCR's ``CHD``, the alpha-2 ``KZ``, the M49 ``729``, a name) gets the alpha-3 code
    it means there; anything else a typo suggestion only when one code is nearest.
    """
    key = value.strip()
    hint = ""
    if len(key) <= _LONGEST:
        found = countries.readings(key)
        codes = set(found.values())
        if len(codes) == 1 and CodeSystem.ISO3 in found:  # a case or spacing slip: 'kaz '
            hint = _did_you_mean(found[CodeSystem.ISO3])
        elif len(codes) == 1:
            system, code = next(iter(found.items()))
            hint = f" ({countries.describe(value, system, code)}: did you mean {code!r}?)"
        elif codes:  # 'aus': Australia in ISO, Austria for UNHCR; name both, guess neither
            hint = (
                " ("
                + "; ".join(countries.describe(value, s, c) + f" ({c!r})" for s, c in found.items())
                + ")"
            )
        else:
            hint = _did_you_mean(countries.suggest(key))
    return ValidationError.single(field, f"{v.quoted(value)} is not an ISO 3166-1 alpha-3 code{hint}", value)


_COUNTRY_CODE = {"$ref": "#/$defs/CountryCode"}
"""What a country field accepts, in the JSON Schema: its definition of the codes."""


@v.accepts(_COUNTRY_CODE)
def check_country(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of a country field: an ISO 3166-1 alpha-3 code or one of `SPECIAL_CODES`.

    Shared by every record with a country (`Place`, `Actor`, `Population`, `HouseholdSizes`), so
    that all refuse a bad code with the same `ValidationError` and the same suggestion.
    """
    if not isinstance(value, str):
        raise v.fail(attribute, f"expected an ISO 3166-1 alpha-3 code, got {v.show(value)}", value)
    if value not in SPECIAL_CODES and value not in country_codes():
        raise _country_error(value, v.name(attribute))


@v.accepts(_COUNTRY_CODE)
def check_optional_country(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """`check_country`, for a field that may be ``None`` (an actor's country, a nationality)."""
    if value is not None:
        check_country(instance, attribute, value)


@v.accepts({"pattern": "^[A-Z]{2}-[A-Z0-9]{1,3}$"})
def check_subdivision(instance: Place, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of `Place.subdivision`: ``None`` or an ISO 3166-2 code of the place's country."""
    if value is None:
        return
    if not isinstance(value, str):
        raise v.fail(attribute, f"expected an ISO 3166-2 code, got {v.show(value)}", value)
    subdivisions = _subdivisions()
    if value not in subdivisions:
        key = value.strip().upper()
        hint = (
            "" if len(key) > _LONGEST else _did_you_mean(_closest_subdivision(key, _alpha2(instance.country)))
        )
        raise v.fail(attribute, f"{v.quoted(value)} is not an ISO 3166-2 subdivision code{hint}", value)
    if subdivisions[value] != _alpha2(instance.country):
        raise v.fail(attribute, f"{value!r} is not a subdivision of {instance.country}", value)


@v.accepts({"pattern": "^[A-Z0-9][A-Za-z0-9_-]{0,19}$"})
def check_pcode(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of ``admin1``..``admin3``: ``None`` or text; `Place` checks the code
    itself against the gazetteer once all its fields are set (a code's parent is another field)."""
    if value is not None and not isinstance(value, str):
        raise v.fail(attribute, f"expected a p-code, got {v.show(value)}", value)


class Accuracy(Choice):
    """What a place's coordinates stand for (as IDMC's Helix records it): the exact point, or
    the centre of the unit at some admin level that the figure was reported for."""

    POINT = "point"
    """The coordinates are where it happened."""
    ADMIN0 = "admin0"
    """The coordinates stand for the whole country."""
    ADMIN1 = "admin1"
    """The coordinates stand for an admin1 unit (a region, state, province)."""
    ADMIN2 = "admin2"
    """The coordinates stand for an admin2 unit (a district, zone)."""
    ADMIN3 = "admin3"
    """The coordinates stand for an admin3 unit (a woreda, sub-district)."""


@attrs.frozen(repr=False, eq=False)
class Place:
    """A place: a country, narrowed to an administrative unit, a named area or a point.

    *country* is an ISO 3166-1 alpha-3 code or one of `SPECIAL_CODES`; use `Place.lookup` for
    country names, alpha-2 codes and unit names. *subdivision* is an ISO 3166-2 code of that
    country (``"RU-DA"``); *admin1* to *admin3* are OCHA p-codes, checked against the gazetteer in
    use (`displacement.gazetteer.current`), which also fills in the coarser codes a finer one
    implies. *name* is a named area with no code of its own, inside the units given. *lat* and
    *lon* are decimal degrees (WGS 84); *accuracy* says what they stand for.

    Two places are one place when their `identity` is equal; a place lies inside another when
    it is `within` it. Both rules are on the "Places" page of the documentation.
    """

    country: str = attrs.field(validator=check_country)
    """ISO 3166-1 alpha-3 code (or a special code such as ``UNK``)."""
    subdivision: str | None = attrs.field(default=None, kw_only=True, validator=check_subdivision)
    """ISO 3166-2 code of a subdivision of `country`, if that is what the source gives."""
    admin1: str | None = attrs.field(default=None, kw_only=True, validator=check_pcode)
    """OCHA p-code of the admin1 unit (region, state, province): ``"SO24"``."""
    admin2: str | None = attrs.field(default=None, kw_only=True, validator=check_pcode)
    """OCHA p-code of the admin2 unit (district, zone): ``"SO2401"``."""
    admin3: str | None = attrs.field(default=None, kw_only=True, validator=check_pcode)
    """OCHA p-code of the admin3 unit (woreda, sub-district): ``"ET041291"``."""
    name: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_text)
    """A named area with no code of its own ("Nagorno-Karabakh", "Upper Lars checkpoint"),
    inside the country and units given. It is part of the place's identity."""
    lat: float | None = attrs.field(default=None, kw_only=True, validator=v.number_in(-90, 90, optional=True))
    """Latitude in decimal degrees, -90 to 90."""
    lon: float | None = attrs.field(
        default=None, kw_only=True, validator=v.number_in(-180, 180, optional=True)
    )
    """Longitude in decimal degrees, -180 to 180."""
    accuracy: Accuracy | None = attrs.field(default=None, kw_only=True, validator=v.optional_enum(Accuracy))
    """What the coordinates stand for: the point itself or a unit's centre. Needs *lat* and *lon*."""

    def __attrs_post_init__(self) -> None:
        if (self.lat is None) != (self.lon is None):
            missing = "lon" if self.lon is None else "lat"
            raise ValidationError.single(missing, "coordinates need both lat and lon", None)
        if self.accuracy is not None and self.lat is None:
            raise ValidationError.single(
                "accuracy", "an accuracy describes coordinates: give lat and lon", None
            )
        if self.admin1 is not None or self.admin2 is not None or self.admin3 is not None:
            self._check_codes()

    def _check_codes(self) -> None:
        """Fill in the parents a finer p-code implies, then check each code against the gazetteer."""
        found = gazetteer.current()
        codes = [self.admin1, self.admin2, self.admin3]
        for level in (3, 2):
            code = codes[level - 1]
            if code is not None and codes[level - 2] is None:
                codes[level - 2] = found.parent(self.country, level, code)
        for level, code in enumerate(codes, start=1):
            if code is None:
                continue
            parent = codes[level - 2] if level > 1 else None
            problem = found.problem(self.country, level, code, parent)
            if problem is not None:
                raise ValidationError.single(f"admin{level}", problem, code)
        object.__setattr__(self, "admin1", codes[0])
        object.__setattr__(self, "admin2", codes[1])

    @classmethod
    def lookup(
        cls,
        text: str | None = None,
        /,
        country: str | None = None,
        *,
        system: CodeSystem | str | None = None,
        level: int | None = None,
        within: str | None = None,
        **kwargs: Any,
    ) -> Place:
        """Build a place from a country code or name, or from a unit's name within a country.

        With one argument, *text* is a country code or name, read by
        `displacement.country_code`: an alpha-3 or alpha-2 code (any case), a UN M49 number or an
        English country name, or with *system* a code of that system only (UNHCR's codes are read
        only so), stored as its alpha-3 code. With *country* too, *text* is the name of an
        administrative unit of that country, found in the gazetteer (spelling variants through
        `displacement.gazetteer.ALIASES`; accents and case do not matter), optionally at *level*
        and inside the unit with p-code *within*. Other keyword arguments go to `Place`.

        >>> Place.lookup("kz", name="Turkestan region", subdivision="KZ-61")
        Place('KAZ', subdivision='KZ-61', name='Turkestan region')
        >>> Place.lookup("Kismayo", country="Somalia")
        Place('SOM', admin1='SO28', admin2='SO2801')
        >>> Place.lookup("SUD", system="unhcr")
        Place('SDN')
        """
        if text is None:
            text, country = country, None
        if not isinstance(text, str):
            raise ValidationError.single(
                "country", f"expected a country code or name, got {v.show(text)}", text
            )
        if country is not None:
            found = cls.lookup(country, system=system).country
            unit = gazetteer.current().find(text, country=found, level=level, within=within)
            kwargs[f"admin{unit.level}"] = unit.code
            return cls(found, **kwargs)
        if level is not None or within is not None:
            raise ValidationError.single(
                "country", "level= and within= look up a unit: give its country=", text
            )
        code = country_code(text, system)
        return cls(code, **kwargs)

    @property
    def identity(
        self,
    ) -> tuple[str, str | None, str | None, str | None, str | None, str | None, float | None, float | None]:
        """What makes two places one place: country, subdivision, p-codes, name and coordinates.

        The one definition of place identity: ``==`` and ``hash`` compare it, a `Place` given to
        `Dataset.flows_where` matches by it, and `Dataset.total` takes two records to report the
        same fact only if their places have the same identity. Two named villages in one country
        are two places; so are a village with coordinates and the same village without. The
        `accuracy` of coordinates is not part of it: it says how far to trust them, not where.

        >>> Place("AZE", name="A").identity
        ('AZE', None, None, None, None, 'A', None, None)
        """
        return (
            self.country,
            self.subdivision,
            self.admin1,
            self.admin2,
            self.admin3,
            self.name,
            self.lat,
            self.lon,
        )

    def within(self, other: Place) -> bool:
        """True when this place is *other* or lies inside it: same country, and every part
        *other* gives (subdivision, each p-code, name, point) this place gives too, the same.

        The containment rule: a district is within its region and its country, a named area
        within the units it is given in, a point within the units it is given in. A place whose
        parts differ from *other*'s in kind (an ISO subdivision against a p-code) is not within
        it: the library does not guess that two code systems name one unit.

        >>> baidoa = Place("SOM", admin2="SO2401")
        >>> baidoa.within(Place("SOM", admin1="SO24")), Place("SOM", admin1="SO24").within(baidoa)
        (True, False)
        """
        if not isinstance(other, Place):
            raise ValidationError.single("other", f"expected a Place, got {v.show(other)}", other)
        mine, theirs = self.identity, other.identity
        if mine[0] != theirs[0]:
            return False
        if theirs[6] is not None and mine[6:] != theirs[6:]:
            return False
        return all(t is None or t == m for t, m in zip(theirs[1:6], mine[1:6], strict=True))

    @property
    def level(self) -> int:
        """The finest administrative level given: 3, 2 or 1 (a p-code or a subdivision), else 0."""
        if self.admin3 is not None:
            return 3
        if self.admin2 is not None:
            return 2
        return 1 if self.admin1 is not None or self.subdivision is not None else 0

    @property
    def unit(self) -> gazetteer.Unit | None:
        """The gazetteer's unit for the finest p-code, or ``None`` (no p-code, or one it does not list).

        >>> Place("SOM", admin2="SO2401").unit.name
        'Baydhaba'
        """
        code = self.admin3 or self.admin2 or self.admin1
        return None if code is None else gazetteer.current().get(code)

    @property
    def is_special(self) -> bool:
        """True for a non-ISO code from `SPECIAL_CODES` (unknown, stateless...)."""
        return self.country in SPECIAL_CODES

    @property
    def country_name(self) -> str:
        """The country's English name (or what a special code stands for)."""
        if self.country in SPECIAL_CODES:
            return SPECIAL_CODES[self.country]
        country = pycountry.countries.get(alpha_3=self.country)
        return str(country.name) if country is not None else self.country

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Place)
        return self.identity == other.identity

    def __hash__(self) -> int:
        return hash(self.identity)

    def __repr__(self) -> str:
        parts = [repr(self.country)]
        for field in ("subdivision", "admin1", "admin2", "admin3", "name", "lat", "lon", "accuracy"):
            value = getattr(self, field)
            if value is not None:
                parts.append(f"{field}={value!r}")
        return f"Place({', '.join(parts)})"

    def __str__(self) -> str:
        code = self.admin3 or self.admin2 or self.admin1
        unit = self.unit if code is not None else None
        label = None if code is None else f"{unit.name} ({code})" if unit is not None and unit.name else code
        parts = [p for p in (self.name, label or (None if self.name else self.subdivision)) if p]
        return ", ".join([*parts, self.country])
