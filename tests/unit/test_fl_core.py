"""Federated learning with incentives: rewards, rejections, commitments before aggregation, timeouts."""

from __future__ import annotations

import logging
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("flwr")

from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.exceptions import FLError, FLInputError  # noqa: E402
from nexus.fl import Federation, FLConfig  # noqa: E402
from nexus.fl import federation as fed_module  # noqa: E402
from nexus.fl.onchain import InclusionProof  # noqa: E402
from nexus.ledger.merkle import leaf_hash, subtree_from_leaves  # noqa: E402

logging.getLogger("flwr").setLevel(logging.WARNING)


@lru_cache(maxsize=1)
def cache() -> Path:
    from nexus.contracts.compiler import compile_contract

    root = Path(tempfile.mkdtemp(prefix="nexus-fl-build-"))
    compile_contract("FLRound", root)
    return root


def run(tmp_path: Path, **cfg: object) -> Federation:
    chain = EmbeddedChain(tmp_path / "chain", flush_interval=3600)
    fed = Federation(FLConfig(**cfg), chain, cache_dir=cache())  # type: ignore[arg-type]
    fed.run()
    return fed


@pytest.fixture(scope="module")
def fedavg_run(tmp_path_factory: pytest.TempPathFactory) -> Federation:
    return run(tmp_path_factory.mktemp("fl"), clients=10, rounds=3, poison=0.2, free_riders=0.1)


def test_poisoners_and_free_riders_earn_nothing_and_honest_clients_take_the_pool(fedavg_run: Federation) -> None:
    rep = fedavg_run.report
    by_role: dict[str, int] = {}
    for c in rep["clients"]:
        by_role[c["role"]] = by_role.get(c["role"], 0) + int(c["earned_wei"])
    assert by_role["label-flip"] == 0 and by_role["free-rider"] == 0
    assert by_role["honest"] >= 0.95 * sum(by_role.values()) > 0
    # the contract holds the same figures, and a poisoner's claim transfers nothing
    log, chain = fedavg_run.log, fedavg_run.backend
    assert log is not None
    poisoner = next(c["address"] for c in rep["clients"] if c["role"] == "label-flip")
    honest = max(rep["clients"], key=lambda c: int(c["earned_wei"]))
    for who in (poisoner, honest["address"]):  # clients pay their own gas
        chain.transact(who, b"", sender=chain.default_account, value=10**18)
    assert log.earned(poisoner) == 0 and log.claim(poisoner) == 0
    before = chain.balance(honest["address"])
    assert log.claim(honest["address"]) == int(honest["earned_wei"])
    assert chain.balance(honest["address"]) > before
    assert int(log.contract.call("rounds")) == 3


def test_inclusion_proof_verifies_on_chain_and_a_tampered_one_fails(fedavg_run: Federation) -> None:
    log = fedavg_run.log
    assert log is not None
    proof = log.proof(2, fedavg_run.addresses[3])
    assert proof.verify_offchain() and log.verify(proof)
    d = proof.to_json()
    flipped_update = "0x" + ("%064x" % (int(proof.update, 16) ^ 1))
    other = fedavg_run.addresses[4]
    for bad in (
        {**d, "update": flipped_update},
        {**d, "client": other},
        {**d, "index": (proof.index + 1) % proof.size},
        {**d, "path": [proof.path[0][:-1] + ("0" if proof.path[0][-1] != "0" else "1"), *proof.path[1:]]},
        {**d, "round": 1},
    ):
        assert not log.verify(InclusionProof(**bad))  # type: ignore[arg-type]


def test_robust_rule_rejects_scaled_poisoners_and_the_contract_refuses_to_pay_them(tmp_path: Path) -> None:
    fed = run(tmp_path, clients=8, rounds=2, strategy="multikrum", poison=0.25, attack="scaled")
    poisoners = [i for i, r in enumerate(fed.roles) if r == "scaled"]
    for rd in fed.report["rounds"]:
        assert set(poisoners) <= set(rd["rejected"])
    assert all(int(c["earned_wei"]) == 0 for c in fed.report["clients"] if c["role"] == "scaled")
    log = fed.log
    assert log is not None
    rejected = fed.addresses[poisoners[0]]
    with pytest.raises(FLError, match="already rewarded"):
        log.reward(2, [rejected], [1])
    # a fresh round: the coordinator cannot pay a rejected update even if it tries
    log.commit(3, [(rejected, b"\2" * 32)])
    log.finalize(3, b"\3" * 32, [rejected])
    with pytest.raises(FLError, match="rejected update paid"):
        log.reward(3, [rejected], [1])


