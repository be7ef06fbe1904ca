"""Many simulated senders on either backend: unsigned on the embedded chain, one signing
JSON-RPC connection per simulated key on a node (keys are derived from the seed, dev use only)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from eth_account import Account
from eth_utils import keccak

from ..chain.base import ChainBackend, TxRequest
from ..chain.types import TxReceipt

__all__ = ["MultiSender", "sim_addresses", "sim_key"]


def sim_key(seed: int, i: int, tag: str = "user") -> str:
    """The private key of simulated account `i` (public by construction: sandbox use only)."""
    return "0x" + keccak(f"nexus-sim:{tag}:{seed}:{i}".encode()).hex()


@lru_cache(maxsize=4096)
def _address(key: str) -> str:
    return str(Account.from_key(key).address)


_KEYS: dict[str, str] = {}  # address -> key, for every simulated address handed out


def sim_addresses(seed: int, n: int, tag: str = "user") -> list[str]:
    """`n` deterministic simulated addresses for `seed` (their keys are remembered for signing)."""
    out = []
    for i in range(n):
        key = sim_key(seed, i, tag)
        addr = _address(key)
        _KEYS[addr] = key
        out.append(addr)
    return out


class MultiSender:
    """Wraps a backend so `send(TxRequest(sender=X))` works for any simulated X.

    The embedded chain accepts any sender as is. A JSON-RPC backend signs for one key only, so
    each simulated sender gets its own signing connection to `rpc_url`; everything else (reads,
    traces, mining) goes to the wrapped backend."""

    def __init__(self, backend: ChainBackend, rpc_url: str | None = None, timeout: float = 10.0) -> None:
        self.inner = backend
        self.rpc_url = rpc_url
        self.timeout = timeout
        self._chains: dict[str, ChainBackend] = {}

    def _route(self, sender: str | None) -> ChainBackend:
        if self.inner.kind != "rpc" or sender is None or sender in self.inner.accounts:
            return self.inner
        chain = self._chains.get(sender)
        if chain is None:
            from ..chain.accounts import load_signer
            from ..chain.rpc import RPCChain
            from ..exceptions import AccountError

            if self.rpc_url is None or sender not in _KEYS:
                raise AccountError(f"cannot send from {sender}: not a simulated account of this sandbox")
            chain = self._chains[sender] = RPCChain(
                self.rpc_url, signer=load_signer(_KEYS[sender]), timeout=self.timeout
            )
        return chain

    def send(self, tx: TxRequest, *, check: bool = True) -> TxReceipt:
        return self._route(tx.sender).send(tx, check=check)

    def send_many(self, txs: Sequence[TxRequest], *, check: bool = True) -> list[TxReceipt]:
        if self.inner.kind != "rpc":
            return self.inner.send_many(txs, check=check)
        return [self.send(t, check=check) for t in txs]

    def transact(
        self,
        to: str,
        data: bytes,
        *,
        sender: str | None = None,
        value: int = 0,
        gas: int | None = None,
        check: bool = True,
    ) -> TxReceipt:
        return self.send(TxRequest(to, data, value, sender, gas), check=check)

    def deploy(
        self, initcode: bytes, *, sender: str | None = None, value: int = 0, gas: int | None = None
    ) -> TxReceipt:
        return self.send(TxRequest(None, initcode, value, sender, gas))

    def close(self) -> None:
        for c in self._chains.values():
            c.close()
        self._chains.clear()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
