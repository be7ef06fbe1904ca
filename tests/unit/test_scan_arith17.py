"""Round 17 of the integer-overflow detector on pre-0.8 audited code (_ranges.py, _harmless.py, _spent.py):

* the length of a calldata or memory array is below 2**64 from 0.6.5 (both ABI decoders check a decoded
  length from 0.5.0, `new T[](n)` stopped wrapping its size in 0.6.5, a stored array only grows by `push`
  from 0.6.0), so `new uint[](users.length * tokens.length)` cannot wrap; a length times a caller's
  factor, or the same product under a pragma that admits 0.6.4, stays;
* `uint(x * -1)` of an `int` is the magnitude even for the one negation that wraps (`-2**255`); a factor
  other than -1, or a cast to another width, stays;
* `g - gasleft()` where `g` is an earlier `gasleft()` of the same call is the gas spent, never below
  zero; a stored reading (an earlier transaction's), a parameter, or a reading taken in one branch only
  stays.

Each benign twin is quiet on this code and reported on the code before round 17; each vulnerable twin
keeps the severity and confidence the old code gave it.
"""

from __future__ import annotations

from nexus.scan import scan_source


def _found(src: str, detector: str = "integer-overflow") -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector}


# -- decoded and allocated lengths from 0.6.5 ----------------------------------------------------------

LENGTHS6 = """pragma solidity 0.6.12;
contract Balances {
    uint256[] public last;
    function batch(address[] calldata users, address[] calldata tokens) external returns (uint256[] memory) {
        uint256[] memory out = new uint256[](users.length * tokens.length);
        address[] memory all = new address[](users.length + 1);
        last = out;
        return out;
    }
}
"""


def test_decoded_lengths_from_0_6_5_are_quiet() -> None:
    assert _found(LENGTHS6) == {}


def test_length_times_argument_or_old_pragma_stays() -> None:
    bad = LENGTHS6.replace("users.length * tokens.length", "users.length * factor").replace(
        "address[] calldata tokens)", "address[] calldata tokens, uint256 factor)"
    )
    assert _found(bad)[5] == ("medium", "medium")
    # `^0.6.0` admits 0.6.4, where `new T[](n)` of a huge n wraps its size: the old findings stay
    old = LENGTHS6.replace("pragma solidity 0.6.12;", "pragma solidity ^0.6.0;")
    assert _found(old) == {5: ("medium", "medium"), 6: ("medium", "medium")}
    v4 = """pragma solidity ^0.4.24;
contract Balances {
    uint256 public size;
    function batch(address[] users, address[] tokens) public { size = users.length * tokens.length; }
}
"""
    assert _found(v4)[4] == ("medium", "medium")


# -- the magnitude of a negative value --------------------------------------------------------------------

BURN5 = """pragma solidity ^0.5.0;
interface Rep { function burn(uint amount, address who) external returns (bool); }
contract Reward {
    mapping(bytes32 => int256) public change;
    Rep public rep;
    function propose(bytes32 id, int256 delta) public { change[id] = delta; }
    function redeem(bytes32 id, address who) public returns (int256 r) {
        r = change[id];
        change[id] = 0;
        if (r < 0) {
            require(rep.burn(uint(r * (-1)), who));
            require(rep.burn(uint256(-1 * r), who));
        }
    }
}
"""

BURN4 = """pragma solidity ^0.4.24;
contract Reward {
    mapping(address => uint) public burned;
    function burn(int256 delta) public {
        if (delta < 0) {
            burned[msg.sender] = uint(delta * -1);
        }
    }
}
"""


def test_magnitude_by_negation_is_quiet() -> None:
    assert _found(BURN5) == {}
    assert _found(BURN4) == {}


def test_other_factor_or_width_stays() -> None:
    assert _found(BURN5.replace("uint(r * (-1))", "uint(r * (-2))"))[11] == ("medium", "medium")
    narrow = BURN5.replace("uint(r * (-1))", "uint(r)").replace("uint256(-1 * r)", "uint128(-1 * r)")
    assert _found(narrow)[12] == ("medium", "medium")
    assert _found(BURN4.replace("uint(delta * -1)", "uint(delta * -3)"))[6] == ("medium", "medium")


# -- gas spent since an earlier reading -----------------------------------------------------------------

GAS6 = """pragma solidity ^0.6.2;
contract Hub {
    struct Vars { uint256 before; uint256 used; uint256 limit; }
    mapping(address => uint256) public spent;
    function relay(address target, bytes calldata data, uint256 limit) external {
        Vars memory vars;
        vars.limit = limit;
        {
            vars.before = gasleft();
            (bool ok, ) = target.call{gas: vars.limit}(data);
            require(ok);
            vars.used = vars.before - gasleft();
        }
        spent[msg.sender] = vars.used;
    }
}
"""

GAS4 = """pragma solidity ^0.4.24;
contract Hub {
    struct Vars { uint256 start; uint256 limit; }
    mapping(address => uint256) public spent;
    function relay(address target, bytes data, uint256 limit) public {
        Vars memory vars;
        vars.limit = limit;
        vars.start = msg.gas;
        require(target.call.gas(vars.limit)(data));
        spent[target] = vars.start - msg.gas;
    }
}
"""


def test_gas_spent_since_an_earlier_reading_is_quiet() -> None:
    assert _found(GAS6) == {}
    assert _found(GAS4) == {}


