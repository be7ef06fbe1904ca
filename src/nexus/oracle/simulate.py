"""Adversarial simulations: n nodes, k Byzantine, m faulty sources, r rounds on a real chain."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..chain.base import ChainBackend
from ..exceptions import OracleInputError
from ._crypto import dev_node_key
from .adversary import BEHAVIOURS, ByzantineNode
from .network import NodeLike, OracleNetwork, ReportPolicy
from .node import OracleNode
from .onchain import deploy_feed
from .scoring import SourceMonitor
from .simulated import Fault, MarketWorld, SimulatedSource
from .sources import Source

__all__ = ["FAULT_CYCLE", "Simulation", "build_simulation", "check_counts", "run_simulation"]

FAULT_CYCLE = ("manipulated", "stuck", "spike", "drift", "offline")


def check_counts(nodes: int, byzantine: int, faulty_sources: int, sources: int, rounds: int) -> int:
    """Validate the knobs; returns f = floor((n-1)/3)."""
    if not 4 <= nodes <= 31:
        raise OracleInputError(f"--nodes must be 4..31 (n = 3f+1 with f >= 1), got {nodes}")
    if not 0 <= byzantine <= nodes:
        raise OracleInputError(f"--byzantine must be 0..{nodes}, got {byzantine}")
    if not 1 <= sources <= 64 or not 0 <= faulty_sources <= sources:
        raise OracleInputError(f"--faulty-sources must be 0..{sources} (of {sources} sources)")
    if not 1 <= rounds <= 10_000:
        raise OracleInputError(f"--rounds must be 1..10000, got {rounds}")
    return (nodes - 1) // 3


def market_sources(world: MarketWorld, count: int, faulty: int, seed: int, start: float) -> list[Source]:
    rng = random.Random(seed)
    bad = set(rng.sample(range(count), faulty))
    out: list[Source] = []
    for i in range(count):
        fault = None
        if i in bad:
            kind = FAULT_CYCLE[len([b for b in bad if b < i]) % len(FAULT_CYCLE)]
            mag = {"manipulated": world.base * rng.choice((0.2, 3.0)), "spike": 0.5, "drift": world.base * 0.5}.get(
                kind, 0.0
            )
            fault = Fault(kind, start=start, magnitude=mag)
        out.append(SimulatedSource(f"src-{i}", world.price, noise=0.001, fault=fault, seed=seed))
    return out


@dataclass
class Simulation:
    """A deployed feed, its network and which nodes are honest."""

    chain: ChainBackend
    network: OracleNetwork
    honest: set[str]
    world: MarketWorld
    source_tolerance: int

    def run(self, rounds: int, step: int = 60) -> list[dict[str, Any]]:
        rows, scale = [], 10**self.network.decimals
        for _ in range(rounds):
            self.chain.mine(1, seconds=step)
            out = self.network.run_round(force=True)
            honest = [o.observation.value for o in out.observations if o.observation.node in self.honest]
            lo, hi = (min(honest), max(honest)) if honest else (None, None)
            rep = out.accepted
            inside = None if rep is None or lo is None or hi is None else lo <= rep.answer <= hi
            rows.append(
                {
                    **out.to_json(self.network.decimals),
                    "honest_range": [lo / scale, hi / scale] if lo is not None and hi is not None else None,
                    "in_range": inside,
                    "safe": rep is None or bool(inside),
                }
            )
        return rows


def build_simulation(
    chain: ChainBackend,
    nodes: int,
    byzantine: int,
    faulty_sources: int,
    *,
    sources: int = 7,
    seed: int = 0,
    behaviours: Sequence[str] = BEHAVIOURS,
    quorum: int | None = None,
    cache_dir: Path | None = None,
) -> Simulation:
    f = check_counts(nodes, byzantine, faulty_sources, sources, 1)
    rng = random.Random(seed)
    world = MarketWorld(seed=seed)
    srcs = market_sources(world, sources, faulty_sources, seed, start=0.0)
    bad = set(rng.sample(range(nodes), byzantine))
    keys = [dev_node_key(i, f"sim {seed}") for i in range(nodes)]
    feed = deploy_feed(
        chain,
        f"SIM/USD n={nodes}",
        [k.address for k in keys],
        f,
        quorum=quorum,
        decimals=8,
        history=64,
        cache_dir=cache_dir,
    )
    members: list[NodeLike] = []
    for i, key in enumerate(keys):
        kw: dict[str, Any] = {"monitor": SourceMonitor(), "observe_offset": 0.37 * i}
        if i in bad:
            b = behaviours[len([j for j in bad if j < i]) % len(behaviours)]
            members.append(ByzantineNode(i, key, srcs, behaviour=b, target=world.base * 3, **kw))
        else:
            members.append(OracleNode(i, key, srcs, **kw))
    net = OracleNetwork(feed, members, policy=ReportPolicy())
    honest = {str(m.address) for m in members if not getattr(m, "byzantine", False)}
    return Simulation(chain, net, honest, world, (sources - 1) // 3)


def run_simulation(
    nodes: int,
    byzantine: int,
    faulty_sources: int,
    rounds: int,
    *,
    sources: int = 7,
    seed: int = 0,
    quorum: int | None = None,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """Run on a throwaway embedded chain; per round the honest range, answer and verdict."""
    from ..chain.embedded import EmbeddedChain

    f = check_counts(nodes, byzantine, faulty_sources, sources, rounds)
    with tempfile.TemporaryDirectory(prefix="nexus-oracle-sim-") as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain", flush_interval=3600)
        try:
            sim = build_simulation(
                chain, nodes, byzantine, faulty_sources, sources=sources, seed=seed, quorum=quorum, cache_dir=cache_dir
            )
            rows = sim.run(rounds)
        finally:
            chain.close()
    return {
        "nodes": nodes,
        "f": f,
        "quorum": sim.network.quorum,
        "byzantine": byzantine,
        "sources": sources,
        "faulty_sources": faulty_sources,
        "source_tolerance": sim.source_tolerance,
        "rounds": rows,
        "accepted": sum(r["accepted"] for r in rows),
        "safe": all(r["safe"] for r in rows),
    }
