"""Publish a forecast feed: one network per part (`@next`, `@lo`, `@hi`), each node's observation
its own model's forecast, aggregated on chain like any answer (median of the nodes' values)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..exceptions import OracleInputError
from ._crypto import NodeKey
from .feeds import register_feed
from .forecast import SUFFIXES, Forecaster, ForecastSource
from .network import NodeLike, OracleNetwork, RoundOutcome
from .node import OracleNode
from .onchain import deploy_feed
from .scoring import SourceMonitor

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["deploy_forecast", "publish_forecast"]

History = Callable[[float], tuple[Sequence[float], int]]


def deploy_forecast(
    nx: Nexus,
    name: str,
    keys: Sequence[NodeKey],
    models: Sequence[Forecaster],
    histories: Sequence[History],
    *,
    f: int = 1,
    decimals: int = 2,
    tolerance: float = 0.5,
) -> dict[str, OracleNetwork]:
    """Deploy and register `NAME@next|lo|hi`; node i forecasts with `models[i]` on `histories[i]`
    (its own view of the series). `tolerance`: how far (relative) a node lets the median stray
    from its own forecast before it refuses to sign (models disagree more than sources do)."""
    if not len(keys) == len(models) == len(histories):
        raise OracleInputError("one model and one history per node")
    nets = {}
    for suffix in SUFFIXES:
        feed = deploy_feed(
            nx.chain,
            f"{name} forecast {suffix}"[:64],
            [k.address for k in keys],
            f,
            decimals=decimals,
            history=16,
            max_age=86_400 * 2,
            cache_dir=nx.settings.cache_dir / "contracts",
        )
        register_feed(nx, f"{name}@{suffix}", feed)
        nodes: list[NodeLike] = [
            OracleNode(
                i,
                k,
                [ForecastSource(f"model-{i}", m, h, suffix)],
                tolerance=tolerance,
                monitor=SourceMonitor(stuck_after=10**9),
            )
            for i, (k, m, h) in enumerate(zip(keys, models, histories))
        ]
        nets[suffix] = OracleNetwork(feed, nodes)
    return nets


def publish_forecast(nets: dict[str, OracleNetwork], now: int | None = None) -> dict[str, RoundOutcome]:
    """One round of each part; returns the outcomes (`accepted` is the on-chain report)."""
    return {suffix: net.run_round(now, force=True) for suffix, net in nets.items()}
