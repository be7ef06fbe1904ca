"""Cross-chain messages on embedded chains: delivered once with a quorum, and every attack refused
(forged and below-quorum signatures, a lying minority, replays on the same and on another chain,
rate-limit overflow, shallow finality)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_utils import keccak
from hypothesis import given, settings
from hypothesis import strategies as st
from xchain_env import KEYS, Net, embedded, make_net

from nexus.exceptions import ContractReverted, XChainInputError, XChainRateLimited
from nexus.xchain.endpoint import Limits, sent_messages
from nexus.xchain.message import Message, SignerKey, dev_signer_keys, sort_sigs
from nexus.xchain.relayer import is_delivered
from nexus.xchain.witness import LyingWitness

A, B, C = 1337, 1338, 1339


@pytest.fixture
def net(tmp_path: Path) -> Iterator[Net]:
    n = make_net(tmp_path, embedded(tmp_path, [A, B, C]), finality=2, limits=Limits(3600, 4, 6))
    yield n
    for c in n.chains:
        c.close()


def _b32(v: object) -> bytes:
    return v if isinstance(v, bytes) else bytes.fromhex(str(v).removeprefix("0x"))


def _final(net: Net, ep: int = 0) -> Message:
    """The newest message sent from chain `ep`, after burying it `finality` deep."""
    e = net.eps[ep]
    e.chain.mine(net.finality)
    return sent_messages(e.chain, e.outbox.address, 0, e.chain.block_number(), finality=net.finality)[-1]


def _deliver(net: Net, dst: int, m: Message, keys: list[SignerKey], inbox: str | None = None) -> None:
    ib = net.eps[dst].inbox
    sigs = sort_sigs([k.sign(m.digest(inbox or ib.address)) for k in keys])
    ib.transact("deliver", *m.deliver_args(), [s.compact() for s in sigs])


def test_delivered_once_with_quorum_and_never_twice(net: Net) -> None:
    a, b = net.eps[0], net.eps[1]
    sent = a.send(B, b.chain.default_account, b"pay 7")
    rel = net.relayer()
    assert rel.step().delivered == 0  # not final yet: nothing relayed
    a.chain.mine(net.finality)
    assert rel.step().delivered == 1
    for _ in range(2):
        assert rel.step().delivered == 0
    assert int(b.inbox.call("count")) == 1
    assert int(net.eps[2].inbox.call("count")) == 0  # addressed to B only
    assert _b32(b.inbox.call("delivered", A, sent["nonce"])) == keccak(b"pay 7")
    [row] = rel.journal.messages()
    assert row["status"] == "delivered" and row["payload"] == "0x" + b"pay 7".hex()


def test_python_digest_matches_the_contract(net: Net) -> None:
    ib = net.eps[1].inbox

    @settings(max_examples=15, deadline=None)
    @given(st.binary(max_size=200), st.integers(1, 2**64 - 1), st.integers(0, 2**32 - 1))
    def check(payload: bytes, nonce: int, finality: int) -> None:
        m = Message(A, net.eps[0].outbox.address, nonce, KEYS[0].address, B, KEYS[1].address, payload, finality)
        got = ib.call("digest", *m.deliver_args())
        want = m.digest(ib.address)
        assert _b32(got) == want

    check()


def test_forged_and_below_quorum_signatures_are_refused(net: Net) -> None:
    net.eps[0].send(B, KEYS[0].address, b"x")
    m = _final(net)
    outsiders = dev_signer_keys(3, seed="not an oracle node")
    with pytest.raises(ContractReverted, match="unknown signer"):
        _deliver(net, 1, m, outsiders)
    with pytest.raises(ContractReverted, match="below quorum"):
        _deliver(net, 1, m, list(KEYS[:2]))
    with pytest.raises(ContractReverted, match="unknown signer"):  # two members + one forger
        _deliver(net, 1, m, [*KEYS[:2], outsiders[0]])
    ib = net.eps[1].inbox
    good = sort_sigs([k.sign(m.digest(ib.address)) for k in KEYS[:3]])
    with pytest.raises(ContractReverted, match="not sorted or repeated"):  # one signer three times
        ib.transact("deliver", *m.deliver_args(), [good[0].compact()] * 3)
    tampered = Message(A, m.src_contract, m.nonce, m.sender, B, m.recipient, b"y", m.finality)
    with pytest.raises(ContractReverted, match="unknown signer|not sorted"):  # sigs of x on payload y
        ib.transact("deliver", *tampered.deliver_args(), [s.compact() for s in good])
    assert not is_delivered(net.eps[1], m)


def test_a_lying_minority_cannot_deliver_a_false_message(net: Net) -> None:
    net.eps[0].send(B, KEYS[0].address, b"real")
    real = _final(net)
    fake = Message(
        A,
        real.src_contract,
        real.nonce + 1,
        real.sender,
        B,
        real.recipient,
        b"mint 1e9",
        2,
        real.block,
        real.block_hash,
        real.tx_hash,
    )
    liars = net.witnesses(KEYS[:1], LyingWitness)  # f = 1 dishonest node
    honest = net.witnesses(KEYS[1:])
    rel = net.relayer([*liars, *honest])
    assert len(rel.collect(fake, net.eps[1].inbox.address)) == 1  # only the liar signs
    assert all(w.last_refusal and "no such Sent event" in w.last_refusal for w in honest)
    with pytest.raises(ContractReverted, match="below quorum"):
        _deliver(net, 1, fake, [KEYS[0]])
    assert rel.step().delivered == 1  # the real message goes through with the honest three
    assert not is_delivered(net.eps[1], fake) and is_delivered(net.eps[1], real)


def test_replays_on_the_same_and_on_another_chain_fail(net: Net) -> None:
    net.eps[0].send(B, KEYS[0].address, b"once")
    m = _final(net)
    _deliver(net, 1, m, list(KEYS[:3]))
    with pytest.raises(ContractReverted, match="already delivered"):
        _deliver(net, 1, m, list(KEYS[1:]))  # another quorum, same (source, nonce)
    # B's signatures replayed on C's inbox: the domain (chain id, inbox) differs, so they
    # recover to strangers
    sigs = sort_sigs([k.sign(m.digest(net.eps[1].inbox.address)) for k in KEYS[:3]])
    with pytest.raises(ContractReverted, match="unknown signer|not sorted"):
        net.eps[2].inbox.transact("deliver", *m.deliver_args(), [s.compact() for s in sigs])
    # and honest witnesses never sign a message for a chain it was not sent to
    to_c = Message(
        A, m.src_contract, m.nonce, m.sender, C, m.recipient, m.payload, m.finality, m.block, m.block_hash, m.tx_hash
    )
    assert net.relayer().collect(to_c, net.eps[2].inbox.address) == []
    # a message from an unknown source contract
    foreign = Message(A, KEYS[3].address, 99, m.sender, B, m.recipient, b"", m.finality)
    with pytest.raises(ContractReverted, match="unknown source"):
        _deliver(net, 1, foreign, list(KEYS[:3]))


def test_shallow_finality_is_refused(net: Net) -> None:
    net.eps[0].send(B, KEYS[0].address, b"soon")
    e = net.eps[0]
    m = sent_messages(e.chain, e.outbox.address, 0, e.chain.block_number(), finality=net.finality)[-1]
    assert net.relayer().collect(m, net.eps[1].inbox.address) == []  # 0 blocks deep
    w = net.witnesses()[0]
    assert w.vouch(m, net.eps[1].inbox.address) is None and "deep" in (w.last_refusal or "")
    shallow = Message(A, m.src_contract, m.nonce, m.sender, B, m.recipient, m.payload, 1)
    with pytest.raises(ContractReverted, match="finality below"):
        _deliver(net, 1, shallow, list(KEYS[:3]))


def test_rate_limits_on_chain_and_in_the_relayer(net: Net) -> None:
    a, b = net.eps[0], net.eps[1]
    for i in range(4):
        a.send(B, KEYS[0].address, bytes([i]))
    with pytest.raises(XChainRateLimited, match="used up"):
        a.send(B, KEYS[0].address, b"5th")
    a.send(B, KEYS[0].address, b"other sender", sender=a.chain.accounts[1])
    a.chain.mine(net.finality)
    rel = net.relayer()
    rep = rel.step()
    # inbox: 4 per sender per window is fine, but only 6 per route; the relayer checks first
    assert (rep.delivered, rep.deferred) == (5, 0)
    a.chain.time_travel(3600)  # the outbox's window is over (B's is not)
    for i in range(2):
        a.send(B, KEYS[0].address, b"late %d" % i)  # sender 0 is at its cap of 4 on B
    a.send(B, KEYS[0].address, b"sixth", sender=a.chain.accounts[2])  # the route's 6th: fine
    a.send(B, KEYS[0].address, b"seventh", sender=a.chain.accounts[3])  # over the route cap
    a.chain.mine(net.finality)
    sent_before = b.chain.block_number()
    rep = rel.step()
    assert (rep.delivered, rep.deferred) == (1, 3)
    assert b.chain.block_number() == sent_before + 1  # the relayer sent no transaction bound to revert
    assert int(b.inbox.call("count")) == 6
    waiting = rel.journal.messages(status="pending")
    assert len(waiting) == 3 and all("rate limit" in w["note"] for w in waiting)
    seventh = next(m for m in rel.journal.pending(A, B, 10) if m.payload == b"seventh")
    with pytest.raises(ContractReverted, match="route rate limit"):
        _deliver(net, 1, seventh, list(KEYS[:3]))
    b.chain.time_travel(3600)
    assert rel.step().delivered == 3
    assert int(b.inbox.call("count")) == 9 and rel.journal.counts() == {"delivered": 9}


def test_bad_input(net: Net) -> None:
    with pytest.raises(XChainInputError):
        Message(A, KEYS[0].address, 0, KEYS[0].address, B, KEYS[0].address, b"", 1)
    with pytest.raises(XChainInputError):
        Message(A, KEYS[0].address, 1, KEYS[0].address, B, KEYS[0].address, b"x" * 1025, 1)
    with pytest.raises(ContractReverted, match="bad destination"):
        net.eps[0].send(A, KEYS[0].address, b"to myself")
    with pytest.raises(ContractReverted, match="not owner"):
        net.eps[1].inbox.transact("set_signers", [KEYS[0].address], 1, sender=net.chains[1].accounts[2])


def test_two_relayers_racing_deliver_each_message_once(net: Net) -> None:
    import threading

    a, b = net.eps[0], net.eps[1]
    for i in range(8):
        a.send(B, KEYS[0].address, b"race %d" % i, sender=a.chain.accounts[i % 4])
    a.chain.mine(net.finality)
    relayers = [net.relayer(name="r1.db"), net.relayer(name="r2.db")]
    errors: list[BaseException] = []

    def run(r: object) -> None:
        try:
            for _ in range(3):
                r.step()  # type: ignore[attr-defined]
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in relayers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    # the route's cap is 6 per window: six delivered, each once, whoever won each race
    assert int(b.inbox.call("count")) == 6
    delivered = {
        m.nonce
        for m in sent_messages(a.chain, a.outbox.address, 0, a.chain.block_number(), finality=2)
        if is_delivered(b, m)
    }
    assert len(delivered) == 6
    for r in relayers:
        assert r.journal.counts() == {"delivered": 6, "pending": 2}
        assert {m["nonce"] for m in r.journal.messages(status="delivered")} == delivered
    assert sum(r.totals.delivered for r in relayers) == 6  # a lost race is "delivered by someone else"
