"""JSON shapes of the Ethereum JSON-RPC spec for the embedded chain's records: blocks,
transactions, receipts and logs with hex QUANTITY/DATA encoding.

The embedded chain keeps no per-block state, transaction or receipt tries: `stateRoot` is zero
and the two other roots are a keccak over the block's transaction hashes (stable, not a trie).
Transactions that did not come signed (the SDK's, eth_sendTransaction's) show as legacy with a
zero signature, as impersonated transactions do on anvil.
"""

from __future__ import annotations

from typing import Any

from eth_bloom import BloomFilter
from eth_utils import keccak

from ._rpc_tx import SignedTx
from .types import Block, Log, Tx, TxReceipt

__all__ = ["ZERO_HASH", "block_json", "bloom", "log_json", "receipt_json", "tx_json"]

ZERO_HASH = "0x" + "00" * 32
ZERO_ADDRESS = "0x" + "00" * 20
EMPTY_UNCLES = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"
EMPTY_TRIE = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"


def _hex(b: bytes) -> str:
    return "0x" + b.hex()


def bloom(logs: tuple[Log, ...] | list[Log]) -> str:
    """The 2048-bit logs bloom of `logs` (address and every topic)."""
    f = BloomFilter()
    for lg in logs:
        f.add(bytes.fromhex(lg.address[2:]))
        for t in lg.topics:
            f.add(t)
    return "0x" + int(f).to_bytes(256, "big").hex()


def log_json(lg: Log, block_hash: str) -> dict[str, Any]:
    return {
        "address": lg.address,
        "topics": [_hex(t) for t in lg.topics],
        "data": _hex(lg.data),
        "blockNumber": hex(lg.block_number),
        "blockHash": block_hash,
        "transactionHash": lg.tx_hash,
        "transactionIndex": hex(lg.tx_index),
        "logIndex": hex(lg.log_index),
        "removed": False,
    }


def tx_json(tx: Tx, block_hash: str, signed: SignedTx | None, chain_id: int, effective_price: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "blockHash": block_hash,
        "blockNumber": hex(tx.block_number),
        "from": tx.sender,
        "gas": hex(tx.gas),
        "gasPrice": hex(effective_price),
        "hash": tx.hash,
        "input": _hex(tx.data),
        "nonce": hex(tx.nonce),
        "to": tx.to,
        "transactionIndex": hex(tx.index),
        "value": hex(tx.value),
        "type": hex(signed.type if signed else 0),
        "chainId": hex(chain_id),
        "v": hex(signed.v if signed else 0),
        "r": hex(signed.r if signed else 0),
        "s": hex(signed.s if signed else 0),
    }
    if signed is not None and signed.type:
        out["accessList"] = [{"address": a, "storageKeys": list(keys)} for a, keys in signed.access_list]
        out["yParity"] = hex(signed.v)
        if signed.type == 2:
            out["maxFeePerGas"] = hex(signed.gas_price)
            out["maxPriorityFeePerGas"] = hex(signed.max_priority_fee or 0)
    return out


def receipt_json(r: TxReceipt, block_hash: str, tx_type: int, effective_price: int) -> dict[str, Any]:
    return {
        "transactionHash": r.tx_hash,
        "transactionIndex": hex(r.tx_index),
        "blockHash": block_hash,
        "blockNumber": hex(r.block_number),
        "from": r.sender,
        "to": r.to,
        "cumulativeGasUsed": hex(r.gas_used),
        "gasUsed": hex(r.gas_used),
        "contractAddress": r.contract_address,
        "logs": [log_json(lg, block_hash) for lg in r.logs],
        "logsBloom": bloom(r.logs),
        "status": "0x1" if r.status else "0x0",
        "effectiveGasPrice": hex(effective_price),
        "type": hex(tx_type),
    }


def block_json(
    b: Block, full: bool, gas_limit: int, base_fee: int, txs: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The block header with transaction hashes, or `txs` (formatted by the caller) when `full`."""
    root = _hex(keccak(b"".join(bytes.fromhex(t.hash[2:]) for t in b.transactions))) if b.transactions else EMPTY_TRIE
    return {
        "number": hex(b.number),
        "hash": b.hash,
        "parentHash": b.parent_hash,
        "nonce": "0x0000000000000000",
        "mixHash": ZERO_HASH,
        "sha3Uncles": EMPTY_UNCLES,
        "logsBloom": bloom(b.logs),
        "transactionsRoot": root,
        "stateRoot": ZERO_HASH,
        "receiptsRoot": root,
        "miner": ZERO_ADDRESS,
        "difficulty": "0x0",
        "totalDifficulty": "0x0",
        "extraData": "0x",
        "size": hex(540 + sum(110 + len(t.data) for t in b.transactions)),
        "gasLimit": hex(gas_limit),
        "gasUsed": hex(sum(r.gas_used for r in b.receipts)),
        "timestamp": hex(b.timestamp),
        "transactions": txs if full and txs is not None else [t.hash for t in b.transactions],
        "uncles": [],
        "baseFeePerGas": hex(base_fee),
    }
