"""Fit the guard's anomaly model on benign sandbox traffic (a throwaway embedded chain per run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..guard.context import GuardContext, price_impacts
from ..guard.detectors.anomaly import EnvelopeModel
from ..guard.txview import decode_tx

__all__ = ["benign_vectors", "fit_anomaly"]


def benign_vectors(n_txs: int, *, seed: int, accounts: int = 40, cache_dir: Path | None = None) -> list[list[float]]:
    """Feature vectors of `n_txs` benign sandbox transactions (after set-up), traces included."""
    from ..chain.embedded import EmbeddedChain
    from .deploy import deploy_sandbox
    from .traffic import TrafficSimulator

    with tempfile.TemporaryDirectory(prefix="nexus-fit-") as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain", flush_interval=1e9)
        try:
            sb = deploy_sandbox(chain, cache_dir=cache_dir)
            sim = TrafficSimulator(sb, seed=seed, accounts=accounts)
            sim.setup()
            first = chain.block_number() + 1
            sim.run(n_txs)
            ctx = GuardContext(chain, protocols=dict(sb.labels))
            out = []
            for n in range(first, chain.block_number() + 1):
                block = chain.get_block(n)
                for tx, rc in zip(block.transactions, block.receipts):
                    view = decode_tx(tx, rc, block, chain.trace(tx.hash))
                    out.append(view.features(price_impacts(view, ctx) if view.swaps else None))
            return out
        finally:
            chain.close()


def fit_anomaly(n_txs: int = 3000, *, seed: int = 1000, cache_dir: Path | None = None) -> EnvelopeModel:
    """An envelope fitted on `n_txs` benign transactions of simulator seed `seed`. The shipped model
    uses seed 1000; benchmarks evaluate on other seeds only."""
    return EnvelopeModel().fit(benign_vectors(n_txs, seed=seed, cache_dir=cache_dir))
