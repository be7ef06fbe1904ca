"""Anchoring through a real JSON-RPC node (anvil) that is stopped and restarted mid-stream."""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from anvil import ANVIL_CHAIN_ID, anvil_binary, dev_key, free_port

from nexus.chain.accounts import load_signer
from nexus.chain.contract import Contract
from nexus.chain.rpc import RPCChain
from nexus.contracts import compile_contract
from nexus.ledger import open_ledger
from nexus.ledger.anchor import Anchorer
from nexus.ledger.audit import audit
from nexus.ledger.batcher import Batcher, BatchPolicy

pytestmark = pytest.mark.node
LIMIT = 60  # guards against a hang, not a timing assertion


def start_anvil(port: int, state: Path, home: str) -> subprocess.Popen[bytes]:
    binary = anvil_binary()
    assert binary is not None
    proc = subprocess.Popen(
        [
            str(binary),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--silent",
            "--chain-id",
            str(ANVIL_CHAIN_ID),
            "--state",
            str(state),
        ],
        cwd=home,
        env={"HOME": home, "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc


def wait(cond, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        try:
            if cond():
                return
        except Exception:  # noqa: BLE001  (the node may be down while we poll)
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_batcher_survives_an_rpc_node_restart(tmp_path: Path) -> None:
    if anvil_binary() is None:
        pytest.skip("anvil is not installed (run `npm install` in the repo root)")
    port, state = free_port(), tmp_path / "anvil-state.json"
    home = tempfile.mkdtemp(prefix="nexus-anvil-")
    node = start_anvil(port, state, home)
    chains: list[RPCChain] = []
    wait(
        lambda: (
            chains.append(RPCChain(f"http://127.0.0.1:{port}", timeout=2, signer=load_signer(dev_key(0), None, None)))
            or True
        ),
        "anvil to start",
    )
    chain = chains[0]
    try:
        compiled = compile_contract("Anchor")
        addr = chain.deploy(compiled.bytecode).contract_address
        assert addr is not None
        contract = Contract(chain, addr, compiled.abi, "Anchor")
        with open_ledger(path=tmp_path / "l.db") as led:
            batcher = Batcher(Anchorer(led, contract), BatchPolicy(20, 20, 50), poll_s=0.01).start()
            try:
                led.append_many([("t", i) for i in range(50)])
                wait(lambda: led.anchors() and led.anchors()[-1].size == 50, "the first anchor")
                node.terminate()  # anvil writes its state file on a clean exit
                node.wait(LIMIT)
                led.append_many([("t", i) for i in range(50, 80)])  # the caller never blocks
                wait(lambda: batcher.failures > 0, "a failed attempt while the node is down")
                node = start_anvil(port, state, home)
                led.append_many([("t", i) for i in range(80, 100)])
                wait(lambda: led.anchors()[-1].size == 100, "anchoring after the restart")
            finally:
                batcher.stop(final=False)
            size, root, _, _ = contract.latest(bytes.fromhex(led.log_id))
            assert size == 100 and root == "0x" + led.root(100).hex()
            sizes = [a.size for a in led.anchors()]
            assert sizes == sorted(set(sizes)) and sizes[0] == 50
            assert audit(led).ok
    finally:
        chain.close()
        node.terminate()
        node.wait(LIMIT)
