"""JSON documents: exact round trips, stable bytes, and every error with the path the user wrote."""

from __future__ import annotations

import io
import json as stdlib_json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import displacement as d
from displacement.count import MAX_MAGNITUDE
from displacement.io import json
from displacement.io._fields import model_classes
from records import RECORDS


@pytest.fixture
def example() -> d.Dataset:
    return d.examples.kazakhstan_2022()


@pytest.fixture
def document(example: d.Dataset) -> dict[str, Any]:
    return json.unstructure(example)


def errors_of(excinfo: pytest.ExceptionInfo[d.ValidationError]) -> list[tuple[str, str]]:
    return [(e.path, e.message) for e in excinfo.value.errors]


# -- round trips ----------------------------------------------------------------------------------


def test_example_round_trips_exactly(example: d.Dataset) -> None:
    text = json.dumps(example)
    again = json.loads(text)
    assert again == example
    assert json.dumps(again) == text
    assert json.loads(text.encode("utf-8")) == example


def test_every_record_type_has_a_strategy() -> None:
    assert set(model_classes()) == set(RECORDS)


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_every_record_round_trips(cls: type[Any], data: st.DataObject) -> None:
    record = data.draw(RECORDS[cls])
    text = json.dumps(record)
    again = json.loads(text, cls)
    assert again == record
    assert type(again) is type(record)
    assert json.dumps(again) == text


def test_same_dataset_same_bytes(example: d.Dataset) -> None:
    rebuilt = d.Dataset(
        sources=list(example.sources),
        actors=list(example.actors),
        events=list(example.events),
        flows=list(example.flows),
    )
    assert json.dumps(rebuilt) == json.dumps(example)


def test_document_layout(document: dict[str, Any]) -> None:
    assert list(document) == ["schema_version", "sources", "actors", "events", "flows"]
    assert document["schema_version"] == json.SCHEMA_VERSION == "1.2"
    flow = document["flows"][0]
    assert list(flow)[:4] == ["id", "origin", "movement", "destination"]
    assert flow["count"] == {"value": 98000, "unit": "person", "qualifier": "exact"}
    assert flow["period"] == {
        "start": "2022-09-21",
        "end": "2022-09-27",
        "as_of": "2022-09-27",
        "open_start": True,
    }
    # unquantified is null, never 0
    assert document["flows"][1]["count"] is None
    # an aware datetime keeps its offset; a date stays a date
    assert document["sources"][0]["published"] == "2022-09-27T12:24:00-04:00"
    assert document["sources"][2]["published"] == "2022-09-25"


def test_counts_keep_qualifier_unit_and_upper() -> None:
    count = d.Count(200, "household", d.Qualifier.RANGE, upper=300)
    assert json.unstructure(count) == {"value": 200, "unit": "household", "qualifier": "range", "upper": 300}
    assert (
        json.loads('{"value": 200, "unit": "household", "qualifier": "range", "upper": 300}', d.Count)
        == count
    )
    assert json.loads('{"value": 98000.0}', d.Count).magnitude.__class__ is float
    assert json.loads('{"value": 5, "unit": null, "upper": null}', d.Count) == d.Count(5)


@pytest.mark.parametrize(
    "published",
    [
        datetime(2022, 9, 27, 12, 24, tzinfo=timezone(timedelta(hours=-4))),
        datetime(2022, 9, 27, 12, 24, 5, 123456, tzinfo=timezone(timedelta(hours=5, minutes=45))),
        datetime(2022, 9, 27, 0, 0, tzinfo=UTC),
        datetime(2022, 9, 27, 12, 24),
        date(2022, 9, 27),
    ],
)
def test_published_keeps_date_or_datetime_and_offset(published: date) -> None:
    source = d.Source("s", d.SourceKind.NEWS_MEDIA, published=published)
    again = json.loads(json.dumps(source), d.Source)
    assert again == source
    assert type(again.published) is type(published)
    if isinstance(published, datetime):
        assert isinstance(again.published, datetime)
        assert again.published.utcoffset() == published.utcoffset()


def test_z_suffix_reads_as_utc() -> None:
    source = json.loads('{"id": "s", "kind": "dataset", "published": "2022-09-27T12:24:00Z"}', d.Source)
    assert source.published == datetime(2022, 9, 27, 12, 24, tzinfo=UTC)


