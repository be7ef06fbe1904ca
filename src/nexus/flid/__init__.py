"""Federated-learning clients named by DIDs: the glue between `nexus.fl` and `nexus.identity`.

A layer-6 composite (both are independent layer-5 capabilities). Each simulated client of a
federation gets a secp256k1 did:key made from its own key — the key of the address it is paid at —
so the DID and the address are provably one client: the DID's public key hashes to the address
(`did_address`), and `FLRound.register` checks the client's signature over the DID's hash.
The CLI, the API, the SDK and the demo run federations through `simulate` here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import coincurve
from eth_utils import keccak, to_checksum_address

from ..exceptions import FLInputError
from ..fl.onchain import client_key
from ..identity._multibase import SECP256K1_PUB
from ..identity.didkey import KeyPair, parse_did_key

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["client_dids", "did_address", "simulate"]


def did_address(did: str) -> str:
    """The Ethereum address of a secp256k1 did:key's public key (FLInputError for other DIDs)."""
    codec, key = parse_did_key(did)
    if codec != SECP256K1_PUB:
        raise FLInputError("a federated-learning client's did:key must be secp256k1 (its key pays the client)")
    point = coincurve.PublicKey(key).format(compressed=False)
    return to_checksum_address(keccak(point[1:])[-20:])


def client_dids(federation: str, clients: int) -> list[str]:
    """The did:key of each simulated client of `federation`, made from the client's own key."""
    out = []
    for i in range(clients):
        key = client_key(federation, i)
        did = KeyPair("secp256k1", key.secret).did
        if did_address(did) != key.address:  # pragma: no cover - the two derivations must agree
            raise FLInputError(f"client {i}: its DID does not name its key")
        out.append(did)
    return out


def simulate(nexus: Nexus, **options: Any) -> dict[str, Any]:
    """`nexus.fl.service.simulate` with every client registered under its did:key."""
    from ..fl.service import simulate as run

    return run(nexus, dids=client_dids, **options)
