"""Fee advice for EIP-1559 chains from eth_feeHistory, and its calibration on anvil (see advisor.py)."""

from __future__ import annotations

from .advisor import Advice, FeeHistory, advise, predict_load

__all__ = ["Advice", "FeeHistory", "advise", "predict_load"]
