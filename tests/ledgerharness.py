"""Ledger reliability harness: independent tree recomputation, and kill -9 rounds of a writer
that checkpoints or anchors while it appends. Shared by the ledger tests and
benchmarks/bench_reliability.py (which runs more rounds and reports the three figures).

Independence: roots are recomputed with `merkle.subtree_from_leaves` over leaf hashes taken
afresh from each record's leaf bytes, never from the store's nodes table or its right edge.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nexus.ledger import Ledger, open_ledger
from nexus.ledger.audit import audit
from nexus.ledger.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    leaf_hash,
    node_hash,
    split_point,
    subtree_from_leaves,
    verify_consistency,
    verify_inclusion,
)

__all__ = ["KillReport", "Recomputed", "check_proofs", "kill_rounds", "wrong_roots"]

SRC = str(Path(__file__).resolve().parents[1] / "src")


class Recomputed:
    """The tree a store should hold, rebuilt from its records' leaf bytes alone."""

    def __init__(self, ledger: Ledger) -> None:
        recs = list(ledger.store.records(0, ledger.size()))
        self.gaps = [i for i, r in enumerate(recs) if r.id != i]
        self.hashes = [leaf_hash(r.leaf) for r in recs]
        self._sub = subtree_from_leaves(self.hashes)
        self._roots: dict[int, bytes] = {0: EMPTY_ROOT}
        self._perfect: dict[tuple[int, int], bytes] = {}

    @property
    def size(self) -> int:
        return len(self.hashes)

    def root(self, size: int) -> bytes:
        """MTH of the first `size` leaves; ValueError past the end."""
        if size > self.size:
            raise ValueError(f"size {size} is past the {self.size} stored records")
        if size not in self._roots:
            self._roots[size] = self._mth(0, size)
        return self._roots[size]

    def _mth(self, lo: int, hi: int) -> bytes:
        """RFC 9162 MTH(D[lo:hi]); each aligned perfect block is hashed once and remembered."""
        n = hi - lo
        if n & (n - 1) == 0 and lo % n == 0:
            if (lo, hi) not in self._perfect:
                self._perfect[(lo, hi)] = self._sub(lo, hi)
            return self._perfect[(lo, hi)]
        k = split_point(n)
        return node_hash(self._mth(lo, lo + k), self._mth(lo + k, hi))


def wrong_roots(rec: Recomputed, checkpoints: Iterable[tuple[int, bytes, str]]) -> list[str]:
    """Each (size, root, where) whose root is not MTH of the first `size` stored records."""
    bad = []
    for size, root, where in checkpoints:
        if size > rec.size:
            bad.append(f"{where}: size {size} is past the {rec.size} stored records")
        elif rec.root(size) != root:
            bad.append(f"{where}: root at size {size} differs from the recomputed one")
    return bad


def check_proofs(
    ledger: Ledger, rec: Recomputed, sizes: Iterable[int], *, every: bool = True, rng: random.Random | None = None
) -> list[str]:
    """Inclusion proofs of records (all of them with `every`, else a sample of 8) against each
    checkpoint size that covers them, and consistency proofs between consecutive sizes, all
    verified against recomputed roots."""
    bad: list[str] = []
    rng = rng or random.Random(0)
    prev = 0
    for size in sorted(set(sizes)):
        root = rec.root(size)
        idx = range(size) if every or size == 0 else sorted({0, size - 1, *(rng.randrange(size) for _ in range(6))})
        for i in idx:
            if not verify_inclusion(i, size, rec.hashes[i], ledger.inclusion_proof(i, size), root):
                bad.append(f"record {i}: no valid inclusion proof at size {size}")
        if not verify_consistency(prev, size, rec.root(prev), root, ledger.consistency_proof(prev, size)):
            bad.append(f"no valid consistency proof from {prev} to {size}")
        if prev and ledger.consistency_proof(prev, size) != consistency_proof(prev, size, rec._sub):
            bad.append(f"consistency proof {prev}->{size} differs from the recomputed one")
        prev = size
    return bad


# --- kill -9 rounds ---------------------------------------------------------------------------

