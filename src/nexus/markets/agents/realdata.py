"""A forecasting task on real public data: "will next week see more DeFi exploits than this week?"
from the DeFiHackLabs incident list (../shared/data/defi-incidents), with time-ordered splits only.

Forecasters are trained on the weeks before the split; the market then runs week by week on the
weeks after it, each question resolved before the next opens (the track record learns online,
only from the past)."""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...exceptions import MarketError
from ..lmsr import MarketMath
from .metrics import brier, log_loss
from .models import CalibratedEnsemble, ForecastModel, GaussianNaiveBayes, LogisticModel
from .pooling import PoolingForecaster, Tape, TrackRecord
from .traders import WAD, Agent, LiquidityAgent
from .venues import SimVenue

__all__ = ["defi_weekly_questions", "run_real_market", "weekly_counts"]

START = dt.date(2020, 4, 6)  # the first Monday from which the list has incidents most months


def weekly_counts(csv_path: Path) -> list[tuple[dt.date, int, int]]:
    """(Monday, incidents that week, of which with a flash loan in the PoC), every week from START
    to the last full week in the file, empty weeks included."""
    try:
        rows = list(csv.DictReader(csv_path.open(newline="", encoding="utf-8")))
    except OSError as exc:
        raise MarketError(f"real data: cannot read {csv_path}: {exc}") from exc
    counts: dict[dt.date, list[int]] = {}
    last = START
    for r in rows:
        try:
            day = dt.datetime.strptime(r["date"].strip(), "%Y%m%d").date()
        except (KeyError, ValueError):
            continue
        monday = day - dt.timedelta(days=day.weekday())
        if monday < START:
            continue
        last = max(last, monday)
        c = counts.setdefault(monday, [0, 0])
        c[0] += 1
        c[1] += r.get("flash_loan_in_poc", "").strip().lower() == "yes"
    out, week = [], START
    while week < last:  # the last week may be partial: left out
        c = counts.get(week, [0, 0])
        out.append((week, c[0], c[1]))
        week += dt.timedelta(days=7)
    return out


def defi_weekly_questions(csv_path: Path, lookback: int = 12) -> tuple[list[list[float]], list[int], list[str]]:
    """Features known at the end of week t and the label "week t+1 has more incidents than week
    t" (outcome 0 = yes, 1 = no), in time order. Features: log counts this week and over the last
    4 and 12 weeks, this week against the 4-week mean, and the flash-loan share over 4 weeks."""
    weeks = weekly_counts(csv_path)
    X, y, when = [], [], []
    for t in range(lookback, len(weeks) - 1):
        now = weeks[t][1]
        m4 = sum(w[1] for w in weeks[t - 3 : t + 1]) / 4
        m12 = sum(w[1] for w in weeks[t - lookback + 1 : t + 1]) / lookback
        fl4 = sum(w[2] for w in weeks[t - 3 : t + 1]) / max(1, sum(w[1] for w in weeks[t - 3 : t + 1]))
        X.append([math.log1p(now), math.log1p(m4), math.log1p(m12), math.log1p(now) - math.log1p(m4), fl4])
        y.append(0 if weeks[t + 1][1] > now else 1)
        when.append(weeks[t + 1][0].isoformat())
    return X, y, when


def _standardise(train: Sequence[Sequence[float]], rows: Sequence[Sequence[float]]) -> list[list[float]]:
    d = len(train[0])
    mean = [sum(r[j] for r in train) / len(train) for j in range(d)]
    sd = [max(math.sqrt(sum((r[j] - mean[j]) ** 2 for r in train) / len(train)), 1e-9) for j in range(d)]
    return [[(r[j] - mean[j]) / sd[j] for j in range(d)] for r in rows]


def run_real_market(
    X: list[list[float]], y: list[int], split: float = 0.6, funding: float = 100.0, passes: int = 3, seed: int = 0
) -> dict[str, Any]:
    """Train forecasters on the first `split` of the questions (time order), then trade one market
    per later question. Scores (Brier, log loss) for the market, each forecaster, and climatology
    (the training base rate)."""
    cut = int(len(X) * split)
    if cut < 20 or len(X) - cut < 10:
        raise MarketError("real data: need at least 20 training and 10 test questions")
    Xs = _standardise(X[:cut], X)
    train_X, train_y = Xs[:cut], y[:cut]
    base = (sum(1 for v in train_y if v == 0) + 1) / (len(train_y) + 2)
    models: list[tuple[str, ForecastModel]] = [
        ("logistic", LogisticModel(l2=1e-2)),
        ("bayes", GaussianNaiveBayes()),
        ("ensemble", CalibratedEnsemble([LogisticModel(l2=1e-2), GaussianNaiveBayes()], seed=seed)),
    ]
    tape = Tape()
    agents: list[Agent] = []
    for name, model in models:
        model.fit(train_X, train_y)
        agents.append(PoolingForecaster(name, model, kelly=0.25, tape=tape, record=TrackRecord(1)))
    agents.append(LiquidityAgent("liquidity"))
    rng = random.Random(seed)
    cash = {a.name: 1000 * WAD for a in agents}
    math_ = MarketMath(2, int(funding * WAD))
    sources: dict[str, list[list[float]]] = {"market": [], "climatology": []}
    outcomes, losses = y[cut:], []
    for x, outcome in zip(Xs[cut:], outcomes):
        venue = SimVenue(math_, cash)
        for a in agents:
            a.start()
            a.start_round(0)
        tape.open([p / WAD for p in venue.prices()])
        for k in range(passes):
            moved = 0
            for a in rng.sample(agents, len(agents)):
                if k == 0 or isinstance(a, PoolingForecaster):
                    moved += len(a.act(venue, x, rng))
            if not moved:
                break
        sources["market"].append([p / WAD for p in venue.prices()])
        sources["climatology"].append([base, 1 - base])
        for a in agents:
            if isinstance(a, PoolingForecaster):
                sources.setdefault(a.name, []).append(a.private[-1])
        losses.append((venue.q[outcome] - venue.collected) / WAD)
        venue.settle(outcome)
        for a in agents:
            a.resolve(outcome)
    scores = {k: {"brier": brier(v, outcomes), "log_loss": log_loss(v, outcomes)} for k, v in sources.items()}
    return {
        "train": cut,
        "test": len(outcomes),
        "yes_rate_test": sum(1 for v in outcomes if v == 0) / len(outcomes),
        "scores": scores,
        "max_maker_loss": max(losses),
        "funding": funding,
    }
