"""The gazetteer: OCHA p-codes (Global P-Code List, CC BY, OCHA), names, aliases and parents,
and the places built on it: p-code checks, parents filled in, identity and containment."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import Accuracy, Place, ValidationError, gazetteer
from displacement.gazetteer import ALIASES, Gazetteer, Unit

OCHA = Gazetteer.ocha()
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "subnational"


def test_the_bundled_list_is_the_published_one() -> None:
    assert len(OCHA) == 33_363
    assert len([u for u in OCHA if u.level == 1]) == 2_455
    assert len({u.country for u in OCHA}) == 156
    assert OCHA.depth("SOM") == 2
    assert OCHA.depth("FRA") == 0
    bay = OCHA["SO24"]
    assert (bay.level, bay.country, bay.name, bay.parent) == (1, "SOM", "Bay", None)
    assert OCHA.get("SO2401") == Unit(
        "SO2401", level=2, country="SOM", name="Baydhaba", parent="SO24", valid_from=bay.valid_from
    )
    assert OCHA.get("nope") is None
    assert "SO24" in OCHA
    with pytest.raises(KeyError):
        OCHA["nope"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/subnational is absent (CI has it)")
def test_the_bundled_list_equals_the_shared_file() -> None:
    with (SHARED / "global_pcodes_adm1_adm2.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[2:]
    assert {(r[2], int(r[1]), r[0], r[3] or None) for r in rows} == {
        (u.code, u.level, u.country, u.name) for u in OCHA
    }


def test_names_resolve_with_aliases_accents_and_case() -> None:
    assert OCHA.find("Baidoa", country="SOM").code == "SO2401"  # PRMN's spelling of Baydhaba
    assert OCHA.find("KISMAYO", country="SOM").code == "SO2801"
    assert OCHA.find("Lasqoray", country="SOM").code == "SO1503"
    assert OCHA.find("baydhabá", country="SOM").code == "SO2401"
    assert OCHA.find("Banadir", country="SOM").level == 1  # a region, whatever PRMN calls it
    assert OCHA.find("Baydhaba", country="SOM", level=2, within="SO24").code == "SO2401"
    assert OCHA.candidates("Baydhaba", country="SOM", within="SO22") == ()
    assert OCHA.candidates("Badhan", country="SOM") == ()  # not in the COD: not an alias either
    assert set(ALIASES) == {"SOM"}


def test_a_near_miss_names_the_nearest_units() -> None:
    with pytest.raises(ValidationError) as caught:
        OCHA.find("Kismaio", country="SOM")
    assert str(caught.value) == "name: no unit of SOM is called 'Kismaio' (nearest: 'Kismaayo' SO2801)"
    with pytest.raises(ValidationError, match=r"no unit of SOM at admin2 is called 'x' *$"):
        OCHA.find("x", country="SOM", level=2)
    with pytest.raises(ValidationError, match="no unit of FRA is called 'Paris'"):
        OCHA.find("Paris", country="FRA")
    with pytest.raises(ValidationError, match=r"called 'a{40}'\.\.\. \(100,000 characters\)$"):
        OCHA.find("a" * 100_000, country="SOM")  # bounded in cost and length


def test_a_name_of_several_units_is_an_error_listing_them() -> None:
    two = Gazetteer(
        [
            Unit("XA01", level=1, country="SOM", name="Twin"),
            Unit("XA0101", level=2, country="SOM", name="Twin", parent="XA01"),
        ]
    )
    with pytest.raises(ValidationError, match=r"'Twin' names several units of SOM: XA01 \(admin1\), XA0101"):
        two.find("Twin", country="SOM")
    assert two.find("Twin", country="SOM", level=2).code == "XA0101"


def test_a_gazetteer_refuses_contradictions() -> None:
    with pytest.raises(ValidationError, match="p-code 'X1' is given twice"):
        Gazetteer([Unit("X1", level=1, country="SOM"), Unit("X1", level=1, country="ETH")])
    with pytest.raises(ValidationError, match="alias 'Old' names 'SO2401', not a unit of ETH"):
        OCHA.with_aliases({"ETH": {"Old": "SO2401"}})
    with pytest.raises(ValidationError, match="admin1 unit's parent is its country"):
        Unit("X1", level=1, country="SOM", parent="SOM")
    with pytest.raises(ValidationError, match="admin2 unit needs its parent"):
        Unit("X101", level=2, country="SOM")
    with pytest.raises(ValidationError, match="level: expected an admin level 1, 2 or 3, got 4"):
        Unit("X101", level=4, country="SOM", parent="X1")


def test_aliases_can_be_added_per_gazetteer() -> None:
    mine = OCHA.with_aliases({"SOM": {"Baidoa town": "SO2401"}})
    assert mine.find("Baidoa Town", country="SOM").code == "SO2401"
    assert mine.find("Baidoa", country="SOM").code == "SO2401"  # the bundled ones stay
    assert OCHA.candidates("Baidoa town", country="SOM") == ()  # the bundled gazetteer is unchanged


# -- places checked against the gazetteer ---------------------------------------------------------


def test_a_finer_code_fills_in_its_parents() -> None:
    assert Place("SOM", admin2="SO2401").admin1 == "SO24"
    assert Place("SOM", admin2="SO2401") == Place("SOM", admin1="SO24", admin2="SO2401")
    assert Place("ETH", admin3="ET041291").identity[2:5] == ("ET04", "ET0412", "ET041291")
    assert Place("SOM", admin2="SO2401").level == 2
    assert Place("SOM").level == 0
    assert Place("RUS", subdivision="RU-DA").level == 1
    assert Place("SOM", admin2="SO2401").unit == OCHA["SO2401"]
    assert Place("ETH", admin3="ET041291").unit is None  # below the list: checked, not listed


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"admin1": "SO2401"}, "admin1: 'SO2401' is an admin2 p-code (Baydhaba), not admin1"),
        ({"admin1": "SO22", "admin2": "SO2401"}, "admin2: 'SO2401' (Baydhaba) is in SO24, not in SO22"),
        (
            {"admin2": "SO2499"},
            "admin2: 'SO2499' is not an admin2 p-code of SOM in the gazetteer (did you mean",
        ),
        ({"admin1": "SO24", "admin2": "SO2499"}, "admin2: 'SO2499' is not an admin2 p-code of SOM"),
        ({"admin1": "ET04"}, "admin1: 'ET04' is not an admin1 p-code of SOM"),
        ({"admin1": "so24"}, "admin1: 'so24' is not a p-code"),
        ({"admin1": "S" * 21}, "admin1: 'SSSSSSSSSSSSSSSSSSSSS' is not a p-code"),
        ({"admin1": 24}, "admin1: expected a p-code, got 24"),
        ({"admin3": "SO990101"}, "admin3: 'SO990101' needs its admin2 code"),
    ],
)
def test_bad_codes_say_where_and_what(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        Place("SOM", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"admin2": "ET04"}, "admin2: 'ET04' is an admin1 p-code (Oromia), not admin2"),
        ({"admin3": "ET0412"}, "admin3: 'ET0412' is an admin2 p-code (Borena), not admin3"),
        ({"admin1": "ET0412"}, "admin1: 'ET0412' is an admin2 p-code (Borena), not admin1"),
    ],
)
def test_a_code_of_another_level_says_its_level(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Place("ETH", **kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_a_near_miss_code_names_the_nearest() -> None:
    with pytest.raises(ValidationError, match=r"\(did you mean 'SO2401', Baydhaba\?\)"):
        Place("SOM", admin1="SO24", admin2="SO2410")


def test_codes_below_the_list_are_checked_through_their_parent() -> None:
    assert Place("ETH", admin2="ET0412", admin3="ET041295").admin3 == "ET041295"
    with pytest.raises(ValidationError, match="'ET04129' should be 'ET0412' followed by 2 characters"):
        Place("ETH", admin3="ET04129")
    with pytest.raises(
        ValidationError, match="'ET051291' does not begin with the code of its admin2 unit 'ET0412'"
    ):
        Place("ETH", admin2="ET0412", admin3="ET051291")


def test_a_country_the_list_does_not_cover_takes_codes_of_the_right_shape() -> None:
    assert Place("FRA", admin1="FR11").admin1 == "FR11"
    assert Place("FRA", admin1="FR11", admin2="FR1175").admin2 == "FR1175"
    with pytest.raises(ValidationError, match="'FR1175' needs its admin1 code"):
        Place("FRA", admin2="FR1175")


def test_newer_units_are_accepted_inside_use_only() -> None:
    newer = Unit("SO2899", level=2, country="SOM", name="New district", parent="SO28")
    with pytest.raises(ValidationError, match=r"can be added with displacement\.gazetteer\.use"):
        Place("SOM", admin2="SO2899")
    with gazetteer.use(OCHA.with_units([newer])) as extended:
        assert gazetteer.current() is extended
        assert Place("SOM", admin2="SO2899").admin1 == "SO28"
        assert str(Place("SOM", admin2="SO2899")) == "New district (SO2899), SOM"
        with pytest.raises(ValidationError):  # every other code is still checked
            Place("SOM", admin2="SO2898")
    assert gazetteer.current() is OCHA
    with pytest.raises(ValidationError, match="expected a Gazetteer"), gazetteer.use("ocha"):  # type: ignore[arg-type]
        pass


def test_use_is_per_thread() -> None:
    newer = Unit("SO2899", level=2, country="SOM", name="New district", parent="SO28")
    seen: list[Gazetteer] = []
    with gazetteer.use(OCHA.with_units([newer])):
        worker = threading.Thread(target=lambda: seen.append(gazetteer.current()))
        worker.start()
        worker.join()
    assert seen == [OCHA]


def test_lookup_finds_units_by_name() -> None:
    assert Place.lookup("Baidoa", country="SOM") == Place("SOM", admin2="SO2401")
    assert Place.lookup("Bay", country="so") == Place("SOM", admin1="SO24")
    assert Place.lookup("Baidoa", country="Somalia", name="IDP site 4").name == "IDP site 4"
    assert Place.lookup(country="kz") == Place("KAZ")  # the country alone, as a keyword
    with pytest.raises(ValidationError, match="level= and within= look up a unit: give its country="):
        Place.lookup("SOM", level=2)
    with pytest.raises(ValidationError, match="not a known country code or name"):
        Place.lookup("Baidoa", country="Somalie land")


def test_accuracy_describes_coordinates() -> None:
    point = Place("IND", lat=26.05, lon=90.75, accuracy=Accuracy.ADMIN1)
    assert point == Place("IND", lat=26.05, lon=90.75)  # accuracy is not where, only how sure
    with pytest.raises(ValidationError, match="accuracy: an accuracy describes coordinates"):
        Place("IND", accuracy=Accuracy.POINT)
    with pytest.raises(ValidationError, match=r"use Accuracy\('point'\)"):
        Place("IND", lat=1.0, lon=2.0, accuracy="point")  # type: ignore[arg-type]


def test_str_names_the_unit() -> None:
    assert str(Place("SOM", admin2="SO2401")) == "Baydhaba (SO2401), SOM"
    assert str(Place("ETH", admin3="ET041291")) == "ET041291, ETH"
    assert str(Place("SOM", admin1="SO15", name="Badhan")) == "Badhan, Sanaag (SO15), SOM"
    assert str(Place("RUS", subdivision="RU-DA", name="Dagestan")) == "Dagestan, RUS"
    assert str(Place("RUS", subdivision="RU-DA")) == "RU-DA, RUS"
    assert str(Place("AZE")) == "AZE"
    assert repr(Place("SOM", admin2="SO2401", lat=1.0, lon=2.0, accuracy=Accuracy.POINT)) == (
        "Place('SOM', admin1='SO24', admin2='SO2401', lat=1.0, lon=2.0, accuracy=Accuracy.POINT)"
    )


# -- containment ----------------------------------------------------------------------------------


def test_within_follows_the_units() -> None:
    somalia, bay, baidoa = Place("SOM"), Place("SOM", admin1="SO24"), Place("SOM", admin2="SO2401")
    camp = Place("SOM", admin2="SO2401", name="Camp A")
    point = Place("SOM", admin2="SO2401", lat=3.1, lon=43.6)
    assert all(p.within(somalia) for p in (bay, baidoa, camp, point))
    assert camp.within(baidoa)
    assert camp.within(bay)
    assert point.within(baidoa)
    assert not bay.within(baidoa)
    assert not baidoa.within(camp)
    assert not camp.within(point)
    assert not Place("SOM", admin1="SO22").within(bay)
    assert not baidoa.within(Place("ETH"))
    # different code systems are never taken for the same unit
    assert not Place("SOM", subdivision="SO-BY").within(bay)
    assert not bay.within(Place("SOM", subdivision="SO-BY"))
    assert Place("SOM", subdivision="SO-BY", admin1="SO24").within(bay)
    with pytest.raises(ValidationError, match="expected a Place"):
        bay.within("SOM")  # type: ignore[arg-type]


_SOMALIA = sorted(u.code for u in OCHA if u.country == "SOM")


@st.composite
def _somali_places(draw: st.DrawFn) -> Place:
    code = draw(st.none() | st.sampled_from(_SOMALIA))
    kwargs: dict[str, object] = {}
    if code is not None:
        kwargs[f"admin{OCHA[code].level}"] = code
    kwargs["name"] = draw(st.none() | st.sampled_from(["Camp A", "Camp B"]))
    if draw(st.booleans()):
        kwargs["lat"], kwargs["lon"] = draw(st.sampled_from([(2.0, 45.0), (3.1, 43.6)]))
    return Place("SOM", **kwargs)  # type: ignore[arg-type]


@given(_somali_places(), _somali_places(), _somali_places())
def test_within_is_a_partial_order(a: Place, b: Place, c: Place) -> None:
    assert a.within(a)
    assert a.within(Place("SOM"))
    if a.within(b) and b.within(a):
        assert a == b
    if a.within(b) and b.within(c):
        assert a.within(c)
    if a.within(b) and a.admin2 is not None and b.admin2 is None and b.name is None and b.lat is None:
        # within a coarser unit: the unit is one of a's ancestors (or the country)
        assert b.admin1 in (None, OCHA[a.admin2].parent)
