"""Round 18 of the integer-overflow detector on pre-0.8 audited code (_selfcheck.py):

* the wrap test itself (`return a + b >= a;`, `b == 0 || a * b / b == a`, `a - b <= a`): the operation
  may wrap, and the comparison exists to detect exactly that; comparing the sum to anything else stays;
* a safe-math predicate under another name called in a dominating check (`require(safeToAdd(a, b));
  return a + b;`, `if (!bal[from].safeToSub(v)) return false; bal[from] -= v;` through `using L for`):
  its single `return` expression, with the call's arguments for its parameters, is the check the caller
  wrote. A predicate called with other operands, or one whose body checks nothing, stays.

Each benign twin is quiet on this code and reported on the code before round 18; each vulnerable twin
keeps the severity and confidence the old code gave it.
"""

from __future__ import annotations

from nexus.scan import scan_source


def _found(src: str, detector: str = "integer-overflow") -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector}


# -- the wrap test itself and predicates under other names ------------------------------------------

PREDICATES4 = """pragma solidity ^0.4.24;
library Checks {
    function safeToSub(uint a, uint b) internal pure returns (bool) {
        return a >= b;
    }
    function safeToAdd(uint a, uint b) internal pure returns (bool) {
        return a + b >= a;
    }
}
contract Token {
    using Checks for uint;
    mapping(address => uint) balances;
    function safeToAdd(uint a, uint b) public pure returns (bool) {
        return a + b >= a;
    }
    function safeToMul(uint a, uint b) public pure returns (bool) {
        return b == 0 || a * b / b == a;
    }
    function safeToSub(uint a, uint b) public pure returns (bool) {
        return a - b <= a;
    }
    function add(uint a, uint b) public pure returns (uint) {
        require(safeToAdd(a, b));
        return a + b;
    }
    function mul(uint a, uint b) public pure returns (uint) {
        require(safeToMul(a, b));
        return a * b;
    }
    function transfer(address to, uint value) public returns (bool) {
        if (!balances[msg.sender].safeToSub(value) || !balances[to].safeToAdd(value)) {
            return false;
        }
        balances[msg.sender] -= value;
        balances[to] += value;
        return true;
    }
}
"""

PREDICATES8 = """pragma solidity 0.8.19;
contract Sums {
    function isSafe(uint a, uint b) public pure returns (bool) {
        unchecked { return a + b >= a; }
    }
    function sum(uint a, uint b) public pure returns (uint) {
        require(isSafe(a, b));
        unchecked { return a + b; }
    }
}
"""

UNCHECKED4 = """pragma solidity ^0.4.24;
library Checks {
    function safeToSub(uint a, uint b) internal pure returns (bool) {
        return true;
    }
}
contract Token {
    using Checks for uint;
    mapping(address => uint) balances;
    uint limit;
    function above(uint a, uint b) public view returns (bool) {
        return a + b >= limit;
    }
    function safeToAdd(uint a, uint b) public pure returns (bool) {
        return a + b >= a;
    }
    function add(uint a, uint b, uint c) public pure returns (uint) {
        require(safeToAdd(a, c));
        return a + b;
    }
    function transfer(address to, uint value) public returns (bool) {
        if (!balances[msg.sender].safeToSub(value)) {
            return false;
        }
        balances[msg.sender] -= value;
        return true;
    }
}
"""

UNCHECKED8 = """pragma solidity 0.8.19;
contract Sums {
    function isSafe(uint a, uint b) public pure returns (bool) {
        unchecked { return a + b >= a; }
    }
    function sum(uint a, uint b, uint c) public pure returns (uint) {
        require(isSafe(a, c));
        unchecked { return a + b; }
    }
}
"""


def test_wrap_tests_and_predicates_under_other_names_are_quiet() -> None:
    assert _found(PREDICATES4) == {}
    assert _found(PREDICATES8) == {}


def test_other_comparisons_and_predicates_stay() -> None:
    found = _found(UNCHECKED4)
    assert set(found) == {12, 19, 25}
    assert found[19] == ("medium", "low")
    assert found[25] == ("high", "medium")
    assert _found(UNCHECKED8) == {8: ("medium", "low")}


# -- the last element of an array of unknown type ---------------------------------------------------

LAST4 = """pragma solidity ^0.4.24;
contract Court {
    struct Dispute { uint[] votes; mapping(uint => uint) counts; }
    mapping(uint => Dispute) disputes;
    function last(uint id) public view returns (uint) {
        Dispute storage d = disputes[id];
        return d.votes[d.votes.length - 1];
    }
    function count(uint id) public {
        Dispute storage d = disputes[id];
        d.counts[d.votes.length - 1] = 1;
    }
}
"""

