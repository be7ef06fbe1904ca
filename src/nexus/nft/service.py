"""Plain-data NFT functions for the CLI, API, SDK and node service: mint, evolve, show, metadata, image.

Every state change renders the art first (content-addressed under `<home>/nft/`), sends the
transaction that pins (state hash, image hash) on chain, waits until that block is durable, then
appends an `nft.art` ledger record (token, version, state, image SHA-256, weights fingerprint) keyed
by (chain, contract, token, version). The ledger anchors it on chain with everything else, so a
picture can be checked against the token state from the contract, the ledger or both (`verify.py`).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..exceptions import NFTError, NFTInputError, NFTModelError, NFTNotFound
from .contract import MAX_BATCH, NFTContract, nft_contract
from .store import ArtStore
from .traits import Cause, attributes, evolve_traits, genesis_traits

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = [
    "ART_KIND",
    "address",
    "evolve",
    "evolve_all",
    "gallery",
    "image",
    "metadata",
    "mint",
    "need_contract",
    "show",
    "weights_record",
]

ART_KIND = "nft.art"
MODEL_NAME = "nft-digits-cvae"
MAX_TOKEN = 2**256 - 1
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_weights_records: dict[tuple[str, str], int] = {}
_lock = threading.Lock()


def _token(token: Any) -> int:
    if isinstance(token, bool) or not isinstance(token, int) or not 0 <= token <= MAX_TOKEN:
        raise NFTInputError(f"a token id is an integer 0..2**256-1, not {token!r}")
    return token


def address(value: Any) -> str:
    """A 0x address (checksummed), or NFTInputError."""
    from eth_utils import to_checksum_address

    if not isinstance(value, str) or not _ADDRESS.match(value):
        raise NFTInputError(f"{str(value)[:50]!r} is not a 0x address of 40 hex digits")
    return str(to_checksum_address(value))


def need_contract(nexus: Nexus) -> NFTContract:
    c = nft_contract(nexus, deploy=False)
    if c is None:
        raise NFTNotFound("no DynamicNFT contract on this chain yet (mint a token first)")
    return c


def weights_record(settings: Any) -> int:
    """The art model's lineage record (found by its weights' fingerprint, else appended); its id."""
    from ..ledger import open_ledger
    from ..ledger.fingerprint import fingerprint
    from ..ledger.lineage import Lineage
    from .model import WEIGHTS

    m = fingerprint(WEIGHTS)
    cache_key = (str(settings.ledger_path), m.root)
    with _lock:
        if cache_key in _weights_records:
            return _weights_records[cache_key]
    with open_ledger(settings) as led:
        lin = Lineage(led)
        rec = lin.by_fingerprint(m.root) or lin.model(m, name=MODEL_NAME, run=None)
        led.flush()
    with _lock:
        _weights_records[cache_key] = int(rec.id)
    return int(rec.id)


def _art_key(nexus: Nexus, c: NFTContract, token: int, version: int) -> str:
    return f"nft:{nexus.chain.chain_id}:{c.address.lower()}:{token}:{version}"


def _prepare(nexus: Nexus, token: int, traits: dict[str, Any]) -> tuple[bytes, bytes, str]:
    """(state hash, image hash, image hex) for `traits`; the art and state stored under the home."""
    from .art import render

    store = ArtStore(nexus.settings.home)
    state_hex = store.put_state(token, traits)
    image_hex = store.put_image(render(token, traits))
    return bytes.fromhex(state_hex), bytes.fromhex(image_hex), image_hex


def _record(nexus: Nexus, c: NFTContract, entries: list[dict[str, Any]], block: int) -> list[int]:
    from ..ledger import open_ledger

    nexus.chain.make_durable(block)  # the ledger never names a state a crash undoes
    weights = weights_record(nexus.settings)
    with open_ledger(nexus.settings) as led:
        ids = led.append_many(
            [(ART_KIND, {**e, "weights_record": weights}) for e in entries],
            keys=[_art_key(nexus, c, e["token"], e["version"]) for e in entries],
        )
        led.flush()
    return ids


def _entry(
    nexus: Nexus, c: NFTContract, token: int, version: int, state: bytes, image_hex: str, cause: Any
) -> dict[str, Any]:
    return {
        "chain_id": nexus.chain.chain_id,
        "contract": c.address,
        "token": token,
        "version": version,
        "state": "0x" + state.hex(),
        "image_sha256": image_hex,
        "cause": cause,
    }


def mint(nexus: Nexus, to: str, *, sender: str | None = None) -> dict[str, Any]:
    """Mint the next token to `to` (a contract must accept it), with its genesis art; its `show`."""
    c = nft_contract(nexus)
    assert c is not None
    for _ in range(3):  # another minter may take the id between the read and the mint
        token = c.total()
        traits = genesis_traits(token)
        state, image_b, image_hex = _prepare(nexus, token, traits)
        try:
            rc = c.mint(to, token, state, image_b, sender=sender)
        except NFTError as exc:
            if "already minted" in str(exc):
                continue
            raise
        rid = _record(nexus, c, [_entry(nexus, c, token, 0, state, image_hex, None)], rc.block_number)[0]
        return {**show(nexus, token), "ledger_record": rid, "gas_used": rc.gas_used, "tx": rc.tx_hash}
    raise NFTError("could not mint: the token id kept being taken")


def _current(nexus: Nexus, c: NFTContract, token: int) -> tuple[Any, dict[str, Any]]:
    st = c.state(token)
    data = ArtStore(nexus.settings.home).get_state(st.state)
    return st, data["traits"]


def evolve(nexus: Nexus, token: int, cause: Cause, *, sender: str | None = None) -> dict[str, Any]:
    """Move one token on `cause`: new traits, new art, `evolve` on chain (MetadataUpdate), ledger record."""
    c = need_contract(nexus)
    token = _token(token)
    st, traits = _current(nexus, c, token)
    new = evolve_traits(token, traits, cause)
    state, image_b, image_hex = _prepare(nexus, token, new)
    rc = c.evolve(token, st.version, state, image_b, cause.hash, sender=sender)
    entry = _entry(nexus, c, token, st.version + 1, state, image_hex, cause.to_json())
    rid = _record(nexus, c, [entry], rc.block_number)[0]
    return {**show(nexus, token), "ledger_record": rid, "gas_used": rc.gas_used, "tx": rc.tx_hash}


def evolve_all(
    nexus: Nexus, cause: Cause, *, tokens: Iterable[int] | None = None, sender: str | None = None
) -> list[dict[str, Any]]:
    """Evolve many tokens (default: all) on one cause, MAX_BATCH per `evolveBatch` (BatchMetadataUpdate)."""
    c = nft_contract(nexus, deploy=False)
    if c is None:
        return []
    ids = [_token(t) for t in (range(c.total()) if tokens is None else tokens)]
    out = []
    for lo in range(0, len(ids), MAX_BATCH):
        steps, entries = [], []
        for token in ids[lo : lo + MAX_BATCH]:
            try:
                st, traits = _current(nexus, c, token)
            except NFTNotFound:  # minted elsewhere, or a state this node never saw: not ours to move
                continue
            new = evolve_traits(token, traits, cause)
            state, image_b, image_hex = _prepare(nexus, token, new)
            steps.append((token, st.version, state, image_b))
            entries.append(_entry(nexus, c, token, st.version + 1, state, image_hex, cause.to_json()))
        if not steps:
            continue
        rc = c.evolve_batch(steps, cause.hash, sender=sender)
        rids = _record(nexus, c, entries, rc.block_number)
        out += [{"token": e["token"], "version": e["version"], "ledger_record": r} for e, r in zip(entries, rids)]
        out[-1]["gas_used"] = rc.gas_used
    return out


def show(nexus: Nexus, token: int) -> dict[str, Any]:
    """A token's owner, version, traits, state and image hashes (as the chain pins them) and URIs."""
    c = need_contract(nexus)
    token = _token(token)
    st, traits = _current(nexus, c, token)
    return {
        "token": token,
        "contract": c.address,
        "owner": st.owner,
        "version": st.version,
        "state": "0x" + st.state,
        "image_sha256": st.image,
        "traits": traits,
        "token_uri": c.token_uri(token),
        "image_uri": f"/nft/{token}/image",
    }


