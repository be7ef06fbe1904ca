"""DeFi intelligence answers: lending pool and scores, fee advice, validator leaderboard, portfolio
backtests (amounts as decimal strings of whole units where they are token amounts)."""

from __future__ import annotations

from pydantic import Field

from ._base import Schema

__all__ = ["Allocation", "FeeAdvice", "LendingPool", "Loan", "PortfolioBacktest", "ScoreAnswer", "ValidatorRow"]


class LendingPool(Schema):
    deployed: bool
    pool: str | None = None
    asset: str | None = None
    cash: str | None = None
    borrowed: str | None = None
    utilization_bps: int | None = None
    price: str | None = None
    model: str | None = None
    owner: str | None = Field(
        None, description="who may change the score model: governance's timelock once handed over"
    )
    quorum: int | None = None
    max_score_age: int | None = None


class Loan(Schema):
    borrower: str
    principal: str
    debt: str
    collateral_eth: str
    rate_pct: float
    cf_pct: float
    health_pct: float | None
    score: int
    repaid_loans: int
    liquidations: int


class Reason(Schema):
    feature: str
    value: int | float | str | None
    effect: float
    text: str


class ScoreAnswer(Schema):
    borrower: str
    model: str
    posted: bool
    issued_at: int
    signers: int
    p_default: float
    score: int
    reasons: list[Reason]


class RecentBlock(Schema):
    block: int
    base_fee: int
    gas_used_ratio: float
    min_tip: int | None


class FeeAdvice(Schema):
    max_fee_per_gas: int
    max_priority_fee_per_gas: int
    next_base_fee: int
    predicted_base_fee: int
    tip_source: str
    busy_blocks: int
    probability: float
    within: int
    predicted_load: float
    recent: list[RecentBlock]


class ValidatorRow(Schema):
    validator: int
    effectiveness: float
    predicted_next: float
    cluster: int
    latency_ms: float
    slashed: bool
    down_epochs: int


class Backtest(Schema):
    epochs: int
    k: int
    per_cluster: int
    uniform: float
    last_epoch_best: float
    predictor: float


class Allocation(Schema):
    weights: dict[str, float]
    backtest: Backtest


class StrategyResult(Schema):
    strategy: str
    steps: int
    final_value: float
    total_return: float
    annual_return: float
    volatility: float
    max_drawdown: float
    turnover: float
    swaps: int
    gas_spent: float


class PortfolioBacktest(Schema):
    series: list[str]
    strategies: list[StrategyResult]
    curves: dict[str, list[float]]
