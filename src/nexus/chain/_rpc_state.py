"""Reads and dry runs on the embedded chain that only the JSON-RPC endpoint needs: storage slots,
blocks by hash, and eth_call / eth_estimateGas as messages run on a journal snapshot that is
always reverted. Each takes the chain's lock, like the chain's own methods."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth._utils.address import generate_contract_address
from eth.exceptions import InsufficientFunds
from eth_typing import Address

from ..exceptions import ChainError, ContractReverted
from ._embedded_exec import TX_GAS_CAP, intrinsic_gas
from ._fast import canonical
from .abi import decode_revert

if TYPE_CHECKING:
    from .embedded import EmbeddedChain
    from .types import Block

__all__ = ["Outcome", "block_by_hash", "estimate_gas", "failure", "simulate", "storage_at"]


def storage_at(chain: EmbeddedChain, address: str, slot: int) -> int:
    with chain._lock:
        return int(chain._state.get_storage(canonical(address), slot))


def block_by_hash(chain: EmbeddedChain, block_hash: str) -> Block | None:
    """The block with `block_hash`, or None (a scan of the blocks table: no index on hashes)."""
    with chain._lock:
        for b in chain._pending:
            if b.hash == block_hash:
                return b
        conn = chain._store.conn
        row = (
            conn.execute("SELECT number FROM blocks WHERE hash=?", (block_hash,)).fetchone()
            if conn is not None
            else None
        )
    return chain.get_block(int(row[0])) if row else None


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    output: bytes
    gas_used: int  # intrinsic + execution, before the refund: the gas limit the run needed
    error: str | None


def simulate(chain: EmbeddedChain, sender: str, to: str | None, data: bytes, value: int, gas: int | None) -> Outcome:
    """Run a message as a transaction would in the current block, then undo everything."""
    create = to is None
    intrinsic = intrinsic_gas(data, create)
    limit = TX_GAS_CAP if gas is None else gas
    if limit < intrinsic:
        raise ChainError(f"intrinsic gas too low: {limit} < {intrinsic}")
    if limit > TX_GAS_CAP:
        raise ChainError(f"gas {limit} is over the block gas cap {TX_GAS_CAP}")
    raw_sender = canonical(sender)
    with chain._lock:
        state = chain._state
        snap = state.snapshot()
        try:
            comp: Any
            if create:
                nonce = state.get_nonce(raw_sender)
                target = generate_contract_address(Address(raw_sender), nonce)
                state.increment_nonce(raw_sender)
                comp = chain._evm.create(raw_sender, target, data, value, limit - intrinsic, 0)
            else:
                assert to is not None
                raw_to = canonical(to)
                comp = chain._evm.call(raw_sender, raw_to, data, value, limit - intrinsic, 0, state.get_code(raw_to))
            used = intrinsic + comp.get_gas_used()
        except InsufficientFunds:  # py-evm raises it for the top-level value transfer
            raise ChainError("insufficient funds for transfer") from None
        finally:
            state.revert(snap)
    out = bytes(comp.output)
    return Outcome(not comp.is_error, out, used, None if not comp.is_error else type(comp.error).__name__)


_MESSAGES = {
    "InsufficientFunds": "insufficient funds for transfer",
    "OutOfGas": "out of gas",
    "InvalidInstruction": "invalid opcode",
    "StackDepthLimit": "max call depth exceeded",
}


def failure(o: Outcome, limit: int | None = None) -> ChainError:
    """The error a failed run answers: ContractReverted (JSON-RPC code 3, with the revert data)
    for a REVERT, else a plain ChainError (-32000) named as geth names it."""
    if o.error == "Revert":
        return ContractReverted(decode_revert(o.output), data=o.output)
    if o.error == "OutOfGas" and limit is not None:
        return ChainError(f"gas required exceeds allowance ({limit})")
    return ChainError(_MESSAGES.get(o.error or "", f"execution failed: {o.error}"))


def estimate_gas(chain: EmbeddedChain, sender: str, to: str | None, data: bytes, value: int, cap: int | None) -> int:
    """The smallest gas limit (found by bisection when the used gas is not enough, as the 63/64
    rule can make it) with which the transaction succeeds; ContractReverted if it never does."""
    hi = TX_GAS_CAP if cap is None else min(cap, TX_GAS_CAP)
    first = simulate(chain, sender, to, data, value, hi)
    if not first.ok:
        raise failure(first, hi)
    lo = first.gas_used
    if simulate(chain, sender, to, data, value, lo).ok:
        return lo
    while hi - lo > 1:  # lo fails, hi succeeds
        mid = (lo + hi) // 2
        if simulate(chain, sender, to, data, value, mid).ok:
            hi = mid
        else:
            lo = mid
    return hi
