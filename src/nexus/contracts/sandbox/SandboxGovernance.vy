# pragma version 0.4.3
"""
@title Sandbox governance (flash-borrowable votes)
@notice Token-weighted governance over a treasury it holds. Voting power is the voter's token
        balance AT VOTE TIME (no snapshot), so tokens borrowed in a flash loan vote: one
        transaction can reach quorum and queue any call. Execution waits EXECUTION_DELAY blocks.
        Pausable by its guardian.
@dev Revert messages are prefixed with "governance:". The bug is on purpose: it is an attack target.
"""

from ethereum.ercs import IERC20

struct Proposal:
    proposer: address
    target: address
    data: Bytes[256]
    votes: uint256
    created: uint256
    executed: bool

event ProposalCreated:
    id: indexed(uint256)
    proposer: indexed(address)
    target: address

event VoteCast:
    voter: indexed(address)
    id: indexed(uint256)
    weight: uint256

event ProposalExecuted:
    id: indexed(uint256)
    target: address

event Paused:
    by: indexed(address)

QUORUM_BPS: public(constant(uint256)) = 4000
EXECUTION_DELAY: public(constant(uint256)) = 5

token: public(address)
proposals: public(HashMap[uint256, Proposal])
voted: public(HashMap[uint256, HashMap[address, bool]])
next_id: public(uint256)
guardian: public(address)
admin: public(address)
paused: public(bool)


@deploy
def __init__(token_: address, guardian_: address):
    """
    @notice Governance voting with `token_`, pausable by `guardian_`.
    """
    self.token = token_
    self.guardian = guardian_
    self.admin = msg.sender
    self.next_id = 1


@external
def pause():
    """
    @notice Stop proposals, votes and executions (guardian only).
    """
    assert msg.sender == self.guardian, "governance: not guardian"
    self.paused = True
    log Paused(by=msg.sender)


@external
def unpause():
    """
    @notice Resume (admin only).
    """
    assert msg.sender == self.admin, "governance: not admin"
    self.paused = False


@view
@external
def quorum() -> uint256:
    """
    @notice Votes a proposal needs: QUORUM_BPS of the token supply.
    """
    return staticcall IERC20(self.token).totalSupply() * QUORUM_BPS // 10000


@external
def propose(target: address, data: Bytes[256]) -> uint256:
    """
    @notice Propose that governance calls `target` with `data`. Returns the proposal id.
    """
    assert not self.paused, "governance: paused"
    pid: uint256 = self.next_id
    self.next_id = pid + 1
    self.proposals[pid] = Proposal(proposer=msg.sender, target=target, data=data, votes=0,
                                   created=block.number, executed=False)
    log ProposalCreated(id=pid, proposer=msg.sender, target=target)
    return pid


@external
def vote(pid: uint256):
    """
    @notice Vote for proposal `pid` with the caller's CURRENT balance. VULNERABLE: no snapshot.
    """
    assert not self.paused, "governance: paused"
    assert self.proposals[pid].created != 0, "governance: unknown proposal"
    assert not self.voted[pid][msg.sender], "governance: already voted"
    weight: uint256 = staticcall IERC20(self.token).balanceOf(msg.sender)
    assert weight > 0, "governance: no voting power"
    self.voted[pid][msg.sender] = True
    self.proposals[pid].votes += weight
    log VoteCast(voter=msg.sender, id=pid, weight=weight)


@external
def execute(pid: uint256):
    """
    @notice Run a proposal that reached quorum, once EXECUTION_DELAY blocks have passed.
    """
    assert not self.paused, "governance: paused"
    p: Proposal = self.proposals[pid]
    assert p.created != 0, "governance: unknown proposal"
    assert not p.executed, "governance: already executed"
    assert block.number >= p.created + EXECUTION_DELAY, "governance: too early"
    assert p.votes >= staticcall IERC20(self.token).totalSupply() * QUORUM_BPS // 10000, "governance: no quorum"
    self.proposals[pid].executed = True
    raw_call(p.target, p.data)
    log ProposalExecuted(id=pid, target=p.target)