def test_other_gas_differences_stay() -> None:
    # the caller's limit, not a reading
    param = GAS6.replace("vars.before - gasleft()", "vars.limit - gasleft()")
    assert _found(param)[12] == ("medium", "medium")
    # a reading taken in one branch only: the other path subtracts from zero
    branch = GAS4.replace("vars.start = msg.gas;", "if (data.length > 4) vars.start = msg.gas;")
    assert _found(branch)[10] == ("medium", "medium")
    # a reading also set from the caller's value
    mixed = GAS4.replace("vars.limit = limit;", "vars.limit = limit;\n        vars.start = limit;")
    assert _found(mixed)[11] == ("medium", "medium")
    # a stored reading may be an earlier transaction's, with more gas
    stored = """pragma solidity ^0.6.2;
contract Meter {
    uint256 public mark;
    uint256 public spent;
    function start(uint256 extra) external { mark = gasleft() + extra; }
    function stop() external { spent = mark - gasleft(); }
}
"""
    assert 6 in _found(stored)


# -- a value only an event carries -----------------------------------------------------------------------

LOGGED4 = """pragma solidity ^0.4.24;
contract Converter {
    uint public supply;
    event PriceData(uint supply, uint balance);
    function buy(uint amount, uint balance, uint paid) public {
        PriceData(supply + amount, balance + paid);
    }
}
"""

LOGGED8 = """pragma solidity ^0.8.20;
contract Converter {
    uint256 public supply;
    event PriceData(uint256 supply, uint256 balance);
    function sell(uint256 amount, uint256 balance, uint256 paid) external {
        unchecked {
            uint256 left = balance - paid;
            emit PriceData(supply - amount, left);
        }
    }
}
"""


def test_value_only_an_event_carries_is_a_low_note() -> None:
    assert _found(LOGGED4) == {6: ("low", "low")}
    assert set(_found(LOGGED8).values()) == {("low", "low")}


def test_value_stored_or_handed_to_a_call_stays() -> None:
    stored = LOGGED4.replace("PriceData(supply + amount, balance + paid);", "supply = supply + amount;")
    assert _found(stored)[6] == ("medium", "medium")
    handed = LOGGED4.replace(
        "PriceData(supply + amount, balance + paid);", "PriceData(settle(supply + amount), balance);"
    ).replace(
        "    event PriceData",
        "    function settle(uint s) internal returns (uint) { supply = s; return s; }\n    event PriceData",
    )
    assert _found(handed)[7][0] == "medium"
    assert _found(LOGGED8.replace("emit PriceData(supply - amount, left);", "supply = left;"))[7][0] == "medium"


# -- a loop index added to a base whose sum with the bound was checked ---------------------------------

SLOTS5 = """pragma solidity ^0.5.0;
library SafeMath {
    function add(uint a, uint b) internal pure returns (uint) { uint c = a + b; require(c >= a); return c; }
}
contract Locking {
    using SafeMath for uint;
    mapping(uint => uint) public score;
    uint public start;
    uint public period;
    function init(uint s, uint d) public { require(period == 0 && d > 15); start = s; period = d; }
    function lock(uint amount, uint count, uint firstSlot) public {
        require(firstSlot.add(count) <= 100);
        uint slot = (now - start) / period;
        require(slot == firstSlot);
        for (uint p = 0; p < count; p++) {
            score[slot + p] = amount;
        }
    }
}
"""


def test_index_under_a_checked_sum_is_quiet() -> None:
    assert 16 not in _found(SLOTS5)


def test_index_without_a_checked_sum_stays() -> None:
    unchecked = SLOTS5.replace("require(firstSlot.add(count) <= 100);", "require(count <= 100);")
    assert _found(unchecked)[16] == ("medium", "medium")
    other = SLOTS5.replace("require(slot == firstSlot);", "")
    assert _found(other)[16] == ("medium", "medium")
    moved = SLOTS5.replace("score[slot + p] = amount;", "p += amount;\n            score[slot + p] = amount;")
    assert _found(moved)[17] == ("medium", "medium")
    branch = SLOTS5.replace(
        "require(firstSlot.add(count) <= 100);", "if (amount > 5) require(firstSlot.add(count) <= 100);"
    )
    assert _found(branch)[16] == ("medium", "medium")


# -- rounding up a nonzero product ------------------------------------------------------------------------

FUND4 = """pragma solidity ^0.4.24;
library SafeMath {
    function mul(uint a, uint b) internal pure returns (uint) {
        if (a == 0) return 0;
        uint c = a * b;
        require(c / a == b);
        return c;
    }
}
contract Formula {
    using SafeMath for uint256;
    function cost(uint256 supply, uint256 balance, uint32 ratio, uint256 amount) public view returns (uint256) {
        require(supply > 0 && balance > 0 && ratio > 1);
        if (amount == 0)
            return 0;
        if (ratio == 1000000)
            return (amount.mul(balance) - 1) / supply + 1;
        return amount;
    }
}
"""

FUND8 = """pragma solidity ^0.8.20;
contract Formula {
    function shares(uint256 amount, uint256 unit) external pure returns (uint256) {
        if (amount == 0) return 0;
        unchecked { return (amount - 1) / unit + 1; }
    }
}
"""


def test_rounding_up_a_nonzero_value_is_quiet() -> None:
    assert _found(FUND4) == {}
    assert _found(FUND8) == {}


def test_rounding_up_a_possibly_zero_value_stays() -> None:
    assert _found(FUND4.replace("if (amount == 0)\n            return 0;", ""))[16] == ("medium", "low")
    assert _found(FUND4.replace("balance > 0 &&", ""))[17] == ("medium", "low")
    assert _found(FUND8.replace("if (amount == 0) return 0;", ""))[5] == ("medium", "low")
