"""Set-7 re-entrancy cases: cross-function through an unguarded sibling, a pre-0.5 refund, a Vyper market."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_transit_card_cashout.sol",
        cls="reentrancy (cross-function)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="cashOut",
        shape="0.8 prepaid transit card: cashOut() is locked but zeroes the credit only after call{value}; the unlocked gift() lets the caller move the same credit away mid-call",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

error Insufficient(uint256 have, uint256 want);
error PayoutFailed();
error Locked();

contract TransitCardWallet {
    address public operator;
    uint256 public fare = 0.002 ether;
    uint256 private entered;

    mapping(address => uint256) public credit;
    mapping(address => uint256) public rides;

    event TopUp(address indexed card, uint256 amount);
    event Ride(address indexed card, uint256 fare);
    event Gifted(address indexed from, address indexed to, uint256 amount);
    event CashedOut(address indexed card, uint256 amount);

    modifier guarded() {
        if (entered == 1) revert Locked();
        entered = 1;
        _;
        entered = 0;
    }

    constructor() {
        operator = msg.sender;
    }

    function topUp() external payable {
        credit[msg.sender] += msg.value;
        emit TopUp(msg.sender, msg.value);
    }

    function tapIn() external {
        uint256 f = fare;
        if (credit[msg.sender] < f) revert Insufficient(credit[msg.sender], f);
        credit[msg.sender] -= f;
        credit[operator] += f;
        rides[msg.sender] += 1;
        emit Ride(msg.sender, f);
    }

    function gift(address to, uint256 amount) external {
        if (credit[msg.sender] < amount) revert Insufficient(credit[msg.sender], amount);
        credit[msg.sender] -= amount;
        credit[to] += amount;
        emit Gifted(msg.sender, to, amount);
    }

    function cashOut() external guarded {
        uint256 amount = credit[msg.sender];
        if (amount == 0) revert Insufficient(0, 1);
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert PayoutFailed();
        credit[msg.sender] = 0;  //@
        emit CashedOut(msg.sender, amount);
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = payable(msg.sender).call{value: amount}("");\n        if (!ok) revert PayoutFailed();\n        credit[msg.sender] = 0;  //@\n',
                '        credit[msg.sender] = 0;\n        (bool ok, ) = payable(msg.sender).call{value: amount}("");\n        if (!ok) revert PayoutFailed();\n',
            )
        ],
    ),
    dict(
        name="b7_crowdfund_refund_old.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.4.24",
        fn="refund",
        shape="0.4 crowdfunding campaign: refund() after a missed goal pays the pledge with call.value()() and zeroes the pledge afterwards",
        src=r"""
pragma solidity ^0.4.24;

contract Crowdfund {
    address public creator;
    uint256 public goal;
    uint256 public deadline;
    uint256 public raised;
    bool public claimed;
    mapping(address => uint256) public pledged;

    event Pledged(address indexed backer, uint256 amount);
    event Refunded(address indexed backer, uint256 amount);
    event Claimed(uint256 amount);

    constructor(uint256 _goal, uint256 _days) public {
        require(_days > 0 && _days <= 90);
        creator = msg.sender;
        goal = _goal;
        deadline = now + _days * 1 days;
    }

    function pledge() public payable {
        require(now < deadline);
        require(msg.value > 0);
        pledged[msg.sender] += msg.value;
        raised += msg.value;
        emit Pledged(msg.sender, msg.value);
    }

    function claim() public {
        require(msg.sender == creator);
        require(now >= deadline && raised >= goal && !claimed);
        claimed = true;
        creator.transfer(raised);
        emit Claimed(raised);
    }

    function refund() public {
        require(now >= deadline && raised < goal);
        uint256 amount = pledged[msg.sender];
        require(amount > 0);
        require(msg.sender.call.value(amount)());
        pledged[msg.sender] = 0;  //@
        emit Refunded(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "        require(msg.sender.call.value(amount)());\n        pledged[msg.sender] = 0;  //@\n",
                "        pledged[msg.sender] = 0;\n        require(msg.sender.call.value(amount)());\n",
            )
        ],
    ),
    dict(
        name="b7_ticket_resale.vy",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.4.3",
        fn="withdraw_proceeds",
        shape="Vyper 0.4 event-ticket resale market: withdraw_proceeds pays with raw_call(value=) and clears the seller's proceeds after the call",
        src=r"""
# pragma version ^0.4.0

struct Listing:
    seller: address
    price: uint256

event Listed:
    ticket_id: uint256
    price: uint256

event Sold:
    ticket_id: uint256
    buyer: address

organizer: public(address)
holder: public(HashMap[uint256, address])
listings: public(HashMap[uint256, Listing])
proceeds: public(HashMap[address, uint256])
royalty_bps: public(uint256)
next_id: public(uint256)


@deploy
def __init__(royalty_bps: uint256):
    assert royalty_bps <= 2000, "royalty"
    self.organizer = msg.sender
    self.royalty_bps = royalty_bps


@external
def issue(to: address) -> uint256:
    assert msg.sender == self.organizer, "organizer"
    tid: uint256 = self.next_id
    self.holder[tid] = to
    self.next_id = tid + 1
    return tid


@external
def list_ticket(ticket_id: uint256, price: uint256):
    assert self.holder[ticket_id] == msg.sender, "holder"
    self.listings[ticket_id] = Listing(seller=msg.sender, price=price)
    log Listed(ticket_id=ticket_id, price=price)


@external
@payable
def buy(ticket_id: uint256):
    item: Listing = self.listings[ticket_id]
    assert item.seller != empty(address), "not listed"
    assert self.holder[ticket_id] == item.seller, "stale"
    assert msg.value == item.price, "price"
    fee: uint256 = item.price * self.royalty_bps // 10000
    self.proceeds[item.seller] += item.price - fee
    self.proceeds[self.organizer] += fee
    self.holder[ticket_id] = msg.sender
    self.listings[ticket_id] = empty(Listing)
    log Sold(ticket_id=ticket_id, buyer=msg.sender)


@external
def withdraw_proceeds():
    amount: uint256 = self.proceeds[msg.sender]
    assert amount > 0, "nothing"
    raw_call(msg.sender, b"", value=amount)
    self.proceeds[msg.sender] = 0  #@
""",
        fix=[
            (
                '    raw_call(msg.sender, b"", value=amount)\n    self.proceeds[msg.sender] = 0  #@\n',
                '    self.proceeds[msg.sender] = 0\n    raw_call(msg.sender, b"", value=amount)\n',
            )
        ],
    ),
]
