"""Tamper cases against a real ledger anchored on the embedded chain, and who catches each one.

Each case builds a fresh world (an embedded chain with the Anchor contract, ledger A anchored at
sizes 6 and 12, a receipt of A's record 3, and ledger B anchored on the same contract), applies
one tamper by editing SQLite directly, rewriting the receipt or the chain, then runs the two
detectors a user has: `audit` (pinned to A's log id, as an auditor holding a receipt would) and
online `verify_receipt` against the trusted Anchor contract. `run_tamper_cases()` is what a
benchmark reports ("tamper cases caught out of those tried").
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import compile_contract
from nexus.exceptions import NexusError
from nexus.ledger import open_ledger
from nexus.ledger.anchor import Anchorer
from nexus.ledger.audit import audit
from nexus.ledger.merkle import CompactRange, leaf_hash
from nexus.ledger.records import new_entry
from nexus.ledger.verify import verify_receipt

__all__ = ["CASES", "World", "build_world", "detect", "run_case", "run_tamper_cases"]


@dataclass
class World:
    """One untampered setup; cases mutate it in place."""

    tmp: Path
    chain: EmbeddedChain
    anchor: Contract
    path: Path  # ledger A's SQLite file
    other: Path  # ledger B's SQLite file
    log_id: str  # ledger A's log id: the auditor's pin
    receipt: dict[str, Any]  # A's record 3, against the checkpoint of size 6
    before_second: int  # chain snapshot taken just before A's second anchor


def _deploy_anchor(chain: EmbeddedChain) -> Contract:
    compiled = compile_contract("Anchor")
    rc = chain.deploy(compiled.bytecode)
    assert rc.contract_address is not None
    return Contract(chain, rc.contract_address, compiled.abi, "Anchor")


def build_world(tmp: Path) -> World:
    chain = EmbeddedChain(tmp / "chain")
    contract = _deploy_anchor(chain)
    with open_ledger(path=tmp / "a.db") as a:
        a.append_many([("t", {"i": i}) for i in range(6)])
        Anchorer(a, contract).anchor()
        a.append_many([("t", {"i": i}) for i in range(6, 12)])
        snap = chain.snapshot()
        Anchorer(a, contract).anchor()
        receipt, log_id = a.receipt(3).to_json(), a.log_id
    with open_ledger(path=tmp / "b.db") as b:
        b.append_many([("t", {"i": i}) for i in range(12)])
        Anchorer(b, contract).anchor()
    return World(tmp, chain, contract, tmp / "a.db", tmp / "b.db", log_id, receipt, snap)


def detect(w: World) -> list[str]:
    """Every problem the audit and the online verify report (empty: nothing caught)."""
    found: list[str] = []
    try:
        with open_ledger(path=w.path) as led:
            found += [f"audit: {p}" for p in audit(led, w.anchor, log_id=w.log_id).problems]
    except NexusError as exc:  # refusing to open a broken store is a detection too
        found.append(f"open: {exc}")
    rep = verify_receipt(w.receipt, w.anchor)
    if not rep.valid:
        found.append(f"verify: {rep.failure()}")
    return found


# --- store tampering (direct SQLite edits) --------------------------------------------------------
def _sql(w: World, *stmts: tuple[str, tuple[Any, ...]]) -> None:
    con = sqlite3.connect(w.path)
    for q, args in stmts:
        con.execute(q, args)
    con.commit()
    con.close()


def _rewrite_leaf_and_tree(w: World, index: int) -> None:
    """What a careful forger does: a new record 3, its leaf hash, and every stored node."""
    e = new_entry("t", {"i": 300})
    con = sqlite3.connect(w.path)
    con.execute(
        "UPDATE records SET leaf=?, hash=?, content=?, salt=?, ts=? WHERE id=?",
        (e.leaf, leaf_hash(e.leaf), e.content, e.salt, e.time_ms, index),
    )
    edge = CompactRange()
    for (h,) in con.execute("SELECT hash FROM records ORDER BY id").fetchall():
        for level, idx, node in edge.append(bytes(h))[1:]:
            con.execute("UPDATE nodes SET hash=? WHERE level=? AND idx=?", (node, level, idx))
    con.execute("UPDATE meta SET value=? WHERE key='log_id'", (os.urandom(32).hex(),))
    con.commit()
    con.close()


def _anchor_col(col: str, value: Callable[[Any], Any], size: int = 6) -> Callable[[World], None]:
    def apply(w: World) -> None:
        con = sqlite3.connect(w.path)
        (old,) = con.execute(f"SELECT {col} FROM anchors WHERE size=?", (size,)).fetchone()
        con.execute(f"UPDATE anchors SET {col}=? WHERE size=?", (value(old), size))
        con.commit()
        con.close()

    return apply


def _second_tx(w: World) -> str:
    con = sqlite3.connect(w.path)
    (tx,) = con.execute("SELECT tx_hash FROM anchors WHERE size=12").fetchone()
    con.close()
    return str(tx)


def _swap_store(w: World) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{w.path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(w.other, w.path)


def _drop_second_tx(w: World) -> None:
    """Revert the chain to before A's second anchor: its transaction no longer exists."""
    w.chain.revert(w.before_second)


