"""Pre-0.8 arithmetic whose operands are provably too small to wrap, and an aggregate debited by an
amount checked against one holder's record (src/nexus/scan/detectors/_bounds.py). Own contracts,
vulnerable and fixed twins."""

from __future__ import annotations

from nexus.scan import scan_source


def _math(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


BET = """pragma solidity ^0.4.24;
contract Bets {
    uint constant MAX_BET = 5 ether;
    uint constant FEE = 10;
    uint jackpot;
    function bet() public payable {
        uint amount = msg.value;
        require(amount <= MAX_BET);
        jackpot += amount * FEE / 1000;
    }
}
"""


def test_a_fee_on_the_sent_wei_cannot_wrap_but_one_on_a_callers_number_can() -> None:
    assert _math(BET) == {}
    as_argument = BET.replace(
        "function bet() public payable {\n        uint amount = msg.value;", "function bet(uint amount) public {"
    )
    assert _math(as_argument) == {}  # still capped by MAX_BET
    assert _math(as_argument.replace("require(amount <= MAX_BET);", "")) == {8: "medium"}


SALE = """pragma solidity ^0.4.24;
contract Sale {
    mapping(address => uint) tokens;
    function buy() public payable {
        tokens[msg.sender] = msg.value * 10**18;
    }
}
"""


def test_wei_times_a_constant_cannot_wrap_but_a_callers_number_times_it_can() -> None:
    assert _math(SALE) == {}
    # a caller's number times a constant can wrap, but here to a value the caller could pass itself (_choice.py)
    assert _math(SALE.replace("buy() public payable", "buy(uint v) public").replace("msg.value *", "v *")) == {5: "low"}


CAPPED = """pragma solidity ^0.4.24;
contract Grid {
    mapping(uint => uint) cells;
    function set(uint x, uint y) public {
        require(x < 1000 && y <= 1000);
        cells[x * y] = 1;
    }
}
"""


def test_a_product_of_operands_capped_by_an_earlier_require_cannot_wrap() -> None:
    assert _math(CAPPED) == {}
    assert _math(CAPPED.replace("require(x < 1000 && y <= 1000);", "require(x < 1000);")) == {6: "medium"}


DONATE = """pragma solidity ^0.4.24;
contract Donor {
    address whale;
    uint totalDonated;
    function donate(uint amount) public {
        whale.transfer(amount);
        totalDonated += amount;
    }
}
"""


def test_a_total_of_the_ether_really_sent_cannot_wrap_but_a_total_of_claimed_amounts_can() -> None:
    assert _math(DONATE) == {}
    assert _math(DONATE.replace("whale.transfer(amount);", "whale.transfer(1);")) == {7: "medium"}


BURN = """pragma solidity ^0.4.24;
contract Token {
    uint totalSupply;
    mapping(address => uint) balances;
    function burn(uint v) public {
        require(balances[msg.sender] >= v);
        balances[msg.sender] -= v;
        totalSupply -= v;
    }
}
"""


def test_a_supply_debited_by_an_amount_one_balance_covers_is_a_note_and_unchecked_burns_stay_medium() -> None:
    assert _math(BURN) == {8: "low"}
    assert _math(BURN.replace("        require(balances[msg.sender] >= v);\n", "")) == {6: "medium"}  # line 7 related


def test_a_total_a_caller_can_set_can_still_wrap_when_bounded_amounts_are_added() -> None:
    settable = DONATE.replace(
        "    function donate", "    function reset(uint t) public { totalDonated = t; }\n    function donate"
    )
    assert _math(settable) == {8: "medium"}  # set next to 2**256 first, then `+= amount` wraps
    capped = BET.replace("uint jackpot;", "uint jackpot;\n    function seed(uint j) public { jackpot = j; }")
    assert _math(capped) == {10: "medium"}
