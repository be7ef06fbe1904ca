"""RPCChain's fast local signer must produce exactly what eth-account produces."""

from __future__ import annotations

import os

import pytest
from eth_account import Account
from eth_keys.backends.native.ecdsa import ecdsa_raw_sign

from nexus.chain._rpc_sign import TxSigner
from nexus.chain.accounts import load_signer
from nexus.chain.crypto import address_of, recover, sign_hash

KEY = "0x" + "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
TO = "0x5FbDB2315678afecb367f032d93F642f64180aa3"


def test_sign_hash_matches_eth_keys_and_recovers() -> None:
    for _ in range(100):
        digest, secret = os.urandom(32), os.urandom(32)
        sig = sign_hash(digest, secret)
        assert sig == ecdsa_raw_sign(digest, secret)
        assert recover(digest, *sig) == address_of(secret) == Account.from_key(secret).address


def test_recover_rejects_malformed_signatures() -> None:
    digest = os.urandom(32)
    assert recover(digest, 2, 1, 1) is None
    assert recover(digest, 0, 0, 1) is None
    assert recover(digest, 0, 2**256 - 1, 1) is None


@pytest.mark.parametrize(
    "fees",
    [
        {"maxFeePerGas": 3 * 10**9, "maxPriorityFeePerGas": 10**9},
        {"gasPrice": 2 * 10**9},
    ],
    ids=["eip1559", "legacy"],
)
@pytest.mark.parametrize("to", [None, TO], ids=["create", "call"])
def test_signed_transactions_are_bit_identical(fees: dict[str, int], to: str | None) -> None:
    signer = load_signer(KEY)
    assert signer is not None
    fast = TxSigner(signer)
    for nonce in range(10):
        data = os.urandom(nonce * 7)
        d = {"chainId": 31337, "nonce": nonce, "value": nonce * 10**15, "data": data, "gas": 60_000 + nonce, **fees}
        if "maxFeePerGas" in fees:
            d["type"] = 2
        if to:
            d["to"] = to
        expected = Account.sign_transaction(d, KEY)
        raw, tx_hash = fast.sign(31337, nonce, to, nonce * 10**15, data, 60_000 + nonce, fees)
        assert raw == bytes(expected.raw_transaction)
        assert tx_hash == "0x" + bytes(expected.hash).hex()
        assert Account.recover_transaction(raw) == signer.address


def test_tx_signer_repr_hides_the_key() -> None:
    signer = load_signer(KEY)
    assert signer is not None
    text = repr(TxSigner(signer)) + str(TxSigner(signer))
    assert KEY[2:18] not in text and signer.address in text
