"""Train the NFT art model (a class-conditional VAE on scikit-learn's digits) and measure its samples.

`train(out)` fits the VAE with torch on CPU (seeded: same machine and torch version, same weights),
quantises the decoder to fixed-point integers and writes the `.npz` that `model.load_decoder` reads.
`evaluate(decoder)` draws samples per digit and reports how often a classifier trained on the real
digits recognises the requested class, and how diverse the samples are next to the real digits.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from ..exceptions import MissingExtra
from .model import CLASSES, SCALE, DigitsDecoder, numpy

__all__ = ["evaluate", "real_digits", "train"]

HIDDEN = 256
LATENT = 8


def _need(name: str, why: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        extra = "torch" if name == "torch" else "ml"
        raise MissingExtra(f"{why} needs {name}; run: pip install 'symbiotic-nexus[{extra}]'") from None


def real_digits() -> tuple[Any, Any]:
    """scikit-learn's bundled 8x8 digits: pixels scaled to 0..1 (float32), labels."""
    datasets = _need("sklearn.datasets", "the NFT training data")
    np = numpy()
    d = datasets.load_digits()
    return (d.data / 16.0).astype(np.float32), d.target.astype(np.int64)


def _nets(torch: ModuleType) -> tuple[Any, Any]:
    nn = torch.nn
    d = 64
    enc = nn.Sequential(
        nn.Linear(d + CLASSES, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 2 * LATENT)
    )
    dec = nn.Sequential(
        nn.Linear(LATENT + CLASSES, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, d)
    )
    return enc, dec


def train(
    out: Path,
    *,
    epochs: int = 1000,
    seed: int = 0,
    progress: Callable[[int, int, float], None] | None = None,
) -> dict[str, Any]:
    """Fit the CVAE, write the quantised decoder to `out` (.npz); returns the training summary."""
    torch = _need("torch", "training the NFT model")
    np = numpy()
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # small matrices: one thread is as fast, and the same sums every run
    x_np, y_np = real_digits()
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    onehot = torch.nn.functional.one_hot(y, CLASSES).float()
    enc, dec = _nets(torch)
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=1e-3)
    gen = torch.Generator().manual_seed(seed)
    loss_v = 0.0
    for epoch in range(epochs):
        perm = torch.randperm(len(x), generator=gen)
        total = 0.0
        for i in range(0, len(x), 64):
            idx = perm[i : i + 64]
            xb, cb = x[idx], onehot[idx]
            mu, logvar = enc(torch.cat([xb, cb], 1)).chunk(2, 1)
            z = mu + torch.randn(mu.shape, generator=gen) * (0.5 * logvar).exp()
            logits = dec(torch.cat([z, cb], 1))
            rec = torch.nn.functional.binary_cross_entropy_with_logits(logits, xb, reduction="sum")
            kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum()
            loss = (rec + kl) / len(xb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        loss_v = total / len(x)
        if progress is not None:
            progress(epoch + 1, epochs, loss_v)
    layers = [m for m in dec if isinstance(m, torch.nn.Linear)]
    arrays: dict[str, Any] = {}
    for k, lin in enumerate(layers, 1):
        w = lin.weight.detach().double().numpy().T
        b = lin.bias.detach().double().numpy()
        arrays[f"w{k}"] = np.round(w * SCALE).astype(np.int32)
        arrays[f"b{k}"] = np.round(b * SCALE).astype(np.int32)
    q = (np.arange(1, 256) - 0.5) / 255.0
    arrays["thresholds"] = np.ceil(np.log(q / (1 - q)) * SCALE).astype(np.int32)
    arrays["meta"] = np.array([LATENT, 8, epochs, seed], dtype=np.int32)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(out)
    return {"epochs": epochs, "seed": seed, "loss": round(loss_v, 3), "bytes": out.stat().st_size, "path": str(out)}


def _classifier() -> Any:
    svm = _need("sklearn.svm", "the NFT quality check")
    x, y = real_digits()
    return svm.SVC(gamma=0.05 * 16, C=10).fit(x, y)


def evaluate(decoder: DigitsDecoder, *, per_class: int = 100, temperature_milli: int = 1000) -> dict[str, Any]:
    """Recognition rate of the requested digit (SVC on the real digits) and diversity of the samples.

    Diversity: mean pairwise L2 distance between samples of one class, divided by the same figure for
    the real digits of that class (1.0: as varied as the data), averaged over classes; and the share
    of distinct images."""
    np = numpy()
    clf = _classifier()
    xr, yr = real_digits()
    hits, ratios, distinct = 0, [], 0
    per: dict[int, float] = {}
    for digit in range(CLASSES):
        imgs = np.stack(
            [
                decoder.sample(f"eval:{digit}:{i}".encode(), digit, temperature_milli).ravel() / 255.0
                for i in range(per_class)
            ]
        )
        pred = clf.predict(imgs)
        ok = int((pred == digit).sum())
        hits += ok
        per[digit] = ok / per_class
        distinct += len({im.tobytes() for im in imgs})
        ratios.append(_spread(np, imgs) / _spread(np, xr[yr == digit]))
    n = per_class * CLASSES
    return {
        "samples": n,
        "temperature": temperature_milli / 1000,
        "recognised": hits / n,
        "worst_class": min(per.values()),
        "per_class": per,
        "diversity_ratio": float(np.mean(ratios)),
        "distinct": distinct / n,
    }


def _spread(np: ModuleType, a: Any) -> float:
    a = a.astype(np.float64)
    sq = (a * a).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * a @ a.T, 0)
    k = len(a)
    return float(np.sqrt(d2).sum() / (k * (k - 1))) if k > 1 else math.nan
