"""Receipt verification and audit on a real JSON-RPC node (anvil): the same on-chain checks as on
the embedded chain (transaction, block, timestamp, calldata, event), over eth_* calls."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import pytest
from anvil import AnvilNode, dev_key

from nexus.chain.accounts import load_signer
from nexus.chain.contract import Contract
from nexus.chain.rpc import RPCChain
from nexus.contracts import compile_contract
from nexus.ledger import open_ledger
from nexus.ledger.anchor import Anchorer
from nexus.ledger.audit import audit
from nexus.ledger.verify import verify_receipt

pytestmark = pytest.mark.node


def test_verify_and_audit_over_rpc(anvil: AnvilNode, tmp_path: Path) -> None:
    chain = RPCChain(anvil.url, signer=load_signer(dev_key(3)))
    try:
        compiled = compile_contract("Anchor")
        rc = chain.deploy(compiled.bytecode)
        assert rc.contract_address is not None
        anchor = Contract(chain, rc.contract_address, compiled.abi, "Anchor")
        with open_ledger(path=tmp_path / "l.db") as led:
            led.append_many([("t", {"i": i}) for i in range(7)])
            Anchorer(led, anchor).anchor()
            good = led.receipt(4).to_json()
            assert audit(led, anchor, rc.block_number, log_id=led.log_id).ok
            rep = verify_receipt(good, anchor)
            assert rep.valid and rep.anchor_checked, rep.failure()
            for key, change in [("block", 1), ("timestamp", 1), ("chain_id", 1)]:
                bad = copy.deepcopy(good)
                bad["anchor"][key] += change
                assert not verify_receipt(bad, anchor).ok, key
            bad = copy.deepcopy(good)
            bad["anchor"]["tx_hash"] = "0x" + "ab" * 32
            assert "no transaction" in (verify_receipt(bad, anchor).failure() or "")
            con = sqlite3.connect(tmp_path / "l.db")
            con.execute("UPDATE anchors SET timestamp=timestamp+1")
            con.commit()
            con.close()
            problems = audit(led, anchor, rc.block_number).problems
            assert any("has timestamp" in p for p in problems), problems
    finally:
        chain.close()
