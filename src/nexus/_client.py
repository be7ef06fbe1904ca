"""The SDK entry point: `nexus.connect()` opens a chain and its contracts from the settings."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ._fs import secure_home
from .chain import ChainBackend, Contract, open_backend
from .contracts.deploy import Deployer
from .settings import Settings, load_settings

__all__ = ["Nexus", "connect"]

T = TypeVar("T")


class Nexus:
    """A handle on one chain and the project's contracts on it. Use as a context manager."""

    def __init__(self, settings: Settings, *, readonly: bool = False) -> None:
        self.settings = settings
        secure_home(settings.home)  # owner-only data directory (tightened once per process)
        self.chain: ChainBackend = open_backend(settings, readonly=readonly)
        self.deployer = Deployer(self.chain, settings.deployments_dir, settings.cache_dir)
        self._contracts: dict[str, Contract] | None = None
        self._head_memo: dict[str, tuple[tuple[int, int], Any]] = {}
        self._head_lock = threading.Lock()

    @property
    def contracts(self) -> dict[str, Contract]:
        """Deployed contracts from the manifest (verified against on-chain code)."""
        if self._contracts is None:
            self._contracts = self.deployer.attach()
        return self._contracts

    def deploy(self, names: list[str] | None = None, *, fresh: bool = False) -> dict[str, Contract]:
        """Deploy missing (or, with `fresh`, all) contracts; returns every deployed contract."""
        self._contracts = None
        deployed = self.deployer.deploy(names, fresh=fresh)
        return {**self.contracts, **deployed}

    def per_head(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` at most once per chain head (block number and time), for reads that only
        change with blocks (market prices, feed rounds) but cost many eth_calls. Callers get a
        deep copy, so they may change what they got."""
        head = (self.chain.block_number(), self.chain.timestamp())
        with self._head_lock:
            hit = self._head_memo.get(key)
        if hit is not None and hit[0] == head:
            return copy.deepcopy(hit[1])  # type: ignore[no-any-return]
        value = compute()
        with self._head_lock:
            if len(self._head_memo) > 256:
                self._head_memo.clear()
            self._head_memo[key] = (head, value)
        return copy.deepcopy(value)

    def contract(self, name: str) -> Contract:
        from .exceptions import UnknownContract

        try:
            return self.contracts[name]
        except KeyError:
            raise UnknownContract(f"{name} is not deployed on chain {self.chain.chain_id}") from None

    def account(self, who: str | None, error: type[Exception] = ValueError) -> str:
        """An account as users name it (`--from`, `sender`): an address, a dev account index, or (None)
        the chain's default account; anything else raises `error` (the caller's input error)."""
        accounts = self.chain.accounts
        if who is None:
            return str(self.chain.default_account)
        if who.isdigit():
            if len(who) > 6 or int(who) >= len(accounts):
                raise error(f"no dev account {who[:12]} (there are {len(accounts)})")
            return str(accounts[int(who)])
        if not (who.startswith("0x") and len(who) == 42):
            raise error(f"{who[:50]!r} is neither an address nor an account index")
        return who

    def status(self) -> dict[str, Any]:
        """Backend, chain id, head block and deployed contracts, as plain data."""
        return {
            "backend": self.chain.kind,
            "endpoint": self.chain.describe(),
            "chain_id": self.chain.chain_id,
            "block_number": self.chain.block_number(),
            "contracts": {n: c.address for n, c in sorted(self.contracts.items())},
        }

    def close(self) -> None:
        self.chain.close()

    def __enter__(self) -> Nexus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(*, readonly: bool = False, **overrides: Any) -> Nexus:
    """Open the chain the settings name. Keyword overrides win over NEXUS_* and the config file."""
    return Nexus(load_settings(**overrides), readonly=readonly)