# The child acknowledges a record ("a <i> <id>") only after `append` (or the group commit) has
# returned it; a checkpoint thread (or the anchoring batcher on the embedded chain) races it.
CHILD = textwrap.dedent("""
    import pathlib, random, sys, threading
    from nexus.ledger import open_ledger
    from nexus.ledger.checkpoint import Anchor
    path, start, mode, writer, chain_dir, addr, sync = sys.argv[1:8]
    led = open_ledger(path=path, sync=sync)
    if mode == "chain":
        from nexus.chain.contract import Contract
        from nexus.chain.embedded import EmbeddedChain
        from nexus.contracts import compile_contract
        from nexus.ledger.anchor import Anchorer
        from nexus.ledger.batcher import Batcher, BatchPolicy
        chain = EmbeddedChain(chain_dir)
        anchor = Contract(chain, addr, compile_contract("Anchor", pathlib.Path(chain_dir, "../build")).abi, "Anchor")
        Batcher(Anchorer(led, anchor), BatchPolicy(size=8, delay_ms=5), poll_s=0.002).start()
    else:
        def checkpoints():
            last = 0
            while True:
                cp = led.checkpoint()
                if cp.size != last:
                    led.store.add_anchor(Anchor(cp.size, cp.root, 0, "checkpoint", f"local-{cp.size}", 0, 0))
                    last = cp.size
        for _ in range(3):
            threading.Thread(target=checkpoints, daemon=True).start()
    sys.setswitchinterval(1e-6)  # let the checkpointer land inside an append as often as it can
    nxt, lock = [int(start)], threading.Lock()

    def take(k):
        with lock:
            nxt[0] += k
            return nxt[0] - k

    def ack(pairs):
        with lock:
            print("".join(f"a {j} {rid}\\n" for j, rid in pairs), end="", flush=True)

    def write(seed):
        rng = random.Random(seed)
        while True:
            if writer == "many":  # two of these threads run at once
                k = rng.randint(1, 48)
                i = take(k)
                ids = led.append_many([("t", {"i": j}) for j in range(i, i + k)],
                                      keys=[f"k{j}" for j in range(i, i + k)])
                ack(zip(range(i, i + k), ids))
            elif writer == "group":
                i = take(16)
                batch = [(j, led.submit("t", {"i": j}, key=f"k{j}")) for j in range(i, i + 16)]
                ack((j, p.id) for j, p in batch)
            else:
                i = take(1)
                ack([(i, led.append("t", {"i": i}, key=f"k{i}"))])

    if writer == "many":
        threading.Thread(target=write, args=(int(start) + 1,), daemon=True).start()
    write(int(start))
""")


@dataclass
class KillReport:
    """What `kill_rounds` saw: kills survived, acknowledged records lost, wrong roots."""

    kills: int = 0
    survived: int = 0  # reopened cleanly with every check passing
    acked: int = 0
    lost: list[str] = field(default_factory=list)
    wrong_roots: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # gaps, bad proofs, dead children
    records: int = 0
    anchors: int = 0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.wrong_roots or self.problems)


def deploy_anchor(chain_dir: Path) -> str:
    """Deploy the Anchor contract on an embedded chain at `chain_dir` (build in ../build); its address."""
    from nexus.chain.embedded import EmbeddedChain
    from nexus.contracts import compile_contract

    chain = EmbeddedChain(chain_dir)
    try:
        rc = chain.deploy(compile_contract("Anchor", chain_dir.parent / "build").bytecode)
        assert rc.contract_address is not None
        return rc.contract_address
    finally:
        chain.close()


def kill_rounds(
    workdir: Path,
    *,
    rounds: int,
    seed: int = 0,
    mode: str = "checkpoint",
    writer: str = "single",
    sync: str = "full",
    acks: tuple[int, int] = (10, 120),
) -> KillReport:
    """Start the child `rounds` times on one store, SIGKILL it after a random number of
    acknowledgements plus a random pause, and check the reopened store after every kill.
    (`sync="normal"` still survives a killed process; it only gives up power-loss safety.)"""
    workdir.mkdir(parents=True, exist_ok=True)
    path, chain_dir = workdir / "ledger.db", workdir / "chain"
    addr = deploy_anchor(chain_dir) if mode == "chain" else "-"
    rng = random.Random(seed)
    rep = KillReport()
    acked: dict[int, int] = {}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))}
    for _round in range(rounds):
        start = max(acked) + 1 if acked else 0  # retry from the first unacknowledged value
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(start), mode, writer, str(chain_dir), addr, sync],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        want, got = rng.randint(*acks), 0
        while got < want:
            line = proc.stdout.readline()
            if not line:
                rep.problems.append(f"round {_round}: the child died on its own (rc {proc.wait()})")
                break
            got += _ack(line, acked, rep)
        if mode == "chain" and _round == rounds - 1 and not _anchored(path):
            _ack_until_anchored(proc, path, acked, rep)  # at least one anchor raced the appends
        time.sleep(rng.random() * 0.02)  # kill at an arbitrary point of the loop
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        for line in proc.stdout:  # whole lines written before the kill were acknowledgements
            if line.endswith("\n"):
                _ack(line, acked, rep)
        proc.wait()
        rep.kills += 1
        before = len(rep.lost) + len(rep.wrong_roots) + len(rep.problems)
        _check(path, acked, rep, rng, chain_dir if mode == "chain" else None, addr)
        rep.survived += len(rep.lost) + len(rep.wrong_roots) + len(rep.problems) == before
    rep.acked = len(acked)
    return rep


