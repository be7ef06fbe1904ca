"""A data marketplace with compute-to-data (contract `DataMarket`): datasets listed as ERC-721 tokens
with their fingerprint and lineage, escrowed purchases, and jobs that run the buyer's allowed algorithm
next to the data in a sandbox and return only a screened result with a signed, ledger-recorded receipt.

    market = deploy_data_market(chain)                         # or data_market(nexus)
    ds = market.list(dataset_fingerprint(path), lineage, price, sender=provider)
    market.allow(ds, algorithm_hash(algo), sender=provider)
    order = market.buy(ds, sender=buyer)                       # escrowed
    out = run_job(market, order, algo, path, provider_key=key, ledger=ledger)
    market.withdraw(sender=contributor)                        # paid pro rata to rows used
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .compute import JobOutcome, algorithm_hash, dataset_fingerprint, run_job, verify_receipt
    from .market import DataMarket, Dataset, Order, deploy_data_market
    from .sandbox import Limits, isolation, run_sandboxed
    from .screen import Screen, screen_output
    from .service import data_market

_LAZY = {
    **dict.fromkeys(("JobOutcome", "algorithm_hash", "dataset_fingerprint", "run_job", "verify_receipt"), ".compute"),
    **dict.fromkeys(("DataMarket", "Dataset", "Order", "deploy_data_market"), ".market"),
    **dict.fromkeys(("Limits", "isolation", "run_sandboxed"), ".sandbox"),
    **dict.fromkeys(("Screen", "screen_output"), ".screen"),
    "data_market": ".service",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "DataMarket",
    "Dataset",
    "JobOutcome",
    "Limits",
    "Order",
    "Screen",
    "algorithm_hash",
    "data_market",
    "dataset_fingerprint",
    "deploy_data_market",
    "isolation",
    "run_job",
    "run_sandboxed",
    "screen_output",
    "verify_receipt",
]
