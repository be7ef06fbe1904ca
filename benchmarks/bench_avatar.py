"""Voice-template login on a real data set: false accepts and false rejects, speaker-disjoint cross-validated.

Data: UCI Japanese Vowels (9 speakers, 640 utterances of /ae/ as 12 LPC cepstrum coefficients a frame),
read from the sktime wheel. Protocol, for every one of the C(9,3) = 84 ways to hold out 3 speakers: fit the
encoder (nexus.avatar.model.VoiceEncoder) on the other 6 only; enrol each held-out speaker with its first
K utterances of recording session 0 (the data set's TRAIN file); genuine attempts are all of its session-1
utterances (the TEST file, recorded apart), impostor attempts (zero-effort) all session-1 utterances of the
two other held-out speakers. Scores pooled over folds give the EER and the FAR/FRR at the shipped threshold;
the per-fold EER spread is reported too. The last row is the shipped set-up (encoder on speakers 1-6,
users 7-9), the one the CLI and the demo use.

    PYTHONPATH=src python benchmarks/bench_avatar.py
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

from nexus.avatar.data import SPEAKERS, load_vowels  # noqa: E402
from nexus.avatar.model import ENCODER_SPEAKERS, THRESHOLD, VoiceEncoder  # noqa: E402


def rates(genuine: np.ndarray, impostor: np.ndarray, threshold: float) -> tuple[float, float]:
    return float((impostor >= threshold).mean()), float((genuine < threshold).mean())


def eer(genuine: np.ndarray, impostor: np.ndarray) -> tuple[float, float]:
    """(equal error rate, its threshold): where FAR and FRR cross, over every observed score."""
    cuts = np.unique(np.concatenate([genuine, impostor]))
    g, i = np.sort(genuine), np.sort(impostor)
    frr = np.searchsorted(g, cuts, side="left") / len(g)
    far = 1.0 - np.searchsorted(i, cuts, side="left") / len(i)
    k = int(np.argmin(np.abs(far - frr)))
    return float((far[k] + frr[k]) / 2), float(cuts[k])


def scores(held: tuple[int, ...], enrol: int) -> tuple[list[float], list[float]]:
    data = load_vowels()
    train = [i for i, p in enumerate(data.speaker) if p not in held]
    enc = VoiceEncoder.fit([data.series[i] for i in train], [int(data.speaker[i]) for i in train])
    gen: list[float] = []
    imp: list[float] = []
    probes = {s: np.array([enc.embed(x) for x in data.of(s, 1)]) for s in held}
    for s in held:
        template = enc.template(data.of(s, 0)[:enrol])
        gen += list(probes[s] @ template)
        for other in held:
            if other != s:
                imp += list(probes[other] @ template)
    return gen, imp


def protocol(name: str, splits: list[tuple[int, ...]], enrol: int) -> dict[str, object]:
    t0 = time.perf_counter()
    gen: list[float] = []
    imp: list[float] = []
    fold_eers = []
    for held in splits:
        g, i = scores(held, enrol)
        fold_eers.append(eer(np.array(g), np.array(i))[0])
        gen += g
        imp += i
    G, imps = np.array(gen), np.array(imp)
    e, at = eer(G, imps)
    far, frr = rates(G, imps, THRESHOLD)
    return {
        "protocol": name,
        "folds": len(splits),
        "enrol_utts": enrol,
        "genuine": len(G),
        "impostor": len(imps),
        "EER_%": f"{100 * e:.2f}",
        "EER_threshold": f"{at:.3f}",
        "fold_EER_%_mean±sd": f"{100 * np.mean(fold_eers):.1f}±{100 * np.std(fold_eers):.1f}",
        "threshold": f"{THRESHOLD:.3f}",
        "FAR_%": f"{100 * far:.2f}",
        "FRR_%": f"{100 * frr:.2f}",
        "seconds": round(time.perf_counter() - t0, 1),
    }


def main() -> None:
    splits = list(itertools.combinations(SPEAKERS, 3))
    users = tuple(s for s in SPEAKERS if s not in ENCODER_SPEAKERS)
    rows = [
        protocol("speaker-disjoint CV, 3 held out", splits, 10),
        protocol("speaker-disjoint CV, 3 held out", splits, 5),
        protocol("shipped: encoder 1-6, users 7-9", [users], 10),
    ]
    report(
        "avatar",
        rows,
        {
            "dataset": "UCI Japanese Vowels (sktime wheel), 9 speakers, 640 utterances",
            "modality": "voice: 12 LPC cepstrum coefficients per frame",
            "model": "48 summary features -> standardise -> WCCN whitening -> cosine to the enrolled mean",
        },
    )


if __name__ == "__main__":
    main()
