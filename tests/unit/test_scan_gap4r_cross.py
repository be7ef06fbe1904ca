"""Re-entrancy round 19b, set-4 gaps, parts 3-5 (detectors/_crossfn.py, _hookcall.py, _counterparty.py);
parts 1-2 are in test_scan_gap4r.py.

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


def _found(src: str, detector: str, name: str = "c.sol") -> set[tuple[str, str]]:
    return {(f.severity, f.confidence) for f in scan_source(src, name) if f.detector == detector}


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
