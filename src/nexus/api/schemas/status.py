"""Node health, status and blocks."""

from __future__ import annotations

from pydantic import Field

from ._base import Schema

__all__ = ["Block", "BlockLog", "BlockReceipt", "BlockTx", "Health", "ServiceHealth", "Status"]


class ServiceHealth(Schema):
    """One service's own report: `ok`, and whatever else the service tells (counters, errors)."""

    open_ended = True
    ok: bool = Field(True, description="false when the service is unwell")
    error: str | None = Field(None, description="why, when the health check itself failed")


class Health(Schema):
    ok: bool = Field(description="the chain is open and every service is well")
    uptime_s: float
    services: dict[str, ServiceHealth] = Field(description="by service name")


class Status(Schema):
    backend: str = Field(description="embedded or rpc")
    endpoint: str = Field(description="where the chain is (a path or an RPC URL)")
    chain_id: int
    block_number: int = Field(description="the head block")
    contracts: dict[str, str] = Field(description="deployed contract addresses by name")
    uptime_s: float
    url: str | None = Field(description="where `nexus up` serves the API (null in-process)")
    services: list[str] = Field(description="the services started, in order")


class BlockTx(Schema):
    hash: str
    sender: str
    to: str | None = Field(description="null for a contract creation")
    value: str = Field(description="wei as 0x-hex (may exceed what a JavaScript number holds)")
    data: str = Field(description="0x-hex")
    nonce: int
    gas: int
    gas_price: int
    block_number: int
    index: int


class BlockLog(Schema):
    address: str
    topics: list[str] = Field(description="0x-hex, 32 bytes each")
    data: str = Field(description="0x-hex")
    block_number: int
    tx_hash: str
    tx_index: int
    log_index: int


class BlockReceipt(Schema):
    tx_hash: str
    block_number: int
    tx_index: int
    sender: str
    to: str | None
    status: bool = Field(description="true when the transaction succeeded")
    gas_used: int
    contract_address: str | None = Field(description="the contract a creation made")
    logs: list[BlockLog]
    revert_reason: str | None


class Block(Schema):
    number: int
    hash: str
    parent_hash: str
    timestamp: int = Field(description="seconds since the epoch")
    transactions: list[BlockTx]
    receipts: list[BlockReceipt] = Field(description="one per transaction, in the same order")
