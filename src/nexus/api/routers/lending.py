"""Lending writes over HTTP (the API token guards every POST): deposit, borrow, repay, liquidate, and a
score signed by the oracle nodes and posted, through `nexus.models.credit_client.LendingClient` on the
same service functions as `nexus lend`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..dependencies import NexusDep
from ..schemas.defi import Loan
from ..schemas.lending import (
    BorrowRequest,
    DepositRequest,
    DepositResult,
    LiquidateRequest,
    Liquidation,
    RepayRequest,
    RepayResult,
    ScoreRequest,
    ScoreResult,
)

__all__ = ["router"]

router = APIRouter(prefix="/lending", tags=["defi"])


def _client(nexus: Any) -> Any:
    from ...models.credit_client import LendingClient

    return LendingClient(nexus)


@router.post("/deposit", response_model=DepositResult)
def deposit(body: DepositRequest, nexus: NexusDep) -> dict[str, Any]:
    """Lend NXD to the pool for shares."""
    return _client(nexus).deposit(body.amount, sender=body.sender, faucet=body.faucet)  # type: ignore[no-any-return]


@router.post("/borrow", response_model=Loan)
def borrow(body: BorrowRequest, nexus: NexusDep) -> dict[str, Any]:
    """Borrow against ETH; needs a valid, fresh score posted for the sender."""
    return _client(nexus).borrow(body.amount, body.collateral, sender=body.sender)  # type: ignore[no-any-return]


@router.post("/repay", response_model=RepayResult)
def repay(body: RepayRequest, nexus: NexusDep) -> dict[str, Any]:
    """Repay the sender's whole debt and take the collateral back."""
    return _client(nexus).repay(sender=body.sender, faucet=body.faucet)  # type: ignore[no-any-return]


@router.post("/liquidate", response_model=Liquidation)
def liquidate(body: LiquidateRequest, nexus: NexusDep) -> dict[str, Any]:
    """Repay an unhealthy loan and take its collateral plus the bonus."""
    return _client(nexus).liquidate(body.borrower, sender=body.sender)  # type: ignore[no-any-return]


@router.post("/score/{address}", response_model=ScoreResult)
def score(address: str, body: ScoreRequest, nexus: NexusDep) -> dict[str, Any]:
    """Score `address` from its on-chain record, sign by a quorum of oracle nodes and post (refused when
    governance owns the pool and has promoted another scorer). Off-chain features: the CLI and SDK only."""
    return _client(nexus).score(address, fraud_probability=body.fraud, post=body.post)  # type: ignore[no-any-return]
