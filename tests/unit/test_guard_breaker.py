"""Breaker judgement: pause only on Critical loss (or capture) of a protected contract, never on a
passed governance action; every decision kept with its reason."""

from __future__ import annotations

from typing import Any

from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from nexus.chain.types import Block, Log, Tx, TxReceipt
from nexus.guard import Finding, FindingType, Severity, decode_tx
from nexus.guard.breaker import CircuitBreaker, judge
from nexus.guard.monitor import evidence

DAO = to_checksum_address("0x" + "d0" * 20)
USD = to_checksum_address("0x" + "05" * 20)
BOB = to_checksum_address("0x" + "b0" * 20)
T_TRANSFER = keccak(text="Transfer(address,address,uint256)")


def _at(a: str) -> bytes:
    return bytes(12) + bytes.fromhex(a[2:])


def _finding(sev: Severity = Severity.CRITICAL, **meta: Any) -> Finding:
    return Finding(
        "x",
        "x",
        "NEXUS-X",
        sev,
        FindingType.EXPLOIT,
        7,
        "0x01",
        "det",
        1,
        1,
        roles={BOB: "attacker", DAO: "victim"},
        metadata=meta,
    )


def _payout(governance: bool):  # type: ignore[no-untyped-def]
    logs = [Log(USD, (T_TRANSFER, _at(DAO), _at(BOB)), encode(["uint256"], [200]), 7, "0x01", 0, 0)]
    if governance:
        logs.append(Log(DAO, (keccak(text="ProposalExecuted(uint256)"),), encode(["uint256"], [3]), 7, "0x01", 0, 1))
    tx = Tx("0x01", BOB, DAO, 0, b"", 0, 1, 1, 7, 0)
    rc = TxReceipt("0x01", 7, 0, BOB, DAO, True, 1, None, tuple(logs))
    return decode_tx(tx, rc, Block(7, "0x02", "0x00", 1, (tx,), (rc,)))


def test_a_loss_to_a_protected_contract_pauses_and_says_why() -> None:
    f = evidence(_finding(), _payout(governance=False))
    assert f.metadata["victim_loss"] == {DAO: {USD: "200"}} and f.metadata["governance_action"] is False
    [d] = judge(f, {DAO: "dao"})
    assert d.pause and d.target == DAO and "loss" in d.reason and "200" in d.reason


def test_a_passed_governance_payout_is_never_paused() -> None:
    f = evidence(_finding(), _payout(governance=True))
    assert f.metadata["governance_action"] is True
    [d] = judge(f, {DAO: "dao"})
    assert not d.pause and "governance" in d.reason


def test_no_pause_below_critical_without_loss_or_when_not_pausable() -> None:
    loss = {"victim_loss": {DAO: {USD: "5"}}}
    assert [d.pause for d in judge(_finding(Severity.HIGH, **loss), {DAO: "dao"})] == [False]
    assert "below" in judge(_finding(Severity.HIGH, **loss), {DAO: "dao"})[0].reason
    [d] = judge(_finding(victim_loss={DAO: {}}), {DAO: "dao"})
    assert not d.pause and "no loss" in d.reason
    [d] = judge(_finding(**loss), {})
    assert not d.pause and "not pausable" in d.reason
    [d] = judge(_finding(victim_loss={}, evidence="capture"), {DAO: "dao"})
    assert d.pause and "control" in d.reason


class _Chain:
    def __init__(self) -> None:
        self.sent: list[Any] = []

    def call(self, to: str, data: bytes) -> bytes:
        return bytes(32)  # never paused

    def send(self, req: Any, check: bool = False) -> Any:
        self.sent.append(req)

        class R:
            tx_hash, status, revert_reason = "0xpause", True, None

        return R()


def test_the_breaker_records_every_decision_and_pauses_only_on_loss() -> None:
    chain = _Chain()
    seen: list[Any] = []
    brk = CircuitBreaker(chain, "0x" + "99" * 20, BOB, {DAO: "dao"}, on_decision=seen.append)  # type: ignore[arg-type]
    assert brk.handle(evidence(_finding(), _payout(governance=True))) == []
    assert brk.handle(evidence(_finding(Severity.HIGH), _payout(governance=False))) == []
    acts = brk.handle(evidence(_finding(), _payout(governance=False)))
    assert [a.target for a in acts] == [DAO] and len(chain.sent) == 1
    assert [d.pause for d in seen] == [False, False, True] and list(brk.decisions) == seen
    assert all(d.reason for d in seen)
