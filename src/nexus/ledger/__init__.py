"""Provenance ledger: an RFC 9162 Merkle log of salted records in SQLite, anchored on chain.

API (stable; lineage and decision audit build on it)::

    from nexus.ledger import open_ledger
    with open_ledger() as ledger:                    # <NEXUS_HOME>/ledger/ledger.db, or path=...
        rid = ledger.append("dataset", {"name": "iris", "sha256": "…"}, key="optional-idem-key")
        rec = ledger.record(rid)                     # Record: id, kind, time_ms, payload, leaf, ...
        pending = ledger.submit("decision", {...})   # group commit; pending.id waits until durable
        ledger.erase(rid)                            # content + salt gone, leaf and proofs stay
        receipt = ledger.receipt(rid)                # after anchoring (`nexus ledger anchor`)

Decisions: ``@nexus.audited(model="m1")`` (see ``nexus.ledger.decisions``). Anchoring:
``Anchorer(ledger, anchor_contract(nexus)).anchor()`` or the node's batcher. Checking:
``verify_receipt(receipt_json, anchor_contract)`` -> Report (`valid` only once the anchor was
checked on chain; ``offline=True`` checks the proof alone and says so).

A record id is its leaf index (an int, 0-based, never reused). `kind` is 1-64 chars of
a-z 0-9 _ . - starting with a letter; `payload` any JSON value (kept off chain, erasable).
The leaf commits to SHA-256(tag || 32-byte salt || canonical JSON of payload), kind and time.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._writer import Pending
    from .checkpoint import Anchor, Checkpoint
    from .ledger import Ledger, open_ledger
    from .receipt import Receipt
    from .records import Record, canonical_json, salted_hash
    from .store import LedgerStore
    from .verify import verify_receipt

# loaded on first use, so importing a submodule (e.g. the fingerprint CLI) stays light
_LAZY = {
    "Pending": "._writer",
    "Anchor": ".checkpoint",
    "Checkpoint": ".checkpoint",
    "Ledger": ".ledger",
    "open_ledger": ".ledger",
    "Receipt": ".receipt",
    "Record": ".records",
    "canonical_json": ".records",
    "salted_hash": ".records",
    "LedgerStore": ".store",
    "verify_receipt": ".verify",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "Anchor",
    "Checkpoint",
    "Ledger",
    "LedgerStore",
    "Pending",
    "Receipt",
    "Record",
    "canonical_json",
    "open_ledger",
    "salted_hash",
    "verify_receipt",
]
