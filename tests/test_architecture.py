"""The layers of ARCHITECTURE.md hold: imports point down, and no module imports itself around.

Every import of every module under ``src/foedus`` counts, those inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "foedus"

BASE = {
    "errors", "seeds", "provenance", "bibliography", "atomic", "specfile", "output", "readers", "limits",
    "version",
}  # fmt: skip
MODELS = {
    "world", "treaty", "atop_treaty", "places", "events", "scenario", "obligations", "parameters",
    "deterrence", "crisis", "bargaining", "coalitions", "estimation", "citing",
}  # fmt: skip
PIPELINE = {"study", "design"}
SHELLS = {"cli", "report", "web", "sweep", "__main__"}
LAYER = {**dict.fromkeys(BASE, 0), "data": 1, **dict.fromkeys(MODELS, 2), **dict.fromkeys(PIPELINE, 3),
         **dict.fromkeys(SHELLS, 4)}  # fmt: skip
NAMES = {0: "base", 1: "data", 2: "model", 3: "pipeline", 4: "shell"}


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every foedus module ``path`` imports, anywhere in the file (TYPE_CHECKING blocks aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("foedus")}
        elif isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("foedus"):
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}  # `from foedus.x import module`
    known = {_module(p) for p in SRC.rglob("*.py")}
    return {m for m in out if m in known}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYER.get(parts[1]) if len(parts) > 1 else None


GRAPH = {_module(p): _imports(p) for p in SRC.rglob("*.py") if _module(p) != "foedus"}


def test_every_module_has_a_layer():
    unplaced = [m for m in GRAPH if _layer(m) is None]
    assert not unplaced, "add the new package to a layer here and in ARCHITECTURE.md"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down(module):
    up = [m for m in GRAPH[module] if (_layer(m) or 0) > _layer(module)]
    assert not up, f"{module} ({NAMES[_layer(module)]}) imports {up}"


def test_no_import_cycles():
    # modules of one package may import each other's parents (foedus.crisis -> foedus.crisis.x);
    # a cycle is a path back to a module through others, not through its own package face
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        seen[m] = 1
        stack.append(m)
        for n in sorted(GRAPH.get(m, ())):
            if n == m or n.startswith(m + ".") or m.startswith(n + "."):
                continue  # a package and its own modules
            if seen.get(n) == 1:
                raise AssertionError(" -> ".join([*stack[stack.index(n) :], n]))
            if n not in seen:
                visit(n)
        stack.pop()
        seen[m] = 2

    for m in sorted(GRAPH):
        if m not in seen:
            visit(m)
