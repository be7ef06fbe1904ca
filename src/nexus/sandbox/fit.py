"""Benign sandbox traffic for the guard's anomaly model (a throwaway embedded chain per run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..guard.detectors.anomaly import EnvelopeModel
from ..guard.training import chain_vectors

__all__ = ["benign_vectors", "fit_anomaly"]


def benign_vectors(
    n_txs: int, *, seed: int, accounts: int = 40, cache_dir: Path | None = None, flags: list[bool] | None = None
) -> list[list[float]]:
    """Feature vectors of `n_txs` benign sandbox transactions (after set-up), traces included
    (`flags`: see nexus.guard.training.chain_vectors)."""
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
            return chain_vectors(chain, first, chain.block_number(), dict(sb.labels), flags)
        finally:
            chain.close()


def fit_anomaly(n_txs: int = 3000, *, seed: int = 1000, cache_dir: Path | None = None) -> EnvelopeModel:
    """An envelope fitted on `n_txs` benign sandbox transactions of simulator seed `seed` only (the
    shipped model is fitted on several sources: benchmarks/fit_guard_anomaly.py)."""
    return EnvelopeModel(baseline=f"sandbox simulator traffic (seed {seed})").fit(
        benign_vectors(n_txs, seed=seed, cache_dir=cache_dir)
    )
