"""Cross-chain messages between two anvils (different chain ids) and the embedded chain: reorgs
before finality (evm_revert, anvil_reorg) never deliver an orphaned message or one twice, and a
relayer killed with SIGKILL mid-batch loses nothing and doubles nothing when restarted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from anvil import AnvilNode, dev_key
from eth_utils import keccak
from xchain_env import Net, build_cache, embedded, make_net

from nexus.chain.accounts import load_signer
from nexus.chain.rpc import RPCChain
from nexus.xchain.endpoint import sent_messages
from nexus.xchain.relayer import is_delivered

pytestmark = pytest.mark.node
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def anvils() -> Iterator[tuple[AnvilNode, AnvilNode]]:
    with AnvilNode(chain_id=31338) as a, AnvilNode(chain_id=31339) as b:
        yield a, b


def _rpc(node: AnvilNode, key: int = 0) -> RPCChain:
    return RPCChain(node.url, signer=load_signer(dev_key(key)))


@pytest.fixture
def net(anvils: tuple[AnvilNode, AnvilNode], tmp_path: Path) -> Iterator[Net]:
    a, b = anvils
    chains = [_rpc(a), _rpc(b), *embedded(tmp_path, [1337])]
    n = make_net(tmp_path, chains, finality=3)
    yield n
    for c in chains:
        c.close()


def _payload(net: Net, dst: int, src_chain: int, nonce: int) -> bytes:
    got = net.eps[dst].inbox.call("delivered", src_chain, nonce)
    return got if isinstance(got, bytes) else bytes.fromhex(str(got).removeprefix("0x"))


def test_reorgs_before_finality_never_deliver_an_orphan(net: Net) -> None:
    a, b, emb = net.eps
    rel = net.relayer()
    snap = a.chain.snapshot()
    a.send(b.chain_id, b.chain.default_account, b"orphan")
    a.send(emb.chain_id, b.chain.default_account, b"orphan too")
    a.chain.mine(1)
    orphans = sent_messages(a.chain, a.outbox.address, 0, a.chain.block_number(), finality=3)
    assert rel.step().delivered == 0  # 1-2 blocks deep: not final
    a.chain.revert(snap)  # the blocks holding both messages are gone
    a.send(b.chain_id, b.chain.default_account, b"canonical")
    a.chain.mine(3)
    assert rel.step().delivered == 1
    assert _payload(net, 1, a.chain_id, 1) == keccak(b"canonical")
    assert not is_delivered(emb, orphans[1])  # the orphan to the embedded chain: never
    for m in orphans:  # no honest witness signs an orphan, whatever a relayer claims
        dst = net.eps[1] if m.dst_chain == b.chain_id else emb
        assert rel.collect(m, dst.inbox.address) == []

    # a reorg deeper than the finality depth, after the relayer recorded the message
    a.send(b.chain_id, b.chain.default_account, b"deep")
    a.chain.mine(3)
    blind = net.relayer([], name="blind.db")  # sees it final, cannot get it signed
    seen = blind.step()  # a fresh journal: finds "canonical" (already delivered) and "deep"
    assert (seen.found, seen.unsigned, seen.delivered) == (2, 1, 0)
    a.chain._rpc("anvil_reorg", 5, [])  # type: ignore[attr-defined]
    a.chain._nonce = None  # type: ignore[attr-defined]  # our "deep" transaction is gone with its block
    a.chain.mine(1)
    rep = net.relayer(name="blind.db").step()
    assert rep.rewound and rep.orphaned == 1 and rep.delivered == 0
    assert not any(_payload(net, 1, a.chain_id, n) == keccak(b"deep") for n in (1, 2))
    # the nonce is reused by the new canonical chain: that message replaces the orphan
    a.send(b.chain_id, b.chain.default_account, b"after")
    a.chain.mine(3)
    rel2 = net.relayer(name="blind.db")
    assert rel2.step().delivered == 1
    assert _payload(net, 1, a.chain_id, 2) == keccak(b"after")
    assert rel2.step().delivered == 0 and rel.step().delivered == 0
    assert int(b.inbox.call("count")) == 2


def test_relayer_killed_mid_batch_loses_and_doubles_nothing(
    anvils: tuple[AnvilNode, AnvilNode], tmp_path: Path
) -> None:
    a_node, b_node = anvils
    chains = [_rpc(a_node), _rpc(b_node)]
    net = make_net(tmp_path, chains, finality=2)
    a, b = net.eps
    try:
        assert (a.outbox.address, a.inbox.address) == (b.outbox.address, b.inbox.address)
        start = int(b.inbox.call("count"))
        first = int(a.outbox.call("nonce")) + 1
        total = 15
        for i in range(total):
            a.send(b.chain_id, b.chain.default_account, b"m%d" % i)
        a.chain.mine(2)
        journal = tmp_path / "relay.db"
        (tmp_path / "build").symlink_to(build_cache() / "contracts")
        args = [sys.executable, str(ROOT / "tests" / "xchain_relay_proc.py"), a_node.url, b_node.url]
        args += [a.outbox.address, b.inbox.address, str(journal), "2", dev_key(7)]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")]))

        def relay_until(n: int) -> int:
            proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            try:
                deadline = time.monotonic() + 60
                while (got := int(b.inbox.call("count")) - start) < n and time.monotonic() < deadline:
                    time.sleep(0.005)
                return got
            finally:
                os.kill(proc.pid, signal.SIGKILL)  # by its PID, whatever it was doing
                proc.wait(timeout=10)

        at_kill = relay_until(4)
        assert 4 <= at_kill < total  # killed mid-way (batches of 3)
        assert relay_until(total) == total
        time.sleep(0.3)
        delivered = b.inbox.events("Delivered", from_block=0)
        nonces = [int(e.args["nonce"]) for e in delivered if int(e.args["src_chain"]) == a.chain_id]
        assert sorted(nonces) == list(range(first, first + total))  # each once, none lost
        for i in range(total):
            assert _payload(net, 1, a.chain_id, first + i) == keccak(b"m%d" % i)
    finally:
        for c in chains:
            c.close()


def test_a_node_on_three_chains(anvils: tuple[AnvilNode, AnvilNode], tmp_path: Path) -> None:
    """`nexus up --chain A --chain B` on the embedded chain: contracts on all three, a message from
    the embedded chain to each anvil delivered once, and the ledger's checkpoint anchored on all
    three chains, its receipt valid on each."""
    from nexus.ledger.receipt import Receipt
    from nexus.ledger.service import LedgerService
    from nexus.services import build_node
    from nexus.settings import load_settings
    from nexus.xchain.service import XChainService
    from nexus.xchain.service import send as send_message
    from nexus.xchain.verify import verify_everywhere

    a, b = anvils
    settings = load_settings(
        home=tmp_path,
        chains=[f"{a.url} chain_id=31338", f"{b.url} chain_id=31339 role=both"],
        private_key=dev_key(4),
        xchain_finality=1,
        guard=False,
        oracle=False,
        models=False,
        ledger_batch_ms=20,
        poll_interval=0.05,
    )
    with build_node(settings) as node:
        svc = node.service(XChainService)
        net = svc.require()
        assert [m.chain_id for m in net.members] == [1337, 31338, 31339]
        ws = svc.relayer.witnesses if svc.relayer is not None else []
        assert len({id(w.sources[31338][0]) for w in ws}) == 4  # each witness reads A on its own connection
        assert all(w.sources[31338][0] is not net.member(31338).chain for w in ws)
        main = node.require().chain
        to = main.accounts[2]
        for dst in (31338, 31339):
            send_message(net, 1337, dst, to, f"to {dst}")
        main.mine(1)
        led = node.service(LedgerService).require()
        led.append("note", {"three": "chains"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done = all(int(net.endpoint(c).inbox.call("count")) >= 1 for c in (31338, 31339))
            mirrored = svc.mirror is not None and all(
                led.anchors(m.chain_id, m.anchor.address) for m in net.members[1:] if m.anchor is not None
            )
            if done and mirrored and led.anchors(1337):
                break
            time.sleep(0.1)
        assert svc.relayer is not None and svc.relayer.journal.counts() == {"delivered": 2}
        for dst in (31338, 31339):
            inbox = net.endpoint(dst).inbox
            assert int(inbox.call("count")) == 1
            got = [_b32(inbox.call("delivered", 1337, n)) for n in (1, 2)]
            assert [g for g in got if g != b"\0" * 32] == [keccak(f"to {dst}".encode())]
        receipt = Receipt.from_json(led.receipt(led.size() - 1).to_json())
        out = verify_everywhere(receipt, net.anchors, strict=True)
        assert out["valid_on"] == [1337, 31338, 31339]


def _b32(v: object) -> bytes:
    return v if isinstance(v, bytes) else bytes.fromhex(str(v).removeprefix("0x"))
