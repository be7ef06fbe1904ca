"""Lending writes: request bodies and answers of POST /lending/... (amounts as decimal strings of whole units)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ._base import Schema
from .defi import LendingPool, Loan, ScoreAnswer

__all__ = [
    "BorrowRequest",
    "DepositRequest",
    "DepositResult",
    "LiquidateRequest",
    "Liquidation",
    "RepayRequest",
    "RepayResult",
    "ScoreRequest",
    "ScoreResult",
]

_SENDER = Field(None, description="Sending account: an address or a dev account index (default: the node's account).")


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DepositRequest(_Request):
    amount: str = Field(description="NXD to lend, whole units.", examples=["1000"])
    sender: str | None = _SENDER
    faucet: bool = Field(False, description="Dev chains: mint the NXD first.")


class BorrowRequest(_Request):
    amount: str = Field(description="NXD to borrow.", examples=["100"])
    collateral: str = Field(description="ETH posted as collateral.", examples=["1"])
    sender: str | None = _SENDER


class RepayRequest(_Request):
    sender: str | None = _SENDER
    faucet: bool = Field(False, description="Dev chains: mint NXD for the interest first.")


class LiquidateRequest(_Request):
    borrower: str = Field(description="The unhealthy borrower's address (or dev account index).")
    sender: str | None = _SENDER


class ScoreRequest(_Request):
    fraud: float = Field(0.0, ge=0, le=1, description="The guard's fraud probability for the address.")
    post: bool = Field(True, description="Sign by a quorum of oracle nodes and post on chain.")


class DepositResult(Schema):
    lender: str
    deposited: str
    shares: str
    pool: LendingPool


class RepayResult(Loan):
    paid_at_most: str


class Liquidation(Schema):
    borrower: str
    debt_repaid: str
    tx: str
    loan: Loan


class ScoreResult(ScoreAnswer):
    consent: dict[str, str] | None = Field(None, description="The grant the off-chain features were used under.")
