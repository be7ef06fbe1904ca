"""Models a federation trains: a scikit-learn linear classifier and a small PyTorch MLP.

Each `FLModel` is stateless about its weights: `train` takes the global arrays and returns the
client's new arrays, `predict` scores any arrays, so one object serves every client and the
server's contribution scoring (which evaluates many candidate aggregates) alike.
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod

import numpy as np

from ..exceptions import FLInputError, FLRuntimeError

__all__ = ["MODELS", "FLModel", "SklearnLinear", "TorchMLP", "make_model"]

Arrays = list[np.ndarray]
MODELS = ("sklearn", "torch")


class FLModel(ABC):
    """Base class of the models a ClientApp trains (one per federation: features and classes fixed)."""

    kind = "model"

    def __init__(self, features: int, classes: int) -> None:
        self.features, self.classes = int(features), int(classes)

    @abstractmethod
    def init_arrays(self, seed: int = 0) -> Arrays: ...

    @abstractmethod
    def train(
        self, arrays: Arrays, X: np.ndarray, y: np.ndarray, *, epochs: int, lr: float, seed: int, mu: float = 0.0
    ) -> Arrays:
        """Train from `arrays`; `mu` > 0 adds FedProx's proximal term (mu/2)·||w - w_global||²."""

    @abstractmethod
    def predict(self, arrays: Arrays, X: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def scores(self, arrays: Arrays, X: np.ndarray) -> np.ndarray:
        """Per-class scores (logits), one row per sample."""

    def utility(self, arrays: Arrays, X: np.ndarray, y: np.ndarray) -> float:
        """Mean softmax probability of the true class: accuracy's smooth cousin (fewer ties between
        coalitions, so contribution ranks are stable)."""
        if len(y) == 0:
            return 0.0
        z = self.scores(arrays, X)
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        return float(np.mean(p[np.arange(len(y)), y]))

    def accuracy(self, arrays: Arrays, X: np.ndarray, y: np.ndarray) -> float:
        if len(y) == 0:
            return 0.0
        return float(np.mean(self.predict(arrays, X) == y))


class SklearnLinear(FLModel):
    """scikit-learn `SGDClassifier` (logistic loss, one-vs-rest): arrays = [coef_, intercept_]."""

    kind = "sklearn"

    def _rows(self) -> int:
        return 1 if self.classes == 2 else self.classes

    def init_arrays(self, seed: int = 0) -> Arrays:
        return [np.zeros((self._rows(), self.features)), np.zeros(self._rows())]

    def train(
        self, arrays: Arrays, X: np.ndarray, y: np.ndarray, *, epochs: int, lr: float, seed: int, mu: float = 0.0
    ) -> Arrays:
        """`mu` is ignored: SGDClassifier has no proximal term (FedProx acts as FedAvg for this model)."""
        from sklearn.linear_model import SGDClassifier

        clf = SGDClassifier(loss="log_loss", learning_rate="constant", eta0=lr, alpha=1e-4, random_state=seed)
        classes = np.arange(self.classes)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.partial_fit(X[:1], y[:1], classes=classes)  # allocates coef_ for every class
            clf.coef_ = np.array(arrays[0], dtype=np.float64, copy=True)
            clf.intercept_ = np.array(arrays[1], dtype=np.float64, copy=True)
            for _ in range(max(1, epochs)):
                clf.partial_fit(X, y)
        return [np.asarray(clf.coef_, dtype=np.float64), np.asarray(clf.intercept_, dtype=np.float64)]

    def scores(self, arrays: Arrays, X: np.ndarray) -> np.ndarray:
        raw = X @ np.asarray(arrays[0]).T + np.asarray(arrays[1])
        if self.classes == 2:  # one decision column: class 1's logit against a zero for class 0
            return np.column_stack([np.zeros(len(raw)), raw[:, 0]])
        return np.asarray(raw)

    def predict(self, arrays: Arrays, X: np.ndarray) -> np.ndarray:
        return np.argmax(self.scores(arrays, X), axis=1)


class TorchMLP(FLModel):
    """A one-hidden-layer PyTorch MLP trained with SGD: arrays = the state dict's tensors in order."""

    kind = "torch"

    def __init__(self, features: int, classes: int, hidden: int = 32) -> None:
        super().__init__(features, classes)
        self.hidden = hidden

    def _net(self) -> object:
        try:
            import torch
        except ImportError:  # pragma: no cover - the [torch] extra
            raise FLRuntimeError("the torch model needs PyTorch (install the [torch] extra)") from None
        return torch.nn.Sequential(
            torch.nn.Linear(self.features, self.hidden), torch.nn.ReLU(), torch.nn.Linear(self.hidden, self.classes)
        )

    def init_arrays(self, seed: int = 0) -> Arrays:
        import torch

        torch.manual_seed(seed)
        net = self._net()
        return [t.detach().numpy().astype(np.float64) for t in net.state_dict().values()]  # type: ignore[attr-defined]

    def train(
        self, arrays: Arrays, X: np.ndarray, y: np.ndarray, *, epochs: int, lr: float, seed: int, mu: float = 0.0
    ) -> Arrays:
        import torch

        torch.manual_seed(seed)
        net = self._net()
        keys = list(net.state_dict().keys())  # type: ignore[attr-defined]
        net.load_state_dict({k: torch.tensor(a, dtype=torch.float32) for k, a in zip(keys, arrays)})  # type: ignore[attr-defined]
        opt = torch.optim.SGD(net.parameters(), lr=lr)  # type: ignore[attr-defined]
        anchor = [p.detach().clone() for p in net.parameters()]  # type: ignore[attr-defined]
        Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.int64)
        gen = torch.Generator().manual_seed(seed)
        for _ in range(max(1, epochs)):
            for idx in torch.randperm(len(yt), generator=gen).split(32):
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(net(Xt[idx]), yt[idx])  # type: ignore[operator]
                if mu > 0:  # FedProx
                    prox = sum(((p - a) ** 2).sum() for p, a in zip(net.parameters(), anchor))  # type: ignore[attr-defined]
                    loss = loss + 0.5 * mu * prox
                loss.backward()
                opt.step()
        return [t.detach().numpy().astype(np.float64) for t in net.state_dict().values()]  # type: ignore[attr-defined]

    def scores(self, arrays: Arrays, X: np.ndarray) -> np.ndarray:
        h = np.maximum(X @ arrays[0].T + arrays[1], 0.0)
        return np.asarray(h @ arrays[2].T + arrays[3])

    def predict(self, arrays: Arrays, X: np.ndarray) -> np.ndarray:
        return np.argmax(self.scores(arrays, X), axis=1)


def make_model(kind: str, features: int, classes: int) -> FLModel:
    if kind == "sklearn":
        return SklearnLinear(features, classes)
    if kind == "torch":
        return TorchMLP(features, classes)
    raise FLInputError(f"unknown model {kind!r}; known: {', '.join(MODELS)}")
