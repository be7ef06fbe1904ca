"""Oracle products on real and simulated data: insurance payouts, the disputes' first pass, forecasts.

1. Insurance (vega-datasets' daily Seattle weather 2012-2015, five simulated stations per variable,
   one stuck part of each year, one manipulated to report no rain on wet days in 2014-2015, one
   sometimes offline): walk-forward (train on the years before, decide the next), payout decision
   (severity ≥ 50) vs the ground-truth damaging-weather label; basis risk both ways; pool solvency.
   Inputs compared: the oracle's per-source scoring, the plain mean of the stations, the true values.
2. Disputes: the first pass trained on journal claims (the first 2/3 of a real oracle run's rounds)
   and simulated adversarial claims (worlds 0-5), evaluated on held-out claims (the last 1/3 of the
   rounds, worlds 100-104): accuracy, calibration (ECE, Brier), share decided at ≥ 99 % precision,
   and how often a committee of 3 arbiters (each with an independent 8 % noisy view of the truth,
   majority vote) overruled a decided recommendation. Baseline: the fixed 10 % tolerance rule.
   November 2015 is also replayed through the on-chain product (nodes report the model's index,
   daily cover, trigger): on-chain payouts vs the offline decisions.
3. Forecasts: one-step-ahead on the four real series, test years 2014 and 2015, against naive and
   seasonal-naive; nominal 90 % interval coverage.

    python benchmarks/bench_oracle_products.py [--rounds 45]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.oracle.firstpass import TOLERANCE, Claim, FirstPass, claims_from_journal, simulated_claims  # noqa: E402
from nexus.oracle.forecast import evaluate  # noqa: E402
from nexus.oracle.severity import pool_solvency, walk_forward  # noqa: E402
from nexus.oracle.weather import VARIABLES, combine, load_seattle, station_readings  # noqa: E402


def _pct(v: float | None) -> float | None:
    return None if v is None else round(100 * v, 2)


def insurance() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    days = load_seattle()
    st = station_readings(days)
    scored, dropped = combine(st)
    mean = [{v: statistics.fmean(x for x in s.readings[v].values() if x is not None) for v in VARIABLES} for s in st]
    truth = [{v: float(getattr(d, v)) for v in VARIABLES} for d in days]
    rows, extra = [], {"dropped_readings": dropped}
    for name, data in (("oracle scoring", scored), ("mean of stations", mean), ("true values", truth)):
        rep = walk_forward(days, data)
        sol = pool_solvency(rep)
        for y in rep["years"] + [{"year": "2013-15", **rep["pooled"]}]:
            rows.append(
                {
                    "part": "insurance",
                    "input": name,
                    "year": y["year"],
                    "events": y["events"],
                    "paid": y["paid_days"],
                    "match_%": _pct(y["match_rate"]),
                    "paid_no_loss": y["paid_without_loss"],
                    "loss_no_pay": y["loss_without_pay"],
                    "false_pay_%": _pct(y["basis_risk_false_pay"]),
                    "missed_loss_%": _pct(y["basis_risk_missed_loss"]),
                }
            )
        extra[f"solvency ({name})"] = sol
    extra["on_chain_replay"] = _replay(days, scored)
    return rows, extra


def _replay(days: list[Any], rows: list[dict[str, float]]) -> dict[str, Any]:
    """November 2015 through the on-chain product: 4 nodes, daily cover, trigger after each round."""
    import nexus
    from nexus.oracle.replay import replay_days
    from nexus.oracle.severity import SeverityModel
    from nexus.oracle.weather import is_event

    tr = [i for i, d in enumerate(days) if d.year < 2015]
    model = SeverityModel().fit([rows[i] for i in tr], [is_event(days[i]) for i in tr])
    idx = [i for i, d in enumerate(days) if d.year == 2015 and d.day.month == 11]
    with tempfile.TemporaryDirectory() as home, nexus.connect(home=Path(home)) as nx:
        nx.deploy()
        out = replay_days(nx, [days[i] for i in idx], [rows[i] for i in idx], model)
    summary = {
        "days": len(idx),
        "paid_on_chain": out["paid"],
        "agree_with_offline": out["agree"],
        "events": out["events"],
        "paid_and_event": sum(r["paid_on_chain"] and r["event"] for r in out["days"]),
    }
    print(f"on-chain replay, November 2015: {summary}")
    return summary


def _journal(rounds: int) -> list[dict[str, Any]]:
    from nexus.oracle.journal import journal_for
    from nexus.oracle.runner import NetworkRunner
    from nexus.settings import load_settings

    with tempfile.TemporaryDirectory() as home:
        settings = load_settings(home=Path(home))
        with NetworkRunner(settings, nodes=4, feed="SIM/USD", sources=7, faulty_sources=2) as runner:
            for _ in range(rounds):
                runner.round()
            return journal_for(settings).recent(runner.feed_address, rounds)


def _committee(c: Claim, truth: float, rng: random.Random) -> bool:
    votes = [abs(c.claimed - truth * (1 + rng.gauss(0, 0.08))) <= TOLERANCE * max(abs(truth), 1.0) for _ in range(3)]
    return sum(votes) >= 2


def disputes(rounds: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    journal = _journal(rounds)
    cut = 2 * len(journal) // 3
    history = claims_from_journal(journal[:cut], seed=1) + [c for s in range(6) for c in simulated_claims(300, seed=s)]
    held = claims_from_journal(journal[cut:], seed=2) + [
        c for s in range(100, 105) for c in simulated_claims(300, seed=s)
    ]
    fp = FirstPass().fit(history)
    rng = random.Random(7)
    rows = []
    real = [c for c in held if c.group.startswith("journal")]
    for label, subset in (
        ("all held-out", held),
        ("journal (real run)", real),
        ("simulated worlds", [c for c in held if c.group.startswith("sim")]),
    ):
        if not subset:
            continue
        p = fp.proba(subset)
        y = [bool(c.truthful) for c in subset]
        conf = [max(q, 1 - q) for q in p]
        decided = [(q >= 0.5, t) for q, cf, t in zip(p, conf, y) if cf >= fp.tau_]
        bins: dict[int, list[tuple[float, bool]]] = {}
        for q, t in zip(p, y):
            bins.setdefault(min(9, int(q * 10)), []).append((q, t))
        ece = sum(
            len(b) / len(p) * abs(statistics.fmean(q for q, _ in b) - statistics.fmean(t for _, t in b))
            for b in bins.values()
        )
        rule = [
            (abs(c.claimed - c.evidence["answer"]) <= TOLERANCE * max(abs(c.evidence["answer"]), 1.0)) == t
            for c, t in zip(subset, y)
        ]
        overruled = committee_right = 0  # the committee sees the truth the claim was resolved against, noisily
        for c, q, cf, t in zip(subset, p, conf, y):
            if cf < fp.tau_:
                continue
            assert c.truth is not None
            vote = _committee(c, c.truth, rng)
            overruled += vote != (q >= 0.5)
            committee_right += vote == t
        n = max(len(decided), 1)
        rows.append(
            {
                "part": "disputes",
                "set": label,
                "claims": len(subset),
                "accuracy_%": _pct(statistics.fmean((q >= 0.5) == t for q, t in zip(p, y))),
                "rule_accuracy_%": _pct(statistics.fmean(rule)),
                "ece_%": _pct(ece),
                "brier": round(statistics.fmean((q - t) ** 2 for q, t in zip(p, y)), 4),
                "auto_%": _pct(len(decided) / len(subset)),
                "auto_precision_%": _pct(statistics.fmean(a == t for a, t in decided)) if decided else None,
                "overruled_%": _pct(overruled / n),
                "committee_right_%": _pct(committee_right / n),
            }
        )
    return rows, {
        "tau": fp.tau_,
        "history_claims": len(history),
        "held_out_claims": len(held),
        "journal_rounds": len(journal),
        "model": fp.name,
    }


def forecasts() -> list[dict[str, Any]]:
    days = load_seattle()
    doy, years = [d.day.timetuple().tm_yday for d in days], [d.year for d in days]
    rows = []
    for var in VARIABLES:
        y = [float(getattr(d, var)) for d in days]
        for test_year in (2014, 2015):
            r = evaluate(y, doy, years, test_year)
            rows.append(
                {
                    "part": "forecast",
                    "series": var,
                    "year": test_year,
                    "coverage_%": _pct(r["interval_coverage"]),
                    "width": r["interval_width"],
                    "mae_model": r["mae_model"],
                    "mae_naive": r["mae_naive"],
                    "mae_seasonal_naive": r["mae_seasonal_naive"],
                    "rmse_model": r["rmse_model"],
                    "rmse_naive": r["rmse_naive"],
                    "rmse_seasonal_naive": r["rmse_seasonal_naive"],
                }
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=45, help="oracle rounds journalled for the dispute history")
    args = ap.parse_args()
    ins_rows, ins_extra = insurance()
    dis_rows, dis_extra = disputes(args.rounds)
    fc_rows = forecasts()
    report("oracle_products_insurance", ins_rows, ins_extra)
    report("oracle_products_disputes", dis_rows, dis_extra)
    report(
        "oracle_products",
        fc_rows,
        {"insurance": "results/oracle_products_insurance.json", "disputes": "results/oracle_products_disputes.json"},
    )


if __name__ == "__main__":
    main()
