"""ICSE-69 round 21 (issue #15): amounts of wei credited to wide totals, and remainders.

A local only ever given wei, also through a clamp (`if (paying > room) { paying = room; }` only lowers
it), divided or scaled by constants and summed, cannot wrap a total of 128 bits or more when credited
(`shares[msg.sender] += paying / 1000`); `v - v % d` cannot go below zero. Each vulnerable twin keeps the
finding: a credit to a `uint8` total (also in `unchecked`), a caller's argument in the sum, a local that is
reassigned from an argument, `msg.value - x % d` of another `x`. Also: a base token's transfer is
judged in the file's contract that inherits it (a minting constructor, or an open mint); `a - (a - c)` of
a local is `c` unless `a` changes in between; `v * 1` cannot wrap. Solidity 0.4 sources, and 0.8 ones
inside `unchecked { }`."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _math(src: str) -> set[int]:
    return {f.line for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


def _line(src: str, marker: str) -> int:
    return next(i for i, t in enumerate(src.splitlines(), 1) if marker in t)


FUND = """pragma solidity ^0.4.24;
contract Fund {
    uint public constant CAP = 1000 ether;
    uint public raised;
    mapping(address => uint) public shares;
    uint public totalShares;
    uint public bonusPool;
    function buy(uint extra) public payable {
        require(raised < CAP);
        uint paying = msg.value;
        if (paying > CAP - raised) {
            paying = CAP - raised;
        }
        uint mine = paying / 1000;
        uint fee = paying * 3 / 100;
        shares[msg.sender] += mine; // SHARE
        totalShares += mine + fee + EXTRA; // TOTAL
        bonusPool += uint(paying / 50); // POOL
        raised += paying;
    }
    function give(address to, uint n) public {
        require(shares[msg.sender] >= n);
        shares[msg.sender] -= n;
        shares[to] += n;
    }
}
"""


def _fund(extra: str = "0", clamp: str = "CAP - raised", pool: str = "uint") -> str:
    return (
        FUND.replace("EXTRA", extra)
        .replace("paying = CAP - raised;", f"paying = {clamp};")
        .replace("uint(paying / 50)", f"{pool}(paying / 50)")
    )


def test_wei_credits_to_wide_totals_are_not_reported() -> None:
    src = _fund()
    found = _math(src)
    assert not {_line(src, "// SHARE"), _line(src, "// TOTAL"), _line(src, "// POOL")} & found


def test_a_callers_argument_in_the_credit_is_reported() -> None:
    src = _fund(extra="extra")
    assert _line(src, "// TOTAL") in _math(src)


def test_a_total_anyone_can_set_still_wraps() -> None:
    src = _fund().replace(
        "    function give(", "    function seed(uint t) public { totalShares = t; }\n    function give("
    )
    assert _line(src, "// TOTAL") in _math(src)  # set next to 2**256 first, then credited


def test_a_local_reassigned_from_an_argument_is_no_wei() -> None:
    src = _fund(clamp="extra")  # not a clamp: `paying` can become anything the caller passes
    found = _math(src)
    assert _line(src, "// SHARE") in found or _line(src, "// TOTAL") in found


NARROW = """pragma solidity ^0.4.24;
contract Pot {
    uint8 public small;
    mapping(address => uint) public credit;
    function pay() public payable {
        small += uint8(msg.value / 100); // SMALL
        uint256 wide = msg.value / 10;
        credit[msg.sender] += wide; // WIDE
    }
    function take(uint n) public {
        require(credit[msg.sender] >= n);
        credit[msg.sender] -= n;
        msg.sender.transfer(n);
    }
}
"""


def test_narrow_totals_of_wei_are_still_reported() -> None:
    found = _math(NARROW)
    assert _line(NARROW, "// SMALL") in found
    assert _line(NARROW, "// WIDE") not in found


LOTTO = """pragma solidity ^0.4.24;
contract Lotto {
    uint public constant PRICE = 0.1 ether;
    uint public pot;
    mapping(address => uint) public tickets;
    function buy(uint x) public payable {
        uint value = msg.value - (msg.value % PRICE); // REM
        uint count = value / PRICE;
        tickets[msg.sender] += count; // COUNT
        pot += value; // POT
        uint odd = msg.value - (x % PRICE); // OTHER
        pot += odd;
    }
    function claim(uint n) public {
        require(tickets[msg.sender] >= n);
        tickets[msg.sender] -= n;
        msg.sender.transfer(n * PRICE);
    }
}
"""


def test_a_value_less_its_own_remainder_does_not_wrap() -> None:
    found = _math(LOTTO)
    assert not {_line(LOTTO, "// REM"), _line(LOTTO, "// COUNT"), _line(LOTTO, "// POT")} & found
    assert _line(LOTTO, "// OTHER") in found  # a remainder of another value can exceed msg.value


UNCHECKED = """pragma solidity ^0.8.19;
contract Fund {
    mapping(address => uint) public shares;
    uint8 public small;
    function buy(uint extra) external payable {
        uint paying = msg.value;
        if (paying > 100 ether) {
            paying = 100 ether;
        }
        unchecked {
            shares[msg.sender] += paying / 1000 + EXTRA; // SHARE
            small += uint8(paying / 100); // SMALL
        }
    }
    function give(address to, uint n) external {
        require(shares[msg.sender] >= n);
        unchecked { shares[msg.sender] -= n; }
        shares[to] += n;
    }
}
"""


@pytest.mark.parametrize(("extra", "flagged"), [("0", False), ("extra", True)])
def test_unchecked_credits_in_08(extra: str, flagged: bool) -> None:
    src = UNCHECKED.replace("EXTRA", extra)
    found = _math(src)
    assert (_line(src, "// SHARE") in found) is flagged
    assert _line(src, "// SMALL") in found


TOKEN = """pragma solidity ^0.4.24;
contract BaseToken {
    mapping(address => uint256) balances;
    function transfer(address to, uint256 value) public returns (bool) {
        require(balances[msg.sender] >= value);
        balances[msg.sender] -= value;
        balances[to] += value; // CREDIT
        return true;
    }
}
contract FixedToken is BaseToken {
    constructor(uint256 supply) public { balances[msg.sender] = supply; }
    HEIR
}
"""


def _credit_confidence(heir: str) -> str:
    src = TOKEN.replace("HEIR", heir)
    line = _line(src, "// CREDIT")
    return next(f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow" and f.line == line)


def test_a_base_token_is_judged_in_the_contract_that_mints_it() -> None:
    assert _credit_confidence("") == "low"  # the heir's constructor is the only source: a fixed supply
    assert _credit_confidence("function mint(uint256 v) public { balances[msg.sender] += v; }") == "medium"


THRONE = """pragma solidity ^0.4.24;
contract Throne {
    uint public price = 1 ether;
    uint constant NUM = FACTOR;
    uint constant DEN = 100;
    uint public fees;
    function claim(uint extra) public payable {
        uint paid = msg.value;
        if (paid > price) {
            uint excess = paid - price;
            msg.sender.transfer(excess);
            BETWEEN
            paid = paid - excess; // RESTORE
        }
        uint fee = (paid * NUM) / DEN; // SCALE
        fees += fee;
    }
}
"""


@pytest.mark.parametrize(
    ("between", "factor", "restore", "scale"),
    [("", "1", False, False), ("paid += extra;", "1", True, False), ("", "3", False, True)],
)
def test_a_value_less_its_own_excess_and_times_one(between: str, factor: str, restore: bool, scale: bool) -> None:
    src = THRONE.replace("BETWEEN", between).replace("FACTOR", factor)
    found = _math(src)
    assert (_line(src, "// RESTORE") in found) is restore
    assert (_line(src, "// SCALE") in found) is scale
