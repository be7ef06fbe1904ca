"""Model bounties: escrowed rewards for the best model on a hidden test set (contract `Bounty`).

    board = deploy_bounty(chain)                                  # or bounty_board(nexus)
    bid = board.create(reward, test_fp, salt, commit_seconds=…, reveal_seconds=…, dispute_seconds=…,
                       judges=[k.address for k in keys], quorum=2, arbiter=arb, bond=…, sender=sponsor)
    board.commit(bid, model_fp, salt, solver)                     # commit-reveal, bound to the solver
    board.reveal(bid, model_fp, salt, solver)                     # after the commit deadline
    board.reveal_test_set(bid, test_fp, salt, uri)                # sponsor, after the commit deadline
    judge_bounty(board, bid, keys, models_dir, test_file)         # score, sign (oracle node keys), post
    board.dispute(bid, sender) / board.arbitrate(bid, scores, arbiter)
    board.claim(bid, winner)                                      # once; board.refund(bid, sponsor)

Fingerprints are file fingerprint roots (`file_fingerprint`); the winning model's fingerprint is
`info.fingerprints[info.solvers.index(info.winner)]`, ready to propose for activation.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._crypto import new_salt, scores_digest, solver_commitment, test_commitment
    from .board import BountyBoard, BountyInfo, deploy_bounty
    from .judge import file_fingerprint, judge_bounty, score_submissions, sign_scores
    from .service import bounty_board

_LAZY = {
    "new_salt": "._crypto",
    "scores_digest": "._crypto",
    "solver_commitment": "._crypto",
    "test_commitment": "._crypto",
    "BountyBoard": ".board",
    "BountyInfo": ".board",
    "deploy_bounty": ".board",
    "file_fingerprint": ".judge",
    "judge_bounty": ".judge",
    "score_submissions": ".judge",
    "sign_scores": ".judge",
    "bounty_board": ".service",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "BountyBoard",
    "BountyInfo",
    "bounty_board",
    "deploy_bounty",
    "file_fingerprint",
    "judge_bounty",
    "new_salt",
    "scores_digest",
    "score_submissions",
    "sign_scores",
    "solver_commitment",
    "test_commitment",
]
