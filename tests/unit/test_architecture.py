"""Layering: every import inside `nexus` (lazy ones included) goes down the layers ARCHITECTURE.md lists."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "nexus"

# Kept in step with ARCHITECTURE.md: a package may import its own layer's foundation and anything lower.
LAYERS: dict[str, int] = {
    "exceptions": 0,
    "settings": 0,
    "_lazy": 0,
    "_version": 0,
    "_fs": 0,
    "_jsonsafe": 0,
    "chain": 1,
    "contracts": 2,
    "_client": 2,
    "node": 3,
    "ledger": 4,
    "guard": 5,
    "oracle": 5,
    "markets": 5,
    "scan": 5,
    "governance": 5,
    "fairness": 5,
    "identity": 5,
    "datamarket": 5,
    "lending": 5,
    "fees": 5,
    "validators": 5,
    "portfolio": 5,
    "aiaas": 5,
    "game": 5,
    "fl": 5,
    "xchain": 5,
    "nft": 5,
    "sandbox": 6,
    "bounty": 6,
    "models": 6,
    "avatar": 6,
    "flid": 6,
    "services": 7,
    "api": 8,
    "web": 8,
    "cli": 9,
    "demo": 9,
    "__init__": 9,
    "__main__": 9,
}
# Same-layer packages that may not import each other (capabilities stay independent).
INDEPENDENT = {
    "guard",
    "oracle",
    "markets",
    "scan",
    "governance",
    "fairness",
    "identity",
    "datamarket",
    "lending",
    "fees",
    "validators",
    "portfolio",
    "aiaas",
    "game",
    "fl",
    "xchain",
    "nft",
}


def _module(path: Path, src: Path = SRC) -> str:
    rel = path.relative_to(src.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for n in ast.walk(node))
    return out


def _imports(src: Path = SRC) -> dict[str, set[str]]:
    """module -> the nexus modules it imports anywhere (module level or in a function), except
    imports under `if TYPE_CHECKING:` which never run."""
    modules = {_module(p, src): p for p in src.rglob("*.py")}
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


def _wrong_way(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for src, targets in edges.items():
        a = _package(src)
        for dst in targets:
            b = _package(dst)
            if a == b:
                continue
            if LAYERS[b] > LAYERS[a] or (LAYERS[b] == LAYERS[a] and {a, b} <= INDEPENDENT) or b == "__init__":
                wrong.append(f"{src} -> {dst}")
    return sorted(wrong)


def test_imports_go_down_the_layers() -> None:
    wrong = _wrong_way(_imports())
    assert not wrong, "imports that cross a layer the wrong way:\n" + "\n".join(wrong)


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
    pruned = {m: {t for t in ts if not (m.startswith(t + "."))} for m, ts in edges.items()}
    assert _cycles(pruned) == []


def test_the_checker_sees_wrong_imports_and_circles(tmp_path: Path) -> None:
    """The rules are not vacuous: on a small tree with known faults, each fault is reported."""
    pkg = tmp_path / "nexus"
    files = {
        "__init__.py": "",
        "node/__init__.py": "",
        "node/node.py": "def serve():\n    from ..api import app\n",  # lazy, still wrong
        "api/__init__.py": "",
        "api/app.py": "from ..node.node import serve\n",
        "guard/__init__.py": "",
        "guard/service.py": "from ..oracle import feeds\nfrom ..ledger import log\n",  # one wrong, one fine
        "oracle/__init__.py": "",
        "oracle/feeds.py": "",
        "ledger/__init__.py": "",
        "ledger/log.py": "from . import proof\n",
        "ledger/proof.py": "from . import log\n",
        "chain/__init__.py": "",
        "chain/base.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..api import app\n",
    }
    for name, text in files.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text)
    edges = _imports(pkg)
    assert _wrong_way(edges) == ["nexus.guard.service -> nexus.oracle.feeds", "nexus.node.node -> nexus.api.app"]
    assert sorted(map(sorted, _cycles(edges))) == [
        ["nexus.api.app", "nexus.node.node"],
        ["nexus.ledger.log", "nexus.ledger.proof"],
    ]


MAX_LINES = 300  # ARCHITECTURE.md rule 3: files stay small


def test_every_module_is_at_most_the_cap() -> None:
    """Every source module stays within the cap; a longer one is split by concern, not grown."""
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, long
    assert any(len(p.read_text().splitlines()) > MAX_LINES // 2 for p in SRC.rglob("*.py"))  # the walk sees files
