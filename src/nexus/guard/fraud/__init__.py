"""Account fraud/AML risk: a gradient-boosted model on account features, stored as plain JSON."""

from __future__ import annotations

from .data import FEATURE_COLUMNS, read_accounts
from .model import FraudModel, default_model_path, load_default_model

__all__ = ["FEATURE_COLUMNS", "FraudModel", "default_model_path", "load_default_model", "read_accounts"]
