"""The node's services, in start order: the one place that decides what `nexus up` runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .node import Node, Service
    from .settings import Settings

__all__ = ["build_node", "default_services"]


def default_services(settings: Settings) -> list[Service]:
    """Ledger first (others record into it), then the block stream, then its consumers: the model
    service (switch: `models`; it follows the DAO's model registry), the guard (switch: `guard`;
    its fraud model comes from the model service's loader), the oracle network (switch: `oracle`) and
    the dynamic NFTs' evolver (switch: `nft`)."""
    from .guard.service import GuardService
    from .ledger.service import LedgerService
    from .models.service import ModelService
    from .node import BlockStream
    from .oracle.service import OracleService
    from .sandbox.targets import sandbox_targets

    services: list[Service] = [LedgerService(settings), BlockStream(settings.poll_interval)]
    if settings.fee_advisor:
        from .fees.node import FeeAdvisorService

        services.insert(1, FeeAdvisorService(settings))  # after the ledger: it adapts the ledger's batcher
    models = ModelService(settings) if settings.models else None
    if models is not None:
        services.append(models)
    if settings.guard:
        services.append(
            GuardService(
                settings, targets=sandbox_targets(settings), model_loader=None if models is None else models.loader
            )
        )
    if settings.oracle:
        services.append(OracleService(settings))
    if settings.chains:  # several chains: relay messages, mirror the ledger's anchors on each
        from .xchain.service import XChainService

        services.append(XChainService(settings))
    if settings.nft:
        from .nft.node import NFTService

        services.append(NFTService(settings))  # last: it follows the bus events the others publish
    return services


def build_node(settings: Settings) -> Node:
    """A node with the default services."""
    from .node import Node

    return Node(settings, default_services(settings))
