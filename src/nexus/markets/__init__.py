"""Prediction markets: LMSR maths (exact mirror + reference), market client and forecasting agents."""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .client import Market, MarketInfo, Markets, blueprint_initcode
    from .fixedpoint import INVALID
    from .hub import HubMarket, MarketHub
    from .lmsr import MarketMath, Quote, reference_cost, reference_prices
    from .migrate import migrate_to_hub
    from .oracle import OracleBinding, OracleLink, claim_for
    from .service import open_markets

__all__ = [
    "INVALID",
    "HubMarket",
    "Market",
    "MarketHub",
    "MarketInfo",
    "MarketMath",
    "Markets",
    "OracleBinding",
    "OracleLink",
    "Quote",
    "blueprint_initcode",
    "claim_for",
    "migrate_to_hub",
    "open_markets",
    "reference_cost",
    "reference_prices",
]

# loaded on first use, so `nexus.markets.units` (the CLI's amount parsing) stays light
_LAZY = {
    **dict.fromkeys(("Market", "MarketInfo", "Markets", "blueprint_initcode"), ".client"),
    "INVALID": ".fixedpoint",
    **dict.fromkeys(("HubMarket", "MarketHub"), ".hub"),
    "migrate_to_hub": ".migrate",
    **dict.fromkeys(("MarketMath", "Quote", "reference_cost", "reference_prices"), ".lmsr"),
    **dict.fromkeys(("OracleBinding", "OracleLink", "claim_for"), ".oracle"),
    "open_markets": ".service",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
