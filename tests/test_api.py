"""The public API: names, docstrings, typing marker, version."""

from __future__ import annotations

import importlib
import inspect
from enum import Enum
from pathlib import Path

import pytest

import displacement

REQUIRED = [
    "Source",
    "SourceKind",
    "Attribution",
    "Actor",
    "ActorKind",
    "Place",
    "Period",
    "Precision",
    "Count",
    "Qualifier",
    "Population",
    "PopulationCategory",
    "Event",
    "EventKind",
    "Participation",
    "Flow",
    "Movement",
    "Metric",
    "Stock",
    "Dataset",
    "ureg",
    "DisplacementError",
    "ValidationError",
]

MODULES = [
    "displacement",
    "displacement.errors",
    "displacement.units",
    "displacement.count",
    "displacement.place",
    "displacement.period",
    "displacement.actor",
    "displacement.source",
    "displacement.event",
    "displacement.flow",
    "displacement.dataset",
    "displacement.examples",
    "displacement.cli",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_names(name: str) -> None:
    assert name in displacement.__all__
    assert hasattr(displacement, name)


def test_all_is_complete_and_importable() -> None:
    for name in displacement.__all__:
        assert hasattr(displacement, name), name


def test_qualifier_members() -> None:
    assert [q.name for q in displacement.Qualifier] == [
        "EXACT",
        "APPROXIMATE",
        "AT_LEAST",
        "MORE_THAN",
        "AT_MOST",
        "LESS_THAN",
        "RANGE",
    ]


def test_error_family() -> None:
    assert issubclass(displacement.DisplacementError, ValueError)
    assert issubclass(displacement.ValidationError, displacement.DisplacementError)
    assert issubclass(displacement.UnitError, displacement.DisplacementError)


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_name_has_a_docstring(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__, module_name
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"{module_name}.{name}"
            if inspect.isclass(obj) and not issubclass(obj, (Enum, BaseException)):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and (
                        inspect.isfunction(member) or isinstance(member, property | classmethod)
                    ):
                        assert getattr(member, "__doc__", None), f"{module_name}.{name}.{attr}"


def test_py_typed_and_version() -> None:
    assert (Path(displacement.__file__).parent / "py.typed").exists()
    assert displacement.__version__.count(".") >= 2
