"""ABI codec shared by every backend: calldata, return values, revert reasons and event logs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from ..exceptions import ContractError
from .types import Event, Log

__all__ = ["ABI", "bytes32", "decode_revert", "selector"]

_ERROR_SELECTOR = bytes.fromhex("08c379a0")  # Error(string)
_PANIC_SELECTOR = bytes.fromhex("4e487b71")  # Panic(uint256)


def _type_str(param: dict[str, Any]) -> str:
    t: str = param["type"]
    if t.startswith("tuple"):
        inner = ",".join(_type_str(c) for c in param["components"])
        return f"({inner}){t[5:]}"
    return t


def _signature(item: dict[str, Any]) -> str:
    return f"{item['name']}({','.join(_type_str(p) for p in item.get('inputs', []))})"


def bytes32(value: str | bytes, what: str = "value", error: type[Exception] = ValueError) -> bytes:
    """32 bytes from bytes, `0x…` hex or a `sha256:…` fingerprint; `error` (the caller's input error)
    for anything else."""
    if isinstance(value, bytes):
        raw = value
    else:
        text = value.strip().removeprefix("sha256:").removeprefix("0x")
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raise error(f"{what} must be 32 bytes of hex (or sha256:<hex>)") from None
    if len(raw) != 32:
        raise error(f"{what} must be 32 bytes, not {len(raw)}")
    return raw


def selector(signature: str) -> bytes:
    """The 4-byte selector of a function signature such as `transfer(address,uint256)`."""
    return keccak(text=signature)[:4]


def _normalize(value: Any, typ: str) -> Any:
    if typ == "address" and isinstance(value, str):
        return to_checksum_address(value)
    if isinstance(value, bytes) and typ.startswith("bytes") and typ != "bytes":
        return "0x" + value.hex()
    if isinstance(value, tuple):
        return list(value)
    return value


def decode_revert(data: bytes) -> str | None:
    """Turn revert data into a readable reason: Error(string), Panic(uint256) or None."""
    if data[:4] == _ERROR_SELECTOR:
        try:
            return str(abi_decode(["string"], data[4:])[0])
        except Exception:  # malformed payload: keep the raw form below
            return None
    if data[:4] == _PANIC_SELECTOR and len(data) >= 36:
        return f"panic 0x{int.from_bytes(data[4:36], 'big'):02x}"
    return None


class ABI:
    """A contract ABI: encodes calls, decodes results and turns raw logs into named events."""

    def __init__(self, abi: Sequence[dict[str, Any]]) -> None:
        self.abi = list(abi)
        self.functions: dict[str, dict[str, Any]] = {}
        for item in self.abi:
            if item.get("type") == "function":
                # overloads: keep the first under the bare name, every one under its signature
                self.functions.setdefault(item["name"], item)
                self.functions[_signature(item)] = item
        self.constructor = next((i for i in self.abi if i.get("type") == "constructor"), None)

    @cached_property
    def events(self) -> dict[bytes, dict[str, Any]]:
        """topic0 -> event ABI item."""
        return {keccak(text=_signature(i)): i for i in self.abi if i.get("type") == "event" and not i.get("anonymous")}

    def event_topic(self, name: str) -> bytes:
        for topic, item in self.events.items():
            if item["name"] == name:
                return topic
        raise ContractError(f"no event {name!r} in this ABI")

    def function(self, name: str) -> dict[str, Any]:
        try:
            return self.functions[name]
        except KeyError:
            raise ContractError(f"no function {name!r} in this ABI") from None

    def is_view(self, name: str) -> bool:
        return self.function(name).get("stateMutability") in ("view", "pure")

    def encode_call(self, name: str, args: Sequence[Any]) -> bytes:
        item = self.function(name)
        types = [_type_str(p) for p in item.get("inputs", [])]
        if len(args) != len(types):
            raise ContractError(f"{name} takes {len(types)} argument(s), got {len(args)}")
        try:
            return selector(_signature(item)) + abi_encode(types, list(args))
        except Exception as exc:
            raise ContractError(f"cannot encode arguments for {name}: {exc}") from None

    def encode_constructor(self, args: Sequence[Any]) -> bytes:
        types = [_type_str(p) for p in (self.constructor or {}).get("inputs", [])]
        if len(args) != len(types):
            raise ContractError(f"constructor takes {len(types)} argument(s), got {len(args)}")
        return abi_encode(types, list(args)) if types else b""

    def decode_output(self, name: str, data: bytes) -> Any:
        outputs = self.function(name).get("outputs", [])
        types = [_type_str(p) for p in outputs]
        values = abi_decode(types, data)
        values = tuple(_normalize(v, t) for v, t in zip(values, types))
        if len(values) == 1:
            return values[0]
        return values

    def decode_log(self, log: Log) -> Event | None:
        """Decode a raw log, or None if its topic0 is not an event of this ABI."""
        if not log.topics:
            return None
        item = self.events.get(log.topics[0])
        if item is None:
            return None
        indexed = [p for p in item["inputs"] if p.get("indexed")]
        plain = [p for p in item["inputs"] if not p.get("indexed")]
        args: dict[str, Any] = {}
        for param, topic in zip(indexed, log.topics[1:]):
            typ = _type_str(param)
            if typ in ("string", "bytes") or typ.endswith("]") or typ.startswith("("):
                args[param["name"]] = "0x" + topic.hex()  # hashed, not recoverable
            else:
                args[param["name"]] = _normalize(abi_decode([typ], topic)[0], typ)
        values = abi_decode([_type_str(p) for p in plain], log.data)
        for param, value in zip(plain, values):
            args[param["name"]] = _normalize(value, _type_str(param))
        return Event(
            name=item["name"],
            args=args,
            address=log.address,
            block_number=log.block_number,
            tx_hash=log.tx_hash,
            log_index=log.log_index,
        )
