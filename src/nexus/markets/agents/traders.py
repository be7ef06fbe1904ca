"""Trading agents: forecasters sized by fractional Kelly, and a liquidity (noise) trader."""

from __future__ import annotations

import math
import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ...exceptions import MarketError
from ..lmsr import MarketMath
from .models import ForecastModel

__all__ = ["Agent", "Forecaster", "LiquidityAgent", "MarketView", "Order", "kelly_fraction"]

WAD = 10**18


class MarketView(Protocol):
    """What an agent sees and does: a simulated market (exact maths) or a deployed one."""

    math: MarketMath

    def prices(self) -> list[int]: ...
    def quantities(self) -> list[int]: ...
    def buy(self, outcome: int, shares: int, max_cost: int, trader: str) -> int: ...
    def sell(self, outcome: int, shares: int, min_proceeds: int, trader: str) -> int: ...
    def balance(self, trader: str, outcome: int) -> int: ...
    def cash(self, trader: str) -> int: ...


@dataclass(frozen=True)
class Order:
    """A trade an agent made: side, outcome, shares and collateral moved (both in wei)."""

    agent: str
    side: str
    outcome: int
    shares: int
    amount: int


def kelly_fraction(belief: float, price: float) -> float:
    """Kelly stake, as a fraction of bankroll, on a share costing `price` that pays 1 with
    probability `belief`: (belief - price) / (1 - price), or 0 without an edge."""
    if belief <= price or price >= 1:
        return 0.0
    return (belief - price) / (1 - price)


class Agent(ABC):
    """A market participant with a name (its trading account)."""

    def __init__(self, name: str) -> None:
        self.name = name

    @abstractmethod
    def act(self, market: MarketView, features: Sequence[float], rng: random.Random) -> list[Order]:
        """Look at the market (and the public features) and trade; returns the orders made."""

    def start(self) -> None:  # noqa: B027 - optional hook
        """A new market opens (forget per-market state)."""

    def start_round(self, round_: int) -> None:  # noqa: B027 - optional hook
        """Trading round `round_` of the current market begins (new information arrives)."""

    def resolve(self, outcome: int) -> None:  # noqa: B027 - optional hook
        """The market just traded in resolved to `outcome` (learn from it)."""


