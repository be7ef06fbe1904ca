"""Roots under concurrent appends: writer threads, a writer process, failing (rolled-back)
appends, an anchorer on the embedded chain, a checkpoint maker and proof readers all at once;
then every root anyone was handed is checked against a recomputation from the leaves alone."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ledgerharness import SRC, Recomputed, check_proofs, deploy_anchor, wrong_roots

from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import compile_contract
from nexus.exceptions import VerificationFailed
from nexus.ledger import Ledger, open_ledger
from nexus.ledger.anchor import Anchorer
from nexus.ledger.merkle import leaf_hash, verify_consistency, verify_inclusion
from nexus.ledger.records import new_entry
from nexus.ledger.verify import verify_receipt

PROC = textwrap.dedent("""
    import random, sys
    from nexus.ledger import open_ledger
    path, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(5)
    with open_ledger(path=path, sync="normal") as led:
        done = 0
        while done < n:
            k = min(rng.randint(1, 9), n - done)
            led.append_many([("proc", {"j": done + j}) for j in range(k)])
            done += k
""")


@pytest.fixture(autouse=True)
def _fine_grained_switching() -> Iterator[None]:
    """Switch threads every few microseconds so a reader lands inside a writer's append."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def test_every_root_handed_out_under_concurrent_appends_is_the_recomputed_one(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    addr = deploy_anchor(tmp_path / "chain")
    chain = EmbeddedChain(tmp_path / "chain")
    contract = Contract(chain, addr, compile_contract("Anchor").abi, "Anchor")
    led = open_ledger(path=path, sync="normal")
    anchorer = Anchorer(led, contract)
    stop = threading.Event()
    seen: list[tuple[int, bytes, str]] = []  # (size, root, who handed it out)
    loose: list[tuple[int, int, bytes]] = []  # root() without a size: (size before, after, root)
    failures: list[str] = []
    errors: list[BaseException] = []

    def guarded(fn: Callable[[random.Random], None], seed: int) -> Callable[[], None]:
        def run() -> None:
            try:
                fn(random.Random(seed))
            except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
                errors.append(exc)
                stop.set()

        return run

    def writer(rng: random.Random) -> None:
        for n in range(60):
            k = rng.randint(1, 24)
            keys = [f"w{rng.randrange(400)}" if rng.random() < 0.2 else None for _ in range(k)]
            led.append_many([("w", {"n": n, "j": j}) for j in range(k)], keys=keys)

    def grouped(rng: random.Random) -> None:
        for n in range(12):
            handles = [led.submit("g", {"n": n, "j": j}) for j in range(rng.randint(1, 20))]
            handles[-1].id  # noqa: B018  (waits until durable)

    def doomed(rng: random.Random) -> None:  # appends that fail mid-transaction and roll back
        bad = new_entry("x", {"bad": True})._replace(kind=None)  # type: ignore[arg-type]
        for n in range(25):
            good = [new_entry("x", {"n": n, "j": j}) for j in range(rng.randint(1, 6))]
            with pytest.raises(Exception):  # noqa: B017,PT011  (NOT NULL: the whole append rolls back)
                led.store.append([*good, bad])
            size = led.size()
            seen.append((size, led.root(size), "root after a rolled-back append"))

    def checkpoints(rng: random.Random) -> None:
        while not stop.is_set():
            cp = led.checkpoint()
            seen.append((cp.size, cp.root, "Ledger.checkpoint"))
            size, root = led.store.head()
            seen.append((size, root, "store.head"))

    def anchoring(rng: random.Random) -> None:
        while not stop.is_set():
            anchorer.anchor()

    def reader(rng: random.Random) -> None:
        last, last_root = 0, led.root(0)
        while not stop.is_set():
            before = led.size()
            root = led.root()
            loose.append((before, led.size(), root))
            size = led.size()
            if size == 0:
                continue
            root = led.root(size)
            seen.append((size, root, "root(size)"))
            i = rng.randrange(size)
            leaf = leaf_hash(led.record(i).leaf)
            if not verify_inclusion(i, size, leaf, led.inclusion_proof(i, size), root):
                failures.append(f"inclusion of {i} at {size} failed while appending")
            if not verify_consistency(last, size, last_root, root, led.consistency_proof(last, size)):
                failures.append(f"consistency {last}->{size} failed while appending")
            last, last_root = size, root

    proc = subprocess.Popen([sys.executable, "-c", PROC, str(path), "150"], env={**os.environ, "PYTHONPATH": SRC})
    workers = [writer, writer, writer, grouped, doomed]
    busy = [threading.Thread(target=guarded(fn, s)) for s, fn in enumerate(workers)]
    watch = [
        threading.Thread(target=guarded(fn, 10 + s))
        for s, fn in enumerate([checkpoints, checkpoints, anchoring, reader, reader])
    ]
    for t in busy + watch:
        t.start()
    for t in busy:
        t.join(timeout=120)
    assert proc.wait(timeout=120) == 0
    stop.set()
    for t in watch:
        t.join(timeout=60)
    try:
        assert not errors, errors[0]
        _check_everything(led, anchorer, chain, seen, loose, failures)
    finally:
        led.close()
        chain.close()