def test_a_json_array_of_records() -> None:
    counts = (d.Count(1), d.Count(2, qualifier=d.Qualifier.AT_LEAST))
    text = json.dumps(counts, indent=None)
    assert (
        text
        == '[{"value": 1, "unit": "person", "qualifier": "exact"}, {"value": 2, "unit": "person", "qualifier": "at_least"}]'
    )
    assert json.loads(text, tuple[d.Count, ...]) == counts


def test_files_paths_and_objects(tmp_path: Path, example: d.Dataset) -> None:
    path = tmp_path / "doc.json"
    json.dump(example, path)
    assert path.read_text(encoding="utf-8") == json.dumps(example) + "\n"
    assert json.load(path) == example
    assert json.load(str(path)) == example
    with path.open("rb") as f:
        assert json.load(f) == example
    with path.open(encoding="utf-8") as f:
        assert json.load(f) == example
    out = io.StringIO()
    json.dump(example.flows[0], out, indent=None)
    assert json.loads(out.getvalue(), d.Flow) == example.flows[0]


def test_non_ascii_text_is_written_as_utf8(tmp_path: Path) -> None:
    actor = d.Actor("a", d.ActorKind.PERSON, "Қасым-Жомарт Тоқаев")
    assert "Қасым" in json.dumps(actor)
    json.dump(actor, tmp_path / "a.json")
    assert "Қасым".encode() in (tmp_path / "a.json").read_bytes()


def test_not_a_record_type() -> None:
    with pytest.raises(d.DisplacementError, match="not a record type"):
        json.dumps({"a": 1})
    with pytest.raises(d.DisplacementError, match="not a record type"):
        json.loads("{}", dict)


# -- every problem, with its path ------------------------------------------------------------------


def test_every_problem_in_every_record_is_reported(document: dict[str, Any]) -> None:
    document["flows"][0]["count"]["value"] = -5
    document["flows"][1]["origin"] = {"country": "RUS", "lat": "north"}
    document["flows"][2]["period"]["start"] = "2022-13-01"
    document["flows"][3]["movement"] = "cross border"
    document["actors"][0]["roles"] = "President"
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document)
    assert errors_of(excinfo) == [
        ("actors[0].roles", "expected an array, got the string 'President'"),
        ("flows[0].count.value", "-5 is negative"),
        ("flows[1].origin.lat", "expected a number, got the string 'north'"),
        ("flows[2].period.start", "'2022-13-01' is not a date (month must be in 1..12)"),
        (
            "flows[3].movement",
            f"expected one of {', '.join(repr(m.value) for m in d.Movement)}, "
            "got the string 'cross border' (did you mean 'cross_border'?)",
        ),
    ]
    assert [e.value for e in excinfo.value.errors] == ["President", -5, "north", "2022-13-01", "cross border"]
    text = str(excinfo.value)
    assert text.startswith("5 validation errors:\n  - actors[0].roles: expected an array")
    assert "\n  - flows[0].count.value: -5 is negative\n" in text


def test_model_rules_are_reported_at_the_path_of_the_object(document: dict[str, Any]) -> None:
    document["flows"][0]["count"] = {"value": 5, "qualifier": "range"}
    document["flows"][1]["period"] = {"start": "2022-09-27", "end": "2022-09-21"}
    document["flows"][2]["origin"] = {"country": "KZA"}
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document)
    assert errors_of(excinfo) == [
        ("flows[0].count.upper", "a range needs an upper bound"),
        ("flows[1].period.end", "2022-09-21 is before the start 2022-09-27"),
        ("flows[2].origin.country", "'KZA' is not an ISO 3166-1 alpha-3 code (did you mean 'KAZ'?)"),
    ]


def test_dataset_rules_keep_document_indexes(document: dict[str, Any]) -> None:
    # flows[0] cannot be read; flows[2]'s dangling cause must still be reported as flows[2]
    document["flows"][0]["metric"] = 7
    document["flows"][2]["causes"] = ["no-such-event"]
    document["stocks"] = []
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document)
    assert errors_of(excinfo) == [
        (
            "flows[0].metric",
            f"expected one of {', '.join(repr(m.value) for m in d.Metric)}, got the number 7",
        ),
        ("flows[2].causes[0]", "refers to 'no-such-event', which is not in the dataset (expected an event)"),
    ]


def test_references_to_unreadable_records_are_not_called_dangling(document: dict[str, Any]) -> None:
    document["events"][1]["kind"] = "decree"  # the mobilization decree, which flows cite
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document)
    assert [p for p, _ in errors_of(excinfo)] == ["events[1].kind"]


