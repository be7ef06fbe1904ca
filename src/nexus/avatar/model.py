"""The small model that turns one utterance into a voice embedding, and the threshold a match needs.

Features: per LPC coefficient, the utterance's mean, spread, slope over time and start-minus-end (48
numbers). Model: standardise, then within-class covariance normalisation (WCCN, a classic of speaker
verification: whiten by the inverse of the average within-speaker covariance, so directions along which
one speaker varies count less), centre, and scale to unit length. Two embeddings match when their cosine
is at least `THRESHOLD`. The shipped encoder is fitted on speakers 1-6 only: speakers 7, 8 and 9 are never
seen by it and play the users and impostors in the CLI, the demo and the tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..exceptions import AvatarInputError
from .data import COEFFS, load_vowels

__all__ = [
    "ENCODER_SPEAKERS",
    "THRESHOLD",
    "VoiceEncoder",
    "check_sample",
    "default_encoder",
    "features",
    "from_frames",
]

ENCODER_SPEAKERS = (1, 2, 3, 4, 5, 6)
# Cosine a fresh utterance needs against the enrolled template. Chosen from benchmarks/bench_avatar.py's
# speaker-disjoint cross-validation (the equal-error point was ~0.43): a little above it, trading some
# false rejects for fewer false accepts.
THRESHOLD = 0.45
MIN_FRAMES, MAX_FRAMES = 3, 200
_RIDGE = 0.1


def check_sample(sample: object) -> np.ndarray:
    """A sample as a (12, frames) float array: 12 LPC cepstrum tracks, 3-200 frames, all finite."""
    try:
        arr = np.asarray(sample, dtype=float)
    except (TypeError, ValueError):
        raise AvatarInputError("a voice sample is 12 tracks of LPC cepstrum numbers") from None
    if arr.ndim != 2 or arr.shape[0] != COEFFS or not MIN_FRAMES <= arr.shape[1] <= MAX_FRAMES:
        raise AvatarInputError(
            f"a voice sample is {MIN_FRAMES}-{MAX_FRAMES} frames of {COEFFS} numbers, got shape {arr.shape}"
        )
    if not np.isfinite(arr).all():
        raise AvatarInputError("a voice sample holds a NaN or an infinity")
    return arr


def from_frames(frames: object) -> np.ndarray:
    """A sample from JSON: a list of frames, each a list of 12 numbers (the file format of `--sample-file`)."""
    if not isinstance(frames, list) or not all(isinstance(f, list) and len(f) == COEFFS for f in frames):
        raise AvatarInputError(f"a voice sample is a list of frames of {COEFFS} numbers")
    try:
        arr = np.asarray(frames, dtype=float)
    except (TypeError, ValueError):
        raise AvatarInputError(f"a voice sample is a list of frames of {COEFFS} numbers") from None
    return check_sample(arr.T)


def features(series: np.ndarray) -> np.ndarray:
    """48 numbers of one (12, frames) utterance: mean, spread, slope, start-minus-end per coefficient."""
    t = np.linspace(-1.0, 1.0, series.shape[1])
    slope = (series * t).sum(axis=1) / (t * t).sum()
    edge = min(3, series.shape[1])
    return np.concatenate(
        [series.mean(axis=1), series.std(axis=1), slope, series[:, :edge].mean(axis=1) - series[:, -edge:].mean(axis=1)]
    )


@dataclass(frozen=True)
class VoiceEncoder:
    """Standardise -> WCCN whitening -> centre -> unit length."""

    mean: np.ndarray
    scale: np.ndarray
    whiten: np.ndarray
    centre: np.ndarray

    @classmethod
    def fit(cls, series: Sequence[np.ndarray], speakers: Sequence[int]) -> VoiceEncoder:
        f = np.array([features(s) for s in series])
        y = np.asarray(speakers)
        mean, scale = f.mean(axis=0), f.std(axis=0) + 1e-9
        z = (f - mean) / scale
        labels = np.unique(y)
        within = np.mean([np.cov(z[y == c].T) for c in labels], axis=0) + _RIDGE * np.eye(z.shape[1])
        whiten = np.linalg.cholesky(np.linalg.inv(within))
        centre = (z @ whiten).mean(axis=0)
        return cls(mean, scale, whiten, centre)

    def embed(self, series: np.ndarray) -> np.ndarray:
        e = ((features(series) - self.mean) / self.scale) @ self.whiten - self.centre
        n = float(np.linalg.norm(e))
        return e / n if n > 0 else e

    def template(self, samples: Sequence[np.ndarray]) -> np.ndarray:
        """The enrolled template: the unit-length mean of several utterances' embeddings."""
        if not samples:
            raise AvatarInputError("enrolment needs at least one voice sample")
        m = np.mean([self.embed(s) for s in samples], axis=0)
        return m / float(np.linalg.norm(m))

    @staticmethod
    def score(template: np.ndarray, embedding: np.ndarray) -> float:
        return float(np.dot(template, embedding))

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for part in (self.mean, self.scale, self.whiten, self.centre):
            h.update(np.round(part, 9).astype("<f8").tobytes())
        return "sha256:" + h.hexdigest()


@lru_cache(maxsize=1)
def default_encoder() -> VoiceEncoder:
    """The shipped encoder, fitted (in well under a second, deterministically) on speakers 1-6."""
    data = load_vowels()
    keep = [i for i, p in enumerate(data.speaker) if p in ENCODER_SPEAKERS]
    return VoiceEncoder.fit([data.series[i] for i in keep], [int(data.speaker[i]) for i in keep])
