"""`RoundLog`: a handle on one federation's FLRound contract (register, commit, finalize, reward, prove, claim).

A client is a secp256k1 key (`ClientKey`): its address is the key's Ethereum address and, when a DID
is given (the `nexus.flid` composite gives each client the key's did:key), the registration binds the
DID's keccak256 hash to the address with the client's signature, checked on chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import coincurve
import numpy as np
from eth_utils import keccak, to_checksum_address

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..exceptions import ContractReverted, FLError
from ..ledger.merkle import inclusion_proof, leaf_hash, root_from_inclusion, subtree_from_leaves

__all__ = [
    "ClientKey",
    "InclusionProof",
    "RoundLog",
    "client_address",
    "client_key",
    "deploy_round_log",
    "did_hash",
    "update_hash",
]


def update_hash(arrays: Sequence[np.ndarray]) -> bytes:
    """SHA-256 over each array's dtype, shape and little-endian bytes, in order."""
    h = hashlib.sha256()
    for a in arrays:
        arr = np.ascontiguousarray(np.asarray(a, dtype=np.float64))
        h.update(f"{arr.dtype.str}{arr.shape}".encode())
        h.update(arr.tobytes())
    return h.digest()


@dataclass(frozen=True)
class ClientKey:
    """A client's secp256k1 key and (optionally) the DID that names it."""

    secret: bytes
    did: str | None = None

    @property
    def address(self) -> str:
        point = coincurve.PrivateKey(self.secret).public_key.format(compressed=False)
        return to_checksum_address(keccak(point[1:])[-20:])

    def sign(self, digest: bytes) -> tuple[int, bytes, bytes]:
        """(v, r, s) of a raw secp256k1 signature over the 32-byte `digest`, as `ecrecover` takes it."""
        sig = coincurve.PrivateKey(self.secret).sign_recoverable(digest, hasher=None)
        return 27 + sig[64], sig[:32], sig[32:64]


def client_key(federation: str, index: int) -> ClientKey:
    """A deterministic key for simulated client `index` of `federation` (real clients bring their own)."""
    return ClientKey(keccak(f"nexus-fl-key:{federation}:{index}".encode()))


def client_address(federation: str, index: int) -> str:
    """The address of simulated client `index` of `federation`."""
    return client_key(federation, index).address


def did_hash(did: str | None) -> bytes:
    """keccak256 of the DID string; 32 zero bytes for a client registered without a DID."""
    return keccak(did.encode()) if did else bytes(32)


def _leaf(client: str, update: bytes) -> bytes:
    return bytes.fromhex(client.removeprefix("0x")) + update


@dataclass(frozen=True)
class InclusionProof:
    """What a client needs to show its update is under a round's committed root."""

    round: int
    client: str
    update: str
    index: int
    size: int
    path: list[str]
    root: str

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)

    def verify_offchain(self) -> bool:
        leaf = leaf_hash(_leaf(self.client, bytes.fromhex(self.update.removeprefix("0x"))))
        path = [bytes.fromhex(p.removeprefix("0x")) for p in self.path]
        try:
            return root_from_inclusion(self.index, self.size, leaf, path).hex() == self.root.removeprefix("0x")
        except Exception:  # noqa: BLE001  (a malformed proof simply fails)
            return False


def _call(fn: object, *args: object, **kw: object) -> object:
    try:
        return fn(*args, **kw)  # type: ignore[operator]
    except ContractReverted as exc:
        raise FLError(str(exc)) from None


