"""Portfolio agent over AMM pools: volatility targeting with cost-aware rebalancing (see agent.py),
replayed on real price series through Uniswap-V2-shaped pools kept in line by arbitrageurs."""

from __future__ import annotations

__all__: list[str] = []
