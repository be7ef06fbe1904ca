"""Symbiotic Nexus: AI and blockchains reinforcing each other, from one node, CLI and SDK."""

from __future__ import annotations

from ._client import Nexus, connect
from .chain import ABI, Block, CallFrame, ChainBackend, Contract, Event, Log, Receipt, Tx, TxRequest
from .exceptions import NexusError
from .ledger.decisions import audited
from .ledger.fingerprint import Manifest, fingerprint
from .ledger.lineage import training_run
from .markets import Market, MarketMath, Markets, open_markets
from .oracle import OracleNetwork, OracleNode, deploy_feed
from .settings import Settings, load_settings

__version__ = "0.1.0"

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
    "Settings",
    "Tx",
    "TxRequest",
    "__version__",
    "audited",
    "connect",
    "deploy_feed",
    "fingerprint",
    "load_settings",
    "open_markets",
    "training_run",
]
