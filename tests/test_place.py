"""Place: ISO codes, special codes, subdivisions, coordinates, lookups and suggestions."""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import SPECIAL_CODES, Place, ValidationError

ALPHA3 = sorted(c.alpha_3 for c in pycountry.countries)
SUBDIVISIONS = sorted(s.code for s in pycountry.subdivisions)


def detail(exc: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    [d] = exc.value.errors
    return d.path, d.message


@given(st.sampled_from(ALPHA3))
def test_any_iso_code_round_trips(code: str) -> None:
    place = Place(code)
    assert place.country == code
    assert not place.is_special
    assert Place.lookup(code.lower()) == place
    alpha2 = pycountry.countries.get(alpha_3=code).alpha_2
    assert Place.lookup(alpha2) == place


@given(st.sampled_from(SUBDIVISIONS))
def test_any_subdivision_belongs_to_its_country(code: str) -> None:
    alpha3 = pycountry.countries.get(alpha_2=code.split("-")[0]).alpha_3
    assert Place(alpha3, subdivision=code).subdivision == code


@pytest.mark.parametrize("code", sorted(SPECIAL_CODES))
def test_special_codes_from_real_data(code: str) -> None:
    place = Place(code)
    assert place.is_special
    assert place.country_name == SPECIAL_CODES[code]


def test_names_and_alpha2_through_lookup() -> None:
    assert Place.lookup("Kazakhstan").country == "KAZ"
    assert Place.lookup("Russian Federation").country == "RUS"
    assert Place.lookup("GE").country == "GEO"
    assert Place.lookup("unk").country == "UNK"
    assert Place.lookup("kz", subdivision="KZ-61").subdivision == "KZ-61"


def test_lookup_accepts_the_start_of_a_unique_name() -> None:
    assert Place.lookup("Russia").country == "RUS"
    assert Place.lookup("Syria").country == "SYR"
    # a fuzzy match that is not the start of the name is not a guess worth making
    with pytest.raises(ValidationError):
        Place.lookup("Kosovo")


def test_lookup_of_unknown_name() -> None:
    with pytest.raises(ValidationError) as exc:
        Place.lookup("Atlantis")
    assert detail(exc)[0] == "country"
    with pytest.raises(ValidationError):
        Place.lookup(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "suggestion"),
    [
        ("KZA", "KAZ"),
        ("RSU", "RUS"),
        ("GEOO", "GEO"),
        ("kaz", "KAZ"),
        ("Kazakhstan", "KAZ"),
        ("RU", "RUS"),
        ("UKN ", "UKN"),
    ],
)
def test_invalid_code_suggests_the_closest(bad: str, suggestion: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Place(bad)
    path, message = detail(exc)
    assert path == "country"
    assert f"did you mean {suggestion!r}" in message
    assert exc.value.errors[0].value == bad


@pytest.mark.parametrize("bad", ["XYZ", "QQQ", "", "12345"])
def test_invalid_code_without_a_close_match(bad: str) -> None:
    with pytest.raises(ValidationError, match="is not an ISO 3166-1 alpha-3 code"):
        Place(bad)


@pytest.mark.parametrize("bad", [None, 643, b"RUS", ("RUS",)])
def test_country_must_be_a_string(bad: object) -> None:
    with pytest.raises(ValidationError) as exc:
        Place(bad)  # type: ignore[arg-type]
    assert detail(exc)[0] == "country"


def test_subdivision_must_belong_to_the_country() -> None:
    assert Place("RUS", subdivision="RU-DA").subdivision == "RU-DA"
    with pytest.raises(ValidationError) as exc:
        Place("KAZ", subdivision="RU-DA")
    assert detail(exc) == ("subdivision", "'RU-DA' is not a subdivision of KAZ")


def test_unknown_subdivision_suggests() -> None:
    with pytest.raises(ValidationError) as exc:
        Place("RUS", subdivision="RU-DAG")
    path, message = detail(exc)
    assert path == "subdivision"
    assert "did you mean 'RU-DA'" in message


def test_special_place_has_no_subdivision() -> None:
    with pytest.raises(ValidationError):
        Place("UNK", subdivision="RU-DA")


def test_subdivision_type() -> None:
    with pytest.raises(ValidationError, match="expected an ISO 3166-2 code"):
        Place("RUS", subdivision=7)  # type: ignore[arg-type]


def test_coordinates() -> None:
    p = Place("GEO", name="Upper Lars", lat=42.74, lon=44.63)
    assert (p.lat, p.lon) == (42.74, 44.63)
    assert Place("KAZ", lat=-90, lon=180).lat == -90


@pytest.mark.parametrize(
    ("lat", "lon", "path"),
    [
        (90.1, 0, "lat"),
        (-91, 0, "lat"),
        (0, 180.5, "lon"),
        (0, -181, "lon"),
        (float("nan"), 0, "lat"),
        (True, 0, "lat"),
        ("1", 0, "lat"),
    ],
)
def test_coordinates_in_range(lat: object, lon: object, path: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Place("KAZ", lat=lat, lon=lon)  # type: ignore[arg-type]
    assert detail(exc)[0] == path


def test_coordinates_come_in_pairs() -> None:
    with pytest.raises(ValidationError) as exc:
        Place("KAZ", lat=1.0)
    assert detail(exc)[0] == "lon"
    with pytest.raises(ValidationError) as exc:
        Place("KAZ", lon=1.0)
    assert detail(exc)[0] == "lat"


def test_name_must_not_be_empty() -> None:
    with pytest.raises(ValidationError) as exc:
        Place("KAZ", name="  ")
    assert detail(exc)[0] == "name"


def test_value_semantics() -> None:
    assert Place("KAZ") == Place("KAZ")
    assert len({Place("KAZ"), Place("KAZ"), Place("RUS")}) == 2
    assert Place("KAZ") != Place("KAZ", name="Almaty")
    assert (
        repr(Place("RUS", subdivision="RU-DA", name="Dagestan"))
        == "Place('RUS', subdivision='RU-DA', name='Dagestan')"
    )
    assert str(Place("KAZ", name="Turkestan region")) == "Turkestan region, KAZ"
    assert Place("KAZ").country_name == "Kazakhstan"
