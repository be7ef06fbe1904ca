"""Several chains: the node's chains, cross-chain messages, and receipts checked on every chain."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from ...exceptions import XChainNotConfigured
from ...node import Node
from ...xchain import service
from ...xchain.network import XNetwork
from ...xchain.service import XChainService
from ..dependencies import NodeDep
from ..schemas.xchain import XChainMessages, XChainSend, XChainSent, XChainStatus, XChainVerify

__all__ = ["router"]

router = APIRouter(prefix="/xchain", tags=["xchain"])


def _network(node: Node) -> XNetwork:
    svc = node.find(XChainService)
    if svc is None:
        raise XChainNotConfigured(
            "this node runs on one chain: list others in the `chains` setting (or `nexus up --chain URL`)"
        )
    return svc.require()


@router.get("/chains", response_model=XChainStatus)
def chains(node: NodeDep) -> dict[str, Any]:
    """Every chain of the node (id, role, head, contracts), the signer quorum and the relayer."""
    svc = node.find(XChainService)
    return service.chains_status(svc.net if svc else None, svc.relayer if svc else None)


@router.get("/messages", response_model=XChainMessages)
def messages(
    node: NodeDep,
    status: Annotated[str | None, Query(description="pending | delivered | orphaned")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """The relayer's messages, newest first."""
    svc = node.find(XChainService)
    return service.list_messages(svc.relayer if svc else None, status, limit)


@router.post("/send", response_model=XChainSent)
def send(node: NodeDep, body: XChainSend) -> dict[str, Any]:
    """Send a message from one of the node's chains to another (a write: needs the API token)."""
    net = _network(node)
    return service.send(net, body.src_chain, body.dst_chain, body.recipient, body.payload)


@router.post("/verify", response_model=XChainVerify)
def verify(
    node: NodeDep,
    receipt: Annotated[dict[str, Any], Body()],
    chain_id: Annotated[int | None, Query(gt=0, description="check on this chain only")] = None,
) -> dict[str, Any]:
    """Check a ledger receipt on every chain with an Anchor (or one); `agree` is false when one disagrees."""
    return service.verify(_network(node), receipt, chain_id=chain_id)
