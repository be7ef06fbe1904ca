# pragma version 0.4.3
"""
@title Treasury poll: holders vote for/against a grant by their current balance (no snapshot), a
       40% quorum of for-votes pays it (vote-recycling victim B; OZ-shaped VoteCast)
"""
from ethereum.ercs import IERC20

event VoteCast:
    voter: indexed(address)
    proposalId: uint256
    support: uint8
    weight: uint256
    reason: String[16]

event ProposalExecuted:
    proposalId: uint256

token: public(address)
treasury: public(address)
grantee: public(HashMap[uint256, address])
amount: public(HashMap[uint256, uint256])
tally: public(HashMap[uint256, HashMap[uint8, uint256]])
ballots: HashMap[uint256, HashMap[address, bool]]
polls: public(uint256)
paused: public(bool)
guardian: public(address)


@deploy
def __init__(token_: address, treasury_: address, guardian_: address):
    self.token = token_
    self.treasury = treasury_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def open_poll(to: address, amount: uint256) -> uint256:
    self.polls += 1
    self.grantee[self.polls] = to
    self.amount[self.polls] = amount
    return self.polls


@external
def cast(pid: uint256, support: uint8):
    assert not self.ballots[pid][msg.sender]
    self.ballots[pid][msg.sender] = True
    w: uint256 = staticcall IERC20(self.token).balanceOf(msg.sender)
    self.tally[pid][support] += w
    log VoteCast(voter=msg.sender, proposalId=pid, support=support, weight=w, reason="")


@external
def settle(pid: uint256):
    assert not self.paused
    assert self.tally[pid][1] * 10 >= staticcall IERC20(self.token).totalSupply() * 4
    assert self.tally[pid][1] > self.tally[pid][0]
    amt: uint256 = self.amount[pid]
    self.amount[pid] = 0
    extcall IERC20(self.treasury).transfer(self.grantee[pid], amt)
    log ProposalExecuted(proposalId=pid)
