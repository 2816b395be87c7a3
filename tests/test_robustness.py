"""No input, however odd, ends in anything but a DisplacementError (or a valid record)."""

from __future__ import annotations

import inspect
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import displacement as d

ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["RUS", "KAZ", "RU-DA", "person", "household", "exact", "range", "2022-09-21", "", " "]),
    st.dates(),
    st.datetimes(),
    st.lists(st.one_of(st.integers(), st.text(max_size=5), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.just(object()),
    st.just(b"bytes"),
    st.sampled_from([d.Place("RUS"), d.Count(5), d.Period.day(date(2022, 1, 1)), d.Qualifier.RANGE]),
)

CLASSES = [
    d.Source,
    d.Attribution,
    d.Actor,
    d.Role,
    d.Place,
    d.Period,
    d.Count,
    d.Population,
    d.Cohort,
    d.Event,
    d.Participation,
    d.Figure,
    d.Flow,
    d.Stock,
    d.Dataset,
]


def parameters(cls: type) -> list[str]:
    if cls is d.Count:
        return ["value", "unit", "qualifier", "upper", "household_size"]
    return [a.alias or a.name for a in attrs.fields(cls) if a.init]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_odd_arguments_give_displacement_errors(cls: type, data: st.DataObject) -> None:
    kwargs: dict[str, Any] = {name: data.draw(ODD, label=name) for name in parameters(cls)}
    try:
        cls(**kwargs)
    except d.ValidationError as exc:
        error = exc
    except d.DisplacementError:
        return
    else:
        return
    # every validation problem says where it is
    assert all(e.path for e in error.errors)


def test_count_signature_is_documented() -> None:
    assert list(inspect.signature(d.Count).parameters) == [
        "value",
        "unit",
        "qualifier",
        "upper",
        "household_size",
    ]
    # every attrs field's alias is an __init__ parameter, so Count(**{alias: value}) rebuilds it
    c = d.Count(900, qualifier=d.Qualifier.RANGE, upper=1000, household_size=4.5)
    assert d.Count(**{f.alias: getattr(c, f.name) for f in attrs.fields(d.Count)}) == c


@given(st.text(max_size=30))
def test_any_text_as_a_count(text: str) -> None:
    try:
        count = d.Count(text)
    except d.DisplacementError:
        return
    assert count.magnitude >= 0


@given(st.text(max_size=30))
def test_any_text_as_a_place(text: str) -> None:
    for build in (d.Place, d.Place.lookup):
        try:
            place = build(text)
        except d.DisplacementError:
            continue
        assert place.country in d.SPECIAL_CODES or len(place.country) == 3
