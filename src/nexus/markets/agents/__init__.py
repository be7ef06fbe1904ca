"""AI trading agents for the markets: forecasting models, Kelly-sized forecasters, a liquidity agent."""

from .metrics import ReliabilityBin, brier, calibration_error, log_loss, reliability
from .models import CalibratedEnsemble, ForecastModel, GaussianNaiveBayes, LogisticModel
from .signals import (
    FEATURES,
    GuardFindingsSignal,
    SignalSource,
    SimulatedGuardSignals,
    findings_features,
)
from .simulate import SimConfig, SimReport, World, default_agents, run_simulation
from .traders import Agent, Forecaster, LiquidityAgent, MarketView, Order, kelly_fraction
from .venues import ChainVenue, HubVenue, SimVenue

__all__ = [
    "FEATURES",
    "Agent",
    "CalibratedEnsemble",
    "ChainVenue",
    "HubVenue",
    "ForecastModel",
    "Forecaster",
    "GaussianNaiveBayes",
    "GuardFindingsSignal",
    "LiquidityAgent",
    "LogisticModel",
    "MarketView",
    "Order",
    "ReliabilityBin",
    "SignalSource",
    "SimConfig",
    "SimReport",
    "SimVenue",
    "SimulatedGuardSignals",
    "World",
    "brier",
    "calibration_error",
    "default_agents",
    "findings_features",
    "kelly_fraction",
    "log_loss",
    "reliability",
    "run_simulation",
]
