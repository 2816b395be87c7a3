"""The package's layout: no module reaches into another module's private names.

A helper two modules share lives, under a public name, in the module whose job it is (or in a
private module such as ``_validate`` or ``_intervals`` that exists to be shared). Importing
``_name`` from a sibling, or calling ``module._name``, couples the two to a detail that the owner
may change without notice; this test keeps that from coming back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import displacement

PACKAGE = Path(displacement.__file__).parent


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _module_of(path: Path) -> list[str]:
    """``['displacement', 'io', 'csv']`` for src/displacement/io/csv.py (a package: its own name)."""
    parts = ["displacement", *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _is_module(dotted: list[str]) -> bool:
    path = PACKAGE.joinpath(*dotted[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def crossings(path: Path, text: str | None = None) -> list[str]:
    """Every private name of another displacement module that *path* (or *text* put there) uses."""
    source = path.read_text(encoding="utf-8") if text is None else text
    tree = ast.parse(source, str(path))
    here = _module_of(path)
    package = here if path.name == "__init__.py" else here[:-1]
    modules: dict[str, str] = {}  # local name -> the displacement module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] + (
                    node.module.split(".") if node.module else []
                )
            else:
                base = (node.module or "").split(".")
            if base[0] != "displacement":
                continue
            for alias in node.names:
                target = [*base, alias.name]
                if _is_module(target):  # a module, private or not: `from . import _validate as v`
                    modules[alias.asname or alias.name] = ".".join(target)
                elif _private(alias.name):
                    found.append(f"{path.name}:{node.lineno}: from {'.'.join(base)} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "displacement":
                    modules[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and modules[node.value.id] != ".".join(here)
        ):
            found.append(f"{path.name}:{node.lineno}: {modules[node.value.id]}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    found = [c for path in sorted(PACKAGE.rglob("*.py")) for c in crossings(path)]
    assert found == []


def test_the_check_finds_a_crossing() -> None:
    """The check sees both shapes, an import of ``_name`` and ``module._name``, and allows the rest."""
    text = (
        "from ..place import _alpha2, SPECIAL_CODES\n"
        "from . import _cells, json as j\n"
        "from .._validate import show\n"
        "j._describe(1), j.__name__, _cells.NUMBER\n"
    )
    assert crossings(PACKAGE / "io" / "csv.py", text) == [
        "csv.py:1: from displacement.place import _alpha2",
        "csv.py:4: displacement.io.json._describe",
    ]
