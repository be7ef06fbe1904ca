"""Re-entrancy round 19b, set-4 gaps (detectors/reentrancy.py, ether.py, _stipendkey.py);
parts 3-5 are in test_scan_gap4r_cross.py.

1. Ether paid to the caller behind a member-list check (`require(isWorker[msg.sender])`, `onlyMember`):
   each member re-enters as itself, and a member is not the owner, so the stale write after the payment
   is a medium finding, not the owner-only low note. Stays low: the same payment behind `msg.sender ==
   owner`. Quiet: the record settled before the payment.

2. `reentrancy-stipend` at medium confidence where the state written after the `send`/`transfer` is state
   the payment read (its amount or its payee: a per-bid deposit, a queue head): the recipient's fallback
   sees the payout's own record unsettled. Stays low: a write the payment never read (a counter), a record
   settled above the send and only restored on failure, a send only the owner can trigger. Quiet: settled
   first. Solidity 0.4, 0.8 and Vyper.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

PAYROLL_04 = """pragma solidity ^0.4.24;
contract GuildPayroll {
    address public steward;
    mapping(address => bool) public isWorker;
    mapping(address => uint) public wages;
    function GuildPayroll() public { steward = msg.sender; isWorker[msg.sender] = true; }
    function hire(address w) public { require(msg.sender == steward); isWorker[w] = true; }
    function accrue(address w) public payable { require(isWorker[w]); wages[w] += msg.value; }
    function claimWages() public {
        require(GATE);
        uint due = wages[msg.sender];
        BODY
    }
}
"""

PAYROLL_08 = """pragma solidity ^0.8.20;
contract GuildPayroll {
    address public steward;
    mapping(address => bool) public isWorker;
    mapping(address => uint256) public wages;
    modifier onlyWorker() { require(GATE, "worker"); _; }
    constructor() { steward = msg.sender; isWorker[msg.sender] = true; }
    function hire(address w) external { require(msg.sender == steward, "steward"); isWorker[w] = true; }
    function accrue(address w) external payable { require(isWorker[w], "w"); wages[w] += msg.value; }
    function claimWages() external onlyWorker {
        uint256 due = wages[msg.sender];
        BODY
    }
}
"""

_PAY = {
    PAYROLL_04: (
        "require(msg.sender.call.value(due)());\n        wages[msg.sender] = 0;",
        "wages[msg.sender] = 0;\n        require(msg.sender.call.value(due)());",
    ),
    PAYROLL_08: (
        '(bool ok, ) = payable(msg.sender).call{value: due}("");\n        require(ok);\n        wages[msg.sender] = 0;',
        'wages[msg.sender] = 0;\n        (bool ok, ) = payable(msg.sender).call{value: due}("");\n        require(ok);',
    ),
}


def _found(src: str, detector: str, name: str = "c.sol") -> set[tuple[str, str]]:
    return {(f.severity, f.confidence) for f in scan_source(src, name) if f.detector == detector}


def _payroll(template: str, gate: str, fixed: bool = False) -> str:
    return template.replace("GATE", gate).replace("BODY", _PAY[template][int(fixed)])


@pytest.mark.parametrize("template", [PAYROLL_04, PAYROLL_08], ids=["0.4", "0.8"])
def test_member_list_gate_paying_the_caller_is_medium(template: str) -> None:
    assert _found(_payroll(template, "isWorker[msg.sender]"), "reentrancy") == {("high", "medium")}


@pytest.mark.parametrize("template", [PAYROLL_04, PAYROLL_08], ids=["0.4", "0.8"])
def test_member_list_gate_settled_first_is_quiet(template: str) -> None:
    assert _found(_payroll(template, "isWorker[msg.sender]", fixed=True), "reentrancy") == set()


@pytest.mark.parametrize("template", [PAYROLL_04, PAYROLL_08], ids=["0.4", "0.8"])
def test_owner_gate_paying_the_caller_stays_low(template: str) -> None:
    assert _found(_payroll(template, "msg.sender == steward"), "reentrancy") == {("high", "low")}


BIDS_08 = """pragma solidity ^0.8.20;
contract SealedBids {
    struct Bid { address payable bidder; uint256 deposit; bool refunded; }
    mapping(uint256 => Bid) public bids;
    uint256 public nextId;
    uint256 public refundsPaid;
    address public house;
    constructor() { house = msg.sender; }
    function bid() external payable { bids[nextId++] = Bid(payable(msg.sender), msg.value, false); }
    function refund(uint256 id) external {
        Bid storage b = bids[id];
        require(GATE && !b.refunded, "no");
        BODY
    }
}
"""

QUEUE_04 = """pragma solidity ^0.4.24;
contract PrizeLadder {
    address[] public winners;
    uint[] public prizes;
    uint public next;
    uint public paidOut;
    address public host;
    function PrizeLadder() public { host = msg.sender; }
    function enter() public payable { winners.push(msg.sender); prizes.push(msg.value * 3 / 2); }
    function payNext() public {
        require(GATE);
        BODY
    }
}
"""

_STIPEND = {
    "bid-record-after": (
        BIDS_08,
        "b.bidder == msg.sender",
        "b.bidder.transfer(b.deposit);\n        b.refunded = true;",
    ),
    "queue-head-after": (
        QUEUE_04,
        "next < winners.length",
        "if (winners[next].send(prizes[next])) { paidOut += prizes[next]; }\n        next += 1;",
    ),
}
_STIPEND_LOW = {
    "unread-counter-after": (
        BIDS_08,
        "b.bidder == msg.sender",
        "b.refunded = true;\n        b.bidder.transfer(b.deposit);\n        refundsPaid += 1;",
    ),
    "restored-on-failure": (
        QUEUE_04,
        "next < winners.length",
        "uint i = next;\n        next += 1;\n        if (!winners[i].send(prizes[i])) { next = i; }",
    ),
    "owner-only": (
        QUEUE_04,
        "msg.sender == host && next < winners.length",
        "if (winners[next].send(prizes[next])) { paidOut += prizes[next]; }\n        next += 1;",
    ),
}
_STIPEND_QUIET = {
    "bid-settled-first": (
        BIDS_08,
        "b.bidder == msg.sender",
        "b.refunded = true;\n        b.bidder.transfer(b.deposit);",
    ),
    "head-settled-first": (
        QUEUE_04,
        "next < winners.length",
        "uint i = next;\n        next += 1;\n        paidOut += prizes[i];\n        winners[i].transfer(prizes[i]);",
    ),
}


def _fill(case: tuple[str, str, str]) -> str:
    template, gate, body = case
    return template.replace("GATE", gate).replace("BODY", body)


@pytest.mark.parametrize("case", sorted(_STIPEND))
def test_stipend_before_the_payouts_own_record_is_medium(case: str) -> None:
    assert _found(_fill(_STIPEND[case]), "reentrancy-stipend") == {("low", "medium")}


@pytest.mark.parametrize("case", sorted(_STIPEND_LOW))
def test_stipend_before_unrelated_or_owner_only_write_stays_low(case: str) -> None:
    assert _found(_fill(_STIPEND_LOW[case]), "reentrancy-stipend") == {("low", "low")}


@pytest.mark.parametrize("case", sorted(_STIPEND_QUIET))
def test_stipend_after_settling_is_quiet(case: str) -> None:
    assert _found(_fill(_STIPEND_QUIET[case]), "reentrancy-stipend") == set()


REBATES_VY = """#pragma version ^0.3.10
owed: public(HashMap[address, uint256])
claims: public(uint256)

