"""The ledger inside a node (`nexus up`): the store, the anchoring batcher, and what the API calls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..exceptions import LedgerError, LineageError, UnknownContract
from ..node.service import Service
from .anchor import Anchorer, anchor_contract
from .batcher import Batcher, BatchPolicy, median_gas_price
from .ledger import Ledger, open_ledger
from .receipt import Receipt
from .verify import verify_receipt

if TYPE_CHECKING:
    from .._client import Nexus
    from ..node.node import Node
    from ..settings import Settings

__all__ = ["LedgerService", "start_batcher"]


def start_batcher(ledger: Ledger, nexus: Nexus, settings: Settings) -> Batcher:
    """Anchor `ledger` through the deployed Anchor contract in a background thread."""
    anchorer = Anchorer(ledger, anchor_contract(nexus))
    policy = BatchPolicy(settings.ledger_batch_size, settings.ledger_batch_ms, settings.ledger_max_delay_ms)
    return Batcher(anchorer, policy, gas_price=median_gas_price(nexus.chain)).start()


class LedgerService(Service):
    """Opens the home's ledger; with `ledger_anchor` on, anchors it as records arrive (from
    this process, the API, or any other process appending to the same store)."""

    name = "ledger"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ledger: Ledger | None = None
        self.batcher: Batcher | None = None
        self._nexus: Nexus | None = None

    def start(self, node: Node) -> None:
        self._nexus = node.require()
        self.ledger = open_ledger(self.settings)
        try:  # start-up check: anchors whose transaction the chain lost are dropped (re-anchored)
            Anchorer(self.ledger, anchor_contract(self._nexus)).drop_lost()
        except UnknownContract:
            pass
        if self.settings.ledger_anchor:
            self.batcher = start_batcher(self.ledger, self._nexus, self.settings)

    def stop(self) -> None:
        if self.batcher is not None:
            self.batcher.stop(final=True)
            self.batcher = None
        if self.ledger is not None:
            self.ledger.close()
            self.ledger = None

    def health(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.ledger is not None}
        if self.ledger is not None:
            out["size"] = self.ledger.size()
            anchors = self.ledger.anchors()
            out["anchored"] = anchors[-1].size if anchors else 0
        if self.batcher is not None:
            out.update(self.batcher.health())
        return out

    # --- what the API calls ------------------------------------------------------------------
    def require(self) -> Ledger:
        if self.ledger is None:
            raise LedgerError("the ledger service is not running")
        return self.ledger

    def append(self, kind: str, payload: Any, key: str | None = None) -> dict[str, Any]:
        ledger = self.require()
        return {"id": ledger.append(kind, payload, key=key), "size": ledger.size()}

    def record(self, index: int) -> dict[str, Any]:
        return self.require().record(index).to_json()

    def receipt(self, index: int) -> dict[str, Any]:
        # on the node's own chain: with several chains (nexus.xchain) the same checkpoint is
        # anchored on each, and the receipt this node serves is the one it can verify itself
        cid = self._nexus.chain.chain_id if self._nexus is not None else None
        return self.require().receipt(index, chain_id=cid).to_json()

    def lineage(self, ref: str) -> dict[str, Any]:
        """The upstream graph of a record named by id or sha256 fingerprint (never by a path on
        this machine: that would let a client probe the node's files)."""
        from .lineage import Lineage, lineage_graph

        text = ref.strip()
        digest = text.removeprefix("sha256:").lower()
        if not (text.isdigit() or (len(digest) == 64 and all(c in "0123456789abcdef" for c in digest))):
            raise LineageError("name the record by its id or its sha256 fingerprint")
        lin = Lineage(self.require())
        return {"graph": lineage_graph(lin, lin.find(text)).to_json()}

    def anchor(self) -> dict[str, Any]:
        ledger = self.require()
        assert self._nexus is not None
        anchor = Anchorer(ledger, anchor_contract(self._nexus)).anchor()
        return {"size": ledger.size(), "anchor": anchor.to_json() if anchor else None}

    def verify(self, receipt: dict[str, Any]) -> dict[str, Any]:
        """Online only: valid when the anchor was checked on this node's chain, at its Anchor."""
        nexus = self._nexus
        trusted = nexus.contracts.get("Anchor") if nexus is not None else None
        return verify_receipt(Receipt.from_json(receipt), trusted or (nexus.chain if nexus else None)).to_json()
