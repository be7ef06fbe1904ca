"""The shipped class-conditional VAE decoder, run in exact integer arithmetic (same bytes on any machine).

Weights (trained by `nexus.nft.train` on scikit-learn's digits) are stored as fixed-point integers
(`SCALE` = 2**12) in `digits_cvae.npz` next to this file. Decoding a latent multiplies integer
matrices (numpy's integer matmul does not use BLAS, and integer sums are associative), maps the
output logits to 0..255 through a stored integer threshold table (a sigmoid, precomputed), and draws
the latent itself from SHA-256 bytes (an Irwin-Hall sum of 12 uniforms: a near-normal integer).
No float ever touches a pixel, so one (seed, digit) gives one image everywhere.
"""

from __future__ import annotations

import hashlib
import importlib
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ..exceptions import MissingExtra, NFTModelError

__all__ = ["SCALE", "WEIGHTS", "DigitsDecoder", "latent", "load_decoder", "weights_fingerprint"]

SCALE_BITS = 12
SCALE = 1 << SCALE_BITS
WEIGHTS = Path(__file__).with_name("digits_cvae.npz")
CLASSES = 10
_LAYERS = ("w1", "b1", "w2", "b2", "w3", "b3")


def numpy() -> ModuleType:
    try:
        return importlib.import_module("numpy")
    except ImportError:
        raise MissingExtra("NFT art needs numpy; run: pip install 'symbiotic-nexus[nft]'") from None


def latent(seed: bytes, dim: int, temperature_milli: int = 1000) -> Any:
    """A near-normal latent of `dim` fixed-point integers drawn from `seed` with SHA-256 only.

    Each coordinate is the Irwin-Hall sum of 12 uniforms on [0, 1) (16-bit each) minus 6: mean 0,
    variance 1; scaled by `temperature_milli`/1000 and by SCALE."""
    np = numpy()
    need = dim * 12 * 2
    stream = b"".join(hashlib.sha256(seed + i.to_bytes(4, "big")).digest() for i in range((need + 31) // 32))
    u = np.frombuffer(stream[:need], dtype=">u2").astype(np.int64).reshape(dim, 12)
    z = u.sum(axis=1) - 6 * 65536  # in units of 1/65536
    return (z * temperature_milli * SCALE) // (65536 * 1000)


class DigitsDecoder:
    """z (latent, fixed point) + digit → an 8x8 image of 0..255 integers, exactly."""

    def __init__(self, arrays: dict[str, Any], source: Path | None = None) -> None:
        np = numpy()
        missing = [k for k in (*_LAYERS, "thresholds", "meta") if k not in arrays]
        if missing:
            raise NFTModelError(f"NFT weights lack {', '.join(missing)}")
        self.layers = [np.asarray(arrays[k], dtype=np.int64) for k in _LAYERS]
        self.thresholds = np.asarray(arrays["thresholds"], dtype=np.int64)
        meta = [int(x) for x in np.asarray(arrays["meta"]).ravel()]
        self.latent_dim, self.side = meta[0], meta[1]
        self.arrays = arrays
        self.source = source
        if self.layers[0].shape[0] != self.latent_dim + CLASSES:
            raise NFTModelError("NFT weights: first layer does not match the latent size")

    def decode(self, z: Any, digit: int) -> Any:
        """The image (side x side, uint8) for fixed-point latent `z` and class `digit` (0..9)."""
        np = numpy()
        if not 0 <= digit < CLASSES:
            raise NFTModelError(f"digit {digit} is not 0..9")
        onehot = np.zeros(CLASSES, dtype=np.int64)
        onehot[digit] = SCALE
        h = np.concatenate([np.asarray(z, dtype=np.int64), onehot])
        w1, b1, w2, b2, w3, b3 = self.layers
        h = np.maximum((h @ w1 >> SCALE_BITS) + b1, 0)
        h = np.maximum((h @ w2 >> SCALE_BITS) + b2, 0)
        logits = (h @ w3 >> SCALE_BITS) + b3
        pixels = np.searchsorted(self.thresholds, logits, side="right")
        return pixels.astype(np.uint8).reshape(self.side, self.side)

    def sample(self, seed: bytes, digit: int, temperature_milli: int = 1000) -> Any:
        return self.decode(latent(seed, self.latent_dim, temperature_milli), digit)


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> DigitsDecoder:
    np = numpy()
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError) as exc:
        raise NFTModelError(f"{path}: not a readable NFT weights file ({exc})") from None
    return DigitsDecoder(arrays, Path(path))


def load_decoder(path: Path | None = None) -> DigitsDecoder:
    """The decoder from `path` (default: the weights shipped in the package); cached per file version."""
    where = Path(path or WEIGHTS)
    if not where.is_file():
        raise NFTModelError(f"{where}: no NFT weights (train them: nexus nft train)")
    return _load(str(where), where.stat().st_mtime_ns)


def weights_fingerprint(path: Path | None = None) -> str:
    """The weights' fingerprint root (`sha256:...`), the same value the ledger's lineage records."""
    from ..ledger.fingerprint import fingerprint

    return fingerprint(Path(path or WEIGHTS)).digest
