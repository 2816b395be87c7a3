"""The JSON Schema: generated from the model, valid, and in agreement with `loads`."""

from __future__ import annotations

import copy
import json as stdlib_json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import displacement as d
from displacement import io
from displacement._validate import Described, all_of, number_in
from displacement.io import json, schema
from displacement.io._fields import model_classes
from displacement.io.schema import DIALECT, json_schema
from records import RECORDS
from test_io_json import BAD

VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def schema_errors(document: Any, validator: jsonschema.Draft202012Validator = VALIDATOR) -> list[str]:
    return [e.message for e in validator.iter_errors(document)]


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json_schema()
    assert schema["$schema"] == DIALECT
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["required"] == ["schema_version"]
    assert schema["properties"]["schema_version"]["enum"] == ["1.0", "1.1", "1.2"]


def test_schema_is_a_fresh_copy() -> None:
    schema = json_schema()
    schema["$defs"].clear()
    assert json_schema()["$defs"]


def test_every_record_type_and_field_is_in_the_schema() -> None:
    """Fields, aliases, required keys and enum members come from the attrs classes."""
    defs = json_schema()["$defs"]
    for cls in model_classes():
        if cls is d.Dataset:
            continue
        definition = defs[cls.__name__]
        keys = [a.alias for a in attrs.fields(cls) if a.init]
        assert list(definition["properties"]) == keys
        assert definition["additionalProperties"] is False
    assert defs["Count"]["required"] == ["value"]
    assert set(defs["Flow"]["required"]) == {
        "id",
        "origin",
        "movement",
        "destination",
        "population",
        "count",
        "period",
        "metric",
    }
    category = defs["Population"]["properties"]["category"]
    assert category["enum"] == [m.value for m in d.PopulationCategory]
    assert defs["Place"]["properties"]["lat"]["anyOf"][0] == {"type": "number", "minimum": -90, "maximum": 90}
    assert "KAZ" in defs["CountryCode"]["enum"]
    assert "XXA" in defs["CountryCode"]["enum"]
    assert (
        defs["Flow"]["properties"]["count"]["description"]
        == "How many, or ``None`` when the report gives no number."
    )


def test_schema_for_a_single_record_type() -> None:
    schema = json_schema(d.Count)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert schema_errors({"value": 5, "qualifier": "range", "upper": 9}, validator) == []
    assert schema_errors({"value": 5, "qualifier": "range"}, validator) == ["'upper' is a required property"]
    assert schema_errors({"value": 5, "upper": 9}, validator) == ["9 is not of type 'null'"]
    with pytest.raises(d.DisplacementError, match="not a record type"):
        json_schema(dict)


def _accepted(validator: Any) -> list[dict[str, Any]]:
    """What a field's validator says it accepts (`_validate.all_of` says it for its parts)."""
    return [dict(validator.json_schema)] if isinstance(validator, Described) else []


def test_the_schema_carries_what_each_validator_says_it_accepts() -> None:
    """Every keyword a field's validator is `Described` by is in that field's schema (issue 14).

    The schema is generated from data the validators carry, not from their names, identity or
    closures, so a validator with other bounds or another pattern changes the schema with it.
    """
    described = 0
    for cls in model_classes():
        properties = json_schema(cls)["properties"]
        for a in attrs.fields(cls):
            for keywords in _accepted(a.validator):
                found = properties[a.alias]
                found = next((s for s in found.get("anyOf", [found]) if s.get("type") != "null"), found)
                if "items" in keywords:
                    assert keywords["items"].items() <= found["items"].items(), (cls, a.name)
                else:
                    assert keywords.items() <= found.items(), (cls, a.name)
                described += 1
    assert described >= 40  # text fields, countries, codes, counts, ages, coordinates


def test_validators_say_what_they_accept() -> None:
    assert _accepted(attrs.fields(d.Place).lat.validator) == [{"minimum": -90, "maximum": 90}]
    assert _accepted(attrs.fields(d.Place).lon.validator) == [{"minimum": -180, "maximum": 180}]
    assert _accepted(attrs.fields(d.Place).country.validator) == [{"$ref": "#/$defs/CountryCode"}]
    assert _accepted(attrs.fields(d.Count).magnitude.validator) == [{"minimum": 0}]
    assert _accepted(attrs.fields(d.Source).url.validator) == [{"pattern": "^https?://[^ ]*$"}]
    # a validator made with other bounds says so, and still checks as before
    other = number_in(0, 10)
    assert _accepted(other) == [{"minimum": 0, "maximum": 10}]
    with pytest.raises(d.ValidationError, match=r"^lat: 11 is outside \[0, 10\]"):
        other(None, attrs.fields(d.Place).lat, 11)


