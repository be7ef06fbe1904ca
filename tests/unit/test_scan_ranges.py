"""Pre-0.8 arithmetic on caller input the code provably bounds (src/nexus/scan/detectors/_ranges.py and
_supply.py): narrow types computed in uint256, amounts a guard holds below the contract's ether, locals
computed once from bounded values, `amount - amount / 100`, and a token's credit between records whose
sum no caller can inflate. Own benign / vulnerable twins (Solidity 0.4 and 0.5)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _math(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


GAME = """pragma solidity ^0.4.24;
contract Game {
    mapping(address => uint256) public credits;
    function play(uint8 level) public payable {
        require(msg.value == 1 ether);
        uint256 bonus = uint256(level) * 3;
        credits[msg.sender] += bonus;
    }
    function payout(uint256 amount) public {
        require(amount <= address(this).balance);
        uint256 fee = amount / 100;
        uint256 net = amount - fee;
        credits[msg.sender] += amount * 2;
        msg.sender.transfer(net);
    }
}
"""


def test_benign_game_bounded_by_type_balance_and_fraction_is_quiet() -> None:
    assert _math(GAME) == {}


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("uint256(level) * 3", "level * 3", 6),  # computed in uint8: 255 * 3 wraps
        ("uint8 level", "uint256 level", 6),  # a full-width argument times 3
        ("require(amount <= address(this).balance);", "require(amount >= address(this).balance);", 13),
        ("amount / 100;", "amount * 101 / 100;", 12),  # a fee above the amount
        ("amount / 100;", "amount / 100 + 1;", 12),
    ],
)
def test_vulnerable_game_twins_stay_reported(old: str, new: str, line: int) -> None:
    src = GAME.replace(old, new)
    assert src != GAME
    assert line in _math(src)


def test_a_narrow_counter_stepped_in_its_own_width_still_wraps() -> None:
    src = """pragma solidity ^0.4.24;
contract C {
    mapping(address => uint8) public lives;
    function hit(uint8 n) public { uint8 x = n * 2; lives[msg.sender] = x; }
}
"""
    assert 4 in _math(src)


TOKEN = """pragma solidity ^0.4.18;
contract FixedToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;
    function FixedToken(uint256 supply) public {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }
    function transfer(address to, uint256 value) public returns (bool) {
        require(balanceOf[msg.sender] >= value);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        return true;
    }
    function transferFrom(address from, address to, uint256 value) public returns (bool) {
        require(balanceOf[from] >= value && allowance[from][msg.sender] >= value);
        balanceOf[to] += value;
        balanceOf[from] -= value;
        allowance[from][msg.sender] -= value;
        return true;
    }
    function move(address to, uint256 value) public {
        _debit(msg.sender, value);
        balanceOf[to] += value;
    }
    function _debit(address who, uint256 value) internal {
        require(balanceOf[who] >= value);
        balanceOf[who] -= value;
    }
}
"""


def test_a_fixed_supply_token_credit_between_records_is_a_low_note() -> None:
    found = _math(TOKEN)
    assert found.get(13) == "low" and found.get(18) == "low" and found.get(25) == "low", found
    assert all(c == "low" for c in found.values()), found


def test_a_deposit_bank_credit_between_records_is_quiet() -> None:
    src = TOKEN.replace(
        "    function FixedToken(uint256 supply) public {\n        totalSupply = supply;\n"
        "        balanceOf[msg.sender] = supply;\n    }",
        "    function deposit() public payable {\n        balanceOf[msg.sender] += msg.value;\n\n    }",
    )
    # Round 16 (_supply.moved_ether_records): every record's value is ether received, so the sum of all
    # records stays below all the ether there is and no record can wrap (a low note before).
    assert 13 not in _math(src)


@pytest.mark.parametrize(
    "extra",
    [
        "function mint(uint256 v) public { balanceOf[msg.sender] += v; }",  # anyone creates supply
        "function burnFrom(address a, uint256 v) public { balanceOf[a] -= v; }",  # an unchecked debit wraps
        "function set(address a, uint256 v) public { balanceOf[a] = v; }",
        "function bump() public { balanceOf[msg.sender]++; }",
    ],
)
def test_the_token_credit_stays_medium_when_anyone_can_inflate_the_sum(extra: str) -> None:
    src = TOKEN.replace("    function _debit(", f"    {extra}\n    function _debit(")
    assert _math(src).get(13) == "medium"


def test_a_credit_of_another_amount_than_the_debit_stays_medium() -> None:
    src = TOKEN.replace(
        "balanceOf[to] += value;\n        return true;\n    }\n    function transferFrom",
        "balanceOf[to] += value * 2;\n        return true;\n    }\n    function transferFrom",
    )
    assert _math(src).get(13) == "medium"


def test_a_token_with_no_visible_source_of_balances_stays_medium() -> None:
    """No constructor credit, deposit or mint: a fragment whose supply we cannot see (SmartBugs'
    insecure_transfer shape)."""
    src = """pragma solidity ^0.4.10;
