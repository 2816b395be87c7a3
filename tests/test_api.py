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
    "displacement.countries",
    "displacement.period",
    "displacement.actor",
    "displacement.source",
    "displacement.event",
    "displacement.flow",
    "displacement.dataset",
    "displacement.subsets",
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


def _fresh(code: str) -> str:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_import_loads_neither_pint_nor_the_figure_reader_nor_totals() -> None:
    # `import displacement` is within 1.3x of `import pint` (issue 7) because it imports none of it:
    # records keep plain numbers and unit names, and pint loads with the first quantity.
    code = (
        "import sys, displacement as d\n"
        "later = ('pint', 'displacement.figures', 'displacement.totals', 'numpy', 'cattrs')\n"
        "print(*[m in sys.modules for m in later])\n"
        "c = d.Count('98000 people', qualifier='more than')\n"
        "print('pint' in sys.modules, c.unit)\n"
        "print(c.value, 'pint' in sys.modules)\n"
    )
    assert _fresh(code).splitlines() == [
        "False False False False False",
        "False person",
        "98000 person True",
    ]


def test_lazy_names_are_the_real_objects_and_listed() -> None:
    from displacement import Policy, find_counts
    from displacement.figures import find_counts as original
    from displacement.totals import Policy as policy

    assert find_counts is original
    assert Policy is policy
    assert {"find_counts", "CountMatch", "Policy", "Total", "Totals", "SetAside", "Reason"} <= set(
        dir(displacement)
    )
    with pytest.raises(AttributeError, match="no attribute 'Polcy'"):
        displacement.Polcy  # type: ignore[attr-defined]  # noqa: B018


def test_a_quantity_is_read_without_pint_imported_by_the_library() -> None:
    code = (
        "import pint, sys\n"
        "app = pint.UnitRegistry(); app.define('person = [population]')\n"
        "import displacement as d\n"
        "print(d.Count(app.Quantity(5, 'person')))\n"
    )
    assert _fresh(code) == "5 people"
