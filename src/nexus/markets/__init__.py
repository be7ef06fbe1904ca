"""Prediction markets: LMSR maths (exact mirror + reference), market client and forecasting agents."""

from .client import Market, MarketInfo, Markets, blueprint_initcode
from .fixedpoint import INVALID
from .lmsr import MarketMath, Quote, reference_cost, reference_prices
from .service import open_markets

__all__ = ["INVALID", "Market", "MarketInfo", "MarketMath", "Markets", "Quote", "blueprint_initcode",
           "open_markets", "reference_cost", "reference_prices"]
