"""Fairness audits of models on data with protected attributes (needs the `[fair]` extra).

    from nexus.fairness import audit, load_data, load_model
    ds = load_data("adult.data")                      # UCI Adult / German, or a CSV/parquet + label
    report = audit(load_model("m.skops"), ds.X, ds.y, ["sex", "race"], mitigate=True)
    report.fingerprint(), report.metric_1e6           # for the model registry
    report.anchor(ledger)                             # a `fairness.report` ledger record

Per attribute: per-group count, accuracy, selection rate, TPR/FPR; demographic-parity and
equalised-odds differences (fairlearn); with `mitigate`, the same after fairlearn's
ThresholdOptimizer fitted on a train split, both on the held-out split.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .audit import audit, group_metrics
    from .datasets import Dataset, load_adult, load_data, load_german, load_table
    from .models import load_model, save_model
    from .report import FairnessReport

_LAZY = {
    "audit": ".audit",
    "group_metrics": ".audit",
    "Dataset": ".datasets",
    "load_adult": ".datasets",
    "load_data": ".datasets",
    "load_german": ".datasets",
    "load_table": ".datasets",
    "load_model": ".models",
    "save_model": ".models",
    "FairnessReport": ".report",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "Dataset",
    "FairnessReport",
    "audit",
    "group_metrics",
    "load_adult",
    "load_data",
    "load_german",
    "load_model",
    "load_table",
    "save_model",
]
