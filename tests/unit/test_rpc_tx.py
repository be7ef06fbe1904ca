"""Raw signed transaction decoding for eth_sendRawTransaction, against eth_account's signing:
every envelope type, any payload size (short and long RLP headers), pre-EIP-155 legacy, and
malformed bytes that must be refused with -32602, never accepted under another sender."""

from __future__ import annotations

import pytest
from eth_account import Account
from eth_utils import keccak
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.chain._rpc_tx import decode_raw
from nexus.exceptions import JsonRpcError

KEY = keccak(b"rpc-tx test key")
ME = Account.from_key(KEY).address


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from([0, 1, 2]),
    data=st.binary(max_size=600),
    nonce=st.integers(0, 2**40),
    value=st.integers(0, 2**200),
    chain_id=st.integers(1, 2**50),
    to=st.booleans(),
)
def test_decodes_what_eth_account_signs(
    kind: int, data: bytes, nonce: int, value: int, chain_id: int, to: bool
) -> None:
    tx: dict = {"chainId": chain_id, "nonce": nonce, "gas": 90_000, "value": value, "data": data}
    if to:
        tx["to"] = ME
    if kind == 2:
        tx.update(maxFeePerGas=3 * 10**9, maxPriorityFeePerGas=10**9)
    else:
        tx["gasPrice"] = 10**9
    if kind == 1:
        tx["accessList"] = [{"address": ME, "storageKeys": ["0x" + "01" * 32]}]
    s = Account.sign_transaction(tx, KEY)
    d = decode_raw(bytes(s.raw_transaction))
    assert (d.sender, d.hash, d.type, d.chain_id) == (ME, "0x" + bytes(s.hash).hex(), kind, chain_id)
    assert (d.nonce, d.value, d.data, d.to, d.gas) == (nonce, value, data, ME if to else None, 90_000)
    assert (d.r, d.s) == (s.r, s.s)


def test_pre_eip155_legacy_has_no_chain_id() -> None:
    s = Account.sign_transaction({"nonce": 1, "gas": 21_000, "to": ME, "value": 0, "gasPrice": 10**9}, KEY)
    d = decode_raw(bytes(s.raw_transaction))
    assert d.sender == ME and d.chain_id is None


@settings(max_examples=60, deadline=None)
@given(pos=st.integers(0, 200), bit=st.integers(0, 7))
def test_a_flipped_bit_is_refused_or_recovers_another_sender(pos: int, bit: int) -> None:
    raw = bytearray(
        Account.sign_transaction(
            {
                "chainId": 5,
                "nonce": 0,
                "gas": 21_000,
                "to": ME,
                "value": 1,
                "maxFeePerGas": 10**9,
                "maxPriorityFeePerGas": 0,
            },
            KEY,
        ).raw_transaction
    )
    raw[pos % len(raw)] ^= 1 << bit
    try:
        d = decode_raw(bytes(raw))
    except JsonRpcError as exc:
        assert exc.code == -32602
        return
    assert d.sender != ME  # a changed transaction never passes as signed by the key


@pytest.mark.parametrize(
    "raw", [b"", b"\x05", b"\xc0", b"\x02\xc0", b"\x04" + b"\xc0", b"\x03\xc1\x80", b"\xf8\x01", bytes(200_000)]
)
def test_malformed_is_refused(raw: bytes) -> None:
    with pytest.raises(JsonRpcError) as info:
        decode_raw(raw)
    assert info.value.code == -32602
