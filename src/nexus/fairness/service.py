"""One audit from files: what the CLI and the API call (they hold no logic of their own).

The API's inputs are confined to the node's fairness folder, `<home>/fairness/`: a model and a
data file are named by paths relative to it (no absolute paths, no `..`, no symlink leading out),
models load only as skops, and a small CSV may be posted inline instead of a data path.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import FairnessInputError
from .datasets import Dataset, binary_label, load_data
from .models import SKOPS_SUFFIX, load_model
from .report import FairnessReport

if TYPE_CHECKING:
    from ..ledger import Ledger
    from ..settings import Settings

__all__ = ["MAX_INLINE_CSV", "audit_files", "data_dir", "inline_csv", "run", "safe_path"]

MAX_INLINE_CSV = 2_000_000  # bytes of posted CSV


def data_dir(settings: Settings) -> Path:
    """Where the API may read models and data from."""
    return settings.home / "fairness"


def safe_path(root: Path, name: str) -> Path:
    """`name` resolved inside `root`, or FairnessInputError: relative, no `..`, no way out."""
    if not name or Path(name).is_absolute() or "\\" in name or any(p == ".." for p in Path(name).parts):
        raise FairnessInputError(f"{name!r}: give a path relative to the fairness data folder")
    base = root.resolve()
    target = (base / name).resolve()
    if not target.is_relative_to(base):
        raise FairnessInputError(f"{name!r}: leads outside the fairness data folder")
    return target


def inline_csv(text: str, label: str, protected: Sequence[str], positive: Any = None) -> Dataset:
    """A posted CSV (header row) as a Dataset."""
    from ._deps import require

    pd = require("pandas")
    if len(text.encode()) > MAX_INLINE_CSV:
        raise FairnessInputError(f"inline CSV over {MAX_INLINE_CSV} bytes; put the file in the data folder")
    try:
        df = pd.read_csv(io.StringIO(text))
    except (ValueError, pd.errors.ParserError) as exc:
        raise FairnessInputError(f"unreadable CSV ({' '.join(str(exc).split())[:120]})") from None
    if label not in df.columns:
        raise FairnessInputError(f"no label column {label!r} in the posted CSV")
    y = binary_label(df.pop(label), label, positive)
    return Dataset(df, y, list(protected), label, "inline")


def _file_digest(path: Path) -> str:
    from ..ledger.fingerprint import fingerprint

    return fingerprint(path, as_="file").digest


def run(
    model: Any,
    ds: Dataset,
    protected: Sequence[str],
    *,
    mitigate: bool = False,
    constraint: str = "demographic_parity",
    gate: str = "demographic_parity",
    seed: int = 0,
    source: dict[str, Any] | None = None,
    ledger: Ledger | None = None,
) -> dict[str, Any]:
    """Audit, then anchor when a ledger is given: the report JSON plus `record` (or None)."""
    from .audit import audit

    report: FairnessReport = audit(
        model,
        ds.X,
        ds.y,
        list(protected) or ds.protected,
        mitigate=mitigate,
        constraint=constraint,
        gate=gate,
        seed=seed,
        source={**(source or {}), "data_name": ds.name, "label": ds.label},
    )
    record = report.anchor(ledger) if ledger is not None else None
    return {
        "report": report.to_json(),
        "fingerprint": report.fingerprint(),
        "metric_1e6": report.metric_1e6,
        "record": record,
    }


def audit_files(
    model_path: Path,
    data_path: Path,
    protected: Sequence[str],
    *,
    label: str | None = None,
    positive: Any = None,
    trust_pickle: bool = False,
    skops_only: bool = False,
    ledger: Ledger | None = None,
    **kw: Any,
) -> dict[str, Any]:
    """Load a model file and a data file, audit, anchor; file digests go in the report's source."""
    if skops_only and model_path.suffix.lower() != SKOPS_SUFFIX:
        raise FairnessInputError(f"{model_path.name}: only .skops models are accepted here")
    model = load_model(model_path, trust_pickle=trust_pickle)
    ds = load_data(data_path, label, list(protected), positive=positive)
    source = {"model_file": _file_digest(model_path), "data_file": _file_digest(data_path)}
    return run(model, ds, protected or ds.protected, source=source, ledger=ledger, **kw)