def test_the_schema_module_reads_no_validator_code() -> None:
    """No qualnames, closures or named validators: `schema.py` reads `Described` data only."""
    source = Path(schema.__file__).read_text(encoding="utf-8")
    for word in ("__qualname__", "__closure__", "co_freevars", "__code__", "check_", "_validators"):
        assert word not in source


def test_no_described_validator_hides_in_an_attrs_and() -> None:
    """attrs' ``validator=[a, b]`` keeps its parts privately, so the schema cannot read them:
    a field with several validators uses `_validate.all_of`, which is `Described` by its parts."""
    for cls in model_classes():
        for a in attrs.fields(cls):
            parts = getattr(a.validator, "_validators", ())  # attrs' private list, read by this test only
            assert not any(isinstance(p, Described) for p in parts), (cls, a.name)


def test_all_of_runs_every_part_and_says_what_they_accept() -> None:
    both = all_of(number_in(0, 10), number_in(5, 100))
    assert both.json_schema == {"allOf": [{"minimum": 0, "maximum": 10}, {"minimum": 5, "maximum": 100}]}
    assert all_of(number_in(0, 10), lambda *_: None).json_schema == {"minimum": 0, "maximum": 10}
    lat = attrs.fields(d.Place).lat
    with pytest.raises(d.ValidationError, match=r"^lat: 11 is outside \[0, 10\]"):
        both(None, lat, 11)
    with pytest.raises(d.ValidationError, match=r"^lat: 4 is outside \[5, 100\]"):
        both(None, lat, 4)
    both(None, lat, 7)


