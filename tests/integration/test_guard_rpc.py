"""The sandbox and the guard on a real JSON-RPC node (anvil): traces via debug_traceTransaction,
detection of attacks sent by a second key, and the breaker pausing over RPC."""

from __future__ import annotations

from pathlib import Path

import pytest
from anvil import AnvilNode, dev_key

from nexus.chain.accounts import load_signer
from nexus.chain.contract import Contract
from nexus.chain.rpc import RPCChain
from nexus.guard import build_monitor
from nexus.sandbox import deploy_contract, deploy_sandbox

pytestmark = pytest.mark.node
E18 = 10**18


def test_guard_over_rpc_detects_and_pauses(anvil: AnvilNode, tmp_path: Path) -> None:
    admin = RPCChain(anvil.url, signer=load_signer(dev_key(0)))
    thief = RPCChain(anvil.url, signer=load_signer(dev_key(1)))
    try:
        sb = deploy_sandbox(admin, cache_dir=tmp_path / "cache")
        assert sb.operator == admin.default_account  # one signing key: the admin trips the guardian
        mon = build_monitor(admin, targets=sb.watch_targets(), home=tmp_path / "home")

        bot = deploy_contract(thief, "AttackReentrancy", sb["vault"].address, cache_dir=tmp_path / "cache")
        before = thief.balance(bot.address) + thief.balance(thief.default_account)
        rc = bot.attack(19, value=10 * E18)
        assert rc.status
        found = mon.poll()
        assert {"NEXUS-REENTRANCY", "NEXUS-PROTOCOL-DRAIN"} <= {f.alert_id for f in found}
        assert sb["vault"].paused()
        again = bot.attack(19, value=10 * E18, check=False)
        assert not again.status
        assert thief.balance(thief.default_account) > before - 50 * E18  # it did profit from round one

        rewards = Contract(thief, sb["rewards"].address, sb["rewards"].abi, "SandboxRewards")
        rewards.set_owner(thief.default_account)
        assert any(f.alert_id == "NEXUS-UNAUTHORIZED-OWNER-CHANGE" for f in mon.poll())
        sweep = rewards.sweep(thief.default_account, 1, check=False)
        assert not sweep.status and "paused" in str(sweep.revert_reason)
        assert mon.poll() == []  # the pause and the failed sweep raise nothing new
        assert mon.store is not None and mon.store.next_block() == admin.block_number() + 1
    finally:
        admin.close()
        thief.close()


def test_traffic_and_a_guarded_attack_over_rpc(anvil: AnvilNode, tmp_path: Path) -> None:
    from typing import cast

    from nexus.chain.base import ChainBackend
    from nexus.sandbox import MultiSender, TrafficSimulator, run_scenario

    admin = RPCChain(anvil.url, signer=load_signer(dev_key(2)))
    senders = MultiSender(admin, anvil.url)
    try:
        sb = deploy_sandbox(cast(ChainBackend, senders), cache_dir=tmp_path / "cache")
        sim = TrafficSimulator(sb, seed=21, accounts=4)
        rcs = sim.run(12)  # each simulated user signs with its own derived key
        assert len({r.sender for r in rcs}) >= 2 and sum(r.status for r in rcs) >= 8
        mon = build_monitor(admin, targets=sb.watch_targets())
        assert mon.poll() == []
        res = run_scenario(sb, "governance", cache_dir=tmp_path / "cache", between=mon.poll)
        assert [s["ok"] for s in res.steps] == [True, True, False] and res.extracted <= 0
        assert sb["governance"].paused()
    finally:
        senders.close()
        admin.close()