def test_duplicate_ids_and_dangling_references(document: dict[str, Any]) -> None:
    document["flows"][1]["id"] = "f1-rus-kaz"
    document["flows"][3]["attributions"][0]["source"] = "reuters"
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document)
    assert errors_of(excinfo) == [
        ("flows[1].id", "duplicate id 'f1-rus-kaz' (also flows[0])"),
        (
            "flows[3].attributions[0].source",
            "refers to 'reuters', which is not in the dataset (expected a source)",
        ),
    ]


def test_unknown_keys_are_errors_naming_the_key(document: dict[str, Any]) -> None:
    document["flows"][0]["populaton"] = document["flows"][0].pop("population")
    document["flows"][0]["count"]["qualifer"] = "exact"
    document["flows"][0]["count"]["value"] = -1
    document["sources"][0]["weird key"] = 1
    document["extra"] = True
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document)
    assert errors_of(excinfo) == [
        ("extra", "unknown key (expected one of schema_version, sources, actors, events, flows, stocks)"),
        (
            'sources[0]["weird key"]',
            "unknown key (expected one of id, kind, publisher, title, authors, url, published, accessed, language, reliability, actor, part_of, section, licence, description)",
        ),
        ("flows[0].populaton", "unknown key (did you mean 'population'?)"),
        ("flows[0].population", "missing (required)"),
        ("flows[0].count.qualifer", "unknown key (did you mean 'qualifier'?)"),
        ("flows[0].count.value", "-1 is negative"),
    ]


def test_ignore_unknown_skips_unknown_keys(document: dict[str, Any], example: d.Dataset) -> None:
    document["flows"][0]["count"]["confidence"] = "high"
    document["flows"][0]["new_field"] = {"nested": [1, 2]}
    document["future_records"] = []
    assert json.structure(document, ignore_unknown=True) == example
    assert json.loads(stdlib_json.dumps(document), ignore_unknown=True) == example
    with pytest.raises(d.ValidationError):
        json.structure(document)


def test_repeated_keys_are_errors() -> None:
    with pytest.raises(d.ValidationError) as excinfo:
        json.loads('{"value": 5, "value": 6}', d.Count)
    assert errors_of(excinfo) == [("value", "appears more than once in this object")]
    with pytest.raises(d.ValidationError) as excinfo:
        json.loads('{"country": "KAZ", "name": "a", "name": "b", "lat": 1}', d.Place)
    assert errors_of(excinfo) == [
        ("name", "appears more than once in this object"),
        ("lon", "coordinates need both lat and lon"),
    ]


def test_load_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"schema_version": "1.0", "flows": [5]}', encoding="utf-8")
    with pytest.raises(d.ValidationError) as excinfo:
        json.load(path)
    assert str(excinfo.value) == (
        f"invalid document {path} (1 problem):\n  - flows[0]: expected an object (Flow), got the number 5"
    )
    path.write_text("{", encoding="utf-8")
    with pytest.raises(d.DocumentError, match=r"bad\.json: not valid JSON"):
        json.load(path)


# -- the corpus of bad inputs: each a DisplacementError, nothing else -----------------------------

DOC = '{"schema_version": "1.0", "flows": [%s]}'
FLOW = stdlib_json.dumps(json.unstructure(d.examples.kazakhstan_2022().flows[1]))


def flow_with(**changes: Any) -> str:
    """A valid flow that refers to nothing else, with *changes*."""
    flow = stdlib_json.loads(FLOW)
    flow.update(causes=[], attributions=[])
    flow.update(changes)
    return stdlib_json.dumps(flow)


COHORT = {"sex": None, "min_age": 4, "max_age": 9, "count": {"value": 3}}
COHORT_DOC = DOC % flow_with(population={"category": "refugees", "cohorts": [COHORT]})

