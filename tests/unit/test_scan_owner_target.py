"""Re-entrancy into a contract or address only the owner sets (src/nexus/scan/detectors/reentrancy.py):
the owner chose the code that runs there, so even a call with value before a state write is a
low-confidence note; a target anyone can set, or the caller's own address, stays medium.
Own contracts, vulnerable and fixed twins in Solidity 0.4 and 0.5."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

CORE = """pragma solidity ^0.4.24;
contract Auction { function bid(uint id) public payable; }
contract Core {
    address owner;
    Auction public auction;
    address public wallet;
    mapping(uint => address) public child;
    constructor(Auction a, address w) public { owner = msg.sender; auction = a; wallet = w; }
    function setAuction(Auction a) public { require(msg.sender == owner); auction = a; }
    function setWallet(address w) public { require(msg.sender == owner); wallet = w; }
    function breed(uint id) public payable {
        CALL;
        child[id] = msg.sender;
    }
}
"""


def _re(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "reentrancy"}


@pytest.mark.parametrize(
    "call", ["auction.bid.value(msg.value)(id)", "require(wallet.call.value(msg.value)())", "auction.bid(id)"]
)
def test_a_call_into_an_owner_set_target_is_a_low_note(call: str) -> None:
    assert _re(CORE.replace("CALL", call)) == {12: "low"}


@pytest.mark.parametrize("call", ["auction.bid.value(msg.value)(id)", "require(wallet.call.value(msg.value)())"])
def test_a_target_anyone_can_set_stays_medium(call: str) -> None:
    src = CORE.replace("require(msg.sender == owner); auction = a;", "auction = a;")
    src = src.replace("require(msg.sender == owner); wallet = w;", "wallet = w;")
    assert _re(src.replace("CALL", call)) == {12: "medium"}


def test_the_caller_or_an_argument_as_target_stays_medium_in_solidity_05() -> None:
    src = """pragma solidity ^0.5.0;
contract Bank {
    address owner;
    mapping(address => uint) public credit;
    constructor() public { owner = msg.sender; }
    function withdraw() external {
        (bool ok, ) = msg.sender.call.value(credit[msg.sender])("");
        require(ok);
        credit[msg.sender] = 0;
    }
    function pay(address payable owner_, uint v) external {
        (bool ok, ) = owner_.call.value(v)("");
        require(ok);
        credit[owner_] = 0;
    }
}
"""
    assert _re(src) == {7: "medium", 12: "medium"}
