"""Re-entrancy round 19b, set-4 gaps (detectors/reentrancy.py, ether.py, _stipendkey.py).

1. Ether paid to the caller behind a member-list check (`require(isWorker[msg.sender])`, `onlyMember`):
   each member re-enters as itself, and a member is not the owner, so the stale write after the payment
   is a medium finding, not the owner-only low note. Stays low: the same payment behind `msg.sender ==
   owner`. Quiet: the record settled before the payment.

2. `reentrancy-stipend` at medium confidence where the state written after the `send`/`transfer` is state
   the payment read (its amount or its payee: a per-bid deposit, a queue head): the recipient's fallback
   sees the payout's own record unsettled. Stays low: a write the payment never read (a counter), a record
   settled above the send and only restored on failure, a send only the owner can trigger. Quiet: settled
   first. Solidity 0.4, 0.8 and Vyper.

3. Cross-function re-entrancy past a lock (_crossfn.py): an unlocked function that reads the stale value in a
   check gating its own writes (`draw` borrows against `stake` the locked `unstake` pays out before lowering)
   exposes it: medium. Quiet: `draw` under the same lock.

4. A hook (`safeTransferFrom`) crediting a stored address anyone enrols as (`claimant = msg.sender` in an
   open function, _hookcall.self_enrolled) runs the enrollee's code: medium. Stays low: a recipient only the
   keeper names. Quiet: settled before the hook.

5. A plain Ether payment to a payee a constructor took as a parameter (_counterparty.py), anyone may trigger,
   before the record it read is settled: medium, not the fixed-callee note. Stays low: the deployer paying
   itself, a caller-gated trigger, a call carrying calldata. Solidity 0.8 and Vyper.
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


LENDER_08 = """pragma solidity ^0.8.20;
contract StakeCredit {
    uint256 private busy = 1;
    mapping(address => uint256) public stake;
    mapping(address => uint256) public owed;
    modifier nonReentrant() { require(busy == 1, "busy"); busy = 2; _; busy = 1; }
    function addStake() external payable nonReentrant { stake[msg.sender] += msg.value; }
    function unstake(uint256 amount) external nonReentrant {
        require(owed[msg.sender] * 2 <= stake[msg.sender] - amount, "owed");
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "eth");
        stake[msg.sender] -= amount;
    }
    function draw(uint256 amount) external DRAWMOD {
        require((owed[msg.sender] + amount) * 2 <= stake[msg.sender], "limit");
        owed[msg.sender] += amount;
    }
}
"""

LENDER_05 = """pragma solidity ^0.5.17;
contract StakeCredit {
    bool private busy;
    mapping(address => uint256) public stake;
    mapping(address => uint256) public owed;
    modifier nonReentrant() { require(!busy); busy = true; _; busy = false; }
    function addStake() external payable nonReentrant { stake[msg.sender] += msg.value; }
    function unstake(uint256 amount) external nonReentrant {
        require(owed[msg.sender] * 2 <= stake[msg.sender] - amount);
        (bool ok, ) = msg.sender.call.value(amount)("");
        require(ok);
        stake[msg.sender] -= amount;
    }
    function draw(uint256 amount) external DRAWMOD {
        require((owed[msg.sender] + amount) * 2 <= stake[msg.sender]);
        owed[msg.sender] += amount;
    }
}
"""


@pytest.mark.parametrize("template", [LENDER_05, LENDER_08], ids=["0.5", "0.8"])
def test_unlocked_function_checking_the_stale_value_exposes_it(template: str) -> None:
    assert _found(template.replace("DRAWMOD", ""), "reentrancy") == {("high", "medium")}


@pytest.mark.parametrize("template", [LENDER_05, LENDER_08], ids=["0.5", "0.8"])
def test_checking_function_under_the_same_lock_is_quiet(template: str) -> None:
    assert _found(template.replace("DRAWMOD", "nonReentrant"), "reentrancy") == set()


BOUNTY_08 = """pragma solidity ^0.8.20;
interface IERC721 { function safeTransferFrom(address from, address to, uint256 id) external; }
contract TrophyBounty {
    IERC721 public immutable trophy;
    address public keeper;
    address public claimant;
    mapping(address => uint256) public wins;
    uint256 public trophyId;
    bool public open = true;
    constructor(IERC721 t, uint256 id) { trophy = t; trophyId = id; keeper = msg.sender; }
    modifier onlyKeeper() { require(msg.sender == keeper, "keeper"); _; }
    function SETTER {
        claimant = CLAIMANT;
    }
    function award() external {
        require(open && claimant != address(0), "closed");
        BODY
    }
}
"""

_AWARD = (
    "trophy.safeTransferFrom(address(this), claimant, trophyId);\n        open = false;\n        wins[claimant] += 1;"
)
_AWARD_FIXED = (
    "open = false;\n        wins[claimant] += 1;\n        trophy.safeTransferFrom(address(this), claimant, trophyId);"
)


def _bounty(setter: str, claimant: str, body: str) -> str:
    return BOUNTY_08.replace("SETTER", setter).replace("CLAIMANT", claimant).replace("BODY", body)


def test_hook_to_a_recipient_anyone_enrols_as_is_medium() -> None:
    src = _bounty("solve(uint256 guess) external", "msg.sender", _AWARD)
    assert _found(src, "reentrancy") == {("medium", "medium")}


def test_hook_to_a_recipient_only_the_keeper_names_stays_low() -> None:
    src = _bounty("pick(address w) external onlyKeeper", "w", _AWARD)
    assert {c for _, c in _found(src, "reentrancy")} == {"low"}


def test_hook_after_settling_is_quiet() -> None:
    assert _found(_bounty("solve(uint256 guess) external", "msg.sender", _AWARD_FIXED), "reentrancy") == set()


COMMISSION_08 = """pragma solidity ^0.8.20;
contract Commission {
    struct Order { uint256 fee; bool paid; }
    address payable public artist;
    address public patron;
    Order[] public orders;
    constructor(address payable who) { patron = msg.sender; artist = PAYEE; }
    function order() external payable { orders.push(Order(msg.value, false)); }
    function deliver(uint256 i) external {
        Order storage o = orders[i];
        require(GATE !o.paid, "paid");
        (bool ok, ) = artist.call{value: o.fee}(DATA);
        require(ok, "eth");
        o.paid = true;
    }
}
"""


def _commission(payee: str = "who", gate: str = "", data: str = '""') -> str:
    return COMMISSION_08.replace("PAYEE", payee).replace("GATE", gate).replace("DATA", data)


def test_plain_payment_to_a_constructor_named_payee_is_medium() -> None:
    assert _found(_commission(), "reentrancy") == {("high", "medium")}


@pytest.mark.parametrize(
    "kw",
    [
        {"payee": "payable(msg.sender)"},  # the deployer pays itself
        {"gate": "msg.sender == patron &&"},  # only the patron triggers it
        {"data": 'abi.encodeWithSignature("settle(uint256)", i)'},  # a dependency's code, not a payment
    ],
    ids=["deployer", "gated", "calldata"],
)
def test_payment_to_deployer_or_gated_or_with_calldata_stays_low(kw: dict[str, str]) -> None:
    assert {c for _, c in _found(_commission(**kw), "reentrancy")} == {"low"}


GRANT_VY = """#pragma version ^0.4.0
struct Tranche:
    amount: uint256
    done: bool

grantee: public(address)
funder: public(address)
tranches: public(HashMap[uint256, Tranche])

@deploy
def __init__(g: address):
    self.funder = msg.sender
    self.grantee = g

@external
@payable
def fund(i: uint256):
    self.tranches[i] = Tranche(amount=msg.value, done=False)

@external
def pay(i: uint256):
    t: Tranche = self.tranches[i]
    assert not t.done
    BODY
"""


def test_vyper_raw_call_to_a_constructor_named_payee() -> None:
    vuln = GRANT_VY.replace("BODY", 'raw_call(self.grantee, b"", value=t.amount)\n    self.tranches[i].done = True')
    fixed = GRANT_VY.replace("BODY", 'self.tranches[i].done = True\n    raw_call(self.grantee, b"", value=t.amount)')
    assert _found(vuln, "reentrancy", "c.vy") == {("high", "medium")}
    assert _found(fixed, "reentrancy", "c.vy") == set()
