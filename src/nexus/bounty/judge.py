"""The judge: score every revealed model on the revealed test set, deterministically, and sign.

A judge is an oracle node (`nexus.oracle` keys). Solvers publish their model files (`.skops`); a
judge finds each revealed fingerprint among the files of a models folder (the fingerprint is the
project's file fingerprint root, `nexus fingerprint FILE --as file`), checks the test-set file
against the revealed test-set digest, and scores each model by accuracy on it, in millionths. A
missing, unloadable or failing model scores 0. Anyone can re-run `score_submissions` to check
posted scores before the dispute window closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..exceptions import BountyInputError, FairnessError
from ..oracle._crypto import NodeKey, Signature
from .board import BountyBoard, BountyInfo

__all__ = ["file_fingerprint", "judge_bounty", "score_model", "score_submissions", "sign_scores"]


def file_fingerprint(path: str | Path) -> str:
    """`0x` + the file's fingerprint root (what solvers commit and the sponsor commits for data)."""
    from ..ledger.fingerprint import fingerprint

    return "0x" + fingerprint(Path(path), as_="file").root


def score_model(model_path: Path, X: Any, y: Any) -> int:
    """Accuracy of the model in the file on (X, y), in millionths; 0 if it cannot be used."""
    import numpy as np

    from ..fairness.models import load_model

    try:
        pred = np.asarray(load_model(model_path).predict(X))
    except (FairnessError, ValueError, TypeError, AttributeError, KeyError):
        return 0
    if pred.shape != np.asarray(y).shape:
        return 0
    return int(round(float((pred == np.asarray(y)).mean()) * 1_000_000))


def score_submissions(info: BountyInfo, models_dir: Path, test_data: Path, label: str | None = "label") -> list[int]:
    """One score per revealed submission (reveal order), after checking the test set's digest."""
    from ..fairness.datasets import load_data

    if info.test_set is None:
        raise BountyInputError(f"bounty {info.id}: the test set is not revealed yet")
    if not Path(test_data).is_file():
        raise BountyInputError(f"{test_data}: no such test-set file")
    if file_fingerprint(test_data) != info.test_set:
        raise BountyInputError(f"{test_data}: does not match the revealed test set {info.test_set}")
    if not Path(models_dir).is_dir():
        raise BountyInputError(f"{models_dir}: no such models folder")
    ds = load_data(test_data, label)
    by_fp = {file_fingerprint(p): p for p in sorted(Path(models_dir).iterdir()) if p.is_file()}
    return [score_model(by_fp[fp], ds.X, ds.y) if fp in by_fp else 0 for fp in info.fingerprints]


def sign_scores(
    board: BountyBoard, bid: int, scores: Sequence[int], keys: Sequence[NodeKey], round_: int | None = None
) -> list[Signature]:
    """Each judge key's signature over the scores (round 2 while a dispute is open)."""
    if round_ is None:
        round_ = 2 if board.info(bid).disputed else 1
    digest = board.digest(bid, round_, scores)
    return [k.sign(digest) for k in keys]


def judge_bounty(
    board: BountyBoard,
    bid: int,
    keys: Sequence[NodeKey],
    models_dir: Path,
    test_data: Path,
    *,
    label: str | None = "label",
    post: bool = True,
    sender: str | None = None,
) -> dict[str, Any]:
    """Score the bounty's submissions, sign with every key, and (with `post`) post the scores."""
    info = board.info(bid)
    scores = score_submissions(info, models_dir, test_data, label)
    sigs = sign_scores(board, bid, scores, keys)
    if post:
        board.post_scores(bid, scores, sigs, sender=sender)
    return {
        "id": bid,
        "solvers": info.solvers,
        "scores": scores,
        "judges": [k.address for k in keys],
        "signatures": [s.to_hex() for s in sigs],
        "posted": post,
    }
