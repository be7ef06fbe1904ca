"""Benign shapes of pre-0.8 contracts the scanner reported at medium confidence (own twins, written as an
extra tuning set): arithmetic in a constructor (the deployer's own arguments), `list.push(x) - 1` (push
returns the new length), a record credited a stored amount of wei (`pendingReturns[bidder] += highestBid`
where every write of `highestBid` stores `msg.value`), and a timestamp window kept per caller
(`now >= lastClaim[msg.sender] + 1 days`) before a payout. Each has a vulnerable twin that stays medium."""

from __future__ import annotations

from nexus.scan import scan_source


def _of(src: str, detector: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == detector}


AUCTION = """pragma solidity ^0.4.24;
contract Auction {
    address public owner;
    address public highestBidder;
    uint256 public highestBid;
    uint256 public endTime;
    mapping(address => uint256) public pendingReturns;
    constructor(uint256 duration) public { owner = msg.sender; endTime = now + duration; }
    function extend(uint256 more) public { endTime += more; }
    function bid() public payable {
        require(now <= endTime && msg.value > highestBid);
        if (highestBid != 0) { pendingReturns[highestBidder] += highestBid; }
        highestBidder = msg.sender;
        highestBid = msg.value;
    }
}
"""


def test_constructor_arithmetic_is_the_deployers_and_a_low_note() -> None:
    found = _of(AUCTION, "integer-overflow")
    assert found.get(8) == "low"  # constructor: the deployer picks `duration`
    # anyone's argument added to the deadline: a wrap shortens it (a plain `endTime = now + more` would
    # only give the past deadline `more = 0` gives, a note: test_scan_icse23.py)
    assert found.get(9) == "medium"


def test_a_record_credited_stored_wei_cannot_wrap_but_a_stored_argument_can() -> None:
    assert 12 not in _of(AUCTION, "integer-overflow")
    # (without the `msg.value > highestBid` check, which alone keeps a credited highestBid below msg.value)
    settable = AUCTION.replace(
        "    function bid()", "    function seed(uint256 v) public { highestBid = v; }\n    function bid()"
    ).replace(" && msg.value > highestBid", "")
    assert _of(settable, "integer-overflow").get(13) == "medium"


ORDERS = """pragma solidity ^0.4.24;
contract Orders {
    struct Order { address maker; uint256 amount; }
    Order[] public orders;
    function place(uint256 amount) public returns (uint256 id) {
        id = orders.push(Order(msg.sender, amount)) - 1;
    }
    function last(uint256 k) public returns (uint256) { return orders.push(Order(msg.sender, 0)) - k; }
}
"""


def test_push_minus_one_cannot_underflow_but_push_minus_an_argument_can() -> None:
    assert _of(ORDERS, "integer-overflow") == {8: "medium"}


FAUCET = """pragma solidity ^0.4.24;
contract Faucet {
    mapping(address => uint256) public lastClaim;
    uint256 public lastAny;
    uint256 public constant AMOUNT = 0.01 ether;
    function claim() public {
        require(now >= lastClaim[msg.sender] + 1 days);
        lastClaim[msg.sender] = now;
        msg.sender.transfer(AMOUNT);
    }
    function race() public {
        require(now >= lastAny + 1 days);
        lastAny = now;
        msg.sender.transfer(address(this).balance);
    }
}
"""


def test_a_per_caller_window_is_no_race_for_the_payout_but_a_shared_one_is() -> None:
    assert _of(FAUCET, "timestamp-dependence") == {7: "low", 12: "medium"}