# --- receipt forgery ------------------------------------------------------------------------------
def _edit(path: str, value: Callable[[Any], Any]) -> Callable[[World], None]:
    def apply(w: World) -> None:
        *parents, last = path.split(".")
        node = w.receipt
        for p in parents:
            node = node[p]
        node[last] = value(node[last])

    return apply


def _forged_tree(w: World) -> None:
    """A whole forged receipt: a made-up log of 6 records with a self-consistent proof, under
    A's origin and A's real anchor transaction (it passes every offline check)."""
    with open_ledger(path=w.tmp / "fake.db") as fake:
        fake.append_many([("t", {"i": 1000 + i}) for i in range(6)])
        rec, proof, root = fake.record(3), fake.inclusion_proof(3, 6), fake.root(6)
    w.receipt["record"].update(leaf=rec.leaf.decode(), payload=rec.payload, salt=rec.salt.hex() if rec.salt else None)
    w.receipt["proof"]["inclusion"] = [h.hex() for h in proof]
    origin = w.receipt["checkpoint"].split("\n")[0]
    w.receipt["checkpoint"] = f"{origin}\n6\n{base64.b64encode(root).decode()}\n"


def _own_contract(w: World) -> None:
    """The forger deploys an Anchor of their own on the same chain and anchors the edited root."""
    mine = _deploy_anchor(w.chain)
    _forged_tree(w)
    body = w.receipt["checkpoint"].split("\n")
    rc = mine.anchor(bytes.fromhex(body[0].rsplit("/", 1)[1]), 6, base64.b64decode(body[2]))
    w.receipt["anchor"].update(
        contract=mine.address,
        tx_hash=rc.tx_hash,
        block=rc.block_number,
        timestamp=w.chain.get_block(rc.block_number).timestamp,
    )


def _flip_root(note: str) -> str:
    lines = note.split("\n")
    raw = bytearray(base64.b64decode(lines[2]))
    raw[0] ^= 1
    lines[2] = base64.b64encode(bytes(raw)).decode()
    return "\n".join(lines)


CASES: dict[str, Callable[[World], None]] = {
    "record content rewritten": lambda w: _sql(w, ("UPDATE records SET content=? WHERE id=2", (b'{"i":99}',))),
    "leaf and whole tree rewritten, new log id": lambda w: _rewrite_leaf_and_tree(w, 3),
    "leaf and tree rewritten, new log id, anchors dropped": lambda w: (
        _rewrite_leaf_and_tree(w, 3),
        _sql(w, ("DELETE FROM anchors", ())),
    ),
    "whole store swapped for another ledger's": _swap_store,
    "anchors.tx_hash set to another anchor tx": lambda w: _anchor_col("tx_hash", lambda _: _second_tx(w))(w),
    "anchors.tx_hash fabricated": _anchor_col("tx_hash", lambda _: "0x" + os.urandom(32).hex()),
    "anchors.block changed": _anchor_col("block", lambda b: b + 1),
    "anchors.timestamp changed": _anchor_col("timestamp", lambda t: t + 1),
    "anchors.root changed": _anchor_col("root", lambda _: os.urandom(32)),
    "anchor tx gone from the chain (revert)": _drop_second_tx,
    "text-typed leaf": lambda w: _sql(w, ("UPDATE records SET leaf=CAST(leaf AS TEXT) WHERE id=4", ())),
    "receipt: root edited": _edit("checkpoint", _flip_root),
    "receipt: proof edited": _edit("proof.inclusion", lambda p: ["00" * 32, *p[1:]]),
    "receipt: whole tree forged under the real anchor": _forged_tree,
    "receipt: other chain id": _edit("anchor.chain_id", lambda c: c + 1),
    "receipt: forger's own anchor contract": _own_contract,
    "receipt: fabricated tx hash": _edit("anchor.tx_hash", lambda _: "0x" + os.urandom(32).hex()),
    "receipt: block changed": _edit("anchor.block", lambda b: b + 1),
    "receipt: timestamp changed": _edit("anchor.timestamp", lambda t: t + 1),
}


def run_case(name: str | None, tmp: Path) -> list[str]:
    """Build a world in `tmp`, apply case `name` (None: no tamper), return what was detected."""
    w = build_world(tmp)
    try:
        if name is not None:
            CASES[name](w)
        return detect(w)
    finally:
        w.chain.close()


def run_tamper_cases() -> dict[str, Any]:
    """Every case, each in a fresh temporary world: {tried, caught, missed: [names]}."""
    missed = []
    for name in CASES:
        with tempfile.TemporaryDirectory(prefix="nexus-tamper-") as d:
            if not run_case(name, Path(d)):
                missed.append(name)
    return {"tried": len(CASES), "caught": len(CASES) - len(missed), "missed": missed}


if __name__ == "__main__":
    print(json.dumps(run_tamper_cases(), indent=2))
