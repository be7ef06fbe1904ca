"""Several chains and cross-chain messages: the chains, the relayer's messages, sends, receipts
checked on every chain."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ._base import Schema

__all__ = [
    "XChainCheck",
    "XChainMember",
    "XChainMessage",
    "XChainMessages",
    "XChainRelayer",
    "XChainSend",
    "XChainSent",
    "XChainStatus",
    "XChainVerify",
]


class XChainMember(Schema):
    chain_id: int
    endpoint: str = Field(description="where the node reaches it (credentials redacted)")
    main: bool = Field(description="the node's main chain (the others come from `settings.chains`)")
    role: str = Field(description="anchor | messages | both")
    block_number: int
    anchor: str | None = Field(description="the ledger's Anchor contract on this chain")
    outbox: str | None
    inbox: str | None


class XChainRelayer(Schema):
    found: int
    delivered: int
    deferred: int = Field(description="held back by a rate limit (retried next window)")
    orphaned: int = Field(description="their block was reorged away before delivery")
    unsigned: int = Field(description="short of a quorum of witness signatures")
    rewound: list[str]
    steps: int
    last_error: str | None
    messages: dict[str, int] = Field(description="journal counts by status")


class XChainStatus(Schema):
    enabled: bool = Field(description="false when the node runs on one chain")
    quorum: int | None
    signers: list[str] = Field(description="the oracle nodes whose signatures the inboxes accept")
    finality: int | None = Field(description="blocks a message is buried under before it is relayed")
    chains: list[XChainMember]
    relayer: XChainRelayer | None


class XChainMessage(Schema):
    src_chain: int
    nonce: int
    dst_chain: int
    sender: str
    recipient: str
    payload: str = Field(description="0x hex")
    finality: int
    block: int
    tx_hash: str
    status: str = Field(description="pending | delivered | orphaned")
    note: str | None
    dst_tx: str | None
    gas: int | None = Field(description="gas of the delivery")
    t_final: float = Field(description="unix time the relayer saw it final")
    t_done: float | None


class XChainMessages(Schema):
    counts: dict[str, int]
    messages: list[XChainMessage]


class XChainSend(BaseModel):
    src_chain: int = Field(gt=0)
    dst_chain: int = Field(gt=0)
    recipient: str = Field(max_length=42)
    payload: str = Field(max_length=2050, description="0x hex, or UTF-8 text")


class XChainSent(Schema):
    src_chain: int
    dst_chain: int
    recipient: str
    nonce: int
    tx_hash: str
    block: int
    gas_used: int


class XChainCheck(Schema):
    chain_id: int
    status: str = Field(description="valid | disagrees | absent | unreachable")
    detail: str


class XChainVerify(Schema):
    index: int
    size: int
    agree: bool = Field(description="no chain holds anything contradicting the receipt")
    valid_on: list[int]
    disagree: list[int]
    chains: list[XChainCheck]
