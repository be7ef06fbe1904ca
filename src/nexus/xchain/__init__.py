"""Several chains at once: ledger anchors mirrored on every chain, receipts checked on any of them,
and cross-chain messages delivered with a quorum of oracle-node signatures (see README.md here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .endpoint import Endpoint, Limits, deploy_endpoint, link
    from .journal import Journal
    from .message import Message, SignerKey, dev_signer_keys
    from .relayer import Relayer
    from .witness import Witness

__all__ = [
    "Endpoint",
    "Journal",
    "Limits",
    "Message",
    "Relayer",
    "SignerKey",
    "Witness",
    "deploy_endpoint",
    "dev_signer_keys",
    "link",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Endpoint": ".endpoint",
        "Limits": ".endpoint",
        "deploy_endpoint": ".endpoint",
        "link": ".endpoint",
        "Journal": ".journal",
        "Message": ".message",
        "SignerKey": ".message",
        "dev_signer_keys": ".message",
        "Relayer": ".relayer",
        "Witness": ".witness",
    },
)
