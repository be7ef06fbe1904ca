"""Avatars bound to a DID (ERC-721, optionally soulbound per ERC-5192) with privacy-preserving voice login.

    res = avatar_create(nexus, home, samples, sender=me)      # enrol locally, mint bound to a did:key
    ch = store.issue(avatars(nexus), res["token_id"])          # verifier: a one-use nonce
    resp = respond(ch.to_json(), key, sealed, fresh, encoder)  # client: local match, then a DID signature
    verify(avatars(nexus), store, resp)                        # verifier: signature + commitment + freshness

The template (a voice embedding from a small WCCN model fitted on the UCI Japanese Vowels speakers that
the sktime wheel ships) stays sealed under the node home; only a salted SHA-256 commitment goes on chain.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .auth import ChallengeStore, respond, verify
    from .contract import Avatars, avatars
    from .model import THRESHOLD, VoiceEncoder, default_encoder
    from .service import avatar_create, avatar_login
    from .template import SealedTemplate, commitment

_LAZY = {
    "ChallengeStore": ".auth",
    "respond": ".auth",
    "verify": ".auth",
    "Avatars": ".contract",
    "avatars": ".contract",
    "THRESHOLD": ".model",
    "VoiceEncoder": ".model",
    "default_encoder": ".model",
    "avatar_create": ".service",
    "avatar_login": ".service",
    "SealedTemplate": ".template",
    "commitment": ".template",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "THRESHOLD",
    "Avatars",
    "ChallengeStore",
    "SealedTemplate",
    "VoiceEncoder",
    "avatar_create",
    "avatar_login",
    "avatars",
    "commitment",
    "default_encoder",
    "respond",
    "verify",
]
