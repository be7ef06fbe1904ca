"""Symbiotic Nexus: AI and blockchains reinforcing each other, from one node, CLI and SDK."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from ._version import __version__

if TYPE_CHECKING:
    from . import models, nft
    from ._client import Nexus, connect
    from .aiaas import ServiceClient, ServiceRegistry, deploy_registry
    from .avatar import Avatars, avatar_create, avatar_login
    from .chain import ABI, Block, CallFrame, ChainBackend, Contract, Event, Log, Tx, TxReceipt, TxRequest
    from .exceptions import NexusError
    from .fees.service import advise_fees
    from .fl import Federation, FLConfig
    from .game import GameWorld
    from .identity import consent
    from .ledger.decisions import audited
    from .ledger.energy import EnergyMeter
    from .ledger.fingerprint import Manifest, fingerprint
    from .ledger.lineage import training_run
    from .lending.attest import ScoreAttestation
    from .lending.pool import CreditPool
    from .markets import HubMarket, Market, MarketHub, MarketMath, Markets, open_markets
    from .models.credit_client import LendingClient
    from .oracle import OracleNetwork, OracleNode, deploy_feed
    from .portfolio.agent import VolTargetAgent
    from .portfolio.backtest import run_backtest
    from .settings import Settings, load_settings
    from .validators.pos import simulate_pos
    from .xchain.network import XNetwork
    from .xchain.verify import verify_everywhere

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
    **dict.fromkeys(("Avatars", "avatar_create", "avatar_login"), ".avatar"),
    "audited": ".ledger.decisions",
    **dict.fromkeys(("Manifest", "fingerprint"), ".ledger.fingerprint"),
    "training_run": ".ledger.lineage",
    **dict.fromkeys(("HubMarket", "Market", "MarketHub", "MarketMath", "Markets", "open_markets"), ".markets"),
    **dict.fromkeys(("OracleNetwork", "OracleNode", "deploy_feed"), ".oracle"),
    **dict.fromkeys(("Settings", "load_settings"), ".settings"),
    "CreditPool": ".lending.pool",
    "EnergyMeter": ".ledger.energy",
    "LendingClient": ".models.credit_client",
    "ScoreAttestation": ".lending.attest",
    "advise_fees": ".fees.service",
    "GameWorld": ".game",
    **dict.fromkeys(("FLConfig", "Federation"), ".fl"),
    "VolTargetAgent": ".portfolio.agent",
    "run_backtest": ".portfolio.backtest",
    "simulate_pos": ".validators.pos",
    "XNetwork": ".xchain.network",
    "verify_everywhere": ".xchain.verify",
}


_getattr, __dir__ = lazy_exports(__name__, _LAZY)


def __getattr__(name: str) -> object:
    """Lazy names, `nexus.models` (the package: `nexus.models.load(name)`) and `nexus.nft` (`nexus.nft.mint(...)`)."""
    if name in ("models", "nft"):
        from importlib import import_module

        return import_module(f".{name}", __name__)
    return _getattr(name)


__all__ = [
    "ABI",
    "Avatars",
    "Block",
    "CallFrame",
    "ChainBackend",
    "Contract",
    "CreditPool",
    "EnergyMeter",
    "Event",
    "FLConfig",
    "Federation",
    "GameWorld",
    "HubMarket",
    "LendingClient",
    "Log",
    "Manifest",
    "Market",
    "MarketHub",
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
    "XNetwork",
    "__version__",
    "advise_fees",
    "audited",
    "avatar_create",
    "avatar_login",
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
    "verify_everywhere",
]
