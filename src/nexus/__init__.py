"""Symbiotic Nexus: AI and blockchains reinforcing each other, from one node, CLI and SDK."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from ._version import __version__

if TYPE_CHECKING:
    from . import models, nft
    from ._client import Nexus, connect
    from .aiaas import ServiceClient, ServiceRegistry, deploy_registry
    from .chain import ABI, Block, CallFrame, ChainBackend, Contract, Event, Log, Tx, TxReceipt, TxRequest
    from .exceptions import NexusError
    from .fees.service import advise_fees
    from .identity import consent
    from .ledger.decisions import audited
    from .ledger.fingerprint import Manifest, fingerprint
    from .ledger.lineage import training_run
    from .lending.attest import ScoreAttestation
    from .lending.pool import CreditPool
    from .markets import Market, MarketMath, Markets, open_markets
    from .oracle import OracleNetwork, OracleNode, deploy_feed
    from .portfolio.agent import VolTargetAgent
    from .portfolio.backtest import run_backtest
    from .settings import Settings, load_settings
    from .validators.pos import simulate_pos

# Public names load on first use (PEP 562), so `import nexus` and the CLI start quickly.
_LAZY = {
    **dict.fromkeys(("Nexus", "connect"), "._client"),
    **dict.fromkeys(
        ("ABI", "Block", "CallFrame", "ChainBackend", "Contract", "Event", "Log", "TxReceipt", "Tx", "TxRequest"),
        ".chain",
    ),
    "NexusError": ".exceptions",
    "consent": ".identity",
    **dict.fromkeys(("ServiceClient", "ServiceRegistry", "deploy_registry"), ".aiaas"),
    "audited": ".ledger.decisions",
    **dict.fromkeys(("Manifest", "fingerprint"), ".ledger.fingerprint"),
    "training_run": ".ledger.lineage",
    **dict.fromkeys(("Market", "MarketMath", "Markets", "open_markets"), ".markets"),
    **dict.fromkeys(("OracleNetwork", "OracleNode", "deploy_feed"), ".oracle"),
    **dict.fromkeys(("Settings", "load_settings"), ".settings"),
    "CreditPool": ".lending.pool",
    "ScoreAttestation": ".lending.attest",
    "advise_fees": ".fees.service",
    "VolTargetAgent": ".portfolio.agent",
    "run_backtest": ".portfolio.backtest",
    "simulate_pos": ".validators.pos",
}


_getattr, __dir__ = lazy_exports(__name__, _LAZY)


def __getattr__(name: str) -> object:
    """Lazy names, `nexus.models` (the package: `nexus.models.load(name)`) and `nexus.nft` (`nexus.nft.mint(...)`)."""
    if name in ("models", "nft"):
        from importlib import import_module

        return import_module(".models", __name__)
    return _getattr(name)


__all__ = [
    "ABI",
    "Block",
    "CallFrame",
    "ChainBackend",
    "Contract",
    "CreditPool",
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
    "ScoreAttestation",
    "ServiceClient",
    "ServiceRegistry",
    "Settings",
    "Tx",
    "TxReceipt",
    "TxRequest",
    "VolTargetAgent",
    "__version__",
    "advise_fees",
    "audited",
    "connect",
    "consent",
    "deploy_feed",
    "deploy_registry",
    "fingerprint",
    "load_settings",
    "models",
    "nft",
    "open_markets",
    "run_backtest",
    "simulate_pos",
    "training_run",
]
