"""Layering: every import inside `nexus` (lazy ones included) goes down the layers ARCHITECTURE.md lists."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "nexus"

# Kept in step with ARCHITECTURE.md: a package may import its own layer's foundation and anything lower.
LAYERS: dict[str, int] = {
    "exceptions": 0, "settings": 0, "_lazy": 0, "_version": 0, "_fs": 0, "_jsonsafe": 0,
    "chain": 1,
    "contracts": 2, "_client": 2,
    "node": 3,
    "ledger": 4,
    "guard": 5, "oracle": 5, "markets": 5, "scan": 5,
    "sandbox": 6,
    "services": 7,
    "api": 8, "web": 8,
    "cli": 9, "demo": 9, "__init__": 9, "__main__": 9,
}
# Same-layer packages that may not import each other (capabilities stay independent).
INDEPENDENT = {"guard", "oracle", "markets", "scan"}


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for n in ast.walk(node))
    return out


def _imports() -> dict[str, set[str]]:
    """module -> the nexus modules it imports anywhere (module level or in a function), except
    imports under `if TYPE_CHECKING:` which never run."""
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        skip = _type_checking_nodes(tree)
        pkg = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = pkg[: len(pkg) - node.level + 1]
                    target = ".".join(base + (node.module.split(".") if node.module else []))
                else:
                    target = node.module or ""
                if not target.startswith("nexus"):
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    edges[name].add(sub if sub in modules else target)
            elif isinstance(node, ast.Import):
                edges[name].update(a.name for a in node.names if a.name.startswith("nexus"))
    return edges


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_package_has_a_layer() -> None:
    found = {_package(_module(p)) for p in SRC.rglob("*.py")}
    missing = sorted(p.removesuffix(".py") for p in found if p.removesuffix(".py") not in LAYERS)
    assert not missing, f"packages without a layer in ARCHITECTURE.md / this test: {missing}"


def test_imports_go_down_the_layers() -> None:
    wrong = []
    for src, targets in _imports().items():
        a = _package(src)
        for dst in targets:
            b = _package(dst)
            if a == b:
                continue
            if LAYERS[b] > LAYERS[a] or (LAYERS[b] == LAYERS[a] and {a, b} <= INDEPENDENT) or b == "__init__":
                wrong.append(f"{src} -> {dst}")
    assert not wrong, "imports that cross a layer the wrong way:\n" + "\n".join(sorted(wrong))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles_between_modules() -> None:
    edges = _imports()
    # a package's __init__ re-exporting its own submodules is not a cycle of logic
    pruned = {m: {t for t in ts if not (m.startswith(t + ".") )} for m, ts in edges.items()}
    assert _cycles(pruned) == []


@pytest.mark.parametrize("rule", ["guard", "ledger"])
def test_the_checker_sees_a_wrong_import(rule: str, tmp_path: Path) -> None:
    """The rule is not vacuous: a capability importing the API is reported."""
    assert LAYERS["api"] > LAYERS[rule]
