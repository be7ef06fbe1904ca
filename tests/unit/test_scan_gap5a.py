"""Round 21b, set-5 gaps (helper gap5a): each rule on contracts written here, vulnerable and fixed, in
other shapes and eras than the set's cases.

1. `unprotected-withdrawal`: a caller-aimed sweep of the free balance (`address(this).balance - reserved`,
   Vyper's `self.balance`) and of all the tokens of one kind the contract holds (when it checks callers
   elsewhere, an inherited check included; a contract with no authority at all stays quiet).
2. `unprotected-owner-write`: an address the contract pays or calls (beneficiary, price source) set from a
   parameter past no caller check by a constructor-named function or in a contract that checks callers
   elsewhere; a two-step authority whose staged value anyone writes (and no finding when only the owner
   stages it); a role table keyed by the caller at its last index (`ops[kind][msg.sender]`).
3. `refund-not-debited`: a record paid out through a local or through a storage pointer handed to a
   helper, with no state written at all (quiet once a flag or the entry is written).
4. `ignored-send-failure`: a send's result only logged, or kept in a flag nothing reads.
5. `blocking-recipient`: a required payment to a local copy of a caller-installed recipient.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _lines(src: str, detector: str, name: str = "c.sol") -> dict[int, str]:
    """line -> confidence of `detector`'s findings on `src`."""
    return {f.line: f.confidence for f in scan_source(src, name) if f.detector == detector}


def _default(src: str, detector: str, name: str = "c.sol") -> bool:
    return any(c in ("medium", "high") for c in _lines(src, detector, name).values())


# 1. unprotected-withdrawal ------------------------------------------------------------------------------

RESERVE_07 = """pragma solidity ^0.7.6;
contract Payroll {
    address public boss;
    uint256 public reserved;
    mapping(address => uint256) public salary;
    constructor() { boss = msg.sender; }
    function setSalary(address w, uint256 a) external { require(msg.sender == boss); salary[w] = a; reserved += a; }
    function drainSpare(address payable dest) external GATE {
        uint256 spare = address(this).balance - reserved;
        dest.transfer(spare);
    }
    modifier onlyBoss() { require(msg.sender == boss); _; }
    receive() external payable {}
}
"""

POT_VY = """# @version 0.3.10
keeper: public(address)

@external
def __init__():
    self.keeper = msg.sender

@external
@payable
def fund():
    pass

@external
def empty_to(dest: address):
GATE    send(dest, self.balance)
"""

RESCUE_08 = """pragma solidity ^0.8.20;
interface IToken { function balanceOf(address) external view returns (uint256);
    function transfer(address, uint256) external returns (bool); }
abstract contract Guarded {
    address internal guardian = msg.sender;
    function handOver(address g) external { require(msg.sender == guardian, "g"); guardian = g; }
}
contract Staking is Guarded {
    mapping(address => uint256) public staked;
    function rescue(IToken token, address receiver) external {
        GATE
        uint256 all = token.balanceOf(address(this));
        token.transfer(receiver, all);
    }
}
"""

ROUTER_08 = """pragma solidity ^0.8.20;
interface IToken { function balanceOf(address) external view returns (uint256);
    function transfer(address, uint256) external returns (bool); }
contract SwapRouter {
    function sweep(IToken token, address receiver) external {
        token.transfer(receiver, token.balanceOf(address(this)));
    }
}
"""


def test_free_balance_sweep_to_a_picked_address() -> None:
    assert _default(RESERVE_07.replace("GATE", ""), "unprotected-withdrawal")
    assert not _lines(RESERVE_07.replace("GATE", "onlyBoss"), "unprotected-withdrawal")


def test_vyper_self_balance_sweep() -> None:
    vuln = POT_VY.replace("GATE", "")
    fixed = POT_VY.replace("GATE", "    assert msg.sender == self.keeper\n")
    assert _default(vuln, "unprotected-withdrawal", "p.vy")
    assert not _lines(fixed, "unprotected-withdrawal", "p.vy")


