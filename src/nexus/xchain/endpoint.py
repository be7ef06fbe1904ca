"""One chain of the cross-chain network: its outbox and inbox, deployed once and linked to the others."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth_abi import decode as abi_decode
from eth_utils import keccak

from ..chain.contract import Contract
from ..exceptions import ContractReverted, XChainRateLimited
from .message import Message, checksum

if TYPE_CHECKING:
    from ..chain.base import ChainBackend
    from ..contracts.deploy import Deployer

__all__ = ["CONTRACTS", "SENT_TOPIC", "Endpoint", "Limits", "deploy_endpoint", "link", "sent_messages"]

CONTRACTS = ["XOutbox", "XInbox"]
SENT_TOPIC = keccak(b"Sent(uint64,address,uint256,address,bytes)")


@dataclass(frozen=True)
class Limits:
    """Rate limits written into new contracts: per `window` seconds, at most `sender_cap`
    messages per sender (outbox and inbox) and `route_cap` per source chain (inbox)."""

    window: int = 60
    sender_cap: int = 100
    route_cap: int = 1000


@dataclass
class Endpoint:
    """A chain with its outbox and inbox."""

    chain: ChainBackend
    outbox: Contract
    inbox: Contract
    name: str = ""

    @property
    def chain_id(self) -> int:
        return self.chain.chain_id

    def label(self) -> str:
        return self.name or f"chain {self.chain_id}"

    def send(self, dst_chain: int, recipient: str, payload: bytes, *, sender: str | None = None) -> dict[str, Any]:
        """Send a message through this chain's outbox; its nonce, transaction and block."""
        try:
            rc = self.outbox.transact("send", dst_chain, checksum(recipient), payload, sender=sender)
        except ContractReverted as exc:
            if exc.reason and "rate limit" in exc.reason:
                raise XChainRateLimited(
                    f"the sender's cap on chain {self.chain_id} is used up for this window; retry later"
                ) from None
            raise
        nonce = next(int(ev.args["nonce"]) for ev in self.outbox.decode(rc) if ev.name == "Sent")
        return {"nonce": nonce, "tx_hash": rc.tx_hash, "block": rc.block_number, "gas_used": rc.gas_used}


def deploy_endpoint(
    chain: ChainBackend, deployer: Deployer, *, limits: Limits | None = None, sender: str | None = None, name: str = ""
) -> Endpoint:
    """The chain's outbox and inbox from its deployment manifest, deployed first if missing."""
    lim = limits or Limits()
    got = deployer.deploy(
        CONTRACTS,
        sender=sender,
        args={"XOutbox": [lim.window, lim.sender_cap], "XInbox": [lim.window, lim.route_cap, lim.sender_cap]},
    )
    return Endpoint(chain, got["XOutbox"], got["XInbox"], name)


def link(
    endpoints: Sequence[Endpoint], signers: Sequence[str], quorum: int, finality: int, *, sender: str | None = None
) -> None:
    """Make every inbox trust every other chain's outbox (at `finality` blocks) and the signer
    set with its quorum; sends only what differs (idempotent)."""
    want = [checksum(s) for s in signers]
    for dst in endpoints:
        have = [checksum(s) for s in dst.inbox.call("signer_list")]
        if have != want or int(dst.inbox.call("quorum")) != quorum:
            dst.inbox.transact("set_signers", want, quorum, sender=sender)
        for src in endpoints:
            if src is dst:
                continue
            cur = checksum(dst.inbox.call("sources", src.chain_id))
            if cur != checksum(src.outbox.address) or int(dst.inbox.call("min_finality", src.chain_id)) != finality:
                dst.inbox.transact("set_source", src.chain_id, src.outbox.address, finality, sender=sender)
        dst.chain.make_durable()


def sent_messages(
    chain: ChainBackend, outbox: str, from_block: int, to_block: int, *, finality: int, dst_chain: int | None = None
) -> list[Message]:
    """The outbox's `Sent` messages in [from_block, to_block] (optionally to one destination),
    each with its block hash as this chain sees it now."""
    out: list[Message] = []
    hashes: dict[int, str] = {}
    src_chain = chain.chain_id
    step = max(1, chain.max_log_range) if hasattr(chain, "max_log_range") else 1000
    lo = from_block
    while lo <= to_block:
        hi = min(to_block, lo + step - 1)
        for lg in chain.logs(lo, hi, address=outbox, topic0=SENT_TOPIC):
            if len(lg.topics) != 4:
                continue
            dst = int.from_bytes(lg.topics[3], "big")
            if dst_chain is not None and dst != dst_chain:
                continue
            recipient, payload = abi_decode(["address", "bytes"], lg.data)
            if lg.block_number not in hashes:
                hashes[lg.block_number] = chain.get_block(lg.block_number).hash
            out.append(
                Message(
                    src_chain,
                    checksum(outbox),
                    int.from_bytes(lg.topics[1], "big"),
                    checksum("0x" + lg.topics[2][-20:].hex()),
                    dst,
                    checksum(recipient),
                    bytes(payload),
                    finality,
                    lg.block_number,
                    hashes[lg.block_number],
                    lg.tx_hash,
                )
            )
        lo = hi + 1
    return out
