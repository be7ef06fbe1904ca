"""Pre-0.8 arithmetic on a statistic (src/nexus/scan/detectors/_statistic.py): a state variable only
views, public getters, events and its own updates read moves no balance and no payout when it wraps, so
an overflow of a caller's amount into it is a low-confidence note. Read by a condition, a payment, another
write, a view the contract calls or a state-changing function's result, it stays medium. Own twins."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _math(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


STATS = """pragma solidity ^0.4.24;
contract Stats {
    uint256 public totalWagered;
    mapping(address => uint256) public score;
    mapping(address => uint256) public stake;
    event Bet(address who, uint256 amount);
    function bet(uint256 amount, uint256 points) public {
        require(stake[msg.sender] >= amount);
        totalWagered += amount;
        score[msg.sender] = score[msg.sender] + points * amount;
        emit Bet(msg.sender, amount);
    }
    function deposit() public payable { stake[msg.sender] += msg.value; }
    function ratio(address a) public view returns (uint256) { return score[a] / (totalWagered + 1); }
}
"""


def test_a_statistic_only_views_and_events_read_is_a_low_note() -> None:
    found = _math(STATS)
    assert found.get(9) == "low" and found.get(10) == "low", found


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        ("function cashOut() public { msg.sender.transfer(score[msg.sender]); }", 10),  # a payment
        ("function vip() public { require(score[msg.sender] > 100); stake[msg.sender] += 1; }", 10),
        ("function prize() public { if (totalWagered > 10 ether) { msg.sender.transfer(1 ether); } }", 9),
        ("function copy() public { stake[msg.sender] = score[msg.sender]; }", 10),  # another write's value
        ("function top() public returns (uint256) { return score[msg.sender]; }", 10),
        # a view the contract itself calls: its reads count
        (
            "function _pts() internal view returns (uint256) { return score[msg.sender]; }\n"
            "    function pay() public { msg.sender.transfer(_pts()); }",
            10,
        ),
    ],
)
def test_a_statistic_a_payout_or_a_decision_reads_stays_medium(extra: str, line: int) -> None:
    src = STATS.replace("    function deposit()", f"    {extra}\n    function deposit()")
    assert _math(src).get(line) == "medium"


def test_a_derived_contract_reading_the_statistic_makes_it_medium() -> None:
    src = (
        STATS
        + "contract Payer is Stats {\n    function cashOut() public { msg.sender.transfer(score[msg.sender]); }\n}\n"
    )
    assert _math(src).get(10) == "medium"
