"""Country codes in the systems displacement data uses, read into ISO 3166-1 alpha-3.

`Place` stores a country as its ISO 3166-1 alpha-3 code, but tables name countries in other
systems too: ISO alpha-2 (``"SD"``), UN M49 numbers (``"729"``), English names, and UNHCR's own
three-letter codes (the ``coo`` and ``coa`` columns of its tables), which differ from ISO for 99
countries. `country_code` reads a code of one `CodeSystem`, or of any system but UNHCR's:

>>> country_code("SUD", system="unhcr")
'SDN'
>>> country_code("729"), country_code("sd"), country_code("Dem. Rep. of the Congo")
('SDN', 'SDN', 'COD')
>>> country_code("SUD")
Traceback (most recent call last):
...
displacement.errors.ValidationError: country: 'SUD' is not an ISO 3166-1 alpha-3 code; in UNHCR's codes it is Sudan ('SDN'): pass system='unhcr'

Three of UNHCR's codes are ISO alpha-3 codes of another country (``UNHCR_COLLISIONS``): ``AUS``
is Austria for UNHCR and Australia for ISO. Without a system a three-letter code is ISO's, as in
every country field of the library: read UNHCR's columns with ``system="unhcr"``.

UNHCR's table (``data/unhcr_countries.csv``, CC BY 4.0, "Source: UNHCR Refugee Population
Statistics Database") is read once, on first use.
"""

from __future__ import annotations

import csv
import functools
import io
import types
import unicodedata
from collections.abc import Mapping
from importlib import resources

import pycountry

from . import _validate as v
from ._repr import Choice
from ._spelling import closest
from .errors import ValidationError

__all__ = [
    "SPECIAL_CODES",
    "UNHCR_COLLISIONS",
    "CodeSystem",
    "country_code",
    "country_codes",
    "country_name",
    "describe",
    "readings",
    "suggest",
]

SPECIAL_CODES: Mapping[str, str] = types.MappingProxyType(
    {
        "UNK": "Unknown",
        "UKN": "Unknown or various",
        "XXA": "Stateless",
        "STA": "Stateless",
        "TIB": "Tibetan",
        "AB9": "Abyei Area",
    }
)
"""Codes found in real displacement data that are not ISO 3166-1, with what each stands for.

UNHCR uses UNK/UKN for an unknown or various origin, XXA/STA for stateless people, TIB for Tibetans
and AB9 for the Abyei Area (disputed between Sudan and South Sudan). Read-only: every `Place` is
validated against it, so a change would change what the whole library accepts.
"""

UNHCR_COLLISIONS: Mapping[str, tuple[str, str]] = types.MappingProxyType(
    {"ARE": ("EGY", "ARE"), "AUS": ("AUT", "AUS"), "MAR": ("MTQ", "MAR")}
)
"""UNHCR's codes that are ISO alpha-3 codes of another country: code -> (its UNHCR meaning, its
ISO meaning). ``ARE`` is Egypt for UNHCR and the United Arab Emirates for ISO; ``AUS`` Austria and
Australia; ``MAR`` Martinique and Morocco. `country_code` without a system reads them as ISO codes,
and a hint for one of them in the wrong case names both meanings."""


class CodeSystem(Choice):
    """A system of country codes that `country_code` reads."""

    ISO3 = "iso3"
    """ISO 3166-1 alpha-3 (``"SDN"``), any case, and the `SPECIAL_CODES` of real data."""
    ISO2 = "iso2"
    """ISO 3166-1 alpha-2 (``"SD"``), any case."""
    M49 = "m49"
    """UN M49 numeric codes (``"729"``); one or two digits are read with their leading zeros
    restored (``"4"`` is ``"004"``, Afghanistan), as spreadsheets drop them."""
    UNHCR = "unhcr"
    """UNHCR's own three-letter codes (``"SUD"``), as in the ``coo``/``coa`` columns of its tables."""
    NAME = "name"
    """English names: pycountry's names, official and common names, UNHCR's names
    (``"Iran (Islamic Rep. of)"``) and the names its tables use; any case and accents."""


_SYSTEM_NAMES = {
    CodeSystem.ISO3: "an ISO 3166-1 alpha-3 code",
    CodeSystem.ISO2: "an ISO 3166-1 alpha-2 code",
    CodeSystem.M49: "a UN M49 code",
    CodeSystem.UNHCR: "a UNHCR country code",
    CodeSystem.NAME: "a country name",
}

_LONGEST = 64
"""No code or country name is longer (pycountry's longest name has 52 characters): longer text
is refused without searching, so a bad value costs little however long it is."""

