"""Real data for federations: sklearn digits, UCI adult income, Ethereum fraud; Dirichlet non-IID partitions.

The shared files are read from `shared/data/...` (found from the working directory or the package's
parents, as the other capabilities do); they are never copied into the repository.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..exceptions import FLInputError

__all__ = ["DATASETS", "Dataset", "dirichlet_partition", "find_shared", "load_dataset"]

DATASETS = ("digits", "credit", "eth-fraud")


@dataclass(frozen=True)
class Dataset:
    """Standardised features; `val` is the server's validation set, `test` the held-out one."""

    name: str
    X: np.ndarray
    y: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    classes: int

    @property
    def features(self) -> int:
        return int(self.X.shape[1])


def find_shared(rel: str) -> Path | None:
    """`shared/data/<rel>` above the working directory or this package, if present."""
    target = Path("shared") / "data" / rel
    for base in [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]:
        if (base / target).exists():
            return base / target
    return None


def _digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.data.astype(np.float64), d.target.astype(np.int64)


def _adult(limit: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    path = find_shared("credit-fairness/adult.data")
    if path is None:
        raise FLInputError("the credit data set needs shared/data/credit-fairness/adult.data")
    numeric = (0, 2, 4, 10, 11, 12)
    cats = {1: [], 3: [], 5: [], 6: [], 7: [], 8: [], 9: []}  # type: dict[int, list[str]]
    rows = [r for r in csv.reader(path.open(), skipinitialspace=True) if len(r) == 15]
    idx = rng.permutation(len(rows))[:limit]
    rows = [rows[i] for i in idx]
    for r in rows:
        for c, seen in cats.items():
            if r[c] not in seen:
                seen.append(r[c])
    feats = []
    for r in rows:
        f = [float(r[c]) for c in numeric]
        for c, seen in cats.items():
            f.extend(1.0 if r[c] == v else 0.0 for v in seen)
        feats.append(f)
    y = np.array([1 if r[14].startswith(">50K") else 0 for r in rows], dtype=np.int64)
    return np.asarray(feats), y


def _eth(limit: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    path = find_shared("eth-fraud/accounts.csv")
    if path is None:
        raise FLInputError("the eth-fraud data set needs shared/data/eth-fraud/accounts.csv")
    with path.open() as fh:
        reader = csv.reader(fh)
        header = next(reader)
        keep = [i for i, h in enumerate(header) if i > 0 and "token type" not in h.lower()]
        X, y = [], []
        for r in reader:
            try:
                X.append([float(r[i] or 0.0) for i in keep])
            except ValueError:
                continue
            y.append(int(r[0]))
    Xa, ya = np.asarray(X), np.asarray(y, dtype=np.int64)
    Xa = np.sign(Xa) * np.log1p(np.abs(Xa))  # heavy-tailed ether amounts
    idx = rng.permutation(len(ya))[:limit]
    return Xa[idx], ya[idx]


def load_dataset(name: str = "digits", *, seed: int = 0, limit: int = 6000) -> Dataset:
    """Load, shuffle, standardise (on the training part) and split 70/15/15."""
    rng = np.random.default_rng(seed)
    if name == "digits":
        X, y = _digits()
    elif name == "credit":
        X, y = _adult(limit, rng)
    elif name == "eth-fraud":
        X, y = _eth(limit, rng)
    else:
        raise FLInputError(f"unknown data set {name!r}; known: {', '.join(DATASETS)}")
    perm = rng.permutation(len(y))
    X, y = X[perm], y[perm]
    a, b = int(0.7 * len(y)), int(0.85 * len(y))
    mu, sd = X[:a].mean(axis=0), X[:a].std(axis=0) + 1e-9
    X = (X - mu) / sd
    return Dataset(name, X[:a], y[:a], X[a:b], y[a:b], X[b:], y[b:], int(y.max()) + 1)


def dirichlet_partition(
    y: np.ndarray, clients: int, alpha: float, *, seed: int = 0, min_size: int = 5
) -> list[np.ndarray]:
    """Row indices per client: each class split across clients by Dirichlet(alpha) proportions
    (small alpha = very non-IID). Retries until every client holds at least `min_size` rows."""
    if clients < 1:
        raise FLInputError("a federation needs at least one client")
    if alpha <= 0:
        raise FLInputError("the Dirichlet alpha must be positive")
    if len(y) < clients * min_size:
        raise FLInputError(f"{len(y)} rows cannot give {clients} clients {min_size} rows each")
    rng = np.random.default_rng(seed)
    for _ in range(100):
        parts: list[list[int]] = [[] for _ in range(clients)]
        for c in np.unique(y):
            idx = rng.permutation(np.flatnonzero(y == c))
            cuts = (np.cumsum(rng.dirichlet([alpha] * clients)) * len(idx)).astype(int)[:-1]
            for k, chunk in enumerate(np.split(idx, cuts)):
                parts[k].extend(chunk.tolist())
        if min(len(p) for p in parts) >= min_size:
            return [np.sort(np.asarray(p, dtype=np.int64)) for p in parts]
    # very small alpha: top up the smallest clients from the largest so nobody is empty
    sizes = sorted(range(clients), key=lambda k: len(parts[k]))
    for k in sizes:
        while len(parts[k]) < min_size:
            donor = max(range(clients), key=lambda j: len(parts[j]))
            parts[k].append(parts[donor].pop())
    return [np.sort(np.asarray(p, dtype=np.int64)) for p in parts]