def gallery(nexus: Nexus, *, limit: int = 200) -> list[dict[str, Any]]:
    """The newest `limit` tokens, newest first (tokens whose state this node never saw are skipped)."""
    c = nft_contract(nexus, deploy=False)
    if c is None:
        return []
    out: list[dict[str, Any]] = []
    for token in range(c.total() - 1, -1, -1):
        if len(out) >= limit:
            break
        try:
            out.append(show(nexus, token))
        except NFTNotFound:
            continue
    return out


def metadata(nexus: Nexus, token: int) -> dict[str, Any]:
    """ERC-721 metadata JSON (name, description, image, attributes) for the token's current state."""
    info = show(nexus, token)
    return {
        "name": f"Nexus Dynamic NFT #{info['token']}",
        "description": (
            "A digit drawn by a generative model trained on this node (a class-conditional VAE on"
            " scikit-learn's digits), re-drawn whenever on-chain events evolve the token. The image's"
            " SHA-256 is pinned on chain (imageOf) and in the node's anchored ledger."
        ),
        "image": info["image_uri"],
        "attributes": attributes(info["traits"], info["version"]),
        "properties": {
            "version": info["version"],
            "state": info["state"],
            "image_sha256": info["image_sha256"],
            "contract": info["contract"],
        },
    }


def image(nexus: Nexus, token: int) -> bytes:
    """The token's current PNG (re-rendered from its state if this node lost the file), checked
    against the image hash the chain pins."""
    from .art import render

    c = need_contract(nexus)
    st, traits = _current(nexus, c, _token(token))
    store = ArtStore(nexus.settings.home)
    try:
        return store.get_image(st.image)
    except NFTNotFound:
        png = render(st.token, traits)
        if hashlib.sha256(png).hexdigest() != st.image:
            raise NFTModelError(f"token {token}: the art re-rendered here does not match the chain") from None
        store.put_image(png)
        return png
