"""Replay real weather days through the whole insurance product on chain.

Four oracle nodes read the day's severity (the `SeverityModel` on the stations' readings after the
oracle's per-source scoring) and report it; each day a holder buys one day of cover before the
round, and anyone triggers the pool after it. The result lists, per day, the on-chain payout next
to the offline decision and the ground-truth label, so the chain can be checked against the
evaluation in `severity.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..exceptions import OracleInputError
from ._crypto import dev_node_key
from .feeds import register_feed
from .insurance import buy_policy, claims, create_product
from .network import NodeLike, OracleNetwork
from .node import OracleNode
from .onchain import deploy_feed
from .severity import SeverityModel
from .sources import Reading, Source
from .weather import Day, is_event

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["SeveritySource", "replay_days"]

DAY = 86_400


class SeveritySource(Source):
    """The severity index of the day the clock is on: `severity[(now - t0) // DAY]`."""

    kind = "severity-model"

    def __init__(self, id: str, severity: Sequence[float], t0: int) -> None:
        super().__init__(id)
        self.severity, self.t0 = list(severity), t0

    def _read(self, now: float) -> Reading:
        i = int((now - self.t0) // DAY)
        if not 0 <= i < len(self.severity):
            raise OracleInputError(f"no replayed day at {now}")
        return Reading(self.id, self.severity[i], now)


def replay_days(
    nx: Nexus,
    days: Sequence[Day],
    rows: Sequence[dict[str, float]],
    model: SeverityModel,
    *,
    threshold: float = 50.0,
    name: str = "replay",
) -> dict[str, Any]:
    """Run `days` (with their combined readings `rows`) through an on-chain product."""
    if not days or len(days) != len(rows):
        raise OracleInputError("one combined row per replayed day")
    chain = nx.chain
    sev = model.severity(list(rows))
    keys = [dev_node_key(i, f"replay {name}") for i in range(4)]
    feed = deploy_feed(
        chain,
        f"severity {name}"[:64],
        [k.address for k in keys],
        1,
        decimals=2,
        history=16,
        max_age=DAY,
        cache_dir=nx.settings.cache_dir / "contracts",
    )
    register_feed(nx, f"sev:{name}", feed)
    t0 = chain.timestamp() + 60
    nodes: list[NodeLike] = [
        OracleNode(i, k, [SeveritySource("severity", sev, t0)], observe_offset=i) for i, k in enumerate(keys)
    ]
    net = OracleNetwork(feed, nodes)
    create_product(
        nx,
        name,
        feed=f"sev:{name}",
        tiers=[(threshold, "1")],
        premium_bps=1000,
        pool=str(len(days) + 1),
        max_band=10.0,
        max_staleness=3600,
    )
    holder = chain.accounts[1]
    out = []
    for i, (d, s) in enumerate(zip(days, sev)):
        chain.time_travel(max(0, t0 + i * DAY + 120 - chain.timestamp()), blocks=1)
        pid = buy_policy(nx, name, duration=DAY // 2, sender=holder)["policy_id"]
        rep = net.run_round(force=True).accepted
        paid = [c for c in claims(nx, name, trigger=True)["triggered"]]
        out.append(
            {
                "day": d.day.isoformat(),
                "severity": s,
                "reported": rep.answer / 100 if rep else None,
                "offline_pays": s >= threshold,
                "paid_on_chain": paid[0]["paid"] > 0,
                "policy": pid,
                "event": is_event(d),
            }
        )
    return {
        "days": out,
        "agree": sum(r["offline_pays"] == r["paid_on_chain"] for r in out),
        "paid": sum(r["paid_on_chain"] for r in out),
        "events": sum(r["event"] for r in out),
    }
