"""Symbiotic Nexus: AI and blockchains reinforcing each other, from one node, CLI and SDK."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from ._version import __version__

if TYPE_CHECKING:
    from ._client import Nexus, connect
    from .aiaas import ServiceClient, ServiceRegistry, deploy_registry
    from .chain import ABI, Block, CallFrame, ChainBackend, Contract, Event, Log, Receipt, Tx, TxRequest
    from .exceptions import NexusError
    from .ledger.decisions import audited
    from .ledger.fingerprint import Manifest, fingerprint
    from .ledger.lineage import training_run
    from .markets import Market, MarketMath, Markets, open_markets
    from .oracle import OracleNetwork, OracleNode, deploy_feed
    from .settings import Settings, load_settings

# Public names load on first use (PEP 562), so `import nexus` and the CLI start quickly.
_LAZY = {
    **dict.fromkeys(("Nexus", "connect"), "._client"),
    **dict.fromkeys(("ABI", "Block", "CallFrame", "ChainBackend", "Contract", "Event", "Log", "Receipt", "Tx",
                     "TxRequest"), ".chain"),
    "NexusError": ".exceptions",
    **dict.fromkeys(("ServiceClient", "ServiceRegistry", "deploy_registry"), ".aiaas"),
    "audited": ".ledger.decisions",
    **dict.fromkeys(("Manifest", "fingerprint"), ".ledger.fingerprint"),
    "training_run": ".ledger.lineage",
    **dict.fromkeys(("Market", "MarketMath", "Markets", "open_markets"), ".markets"),
    **dict.fromkeys(("OracleNetwork", "OracleNode", "deploy_feed"), ".oracle"),
    **dict.fromkeys(("Settings", "load_settings"), ".settings"),
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)



__all__ = [
    "ABI",
    "Block",
    "CallFrame",
    "ChainBackend",
    "Contract",
    "Event",
    "Log",
    "Manifest",
    "Market",
    "MarketMath",
    "Markets",
    "Nexus",
    "NexusError",
    "OracleNetwork",
    "OracleNode",
    "Receipt",
    "ServiceClient",
    "ServiceRegistry",
    "Settings",
    "Tx",
    "TxRequest",
    "__version__",
    "audited",
    "connect",
    "deploy_feed",
    "deploy_registry",
    "fingerprint",
    "load_settings",
    "open_markets",
    "training_run",
]
