"""The JSON Schema (draft 2020-12) of dataset documents, generated from the model.

The schema is built from the attrs classes themselves (their fields, types, defaults, enum
members and validators), so it cannot drift from what `displacement.io.json.loads` accepts. It
serves tools that never import Python: editors, other languages' validators, API gateways.

>>> schema = json_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> schema["$defs"]["Count"]["required"]
['value']
>>> schema["$defs"]["Count"]["properties"]["qualifier"]["enum"][:3]
['exact', 'approximate', 'at_least']

Some rules are beyond what a schema can say: ids unique across the dataset, references that
resolve, a period's end after its start, a subdivision that belongs to its country. `loads`
checks those too, so a document that passes the schema may still fail to load; one that fails the
schema never loads.
"""

from __future__ import annotations

import ast
import copy
import functools
import importlib.resources
import inspect
import itertools
import json as std_json
import textwrap
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import attrs

from .. import _validate as v
from ..count import Count, Qualifier
from ..dataset import Dataset
from ..hazard import Hazard
from ..place import SPECIAL_CODES, Place, country_codes
from . import SCHEMA_VERSION, SUPPORTED_VERSIONS, _fields
from .json import DATE_PATTERN, DATETIME_PATTERN

__all__ = ["DIALECT", "json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of `json_schema`."""


def _refine(validator: Any) -> dict[str, Any]:
    """What *validator* adds to a field's type: the keywords it is `Described` by, if it is.

    Only what a validator says of itself (its ``json_schema``): the schema reads data, never a
    validator's code, name or identity, nor attrs' private parts of ``and_`` (a field with
    several validators combines them with `_validate.all_of`, which is `Described` by its parts).
    """
    if isinstance(validator, v.Described):
        return copy.deepcopy(dict(validator.json_schema))
    return {}


def _merge(schema: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Add *extra* to a non-null schema (to the non-null branch of ``X | None``)."""
    if not extra:
        return schema
    if "anyOf" in schema:
        return {
            **schema,
            "anyOf": [s if s.get("type") == "null" else _merge(s, extra) for s in schema["anyOf"]],
        }
    if schema.get("type") == "array" and "items" in extra:
        return {**schema, "items": {**schema["items"], **extra["items"]}}
    if "$ref" in extra:  # a shared definition replaces the plain type
        return extra
    if "$ref" in schema:
        return schema
    return {**schema, **extra}


def _type(tp: Any) -> dict[str, Any]:
    inner, optional = _fields.optional_of(tp)
    if optional:
        options = _type(inner)
        if inner is Hazard:  # one flat anyOf: object, name or null
            return {"anyOf": [*options["anyOf"], {"type": "null"}]}
        return {"anyOf": [options, {"type": "null"}]}
    item = _fields.sequence_of(tp)
    if item is not None:
        return {"type": "array", "items": _type(item)}
    args = set(getattr(tp, "__args__", ()))
    if args == {int, float} or tp is float:
        return {"type": "number"}
    if args == {date, datetime}:
        return {"anyOf": [_type(date), _type(datetime)]}
    if tp is datetime:
        return {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
    if tp is date:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if _fields.is_enum(tp):
        return {"type": "string", "enum": [m.value for m in tp]}
    if tp is Hazard:  # documents of schema version 1.0 wrote a name: it still reads
        return {
            "anyOf": [
                {"$ref": "#/$defs/Hazard"},
                {
                    "type": "string",
                    "minLength": 1,
                    "pattern": r"\S",  # Hazard.parse refuses white space alone
                    "description": "A hazard's name or its levels joined by ' > ', as Hazard.parse reads "
                    "them ('flood', 'Weather related > Hydrological > Flood > Flood').",
                },
            ]
        }
    if attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    simple = {str: "string", bool: "boolean", int: "integer"}
    if tp in simple:
        return {"type": simple[tp]}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a new kind of field type


@functools.cache
def _shipped() -> dict[str, Any]:
    """The schema file shipped in the package (`document.schema.json`), or ``{}`` if unreadable.

    It is generated from this module and tested to equal `json_schema` (tests/test_release.py),
    so it holds the descriptions read from the source, for installs that have no source.
    """
    try:
        text = importlib.resources.files(__package__).joinpath("document.schema.json").read_text("utf-8")
        found = std_json.loads(text)
    except (OSError, ValueError):  # absent, or being regenerated (the shell emptied it)
        return {}
    return found if isinstance(found, dict) else {}


def _shipped_definition(cls: Any) -> dict[str, Any]:
    """The shipped schema's definition of *cls* (its root for `Dataset`), or ``{}``."""
    shipped = _shipped()
    found = shipped if shipped.get("title") == cls.__name__ else shipped.get("$defs", {}).get(cls.__name__)
    return found if isinstance(found, dict) else {}


@functools.cache
def _field_docs(cls: Any) -> dict[str, str]:
    """The docstrings written under each field of *cls* (as Sphinx reads them), by field name.

    They are read from the source; without it (a wheel installed as ``.pyc`` only, a frozen
    app), from the shipped schema file, so the schema is the same either way.
    """
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):  # no source: the descriptions the file ships
        properties = _shipped_definition(cls).get("properties", {})
        return {
            f.name: properties[f.key]["description"]
            for f in _fields.fields(cls)
            if isinstance(properties.get(f.key), dict) and "description" in properties[f.key]
        }
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = " ".join(after.value.value.split())
    return docs


def _summary(cls: Any) -> str:
    """The first paragraph of *cls*'s docstring (from the shipped file under ``python -OO``)."""
    doc = inspect.getdoc(cls)
    if not doc:
        return str(_shipped_definition(cls).get("description", ""))
    return " ".join(doc.split("\n\n")[0].split())


# Rules between fields that types alone cannot carry.
_RULES: dict[type[Any], Callable[[], dict[str, Any]]] = {
    Count: lambda: {
        "allOf": [
            {
                "if": {
                    "properties": {"qualifier": {"const": Qualifier.RANGE.value}},
                    "required": ["qualifier"],
                },
                "then": {"required": ["upper"], "properties": {"upper": {"type": "number"}}},
                "else": {"properties": {"upper": {"type": "null"}}},
            },
            {  # "less than 0 people" counts nobody: no number of people is below zero
                "if": {
                    "properties": {"qualifier": {"const": Qualifier.LESS_THAN.value}},
                    "required": ["qualifier"],
                },
                "then": {"properties": {"value": {"exclusiveMinimum": 0}}},
            },
        ]
    },
    Hazard: lambda: {"minProperties": 1},  # a class, or a detail alone
    Place: lambda: {
        "dependentRequired": {"lat": ["lon"], "lon": ["lat"]},
        "allOf": [
            {  # an accuracy describes coordinates: a place with one has lat and lon
                "if": {"properties": {"accuracy": {"type": "string"}}, "required": ["accuracy"]},
                "then": {
                    "required": ["lat", "lon"],
                    "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
                },
            }
        ],
    },
}


def _definition(cls: Any) -> dict[str, Any]:
    docs = _field_docs(cls)
    validators = {a.name: a.validator for a in attrs.fields(cls)}
    properties: dict[str, Any] = {}
    if cls is Dataset:
        properties["schema_version"] = {
            "description": f"The version of this document format; this schema describes {SCHEMA_VERSION}.",
            "type": "string",
            "enum": list(SUPPORTED_VERSIONS),
        }
    for f in _fields.fields(cls):
        schema = _merge(_type(f.type), _refine(validators.get(f.name)))
        if f.default is not _fields.NO_DEFAULT and f.default is not None:
            schema = {**schema, "default": _default(f.default)}
        if f.name in docs:
            schema = {"description": docs[f.name], **schema}
        properties[f.key] = schema
    required = [f.key for f in _fields.fields(cls) if f.required]
    if cls is Dataset:
        required.insert(0, "schema_version")
    definition: dict[str, Any] = {
        "title": cls.__name__,
        "description": _summary(cls),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if cls in _RULES:
        definition.update(_RULES[cls]())
    return definition


def _default(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_default(x) for x in value]
    if _fields.is_enum(type(value)):
        return value.value
    return value


@functools.cache
def _build(cls: Any) -> dict[str, Any]:
    classes = [c for c in _fields.model_classes() if c is not Dataset or cls is Dataset]
    root = _definition(cls)
    defs = {c.__name__: _definition(c) for c in classes if c is not cls}
    defs["CountryCode"] = {
        "title": "CountryCode",
        "description": "An ISO 3166-1 alpha-3 country code, or a special code for an unknown, "
        "stateless or disputed origin (" + ", ".join(f"{k}: {v}" for k, v in SPECIAL_CODES.items()) + ").",
        "type": "string",
        "enum": sorted(country_codes() | SPECIAL_CODES.keys()),
    }
    return {
        "$schema": DIALECT,
        "$id": f"urn:displacement-events:schema:{SCHEMA_VERSION}:{cls.__name__}",
        **root,
        "$defs": defs,
    }


def json_schema(cls: type[Any] = Dataset) -> dict[str, Any]:
    """The JSON Schema of a document holding a *cls* (default: a whole `Dataset`), as a dict.

    Every record type of the model is in ``$defs``; the root describes *cls*. The result is a
    fresh copy, safe to change. ``displacement schema`` prints it.
    """
    if cls not in _fields.model_classes():
        from ..errors import DisplacementError

        names = ", ".join(c.__name__ for c in _fields.model_classes())
        raise DisplacementError(f"{cls!r} is not a record type of displacement (one of {names})")
    key: Any = cls
    return copy.deepcopy(_build(key))