class RoundLog:
    """One federation's round contract; every write is sent by the coordinator."""

    def __init__(self, contract: Contract, coordinator: str) -> None:
        self.contract, self.coordinator = contract, coordinator
        self.backend = contract.backend
        self.gas: dict[str, int] = {}
        self.on_gas: Callable[[str, int], None] | None = None  # e.g. a lineage run's log_gas
        self._leaves: dict[int, list[tuple[str, bytes]]] = {}

    @property
    def address(self) -> str:
        return self.contract.address

    def _tx(self, fn: str, *args: object) -> None:
        rc = _call(self.contract.transact, fn, *args, sender=self.coordinator)
        gas = int(rc.gas_used)  # type: ignore[attr-defined]
        self.gas[fn] = self.gas.get(fn, 0) + gas
        if self.on_gas is not None:
            self.on_gas(fn, gas)

    def register(self, clients: Sequence[ClientKey]) -> None:
        """Register each client under its DID hash, with its signature over (contract, DID hash)."""
        for c in clients:
            h = did_hash(c.did)
            v, r, s = c.sign(keccak(b"nexus-fl:register" + bytes.fromhex(self.address[2:]) + h))
            self._tx("register", c.address, h, v, r, s)

    def did_of(self, client: str) -> bytes:
        """The DID hash the contract holds for `client` (zero bytes: none)."""
        raw = self.contract.call("didHash", client)
        return raw if isinstance(raw, bytes) else bytes.fromhex(str(raw).removeprefix("0x"))

    def commit(self, round_: int, leaves: Sequence[tuple[str, bytes]]) -> bytes:
        """Commit the Merkle root of (client, update hash) leaves for `round_`; returns the root."""
        self._leaves[round_] = list(leaves)
        hashes = [leaf_hash(_leaf(c, u)) for c, u in leaves]
        root = subtree_from_leaves(hashes)(0, len(hashes))
        self._tx("commitUpdates", round_, root, len(hashes))
        return root

    def finalize(self, round_: int, model: bytes, rejected: Sequence[str]) -> None:
        self._tx("finalize", round_, model, list(rejected))

    def reward(self, round_: int, clients: Sequence[str], weights: Sequence[int]) -> None:
        self._tx("reward", round_, list(clients), [int(w) for w in weights])

    def proof(self, round_: int, client: str) -> InclusionProof:
        leaves = self._leaves.get(round_)
        if leaves is None:
            raise FLError(f"round {round_} has no committed updates here")
        client = to_checksum_address(client)
        idx = next((i for i, (c, _) in enumerate(leaves) if to_checksum_address(c) == client), None)
        if idx is None:
            raise FLError(f"client {client} sent no update in round {round_}")
        hashes = [leaf_hash(_leaf(c, u)) for c, u in leaves]
        path = inclusion_proof(idx, len(hashes), subtree_from_leaves(hashes))
        root = subtree_from_leaves(hashes)(0, len(hashes))
        return InclusionProof(
            round_,
            client,
            "0x" + leaves[idx][1].hex(),
            idx,
            len(hashes),
            ["0x" + p.hex() for p in path],
            "0x" + root.hex(),
        )

    def verify(self, proof: InclusionProof) -> bool:
        """Check the proof against the root stored on chain."""
        return bool(
            self.contract.call(
                "verifyInclusion",
                proof.round,
                proof.client,
                bytes.fromhex(proof.update.removeprefix("0x")),
                proof.index,
                [bytes.fromhex(p.removeprefix("0x")) for p in proof.path],
            )
        )

    def committed_root(self, round_: int) -> bytes:
        raw = self.contract.call("updatesRoot", round_)
        return raw if isinstance(raw, bytes) else bytes.fromhex(str(raw).removeprefix("0x"))

    def earned(self, client: str) -> int:
        return int(self.contract.call("earned", client))

    def claim(self, client: str) -> int:
        before = int(self.contract.call("owed", client))
        _call(self.contract.transact, "claim", sender=client)
        return before


def deploy_round_log(
    backend: ChainBackend, *, pool_wei: int, reward_per_round: int, coordinator: str, cache_dir: Path | None = None
) -> RoundLog:
    from ..contracts.deploy import deploy_contract

    c = deploy_contract(backend, "FLRound", reward_per_round, cache_dir=cache_dir, sender=coordinator, value=pool_wei)
    return RoundLog(c, coordinator)
