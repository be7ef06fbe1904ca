"""Validator intelligence: a proof-of-stake simulation with Rated-style scoring, a learned next-epoch
predictor and a stake allocator; and a proof-of-work difficulty controller (pow.py)."""

from __future__ import annotations

__all__: list[str] = []
