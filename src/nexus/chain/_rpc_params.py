"""Parameter parsing for the node's JSON-RPC endpoint, strict as the Ethereum JSON-RPC spec:
QUANTITY is `0x` + hex without leading zeros (leading zeros are tolerated, as by anvil), DATA is
`0x` + an even number of hex digits; anything else is a -32602 error, never an exception."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..exceptions import JsonRpcError
from ._fast import checksum

__all__ = ["BlockRef", "CallArgs", "address", "block_ref", "call_args", "data", "hash32", "quantity"]

_QTY = re.compile(r"^0x[0-9a-fA-F]{1,64}$")
_DATA = re.compile(r"^0x(?:[0-9a-fA-F]{2})*$")
TAGS = frozenset({"latest", "pending", "earliest", "safe", "finalized"})
_TX_KEYS = frozenset(
    {
        "from",
        "to",
        "gas",
        "gasPrice",
        "maxFeePerGas",
        "maxPriorityFeePerGas",
        "value",
        "data",
        "input",
        "nonce",
        "type",
        "chainId",
        "accessList",
    }
)


def bad(message: str) -> JsonRpcError:
    return JsonRpcError(-32602, f"invalid params: {message}")


def quantity(x: Any, what: str = "quantity") -> int:
    """An unsigned integer up to 256 bits from a hex QUANTITY string."""
    if not isinstance(x, str) or not _QTY.match(x):
        raise bad(f"{what} must be a hex quantity like '0x1a', got {_show(x)}")
    return int(x, 16)


def data(x: Any, what: str = "data", max_len: int = 1 << 20) -> bytes:
    if not isinstance(x, str) or len(x) > 2 + 2 * max_len or not _DATA.match(x):
        raise bad(f"{what} must be 0x-prefixed hex bytes, got {_show(x)}")
    return bytes.fromhex(x[2:])


def address(x: Any, what: str = "address") -> str:
    raw = data(x, what, 20) if isinstance(x, str) else None
    if raw is None or len(raw) != 20:
        raise bad(f"{what} must be a 20-byte hex address, got {_show(x)}")
    return checksum(raw)


def hash32(x: Any, what: str = "hash") -> str:
    raw = data(x, what, 32) if isinstance(x, str) else None
    if raw is None or len(raw) != 32:
        raise bad(f"{what} must be a 32-byte hex hash, got {_show(x)}")
    return "0x" + raw.hex()


def _show(x: Any) -> str:
    text = repr(x)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True, slots=True)
class BlockRef:
    """A block named by tag, number or hash (EIP-1898)."""

    tag: str | None = None
    number: int | None = None
    hash: str | None = None


def block_ref(x: Any, default: str = "latest") -> BlockRef:
    if x is None:
        return BlockRef(tag=default)
    if isinstance(x, str):
        if x in TAGS:
            return BlockRef(tag=x)
        return BlockRef(number=quantity(x, "block number"))
    if isinstance(x, dict) and set(x) <= {"blockNumber", "blockHash", "requireCanonical"}:
        if "blockHash" in x and "blockNumber" not in x:
            return BlockRef(hash=hash32(x["blockHash"], "blockHash"))
        if "blockNumber" in x and "blockHash" not in x:
            return block_ref(x["blockNumber"])
    raise bad(f"block must be a tag, a hex number or {{blockHash}}/{{blockNumber}}, got {_show(x)}")


@dataclass(frozen=True, slots=True)
class CallArgs:
    """A transaction object of eth_call / eth_estimateGas / eth_sendTransaction."""

    sender: str | None
    to: str | None
    gas: int | None
    value: int
    data: bytes
    nonce: int | None
    gas_price: int | None


def call_args(x: Any) -> CallArgs:
    if not isinstance(x, dict):
        raise bad(f"the transaction must be an object, got {_show(x)}")
    unknown = set(x) - _TX_KEYS
    if unknown:
        raise bad(f"unknown transaction field(s) {', '.join(sorted(map(str, unknown)))}")
    d = data(x["data"], "data") if x.get("data") is not None else None
    i = data(x["input"], "input") if x.get("input") is not None else None
    if d is not None and i is not None and d != i:
        raise bad("both 'data' and 'input' are set and differ")

    def opt(key: str) -> int | None:
        return quantity(x[key], key) if x.get(key) is not None else None

    price = opt("maxFeePerGas")
    legacy = opt("gasPrice")
    return CallArgs(
        sender=address(x["from"], "from") if x.get("from") is not None else None,
        to=address(x["to"], "to") if x.get("to") is not None else None,
        gas=opt("gas"),
        value=opt("value") or 0,
        data=(i if i is not None else d) or b"",
        nonce=opt("nonce"),
        gas_price=price if price is not None else legacy,
    )


def args(params: Any, lo: int, hi: int) -> list[Any]:
    """Positional params padded with None to `hi`; -32602 for by-name or too many/few."""
    if params is None:
        params = []
    if not isinstance(params, list):
        raise bad("params must be an array")
    if len(params) < lo:
        raise bad(f"missing value for required argument {len(params)}")
    if len(params) > hi:
        raise bad(f"too many arguments, want at most {hi}")
    return params + [None] * (hi - len(params))
