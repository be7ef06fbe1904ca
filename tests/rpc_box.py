"""A tiny contract for the JSON-RPC endpoint's tests and benchmark: a stored value, a `Stored`
event with an indexed sender, and a revert with a reason (store(13)). Compiled with the
project's vyper compiler; the dev account keys of the embedded chain sign its transactions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eth_utils import keccak

from nexus.contracts.compiler import CompiledContract, compile_contract

SOURCE = """# pragma version ~=0.4.3
event Stored:
    who: indexed(address)
    value: uint256

value: public(uint256)


@deploy
def __init__(v: uint256):
    self.value = v


@external
def store(v: uint256):
    assert v != 13, "unlucky"
    self.value = v
    log Stored(who=msg.sender, value=v)
"""
STORED_TOPIC = "0x" + keccak(b"Stored(address,uint256)").hex()
STORE_SELECTOR = keccak(b"store(uint256)")[:4]
VALUE_SELECTOR = keccak(b"value()")[:4]


def compile_box(directory: Path) -> CompiledContract:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Box.vy").write_text(SOURCE)
    return compile_contract("Box", root=directory)


def dev_key(i: int = 0) -> bytes:
    """Private key of the embedded chain's dev account `i` (see nexus.chain.accounts)."""
    return keccak(f"symbiotic-nexus dev account {i}".encode())


def word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def deploy_data(box: CompiledContract, initial: int) -> bytes:
    return box.bytecode + word(initial)


def store_data(v: int) -> bytes:
    return STORE_SELECTOR + word(v)


def signed(
    key: bytes,
    chain_id: int,
    nonce: int,
    to: str | None,
    data: bytes = b"",
    *,
    value: int = 0,
    gas: int = 300_000,
    kind: int = 2,
) -> Any:
    """eth_account's signed transaction (its raw bytes and hash) of type `kind` (0, 1 or 2)."""
    from eth_account import Account

    tx: dict[str, Any] = {"chainId": chain_id, "nonce": nonce, "gas": gas, "value": value, "data": data}
    if to is not None:
        tx["to"] = to
    if kind == 2:
        tx.update(maxFeePerGas=2 * 10**9, maxPriorityFeePerGas=0)
    else:
        tx["gasPrice"] = 10**9
        if kind == 1:
            tx["accessList"] = []
    return Account.sign_transaction(tx, key)
