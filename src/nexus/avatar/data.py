"""The real data set behind the voice template: UCI Japanese Vowels, as the `sktime` wheel ships it.

Nine male speakers each say the vowel pair /ae/; every utterance is 7-29 frames of 12 LPC cepstrum
coefficients (Kudo, Toyama & Shimbo, 1999). The file is read straight from the installed package
(`pip install 'symbiotic-nexus[avatar]'`); sktime itself is never imported and nothing downloads.
Recording session 0 is the data set's TRAIN file (30 utterances a speaker), session 1 its TEST file
(24-88 utterances a speaker, recorded apart): enrolment uses session 0, fresh logins session 1.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..exceptions import AvatarError

__all__ = ["COEFFS", "SPEAKERS", "Utterances", "data_path", "load_vowels"]

COEFFS = 12
SPEAKERS = tuple(range(1, 10))
_FILES = ("JapaneseVowels_TRAIN.ts", "JapaneseVowels_TEST.ts")


def data_path() -> Path:
    """The folder of the data set inside the installed sktime package (found without importing it)."""
    spec = importlib.util.find_spec("sktime")
    roots = list(spec.submodule_search_locations or []) if spec is not None else []
    for root in roots:
        folder = Path(root) / "datasets" / "data" / "JapaneseVowels"
        if all((folder / f).is_file() for f in _FILES):
            return folder
    raise AvatarError(
        "the voice data set (UCI Japanese Vowels) ships in the sktime wheel: pip install 'symbiotic-nexus[avatar]'"
    )


@dataclass(frozen=True)
class Utterances:
    """Every utterance: `series[i]` is (12, frames); `speaker[i]` in 1..9; `session[i]` 0 or 1."""

    series: tuple[np.ndarray, ...]
    speaker: np.ndarray
    session: np.ndarray

    def of(self, speaker: int, session: int) -> list[np.ndarray]:
        return [s for s, p, q in zip(self.series, self.speaker, self.session) if p == speaker and q == session]


def _parse(text: str) -> tuple[list[np.ndarray], list[int]]:
    series, labels = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#@":
            continue
        *dims, label = line.split(":")
        if len(dims) != COEFFS:
            raise AvatarError(f"JapaneseVowels: a row with {len(dims)} dimensions (expected {COEFFS})")
        series.append(np.array([[float(v) for v in d.split(",")] for d in dims]))
        labels.append(int(label))
    return series, labels


@lru_cache(maxsize=1)
def load_vowels() -> Utterances:
    folder = data_path()
    series: list[np.ndarray] = []
    speaker: list[int] = []
    session: list[int] = []
    for i, name in enumerate(_FILES):
        s, y = _parse((folder / name).read_text())
        series += s
        speaker += y
        session += [i] * len(y)
    return Utterances(tuple(series), np.array(speaker), np.array(session))