def test_token_sweep_in_a_contract_with_an_inherited_authority() -> None:
    assert _default(RESCUE_08.replace("GATE", ""), "unprotected-withdrawal")
    fixed = RESCUE_08.replace("GATE", 'require(msg.sender == guardian, "g");')
    assert not _lines(fixed, "unprotected-withdrawal")


def test_token_sweep_without_any_authority_stays_quiet() -> None:
    assert not _lines(ROUTER_08, "unprotected-withdrawal")


# 2. unprotected-owner-write -----------------------------------------------------------------------------

DONATION_04 = """pragma solidity ^0.4.19;
contract CharityBox {
    address public beneficiary;
    uint public total;
    function CharityBx(address b) public { beneficiary = b; }
    function () public payable { total += msg.value; beneficiary.transfer(msg.value); }
}
"""

LENDING_08 = """pragma solidity ^0.8.19;
interface IPriceSource { function latest(address) external view returns (uint256); }
contract Lender {
    address public admin;
    IPriceSource public source;
    uint256 public factor = 80;
    constructor(IPriceSource s) { admin = msg.sender; source = s; }
    function setFactor(uint256 x) external { require(msg.sender == admin, "admin"); factor = x; }
    function useSource(IPriceSource s) external {
        GATE
        source = s;
    }
    function value(address a, uint256 n) external view returns (uint256) { return n * source.latest(a) * factor / 100; }
}
"""

SEAT_08 = """pragma solidity ^0.8.19;
contract Jackpot {
    address public admin;
    address public lastIn;
    constructor() { admin = msg.sender; }
    function setAdmin(address a) external { require(msg.sender == admin); admin = a; }
    function enter() external payable { require(msg.value == 1 ether); lastIn = msg.sender; }
    function pay() external { payable(lastIn).transfer(address(this).balance); }
}
"""

HANDOVER_08 = """pragma solidity ^0.8.19;
contract Treasury {
    address public controller;
    address public nominee;
    constructor() { controller = msg.sender; }
    function nominate(address who) external {
        GATE
        nominee = who;
    }
    function takeOver() external { controller = nominee; }
    function spend(address payable to, uint256 a) external { require(msg.sender == controller); to.transfer(a); }
}
"""

OPERATORS_06 = """pragma solidity ^0.6.12;
contract Ledger {
    mapping(uint8 => mapping(address => bool)) public operators;
    mapping(address => uint256) public credit;
    constructor() public { operators[0][msg.sender] = true; }
    function addOperator(uint8 kind, address who) external {
        GATE
        operators[kind][who] = true;
    }
    function credit_(address to, uint256 a) external { require(operators[1][msg.sender]); credit[to] += a; }
}
"""


def test_misnamed_constructor_sets_the_paid_beneficiary() -> None:
    assert _default(DONATION_04, "unprotected-owner-write")
    fixed = DONATION_04.replace("function CharityBx(address b) public", "function CharityBox(address b) public")
    assert not _lines(fixed, "unprotected-owner-write")


def test_unchecked_setter_of_a_called_contract() -> None:
    assert _default(LENDING_08.replace("GATE", ""), "unprotected-owner-write")
    fixed = LENDING_08.replace("GATE", 'require(msg.sender == admin, "admin");')
    assert not _lines(fixed, "unprotected-owner-write")


def test_caller_taking_a_paid_seat_is_no_config_write() -> None:
    assert not _lines(SEAT_08, "unprotected-owner-write")


def test_two_step_authority() -> None:
    vuln = _lines(HANDOVER_08.replace("GATE", ""), "unprotected-owner-write")
    assert vuln.get(8) in ("medium", "high")  # the unchecked nomination itself
    fixed = HANDOVER_08.replace("GATE", "require(msg.sender == controller);")
    assert not _lines(fixed, "unprotected-owner-write")  # anyone may apply what the controller chose


def test_role_table_keyed_by_caller_at_its_last_index() -> None:
    assert _default(OPERATORS_06.replace("GATE", ""), "unprotected-owner-write")
    fixed = OPERATORS_06.replace("GATE", "require(operators[0][msg.sender]);")
    assert not _lines(fixed, "unprotected-owner-write")


