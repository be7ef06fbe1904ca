"""Several chains: chain specs, the ledger anchored on every chain, and receipts checked on all of
them, with disagreement reported (another root for the same checkpoint, a missing anchor)."""

from __future__ import annotations

from pathlib import Path

import pytest
from xchain_env import build_cache

from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.deploy import Deployer
from nexus.exceptions import ChainsDisagree, ConfigError, VerificationFailed, XChainInputError
from nexus.ledger import open_ledger
from nexus.ledger.anchor import Anchorer
from nexus.settings import load_settings
from nexus.xchain.chains import ChainSpec, parse_spec
from nexus.xchain.mirror import AnchorMirror
from nexus.xchain.verify import verify_everywhere


def test_chain_specs() -> None:
    assert parse_spec("http://127.0.0.1:8545") == ChainSpec("http://127.0.0.1:8545")
    s = parse_spec("https://u:secret@rpc.example/x?key=k chain_id=10 role=anchor")
    assert (s.chain_id, s.role, s.anchors, s.messages) == (10, "anchor", True, False)
    assert "secret" not in s.describe() and "key=k" not in s.describe()
    assert parse_spec("embedded chain_id=7 role=messages").messages
    for bad in ["", "ftp://x", "embedded", "embedded chain_id=0", "http://x role=all", "http://x colour=red"]:
        with pytest.raises(XChainInputError):
            parse_spec(bad)
    assert load_settings(chains=["http://a", "embedded chain_id=9"]).chains == ["http://a", "embedded chain_id=9"]
    with pytest.raises(ConfigError):
        load_settings(xchain_finality=-1)


def test_the_signers_are_the_oracle_networks_node_keys() -> None:
    from nexus.oracle import dev_node_key
    from nexus.xchain.message import dev_signer_keys
    from nexus.xchain.network import quorum_of

    assert [k.address for k in dev_signer_keys(4)] == [dev_node_key(i).address for i in range(4)]
    assert [quorum_of(n) for n in (4, 7, 10, 31)] == [3, 5, 7, 21]  # 2f+1 of 3f+1


def _anchor(tmp: Path, chain_id: int) -> Contract:
    chain = EmbeddedChain(tmp / f"c{chain_id}", chain_id=chain_id, flush_interval=3600)
    return Deployer(chain, tmp / "deployments", build_cache()).deploy(["Registry", "Anchor"])["Anchor"]


def test_every_checkpoint_anchored_on_every_chain_and_receipts_check_on_all(tmp_path: Path) -> None:
    main, b, c = (_anchor(tmp_path, cid) for cid in (1337, 1338, 1339))
    with open_ledger(path=tmp_path / "l.db") as led:
        led.append_many([("t", {"i": i}) for i in range(5)])
        Anchorer(led, main).anchor()
        led.append_many([("t", {"i": i}) for i in range(5, 9)])
        Anchorer(led, main).anchor()
        mirror = AnchorMirror(led, main, [b, c])
        assert mirror.step() == 4  # sizes 5 and 9, on two chains
        assert mirror.step() == 0  # idempotent
        assert AnchorMirror(led, main, [b, c]).step() == 0  # a restarted mirror too
        for contract in (b, c):
            assert [a.size for a in led.anchors(contract.backend.chain_id, contract.address)] == [5, 9]
        early = led.receipt(2, chain_id=1337, contract=main.address).to_json()
        out = verify_everywhere(early, [main, b, c], strict=True)
        assert out["agree"] and out["valid_on"] == [1337, 1338, 1339]
        # a receipt whose own anchor is on chain b verifies on all three too
        on_b = led.receipt(7, chain_id=1338, contract=b.address).to_json()
        assert verify_everywhere(on_b, [main, b, c])["valid_on"] == [1337, 1338, 1339]
        # a tampered root is refused on its own chain and on every other one
        bad = dict(early, checkpoint=early["checkpoint"].replace(early["checkpoint"].split("\n")[2], "A" * 43 + "="))
        res = verify_everywhere(bad, [main, b, c])
        assert not res["agree"] and res["valid_on"] == []


def test_a_chain_with_another_root_is_a_disagreement(tmp_path: Path) -> None:
    main, b, c = (_anchor(tmp_path, cid) for cid in (1337, 1338, 1339))
    with open_ledger(path=tmp_path / "l.db") as led:
        led.append_many([("t", {"i": i}) for i in range(6)])
        Anchorer(led, main).anchor()
        log_id = bytes.fromhex(led.log_id)
        b.transact("anchor", log_id, 6, b"\x66" * 32)  # someone anchored a false root first on b
        mirror = AnchorMirror(led, main, [b, c])
        mirror.step()
        assert "VerificationFailed" in mirror.errors[1338] and 1339 not in mirror.errors
        r = led.receipt(3).to_json()
        out = verify_everywhere(r, [main, b, c])
        assert out["disagree"] == [1338] and out["valid_on"] == [1337, 1339]
        assert "another root" in out["chains"][1]["detail"]
        with pytest.raises(ChainsDisagree, match="chain 1338"):
            verify_everywhere(r, [main, b, c], strict=True)
        with pytest.raises(VerificationFailed):
            Anchorer(led, b).anchor()


def test_a_chain_without_the_checkpoint_is_reported_absent(tmp_path: Path) -> None:
    main, b = (_anchor(tmp_path, cid) for cid in (1337, 1338))
    with open_ledger(path=tmp_path / "l.db") as led:
        led.append_many([("t", {"i": i}) for i in range(3)])
        Anchorer(led, main).anchor()
        out = verify_everywhere(led.receipt(0).to_json(), [main, b])
        assert out["agree"] and out["chains"][1]["status"] == "absent"
        with pytest.raises(ChainsDisagree, match="absent"):
            verify_everywhere(led.receipt(0).to_json(), [main, b], strict=True)
