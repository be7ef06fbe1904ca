"""The whole independent suite: every attack (two victims per class) and every benign kind."""

from __future__ import annotations

from .attacks import ATTACKS as _SINGLE
from .attacks import DEV_SEEDS, HELD_OUT_SEEDS
from .benign import BENIGN as _BASE
from .benign_more import BENIGN_MORE
from .multiblock import ATTACKS as _MULTI

ATTACKS = [*_SINGLE, *_MULTI]
BENIGN = {**_BASE, **BENIGN_MORE}

__all__ = ["ATTACKS", "BENIGN", "DEV_SEEDS", "HELD_OUT_SEEDS"]