def test_the_schema_reads_the_one_schema_version_of_io() -> None:
    """`schema.py` takes the version from `displacement.io`, the one place the formats share."""
    import ast

    tree = ast.parse(Path(schema.__file__).read_text(encoding="utf-8"))
    sources = {
        alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert sources["SCHEMA_VERSION"] is None  # ``from . import SCHEMA_VERSION``
    assert sources["SUPPORTED_VERSIONS"] is None
    assert json_schema()["properties"]["schema_version"]["enum"] == list(io.SUPPORTED_VERSIONS)


def test_example_validates() -> None:
    assert schema_errors(json.unstructure(d.examples.kazakhstan_2022())) == []


@given(st.data())
def test_round_tripped_documents_validate(data: st.DataObject) -> None:
    dataset = data.draw(RECORDS[d.Dataset])
    document = stdlib_json.loads(json.dumps(dataset))
    assert schema_errors(document) == []


@pytest.mark.parametrize("cls", [c for c in RECORDS if c is not d.Dataset], ids=lambda c: c.__name__)
@given(data=st.data())
def test_every_record_validates_against_its_schema(cls: type[Any], data: st.DataObject) -> None:
    validator = jsonschema.Draft202012Validator(json_schema(cls))
    assert schema_errors(json.unstructure(data.draw(RECORDS[cls])), validator) == []


# Bad documents of the corpus that a JSON Schema can express: both the schema and loads reject them.
# (Not expressible: text that is not JSON or not UTF-8, numbers JSON cannot hold, nesting too deep
# to parse, unpaired surrogates, unique ids and references across records, unit names, dates that
# do not exist, and model rules such as an end before a start.)
EXPRESSIBLE = {
    "no version",
    "unknown version",
    "version as number",
    "top level array",
    "top level string",
    "flows not an array",
    "flow not an object",
    "id a number",
    "id empty",
    "place a string",
    "country a list",
    "bool for number",
    "count a number",
    "count value a string",
    "negative count",
    "qualifier wrong",
    "upper without range",
    "date a number",
    "date basic format",
    "date with time",
    "open_start a string",
    "causes a string",
    "cause a number",
    "attribution empty object",
    "very long country",
    "unknown key",
}


def test_expressible_cases_exist() -> None:
    assert {name for name, *_ in BAD} >= EXPRESSIBLE


@pytest.mark.parametrize(("name", "text"), [(b[0], b[1]) for b in BAD if b[0] in EXPRESSIBLE])
def test_schema_and_loads_agree_on_bad_documents(name: str, text: str) -> None:
    with pytest.raises(d.DisplacementError):
        json.loads(text)
    assert schema_errors(stdlib_json.loads(text)), f"the schema accepts {name}"


@pytest.mark.parametrize(
    "change",
    [
        {"term": "x" * 100_000},
        {"count": None},
        {"count": {"value": 0}},
        {"count": {"value": 1.5, "unit": "household", "qualifier": "range", "upper": 2}},
        {"origin": {"country": "UNK", "lat": -33.5, "lon": 151}},
        {"period": {}},
        {"origin": {"country": "SOM", "admin2": "SO2401", "lat": 3.1, "lon": 43.6, "accuracy": "admin2"}},
        {"origin": {"country": "ETH", "admin3": "ET041291", "name": "a camp", "accuracy": None}},
    ],
)
def test_schema_and_loads_agree_on_good_documents(change: dict[str, Any]) -> None:
    flow = (
        json.unstructure(d.examples.kazakhstan_2022().flows[1]) | {"causes": [], "attributions": []} | change
    )
    document = {"schema_version": "1.0", "flows": [flow]}
    assert schema_errors(document) == []
    assert json.structure(document).flows[0].id == "f2-rus-geo"


def wrong(value: Any) -> Any:
    """A JSON value of another type than *value*."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return 12345
    if isinstance(value, list):
        return {"items": value[:1]}
    if isinstance(value, dict):
        return [value]
    return []  # for null: an array is neither null nor the object it stands for


def paths(value: Any, path: str = "") -> list[tuple[str, list[str | int]]]:
    """Every value of a document with its path, as the errors write it and as keys."""
    found: list[tuple[str, list[str | int]]] = []

    def walk(value: Any, path: str, keys: list[str | int]) -> None:
        if keys:
            found.append((path, keys))
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}" if path else k, [*keys, k])
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]", [*keys, i])

    walk(value, path, [])
    return found


EXAMPLE = json.unstructure(d.examples.kazakhstan_2022())
EVERY_PATH = [p for p in paths(EXAMPLE) if p[0] != "schema_version"]


def test_the_walk_covers_every_level() -> None:
    assert len(EVERY_PATH) > 300
    assert {
        "flows[0].count.value",
        "sources[0].published",
        "events[0].period",
        "actors[3].roles[0].title",
    } <= {p for p, _ in EVERY_PATH}


@pytest.mark.parametrize(("path", "keys"), EVERY_PATH, ids=[p for p, _ in EVERY_PATH])
def test_a_wrong_type_at_every_level_is_reported_at_its_path(path: str, keys: list[str | int]) -> None:
    document = copy.deepcopy(EXAMPLE)
    parent = document
    for key in keys[:-1]:
        parent = parent[key]
    parent[keys[-1]] = wrong(parent[keys[-1]])
    with pytest.raises(d.ValidationError) as excinfo:
        json.structure(document)
    assert path in [e.path for e in excinfo.value.errors]
    assert schema_errors(document), f"the schema accepts a wrong type at {path}"


# -- descriptions without the source (issue 13) ---------------------------------------------------

SHIPPED = Path(schema.__file__).with_name("document.schema.json")


def test_descriptions_do_not_need_the_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wheel installed as .pyc only, or a frozen app, has no source for `inspect` to read."""

    def no_source(obj: object) -> str:
        raise OSError("could not get source code")

    shipped = stdlib_json.loads(SHIPPED.read_text(encoding="utf-8"))
    monkeypatch.setattr(schema.inspect, "getsource", no_source)
    schema._field_docs.cache_clear()
    schema._build.cache_clear()
    try:
        without = schema.json_schema()
        assert without["$defs"]["Count"]["properties"]["value"]["description"]
        assert without == shipped
    finally:
        schema._field_docs.cache_clear()
        schema._build.cache_clear()


def run_alone(code: str, *options: str, path: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(path or Path(schema.__file__).parents[2])
    done = subprocess.run(
        [sys.executable, *options, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SAME = """
import json, pathlib
from displacement.io import schema
shipped = json.loads(pathlib.Path(schema.__file__).with_name("document.schema.json").read_text("utf-8"))
assert schema.json_schema() == shipped
print(schema.json_schema()["$defs"]["Flow"]["description"][:20])
"""


def test_descriptions_do_not_need_docstrings() -> None:
    """``python -OO`` drops docstrings: the class summaries come from the shipped file."""
    assert run_alone(SAME, "-OO").strip()


def test_descriptions_in_an_install_of_pyc_files_only(tmp_path: Path) -> None:
    package = Path(schema.__file__).parents[1]
    copy = tmp_path / "displacement"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-b", str(copy)], capture_output=True, check=False
    )
    assert compiled.returncode == 0, compiled.stderr
    for source in copy.rglob("*.py"):
        source.unlink()
    assert run_alone(
        SAME + "\nimport displacement; assert displacement.__file__.endswith('.pyc')", path=tmp_path
    )


# -- displacement schema --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indent", "message"),
    [
        ("100000000", "argument --indent: must be from 0 to 16, got 100000000"),
        ("-1", "argument --indent: must be from 0 to 16, got -1"),
        ("17", "argument --indent: must be from 0 to 16, got 17"),
        ("two", "argument --indent: expected a whole number, got 'two'"),
        ("9" * 5000, "argument --indent: must be from 0 to 16, got 99999999999999999999..."),
        ("x" * 5000, "argument --indent: expected a whole number, got 'xxxxxxxxxxxxxxxxxxxx...'"),
    ],
)
def test_schema_indent_is_bounded(indent: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A huge --indent ended in a MemoryError traceback: it is a usage error (exit 2) instead."""
    from displacement import cli

    with pytest.raises(SystemExit) as excinfo:
        cli.main(["schema", "--indent", indent])
    assert excinfo.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"displacement schema: error: {message}"


@pytest.mark.parametrize("indent", ["0", "16"])
def test_schema_indent_within_bounds(indent: str, capsys: pytest.CaptureFixture[str]) -> None:
    from displacement import cli

    assert cli.main(["schema", "--indent", indent]) == 0
    out = capsys.readouterr().out
    assert out == stdlib_json.dumps(json_schema(), indent=int(indent), ensure_ascii=False) + "\n"


def test_a_hazard_is_text_as_the_model_requires() -> None:
    # the schema said any string; Event refuses "" and white space, and a document the schema
    # accepts must not be one loads refuses
    hazard = json_schema()["$defs"]["Event"]["properties"]["hazard"]
    text = next(option for option in hazard["anyOf"] if option.get("type") == "string")
    assert text["minLength"] == 1
    assert "pattern" in text


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ({"country": "SOM", "accuracy": "point"}, "an accuracy describes coordinates: give lat and lon"),
        (
            {"country": "SOM", "accuracy": "point", "lat": None, "lon": None},
            "an accuracy describes coordinates",
        ),
        ({"country": "SOM", "lat": 1, "lon": 2, "accuracy": "village"}, "expected one of 'point'"),
        ({"country": "SOM", "admin1": "so-24"}, "is not a p-code"),
    ],
)
def test_schema_and_loads_agree_on_bad_places(place: dict[str, Any], message: str) -> None:
    """The schema refuses what `Place` refuses: an accuracy without coordinates, an unknown
    accuracy, a p-code of the wrong shape (the pattern of `check_pcode`)."""
    flow = json.unstructure(d.examples.kazakhstan_2022().flows[1]) | {"causes": [], "attributions": []}
    document = {"schema_version": "1.0", "flows": [flow | {"origin": place}]}
    with pytest.raises(d.DisplacementError, match=message):
        json.structure(document)
    assert schema_errors(document), f"the schema accepts {place}"


def test_every_new_field_of_issue_16_validates() -> None:
    from new_fields import dataset

    assert schema_errors(stdlib_json.loads(json.dumps(dataset()))) == []


@pytest.mark.parametrize(
    ("hazard", "valid"),
    [
        ("flood", True),  # schema version 1.0 wrote a name
        ("Weather related > Hydrological > Flood > Flood", True),
        ({"type": "Flood"}, True),
        ({"detail": "locust swarm"}, True),
        ({}, False),  # Hazard refuses a hazard of nothing
        (" ", False),
        ({"type": "Flood", "kind": "river"}, False),
    ],
)
def test_a_hazard_is_an_object_or_a_name(hazard: Any, valid: bool) -> None:
    event = {
        "id": "e",
        "kind": "disaster",
        "name": "Floods",
        "period": {"start": "2024-04-01"},
        "hazard": hazard,
    }
    document = {"schema_version": "1.0", "events": [event]}
    assert (schema_errors(document) == []) is valid
    if valid:
        json.structure(document, d.Dataset)
    else:
        with pytest.raises(d.ValidationError):
            json.structure(document, d.Dataset)
