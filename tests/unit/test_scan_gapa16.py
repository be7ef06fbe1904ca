"""Round 16b (issue #15): recall gaps from the second blind set, closed as general analyses on the IR.
Spot price (defi.py, _spotread.py): a public view computing a price from an AMM's reserves through copied
locals, or from the ratio of two tokens' balances held by one pool, is an oracle a flash loan moves.
Sweeps (ether.py, _sweep.py): the whole balance sent to an address the caller names, with no caller check.
Unchecked record debits (arithmetic.py, _recdebit.py): a checked debit of another record does not bound
`allowed - v`. View loops (gaslimit.py): a view's loop over a list anyone grows, run by a state change.
Each vulnerable case is reported (medium) and its fixed twin stays quiet; Solidity 0.4 and 0.8 twins."""

from __future__ import annotations

from typing import Any

import pytest

from nexus.scan import scan_source

RESERVES_08 = """pragma solidity ^0.8.20;
interface IPair {
    function getReserves() external view returns (uint112 a, uint112 b, uint32 t);
    function token0() external view returns (address);
}
interface IFeed { function latestAnswer() external view returns (int256); }
contract Market {
    IPair public pair;
    IFeed public feed;
    address public base;
    mapping(address => uint256) public posted;
    function post() external payable { posted[msg.sender] += msg.value; }
    function quote(uint256 qty) public view returns (uint256) {
        %s
    }
}
"""
SPOT_08 = """(uint112 x, uint112 y, ) = pair.getReserves();
        (uint256 mine, uint256 other) = pair.token0() == base ? (uint256(x), uint256(y)) : (uint256(y), uint256(x));
        return (qty * other) / mine;"""
FEED_08 = """int256 p = feed.latestAnswer();
        require(p > 0);
        return (qty * uint256(p)) / 1e8;"""

RATIO_04 = """pragma solidity ^0.4.24;
contract Token {
    function balanceOf(address) public view returns (uint256);
    function transferFrom(address, address, uint256) public returns (bool);
}
contract Synth {
    Token public gold;
    Token public cash;
    address public venue;
    uint256 public posted;
    address public keeper;
    mapping(address => uint256) public minted;
    function setPosted(uint256 p) public { require(msg.sender == keeper); posted = p; }
    function spot() public view returns (uint256) {
        return %s;
    }
    function mintFor(uint256 goldIn) public {
        require(gold.transferFrom(msg.sender, this, goldIn));
        minted[msg.sender] += goldIn * spot() / 1e18;
    }
}
"""
RATIO = "cash.balanceOf(venue) * 1e18 / gold.balanceOf(venue)"
POSTED = "posted"


def _spot(src: str) -> list[Any]:
    return [f for f in scan_source(src, "t.sol") if f.detector == "spot-price"]


@pytest.mark.parametrize("body,hit", [(SPOT_08, True), (FEED_08, False)])
def test_public_view_reserves_through_copied_locals(body: str, hit: bool) -> None:
    found = _spot(RESERVES_08 % body)
    if hit:
        assert any(f.function == "quote" and f.confidence == "medium" and f.line == 14 for f in found), found
    else:
        assert found == []


@pytest.mark.parametrize("expr,hit", [(RATIO, True), (POSTED, False)])
def test_pool_balance_ratio_is_a_spot_price(expr: str, hit: bool) -> None:
    found = _spot(RATIO_04 % expr)
    if hit:
        assert any(f.function == "spot" and f.confidence == "medium" for f in found), found
        assert any(f.function == "mintFor" for f in found), found
    else:
        assert found == []


def test_own_balance_ratio_is_not_a_pool_price() -> None:
    src = RATIO_04 % "cash.balanceOf(this) * 1e18 / gold.balanceOf(this)"
    assert _spot(src) == []


SWEEP_08 = """pragma solidity ^0.8.20;
contract Fees {
    address public owner;
    mapping(address => uint256) public owed;
    modifier onlyOwner() { require(msg.sender == owner); _; }
    constructor() { owner = msg.sender; }
    receive() external payable {}
    function setOwner(address o) external onlyOwner { owner = o; }
    function collect(address payable dest) external %s {
        uint256 all = address(this).balance;
        (bool ok, ) = dest.call{value: all}("");
        require(ok);
    }
    function payOut(address payable who) external {
        uint256 v = owed[who];
        owed[who] = 0;
        who.transfer(v);
    }
}
"""
SWEEP_04 = """pragma solidity ^0.4.24;
contract Jar {
    address owner;
    function Jar() public { owner = msg.sender; }
    function () public payable {}
    function drain(address to) public {
        %s
        to.transfer(this.balance);
    }
}
"""


