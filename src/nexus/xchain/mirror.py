"""Anchor the ledger on every chain: each checkpoint the main chain anchors is anchored, at the
same size and root, on each other chain, so a receipt's checkpoint can be checked on any of them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..ledger.anchor import Anchorer

if TYPE_CHECKING:
    from ..chain.contract import Contract
    from ..ledger.ledger import Ledger

__all__ = ["AnchorMirror"]

log = logging.getLogger(__name__)
CATCH_UP = 16  # further behind than this, only the newest checkpoints are mirrored


class AnchorMirror:
    """Follows the main chain's anchors of `ledger` and repeats them on `others`. Idempotent
    (the Anchorer adopts a checkpoint the chain already holds), so a restart or a second node
    never anchors one twice; a chain holding a different root for a size is reported, not
    overwritten (VerificationFailed in `last_error`)."""

    def __init__(self, ledger: Ledger, main: Contract, others: Sequence[Contract]) -> None:
        self.ledger = ledger
        self.main = main
        self.anchorers = [Anchorer(ledger, c) for c in others]
        self.mirrored = 0
        self.errors: dict[int, str] = {}

    def start_check(self) -> None:
        """Forget mirrored anchors a chain lost (re-anchored on the next pass)."""
        for a in self.anchorers:
            try:
                a.drop_lost()
            except Exception as exc:  # noqa: BLE001  (one chain down must not stop the others)
                self.errors[a.chain.chain_id] = f"{type(exc).__name__}: {exc}"

    def step(self) -> int:
        """Mirror what the main chain has that the others lack; returns anchors written."""
        sizes = [a.size for a in self.ledger.anchors(self.main.backend.chain_id, self.main.address)]
        done = 0
        for a in self.anchorers:
            cid = a.chain.chain_id
            try:
                have = a.anchored_size()
                todo = [s for s in sizes if s > have][-CATCH_UP:]
                for size in todo:
                    if a.anchor(size) is not None:
                        done += 1
                self.errors.pop(cid, None)
            except Exception as exc:  # noqa: BLE001  (recorded, retried next pass)
                self.errors[cid] = f"{type(exc).__name__}: {exc}"
                log.warning("mirroring the ledger on chain %d failed: %s", cid, self.errors[cid])
        self.mirrored += done
        return done

    def run(self, stop: threading.Event, poll_s: float = 0.5) -> None:
        self.start_check()
        while not stop.is_set():
            self.step()
            stop.wait(poll_s)

    def health(self) -> dict[str, Any]:
        return {
            "mirrored": self.mirrored,
            "chains": {
                str(a.chain.chain_id): {"anchored": a.anchored_size(), "error": self.errors.get(a.chain.chain_id)}
                for a in self.anchorers
            },
        }
