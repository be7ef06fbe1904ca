"""Model bounties over HTTP: list and detail (open reads); judge and claim (writes: the token).

The judge endpoint reads only inside `<home>/bounty/`: submitted models from `models/`, the test
set from a path relative to that folder (no absolute paths, `..` or symlinks leading out).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ...bounty.service import bounty_board, bounty_detail, judge_keys, list_bounties
from ...exceptions import BountyNotFound
from ..dependencies import NexusDep, NodeDep
from ..schemas.bounty import Bounty, BountyClaim, BountyJudged

__all__ = ["router"]

router = APIRouter(prefix="/bounties", tags=["bounties"])


class JudgeRequest(BaseModel):
    test: str = Field(description="The revealed test set, relative to <home>/bounty/.")
    judges: int = Field(2, ge=1, le=16, description="Sign with the first N dev judge keys.")
    label: str = "label"
    post: bool = True


class ClaimRequest(BaseModel):
    sender: str | None = Field(None, description="The winner's account (default: the node's account).")
    refund: bool = False


def _board(nexus: Any) -> Any:
    board = bounty_board(nexus, deploy=False)
    if board is None:
        raise BountyNotFound("no Bounty contract on this chain")
    return board


@router.get("", response_model=list[Bounty])
def bounties(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every bounty: reward, deadlines, judges, revealed solvers and fingerprints, scores, winner."""
    return list_bounties(nexus)


@router.get("/{bid}", response_model=Bounty)
def bounty(bid: int, nexus: NexusDep) -> dict[str, Any]:
    """One bounty."""
    return bounty_detail(nexus, bid)


@router.post("/{bid}/judge", response_model=BountyJudged)
def judge(bid: int, body: JudgeRequest, nexus: NexusDep, node: NodeDep) -> dict[str, Any]:
    """Score every revealed model on the test set, sign with the judge keys, post (needs the token)."""
    from ...bounty import judge_bounty
    from ...fairness.service import safe_path

    root = node.settings.home / "bounty"
    return judge_bounty(
        _board(nexus),
        bid,
        judge_keys(body.judges),
        safe_path(root, "models"),
        safe_path(root, body.test),
        label=body.label,
        post=body.post,
    )


@router.post("/{bid}/claim", response_model=BountyClaim)
def claim(bid: int, body: ClaimRequest, nexus: NexusDep) -> dict[str, Any]:
    """Pay the winner once the scores are final, or refund the sponsor (needs the token)."""
    board = _board(nexus)
    who = body.sender or nexus.chain.default_account
    amount = board.refund(bid, who) if body.refund else board.claim(bid, who)
    return {"id": bid, "to": who, "amount": str(amount)}
