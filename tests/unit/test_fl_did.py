"""FL clients named by did:keys bound on the round contract, and each federation's cost (gas, CPU, energy)."""

from __future__ import annotations

import logging
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

pytest.importorskip("flwr")

from eth_utils import keccak  # noqa: E402

from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.exceptions import FLError, FLInputError  # noqa: E402
from nexus.fl import Federation, FLConfig  # noqa: E402
from nexus.fl.onchain import ClientKey, client_key, deploy_round_log, did_hash  # noqa: E402
from nexus.flid import client_dids, did_address  # noqa: E402
from nexus.identity import KeyPair  # noqa: E402

logging.getLogger("flwr").setLevel(logging.WARNING)


@lru_cache(maxsize=1)
def cache() -> Path:
    from nexus.contracts.compiler import compile_contract

    root = Path(tempfile.mkdtemp(prefix="nexus-fl-did-build-"))
    compile_contract("FLRound", root)
    return root


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Federation:
    from nexus.settings import load_settings

    tmp = tmp_path_factory.mktemp("fl-did")
    settings = load_settings(home=tmp / "home")
    chain = EmbeddedChain(tmp / "chain", flush_interval=3600)
    cfg = FLConfig(clients=4, rounds=2, strategy="multikrum", poison=0.25, attack="scaled", name="clinic")
    fed = Federation(cfg, chain, settings=settings, cache_dir=cache(), dids=client_dids("clinic", 4))
    fed.run()
    return fed


def test_each_client_is_a_secp256k1_did_key_whose_key_is_its_paid_address_and_the_contract_binds_it(
    recorded: Federation,
) -> None:
    log = recorded.log
    assert log is not None
    dids = [c["did"] for c in recorded.report["clients"]]
    assert len(set(dids)) == 4 and all(d.startswith("did:key:zQ3s") for d in dids)  # secp256k1 multikey prefix
    for did, addr in zip(dids, recorded.addresses):
        assert did_address(did) == addr
        assert log.did_of(addr) == keccak(did.encode())
        assert log.contract.call("clientOf", keccak(did.encode())).lower() == addr.lower()
    assert int(log.contract.call("clientCount")) == 4


def test_registration_needs_the_clients_own_signature_and_one_did_names_one_client(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "chain", flush_interval=3600)
    log = deploy_round_log(chain, pool_wei=0, reward_per_round=0, coordinator=chain.default_account, cache_dir=cache())
    alice, bob = client_key("x", 0), client_key("x", 1)
    did_a = KeyPair("secp256k1", alice.secret).did
    h = did_hash(did_a)
    digest = keccak(b"nexus-fl:register" + bytes.fromhex(log.address[2:]) + h)
    assert log.contract.call("registrationDigest", h) == "0x" + digest.hex()
    forged = bob.sign(digest)  # the coordinator cannot register alice with a key that is not alice's
    with pytest.raises(FLError, match="not signed by the client"):
        log._tx("register", alice.address, h, *forged)
    with pytest.raises(FLError, match="not signed by the client"):  # nor replay alice's signature for another DID
        log._tx("register", alice.address, did_hash("did:key:other"), *alice.sign(digest))
    log.register([ClientKey(alice.secret, did_a)])
    assert log.did_of(alice.address) == h
    with pytest.raises(FLError, match="DID taken"):  # bob cannot claim alice's DID, even signing himself
        log.register([ClientKey(bob.secret, did_a)])
    with pytest.raises(FLError, match="another DID"):
        log.register([ClientKey(alice.secret, KeyPair("secp256k1", bob.secret).did)])
    log.register([ClientKey(alice.secret, did_a)])  # the same registration again is a no-op
    assert int(log.contract.call("clientCount")) == 1


def test_an_ed25519_or_malformed_did_is_refused_as_a_client_name() -> None:
    with pytest.raises(FLInputError, match="secp256k1"):
        did_address(KeyPair.generate("Ed25519").did)
    with pytest.raises(Exception, match="did:key"):
        did_address("did:web:example.org")
    with pytest.raises(FLInputError, match="2 DIDs for 3 clients"):
        Federation(FLConfig(clients=3, rounds=1), None, dids=client_dids("f", 2))  # type: ignore[arg-type]


def test_the_lineage_record_holds_the_gas_of_every_contract_transaction_next_to_cpu_and_energy(
    recorded: Federation,
) -> None:
    rep = recorded.report
    cost = recorded.lineage_run.record.payload["cost"]
    assert rep["cost"] == cost
    assert cost["gas"] == sum(rep["gas"].values()) > 0
    assert set(cost["gas_by"]) == {"fl.register", "fl.commitUpdates", "fl.finalize", "fl.reward"}
    # recomputed independently from the chain: every successful transaction sent to the round contract
    chain, addr = recorded.backend, recorded.log.address.lower()
    on_chain = sum(
        rc.gas_used
        for b in chain.iter_blocks(0, follow=False)
        for tx, rc in zip(b.transactions, b.receipts)
        if (tx.to or "").lower() == addr
    )
    assert cost["gas"] == on_chain
    assert cost["cpu_s"] > 0 and cost["estimate"] is True
    assert cost["energy_kwh"] is None or cost["energy_kwh"] >= 0


def test_without_a_ledger_the_report_still_carries_the_cost(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "chain", flush_interval=3600)
    fed = Federation(FLConfig(clients=3, rounds=1), chain, cache_dir=cache())
    rep = fed.run()
    assert rep["cost"]["gas"] == sum(rep["gas"].values()) > 0 and rep["cost"]["cpu_s"] > 0
    assert all(c["did"] is None for c in rep["clients"])  # no DIDs given: registered under the zero hash
    assert fed.log is not None and fed.log.did_of(fed.addresses[0]) == bytes(32)
