"""The quick ways through `displacement.io.json.loads` read exactly what the strict way reads.

`loads` parses with msgspec when it is installed (else the standard library) and makes valid
records with hooks written per record type; anything they refuse goes back to the strict cattrs
hooks over `parse_json`'s values. Three ways, one result: the same records for a valid document,
the same errors (paths, messages, values) for a bad one.
"""

from __future__ import annotations

import contextlib
import json as stdlib_json
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import displacement as d
from displacement import strategies as ds
from displacement.io import json
from displacement.io.account import Load
from records import RECORDS

WAYS = ("msgspec", "stdlib", "strict")
"""msgspec and quick hooks (the default when msgspec is installed); the standard library and quick
hooks; the strict hooks alone (how every document was read before the quick hooks)."""


def _refuse(value: Any) -> Any:
    raise ValueError("refused")


@contextlib.contextmanager
def reading(way: str) -> Iterator[None]:
    """Read documents the one *way* for the duration."""
    if way == "msgspec":
        if json._msgspec() is None:
            pytest.skip("msgspec is not installed: the quick parse is not there to compare")
        yield
        return
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(json, "_msgspec", return_value=None))
        if way == "strict":
            stack.enter_context(mock.patch.object(json._Quick, "hook", return_value=_refuse))
        yield


def outcome(data: str | bytes, cls: Any = None, **options: Any) -> tuple[Any, ...]:
    """What `loads` gives: the record, or the error's kind, text and details."""
    try:
        return ("record", json.loads(data, cls, **options))
    except d.ValidationError as exc:
        return ("invalid", str(exc), [(e.path, e.message, e.value) for e in exc.errors])
    except d.DocumentError as exc:
        return ("not a document", str(exc), exc.line, exc.column)


def every_way(data: str | bytes, cls: Any = None, **options: Any) -> tuple[Any, ...]:
    """The outcome, after checking that every way gives it."""
    found = {}
    for way in WAYS:
        with reading(way):
            found[way] = outcome(data, cls, **options)
    assert found["msgspec"] == found["strict"]
    assert found["stdlib"] == found["strict"]
    return found["strict"]


# -- valid documents: the same records ----------------------------------------------------------


def test_real_unhcr_flows_read_alike(unhcr_flows: Load) -> None:
    dataset = unhcr_flows.dataset
    part = d.Dataset(sources=dataset.sources, flows=dataset.flows[:20_000])
    text = json.dumps(part, indent=None)
    assert every_way(text) == ("record", part)
    assert every_way(text.encode("utf-8")) == ("record", part)


@given(dataset=ds.datasets(max_flows=4, max_stocks=3))
def test_generated_datasets_read_alike(dataset: d.Dataset) -> None:
    text = json.dumps(dataset)
    assert every_way(text) == ("record", dataset)


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_generated_records_read_alike(cls: type[Any], data: st.DataObject) -> None:
    record = data.draw(RECORDS[cls])
    assert every_way(json.dumps(record), cls) == ("record", record)
    assert every_way(json.dumps([record, record]), tuple[cls, ...]) == ("record", (record, record))  # type: ignore[valid-type]


NUMBERS = st.from_regex(r"-?(0|[1-9][0-9]{0,24})(\.[0-9]{1,24})?([eE][-+]?[0-9]{1,3})?", fullmatch=True)


@given(number=NUMBERS | st.floats(allow_nan=False, allow_infinity=False).map(repr))
def test_numbers_read_alike(number: str) -> None:
    # msgspec parses numbers itself: every digit string gives the count parse_json gives, or
    # the same error (negative, too large, too small for a float64 such as 1e-400)
    every_way(f'{{"value": {number}, "unit": "person", "qualifier": "exact"}}', d.Count)
    every_way(f'{{"country": "KAZ", "lat": {number}, "lon": {number}}}', d.Place)


