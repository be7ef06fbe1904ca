"""Prediction markets, lending, fee advice, validators and portfolios: exit codes 50-51, 110-115, 180-182."""

from __future__ import annotations

from ._base import NexusError

__all__ = [
    "CreditConsentMissing",
    "CreditModelNotApproved",
    "FeeAdviceError",
    "LendingError",
    "LendingInputError",
    "MarketError",
    "MarketNotFound",
    "PortfolioChainError",
    "PortfolioInputError",
    "ScoreRejected",
    "ValidatorInputError",
]


class MarketError(NexusError, ValueError):
    """A prediction-market request is invalid (bad outcome, amount, state or parameters)."""

    exit_code = 50
    http_status = 400


class MarketNotFound(MarketError, KeyError):
    """No market at that address or index."""

    exit_code = 51
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown market"


class LendingError(NexusError):
    """The lending pool cannot do what was asked (no valid fresh score, under-collateralised, not liquidatable)."""

    exit_code = 110
    http_status = 409


class LendingInputError(LendingError, ValueError):
    """Bad lending input: amounts, addresses, scores, signatures, data files, model features."""

    exit_code = 111
    http_status = 400


class ScoreRejected(LendingError):
    """A credit score is missing, stale, under quorum, or signed by keys that are not oracle nodes."""

    exit_code = 112
    http_status = 422


class CreditModelNotApproved(LendingError):
    """A credit-score model that governance has not promoted (the registry's active `credit-score`
    version): the pool will not take it, and scores made with it are not posted."""

    exit_code = 180
    http_status = 409


class CreditConsentMissing(LendingError):
    """Off-chain data of a borrower without a live identity consent grant covering it for credit scoring."""

    exit_code = 181
    http_status = 403


class FeeAdviceError(NexusError, ValueError):
    """Fee advice cannot be given: bad target, deadline or fee history."""

    exit_code = 113
    http_status = 400


class ValidatorInputError(NexusError, ValueError):
    """Bad validator simulation or allocation input."""

    exit_code = 114
    http_status = 400


class PortfolioInputError(NexusError, ValueError):
    """Bad portfolio input: prices, weights, targets, pools, series."""

    exit_code = 115
    http_status = 400


class PortfolioChainError(NexusError):
    """The on-chain AMM refused a portfolio trade (paused pair, slippage, no liquidity)."""

    exit_code = 182
    http_status = 409
