# pragma version 0.4.3
"""
@title Treasury DAO: token-holder proposals pay budgets when passed (benign; OZ-shaped events)
"""
from ethereum.ercs import IERC20

event ProposalCreated:
    proposalId: uint256
    proposer: address
    targets: DynArray[address, 1]
    values: DynArray[uint256, 1]
    signatures: DynArray[String[8], 1]
    calldatas: DynArray[Bytes[8], 1]
    voteStart: uint256
    voteEnd: uint256
    description: String[64]

event ProposalExecuted:
    proposalId: uint256

event VoteCast:
    voter: indexed(address)
    proposalId: uint256
    support: uint8
    weight: uint256
    reason: String[16]

struct Prop:
    to: address
    amount: uint256
    votes: uint256
    done: bool

token: public(address)
treasury: public(address)
props: public(HashMap[uint256, Prop])
count: public(uint256)
voted: HashMap[uint256, HashMap[address, bool]]
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
def propose(to: address, amount: uint256) -> uint256:
    pid: uint256 = self.count + 1
    self.count = pid
    self.props[pid] = Prop(to=to, amount=amount, votes=0, done=False)
    log ProposalCreated(proposalId=pid, proposer=msg.sender, targets=[to], values=[amount], signatures=[""],
                        calldatas=[b""], voteStart=block.number, voteEnd=block.number + 3, description="budget")
    return pid


@external
def vote(pid: uint256):
    assert not self.voted[pid][msg.sender]
    self.voted[pid][msg.sender] = True
    weight: uint256 = staticcall IERC20(self.token).balanceOf(msg.sender)
    self.props[pid].votes += weight
    log VoteCast(voter=msg.sender, proposalId=pid, support=1, weight=weight, reason="")


@external
def execute(pid: uint256):
    assert not self.paused
    p: Prop = self.props[pid]
    assert not p.done
    assert p.votes * 2 > staticcall IERC20(self.token).totalSupply()
    self.props[pid].done = True
    extcall IERC20(self.treasury).transfer(p.to, p.amount)
    log ProposalExecuted(proposalId=pid)
