"""Set-7 unchecked sends and low-level calls: payouts whose failure goes unnoticed."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_peer_bet_escrow.sol",
        cls="unchecked send",
        det=["unchecked-call"],
        ver="0.4.24",
        fn="settle",
        shape="0.4 peer-to-peer wager escrow: the arbiter's settle() marks the wager settled and pays the winner with a bare send() whose result is dropped",
        src=r"""
pragma solidity ^0.4.24;

contract PeerBetEscrow {
    address public arbiter;
    uint256 public feeBps = 100;
    uint256 public fees;

    struct Wager {
        address maker;
        address taker;
        uint256 stake;
        bool settled;
    }

    mapping(uint256 => Wager) public wagers;
    uint256 public nextId;

    event Made(uint256 indexed id, address maker, uint256 stake);
    event Taken(uint256 indexed id, address taker);
    event Settled(uint256 indexed id, address winner, uint256 paid);

    constructor() public {
        arbiter = msg.sender;
    }

    function make() public payable returns (uint256 id) {
        require(msg.value > 0);
        id = nextId++;
        wagers[id] = Wager(msg.sender, address(0), msg.value, false);
        emit Made(id, msg.sender, msg.value);
    }

    function take(uint256 id) public payable {
        Wager storage w = wagers[id];
        require(w.maker != address(0) && w.taker == address(0));
        require(msg.value == w.stake);
        w.taker = msg.sender;
        emit Taken(id, msg.sender);
    }

    function settle(uint256 id, bool makerWon) public {
        require(msg.sender == arbiter);
        Wager storage w = wagers[id];
        require(w.taker != address(0) && !w.settled);
        w.settled = true;
        uint256 pot = w.stake * 2;
        uint256 fee = pot * feeBps / 10000;
        fees += fee;
        address winner = makerWon ? w.maker : w.taker;
        winner.send(pot - fee);  //@
        emit Settled(id, winner, pot - fee);
    }

    function collectFees() public {
        require(msg.sender == arbiter);
        uint256 f = fees;
        fees = 0;
        arbiter.transfer(f);
    }
}
""",
        fix=[("        winner.send(pot - fee);  //@\n", "        require(winner.send(pot - fee));  //@\n")],
    ),
    dict(
        name="b7_ether_gift_cards.sol",
        cls="unchecked send",
        det=["unchecked-call"],
        ver="0.8.26",
        fn="redeem",
        shape="0.8 ether gift cards: redeem(id, to) marks the card redeemed and pays with to.send(value), ignoring the returned bool",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract EtherGiftCards {
    struct Card {
        address issuer;
        address holder;
        uint256 value;
        bool redeemed;
    }

    mapping(uint256 => Card) public cards;
    uint256 public nextId;
    uint256 public outstanding;

    event Issued(uint256 indexed id, address holder, uint256 value);
    event Redeemed(uint256 indexed id, address to);
    event Revoked(uint256 indexed id);

    function issue(address holder) external payable returns (uint256 id) {
        require(msg.value > 0 && holder != address(0), "card");
        id = nextId++;
        cards[id] = Card(msg.sender, holder, msg.value, false);
        outstanding += msg.value;
        emit Issued(id, holder, msg.value);
    }

    function redeem(uint256 id, address payable to) external {
        Card storage c = cards[id];
        require(msg.sender == c.holder && !c.redeemed, "card");
        c.redeemed = true;
        outstanding -= c.value;
        to.send(c.value);  //@
        emit Redeemed(id, to);
    }

    function revoke(uint256 id) external {
        Card storage c = cards[id];
        require(msg.sender == c.issuer && !c.redeemed, "card");
        c.redeemed = true;
        outstanding -= c.value;
        payable(c.issuer).transfer(c.value);
        emit Revoked(id);
    }
}
""",
        fix=[("        to.send(c.value);  //@\n", '        require(to.send(c.value), "send");  //@\n')],
    ),
    dict(
        name="b7_flight_delay_cover.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.5.17",
        fn="claim",
        shape='0.5 parametric flight-delay insurance: claim() marks the policy claimed and pays with holder.call.value()("") without checking the result',
        src=r"""
pragma solidity ^0.5.17;

contract FlightDelayCover {
    address public insurer;
    address public oracle;
    uint256 public premium = 0.02 ether;
    uint256 public payoutMultiple = 10;

    struct Policy {
        address payable holder;
        bytes32 flight;
        bool claimed;
    }

    Policy[] public policies;
    mapping(bytes32 => bool) public delayed;

    event PolicyBought(uint256 indexed id, address holder, bytes32 flight);
    event PaidOut(uint256 indexed id, uint256 amount);

    constructor(address _oracle) public payable {
        insurer = msg.sender;
        oracle = _oracle;
    }

    function buy(bytes32 flight) external payable returns (uint256) {
        require(msg.value == premium, "premium");
        policies.push(Policy(msg.sender, flight, false));
        emit PolicyBought(policies.length - 1, msg.sender, flight);
        return policies.length - 1;
    }

    function reportDelay(bytes32 flight) external {
        require(msg.sender == oracle, "oracle");
        delayed[flight] = true;
    }

    function claim(uint256 id) external {
        Policy storage p = policies[id];
        require(delayed[p.flight] && !p.claimed, "no claim");
        p.claimed = true;
        uint256 amount = premium * payoutMultiple;
        p.holder.call.value(amount)("");  //@
        emit PaidOut(id, amount);
    }
}
""",
        fix=[
            (
                '        p.holder.call.value(amount)("");  //@\n',
                '        (bool ok, ) = p.holder.call.value(amount)("");  //@\n        require(ok, "payout");\n',
            )
        ],
    ),
    dict(
        name="b7_protocol_fee_splitter.vy",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.4.3",
        fn="distribute",
        shape="Vyper 0.4 protocol fee splitter: distribute() pays the treasury with raw_call(revert_on_failure=False) and never reads the returned flag, so a failed payment is re-split next time",
        src=r"""
# pragma version ^0.4.0

event Distributed:
    to_treasury: uint256
    to_buyback: uint256

owner: public(address)
treasury: public(address)
buyback: public(address)
treasury_share: public(uint256)


@deploy
def __init__(treasury: address, buyback: address):
    self.owner = msg.sender
    self.treasury = treasury
    self.buyback = buyback
    self.treasury_share = 6000


@external
@payable
def __default__():
    pass


@external
def set_share(bps: uint256):
    assert msg.sender == self.owner, "owner"
    assert bps <= 10000, "bps"
    self.treasury_share = bps


@external
def distribute():
    total: uint256 = self.balance
    to_treasury: uint256 = total * self.treasury_share // 10000
    to_buyback: uint256 = total - to_treasury
    ok: bool = raw_call(self.treasury, b"", value=to_treasury, revert_on_failure=False)  #@
    send(self.buyback, to_buyback)
    log Distributed(to_treasury=to_treasury, to_buyback=to_buyback)
""",
        fix=[
            (
                '    ok: bool = raw_call(self.treasury, b"", value=to_treasury, revert_on_failure=False)  #@\n',
                '    ok: bool = raw_call(self.treasury, b"", value=to_treasury, revert_on_failure=False)  #@\n    assert ok, "treasury"\n',
            )
        ],
    ),
]