contract T {
    mapping (address => uint256) public balanceOf;
    function transfer(address _to, uint256 _value) public {
        require(balanceOf[msg.sender] >= _value);
        balanceOf[msg.sender] -= _value;
        balanceOf[_to] += _value;
    }
}
"""
    assert _math(src).get(7) == "medium"


def test_an_owner_only_mint_is_a_trusted_source() -> None:
    src = TOKEN.replace(
        "    function _debit(",
        "    address owner;\n    function mint(uint256 v) public { require(msg.sender == owner);"
        " balanceOf[owner] += v; }\n    function _debit(",
    )
    assert _math(src).get(13) == "low"


HOUSE = """pragma solidity ^0.4.24;
contract House {
    uint256 public jackpot;
    uint256 public edge;
    function roll(uint256 amount) public payable {
        jackpot += msg.value / 2;
        edge += msg.value - msg.value / 2;
        msg.sender.transfer(jackpot + edge + amount);
    }
}
"""


def test_the_rest_of_a_payment_credited_to_a_total_cannot_wrap() -> None:
    assert 7 not in _math(HOUSE)


def test_the_rest_of_a_callers_number_credited_to_a_total_stays_reported() -> None:
    assert 7 in _math(HOUSE.replace("edge += msg.value - msg.value / 2;", "edge += amount - msg.value / 2;"))


STAKE = """pragma solidity ^0.4.24;
contract Stake {
    mapping(address => uint256) public balances;
    mapping(address => uint256) public staked;
    uint256 public totalStaked;
    function Stake() public { balances[msg.sender] = 10**24; }
    function stake(uint256 amount) public {
        require(amount <= balances[msg.sender]);
        balances[msg.sender] -= amount;
        staked[msg.sender] += amount;
        totalStaked += amount;
    }
    function unstake(uint256 amount) public {
        require(amount <= staked[msg.sender]);
        staked[msg.sender] -= amount;
        totalStaked -= amount;
        balances[msg.sender] += amount;
    }
}
"""


def test_value_moved_between_a_balance_and_a_stake_is_a_low_note() -> None:
    found = _math(STAKE)
    assert found and all(c == "low" for c in found.values()), found


@pytest.mark.parametrize(
    "extra",
    [
        "function bonus(uint256 v) public { staked[msg.sender] += v; }",  # value from nowhere into the family
        "function slash(address a, uint256 v) public { staked[a] -= v; }",  # an unchecked debit wraps
    ],
)
def test_a_stake_anyone_can_inflate_makes_the_family_unbounded(extra: str) -> None:
    src = STAKE.replace("    function unstake(", f"    {extra}\n    function unstake(")
    assert _math(src).get(17) == "medium"  # unstake: `balances[msg.sender] += amount` (related to line 17)
