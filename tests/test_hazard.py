"""displacement.hazard: IDMC's hazard classification (Helix), read from names, paths and details."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from displacement import Event, EventKind, Hazard, Period, ValidationError
from displacement.hazard import CLASSES, LEVELS, SEPARATOR


def message(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(error.value)


@pytest.mark.parametrize("row", CLASSES, ids=lambda row: SEPARATOR.join(row))
def test_every_class_round_trips_through_str_and_parse(row: tuple[str, str, str, str]) -> None:
    hazard = Hazard(**dict(zip(LEVELS, row, strict=True)))
    assert hazard.levels == row
    assert str(hazard) == SEPARATOR.join(row)
    assert Hazard.parse(str(hazard)) == hazard
    assert Hazard.parse(str(hazard).upper()) == hazard  # names are matched in any case
    with_detail = Hazard(**dict(zip(LEVELS, row, strict=True)), detail="as the source said")
    assert str(with_detail) == f"{SEPARATOR.join(row)} (as the source said)"


def test_classes_are_unique_and_complete() -> None:
    assert len(CLASSES) == 26
    assert len(set(CLASSES)) == 26
    assert all(all(level.strip() for level in row) for row in CLASSES)


def test_coarser_levels_are_filled_in() -> None:
    storm = Hazard(type="storm")
    assert (storm.category, storm.subcategory, storm.type, storm.subtype) == (
        "Weather related",
        "Meteorological",
        "Storm",
        None,
    )
    assert Hazard(subtype="tsunami").levels == ("Geophysical", "Geophysical", "Earthquake", "Tsunami")
    assert Hazard(category="geophysical").levels == ("Geophysical",)


def test_parse_reads_one_name_at_its_deepest_level() -> None:
    # a type that is also its own subtype is the subtype: IDMC's class for a flood of no finer kind
    assert Hazard.parse("Flood").levels == ("Weather related", "Hydrological", "Flood", "Flood")
    # each part of a slashed name is a name
    assert Hazard.parse("cyclone").subtype == "Typhoon/Hurricane/Cyclone"
    assert Hazard.parse("Weather related > Hydrological > Flood").levels == (
        "Weather related",
        "Hydrological",
        "Flood",
    )
    assert Hazard.parse("flood", detail="flash floods after a cloudburst").detail == (
        "flash floods after a cloudburst"
    )


def test_ambiguous_names_ask_for_the_path() -> None:
    with pytest.raises(ValidationError) as error:
        Hazard.parse("mass movement")
    assert message(error) == (
        "hazard: 'mass movement' names several IDMC classes (Geophysical > Geophysical > Mass movement; "
        "Weather related > Hydrological > Mass movement): write the path"
    )
    with pytest.raises(ValidationError) as error:
        Hazard(type="mass movement")
    assert message(error) == (
        "type: 'mass movement' is a type under several classes (Geophysical > Geophysical > Mass "
        "movement; Weather related > Hydrological > Mass movement): give the coarser levels"
    )
    assert Hazard(subcategory="Hydrological", type="mass movement").category == "Weather related"


def test_the_classes_of_an_ambiguous_name_come_in_one_order() -> None:
    """The order of the options does not depend on Python's string hashing (it did)."""
    code = "from displacement import Hazard\ntry:\n    Hazard.parse('mass movement')\nexcept ValueError as e:\n    print(e)"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(seen) == 1


def test_typos_say_what_was_meant() -> None:
    with pytest.raises(ValidationError) as error:
        Hazard(type="Strom")
    assert message(error) == "type: 'Strom' is not an IDMC hazard type; did you mean 'Storm'?"
    with pytest.raises(ValidationError) as error:
        Hazard.parse("flod")
    assert message(error) == (
        "hazard: 'flod' is not an IDMC hazard class; did you mean 'Flood'? (words of your own go in "
        "Hazard(detail=...))"
    )


def test_a_level_that_does_not_fit_the_coarser_one_lists_what_does() -> None:
    with pytest.raises(ValidationError) as error:
        Hazard(category="Geophysical", type="Flood")
    assert message(error) == (
        "type: 'Flood' is not an IDMC hazard type under 'Geophysical'; IDMC's are Earthquake, Mass "
        "movement, Volcanic activity"
    )


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: Hazard(type=5), "type: expected a non-empty string, got 5 (int)"),
        (lambda: Hazard(type=""), "type: expected a non-empty string, got '' (str)"),
        (lambda: Hazard(), "category: a hazard names an IDMC class or gives a detail (or both)"),
        (lambda: Hazard.parse(5), "hazard: expected a hazard name, got 5 (int)"),
        (
            lambda: Hazard.parse("Weather related >  > Flood"),
            "hazard: 'Weather related >  > Flood' is not a path of one to four levels such as "
            "'Weather related > Hydrological > Flood > Flood'",
        ),
        (
            lambda: Hazard.parse("a > b > c > d > e"),
            "hazard: 'a > b > c > d > e' is not a path of one to four levels such as "
            "'Weather related > Hydrological > Flood > Flood'",
        ),
    ],
)
def test_odd_input_is_a_validation_error(build: object, expected: str) -> None:
    with pytest.raises(ValidationError) as error:
        build()  # type: ignore[operator]
    assert message(error) == expected


def test_messages_are_bounded() -> None:
    with pytest.raises(ValidationError) as error:
        Hazard.parse("x" * 100_000)
    assert len(message(error)) < 300
    assert "(100,000 characters)" in message(error)


def test_a_detail_alone_names_no_class() -> None:
    locusts = Hazard(detail="locust swarms")
    assert locusts.levels == ()
    assert str(locusts) == "locust swarms"
    assert not locusts.within(Hazard(detail="locust swarms"))  # no class, so within none
    assert not Hazard(type="Flood").within(locusts)


def test_within() -> None:
    tornado = Hazard(subtype="Tornado")
    assert tornado.within(Hazard(type="Storm"))
    assert tornado.within(Hazard(subcategory="Meteorological", detail="whatever was said"))
    assert tornado.within(tornado)
    assert not Hazard(type="Storm").within(tornado)  # coarser is not within finer
    assert not Hazard(type="Storm").within(Hazard(type="Flood"))


def test_a_category_alone_reads_back_within_itself() -> None:
    """`str` of a category alone is one name, which `parse` reads at its deepest level: Geophysical
    is also Geophysical's only subcategory, so it reads back one level finer, within the same class."""
    geophysical = Hazard(category="Geophysical")
    again = Hazard.parse(str(geophysical))
    assert again.within(geophysical)
    assert again.levels == ("Geophysical", "Geophysical")


def test_an_event_reads_a_hazard_from_a_string() -> None:
    flood = Event("e", EventKind.DISASTER, "floods", period=Period(), hazard="flood")
    assert flood.hazard == Hazard(type="Flood", subtype="Flood")
    with pytest.raises(
        ValidationError, match=re.escape("hazard: only a disaster has a hazard; kind is 'other'")
    ):
        Event("e", EventKind.OTHER, "x", period=Period(), hazard="flood")
    with pytest.raises(ValidationError, match=re.escape("hazard: expected a Hazard or None, got 5 (int)")):
        Event("e", EventKind.DISASTER, "x", period=Period(), hazard=5)
