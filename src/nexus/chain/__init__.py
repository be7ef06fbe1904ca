"""Chain layer: one ChainBackend interface, an in-process EVM and a JSON-RPC implementation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .abi import ABI, decode_revert
from .base import ChainBackend, TxRequest
from .contract import Contract
from .types import Block, CallFrame, Event, Log, Tx, TxReceipt

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = [
    "ABI",
    "Block",
    "CallFrame",
    "ChainBackend",
    "Contract",
    "Event",
    "Log",
    "TxReceipt",
    "Tx",
    "TxRequest",
    "decode_revert",
    "open_backend",
]


def open_backend(settings: Settings, *, readonly: bool = False) -> ChainBackend:
    """The backend the settings name: JSON-RPC when `rpc_url` is set, else the embedded chain."""
    if settings.rpc_url:
        from .accounts import load_signer
        from .rpc import RPCChain

        signer = load_signer(
            settings.private_key.get_secret_value() if settings.private_key else None,
            settings.keystore,
            settings.keystore_password.get_secret_value() if settings.keystore_password else None,
        )
        return RPCChain(
            settings.rpc_url,
            signer=signer,
            timeout=settings.rpc_timeout,
            expected_chain_id=settings.expected_chain_id,
            max_log_range=settings.max_log_range,
        )
    from .embedded import EmbeddedChain

    return EmbeddedChain(
        settings.chain_dir,
        chain_id=settings.chain_id,
        expected_chain_id=settings.expected_chain_id,
        readonly=readonly,
        flush_interval=settings.flush_interval,
        max_log_range=settings.max_log_range,
    )
