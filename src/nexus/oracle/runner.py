"""Run a network for one feed on the configured chain (`nexus oracle up` and the node's service)."""

from __future__ import annotations

from typing import Any, Self

from .._client import Nexus
from ..exceptions import OracleInputError, UnknownContract
from ..settings import Settings
from ._crypto import dev_node_key
from .feeds import get_feed, register_feed
from .journal import journal_for, round_record
from .network import NodeLike, OracleNetwork, ReportPolicy
from .node import OracleNode
from .onchain import Feed, deploy_feed
from .simulate import check_counts, market_sources
from .simulated import MarketWorld
from .spec import FeedSpec
from .transport import NodeProcess, start_processes

__all__ = ["NetworkRunner"]


class NetworkRunner:
    """Deploys (or re-attaches to) a feed, starts n nodes in-process or as processes, runs rounds.

    Without a `spec` the nodes read simulated market sources (the dev feed); with one they read the
    spec's real sources. Pass `nexus` to run on an open handle (the node's) instead of a new one.
    Every round goes to the data directory's round journal.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        nodes: int,
        feed: str,
        processes: bool = False,
        sources: int = 7,
        faulty_sources: int = 0,
        spec: FeedSpec | None = None,
        nexus: Nexus | None = None,
    ) -> None:
        if spec is not None:
            nodes, feed, sources = spec.nodes, spec.feed, len(spec.sources)
            if processes:
                raise OracleInputError("nodes with spec'd sources run in-process (--processes is for the dev feed)")
        self.f = check_counts(nodes, 0, faulty_sources, sources, 1)
        self.settings, self.n, self.name, self.processes, self.source_spec = settings, nodes, feed, processes, spec
        self.spec: dict[str, Any] = {"seed": 0, "sources": sources, "faulty": faulty_sources, "base": 2000.0}
        self._procs: list[NodeProcess] = []
        self._own = nexus is None
        self.nexus: Nexus | None = nexus
        self.journal = journal_for(settings)

    def __enter__(self) -> Self:
        if self.nexus is None:
            self.nexus = Nexus(self.settings)
        nx = self.nexus
        try:
            keys = [dev_node_key(i, f"feed {self.name}") for i in range(self.n)]
            feed = self._feed(nx, [k.address for k in keys])
            policy = self.source_spec.policy if self.source_spec else ReportPolicy()
            if self.processes:
                self._procs = start_processes(keys, self.spec)
                members: list[NodeLike] = [p.node for p in self._procs]
            else:
                if self.source_spec is not None:
                    srcs = self.source_spec.build_sources(nx.chain)
                else:
                    world = MarketWorld(base=2000.0, seed=0)
                    srcs = market_sources(world, self.spec["sources"], self.spec["faulty"], 0, start=0.0)
                members = [OracleNode(i, k, srcs, observe_offset=0.37 * i) for i, k in enumerate(keys)]
            self.network = OracleNetwork(feed, members, policy=policy, parallel=self.processes)
        except BaseException:
            self.__exit__()
            raise
        self.feed_address, self.quorum = feed.address, self.network.quorum
        self.journal.rewind(feed.address, nx.chain)  # start-up check: rounds the chain lost go
        return self

    def _feed(self, nx: Nexus, signers: list[str]) -> Feed:
        try:
            feed = get_feed(nx, self.name)
            decimals = self.source_spec.decimals if self.source_spec else feed.decimals
            if feed.signers() == signers and feed.decimals == decimals:
                return feed
        except UnknownContract:
            pass
        if len(self.name) > 27:
            raise OracleInputError("a feed name is at most 27 characters")
        feed = deploy_feed(
            nx.chain,
            self.name,
            signers,
            self.f,
            history=256,
            decimals=self.source_spec.decimals if self.source_spec else 8,
            cache_dir=self.settings.cache_dir / "contracts",
        )
        register_feed(nx, self.name, feed)
        return feed

    def round(self, *, force: bool = True) -> dict[str, Any]:
        """One round (on the embedded chain in a fresh block, so the round has its own time)."""
        assert self.nexus is not None
        chain = self.nexus.chain
        if chain.kind == "embedded":
            chain.mine(1)
        ctx = self.network.context()
        out = self.network.run_round(ctx.now, force=force)
        rec = round_record(self.network.nodes, out, ctx.now, self.network.decimals)
        block = chain.make_durable()  # the round's report (if any) is durable before it is journalled
        rec.update(block=block, block_hash=chain.get_block(block).hash)
        self.journal.append(self.feed_address, {"feed": self.name, **rec})
        return rec

    def __exit__(self, *exc: object) -> None:
        for p in self._procs:
            p.stop()
        self._procs = []
        if self.nexus is not None and self._own:
            self.nexus.close()
        if self._own:
            self.nexus = None
