"""The NFT service across restarts: it replays the blocks it missed from its durable cursor, never
evolves a token twice on the same on-chain cause (a kill between the evolution and the cursor write),
and follows from the head when its saved block is no longer on the chain."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from nexus._client import Nexus
from nexus.nft import service
from nexus.nft.contract import nft_contract
from nexus.nft.cursor import load_cursor, save_cursor
from nexus.nft.node import NFTService
from nexus.node import BlockStream, Node
from nexus.settings import load_settings


def _wait(what: str, ready: Callable[[], bool], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit  # a guard against a hung service, not a timing assertion
    while not ready():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def _node(home: Path) -> Node:
    s = load_settings(home=home, poll_interval=0.05)
    return Node(s, [BlockStream(0.05), NFTService(s)])


def test_replay_after_a_restart_applies_missed_causes_once(tmp_path: Path) -> None:
    with _node(tmp_path) as node:
        nx = node.nexus
        assert nx is not None
        holder = nx.chain.accounts[1]
        token = service.mint(nx, holder)["token"]
        c = nft_contract(nx, deploy=False)
        assert c is not None
        before_first = nx.chain.block_number() + 1  # the interact's block
        parent = nx.chain.get_block(before_first - 1).hash
        c.interact(token, 1, sender=holder)
        _wait("the first action evolves the token", lambda: c.state(token).version == 1)
        svc = node.find(NFTService)
        assert svc is not None
        _wait(
            "the cursor passes the action's block", lambda: (load_cursor(svc.cursor_path) or (0, ""))[0] > before_first
        )
    with Nexus(load_settings(home=tmp_path)) as nx:  # the node is down: nobody follows this action
        c2 = nft_contract(nx, deploy=False)
        assert c2 is not None
        c2.interact(token, 2, sender=holder)
        assert c2.state(token).version == 1
    # as if killed after the first evolution but before its cursor write: replay from before it
    save_cursor(svc.cursor_path, before_first, parent)
    with _node(tmp_path) as node:
        nx = node.nexus
        assert nx is not None
        c3 = nft_contract(nx, deploy=False)
        assert c3 is not None
        _wait("the missed action is applied", lambda: c3.state(token).version == 2)
        svc2 = node.find(NFTService)
        assert svc2 is not None
        _wait("the replay finishes", lambda: svc2.next_block > nx.chain.block_number() and svc2._pending.empty())
        time.sleep(0.3)  # anything still to come would show now: the first action must not apply again
        assert c3.state(token).version == 2
        assert service.show(nx, token)["traits"]["actions"] == 2
        assert svc2.stats["errors"] == 0
    save_cursor(svc.cursor_path, 2, "0x" + "00" * 32)  # a block hash this chain never had
    with _node(tmp_path) as node:
        nx = node.nexus
        assert nx is not None
        svc3 = node.find(NFTService)
        assert svc3 is not None and svc3.next_block == nx.chain.block_number() + 1


def test_reconcile_records_what_a_kill_left_out_of_the_ledger(tmp_path: Path) -> None:
    from nexus.nft.service import _current, _prepare
    from nexus.nft.traits import Cause, evolve_traits
    from nexus.nft.verify import reconcile, verify_image

    with Nexus(load_settings(home=tmp_path)) as nx:
        token = service.mint(nx, nx.chain.accounts[1])["token"]
        c = nft_contract(nx, deploy=False)
        assert c is not None and reconcile(nx) == []
        # the steps of service.evolve up to the transaction; the process "dies" before the ledger append
        st, traits = _current(nx, c, token)
        new = evolve_traits(token, traits, Cause("manual"))
        state, image, _ = _prepare(nx, token, new)
        c.evolve(token, st.version, state, image, Cause("manual").hash, sender=None)
        png = service.image(nx, token)
        lost = verify_image(nx, token, png)
        assert lost["matches"] and lost["version"] == 1 and lost["ledger_record"] is None
        assert reconcile(nx) == [token]
        healed = verify_image(nx, token, png)
        assert healed["ledger_record"] is not None and healed["ledger_image"] == healed["chain_image"]
        assert reconcile(nx) == []  # idempotent