LAST8 = """pragma solidity 0.8.19;
contract Court {
    struct Dispute { uint[] votes; mapping(uint => uint) counts; }
    mapping(uint => Dispute) disputes;
    function last(uint id) public view returns (uint) {
        Dispute storage d = disputes[id];
        unchecked { return d.votes[d.votes.length - 1]; }
    }
    function count(uint id) public {
        Dispute storage d = disputes[id];
        unchecked { d.counts[d.votes.length - 1] = 1; }
    }
}
"""


def test_last_element_of_its_own_length_is_quiet_a_mapping_key_stays() -> None:
    found4, found8 = _found(LAST4), _found(LAST8)
    assert 7 not in found4 and 7 not in found8
    assert found4[11] == ("medium", "medium")
    assert found8[11] == ("medium", "medium")


# -- a difference cast to the signed type of its width ------------------------------------------------

SIGNED4 = """pragma solidity ^0.4.24;
contract Auction {
    function clamp(int v) public pure returns (uint) {
        if (v < 0) return 0;
        return uint(v);
    }
    function outstanding(uint owed, uint paid) public pure returns (uint) {
        return clamp(int(owed - paid));
    }
    function narrow(uint owed, uint paid) public pure returns (int) {
        return int128(owed - paid);
    }
    function plain(uint owed, uint paid) public pure returns (uint) {
        return uint(owed - paid);
    }
}
"""

SIGNED8 = """pragma solidity 0.8.19;
contract Auction {
    function clamp(int256 v) public pure returns (uint256) {
        return v < 0 ? 0 : uint256(v);
    }
    function outstanding(uint256 owed, uint256 paid) public pure returns (uint256) {
        unchecked { return clamp(int256(owed - paid)); }
    }
    function plain(uint256 owed, uint256 paid) public pure returns (uint256) {
        unchecked { return uint256(owed - paid); }
    }
}
"""


def test_signed_difference_is_quiet_other_casts_stay() -> None:
    found4, found8 = _found(SIGNED4), _found(SIGNED8)
    assert 8 not in found4 and 7 not in found8
    assert found4[11] == found4[14] == ("medium", "low")
    assert found8[10] == ("medium", "low")


# -- a predicate that returns true only under a check -----------------------------------------------

LIMIT4 = """pragma solidity ^0.4.24;
contract Limit {
    struct Day { uint spent; uint limit; uint last; }
    mapping(address => Day) days_;
    function underLimit(address token, uint amount) internal returns (bool) {
        Day storage d = days_[token];
        if (now / 1 days > d.last) { d.last = now / 1 days; d.spent = 0; }
        if (d.spent + amount <= d.limit && d.spent + amount > d.spent)
            return true;
        return false;
    }
    function below(address token, uint amount) internal returns (bool) {
        Day storage d = days_[token];
        if (amount <= d.limit)
            return true;
        return false;
    }
    function spend(address token, uint amount) public {
        require(underLimit(token, amount));
        days_[token].spent += amount;
    }
    function spendLoose(address token, uint amount) public {
        require(below(token, amount));
        days_[token].spent += amount;
    }
}
"""

LIMIT8 = LIMIT4.replace("pragma solidity ^0.4.24;", "pragma solidity 0.8.19;").replace(
    "days_[token].spent += amount;", "unchecked { days_[token].spent += amount; }"
)


def test_predicate_true_only_under_a_check_is_quiet_a_loose_one_stays() -> None:
    found4, found8 = _found(LIMIT4), _found(LIMIT8)
    assert 20 not in found4 and 20 not in found8
    assert found4[24] == ("high", "medium")
    assert found8[24] == ("high", "medium")


# -- bad-randomness: a time rounded down to a period is a bucket, not a draw ----------------------------

BUCKET4 = """pragma solidity ^0.4.24;
contract Daily {
    uint public lastDay;
    uint public spent;
    function today() public view returns (uint) {
        return now - (now % 1 days);
    }
    function roll() public payable {
        if (now % 7 == 0) msg.sender.transfer(msg.value * 2);
    }
}
"""

BUCKET8 = BUCKET4.replace("pragma solidity ^0.4.24;", "pragma solidity 0.8.19;").replace("now", "block.timestamp")


def test_time_rounded_down_is_no_draw_a_time_modulo_stays() -> None:
    for src in (BUCKET4, BUCKET8):
        for detector in ("bad-randomness", "timestamp-dependence"):
            found = _found(src, detector)
            assert 6 not in found
            assert 9 in found