@external
@payable
def credit(who: address):
    self.owed[who] += msg.value

@external
def claim():
    assert self.owed[msg.sender] > 0
    BODY
"""


def test_vyper_send_before_the_owed_record_is_medium_and_counter_low() -> None:
    vuln = REBATES_VY.replace("BODY", "send(msg.sender, self.owed[msg.sender])\n    self.owed[msg.sender] = 0")
    assert _found(vuln, "reentrancy-stipend", "c.vy") == {("low", "medium")}
    counter = REBATES_VY.replace(
        "BODY",
        "amt: uint256 = self.owed[msg.sender]\n    self.owed[msg.sender] = 0\n    send(msg.sender, amt)\n"
        "    self.claims += 1",
    )
    assert _found(counter, "reentrancy-stipend", "c.vy") == {("low", "low")}


HELPER_08 = """pragma solidity ^0.8.20;
contract Tickets {
    struct Ticket { address payable holder; uint256 paid; }
    mapping(uint256 => Ticket) public tickets;
    function buy(uint256 id) external payable { tickets[id] = Ticket(payable(msg.sender), msg.value); }
    function _refund(uint256 id) internal {
        Ticket storage t = tickets[id];
        t.holder.transfer(t.paid);
        t.paid = 0;
    }
    function refund(uint256 id) external {
        require(tickets[id].paid > 0, "none");
        _refund(id);
    }
}
"""


def test_stipend_in_an_internal_helper_stays_low() -> None:
    """Its callers' gates are not read: no evidence a payee can re-enter, so the note stays low."""
    assert _found(HELPER_08, "reentrancy-stipend") == {("low", "low")}
