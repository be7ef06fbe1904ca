"""Run attacks and benign traffic under the guard; measure detection, latency, losses, false alarms."""

from __future__ import annotations

import random
from typing import Any

from nexus.guard import build_monitor
from nexus.guard.detectors.anomaly import EnvelopeModel

from .attacks import Attack
from .suite import BENIGN
from .world import World


def _loss_base(w: World, attack: Attack) -> int:
    holders = [w.c[attack.victim].address, *w.users]
    return sum(w.bal(attack.asset, h) for h in holders)


def run_attack(
    w: World, attack: Attack, seed: int, *, guarded: bool, anomaly: EnvelopeModel | None = None
) -> dict[str, Any]:
    """One attack from a snapshot (reverted after). Returns whether the rules (and any detector)
    flagged it, in which block relative to the first loss, the loss, and the breaker's actions."""
    snap = w.chain.snapshot()
    try:
        mon = build_monitor(
            w.chain, targets=w.targets(), anomaly=anomaly, breaker=guarded, start=w.chain.block_number() + 1
        )
        found: list[Any] = []
        first_loss: list[int] = []
        before = _loss_base(w, attack)
        last = [before]

        def step() -> None:
            found.extend(mon.poll())
            now = _loss_base(w, attack)
            if now < last[0] and not first_loss:
                first_loss.append(w.chain.block_number())
            last[0] = now

        attack.run(w, seed, step)
        rules = [f for f in found if f.detector != "anomaly"]
        first = first_loss[0] if first_loss else None
        lat = (min(f.block_number for f in rules) - first) if rules and first is not None else None
        return {
            "class": attack.cls,
            "impl": attack.impl,
            "seed": seed,
            "detected_rules": bool(rules),
            "detected_any": bool(found),
            "alerts": sorted({f.alert_id for f in found}),
            "latency_blocks": lat,
            "loss": (before - _loss_base(w, attack)) / 1e18,
            "pauses": [a.name for a in (mon.breaker.actions if mon.breaker else [])],
            "decisions": [d.reason for d in (mon.breaker.decisions if mon.breaker else [])][:5],
        }
    finally:
        w.chain.revert(snap)


def run_benign(
    w: World,
    kind: str,
    n: int,
    seed: int,
    *,
    anomaly: EnvelopeModel | None = None,
    revert: bool = True,
    traffic: Any = None,
) -> dict[str, Any]:
    """About `n` transactions of one benign kind, watched with the breaker armed: every finding
    is a false alarm, every pause a wrongful one. `traffic`: a generator not in the suite's BENIGN."""
    snap = w.chain.snapshot()
    try:
        mon = build_monitor(w.chain, targets=w.targets(), anomaly=anomaly, start=w.chain.block_number() + 1)
        found: list[Any] = []
        (traffic or BENIGN[kind])(w, random.Random(seed), n, lambda: found.extend(mon.poll()))
        found.extend(mon.poll())
        return {
            "kind": kind,
            "txs": mon.stats["txs"],
            "false_alarms": [f.alert_id for f in found],
            "rule_false_alarms": [f.alert_id for f in found if f.detector != "anomaly"],
            "pauses": [a.name for a in (mon.breaker.actions if mon.breaker else [])],
            "explain": [f.explain() for f in found[:2]],
        }
    finally:
        if revert:
            w.chain.revert(snap)
