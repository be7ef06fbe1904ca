"""Pre-0.8 arithmetic on nothing but the caller's free choice (src/nexus/scan/detectors/_choice.py): `v *
10 ** decimals` of parameters the function reads nowhere else wraps to a number the caller could have
passed directly, a low-confidence note. A parameter also used elsewhere (the BEC batchTransfer relation
between a checked total and the credited value), state or msg.value in the operation keep it medium."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _math(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


AIRDROP = """pragma solidity ^0.4.24;
contract Airdrop {
    address public owner;
    uint256 public scale = 10;
    function drop(address token, address[] tos, uint256 v, uint256 decimals) public {
        require(tos.length > 0);
        uint256 value = v * 10 ** decimals;
        for (uint256 i = 0; i < tos.length; i++) {
            require(token.call(bytes4(keccak256("transfer(address,uint256)")), tos[i], value));
        }
    }
}
"""


def test_an_operation_only_on_parameters_read_nowhere_else_is_a_low_note() -> None:
    assert _math(AIRDROP) == {7: "low"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("tos[i], value)", "tos[i], value / v)"),  # v also used elsewhere: the relation can break
        ("v * 10 ** decimals", "v * scale ** decimals"),  # state in the operation
        ("v * 10 ** decimals", "msg.value * 10 ** decimals"),
    ],
)
def test_an_operation_tied_to_other_uses_or_state_stays_medium(old: str, new: str) -> None:
    src = AIRDROP.replace(old, new)
    assert src != AIRDROP
    assert _math(src).get(7) == "medium"


BATCH = """pragma solidity ^0.4.16;
contract Bec {
    mapping(address => uint256) balances;
    function Bec() public { balances[msg.sender] = 10**27; }
    function batchTransfer(address[] _receivers, uint256 _value) public returns (bool) {
        uint cnt = _receivers.length;
        uint256 amount = uint256(cnt) * _value;
        require(cnt > 0 && cnt <= 20);
        require(_value > 0 && balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        for (uint i = 0; i < cnt; i++) {
            balances[_receivers[i]] += _value;
        }
        return true;
    }
}
"""


def test_the_batch_transfer_overflow_stays_medium() -> None:
    assert _math(BATCH).get(7) == "medium"


def test_a_price_check_on_the_callers_number_stays_medium() -> None:
    """`msg.value == v * price` then `v` credited: the wrap lets a small payment buy many tokens."""
    src = """pragma solidity ^0.4.24;
contract Sale {
    mapping(address => uint256) public tokens;
    function buy(uint256 v) public payable {
        require(msg.value == v * 1 finney);
        tokens[msg.sender] += v;
    }
}
"""
    assert _math(src).get(5) == "medium"
