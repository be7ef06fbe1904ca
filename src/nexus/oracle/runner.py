"""Run a network for one simulated feed on the configured chain (`nexus oracle up`)."""

from __future__ import annotations

from typing import Any, Self

from .._client import Nexus
from ..exceptions import OracleInputError, UnknownContract
from ..settings import Settings
from ._crypto import dev_node_key
from .feeds import get_feed, register_feed
from .network import NodeLike, OracleNetwork
from .node import OracleNode
from .onchain import Feed, deploy_feed
from .simulate import check_counts, market_sources
from .simulated import MarketWorld
from .transport import NodeProcess, start_processes

__all__ = ["NetworkRunner"]


class NetworkRunner:
    """Deploys (or re-attaches to) a feed, starts n nodes in-process or as processes, runs rounds."""

    def __init__(self, settings: Settings, *, nodes: int, feed: str, processes: bool = False,
                 sources: int = 7, faulty_sources: int = 0) -> None:
        self.f = check_counts(nodes, 0, faulty_sources, sources, 1)
        self.settings, self.n, self.name, self.processes = settings, nodes, feed, processes
        self.spec: dict[str, Any] = {"seed": 0, "sources": sources, "faulty": faulty_sources, "base": 2000.0}
        self._procs: list[NodeProcess] = []
        self.nexus: Nexus | None = None

    def __enter__(self) -> Self:
        self.nexus = nx = Nexus(self.settings)
        try:
            keys = [dev_node_key(i, f"feed {self.name}") for i in range(self.n)]
            feed = self._feed(nx, [k.address for k in keys])
            if self.processes:
                self._procs = start_processes(keys, self.spec)
                members: list[NodeLike] = [p.node for p in self._procs]
            else:
                world = MarketWorld(base=2000.0, seed=0)
                srcs = market_sources(world, self.spec["sources"], self.spec["faulty"], 0, start=0.0)
                members = [OracleNode(i, k, srcs, observe_offset=0.37 * i) for i, k in enumerate(keys)]
            self.network = OracleNetwork(feed, members, parallel=self.processes)
        except BaseException:
            self.__exit__()
            raise
        self.feed_address, self.quorum = feed.address, self.network.quorum
        return self

    def _feed(self, nx: Nexus, signers: list[str]) -> Feed:
        try:
            feed = get_feed(nx, self.name)
            if feed.signers() == signers:
                return feed
        except UnknownContract:
            pass
        if len(self.name) > 27:
            raise OracleInputError("a feed name is at most 27 characters")
        feed = deploy_feed(nx.chain, self.name, signers, self.f, history=256,
                           cache_dir=self.settings.cache_dir / "contracts")
        register_feed(nx, self.name, feed)
        return feed

    def round(self) -> dict[str, Any]:
        assert self.nexus is not None
        chain = self.nexus.chain
        if chain.kind == "embedded":
            chain.mine(1)  # a fresh block: the round's time is the chain's time
        return self.network.run_round(force=True).to_json(self.network.decimals)

    def __exit__(self, *exc: object) -> None:
        for p in self._procs:
            p.stop()
        self._procs = []
        if self.nexus is not None:
            self.nexus.close()
            self.nexus = None