@dataclass
class Forecaster(Agent):
    """Believes its model; buys the outcome with the largest edge over the price, staking a
    fraction `kelly` of the full-Kelly amount (never pushing the price past its belief), and sells
    holdings the market now overprices."""

    name: str
    model: ForecastModel
    kelly: float = 0.25
    min_edge: float = 0.02
    observe: Callable[[Sequence[float], random.Random], list[float]] = field(default=lambda x, rng: list(x))
    beliefs: list[list[float]] = field(default_factory=list)
    sees: tuple[int, ...] | None = None  # the features this forecaster observes (None: all of them)

    def hide(self, x: Sequence[float]) -> list[float]:
        """`x` with every feature this forecaster does not observe replaced by 0, its prior mean
        (the model keeps its input size, and a hidden feature carries nothing it could learn)."""
        return list(x) if self.sees is None else [v if j in self.sees else 0.0 for j, v in enumerate(x)]

    def see(self, features: Sequence[float], rng: random.Random) -> list[float]:
        """This forecaster's private observation: its own noisy view, restricted to what it sees."""
        return self.hide(self.observe(features, rng))

    def train(self, X: Sequence[Sequence[float]], y: Sequence[int]) -> None:
        """Fit the model on the history, restricted to the features this forecaster sees."""
        self.model.fit([self.hide(x) for x in X], y)

    def belief(self, features: Sequence[float], rng: random.Random) -> list[float]:
        return self.model.predict_proba(self.see(features, rng))

    def start(self) -> None:
        self.beliefs.clear()

    def act(self, market: MarketView, features: Sequence[float], rng: random.Random) -> list[Order]:
        return self.trade_to(market, self.belief(features, rng))

    def trade_to(self, market: MarketView, belief: list[float]) -> list[Order]:
        """Sell what the market overprices against `belief`, then buy the largest edge."""
        self.beliefs.append(belief)
        prices = [p / WAD for p in market.prices()]
        orders: list[Order] = []
        for i, (b, p) in enumerate(zip(belief, prices)):  # sell what the market overprices
            held = market.balance(self.name, i)
            if held and b < p - self.min_edge:
                shares = min(held, _shares_to_price(market, i, b))
                if shares > 0:
                    got = market.sell(i, shares, 0, self.name)
                    orders.append(Order(self.name, "sell", i, shares, got))
                    prices = [q / WAD for q in market.prices()]
        edges = [b - p for b, p in zip(belief, prices)]
        best = max(range(len(edges)), key=edges.__getitem__)
        if edges[best] < self.min_edge:
            return orders
        stake = int(self.kelly * kelly_fraction(belief[best], prices[best]) * market.cash(self.name))
        shares = _affordable(market, best, _shares_to_price(market, best, belief[best]), stake)
        if shares > 0:
            paid = market.buy(best, shares, stake, self.name)
            orders.append(Order(self.name, "buy", best, shares, paid))
        return orders

    def move_to(self, market: MarketView, target: list[float], share: float = 0.5, tol: float = 0.002) -> list[Order]:
        """Trade the price to `target` itself (not a Kelly-sized step), spending at most `share` of
        this trader's cash: sell what it holds of the outcomes to push down, buy the rest. With
        cash to spare, the price it leaves *is* its belief, so the trade reveals that belief."""
        self.beliefs.append(target)
        prices = [p / WAD for p in market.prices()]
        if max(abs(t - p) for t, p in zip(target, prices)) < tol:
            return []
        b = market.math.b(market.quantities())
        raw = [b * (math.log(max(t, 1e-6)) - math.log(max(p, 1e-12))) for t, p in zip(target, prices)]
        held = [market.balance(self.name, i) for i in range(len(raw))]
        shift = max(-h - r for h, r in zip(held, raw))  # LMSR prices ignore a common shift
        delta = [max(int(r + shift), -h) for r, h in zip(raw, held)]
        orders: list[Order] = []
        for i, d in enumerate(delta):
            if d < 0:
                orders.append(Order(self.name, "sell", i, -d, market.sell(i, -d, 0, self.name)))
        budget = int(share * market.cash(self.name))
        for i, d in enumerate(delta):
            if d > 0 and budget > 0:
                shares = _affordable(market, i, d, budget)
                if shares > 0:
                    paid = market.buy(i, shares, budget, self.name)
                    budget -= paid
                    orders.append(Order(self.name, "buy", i, shares, paid))
        return orders


def _affordable(market: MarketView, i: int, shares: int, budget: int) -> int:
    """min(shares, the most shares of outcome i that `budget` buys), without the budget search
    when `shares` already fits (the cost grows with the shares, so the minimum is then `shares`)."""
    if shares <= 0 or budget <= 0:
        return 0
    try:
        if market.math.quote_buy(market.quantities(), i, shares).total <= budget:
            return shares
    except MarketError:
        pass
    return min(shares, market.math.shares_for_budget(market.quantities(), i, budget))


def _shares_to_price(market: MarketView, i: int, target: float) -> int:
    """Shares of outcome i to buy (target above the price) or sell (below) so that its LMSR
    price moves to `target`, b held at its current value: |x| = b |ln(t (1 - p) / (p (1 - t)))|."""
    p = market.prices()[i] / WAD
    if not (0 < p < 1 and 0 < target < 1) or p == target:
        return 0
    b = market.math.b(market.quantities())
    return int(b * abs(math.log(target * (1 - p) / (p * (1 - target)))))


@dataclass
class LiquidityAgent(Agent):
    """Noise trader that keeps flow in the market: small random buys, and sells of what it holds,
    each sized as a fraction of the liquidity b. It has no view; it pays the spread."""

    name: str
    size: float = 0.02
    activity: float = 0.7

    def act(self, market: MarketView, features: Sequence[float], rng: random.Random) -> list[Order]:
        if rng.random() > self.activity:
            return []
        n = market.math.n
        i = rng.randrange(n)
        held = market.balance(self.name, i)
        try:
            if held and rng.random() < 0.5:
                shares = max(1, int(held * rng.uniform(0.2, 1.0)))
                return [Order(self.name, "sell", i, shares, market.sell(i, shares, 0, self.name))]
            b = market.math.b(market.quantities())
            shares = max(1, int(b * self.size * rng.uniform(0.5, 1.5)))
            cost = market.math.quote_buy(market.quantities(), i, shares).total
            if cost > market.cash(self.name):
                return []
            return [Order(self.name, "buy", i, shares, market.buy(i, shares, cost, self.name))]
        except MarketError:
            return []
