"""Prediction markets: LMSR maths (exact mirror + reference), market client and forecasting agents."""

from .client import Market, MarketInfo, Markets, blueprint_initcode
from .fixedpoint import INVALID
from .lmsr import MarketMath, Quote, reference_cost, reference_prices
from .oracle import OracleBinding, OracleLink, claim_for
from .service import open_markets

__all__ = ["INVALID", "Market", "MarketInfo", "MarketMath", "Markets", "OracleBinding", "OracleLink", "Quote",
           "blueprint_initcode", "claim_for", "open_markets", "reference_cost", "reference_prices"]
