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
    classes: dict[str, str] = {}  # local name -> the displacement module of a name imported from it
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
                else:
                    classes[alias.asname or alias.name] = ".".join(base)
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
    found.extend(_typed_crossings(path, tree, classes, ".".join(here)))
    return found


def _typed_crossings(path: Path, tree: ast.AST, classes: dict[str, str], here: str) -> list[str]:
    """Private attributes read on a variable typed with another module's class (``dataset._cache``
    where ``dataset: Dataset`` comes from displacement.dataset): the values a module is handed."""
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        typed: dict[str, str] = {}  # variable -> "module.Class"
        arguments = function.args
        annotated = [
            (a.arg, a.annotation) for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        ]
        annotated += [
            (n.target.id, n.annotation)
            for n in ast.walk(function)
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
        ]
        for name, annotation in annotated:
            if annotation is None:
                continue
            if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
                annotation = ast.parse(annotation.value, mode="eval").body
            for n in ast.walk(annotation):
                if isinstance(n, ast.Name) and n.id in classes and classes[n.id] != here:
                    typed[name] = f"{classes[n.id]}.{n.id}"
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Attribute)
                and _private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in typed
            ):
                found.append(
                    f"{path.name}:{node.lineno}: {node.value.id}.{node.attr} (a {typed[node.value.id]})"
                )
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    found = [c for path in sorted(PACKAGE.rglob("*.py")) for c in crossings(path)]
    assert found == []


def test_the_check_finds_a_private_attribute_of_a_value_from_another_module() -> None:
    """``dataset._derived``, read where ``dataset: Dataset``, is a crossing (totals read the dataset's
    cache so until issue 14); the same on ``self`` or on a module's own class is not."""
    text = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from .dataset import Dataset\n"
        "class Table:\n"
        "    _rows: int = 0\n"
        "    def size(self, dataset: Dataset | None, other: Table) -> int:\n"
        "        return self._rows + other._rows\n"
        "def _table(dataset: 'Dataset', of: str) -> object:\n"
        "    cache = dataset._derived\n"
        "    known: Dataset = cache[of]\n"
        "    return known._index, dataset.flows\n"
    )
    assert crossings(PACKAGE / "totals.py", text) == [
        "totals.py:10: dataset._derived (a displacement.dataset.Dataset)",
        "totals.py:12: known._index (a displacement.dataset.Dataset)",
    ]


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