def test_update_hashes_are_committed_on_chain_before_the_strategy_aggregates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flwr.serverapp.strategy import FedAvg

    seen: list[tuple[int, bytes, bytes]] = []
    holder: dict[str, Federation] = {}

    class Spy(FedAvg):  # type: ignore[misc]
        def aggregate_train(self, server_round, replies):  # type: ignore[no-untyped-def]
            replies = list(replies)
            fed = holder["fed"]
            # recompute the root from what the strategy is about to aggregate, independently
            leaves = []
            for m in sorted(replies, key=lambda m: int(m.content["metrics"]["partition-id"])):
                arrays = m.content["arrays"].to_numpy_ndarrays()
                pid = int(m.content["metrics"]["partition-id"])
                import hashlib

                h = hashlib.sha256()
                for a in arrays:
                    a = np.ascontiguousarray(np.asarray(a, dtype=np.float64))
                    h.update(f"{a.dtype.str}{a.shape}".encode())
                    h.update(a.tobytes())
                leaves.append(leaf_hash(bytes.fromhex(fed.addresses[pid][2:]) + h.digest()))
            expect = subtree_from_leaves(leaves)(0, len(leaves))
            assert fed.log is not None
            seen.append((server_round, fed.log.committed_root(server_round), expect))
            return super().aggregate_train(server_round, replies)

    monkeypatch.setattr(fed_module, "make_strategy", lambda *a, **k: Spy(fraction_evaluate=0.0, min_available_nodes=4))
    chain = EmbeddedChain(tmp_path / "chain", flush_interval=3600)
    fed = Federation(FLConfig(clients=4, rounds=2), chain, cache_dir=cache())
    holder["fed"] = fed
    fed.run()
    assert [r for r, _, _ in seen] == [1, 2]
    assert all(onchain == expect for _, onchain, expect in seen)
    assert fed.events == ["commit:1", "aggregate:1", "commit:2", "aggregate:2"]


def test_a_hanging_and_a_crashing_client_are_dropped_without_stalling_the_rounds(tmp_path: Path) -> None:
    fed = run(tmp_path, clients=5, rounds=2, faults={0: "hang", 1: "crash"}, timeout=4.0, hang_s=60.0)
    rounds = fed.report["rounds"]
    assert [r["round"] for r in rounds] == [1, 2]
    assert all(r["dropped"] == [0, 1] and r["updates"] == 3 for r in rounds)
    assert all(int(c["earned_wei"]) == 0 for c in fed.report["clients"][:2])
    assert rounds[-1]["accuracy"] > 0.5


def test_bad_configuration_is_one_input_error(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "chain", flush_interval=3600)
    for bad in (
        {"clients": 1},
        {"rounds": 0},
        {"strategy": "nope"},
        {"poison": 0.6},
        {"data": "mnist"},
        {"alpha": 0.0},
        {"faults": {10: "hang"}},
        {"faults": {0: "bogus"}},
    ):
        with pytest.raises(FLInputError):
            Federation(FLConfig(**bad), chain)  # type: ignore[arg-type]


def test_the_federation_is_recorded_as_a_lineage_run_linking_every_round(tmp_path: Path) -> None:
    from nexus.ledger import open_ledger
    from nexus.settings import load_settings

    settings = load_settings(home=tmp_path / "home")
    chain = EmbeddedChain(tmp_path / "chain", flush_interval=3600)
    fed = Federation(FLConfig(clients=3, rounds=2, name="hosp"), chain, settings=settings, cache_dir=cache())
    rep = fed.run()
    assert rep["lineage_run"] is not None
    run = fed.lineage_run
    assert [m.name for m in run.models] == ["hosp/round-1", "hosp/round-2"]
    assert [step for step, _ in run.metrics["accuracy"]] == [1, 2]
    assert run.tags["roots"] == [r["root"] for r in rep["rounds"]]
    assert run.record.payload["models"][-1]["fingerprint"] == run.models[-1].fingerprint
    with open_ledger(settings) as ledger:
        assert ledger.size() > 0
