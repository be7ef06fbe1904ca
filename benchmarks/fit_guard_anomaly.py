"""Fit the guard's shipped anomaly model on benign traffic of several sources and check it on
sources it never saw (split by source, not only by seed).

Fitted on: the sandbox simulator (seed 1000) and nine kinds of the independent benign suite
(tests/guard_eval: FIT_KINDS on worlds of seeds 501-502). Evaluated on a world of seed 503: the
fitted kinds (new seed) and HELD_OUT_KINDS, which no fit saw (market making, a token launch, TWAP
whales, TWAP arbitrage, bridge round trips); the sandbox simulator on seeds 100-102; plus
leave-one-kind-out over the fitted sources. Each row gives the envelope's own alarm rate and the
detector's (`alarms_per_10k`: envelope alarms on transactions that extracted value, the gate
`nexus.guard.detectors.anomaly.extraction`).

Usage: python benchmarks/fit_guard_anomaly.py [--write] [--per-kind 80] [--export vectors.json]
(--write replaces src/nexus/guard/models/anomaly_envelope.json; --export writes the eval-world
training vectors, so `nexus guard fit-anomaly --vectors vectors.json` fits the same model from the
same sources through the same code, nexus.guard.training)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _report import report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from guard_eval.fit import EVAL_SEED, FIT_KINDS, HELD_OUT_KINDS, TRAIN_SEEDS, kind_samples  # noqa: E402

from nexus.guard.training import alarm_rates, fit_sources, leave_one_out, save_vectors  # noqa: E402
from nexus.sandbox.fit import benign_vectors  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "src" / "nexus" / "guard" / "models" / "anomaly_envelope.json"
SANDBOX = "sandbox-simulator"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="replace the shipped model")
    ap.add_argument("--per-kind", type=int, default=80, help="transactions per kind and training seed")
    ap.add_argument("--eval-per-kind", type=int, default=200, help="transactions per kind on the evaluation seed")
    ap.add_argument("--sandbox-txs", type=int, default=3000)
    ap.add_argument(
        "--export",
        type=Path,
        help="also write the eval-world training vectors here (for `nexus guard fit-anomaly --vectors`)",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="fit-guard-") as tmp:
        train, train_flags = kind_samples(Path(tmp) / "train", TRAIN_SEEDS, FIT_KINDS, args.per_kind)
        train_flags[SANDBOX] = []
        train[SANDBOX] = benign_vectors(args.sandbox_txs, seed=1000, flags=train_flags[SANDBOX])
        test, test_flags = kind_samples(
            Path(tmp) / "eval", (EVAL_SEED,), FIT_KINDS + HELD_OUT_KINDS, args.eval_per_kind
        )
        test_flags[SANDBOX] = []
        test[SANDBOX] = [
            x for seed in (100, 101, 102) for x in benign_vectors(1000, seed=seed, flags=test_flags[SANDBOX])
        ]
    if args.export:
        save_vectors(args.export, {k: train[k] for k in FIT_KINDS})
    sources = [*FIT_KINDS, SANDBOX]
    baseline = (
        f"sandbox simulator (seed 1000) + independent benign suite ({', '.join(FIT_KINDS)}; "
        f"seeds {TRAIN_SEEDS[0]}-{TRAIN_SEEDS[-1]})"
    )
    model = fit_sources(train, sources, baseline=baseline)
    rates = alarm_rates(model, test, test_flags)
    loo = leave_one_out(train, sources, train_flags)
    rows = [
        {
            "source": s,
            "split": "held-out kind (never fitted)"
            if s in HELD_OUT_KINDS
            else ("fitted source, seeds 100-102" if s == SANDBOX else f"fitted kind, new seed {EVAL_SEED}"),
            "txs": int(r["txs"]),
            "envelope_alarms": int(r["alarms"]),
            "envelope_per_10k": r["per_10k"],
            "alarms_per_10k": r["gated_per_10k"],
        }
        for s, r in rates.items()
    ]
    rows += [
        {
            "source": s,
            "split": "leave-one-kind-out (fit on the others)",
            "txs": int(r["txs"]),
            "envelope_alarms": int(r["alarms"]),
            "envelope_per_10k": r["per_10k"],
            "alarms_per_10k": r["gated_per_10k"],
        }
        for s, r in loo.items()
    ]
    report(
        "guard_anomaly_fit",
        rows,
        {"baseline": baseline, "n_fit": model.n_fit_, "threshold": model.threshold_, "written": bool(args.write)},
    )
    if args.write:
        model.save(MODEL)
        print(f"shipped model -> {MODEL} ({model.n_fit_} vectors, threshold {model.threshold_:.3g})")


if __name__ == "__main__":
    main()
