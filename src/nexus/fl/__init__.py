"""Federated learning with incentives on Flower: committed updates, contribution-based rewards, robust rules.

Flower runs the federation (`ServerApp` + `ClientApp`, its simulation engine, or a real SuperLink with
SuperNodes); this package adds the incentive layer: `IncentiveStrategy` wraps any Flower strategy and
commits the Merkle root of the round's update hashes on chain before aggregating, the server scores
each update (leave-one-out, Monte-Carlo Shapley) on its validation set, and the FLRound contract pays
each round's budget pro rata, nothing to updates the robust rule rejected. Names load on first use, so
importing the package does not import Flower (the [fl] extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .contribution import Contribution, exact_shapley, leave_one_out, monte_carlo_shapley, score
    from .data import DATASETS, Dataset, dirichlet_partition, load_dataset
    from .federation import ENGINES, Federation, FLConfig, assign_roles
    from .models import MODELS, FLModel, SklearnLinear, TorchMLP, make_model
    from .onchain import InclusionProof, RoundLog, client_address, deploy_round_log, update_hash
    from .strategy import STRATEGIES, IncentiveStrategy, make_strategy

_LAZY = {
    **dict.fromkeys(
        ("Contribution", "exact_shapley", "leave_one_out", "monte_carlo_shapley", "score"), ".contribution"
    ),
    **dict.fromkeys(("DATASETS", "Dataset", "dirichlet_partition", "load_dataset"), ".data"),
    **dict.fromkeys(("ENGINES", "FLConfig", "Federation", "assign_roles"), ".federation"),
    **dict.fromkeys(("MODELS", "FLModel", "SklearnLinear", "TorchMLP", "make_model"), ".models"),
    **dict.fromkeys(("InclusionProof", "RoundLog", "client_address", "deploy_round_log", "update_hash"), ".onchain"),
    **dict.fromkeys(("STRATEGIES", "IncentiveStrategy", "make_strategy"), ".strategy"),
}
__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
__all__ = [
    "Contribution",
    "DATASETS",
    "Dataset",
    "ENGINES",
    "FLConfig",
    "FLModel",
    "Federation",
    "IncentiveStrategy",
    "InclusionProof",
    "MODELS",
    "RoundLog",
    "STRATEGIES",
    "SklearnLinear",
    "TorchMLP",
    "assign_roles",
    "client_address",
    "deploy_round_log",
    "dirichlet_partition",
    "exact_shapley",
    "leave_one_out",
    "load_dataset",
    "make_model",
    "make_strategy",
    "monte_carlo_shapley",
    "score",
    "update_hash",
]
