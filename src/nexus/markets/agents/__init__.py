"""AI trading agents for the markets: forecasting models, Kelly-sized forecasters, a liquidity agent."""

from .metrics import ReliabilityBin, brier, calibration_error, log_loss, reliability
from .models import CalibratedEnsemble, ForecastModel, GaussianNaiveBayes, LogisticModel
from .simulate import SimConfig, SimReport, World, default_agents, run_simulation
from .traders import Agent, Forecaster, LiquidityAgent, MarketView, Order, kelly_fraction
from .venues import ChainVenue, SimVenue

__all__ = [
    "Agent", "CalibratedEnsemble", "ChainVenue", "ForecastModel", "Forecaster", "GaussianNaiveBayes",
    "LiquidityAgent", "LogisticModel", "MarketView", "Order", "ReliabilityBin", "SimConfig", "SimReport",
    "SimVenue", "World", "brier", "calibration_error", "default_agents", "kelly_fraction", "log_loss",
    "reliability", "run_simulation",
]
