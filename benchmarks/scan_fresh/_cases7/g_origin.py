"""Set-7 tx.origin authorisation: a guardian-recoverable smart wallet and a Vyper grant committee."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_guardian_smart_wallet.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.8.26",
        fn="execute",
        shape="0.8 smart wallet with guardian recovery: execute(target, value, data) authorises by tx.origin == owner; recovery votes use msg.sender",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract GuardedSmartWallet {
    address public owner;
    mapping(address => bool) public isGuardian;
    uint256 public guardianCount;
    address public proposedOwner;
    uint256 public round;
    uint256 public approvals;
    mapping(address => uint256) public votedRound;

    event Executed(address indexed target, uint256 value, bytes data);
    event Recovered(address indexed newOwner);

    constructor(address[] memory guardians) {
        require(guardians.length > 0 && guardians.length <= 7, "guardians");
        owner = msg.sender;
        for (uint256 i = 0; i < guardians.length; i++) {
            isGuardian[guardians[i]] = true;
        }
        guardianCount = guardians.length;
    }

    receive() external payable {}

    function execute(address target, uint256 value, bytes calldata data) external returns (bytes memory) {
        require(tx.origin == owner, "owner");  //@
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        require(ok, "call");
        emit Executed(target, value, data);
        return ret;
    }

    function supportRecovery(address newOwner) external {
        require(isGuardian[msg.sender], "guardian");
        require(newOwner != address(0), "zero");
        if (newOwner != proposedOwner) {
            proposedOwner = newOwner;
            round += 1;
            approvals = 0;
        }
        require(votedRound[msg.sender] != round, "voted");
        votedRound[msg.sender] = round;
        approvals += 1;
        if (approvals * 2 > guardianCount) {
            owner = newOwner;
            proposedOwner = address(0);
            emit Recovered(newOwner);
        }
    }
}
""",
        fix=[
            (
                '        require(tx.origin == owner, "owner");  //@\n',
                '        require(msg.sender == owner, "owner");  //@\n',
            )
        ],
    ),
    dict(
        name="b7_grant_committee.vy",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.4.3",
        fn="pay_grant",
        shape="Vyper 0.4 grant committee: pay_grant checks that tx.origin is a committee member before sending ether to the recipient",
        src=r"""
# pragma version ^0.4.0

event GrantPaid:
    recipient: address
    amount: uint256

event MemberSet:
    member: address
    on: bool

chair: public(address)
members: public(HashMap[address, bool])
budget: public(uint256)
granted: public(HashMap[address, uint256])


@deploy
@payable
def __init__():
    self.chair = msg.sender
    self.budget = msg.value


@external
@payable
def top_up():
    self.budget += msg.value


@external
def set_member(member: address, on: bool):
    assert msg.sender == self.chair, "chair"
    self.members[member] = on
    log MemberSet(member=member, on=on)


@external
def pay_grant(recipient: address, amount: uint256):
    assert self.members[tx.origin], "member"  #@
    assert amount <= self.budget, "budget"
    self.budget -= amount
    self.granted[recipient] += amount
    send(recipient, amount)
    log GrantPaid(recipient=recipient, amount=amount)
""",
        fix=[
            (
                '    assert self.members[tx.origin], "member"  #@\n',
                '    assert self.members[msg.sender], "member"  #@\n',
            )
        ],
    ),
]
