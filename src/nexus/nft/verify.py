"""Check that a picture belongs to a token's state, and repair what a crash left out of the ledger.

`verify_image` compares a PNG's SHA-256 with the contract's `imageOf` and the `nft.art` ledger record
of the token's current version; `check_token` re-renders the art from the stored traits first (the
model, the store, the chain and the ledger agree); `reconcile` appends the record a kill between a
state change and its ledger append left out.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from ..exceptions import NFTModelError, NFTNotFound
from .contract import nft_contract
from .service import _art_key, _current, _entry, _record, _token, need_contract
from .store import ArtStore

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["check_token", "reconcile", "verify_image"]


def verify_image(nexus: Nexus, token: int, png: bytes) -> dict[str, Any]:
    """Check `png` belongs to the token's current state: its SHA-256 against the contract's `imageOf`
    and the `nft.art` ledger record of that version. NFTModelError when either differs."""
    from ..ledger import open_ledger

    c = need_contract(nexus)
    token = _token(token)
    st = c.state(token)
    digest = hashlib.sha256(png).hexdigest()
    with open_ledger(nexus.settings) as led:
        rid = led.store.find_key(_art_key(nexus, c, token, st.version))
        rec = None if rid is None else led.record(rid)
    ledger_image = None if rec is None or rec.content is None else json.loads(rec.content).get("image_sha256")
    out = {
        "token": token,
        "version": st.version,
        "sha256": digest,
        "chain_image": st.image,
        "ledger_record": rid,
        "ledger_image": ledger_image,
        "matches": digest == st.image and ledger_image in (None, digest),
    }
    if not out["matches"]:
        raise NFTModelError(
            f"token {token} v{st.version}: image sha256 {digest[:16]}… is not the pinned {st.image[:16]}…"
            + ("" if ledger_image in (None, st.image) else " (and the ledger disagrees with the chain)")
        )
    return out


def check_token(nexus: Nexus, token: int) -> dict[str, Any]:
    """Re-render the token's art from its stored traits and `verify_image` it: the model, the store,
    the contract and the ledger all agree, or NFTModelError."""
    from .art import render

    c = need_contract(nexus)
    st, traits = _current(nexus, c, _token(token))
    return verify_image(nexus, st.token, render(st.token, traits))


def reconcile(nexus: Nexus) -> list[int]:
    """Append the `nft.art` record a crash left out (the state changed on chain, the process died
    before its ledger append): for each token whose current version has no record, and whose
    pinned state and image this node holds, record it now. Returns the tokens repaired."""
    from ..ledger import open_ledger

    c = nft_contract(nexus, deploy=False)
    if c is None:
        return []
    missing = []
    with open_ledger(nexus.settings) as led:
        for token in range(c.total()):
            st = c.state(token)
            if led.store.find_key(_art_key(nexus, c, token, st.version)) is None:
                missing.append(st)
    store = ArtStore(nexus.settings.home)
    entries = []
    for st in missing:
        try:
            store.get_state(st.state)
            store.get_image(st.image)
        except (NFTNotFound, NFTModelError):
            continue  # not this node's state: nothing it can vouch for
        entries.append(_entry(nexus, c, st.token, st.version, bytes.fromhex(st.state), st.image, "reconciled"))
    if entries:
        _record(nexus, c, entries, nexus.chain.block_number())
    return [e["token"] for e in entries]
