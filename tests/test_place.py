"""Place: ISO codes, special codes, subdivisions, coordinates, lookups and suggestions."""

from __future__ import annotations

import difflib
from typing import Any

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import SPECIAL_CODES, Place, ValidationError, _spelling, countries

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
    assert Place.lookup(code.lower(), system="iso3") == place
    assert Place.lookup(code.lower()) == place  # ISO's, even ARE, AUS and MAR (other countries for UNHCR)
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


def test_identity_is_what_equality_and_hash_compare() -> None:
    places = [
        Place("AZE"),
        Place("AZE", name="A"),
        Place("AZE", name="B"),
        Place("AZE", subdivision="AZ-BA"),
        Place("AZE", lat=40.4, lon=49.9),
        Place("AZE", name="A", lat=40.4, lon=49.9),
    ]
    assert Place("AZE", name="A").identity == ("AZE", None, None, None, None, "A", None, None)
    for a in places:
        for b in places:
            assert (a == b) is (a.identity == b.identity)
    assert Place("AZE", name="A") == Place("AZE", name="A")
    assert hash(Place("AZE", name="A")) == hash(Place("AZE", name="A"))
    assert Place("AZE", lat=1, lon=2) == Place("AZE", lat=1.0, lon=2.0)
    assert Place("AZE") != "AZE"


class TestSpecialCodesAreReadOnly:
    def test_assignment_raises(self) -> None:
        with pytest.raises(TypeError):
            SPECIAL_CODES["KZA"] = "Kazakhstan, misspelt"  # type: ignore[index]
        with pytest.raises(TypeError):
            del SPECIAL_CODES["UNK"]  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            SPECIAL_CODES.pop("UNK")  # type: ignore[attr-defined]

    def test_validation_is_unchanged(self) -> None:
        with pytest.raises(TypeError):
            SPECIAL_CODES["KZA"] = "Kazakhstan, misspelt"  # type: ignore[index]
        with pytest.raises(ValidationError, match="'KZA' is not an ISO 3166-1 alpha-3 code"):
            Place("KZA")
        assert Place("UNK").is_special
        assert sorted(SPECIAL_CODES) == ["AB9", "STA", "TIB", "UKN", "UNK", "XXA"]


class TestBadCodesCostLittle:
    """A bad code is searched for once, cheaply, and echoed in a short message."""

    @pytest.mark.parametrize(
        ("make", "path"),
        [
            (lambda text: Place(text), "country"),
            (lambda text: Place.lookup(text), "country"),
            (lambda text: Place("RUS", subdivision=text), "subdivision"),
        ],
    )
    def test_a_long_value_gives_a_short_message(self, make: Any, path: str) -> None:
        text = "A" * 100_000
        with pytest.raises(ValidationError) as exc:
            make(text)
        [problem] = exc.value.errors
        assert problem.path == path
        assert problem.value == text  # the error keeps the value; the message does not echo it
        assert len(str(exc.value)) < 200
        assert "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'... (100,000 characters)" in str(exc.value)

    def test_a_long_value_is_not_searched(self, monkeypatch: pytest.MonkeyPatch) -> None:
        calls = count_calls(monkeypatch)
        for text in ("Q" * 1000, " Kazakhstan" * 100, "x" * 65):
            with pytest.raises(ValidationError):
                Place(text)
        assert calls == {"search_fuzzy": 0, "SequenceMatcher": 0}

    def test_each_distinct_bad_value_is_searched_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        countries._name.cache_clear()
        countries.suggest.cache_clear()
        calls = count_calls(monkeypatch)
        for _ in range(3):
            for text in ("Jap", "Kyr"):
                with pytest.raises(ValidationError, match="is not an ISO 3166-1 alpha-3 code"):
                    Place(text)
        assert calls["search_fuzzy"] == 2

    def test_few_codes_are_measured(self, monkeypatch: pytest.MonkeyPatch) -> None:
        countries.suggest.cache_clear()
        calls = count_calls(monkeypatch)
        with pytest.raises(ValidationError, match="did you mean 'KAZ'"):
            Place("KZA")
        # only codes at most two letters away are measured, not every code (257 SequenceMatchers)
        assert 0 < calls["SequenceMatcher"] < 50
        first = calls["SequenceMatcher"]
        with pytest.raises(ValidationError):
            Place("KZA")
        assert calls["SequenceMatcher"] == first  # the second time, the suggestion is cached

    def test_a_value_that_begins_no_name_is_not_searched(self, monkeypatch: pytest.MonkeyPatch) -> None:
        calls = count_calls(monkeypatch)
        for text in ("12345", "KAZ!", "Russia_2022", "QQQ", "Narnia"):
            with pytest.raises(ValidationError):
                Place(text)
        assert calls["search_fuzzy"] == 0


def count_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the fuzzy searches of pycountry and the SequenceMatcher runs from now on."""
    calls = {"search_fuzzy": 0, "SequenceMatcher": 0}
    search, matcher = pycountry.countries.search_fuzzy, difflib.SequenceMatcher

    def counted_search(*args: Any) -> Any:
        calls["search_fuzzy"] += 1
        return search(*args)

    def counted_matcher(*args: Any) -> Any:
        calls["SequenceMatcher"] += 1
        return matcher(*args)

    monkeypatch.setattr(pycountry.countries, "search_fuzzy", counted_search)
    monkeypatch.setattr(_spelling.difflib, "SequenceMatcher", counted_matcher)
    return calls


@pytest.mark.parametrize("value", [10**5000, -(10**400)], ids=["5001 digits", "negative, 401 digits"])
def test_a_huge_number_for_a_country_is_described_not_printed(value: int) -> None:
    # repr() of an int of over 4,300 digits raises a bare ValueError; a message must not
    with pytest.raises(ValidationError, match=r"got a number of about [0-9,]+ digits \(int\)") as info:
        Place(value)  # type: ignore[arg-type]
    assert len(str(info.value)) < 200


def test_a_hint_never_picks_one_of_equally_near_codes() -> None:
    # alphabetical order used to break ties: CHD (UNHCR's Chad) gave CHE, Switzerland
    assert _spelling.closest("CHD", ["CHE", "CHL", "CHN"]) == "CHE"
    assert _spelling.closest("CHD", ["CHE", "CHL", "CHN"], unique=True) is None
    assert _spelling.closest("KZA", ["KAZ", "KZB"], unique=True) == "KAZ"  # a swap is nearer
    with pytest.raises(ValidationError) as exc:
        Place("SYX")  # SYC and SYR are one letter away each
    assert detail(exc) == ("country", "'SYX' is not an ISO 3166-1 alpha-3 code")
    with pytest.raises(ValidationError) as exc:
        Place("RUS", subdivision="RU-AM")  # RU-AMU and another are as near: no guess
    assert detail(exc) == ("subdivision", "'RU-AM' is not an ISO 3166-2 subdivision code")
