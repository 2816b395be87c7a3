"""The io package: optional libraries stay optional, and every public name is documented."""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import subprocess
import sys

import pytest

OPTIONAL = ("pyarrow", "hxl", "duckdb", "dask", "pandas")


def imported_after(statement: str) -> list[str]:
    """The optional libraries and io modules loaded by running *statement* in a fresh interpreter."""
    code = (
        f"{statement}\nimport sys\n"
        f"print(' '.join(m for m in sys.modules if m.split('.')[0] in {OPTIONAL!r} or m.startswith('displacement.io')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


# pint itself imports dask when dask is installed (for its dask array support); that is pint's
# choice, so the checks below compare with what importing pint alone loads.


def test_importing_the_library_loads_no_optional_library_and_no_io() -> None:
    pint_loads = set(imported_after("import pint"))
    assert [m for m in imported_after("import displacement") if m not in pint_loads] == []


def test_the_unhcr_and_hxl_readers_need_no_optional_library() -> None:
    pint_loads = set(imported_after("import pint"))
    loaded = imported_after("import displacement.io.unhcr, displacement.io.hxl")
    assert [m for m in loaded if m.split(".")[0] in OPTIONAL and m not in pint_loads] == []


def attribute_docstrings(source: str) -> set[str]:
    """Module-level names assigned and followed by a docstring, as Sphinx and IDEs read them."""
    body = ast.parse(source).body
    names = set()
    for node, following in itertools.pairwise(body):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        documented = (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        )
        if documented:
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


@pytest.mark.parametrize("name", ["account", "unhcr", "hxl", "arrow"])
def test_every_public_name_is_documented(name: str) -> None:
    module = importlib.import_module(f"displacement.io.{name}")
    assert module.__doc__
    assert module.__file__ is not None
    with open(module.__file__, encoding="utf-8") as f:
        documented = attribute_docstrings(f.read())
    # a constant the module re-exports from the io package is documented where it is defined
    package = importlib.import_module("displacement.io")
    assert package.__file__ is not None
    with open(package.__file__, encoding="utf-8") as f:
        shared = attribute_docstrings(f.read())
    undocumented = []
    for public in module.__all__:
        value = getattr(module, public)
        if inspect.isfunction(value) or inspect.isclass(value):
            if not inspect.getdoc(value):
                undocumented.append(public)
        elif public not in documented and not (public in shared and getattr(package, public) is value):
            undocumented.append(public)
    assert undocumented == []
