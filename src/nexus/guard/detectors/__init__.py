"""Detectors: rules over decoded transactions and models fitted on traffic."""

from __future__ import annotations

from .activity import DormantTransferRule, FailingBurstRule, SandwichRule
from .anomaly import AnomalyDetector, EnvelopeModel
from .base import Detector
from .bridge import UnbackedBridgeRule
from .defi import (
    DrainRule,
    FlashLoanManipulationRule,
    PrivilegeChangeRule,
    ReadOnlyReentrancyRule,
    ReentrancyRule,
    VotingPowerSpikeRule,
)
from .mechanisms import ApprovalDrainRule, InitTakeoverRule, SlowDrainRule
from .oracle import PriceRoundTripRule
from .rugs import MintDumpRule, ShareInflationRule
from .twap import TwapPumpRule
from .votes import VoteRecyclingRule

__all__ = [
    "AnomalyDetector",
    "ApprovalDrainRule",
    "Detector",
    "DormantTransferRule",
    "DrainRule",
    "EnvelopeModel",
    "FailingBurstRule",
    "FlashLoanManipulationRule",
    "InitTakeoverRule",
    "MintDumpRule",
    "PriceRoundTripRule",
    "PrivilegeChangeRule",
    "ReadOnlyReentrancyRule",
    "ReentrancyRule",
    "SandwichRule",
    "ShareInflationRule",
    "SlowDrainRule",
    "TwapPumpRule",
    "UnbackedBridgeRule",
    "VoteRecyclingRule",
    "VotingPowerSpikeRule",
    "default_detectors",
]


def default_detectors(anomaly: EnvelopeModel | None = None) -> list[Detector]:
    """Every rule, plus the anomaly detector when a fitted model is given."""
    out: list[Detector] = [
        FlashLoanManipulationRule(),
        ReentrancyRule(),
        DrainRule(),
        VotingPowerSpikeRule(),
        PrivilegeChangeRule(),
        FailingBurstRule(),
        DormantTransferRule(),
        SandwichRule(),
        ApprovalDrainRule(),
        SlowDrainRule(),
        InitTakeoverRule(),
        MintDumpRule(),
        ShareInflationRule(),
        ReadOnlyReentrancyRule(),
        PriceRoundTripRule(),
        VoteRecyclingRule(),
        TwapPumpRule(),
        UnbackedBridgeRule(),
    ]
    if anomaly is not None:
        out.append(AnomalyDetector(anomaly))
    return out
