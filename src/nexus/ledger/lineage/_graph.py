"""The upstream graph of a record (model → run → datasets → transforms → …) and its anchoring."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.markup import escape
from rich.tree import Tree

from ...exceptions import NotAnchored
from ._records import ARTIFACT, DATASET, MODEL, RUN, TRANSFORM, Lineage, LineageRecord

__all__ = ["Graph", "LineageNode", "lineage_graph", "render_tree"]


@dataclass
class LineageNode:
    record: LineageRecord
    upstream: list[int] = field(default_factory=list)
    anchor: dict[str, Any] | None = None  # {chain_id, contract, tx_hash, block, size}
    verified: bool | None = None  # set by verify: receipt checks passed
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        r = self.record
        return {
            "id": r.id,
            "kind": r.kind,
            "name": r.name,
            "time_ms": r.time_ms,
            "fingerprint": r.fingerprint,
            "erased": r.erased,
            "upstream": self.upstream,
            "anchor": self.anchor,
            "verified": self.verified,
            "problem": self.problem,
            "payload": r.payload,
        }


@dataclass
class Graph:
    root: int
    nodes: dict[int, LineageNode]

    def to_json(self) -> dict[str, Any]:
        return {"root": self.root, "nodes": [self.nodes[k].to_json() for k in sorted(self.nodes)]}

    def walk(self) -> list[LineageNode]:
        return [self.nodes[k] for k in sorted(self.nodes)]


def lineage_graph(lineage: Lineage, start: LineageRecord, *, limit: int = 10_000) -> Graph:
    """Every record upstream of `start`, each once (a shared parent is one node)."""
    nodes: dict[int, LineageNode] = {}
    todo = [start]
    while todo and len(nodes) < limit:
        rec = todo.pop()
        if rec.id in nodes:
            continue
        node = nodes[rec.id] = LineageNode(rec)
        for link in rec.upstream():
            parent = lineage.resolve_upstream(link)
            if parent is None:
                node.problem = f"upstream {link} not found in this ledger"
                continue
            node.upstream.append(parent.id)
            if parent.id not in nodes:
                todo.append(parent)
        try:
            a = lineage.ledger.anchor_for(rec.id)
            node.anchor = {
                "chain_id": a.chain_id,
                "contract": a.contract,
                "tx_hash": a.tx_hash,
                "block": a.block,
                "size": a.size,
            }
        except NotAnchored:
            node.anchor = None
    return Graph(start.id, nodes)


def _label(node: LineageNode) -> str:
    r, p = node.record, node.record.fields
    head = f"[bold]{escape(r.kind.removeprefix('lineage.'))}[/] #{r.id}"
    if p.get("name"):
        head += f" [cyan]{escape(str(p['name']))}[/]"
    if r.erased:
        return head + "  [dim](content erased; the leaf remains)[/]"
    try:
        bits = _details(r, p)
    except (AttributeError, TypeError, KeyError, ValueError, IndexError):  # a hand-made payload
        bits = ["[red](malformed lineage payload)[/]"]
    text = head + "  " + "  ".join(b for b in bits if b)
    if node.anchor:
        text += f"  [green]⚓ chain {node.anchor['chain_id']} block {node.anchor['block']}[/]"
    else:
        text += "  [yellow]not anchored yet[/]"
    if node.verified is not None:
        text += "  [green]✓ receipt verified[/]" if node.verified else f"  [red]✗ {escape(str(node.problem))}[/]"
    elif node.problem:
        text += f"  [red]{escape(node.problem)}[/]"
    return text


def _details(r: LineageRecord, p: dict[str, Any]) -> list[str]:
    """The label's middle part (record data escaped, so it cannot inject rich markup)."""
    bits: list[str] = []
    if r.kind in (DATASET, MODEL, ARTIFACT):
        s = p.get("summary") or {}
        meta = s.get("meta") or {}
        what = (
            f"{meta.get('rows', 0):,} rows × {len(meta.get('columns', []))} cols"
            if s.get("kind") == "table"
            else meta.get("class")
            or (f"{s.get('size', 0):,} B" if s.get("kind") == "file" else f"{s.get('entries', 0)} part(s)")
        )
        bits.append(escape(f"{s.get('kind')} {what}  {str(r.fingerprint)[:19]}…"))
    elif r.kind == RUN:
        status = p.get("status")
        bits.append(
            f"[{'green' if status == 'ok' else 'red'}]{escape(str(status))}[/] {escape(str(p.get('started', '')))}"
        )
        git = (p.get("code") or {}).get("git")
        if git:
            commit = (git.get("commit") or "no commit")[:10]
            bits.append(escape(f"git {commit}" + (f" +dirty {git['diff_sha256'][:10]}" if git.get("dirty") else "")))
        metrics = p.get("metrics") or {}
        if metrics:
            bits.append(escape(", ".join(f"{k}={_num(v)}" for k, v in list(metrics.items())[:4])))
    elif r.kind == TRANSFORM:
        bits.append(escape(", ".join(f"{k}={v}" for k, v in list((p.get("params") or {}).items())[:4])))
    else:
        bits.append(escape(f"output={p.get('output')!r}"[:60]))
    return bits


def _num(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)[:20]


def render_tree(graph: Graph) -> Tree:
    """A rich tree from the record down through its upstream; a shared node is expanded once."""
    shown: set[int] = set()

    def grow(tree: Tree, nid: int) -> None:
        node = graph.nodes[nid]
        if nid in shown:
            tree.add(f"[dim]↑ #{nid} {node.record.name} (shown above)[/]")
            return
        shown.add(nid)
        branch = tree.add(_label(node))
        for up in node.upstream:
            grow(branch, up)

    root = graph.nodes[graph.root]
    shown.add(graph.root)
    tree = Tree(_label(root))
    for up in root.upstream:
        grow(tree, up)
    return tree