BAD: list[tuple[str, str | bytes, type[Exception], str]] = [
    ("empty", "", d.DocumentError, "the document is empty"),
    ("not json", "flows: []", d.DocumentError, "line 1, column 1: not valid JSON: Expecting value"),
    (
        "truncated",
        '{"schema_version": "1.0", "flows": [{"id": "f1", "ori',
        d.DocumentError,
        "ends too early (truncated?)",
    ),
    ("trailing comma", '{"schema_version": "1.0",}', d.DocumentError, "not valid JSON"),
    (
        "invalid utf-8",
        b'{"schema_version": "1.0", "sources": [{"id": "\xff\xfe", "kind": "ngo"}]}',
        d.DocumentError,
        "not valid UTF-8: byte b'\\xff' at offset 46",
    ),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, d.DocumentError, "nest too deeply"),
    ("deep nesting of objects", '{"a":' * 100_000 + "1" + "}" * 100_000, d.DocumentError, "nest too deeply"),
    (
        "unknown version",
        '{"schema_version": "2.0"}',
        d.DocumentError,
        "unknown schema_version '2.0': this version of displacement reads '1.0'",
    ),
    (
        "version as number",
        '{"schema_version": 1.0}',
        d.DocumentError,
        "unknown schema_version the number 1.0",
    ),
    ("no version", '{"flows": []}', d.ValidationError, "schema_version: missing"),
    (
        "top level array",
        "[]",
        d.ValidationError,
        "expected an object (a dataset document), got an array of 0 items",
    ),
    (
        "top level string",
        '"flows"',
        d.ValidationError,
        "expected an object (a dataset document), got the string 'flows'",
    ),
    (
        "flows not an array",
        '{"schema_version": "1.0", "flows": {}}',
        d.ValidationError,
        "flows: expected an array, got an object",
    ),
    ("flow not an object", DOC % "null", d.ValidationError, "flows[0]: expected an object (Flow), got null"),
    (
        "id a number",
        DOC % flow_with(id=5),
        d.ValidationError,
        "flows[0].id: expected a string, got the number 5",
    ),
    ("id empty", DOC % flow_with(id=" "), d.ValidationError, "flows[0].id: must not be empty"),
    (
        "place a string",
        DOC % flow_with(origin="RUS"),
        d.ValidationError,
        "flows[0].origin: expected an object (Place), got the string 'RUS'",
    ),
    (
        "country a list",
        DOC % flow_with(origin={"country": ["RUS"]}),
        d.ValidationError,
        "flows[0].origin.country: expected a string, got an array of 1 item",
    ),
    (
        "bool for number",
        DOC % flow_with(origin={"country": "RUS", "lat": True, "lon": 1}),
        d.ValidationError,
        "flows[0].origin.lat: expected a number, got true",
    ),
    (
        "count a number",
        DOC % flow_with(count=98000),
        d.ValidationError,
        "flows[0].count: expected an object (Count), got the number 98000",
    ),
    (
        "count value a string",
        DOC % flow_with(count={"value": "98000 person"}),
        d.ValidationError,
        "flows[0].count.value: expected a number, got the string '98000 person'",
    ),
    (
        "negative count",
        DOC % flow_with(count={"value": -5}),
        d.ValidationError,
        "flows[0].count.value: -5 is negative",
    ),
    (
        "huge number",
        DOC % flow_with(count={"value": 1}).replace('"value": 1', '"value": 1e400'),
        d.ValidationError,
        "flows[0].count.value: 1e400 is out of range: numbers must be finite (at most about 1.8e308",
    ),
    (
        "huge integer",
        DOC % flow_with(count={"value": 1}).replace('"value": 1', '"value": ' + "9" * 400),
        d.ValidationError,
        "flows[0].count.value: 9999",
    ),
    (
        "a number below a float64's smallest",
        DOC % flow_with(count={"value": 1}).replace('"value": 1', '"value": 1e-400'),
        d.ValidationError,
        "flows[0].count.value: 1e-400 is out of range: too close to 0 for a float64, which would read it as 0",
    ),
    (
        "a negative number below a float64's smallest, as an upper bound",
        DOC
        % flow_with(count={"value": 0, "qualifier": "range", "upper": 1}).replace(
            '"upper": 1', '"upper": -0.1e-330'
        ),
        d.ValidationError,
        "flows[0].count.upper: -0.1e-330 is out of range: too close to 0",
    ),
    (
        "a coordinate below a float64's smallest",
        DOC % flow_with(origin={"country": "RUS", "lat": 1, "lon": 2}).replace('"lat": 1', '"lat": 1e-999'),
        d.ValidationError,
        "flows[0].origin.lat: 1e-999 is out of range: too close to 0",
    ),
    (
        "an integer beyond a float64's range",
        DOC % flow_with(count={"value": 1}).replace('"value": 1', '"value": 1' + "0" * 400),
        d.ValidationError,
        "flows[0].count.value: 10000000000000000000... (401 characters) is out of range: numbers must be finite",
    ),
    (
        "an integer of more digits than Python reads",
        DOC % flow_with(count={"value": 1}).replace('"value": 1', '"value": ' + "7" * 100_000),
        d.ValidationError,
        "flows[0].count.value: 77777777777777777777... (100000 characters) is out of range",
    ),
    (
        "a float of many digits",
        DOC % flow_with(count={"value": 1}).replace('"value": 1', '"value": ' + "7" * 100_000 + ".5"),
        d.ValidationError,
        "flows[0].count.value: 77777777777777777777... (100002 characters) is out of range",
    ),
    (
        "an age written as a float",
        COHORT_DOC.replace('"min_age": 4', '"min_age": 4.0'),
        d.ValidationError,
        "flows[0].population.cohorts[0].min_age: 4.0 is not a whole number (write 4, without the decimal point)",
    ),
    (
        "an age written with an exponent",
        COHORT_DOC.replace('"max_age": 9', '"max_age": 9e0'),
        d.ValidationError,
        "flows[0].population.cohorts[0].max_age: 9.0 is not a whole number (write 9, without the decimal point)",
    ),
    (
        "an age beyond a float64's range",
        COHORT_DOC.replace('"max_age": 9', '"max_age": 9' + "9" * 400),
        d.ValidationError,
        "flows[0].population.cohorts[0].max_age: 99999999999999999999... (401 characters) is out of range",
    ),
    (
        "a very long unknown key",
        DOC % flow_with(**{"k" * 100_000: 1}),
        d.ValidationError,
        'flows[0]["kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk... (100000 characters)"]: unknown key',
    ),
    (
        "an unknown key with a lone surrogate",
        DOC % flow_with(**{"\ud800": 1}),
        d.ValidationError,
        'flows[0]["\\ud800"]: unknown key',
    ),
    (
        "a very long schema_version",
        '{"schema_version": "%s"}' % ("9" * 100_000),
        d.DocumentError,
        "unknown schema_version '99999999999999999999999999999999999999999999999999999999999...: this",
    ),
    (
        "NaN",
        DOC % flow_with(count={"value": 1}).replace('"value": 1', '"value": NaN'),
        d.ValidationError,
        "flows[0].count.value: NaN is not allowed: JSON has no such number",
    ),
    (
        "Infinity",
        DOC % flow_with(count={"value": 1}).replace('"value": 1', '"value": -Infinity'),
        d.ValidationError,
        "flows[0].count.value: -Infinity is not allowed",
    ),
    (
        "qualifier wrong",
        DOC % flow_with(count={"value": 1, "qualifier": "about"}),
        d.ValidationError,
        "flows[0].count.qualifier: expected one of 'exact'",
    ),
    (
        "unit wrong",
        DOC % flow_with(count={"value": 1, "unit": "metre"}),
        d.ValidationError,
        "flows[0].count.unit: 'metre' is not a count unit",
    ),
    (
        "upper without range",
        DOC % flow_with(count={"value": 1, "upper": 2}),
        d.ValidationError,
        "flows[0].count.upper: only a range has an upper bound",
    ),
    (
        "date a number",
        DOC % flow_with(period={"start": 20220921}),
        d.ValidationError,
        "flows[0].period.start: expected an ISO 8601 date such as '2022-09-27', got the number 20220921",
    ),
    (
        "date basic format",
        DOC % flow_with(period={"start": "20220921"}),
        d.ValidationError,
        "flows[0].period.start: the string '20220921' is not an ISO 8601 date",
    ),
    (
        "date with time",
        DOC % flow_with(period={"start": "2022-09-21T10:00:00"}),
        d.ValidationError,
        "flows[0].period.start: the string '2022-09-21T10:00:00' is not an ISO 8601 date",
    ),
    (
        "open_start a string",
        DOC % flow_with(period={"start": "2022-09-21", "open_start": "yes"}),
        d.ValidationError,
        "flows[0].period.open_start: expected true or false, got the string 'yes'",
    ),
    (
        "causes a string",
        DOC % flow_with(causes="decree"),
        d.ValidationError,
        "flows[0].causes: expected an array, got the string 'decree'",
    ),
    (
        "cause a number",
        DOC % flow_with(causes=[1]),
        d.ValidationError,
        "flows[0].causes[0]: expected a string, got the number 1",
    ),
    (
        "attribution empty object",
        DOC % flow_with(attributions=[{}]),
        d.ValidationError,
        "flows[0].attributions[0].source: missing (required)",
    ),
    (
        "lone surrogate",
        DOC % flow_with(term="\ud800"),
        d.ValidationError,
        "flows[0].term: contains an unpaired surrogate",
    ),
    (
        "very long country",
        DOC % flow_with(origin={"country": "R" * 100_000}),
        d.ValidationError,
        "flows[0].origin.country: 'RRRR",
    ),
    (
        "duplicate ids",
        DOC % ",".join([flow_with(id="f")] * 2),
        d.ValidationError,
        "flows[1].id: duplicate id 'f' (also flows[0])",
    ),
    (
        "dangling reference",
        DOC % flow_with(causes=["nothing"]),
        d.ValidationError,
        "flows[0].causes[0]: refers to 'nothing', which is not in the dataset",
    ),
    (
        "unknown key",
        DOC % flow_with(cuont=None),
        d.ValidationError,
        "flows[0].cuont: unknown key (did you mean 'count'?)",
    ),
]