def _anchored(path: Path) -> bool:
    """The store holds an anchor already (read-only look at the SQLite file while the child writes)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as db:
        return db.execute("SELECT count(*) FROM anchors").fetchone()[0] > 0


def _ack_until_anchored(proc: subprocess.Popen[str], path: Path, acked: dict[int, int], rep: KillReport) -> None:
    """Keep taking acknowledgements until the batcher has anchored once (on a loaded box it may not have
    by the random kill point of any round), so the run always kills a child whose anchoring is live."""
    assert proc.stdout is not None
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        for _ in range(16):
            line = proc.stdout.readline()
            if not line:
                rep.problems.append(f"the child died on its own while anchoring (rc {proc.wait()})")
                return
            _ack(line, acked, rep)
        if _anchored(path):
            return
    rep.problems.append("no anchor landed within 240 s of appends")


def _ack(line: str, acked: dict[int, int], rep: KillReport) -> int:
    parts = line.split()
    if parts[0] != "a":
        return 0
    i, rid = int(parts[1]), int(parts[2])
    if acked.setdefault(i, rid) != rid:
        rep.problems.append(f"value {i} acknowledged as record {acked[i]} and again as {rid}")
    return 1


def _check(
    path: Path, acked: dict[int, int], rep: KillReport, rng: random.Random, chain_dir: Path | None, addr: str
) -> None:
    with open_ledger(path=path) as led:
        rec = Recomputed(led)
        rep.records = rec.size
        rep.problems += [f"record {i} is missing (ids are not contiguous)" for i in rec.gaps[:1]]
        for i, rid in sorted(acked.items()):
            r = _record(led, rid)
            if r is None or r.key != f"k{i}" or r.payload != {"i": i}:
                rep.lost.append(f"acknowledged value {i} (record {rid}) is missing or altered")
        keys = [r.key for r in led.store.records(0, rec.size)]
        if len(keys) != len(set(keys)):
            rep.problems.append("a record was appended twice under one idempotency key")
        anchors = led.anchors()
        rep.anchors = len(anchors)
        rep.wrong_roots += [
            w
            for w in wrong_roots(rec, ((a.size, a.root, f"anchor {a.tx_hash}") for a in anchors))
            if w not in rep.wrong_roots
        ]
        if chain_dir is not None:  # every Anchored event on the chain, too
            rep.wrong_roots += [
                w
                for w in wrong_roots(
                    rec, ((s, r, "on-chain checkpoint") for s, r in _onchain(chain_dir, addr, led.log_id).items())
                )
                if w not in rep.wrong_roots
            ]
        if led.root() != rec.root(rec.size):
            rep.wrong_roots.append(f"the store's root at size {rec.size} differs from the recomputed one")
        report = audit(led)
        if not report.ok:
            rep.problems.append("audit: " + "; ".join(report.problems[:2]))
        sizes = sorted({a.size for a in anchors if a.size <= rec.size} | {rec.size})
        rep.problems += check_proofs(led, rec, rng.sample(sizes, min(4, len(sizes))), every=False, rng=rng)


def _onchain(chain_dir: Path, addr: str, log_id: str) -> dict[int, bytes]:
    from nexus.chain.contract import Contract
    from nexus.chain.embedded import EmbeddedChain
    from nexus.contracts import compile_contract
    from nexus.ledger.audit import onchain_checkpoints

    chain = EmbeddedChain(chain_dir)
    try:
        return onchain_checkpoints(Contract(chain, addr, compile_contract("Anchor").abi, "Anchor"), log_id)
    finally:
        chain.close()


def _record(led: Ledger, rid: int) -> Any:
    try:
        return led.record(rid)
    except Exception:  # noqa: BLE001  (a missing record is what is being counted)
        return None
