"""A signer node: vouches for a message only after checking it on its own view of the source chain."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..exceptions import ChainError
from .endpoint import sent_messages
from .message import Message, Sig, SignerKey

if TYPE_CHECKING:
    from ..chain.base import ChainBackend

__all__ = ["Witness"]

log = logging.getLogger(__name__)


class Witness:
    """One oracle node's signing role for cross-chain messages.

    It signs a message for one inbox only when its own connection to the source chain shows the
    outbox's `Sent` event with exactly these fields, in a block that is still canonical (same
    hash) and buried at least `min_finality` blocks deep, and when the signed finality depth is
    not below that minimum. It never trusts the relayer's word for any of it.
    """

    def __init__(self, key: SignerKey, sources: Mapping[int, tuple[ChainBackend, str]], *, min_finality: int) -> None:
        self.key = key
        self.sources = dict(sources)  # source chain id -> (its backend, its trusted outbox)
        self.min_finality = min_finality
        self.refusals = 0
        self.last_refusal: str | None = None

    @property
    def address(self) -> str:
        return self.key.address

    def vouch(self, msg: Message, inbox: str) -> Sig | None:
        """The signature over `msg` for `inbox`, or None (with `last_refusal` saying why)."""
        why = self._problem(msg)
        if why is not None:
            self.refusals += 1
            self.last_refusal = why
            log.info("witness %s refuses %s: %s", self.address[:10], msg.key, why)
            return None
        return self.key.sign(msg.digest(inbox))

    def _problem(self, msg: Message) -> str | None:
        src = self.sources.get(msg.src_chain)
        if src is None:
            return f"no connection to source chain {msg.src_chain}"
        chain, outbox = src
        if msg.finality < self.min_finality:
            return f"finality {msg.finality} is below the minimum {self.min_finality}"
        try:
            head = chain.block_number()
            if head - msg.block < max(msg.finality, self.min_finality):
                return f"block {msg.block} is only {head - msg.block} deep (head {head})"
            if chain.get_block(msg.block).hash.lower() != msg.block_hash.lower():
                return f"block {msg.block} is not {msg.block_hash[:12]}… on this node's chain (reorged)"
            seen = sent_messages(chain, outbox, msg.block, msg.block, finality=msg.finality, dst_chain=msg.dst_chain)
        except ChainError as exc:
            return f"source chain unreachable: {exc}"
        if msg.src_contract.lower() != outbox.lower():
            return "not the trusted outbox"
        if not any(m == msg for m in seen):
            return f"no such Sent event in block {msg.block}"
        return None


class LyingWitness(Witness):
    """A dishonest node for tests and the demo: signs whatever it is shown."""

    def vouch(self, msg: Message, inbox: str) -> Sig | None:
        return self.key.sign(msg.digest(inbox))
