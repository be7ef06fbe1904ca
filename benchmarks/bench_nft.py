"""Dynamic NFTs: sample quality of the shipped art model, and gas per mint and per evolution step.

Quality: `per_class` samples of each digit from the shipped weights (the seeds the tokens use are
SHA-256 of (token, state); here `eval:<digit>:<i>`), classified by an RBF SVM trained on all 1,797
real digits of scikit-learn: the share recognised as the requested digit (target >= 95%), the worst
digit, and diversity (mean pairwise L2 distance within a digit's samples over the same for the real
digits of that digit, averaged; 1.0 = as varied as the data) and the share of distinct images.
Gas: on the embedded chain through the same service functions the CLI and API call: `mint`, a
single `evolve` (ERC-4906 MetadataUpdate), and `evolveBatch` per token for batches of 8 and 64
(a token's first step and later ones apart).

Usage: python benchmarks/bench_nft.py [--per-class 100] [--tokens 64] [--train EPOCHS]
(--train first retrains the shipped weights, like `nexus nft train --epochs EPOCHS`.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from _report import report  # noqa: E402

from nexus._client import Nexus  # noqa: E402
from nexus.nft import service  # noqa: E402
from nexus.nft.art import render  # noqa: E402
from nexus.nft.model import WEIGHTS, load_decoder, weights_fingerprint  # noqa: E402
from nexus.nft.train import evaluate, train  # noqa: E402
from nexus.nft.traits import Cause, genesis_traits  # noqa: E402
from nexus.settings import load_settings  # noqa: E402


def quality(per_class: int) -> list[dict[str, object]]:
    rows = []
    for temp in (1000, 700):
        r = evaluate(load_decoder(), per_class=per_class, temperature_milli=temp)
        rows.append(
            {
                "figure": f"samples recognised as the requested digit (T={temp / 1000:.1f})",
                "value": round(100 * float(r["recognised"]), 1),
                "unit": "%",
                "detail": f"{r['samples']} samples; worst digit {100 * float(r['worst_class']):.0f}%",
            }
        )
        rows.append(
            {
                "figure": f"diversity vs real digits (T={temp / 1000:.1f})",
                "value": f"{float(r['diversity_ratio']):.3f}",
                "unit": "ratio",
                "detail": f"distinct images {100 * float(r['distinct']):.0f}%",
            }
        )
    return rows


def gas(tokens: int) -> list[dict[str, object]]:
    """Mints, then evolution steps: a token's first step (versionOf goes from zero: a fresh storage
    slot) costs more than later ones, so both are shown."""
    home = Path(tempfile.mkdtemp(prefix="bench-nft-"))
    n = min(tokens, 64)
    with Nexus(load_settings(home=home)) as nx:
        a = nx.chain.accounts
        mints = [service.mint(nx, a[1 + i % 8])["gas_used"] for i in range(tokens)]
        first = [service.evolve(nx, t, Cause("holder.action", {"i": t}))["gas_used"] for t in range(8)]
        later = [service.evolve(nx, t, Cause("holder.action", {"i": t}))["gas_used"] for t in range(8)]
        b8 = service.evolve_all(nx, Cause("guard.finding", {"n": 8}), tokens=range(8))[-1]["gas_used"]
        mixed = service.evolve_all(nx, Cause("guard.finding", {"n": 1}), tokens=range(n))[-1]["gas_used"]
        bn = service.evolve_all(nx, Cause("guard.finding", {"n": 2}), tokens=range(n))[-1]["gas_used"]
    return [
        {"figure": "gas per mint", "value": round(statistics.mean(mints[1:])), "unit": "gas",
         "detail": f"first mint {mints[0]} (cold storage); mean of the next {tokens - 1}"},
        {"figure": "gas per evolution step (evolve), later steps", "value": round(statistics.mean(later)),
         "unit": "gas", "detail": "one token, MetadataUpdate; mean of 8"},
        {"figure": "gas per evolution step (evolve), a token's first", "value": round(statistics.mean(first)),
         "unit": "gas", "detail": "versionOf leaves zero: a new storage slot; mean of 8"},
        {"figure": "gas per token, evolveBatch of 8 (later steps)", "value": round(b8 / 8), "unit": "gas",
         "detail": f"{b8} for the batch, one BatchMetadataUpdate"},
        {"figure": f"gas per token, evolveBatch of {n} (later steps)", "value": round(bn / n), "unit": "gas",
         "detail": f"{bn} for the batch; {mixed} when {n - 8} of them took their first step"},
    ]  # fmt: skip


def render_speed(n: int = 50) -> dict[str, object]:
    load_decoder()
    t0 = time.perf_counter()
    for i in range(n):
        render(i, genesis_traits(i))
    ms = (time.perf_counter() - t0) * 1000 / n
    return {"figure": "render one token's PNG", "value": round(ms, 2), "unit": "ms", "detail": f"mean of {n}"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-class", type=int, default=100)
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--train", type=int, default=0, metavar="EPOCHS")
    args = ap.parse_args()
    trained = train(WEIGHTS, epochs=args.train) if args.train else None
    rows = quality(args.per_class) + [render_speed()] + gas(args.tokens)
    extra = {"weights": weights_fingerprint(), "weights_bytes": WEIGHTS.stat().st_size, "trained": trained}
    report("nft", rows, extra)


if __name__ == "__main__":
    main()
