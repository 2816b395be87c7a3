"""The direction of imports that docs/architecture.md describes, checked on the source.

The model (and the analysis and private helpers beside it) knows nothing of ``io/``, the command
line, the hypothesis strategies or the examples; ``io/`` knows nothing of the command line or the
strategies. The graph is read with `ast` from every ``import`` statement anywhere in a module
(inside functions and ``if TYPE_CHECKING:`` blocks too), so a lazy import cannot hide a wrong
dependency. The page must also name every module of the package, so that it cannot fall behind.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "displacement"
PAGE = ROOT / "docs" / "architecture.md"

# The outer layers (under "displacement."); everything else (model, analysis, private helpers) is the core.
OUTER = ("io", "cli", "strategies", "_hypothesis", "examples")
PACKAGE_ITSELF = ("displacement", "displacement.__main__")

# What each layer may not import, in the words of docs/architecture.md.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": ("io", "cli", "strategies", "_hypothesis", "examples"),
    "io": ("cli", "strategies", "_hypothesis", "examples"),
    "strategies": ("io", "cli"),
    "_hypothesis": ("io", "cli"),
    "examples": ("io", "cli", "strategies"),
}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: Path) -> dict[str, Path]:
    """Every module of the package under *package*, by dotted name."""
    return {module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The modules of the package that the module *name* at *path* imports, anywhere in it.

    ``from . import x`` names the module ``x`` when there is one, else the package itself.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    root = name.split(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if _within(a.name, root))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not _within(target, root):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    found.discard(name)
    return found


def layer(name: str) -> str | None:
    """The layer whose rule applies to the module *name* (``None``: the package's own entry points)."""
    if name in PACKAGE_ITSELF:
        return None
    for outer in OUTER:
        if _within(name, f"displacement.{outer}"):
            return outer if outer in FORBIDDEN else None  # the command line may import anything
    return "core"


def violations(package: Path) -> list[str]:
    """Every import that goes against the direction, as ``module -> imported``."""
    found = modules(package)
    known = set(found)
    wrong = []
    for name, path in found.items():
        rule = layer(name)
        if rule is None:
            continue
        for target in sorted(imports(path, name, known)):
            if any(_within(target, f"displacement.{banned}") for banned in FORBIDDEN[rule]):
                wrong.append(f"{name} -> {target}")
    return wrong


def test_imports_go_one_way() -> None:
    assert violations(PACKAGE) == []


def test_the_graph_is_read_from_every_import() -> None:
    # The checker sees what the package really imports, lazy imports included.
    known = set(modules(PACKAGE))
    assert "displacement.totals" in imports(PACKAGE / "dataset.py", "displacement.dataset", known)
    assert "displacement.figures" in imports(PACKAGE / "count.py", "displacement.count", known)
    assert "displacement.io.json" in imports(PACKAGE / "cli" / "__init__.py", "displacement.cli", known)
    assert "displacement.io._fields" in imports(PACKAGE / "io" / "csv.py", "displacement.io.csv", known)
    assert layer("displacement.flow") == "core"
    assert layer("displacement.io.unhcr") == "io"
    assert layer("displacement.cli") is None


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("flow.py", "def f():\n    from .io import json\n", "displacement.flow -> displacement.io.json"),
        (
            "count.py",
            "if True:\n    from . import strategies\n",
            "displacement.count -> displacement.strategies",
        ),
        ("_validate.py", "import displacement.cli\n", "displacement._validate -> displacement.cli"),
        ("io/csv.py", "from ..cli import main\n", "displacement.io.csv -> displacement.cli"),
        ("io/hxl.py", "from .. import strategies as s\n", "displacement.io.hxl -> displacement.strategies"),
        ("strategies.py", "from .io import arrow\n", "displacement.strategies -> displacement.io.arrow"),
    ],
)
def test_an_import_against_the_direction_is_found(
    tmp_path: Path, module: str, source: str, expected: str
) -> None:
    package = tmp_path / "displacement"
    files = "__init__ flow count _validate cli strategies io/__init__ io/csv io/hxl io/json io/arrow"
    for name in (f"{f}.py" for f in files.split()):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("from __future__ import annotations\n", encoding="utf-8")
    assert violations(package) == []
    (package / module).write_text(source, encoding="utf-8")
    assert violations(package) == [expected]


def test_the_page_names_every_module() -> None:
    page = PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w/]+\.py)`", page))
    files = [p.relative_to(PACKAGE).as_posix() for p in sorted(PACKAGE.rglob("*.py"))]
    missing = [f for f in files if f.rpartition("/")[2] not in named and f not in named]
    assert missing == [], f"docs/architecture.md does not name {', '.join(missing)}: say what each owns"
