"""Timestamp decisions that move ether to a payee only the owner sets (src/nexus/scan/detectors/_timing.py):
a crowdsale forwarding `msg.value` to its configured wallet inside its opening window is no pot anyone's
timing wins, so the ordering stays a low-confidence note; a pot paid to the last caller stays medium.
Own contracts, vulnerable and fixed twins in Solidity 0.4 and 0.5."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

SALE = """pragma solidity ^0.4.24;
contract Crowdsale {
    address public owner;
    address public wallet;
    uint256 public openingTime;
    uint256 public closingTime;
    uint256 public weiRaised;
    modifier onlyOwner() { require(msg.sender == owner); _; }
    constructor(address w, uint256 o, uint256 c) public {
        owner = msg.sender; wallet = w; openingTime = o; closingTime = c;
    }
    function setWallet(address w) external onlyOwner { wallet = w; }
    function buyTokens() public payable {
        require(now >= openingTime && now <= closingTime);
        weiRaised += msg.value;
        PAY;
    }
}
"""


def _time(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "timestamp-dependence"}


@pytest.mark.parametrize(
    "pay",
    [
        "wallet.transfer(msg.value)",
        "address(wallet).transfer(msg.value)",
        "require(wallet.send(msg.value))",
        "require(wallet.call.value(msg.value)())",
        "owner.transfer(address(this).balance)",
    ],
)
def test_forwarding_to_an_owner_set_wallet_inside_a_sale_window_is_a_low_note(pay: str) -> None:
    assert _time(SALE.replace("PAY", pay)) == {14: "low"}


@pytest.mark.parametrize("pay", ["msg.sender.transfer(address(this).balance)", "wallet.transfer(msg.value)"])
def test_a_payee_anyone_sets_or_the_caller_taking_the_balance_stays_medium(pay: str) -> None:
    src = SALE.replace("external onlyOwner { wallet = w; }", "external { wallet = w; }")
    assert _time(src.replace("PAY", pay)) == {14: "medium"}


def test_a_pot_to_the_last_player_stays_medium_in_solidity_05() -> None:
    src = """pragma solidity ^0.5.0;
contract Last {
    address payable public owner;
    address payable public last;
    uint256 public deadline;
    constructor() public { owner = msg.sender; }
    function play() external payable {
        if (block.timestamp > deadline) { last.transfer(address(this).balance); }
        last = msg.sender;
        deadline = block.timestamp + 1 days;
    }
    function fee() external payable {
        if (block.timestamp > deadline) { owner.transfer(address(this).balance); }
    }
}
"""
    assert _time(src) == {8: "medium", 13: "low"}
