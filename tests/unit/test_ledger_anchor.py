"""Anchor.vy rules, idempotent anchoring through failures, the adaptive batch policy, receipts."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import compile_contract
from nexus.exceptions import ContractReverted, LedgerInputError, RPCUnreachable, VerificationFailed
from nexus.ledger import Ledger, open_ledger
from nexus.ledger.anchor import Anchorer
from nexus.ledger.audit import audit
from nexus.ledger.batcher import Batcher, BatchPolicy
from nexus.ledger.receipt import Receipt
from nexus.ledger.verify import verify_receipt

LOG = bytes(range(32))
ROOT = b"\x11" * 32


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[EmbeddedChain]:
    c = EmbeddedChain(tmp_path / "chain")
    yield c
    c.close()


@pytest.fixture
def anchor(chain: EmbeddedChain) -> Contract:
    compiled = compile_contract("Anchor")
    rc = chain.deploy(compiled.bytecode)
    assert rc.contract_address is not None
    return Contract(chain, rc.contract_address, compiled.abi, "Anchor")


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with open_ledger(path=tmp_path / "ledger.db") as led:
        yield led


# --- the contract ---------------------------------------------------------------------------------
def test_anchor_stores_latest_and_emits(anchor: Contract, chain: EmbeddedChain) -> None:
    assert anchor.latest(LOG) == (0, "0x" + "00" * 32, 0, 0)
    rc = anchor.anchor(LOG, 10, ROOT)
    size, root, ts, block = anchor.latest(LOG)
    assert (size, root) == (10, "0x" + ROOT.hex())
    # block.number/timestamp as the EVM saw them (the embedded chain shows the parent block's)
    assert block in (rc.block_number - 1, rc.block_number) and 0 < ts <= chain.timestamp()
    (ev,) = anchor.decode(rc)
    assert ev.name == "Anchored" and ev.args["size"] == 10 and ev.args["root"] == "0x" + ROOT.hex()
    anchor.anchor(LOG, 11, ROOT)
    assert anchor.latest(LOG)[0] == 11
    assert anchor.latest(b"\x01" * 32)[0] == 0  # logs are independent


@pytest.mark.parametrize(
    ("size", "root", "reason"),
    [
        (10, ROOT, "anchor: size must grow"),
        (5, ROOT, "anchor: size must grow"),
        (2**64, ROOT, "anchor: size too large"),
        (11, b"\0" * 32, "anchor: empty root"),
    ],
)
def test_anchor_reverts(anchor: Contract, size: int, root: bytes, reason: str) -> None:
    anchor.anchor(LOG, 10, ROOT)
    with pytest.raises(ContractReverted, match=reason):
        anchor.anchor(LOG, size, root)


def test_only_authorised_anchors_write(anchor: Contract, chain: EmbeddedChain) -> None:
    owner, other = chain.accounts[0], chain.accounts[1]
    with pytest.raises(ContractReverted, match="anchor: not an anchor"):
        anchor.anchor(LOG, 1, ROOT, sender=other)
    with pytest.raises(ContractReverted, match="anchor: not owner"):
        anchor.set_anchor(other, True, sender=other)
    anchor.set_anchor(other, True, sender=owner)
    assert anchor.is_anchor(other)
    anchor.anchor(LOG, 1, ROOT, sender=other)
    anchor.set_anchor(other, False, sender=owner)
    with pytest.raises(ContractReverted, match="anchor: not an anchor"):
        anchor.anchor(LOG, 2, ROOT, sender=other)
    with pytest.raises(ContractReverted, match="anchor: zero owner"):
        anchor.transfer_ownership("0x" + "00" * 20, sender=owner)
    anchor.transfer_ownership(other, sender=owner)
    assert anchor.owner() == other


# --- idempotent anchoring -------------------------------------------------------------------------
class Flaky:
    """A backend proxy that fails the next sends: 'lost' sends the tx then raises (a receipt
    lost in an RPC restart); 'down' raises without sending."""

    def __init__(self, inner: EmbeddedChain) -> None:
        self._inner = inner
        self.plan: list[str] = []
        self.sent = 0

    def send(self, tx: Any, *, check: bool = True) -> Any:
        mode = self.plan.pop(0) if self.plan else "ok"
        if mode == "down":
            raise RPCUnreachable("node restarting")
        rc = self._inner.send(tx, check=check)
        self.sent += 1
        if mode == "lost":
            raise RPCUnreachable("connection reset while waiting for the receipt")
        return rc

    def transact(self, to: str, data: bytes, **kw: Any) -> Any:
        from nexus.chain.base import TxRequest

        check = kw.pop("check", True)
        return self.send(TxRequest(to, data, kw.get("value", 0), kw.get("sender"), kw.get("gas")), check=check)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def anchored_sizes(anchor: Contract, log_id: str) -> list[int]:
    return [e.args["size"] for e in anchor.events("Anchored") if e.args["log_id"] == "0x" + log_id]


def test_retry_after_a_lost_receipt_never_anchors_twice(anchor: Contract, chain: EmbeddedChain, ledger: Ledger) -> None:
    flaky = Flaky(chain)
    an = Anchorer(ledger, Contract(flaky, anchor.address, anchor.abi, "Anchor"))  # type: ignore[arg-type]
    ledger.append_many([("t", i) for i in range(7)])
    flaky.plan = ["lost"]
    with pytest.raises(RPCUnreachable):
        an.anchor()
    assert ledger.anchors() == []  # not recorded locally...
    a = an.anchor()  # ...but the retry finds it on chain instead of sending again
    assert a is not None and a.size == 7 and flaky.sent == 1
    assert anchored_sizes(anchor, ledger.log_id) == [7]
    assert an.anchor() == a and flaky.sent == 1  # nothing new: nothing sent
    ledger.append("t", 7)
    flaky.plan = ["down"]
    with pytest.raises(RPCUnreachable):
        an.anchor()
    assert an.anchor().size == 8 and anchored_sizes(anchor, ledger.log_id) == [7, 8]  # type: ignore[union-attr]


def test_batcher_rides_out_failures_and_anchors_each_checkpoint_once(
    anchor: Contract, chain: EmbeddedChain, ledger: Ledger
) -> None:
    flaky = Flaky(chain)
    flaky.plan = ["down", "lost"]
    an = Anchorer(ledger, Contract(flaky, anchor.address, anchor.abi, "Anchor"))  # type: ignore[arg-type]
    batcher = Batcher(an, BatchPolicy(size=20, delay_ms=20, max_delay_ms=50), poll_s=0.01).start()
    try:
        for i in range(100):
            ledger.submit("t", {"i": i})
        ledger.flush()
        deadline = time.monotonic() + 30
        while (not ledger.anchors() or ledger.anchors()[-1].size < 100) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        batcher.stop(final=False)
    sizes = anchored_sizes(anchor, ledger.log_id)
    assert sizes[-1] == 100 and sizes == sorted(set(sizes))
    assert batcher.failures == 2 and flaky.sent == len(sizes)  # the lost one was adopted
    assert audit(ledger, anchor).ok


def test_adopting_a_foreign_root_is_refused(anchor: Contract, ledger: Ledger) -> None:
    ledger.append_many([("t", i) for i in range(3)])
    anchor.anchor(bytes.fromhex(ledger.log_id), 3, ROOT)  # someone anchored a different root
    with pytest.raises(VerificationFailed, match="does not match the local log"):
        Anchorer(ledger, anchor).anchor()


# --- the batch policy -----------------------------------------------------------------------------
def test_policy_defaults_and_adaptation() -> None:
    p = BatchPolicy()
    assert (p.threshold(), p.delay_s()) == (256, 0.25)
    for _ in range(30):
        p.observe_rate(10_000, 1.0)  # 10k records/s: anchor about once per delay, not per 256
    assert p.threshold() > 2000
    p.observe_gas(10)
    p.observe_gas(30)  # price tripled: stretch, capped by max_delay
    assert 0.6 < p.delay_s() < 0.8 and p.threshold() > 5000
    p.observe_gas(1000)
    assert p.delay_s() == pytest.approx(1.0)


# --- receipts ---------------------------------------------------------------------------------------
@pytest.fixture
def receipt(anchor: Contract, ledger: Ledger) -> dict[str, Any]:
    ledger.append_many([("person", {"name": f"p{i}"}) for i in range(11)])
    Anchorer(ledger, anchor).anchor()
    ledger.append("late", 1)  # after the checkpoint: the receipt still uses the covering one
    return ledger.receipt(5).to_json()


def test_receipt_verifies_offline_and_on_chain(receipt: dict[str, Any], chain: EmbeddedChain, anchor: Contract) -> None:
    off = verify_receipt(receipt, offline=True)
    assert off.ok and not off.valid and not off.anchor_checked and off.not_checked
    assert not verify_receipt(receipt).ok  # no chain: the anchor is unchecked, so not valid
    assert not verify_receipt(receipt, chain).ok  # a chain but no trusted contract: same
    rep = verify_receipt(receipt, anchor)
    assert rep.ok and rep.valid and rep.onchain and [c.name for c in rep.checks][-1] == "anchor tx"
    assert Receipt.from_json(json.loads(json.dumps(receipt))).to_json() == receipt


def _tamper(r: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(r))
    *parents, last = path.split(".")
    node = out
    for p in parents:
        node = node[p]
    node[last] = value(node[last]) if callable(value) else value
    return out


@pytest.mark.parametrize(
    ("path", "value", "check"),
    [
        ("record.payload", {"name": "mallory"}, "content"),
        ("record.salt", "00" * 32, "content"),
        ("record.leaf", lambda s: s.replace('"t":', '"t":1'), "inclusion"),
        ("record.index", 4, "inclusion"),
        ("proof.inclusion", lambda p: ["00" * 32] + p[1:], "inclusion"),
        ("checkpoint", lambda c: c.replace(c.split("\n")[2], "A" * 43 + "="), "inclusion"),
        ("anchor.tx_hash", "0x" + "ab" * 32, "anchor tx"),
        ("anchor.chain_id", 1, "chain"),
    ],
)
def test_tampering_fails_naming_the_check(
    receipt: dict[str, Any], anchor: Contract, path: str, value: Any, check: str
) -> None:
    rep = verify_receipt(_tamper(receipt, path, value), anchor)
    assert not rep.ok and (rep.failure() or "").startswith(check)
    with pytest.raises(VerificationFailed, match=check):
        rep.raise_for_failure()


def test_erased_record_still_has_a_valid_receipt(
    receipt: dict[str, Any], anchor: Contract, ledger: Ledger, chain: EmbeddedChain
) -> None:
    ledger.erase(5)
    r = ledger.receipt(5).to_json()
    assert r["record"]["payload"] is None and r["record"]["erased"]
    assert r["proof"] == receipt["proof"] and verify_receipt(r, anchor).ok
    assert verify_receipt(receipt, anchor).ok  # the copy given out earlier stays valid too
    assert ledger.receipt(6, redact=True).to_json()["record"]["salt"] is None


@pytest.mark.parametrize("bad", [{}, {"format": "x"}, {"format": "nexus.ledger.receipt/v1"}, [], "text"])
def test_malformed_receipts_are_input_errors(bad: Any) -> None:
    with pytest.raises(LedgerInputError):
        verify_receipt(bad)


# --- audit --------------------------------------------------------------------------------------------
def test_audit_names_the_tampered_record(anchor: Contract, ledger: Ledger, tmp_path: Path) -> None:
    import sqlite3

    ledger.append_many([("t", {"i": i}) for i in range(20)])
    Anchorer(ledger, anchor).anchor()
    assert audit(ledger, anchor).ok
    con = sqlite3.connect(tmp_path / "ledger.db")
    con.execute("UPDATE records SET content=? WHERE id=7", (b'{"i":70}',))
    con.commit()
    rep = audit(ledger, anchor)
    assert not rep.ok and any(p.startswith("record 7:") for p in rep.problems)
    # a careful forger rewrites leaf, leaf hash and every stored node: the chain still catches it
    from nexus.ledger.merkle import CompactRange, leaf_hash
    from nexus.ledger.records import new_entry

    e = new_entry("t", {"i": 70})
    con.execute(
        "UPDATE records SET leaf=?, hash=?, content=?, salt=?, ts=? WHERE id=7",
        (e.leaf, leaf_hash(e.leaf), e.content, e.salt, e.time_ms),
    )
    edge = CompactRange()
    for row in con.execute("SELECT hash FROM records ORDER BY id").fetchall():
        for level, idx, h in edge.append(bytes(row[0]))[1:]:
            con.execute("UPDATE nodes SET hash=? WHERE level=? AND idx=?", (h, level, idx))
    con.commit()
    con.close()
    rep = audit(ledger, anchor)
    assert not rep.ok and any("checkpoint 20" in p and "records 0..19" in p for p in rep.problems)


# --- property: the contract accepts exactly the growing sizes -------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 50), min_size=1, max_size=8))
def test_anchor_accepts_exactly_the_growing_sizes(anchor: Contract, chain: EmbeddedChain, sizes: list[int]) -> None:
    snap = chain.snapshot()
    try:
        latest = 0
        for n in sizes:
            if n > latest:
                anchor.anchor(LOG, n, ROOT)
                latest = n
            else:
                with pytest.raises(ContractReverted, match="anchor: size must grow"):
                    anchor.anchor(LOG, n, ROOT)
            assert anchor.latest(LOG)[0] == latest
    finally:
        chain.revert(snap)