@pytest.mark.parametrize(
    "src,fn,hit",
    [
        (SWEEP_08 % "", "collect", True),
        (SWEEP_08 % "onlyOwner", "collect", False),
        (SWEEP_04 % "", "drain", True),
        (SWEEP_04 % "require(msg.sender == owner);", "drain", False),
    ],
)
def test_sweep_to_a_chosen_address(src: str, fn: str, hit: bool) -> None:
    """The whole balance to an address the caller names, no caller check: anyone-can-withdraw."""
    found = [f for f in scan_source(src, "t.sol") if f.detector == "unprotected-withdrawal"]
    assert [f.function for f in found if f.confidence in ("medium", "high")] == ([fn] if hit else []), found


def test_relay_of_a_chosen_amount_stays_out() -> None:
    """A chosen amount to a chosen target is an executor's relay (guards often live in overridable hooks)."""
    src = SWEEP_04.replace("function drain(address to)", "function drain(address to, uint256 v)").replace(
        "this.balance", "v"
    )
    assert [f for f in scan_source(src % "", "t.sol") if f.detector == "unprotected-withdrawal"] == []


BURN_08 = """pragma solidity ^0.8.20;
contract Gov {
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    function approve(address s, uint256 v) external returns (bool) { allowance[msg.sender][s] = v; return true; }
    function spendFrom(address holder, uint256 v) external {
        uint256 left = allowance[holder][msg.sender];
        %s
        balanceOf[holder] -= v;
        unchecked { totalSupply -= v; }
    }
}
"""
UNCHECKED_DEBIT = "unchecked { if (left != type(uint256).max) allowance[holder][msg.sender] = left - v; }"
CHECKED_DEBIT = "if (left != type(uint256).max) allowance[holder][msg.sender] = left - v;"
GUARDED_DEBIT = "require(left >= v); unchecked { allowance[holder][msg.sender] = left - v; }"


@pytest.mark.parametrize("debit,hit", [(UNCHECKED_DEBIT, True), (CHECKED_DEBIT, False), (GUARDED_DEBIT, False)])
def test_unchecked_record_debit_not_conserved_by_another_record(debit: str, hit: bool) -> None:
    """`balanceOf[holder] -= v` (checked) bounds `v` by the balance, not by the allowance; the total's
    unchecked debit stays quiet (it holds the balance)."""
    found = [
        f
        for f in scan_source(BURN_08 % debit, "t.sol")
        if f.detector == "integer-overflow" and f.confidence in ("medium", "high")
    ]
    assert [f.line for f in found] == ([9] if hit else []), found


LOCKS_08 = """pragma solidity ^0.8.20;
contract Vesting {
    struct Grant { uint128 amount; uint64 at; }
    mapping(address => Grant[]) public grants;
    mapping(address => uint256) public paid;
    function grant(address to, uint64 at) external payable {
        %s
        grants[to].push(Grant(uint128(msg.value), at));
    }
    function _vested(address who) internal view returns (uint256 sum) {
        Grant[] storage g = grants[who];
        for (uint256 i = 0; i < g.length; i++) {
            if (g[i].at <= block.timestamp) sum += g[i].amount;
        }
    }
    function claim() external {
        uint256 v = _vested(msg.sender) - paid[msg.sender];
        paid[msg.sender] += v;
        payable(msg.sender).transfer(v);
    }
}
"""
LOCKS_04 = """pragma solidity ^0.4.24;
contract Vesting {
    mapping(address => uint256[]) public amounts;
    mapping(address => uint256) public paid;
    function grant(address to) public payable {
        %s
        amounts[to].push(msg.value);
    }
    function vested(address who) public view returns (uint256 sum) {
        for (uint256 i = 0; i < amounts[who].length; i++) {
            sum += amounts[who][i];
        }
    }
    function claim() public {
        uint256 v = vested(msg.sender) - paid[msg.sender];
        paid[msg.sender] += v;
        msg.sender.transfer(v);
    }
}
"""


@pytest.mark.parametrize(
    "src,line,fn",
    [(LOCKS_08, 12, "_vested"), (LOCKS_04, 10, "vested")],
)
@pytest.mark.parametrize("gate,hit", [("", True), ("require(msg.sender == to && {n} < 20);", False)])
def test_view_loop_paid_for_by_a_state_change(src: str, line: int, fn: str, gate: str, hit: bool) -> None:
    """A view's loop over a list anyone grows runs inside the state-changing caller: DoS of `claim`."""
    n = "grants[to].length" if "Grant" in src else "amounts[to].length"
    found = [
        f
        for f in scan_source(src % gate.format(n=n), "t.sol")
        if f.detector == "unbounded-loop" and f.confidence in ("medium", "high")
    ]
    assert [(f.line, f.function) for f in found] == ([(line, fn)] if hit else []), found


def test_view_loop_no_state_change_calls_stays_out() -> None:
    src = LOCKS_04.replace("vested(msg.sender) - paid[msg.sender]", "paid[msg.sender]")
    assert [f for f in scan_source(src % "", "t.sol") if f.detector == "unbounded-loop"] == []
