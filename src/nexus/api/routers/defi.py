"""DeFi intelligence reads: the lending pool, loans and (unposted) scores with explanations, fee advice
from the chain's fee history, the validator leaderboard and allocation, portfolio backtests."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ..dependencies import NexusDep
from ..schemas.defi import Allocation, FeeAdvice, LendingPool, Loan, PortfolioBacktest, ScoreAnswer, ValidatorRow

__all__ = ["router"]

router = APIRouter(tags=["defi"])


def _pool(nexus: Any) -> Any:
    from ...lending.pool import CreditPool

    manifest = nexus.deployer.manifest()
    if manifest is None or "CreditPool" not in manifest.contracts:
        return None
    return CreditPool.attach(nexus.chain, nexus.deployer)


@router.get("/lending/pool", response_model=LendingPool)
def lending_pool(nexus: NexusDep) -> dict[str, Any]:
    """Pool health: cash, borrowed, utilisation, oracle price, approved score model."""
    from ...lending.service import pool_state

    pool = _pool(nexus)
    return {"deployed": False} if pool is None else {"deployed": True, **pool_state(pool)}


@router.get("/lending/loans/{address}", response_model=Loan)
def lending_loan(address: str, nexus: NexusDep) -> dict[str, Any]:
    """One borrower's loan (zeros when none) and on-chain record."""
    from ...exceptions import LendingError
    from ...lending.service import loan_of

    pool = _pool(nexus)
    if pool is None:
        raise LendingError("lending: no CreditPool deployed on this chain")
    return loan_of(pool, address)


@router.get("/lending/score/{address}", response_model=ScoreAnswer)
def lending_score(
    address: str,
    nexus: NexusDep,
    fraud: Annotated[float, Query(ge=0, le=1, description="the guard's fraud probability")] = 0.0,
) -> dict[str, Any]:
    """The score the oracle network would post for `address`, with the features that moved it (not posted)."""
    from ...exceptions import LendingError
    from ...lending.service import score

    pool = _pool(nexus)
    if pool is None:
        raise LendingError("lending: no CreditPool deployed on this chain")
    return score(pool, address, signers=[], fraud_probability=fraud, post=False)


@router.get("/fees/advice", response_model=FeeAdvice)
def fee_advice(
    nexus: NexusDep,
    within: Annotated[int, Query(ge=1, le=1024)] = 3,
    probability: Annotated[float, Query(gt=0, lt=1)] = 0.9,
) -> dict[str, Any]:
    """maxFeePerGas / maxPriorityFeePerGas for inclusion within `within` blocks, and the recent blocks."""
    from ...fees.service import advise_fees

    return advise_fees(nexus.chain, within=within, probability=probability)


@router.get("/validators/leaderboard", response_model=list[ValidatorRow])
def validator_leaderboard(
    top: Annotated[int, Query(ge=1, le=100)] = 10, seed: Annotated[int, Query(ge=0)] = 0
) -> list[dict[str, Any]]:
    """Simulated network: Rated-style effectiveness and predicted next epoch."""
    from ...validators.service import leaderboard

    return leaderboard(top=top, seed=seed)


@router.get("/validators/allocation", response_model=Allocation)
def validator_allocation(
    k: Annotated[int, Query(ge=1, le=100)] = 10, seed: Annotated[int, Query(ge=0)] = 0
) -> dict[str, Any]:
    """Stake weights from the predictor, and its backtest against uniform and last-epoch best."""
    from ...validators.service import allocate_stake

    return allocate_stake(k=k, seed=seed)


@router.get("/portfolio/backtest", response_model=PortfolioBacktest)
def portfolio_backtest(series: str = "GOOG", target_vol: Annotated[float, Query(gt=0, lt=5)] = 0.10) -> dict[str, Any]:
    """Agent vs buy-and-hold vs calendar rebalancing on a bundled series, with value curves."""
    from ...portfolio.service import backtest

    return backtest(series, target_vol=target_vol)
