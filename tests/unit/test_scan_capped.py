"""Pre-0.8 arithmetic on amounts the owner's configuration caps (src/nexus/scan/detectors/_capped.py):
an oriented guard `amount <= ownerSetBound` (or the crowdsale's `msg.value > (cap - total) / rate`
throw), and the cap check `cap - total` of a total every increase of which is checked against the cap.
Own contracts, vulnerable and fixed twins in Solidity 0.4 and 0.5."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _math(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


ICO = """pragma solidity ^0.4.24;
contract Sale {
    address public owner;
    uint256 public totalSupply;
    uint256 public supplyLimit = 10000 ether;
    uint256 public rate = 1761;
    mapping(address => uint256) public balances;
    function setLimit(uint256 l) public { require(msg.sender == owner); supplyLimit = l; }
    function setRate(uint256 r) public { if (msg.sender == owner) { rate = r; } }
    function buy(address holder) public payable {
        if (msg.value == 0) throw;
        if (msg.value > (supplyLimit - totalSupply) / rate) throw;
        uint256 tokens = msg.value * rate;
        totalSupply += tokens;
        balances[holder] += tokens;
        uint256 extra = tokens * 12 / 100;
        totalSupply += extra;
    }
}
"""


def test_the_crowdsale_cap_check_is_a_low_note_when_every_increase_checks_the_cap() -> None:
    found = _math(ICO)
    assert found.get(12) == "low"  # supplyLimit - totalSupply: only the owner lowering the cap wraps it
    assert all(c == "low" for c in found.values()), found


def test_the_cap_check_stays_medium_when_the_total_also_grows_unchecked() -> None:
    src = ICO.replace(
        "    function buy(",
        "    function gift(address to, uint v) public { totalSupply += v; balances[to] += v; }\n    function buy(",
    )
    assert _math(src).get(13) == "medium"  # the cap check's line, one line lower


def test_the_cap_check_stays_medium_when_anyone_sets_the_cap() -> None:
    src = ICO.replace("require(msg.sender == owner); supplyLimit = l;", "supplyLimit = l;")
    assert _math(src).get(12) == "medium"


PER_TX = """pragma solidity ^0.5.0;
contract Faucet {
    address owner;
    uint256 public maxPerTx = 100 ether;
    uint256 public totalGiven;
    mapping(address => uint256) public given;
    constructor() public { owner = msg.sender; }
    function setMax(uint256 m) external { require(msg.sender == owner); maxPerTx = m; }
    function take(uint256 amount) external {
        GUARD
        given[msg.sender] += amount;
    }
}
"""


@pytest.mark.parametrize(
    "guard",
    [
        "require(amount <= maxPerTx);",
        "if (amount > maxPerTx) revert();",
        "require(!(amount > maxPerTx));",
        "require(amount > 0 && maxPerTx >= amount);",
        "if (amount == 0 || amount > maxPerTx) { revert(); }",
    ],
)
def test_a_credit_capped_by_an_owner_set_bound_is_a_low_note(guard: str) -> None:
    assert _math(PER_TX.replace("GUARD", guard)) == {11: "low"}


@pytest.mark.parametrize(
    "guard",
    [
        "require(amount >= maxPerTx);",  # a lower bound caps nothing
        "if (amount < maxPerTx) revert();",
        "require(amount > 0 || amount <= maxPerTx);",  # either side may hold
        "require(amount != maxPerTx);",
    ],
)
def test_a_bound_that_does_not_cap_from_above_leaves_the_credit_medium(guard: str) -> None:
    assert _math(PER_TX.replace("GUARD", guard)) == {11: "medium"}


def test_a_cap_anyone_can_set_is_no_cap() -> None:
    src = PER_TX.replace("require(msg.sender == owner); maxPerTx = m;", "maxPerTx = m;")
    assert _math(src.replace("GUARD", "require(amount <= maxPerTx);")) == {11: "medium"}


def test_an_unguarded_crowdsale_stays_medium() -> None:
    src = ICO.replace("        if (msg.value > (supplyLimit - totalSupply) / rate) throw;\n", "")
    src = src.replace("if (msg.sender == owner) { rate = r; }", "rate = r;")
    found = _math(src)
    assert found and "medium" in found.values()


def test_a_capped_credit_to_a_total_anyone_can_set_stays_medium() -> None:
    src = PER_TX.replace("GUARD", "require(amount <= maxPerTx);")
    src = src.replace("        given[msg.sender] += amount;", "        totalGiven += amount;")
    assert _math(src) == {11: "low"}
    settable = src.replace(
        "    function take", "    function reset(uint t) external { totalGiven = t; }\n    function take"
    )
    assert _math(settable) == {12: "medium"}


SAFE_TOKEN = """pragma solidity ^0.4.24;
library SafeMath {
    function add(uint a, uint b) internal pure returns (uint) { uint c = a + b; assert(c >= a); return c; }
    function sub(uint a, uint b) internal pure returns (uint) { assert(b <= a); return a - b; }
}
contract Sale {
    using SafeMath for uint;
    address owner;
    uint public supplyLimit = 10000 ether;
    uint public totalSupply;
    uint public rate = 100;
    mapping(address => uint) public balances;
    function transfer(address to, uint v) public {
        balances[msg.sender] = balances[msg.sender].sub(v);
        balances[to] = balances[to].add(v);
    }
    function buy(address holder) public payable {
        if (msg.value > (supplyLimit - totalSupply) / rate) throw;
        uint tokens = msg.value * rate;
        totalSupply += tokens;
        balances[holder] += tokens;
    }
}
"""


def test_records_moved_through_safemath_still_only_accumulate() -> None:
    # `balances[a] = balances[a].sub(v)` moves the stored value, it does not set it
    assert _math(SAFE_TOKEN) == {18: "low", 20: "low"}


def test_a_record_anyone_can_set_is_no_accumulated_total() -> None:
    src = SAFE_TOKEN.replace(
        "    function buy(", "    function set(address a, uint v) public { balances[a] = v; }\n    function buy("
    )
    assert _math(src).get(21) == "medium"  # totalSupply += tokens, balances[holder] related