# 3. refund-not-debited ----------------------------------------------------------------------------------

DEPOSIT_05 = """pragma solidity ^0.5.16;
contract Layaway {
    mapping(address => uint) public deposits;
    bool public cancelled;
    address public shop;
    constructor() public { shop = msg.sender; }
    function put() external payable { deposits[msg.sender] += msg.value; }
    function cancel() external { require(msg.sender == shop); cancelled = true; }
    function takeBack() external {
        require(cancelled);
        uint owed = deposits[msg.sender];
        FIX
        msg.sender.transfer(owed);
    }
}
"""

TICKETS_08 = """pragma solidity ^0.8.21;
contract Tickets {
    struct Seat { address payable holder; uint256 paid; bool live; }
    mapping(uint256 => Seat) public seats;
    function book(uint256 n) external payable { seats[n] = Seat(payable(msg.sender), msg.value, true); }
    function _payBack(Seat storage s) internal { s.holder.transfer(s.paid); }
    function release(uint256 n) external {
        Seat storage s = seats[n];
        require(s.live && s.holder == msg.sender);
        FIX
        _payBack(s);
    }
}
"""


@pytest.mark.parametrize("src", [DEPOSIT_05, TICKETS_08])
def test_payout_of_a_record_nothing_settles(src: str) -> None:
    assert _default(src.replace("FIX", ""), "refund-not-debited")


def test_payout_settled_by_a_write_is_quiet() -> None:
    assert not _lines(DEPOSIT_05.replace("FIX", "deposits[msg.sender] = 0;"), "refund-not-debited")
    assert not _lines(TICKETS_08.replace("FIX", "s.live = false;"), "refund-not-debited")


# 4. ignored-send-failure --------------------------------------------------------------------------------

AIRDROP_04 = """pragma solidity ^0.4.24;
contract Dripper {
    address public owner;
    bool public lastOk;
    mapping(address => bool) public dripped;
    event Drip(address to, bool ok);
    function Dripper() public payable { owner = msg.sender; }
    function drip(address to) public {
        require(!dripped[to]);
        dripped[to] = true;
        BODY
    }
    READER
}
"""


def test_send_result_only_logged() -> None:
    vuln = AIRDROP_04.replace("BODY", "bool ok = to.send(1 finney);\n        emit Drip(to, ok);").replace("READER", "")
    fixed = vuln.replace("emit Drip(to, ok);", "require(ok);\n        emit Drip(to, ok);")
    assert _default(vuln, "ignored-send-failure")
    assert not _lines(fixed, "ignored-send-failure")


def test_send_result_kept_in_a_flag_nothing_reads() -> None:
    body = AIRDROP_04.replace("BODY", "lastOk = to.send(1 finney);")
    vuln = body.replace("READER", "")
    read = body.replace("READER", "function retry(address to) public { require(!lastOk); dripped[to] = false; }")
    assert _default(vuln, "ignored-send-failure")
    assert not _lines(read, "ignored-send-failure")


# 5. blocking-recipient ----------------------------------------------------------------------------------

THRONE_04 = """pragma solidity ^0.4.24;
contract Hill {
    event Crowned(address who);
    mapping(address => uint) public owed;
    address public top;
    uint public stake;
    function seize() public payable {
        if (msg.value < stake * 2) revert();
        address prev = top;
        uint back = stake;
        stake = msg.value;
        top = msg.sender;
        PAY
        emit Crowned(msg.sender);
    }
    function collect() public { uint a = owed[msg.sender]; owed[msg.sender] = 0; msg.sender.transfer(a); }
}
"""


def test_required_payment_to_a_local_copy_of_the_installed_recipient() -> None:
    assert _default(THRONE_04.replace("PAY", "prev.transfer(back);"), "blocking-recipient")
    assert not _lines(THRONE_04.replace("PAY", "owed[prev] += back;"), "blocking-recipient")