@pytest.mark.parametrize(("name", "text", "error", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_inputs_give_displacement_errors(
    name: str, text: str | bytes, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as excinfo:
        json.loads(text)
    assert isinstance(excinfo.value, d.DisplacementError)
    assert message in str(excinfo.value)


def test_bad_inputs_give_bounded_messages() -> None:
    """No message echoes a long input whole: a path or value is cut to a few dozen characters."""
    for name, text, _, _ in BAD:
        if name == "very long country":  # the country's message is the place module's (issue 13)
            continue
        with pytest.raises(d.DisplacementError) as excinfo:
            json.loads(text)
        assert len(str(excinfo.value)) < 400, name


def test_the_smallest_numbers_a_float64_holds_still_load() -> None:
    assert json.loads('{"value": 5e-324}', d.Count).magnitude == 5e-324
    assert json.loads('{"value": 0e-400}', d.Count).magnitude == 0.0
    assert json.loads('{"value": 0.000e99999}', d.Count).magnitude == 0.0
    assert json.loads('{"value": 9007199254740991.0}', d.Count).magnitude == 2**53 - 1
    assert json.loads('{"value": 9007199254740991}', d.Count).magnitude == 2**53 - 1


def test_every_count_dumps_writes_loads_back() -> None:
    """A count holds at most 2**53 - 1, so no document dumps writes has a number loads refuses."""
    largest = d.Count(MAX_MAGNITUDE - 1, qualifier=d.Qualifier.RANGE, upper=MAX_MAGNITUDE, household_size=2.5)
    with pytest.raises(d.ValidationError, match="above 9,007,199,254,740,991"):
        d.Count(10**400)
    assert json.loads(json.dumps(d.Count(MAX_MAGNITUDE)), d.Count) == d.Count(MAX_MAGNITUDE)
    assert json.loads(json.dumps(largest), d.Count) == largest
    assert json.loads(json.dumps(d.Count(5e-324)), d.Count) == d.Count(5e-324)


def test_very_long_strings_load_where_text_is_free() -> None:
    long = "x" * 1_000_000
    flow = json.loads(DOC % flow_with(description=long)).flows[0]
    assert flow.description == long


def test_a_byte_order_mark_is_accepted(example: d.Dataset) -> None:
    assert json.loads(b"\xef\xbb\xbf" + json.dumps(example).encode()) == example


def test_loads_refuses_what_is_not_text() -> None:
    with pytest.raises(d.DocumentError, match="expected JSON text"):
        json.loads(5)  # type: ignore[call-overload]


def test_errors_pickle() -> None:
    import pickle

    error = d.DocumentError("truncated", line=2, column=3)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.line, again.column) == (str(error), 2, 3)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@given(value=JSON_VALUES)
def test_any_json_value_gives_a_record_or_a_displacement_error(cls: type[Any], value: Any) -> None:
    try:
        record = json.structure(value, cls)
    except d.DisplacementError as exc:
        message = str(exc)
    else:
        assert isinstance(record, cls)
        return
    assert message


@given(data=st.data())
def test_any_change_to_a_valid_document_gives_a_dataset_or_a_displacement_error(data: st.DataObject) -> None:
    document = json.unstructure(d.examples.kazakhstan_2022())
    target: Any = document
    for _ in range(data.draw(st.integers(1, 4))):
        if isinstance(target, dict) and target:
            key = data.draw(st.sampled_from(sorted(target)))
        elif isinstance(target, list) and target:
            key = data.draw(st.integers(0, len(target) - 1))
        else:
            break
        if not isinstance(target[key], dict | list) or data.draw(st.booleans()):
            target[key] = data.draw(JSON_VALUES)
            break
        target = target[key]
    text = stdlib_json.dumps(document)
    try:
        json.loads(text)
    except d.DisplacementError as exc:
        message = str(exc)
    else:
        return
    assert message


# -- repeated objects in a document: made once, shared, and never mistaken for one another ---------


def test_equal_objects_in_a_document_give_one_shared_record(example: d.Dataset) -> None:
    flows = [d.Flow(**{**_fields_of(example.flows[0]), "id": f"copy-{i}"}) for i in range(3)]
    ds = d.Dataset(sources=example.sources, actors=example.actors, events=example.events, flows=flows)
    loaded = json.loads(json.dumps(ds))
    assert loaded == ds
    assert len({id(f.origin) for f in loaded.flows}) == 1
    assert len({id(f.period) for f in loaded.flows}) == 1
    assert len({id(f.count) for f in loaded.flows}) == 1
    assert not json._reader(False).made  # nothing is kept once the document is read


def test_a_repeated_bad_object_is_reported_every_time() -> None:
    place = {"country": "KZA"}
    with pytest.raises(d.ValidationError) as caught:
        json.loads(stdlib_json.dumps([place, {"country": "KAZ"}, place]), tuple[d.Place, ...])
    assert [e.path for e in caught.value.errors] == ["[0].country", "[2].country"]


def test_true_is_not_taken_for_one_nor_one_for_one_point_zero() -> None:
    with pytest.raises(d.ValidationError) as caught:
        json.loads('[{"value": 1}, {"value": true}]', tuple[d.Count, ...])
    assert [e.path for e in caught.value.errors] == ["[1].value"]
    counts = json.loads('[{"value": 1}, {"value": 1.0}]', tuple[d.Count, ...])
    assert [type(c.magnitude) for c in counts] == [int, float]
    with pytest.raises(d.ValidationError) as caught:
        json.loads(
            '[{"start": "2022-01-01"}, {"start": "2022-01-01", "open_start": 1}]', tuple[d.Period, ...]
        )
    assert [e.path for e in caught.value.errors] == ["[1].open_start"]


def test_minus_zero_coordinates_are_kept() -> None:
    text = '[{"country": "KAZ", "lat": 0.0, "lon": 0.0}, {"country": "KAZ", "lat": -0.0, "lon": -0.0}]'
    places = json.loads(text, tuple[d.Place, ...])
    assert json.dumps(places, indent=None) == text


def test_objects_with_arrays_inside_are_read_each_time() -> None:
    text = '[{"source": "a", "attributed_to": ["b"]}, {"source": "a", "attributed_to": ["b"]}]'
    first, second = json.loads(text, tuple[d.Attribution, ...])
    assert first == second == d.Attribution("a", attributed_to=["b"])


def _fields_of(record: Any) -> dict[str, Any]:
    import attrs

    return {a.alias or a.name: getattr(record, a.name) for a in attrs.fields(type(record))}


def test_a_type_that_seldom_repeats_stops_being_shared_and_others_go_on() -> None:
    n = json._TRIAL + 500
    text = stdlib_json.dumps([{"value": i, "unit": "household"} for i in range(n)] + [{"value": 7}] * 3)
    counts = json.loads(text, tuple[d.Count, ...])
    assert [c.magnitude for c in counts] == [*range(n), 7, 7, 7]
    assert counts[-1] == d.Count(7)
    assert counts[-1] is not counts[-2]  # counts were given up after _TRIAL misses
    places = json.loads(stdlib_json.dumps([{"country": "KAZ"}] * (n + 2)), tuple[d.Place, ...])
    assert len({id(p) for p in places}) == 1  # a new document starts sharing again


def test_a_path_that_cannot_be_opened_is_a_document_error(tmp_path: Path) -> None:
    # as csv.load, read_hxl, read_parquet and the UNHCR readers do: one error for every format
    with pytest.raises(d.DocumentError, match=r"nope\.json: cannot be opened \(No such file or directory\)"):
        json.load(tmp_path / "nope.json")
    with pytest.raises(d.DocumentError, match=r"cannot be opened \(Is a directory\)"):
        json.load(tmp_path)


# -- places below the country (issue 15) ---------------------------------------------------------


def test_places_below_the_country_as_json() -> None:
    place = d.Place(
        "SOM", admin2="SO2401", name="Bulo Burto IDP site", lat=3.1, lon=43.6, accuracy=d.Accuracy.POINT
    )
    assert json.unstructure(place) == {
        "country": "SOM",
        "admin1": "SO24",
        "admin2": "SO2401",
        "name": "Bulo Burto IDP site",
        "lat": 3.1,
        "lon": 43.6,
        "accuracy": "point",
    }
    flow = d.examples.kazakhstan_2022().flows[0]
    dataset = d.Dataset(flows=[attrs.evolve(flow, origin=place, causes=(), attributions=())])
    assert json.loads(json.dumps(dataset)) == dataset


def test_a_p_code_the_gazetteer_refuses_names_its_path() -> None:
    flow = d.examples.kazakhstan_2022().flows[0]
    document = json.unstructure(d.Dataset(flows=[attrs.evolve(flow, causes=(), attributions=())]))
    document["flows"][0]["destination"] = {"country": "SOM", "admin1": "SO22", "admin2": "SO2401"}
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document)
    assert [(e.path, e.message) for e in excinfo.value.errors] == [
        ("flows[0].destination.admin2", "'SO2401' (Baydhaba) is in SO24, not in SO22")
    ]


# -- issue 16: hazards, measures, cause kinds, routes, cohort dimensions --------------------------


def test_every_new_field_round_trips() -> None:
    from new_fields import dataset

    example = dataset()
    document = json.unstructure(example)
    flood = document["events"][-1]
    assert flood["hazard"] == {
        "category": "Weather related",
        "subcategory": "Hydrological",
        "type": "Flood",
        "detail": "snowmelt",
    }
    assert flood["cause_kind"] == "disaster"
    assert [f.get("measure") for f in flood["figures"]] == ["evacuated", "homes_damaged"]
    assert document["flows"][0]["via"] == [{"country": "GEO"}, {"country": "ARM", "name": "Lars crossing"}]
    assert document["flows"][0]["cause_kind"] == "other"
    assert document["flows"][0]["population"]["cohorts"][2]["in_camp"] is True
    assert json.loads(json.dumps(example)) == example


def test_a_hazard_written_as_a_name_still_loads(document: dict[str, Any]) -> None:
    """Documents of schema version 1.0 wrote ``"hazard": "flood"``."""
    event = {
        "id": "fl",
        "kind": "disaster",
        "name": "Floods",
        "period": {"start": "2024-04-01"},
        "hazard": "flood",
    }
    old = {"schema_version": "1.0", "events": [event]}
    (loaded,) = json.structure(old, d.Dataset).events
    assert loaded.hazard == d.Hazard(subtype="Flood", type="Flood")
    assert loaded.cause_kind is d.CauseKind.DISASTER
    assert json.unstructure(loaded)["hazard"]["subtype"] == "Flood"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"hazard": "flod"},
            (
                "events[0].hazard",
                "'flod' is not an IDMC hazard class; did you mean 'Flood'? "
                "(words of your own go in Hazard(detail=...))",
            ),
        ),
        (
            {"hazard": {"type": "flod"}},
            ("events[0].hazard.type", "'flod' is not an IDMC hazard type; did you mean 'Flood'?"),
        ),
        ({"hazard": 5}, ("events[0].hazard", "expected an object (Hazard), got the number 5")),
        (
            {"cause_kind": "war"},
            ("events[0].cause_kind", "expected one of 'conflict', 'disaster', 'other', got the string 'war'"),
        ),
        (
            {"figures": [{"description": "x", "count": {"value": 5}, "measure": "fled"}]},
            ("events[0].figures[0].measure", None),
        ),
    ],
)
def test_bad_new_fields_name_their_path(change: dict[str, Any], expected: tuple[str, str | None]) -> None:
    event = {"id": "fl", "kind": "disaster", "name": "Floods", "period": {"start": "2024-04-01"}} | change
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure({"schema_version": "1.1", "events": [event]}, d.Dataset)
    (path, message), *rest = errors_of(excinfo)
    assert not rest
    assert path == expected[0]
    if expected[1] is not None:
        assert message == expected[1]


def test_a_bad_cohort_cell_and_route_name_their_path(document: dict[str, Any]) -> None:
    flow = document["flows"][0]
    flow["population"]["cohorts"] = [
        {"sex": None, "min_age": None, "max_age": None, "count": {"value": 5}, "settlement": "suburban"}
    ]
    flow["via"] = [{"country": "XXX"}]
    flow["cause_kind"] = 3
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document, d.Dataset)
    assert [p for p, _ in errors_of(excinfo)] == [
        "flows[0].population.cohorts[0].settlement",
        "flows[0].via[0].country",
        "flows[0].cause_kind",
    ]
