"""Every configured chain opened together: the Anchor on each, the outbox/inbox pair on each,
the witnesses (the oracle network's node keys) and the relayer between them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..contracts.deploy import Deployer
from ..exceptions import UnknownContract, XChainError
from .chains import ChainSpec, open_chain, parse_spec
from .endpoint import Endpoint, Limits, deploy_endpoint, link
from .journal import Journal
from .message import dev_signer_keys
from .relayer import Relayer
from .witness import Witness

if TYPE_CHECKING:
    from .._client import Nexus
    from ..chain.base import ChainBackend
    from ..chain.contract import Contract
    from ..settings import Settings

__all__ = ["Member", "XNetwork", "quorum_of"]

log = logging.getLogger(__name__)


def quorum_of(n: int) -> int:
    """2f+1 of n = 3f+1 signers: a strict majority that no f dishonest nodes can reach."""
    return 2 * ((n - 1) // 3) + 1


@dataclass
class Member:
    """One chain of the network, with what it is used for."""

    spec: ChainSpec
    chain: ChainBackend
    deployer: Deployer
    main: bool = False
    anchor: Contract | None = None
    endpoint: Endpoint | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def chain_id(self) -> int:
        return self.chain.chain_id

    def describe(self) -> dict[str, Any]:
        return {
            "chain_id": self.chain_id,
            "endpoint": self.chain.describe(),
            "main": self.main,
            "role": self.spec.role,
            "block_number": self.chain.block_number(),
            "anchor": self.anchor.address if self.anchor is not None else None,
            "outbox": self.endpoint.outbox.address if self.endpoint else None,
            "inbox": self.endpoint.inbox.address if self.endpoint else None,
        }


class XNetwork:
    """The main chain (an open `Nexus`) plus `settings.chains`. With `deploy`, missing Anchor,
    XOutbox and XInbox contracts are deployed and the inboxes linked (dev set-ups); without it,
    chains lacking them simply play no part in that role."""

    def __init__(self, settings: Settings, main: Nexus, *, deploy: bool = True, readonly: bool = False) -> None:
        self.settings = settings
        self.members: list[Member] = [Member(ChainSpec("main"), main.chain, main.deployer, main=True)]
        self._readers: list[ChainBackend] = []
        seen = {main.chain.chain_id}
        try:
            for text in settings.chains:
                spec = parse_spec(text)
                chain = open_chain(spec, settings, readonly=readonly)
                if chain.chain_id in seen:
                    chain.close()
                    raise XChainError(f"chain id {chain.chain_id} is configured twice")
                seen.add(chain.chain_id)
                dep = Deployer(chain, settings.deployments_dir, settings.cache_dir)
                self.members.append(Member(spec, chain, dep))
            self._attach(deploy)
        except BaseException:
            self.close()
            raise
        self.keys = dev_signer_keys(settings.oracle_nodes)
        self.quorum = quorum_of(len(self.keys))
        if deploy and len(self.endpoints) > 1:
            link(self.endpoints, [k.address for k in self.keys], self.quorum, settings.xchain_finality)

    def _attach(self, deploy: bool) -> None:
        s = self.settings
        limits = Limits(s.xchain_window, s.xchain_sender_cap, s.xchain_route_cap)
        for m in self.members:
            if m.spec.anchors:
                m.anchor = _contract(m.deployer, "Anchor", deploy and (not m.main or m.chain.kind == "embedded"))
            if m.spec.messages:
                try:
                    if deploy:
                        m.endpoint = deploy_endpoint(m.chain, m.deployer, limits=limits, name=m.chain.describe())
                    else:
                        got = m.deployer.attach()
                        m.endpoint = Endpoint(m.chain, got["XOutbox"], got["XInbox"], m.chain.describe())
                except (KeyError, UnknownContract):
                    m.endpoint = None

    @property
    def endpoints(self) -> list[Endpoint]:
        return [m.endpoint for m in self.members if m.endpoint is not None]

    @property
    def anchors(self) -> list[Contract]:
        return [m.anchor for m in self.members if m.anchor is not None]

    def member(self, chain_id: int) -> Member:
        for m in self.members:
            if m.chain_id == chain_id:
                return m
        known = ", ".join(str(m.chain_id) for m in self.members)
        raise XChainError(f"chain {chain_id} is not one of this node's chains ({known})")

    def endpoint(self, chain_id: int) -> Endpoint:
        ep = self.member(chain_id).endpoint
        if ep is None:
            raise XChainError(f"chain {chain_id} carries no cross-chain messages (role, or no XOutbox/XInbox)")
        return ep

    def witnesses(self) -> list[Witness]:
        """One per signer key. On a JSON-RPC chain each witness reads through its own
        connection (read-only), not the relayer's; an embedded chain is one in-process object."""
        out = []
        for k in self.keys:
            sources = {}
            for m in self.members:
                if m.endpoint is not None:
                    sources[m.chain_id] = (self._reader(m), m.endpoint.outbox.address)
            out.append(Witness(k, sources, min_finality=self.settings.xchain_finality))
        return out

    def _reader(self, m: Member) -> ChainBackend:
        url = self.settings.rpc_url if m.main else m.spec.url
        if m.chain.kind != "rpc" or not url:
            return m.chain
        from ..chain.rpc import RPCChain

        reader = RPCChain(url, timeout=self.settings.rpc_timeout, expected_chain_id=m.chain_id)
        self._readers.append(reader)
        return reader

    def relayer(self, journal: Journal | None = None) -> Relayer:
        j = journal or Journal(self.settings.home / "xchain" / "relayer.db")
        return Relayer(self.endpoints, self.witnesses(), j, finality=self.settings.xchain_finality)

    def describe(self) -> list[dict[str, Any]]:
        return [m.describe() for m in self.members]

    def close(self) -> None:
        """Close the extra chains and the witnesses' connections (the main chain belongs to its Nexus)."""
        for chain in [*self._readers, *(m.chain for m in self.members if not m.main)]:
            try:
                chain.close()
            except Exception as exc:  # noqa: BLE001  (closing must not raise)
                log.debug("closing chain %s: %s", chain.describe(), exc)


def _contract(deployer: Deployer, name: str, deploy: bool) -> Contract | None:
    try:
        return deployer.attach()[name]
    except KeyError:
        pass
    if not deploy:
        return None
    return deployer.deploy(["Registry", name])[name]