def _check_everything(
    led: Ledger,
    anchorer: Anchorer,
    chain: EmbeddedChain,
    seen: list[tuple[int, bytes, str]],
    loose: list[tuple[int, int, bytes]],
    failures: list[str],
) -> None:
    anchorer.anchor()  # one more after the writers stopped: the whole log is covered
    rec = Recomputed(led)
    assert rec.gaps == [] and rec.size >= 3 * 60 + 150
    anchors = led.anchors()
    assert len(anchors) >= 2 and anchors[-1].size == rec.size
    assert failures == []
    assert wrong_roots(rec, seen) == []
    assert wrong_roots(rec, ((a.size, a.root, f"anchor {a.tx_hash}") for a in anchors)) == []
    onchain = anchorer.latest()
    assert (onchain[0], onchain[1]) == (rec.size, rec.root(rec.size))
    bad_loose = [(b, a) for b, a, r in loose if r not in {rec.root(s) for s in range(b, a + 1)}]
    assert bad_loose == []
    assert led.root() == rec.root(rec.size)
    # every record against each of the last anchored checkpoints, and a sample of the others
    assert check_proofs(led, rec, [a.size for a in anchors][-3:]) == []
    sizes = sorted({s for s, _, _ in seen})
    sample = random.Random(3).sample(sizes, min(10, len(sizes)))
    assert check_proofs(led, rec, sample, every=False) == []
    for i in range(rec.size):  # every record has a receipt, verified offline
        assert verify_receipt(led.receipt(i), offline=True).proof_ok, i
    for i in random.Random(4).sample(range(rec.size), 10):  # and a few on chain too
        assert verify_receipt(led.receipt(i), anchorer.contract).ok, i


def test_a_receipt_skips_an_anchor_with_a_wrong_root(tmp_path: Path) -> None:
    """A store that already holds a wrongly anchored checkpoint (the old race) still gives
    every record a valid receipt, from the next anchor whose root is right."""
    from nexus.ledger.checkpoint import Anchor

    with open_ledger(path=tmp_path / "l.db") as led:
        led.append_many([("a", {"i": i}) for i in range(12)])
        led.store.add_anchor(Anchor(7, b"\x00" * 32, 1, "0xc", "0xbad", 1, 1))
        led.store.add_anchor(Anchor(12, led.root(12), 1, "0xc", "0xgood", 2, 2))
        for i in range(12):
            r = led.receipt(i)
            assert r.checkpoint.size == 12 and verify_receipt(r, offline=True).proof_ok
        led.append("a", {"i": 12})
        led.store.add_anchor(Anchor(13, b"\x01" * 32, 1, "0xc", "0xbad2", 3, 3))
        with pytest.raises(VerificationFailed, match="run `nexus ledger audit`"):
            led.receipt(12)