def test_a_zero_read_by_msgspec_is_read_again_and_counted_once() -> None:
    # 0.0 is all msgspec makes of 1e-400; a valid 0.0 is read again from parse_json's values,
    # and progress still counts up once
    flows = [
        {**json.unstructure(f), "id": f"f{i}"}
        for i, f in enumerate(d.examples.kazakhstan_2022().flows * 1500)
    ]
    flows[-1]["origin"] = {"country": "KAZ", "lat": 0.0, "lon": 0.0}
    document = {**json.unstructure(d.examples.kazakhstan_2022()), "flows": flows}
    calls: list[tuple[int, int]] = []
    loaded = json.loads(stdlib_json.dumps(document), progress=lambda done, total: calls.append((done, total)))
    assert loaded.flows[-1].origin == d.Place("KAZ", lat=0.0, lon=0.0)
    dones = [done for done, _ in calls]
    assert dones == sorted(set(dones))
    assert (
        calls[-1][0]
        == calls[-1][1]
        == len(flows) + len(document["sources"]) + len(document["actors"]) + len(document["events"])
    )


def test_msgspec_reads_a_valid_document_when_installed() -> None:
    text = json.dumps(d.examples.kazakhstan_2022())
    with (
        reading("msgspec"),
        mock.patch.object(json, "parse_json", side_effect=AssertionError("not the quick way")),
    ):
        assert json.loads(text) == d.examples.kazakhstan_2022()


# -- bad documents: the same errors, with the same paths ----------------------------------------

COUNT = '"count": {"value": 5, "unit": "person", "qualifier": "exact"}'
MESSY = {
    "repeated key": '{"value": 5, "value": 6, "unit": "person", "qualifier": "exact"}',
    "repeated key, escaped colon": '{"country": "KAZ", "name": "c", "name": "a\\u003ab"}',
    "repeated nested key": '{"country": "KAZ", "name": "a:b", "name": "c"}',
    "too small": '{"value": 1e-400, "unit": "person", "qualifier": "exact"}',
    "too large": '{"value": 1e400, "unit": "person", "qualifier": "exact"}',
    "huge integer": '{"value": ' + "9" * 400 + ', "unit": "person", "qualifier": "exact"}',
    "NaN": '{"value": NaN, "unit": "person", "qualifier": "exact"}',
    "lone surrogate": '{"country": "KAZ", "name": "\\ud800"}',
    "whole float for an int": '{"value": 5, "unit": "household", "qualifier": "exact", "household_size": 4.0}',
    "true for a number": '{"value": true, "unit": "person", "qualifier": "exact"}',
    "unknown key": '{"value": 5, "unit": "person", "qualifer": "exact"}',
    "byte order mark": '\ufeff{"value": -5}',
    "not JSON": '{"value": 5,',
    "empty": "  ",
    "zero float": '{"value": 0.0, "unit": "person", "qualifier": "exact"}',
}


@pytest.mark.parametrize("text", MESSY.values(), ids=MESSY.keys())
def test_messy_records_give_the_same_errors(text: str) -> None:
    cls = d.Place if '"country"' in text else d.Count
    every_way(text, cls)
    every_way(text.encode("utf-8", "surrogatepass"), cls)
    every_way(text, cls, ignore_unknown=True)


def test_a_repeated_key_is_reported_though_msgspec_keeps_the_last() -> None:
    kind, _, errors = every_way(MESSY["repeated key"], d.Count)
    assert (kind, errors) == ("invalid", [("value", "appears more than once in this object", "value")])


def test_a_number_too_small_for_a_float_is_reported_though_msgspec_reads_0() -> None:
    kind, _, errors = every_way(MESSY["too small"], d.Count)
    assert kind == "invalid"
    assert [(path, value) for path, _, value in errors] == [("value", "1e-400")]


def test_messy_dataset_gives_the_same_errors() -> None:
    document = json.unstructure(d.examples.kazakhstan_2022())
    flows = document["flows"]
    flows[0]["count"]["value"] = -5
    flows[1]["origin"]["contry"] = "KAZ"
    flows[1]["causes"] = ["nowhere"]
    flows.append({**flows[2], "id": flows[2]["id"]})  # a repeated id
    text = stdlib_json.dumps(document).replace('"movement"', '"metric": "arrivals", "movement"', 1)
    kind, _, errors = every_way(text)
    assert kind == "invalid"
    assert len(errors) >= 4
    every_way(text, references="open")
    every_way(text, ignore_unknown=True)