# Names in UNHCR's tables that neither pycountry nor UNHCR's own country table spell this way.
_TABLE_NAMES = {
    "Congo, Republic of": "COG",
    "Holy See (the)": "VAT",
    "Bonaire, Sint Eustatius and Saba": "BES",
    "Saint Martin (French Part)": "MAF",
    "Palestinian": "PSE",
    "Unknown/other": "UKN",
}


@functools.cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code pycountry knows (special codes not included)."""
    return frozenset(c.alpha_3 for c in pycountry.countries)


def _fold(text: str) -> str:
    """A name as compared: lower case, without accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@functools.cache
def _unhcr_rows() -> tuple[tuple[str, str, str], ...]:
    """UNHCR's table as (ISO code, UNHCR code, name), as shipped."""
    text = resources.files("displacement").joinpath("data", "unhcr_countries.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return tuple((iso, unhcr, name) for iso, unhcr, name in rows[1:])


def _iso_of_row(iso: str, unhcr: str) -> str | None:
    """The alpha-3 (or special) code of one row of UNHCR's table; None when it has none.

    The table's ISO column is not always ISO: it gives XXA for stateless (a special code, kept),
    XXX for unknown (then UNHCR's own UKN, a special code) and nothing for Tibetans (TIB).
    """
    if iso in country_codes() or iso in SPECIAL_CODES:
        return iso
    return unhcr if unhcr in SPECIAL_CODES else None


@functools.cache
def _unhcr() -> dict[str, str | None]:
    """UNHCR code -> alpha-3 code (None: the table gives no country, as for CRB and CUR)."""
    return {unhcr: _iso_of_row(iso, unhcr) for iso, unhcr, _ in _unhcr_rows()}


@functools.cache
def _names() -> dict[str, str]:
    """Folded name -> alpha-3 code, for every name of every system's table."""
    found: dict[str, str] = {}
    for code, name in SPECIAL_CODES.items():
        found.setdefault(_fold(name), code)
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if value:
                found.setdefault(_fold(str(value)), str(country.alpha_3))
    for iso, unhcr, name in _unhcr_rows():
        row_code = _iso_of_row(iso, unhcr)
        if row_code is not None:
            found.setdefault(_fold(name), row_code)
    for name, code in _TABLE_NAMES.items():
        found.setdefault(_fold(name), code)
    return found


@functools.cache
def _by_alpha2() -> dict[str, str]:
    return {str(c.alpha_2): str(c.alpha_3) for c in pycountry.countries}


@functools.cache
def _by_m49() -> dict[str, str]:
    return {str(c.numeric): str(c.alpha_3) for c in pycountry.countries}


def _read(key: str, system: CodeSystem) -> str | None:
    """The alpha-3 (or special) code that the stripped *key* is in *system*; None if none."""
    upper = key.upper()
    if system is CodeSystem.ISO3:
        return upper if upper in country_codes() or upper in SPECIAL_CODES else None
    if system is CodeSystem.ISO2:
        return _by_alpha2().get(upper)
    if system is CodeSystem.M49:
        return _by_m49().get(key.zfill(3)) if key.isascii() and key.isdigit() and len(key) <= 3 else None
    if system is CodeSystem.UNHCR:
        return _unhcr().get(upper)
    return _name(key)


@functools.lru_cache(maxsize=4096)
def _name(key: str) -> str | None:
    """A name, exact or the start of one name that picks one country ("Russia"); None if unknown."""
    folded = _fold(key)
    exact = _names().get(folded)
    if exact is not None or not folded:
        return exact
    # "Russia" for "Russian Federation": the one country whose names begin with the words given
    # (a key that begins no name is not searched for: the fuzzy search is slow).
    if not any(name.startswith(folded) for name in _names()):
        return None
    try:
        found = pycountry.countries.search_fuzzy(key)
    except LookupError:
        return None
    if len(found) == 1:
        names = (getattr(found[0], a, "") for a in ("name", "official_name", "common_name"))
        if any(_fold(str(n)).startswith(folded) for n in names):
            return str(found[0].alpha_3)
    return None


def readings(text: str) -> dict[CodeSystem, str]:
    """What *text* is in each system it belongs to: system -> alpha-3 (or special) code.

    Empty for text in no system, or longer than any code or name. The errors of `country_code`
    and of `Place` read it to say what a code they refuse means elsewhere.

    >>> readings("CHD")
    {CodeSystem.UNHCR: 'TCD'}
    """
    key = text.strip()
    if len(key) > _LONGEST:
        return {}
    found = ((system, _read(key, system)) for system in CodeSystem)
    return {system: code for system, code in found if code is not None}


@functools.lru_cache(maxsize=4096)
def suggest(text: str) -> str | None:
    """The one alpha-3 or special code a typo away from *text* (any case), or None.

    None when several codes are equally near: ``KZA`` gives ``KAZ`` (the only swap), but ``CHD``,
    one letter from ``CHE``, ``CHL``, ``CHN`` and more, gives none (cached: a document repeats
    its mistakes).
    """
    key = text.strip().upper()
    return None if len(key) > _LONGEST else closest(key, _all_codes(), unique=True)


@functools.cache
def _all_codes() -> frozenset[str]:
    return country_codes() | SPECIAL_CODES.keys()


def country_name(code: str) -> str:
    """The English name of an alpha-3 or special code (the code itself if it is neither)."""
    if code in SPECIAL_CODES:
        return SPECIAL_CODES[code]
    country = pycountry.countries.get(alpha_3=code)
    return str(country.name) if country is not None else code


def describe(text: str, system: CodeSystem, code: str) -> str:
    """``'CHD' is UNHCR's code for Chad``: what *text* is in *system*, for a message."""
    phrase = {
        CodeSystem.ISO3: "is the ISO 3166-1 alpha-3 code of",
        CodeSystem.ISO2: "is the ISO 3166-1 alpha-2 code of",
        CodeSystem.M49: "is the UN M49 code of",
        CodeSystem.UNHCR: "is UNHCR's code for",
        CodeSystem.NAME: "is a name of",
    }[system]
    return f"{v.quoted(text)} {phrase} {country_name(code)}"


def country_code(text: str, system: CodeSystem | str | None = None, *, field: str = "country") -> str:
    """The ISO 3166-1 alpha-3 code (or one of `SPECIAL_CODES`) for a country code or name.

    With *system* (a `CodeSystem` or its value, ``"unhcr"``), *text* is read in that system only.
    Without, it is read as an alpha-3 code, an alpha-2 code, an M49 number or a name, in that
    order, but never as a UNHCR code: a UNHCR code that ISO does not assign (``"SUD"``) is
    refused with what it means for UNHCR, and one that ISO assigns to another country (``ARE``,
    ``AUS``, ``MAR``: `UNHCR_COLLISIONS`) is read as the ISO code, as every country field reads
    it. Case and the spaces around *text* do not matter. Anything else is a `ValidationError`
    at *field*.

    >>> country_code("CHD", system="unhcr"), country_code("4", system="m49")
    ('TCD', 'AFG')
    >>> country_code("AUS"), country_code("AUS", system="unhcr")
    ('AUS', 'AUT')
    """
    if system is not None and not isinstance(system, CodeSystem):
        if system not in CodeSystem._value2member_map_:
            choices = ", ".join(repr(s.value) for s in CodeSystem)
            raise ValidationError.single(
                "system", f"expected one of {choices} or None, got {v.show(system)}", system
            )
        system = CodeSystem(system)
    if not isinstance(text, str):
        raise ValidationError.single(field, f"expected a country code or name, got {v.show(text)}", text)
    key = text.strip()
    if not key:
        raise ValidationError.single(field, "expected a country code or name, got an empty text", text)
    if system is not None:
        code = _read(key, system) if len(key) <= _LONGEST else None
        if code is None and system is CodeSystem.UNHCR and key.upper() in _unhcr():
            message = f"{v.quoted(text)} is in UNHCR's table with no ISO 3166-1 code: no country to read"
            raise ValidationError.single(field, message, text)
        if code is None:
            raise ValidationError.single(field, _unknown_in(text, system), text)
        return code
    found = readings(key)
    if CodeSystem.ISO3 in found:
        return found[CodeSystem.ISO3]
    unhcr = found.get(CodeSystem.UNHCR)
    if unhcr is not None:
        # before names: "SUD" begins "Sudan", but a UNHCR code is never read without system='unhcr'
        message = (
            f"{v.quoted(text)} is not an ISO 3166-1 alpha-3 code; in UNHCR's codes it is "
            f"{country_name(unhcr)} ({unhcr!r}): pass system='unhcr'"
        )
        raise ValidationError.single(field, message, text)
    for reading in (CodeSystem.ISO2, CodeSystem.M49, CodeSystem.NAME):
        if reading in found:
            return found[reading]
    near = suggest(key)
    hint = "" if near is None else f" (did you mean {near!r}?)"
    raise ValidationError.single(field, f"{v.quoted(text)} is not a known country code or name{hint}", text)


def _unknown_in(text: str, system: CodeSystem) -> str:
    """Why *text* is not a code of *system*, and what it is in the other systems, if anything."""
    message = f"{v.quoted(text)} is not {_SYSTEM_NAMES[system]}"
    others = [(s, c) for s, c in readings(text).items() if s is not system]
    if others:
        message += (
            " (" + "; ".join(f"{describe(text, s, c)}: pass system={s.value!r}" for s, c in others) + ")"
        )
    return message
