"""Audit data: the UCI Adult and German credit files, or any CSV/parquet table with a label column.

A `Dataset` holds features `X` (a DataFrame, protected columns included: a model may use them),
a binary label `y` (0/1, 1 = the favourable outcome) and the names of its protected columns.
Adult: label `income` (1 = >50K), protected `sex`, `race`. German: label `credit` (1 = good risk),
protected `sex` (from column 9: A92/A95 female, A91/A93/A94 male) and `age_group` (<=25 / >25,
from `age`, which stays a numeric feature).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exceptions import FairnessInputError
from ._deps import require

__all__ = [
    "ADULT_COLUMNS",
    "GERMAN_COLUMNS",
    "Dataset",
    "binary_label",
    "load_adult",
    "load_data",
    "load_german",
    "load_table",
]

ADULT_COLUMNS = [
    "age",
    "workclass",
    "fnlwgt",
    "education",
    "education_num",
    "marital_status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
    "native_country",
    "income",
]
_ADULT_NUMERIC = ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week"]
GERMAN_COLUMNS = [
    "checking",
    "duration",
    "history",
    "purpose",
    "amount",
    "savings",
    "employment",
    "instalment_rate",
    "personal_status",
    "debtors",
    "residence",
    "property",
    "age",
    "other_plans",
    "housing",
    "existing_credits",
    "job",
    "liable",
    "telephone",
    "foreign_worker",
    "credit",
]
_GERMAN_NUMERIC = ["duration", "amount", "instalment_rate", "residence", "age", "existing_credits", "liable"]
_FEMALE = {"A92", "A95"}


@dataclass
class Dataset:
    """Features, a 0/1 label and the protected columns (all columns of X)."""

    X: Any
    y: Any
    protected: list[str]
    label: str
    name: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.y)


def _read(path: Path, **kw: Any) -> Any:
    pd = require("pandas")
    if not path.is_file():
        raise FairnessInputError(f"{path}: no such data file")
    try:
        return pd.read_csv(path, **kw)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise FairnessInputError(f"{path}: unreadable table ({' '.join(str(exc).split())[:120]})") from None


def load_adult(path: str | Path) -> Dataset:
    """The UCI `adult.data` file (no header, `?` for missing); rows with a missing value dropped."""
    df = _read(Path(path), header=None, names=ADULT_COLUMNS, sep=r",\s*", engine="python", na_values=["?"])
    if df.shape[1] != len(ADULT_COLUMNS) or df["income"].isna().all():
        raise FairnessInputError(f"{path}: not the UCI Adult layout (15 comma-separated columns)")
    df = df.dropna().reset_index(drop=True)
    df["income"] = df["income"].str.rstrip(".")
    y = (df.pop("income") == ">50K").astype("int64")
    for col in _ADULT_NUMERIC:
        df[col] = df[col].astype("int64")
    return Dataset(df, y, ["sex", "race"], "income", "adult")


def load_german(path: str | Path) -> Dataset:
    """The UCI `german.data` file (space separated, coded `A11`…; label 1 good, 2 bad)."""
    df = _read(Path(path), header=None, sep=" ")
    if df.shape[1] != len(GERMAN_COLUMNS):
        raise FairnessInputError(f"{path}: not the UCI German credit layout (21 space-separated columns)")
    df.columns = GERMAN_COLUMNS
    y = (df.pop("credit") == 1).astype("int64")
    for col in _GERMAN_NUMERIC:
        df[col] = df[col].astype("int64")
    df["sex"] = df["personal_status"].map(lambda v: "female" if v in _FEMALE else "male")
    df["age_group"] = df["age"].map(lambda a: "<=25" if a <= 25 else ">25")
    return Dataset(df, y, ["sex", "age_group"], "credit", "german")


def binary_label(values: Any, column: str, positive: Any = None) -> Any:
    """`values` as 0/1 int64: already 0/1 (or bool), or two distinct values with `positive` named."""
    np = require("numpy")
    arr = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    if len(arr) and any(v is None or v != v for v in arr.tolist()):
        raise FairnessInputError(f"label column {column!r} has missing values")
    distinct = set(arr.tolist())
    if positive is not None:
        if positive not in distinct and str(positive) not in {str(v) for v in distinct}:
            raise FairnessInputError(f"label column {column!r} has no value {positive!r}")
        if len(distinct) > 2:
            raise FairnessInputError(f"label column {column!r} is not binary: {len(distinct)} values")
        return (arr.astype(str) == str(positive)).astype("int64")
    if not distinct <= {0, 1}:
        shown = ", ".join(sorted(map(str, distinct))[:5])
        raise FairnessInputError(
            f"label column {column!r} is not binary 0/1 (values: {shown}); name the favourable value with --positive"
        )
    return arr.astype("int64")


def load_table(path: str | Path, label: str, protected: list[str] | None = None, *, positive: Any = None) -> Dataset:
    """A CSV (header row) or parquet table; `label` is a 0/1 column (or give `positive`)."""
    p = Path(path)
    if p.suffix.lower() in (".parquet", ".pq"):
        pd = require("pandas")
        if not p.is_file():
            raise FairnessInputError(f"{p}: no such data file")
        try:
            df = pd.read_parquet(p)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for a bad file
            raise FairnessInputError(f"{p}: unreadable parquet ({type(exc).__name__})") from None
    else:
        df = _read(p)
    if label not in df.columns:
        raise FairnessInputError(f"{p}: no label column {label!r} (columns: {', '.join(map(str, df.columns[:12]))})")
    y = binary_label(df.pop(label), label, positive)
    return Dataset(df, y, list(protected or []), label, p.stem)


def load_data(
    path: str | Path, label: str | None = None, protected: list[str] | None = None, *, positive: Any = None
) -> Dataset:
    """`adult.data` / `german.data` by their UCI layouts, anything else as a table with `label`."""
    p = Path(path)
    if p.name == "adult.data" and label in (None, "income"):
        ds = load_adult(p)
    elif p.name == "german.data" and label in (None, "credit"):
        ds = load_german(p)
    else:
        if not label:
            raise FairnessInputError(f"{p}: name the label column (--label)")
        return load_table(p, label, protected, positive=positive)
    if protected:
        ds.protected = list(protected)
    return ds
