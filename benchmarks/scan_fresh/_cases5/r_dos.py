"""Set-5 denial-of-service cases: calls in loops, unbounded loops and growth, blocking recipients."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_dividend_payout_loop.sol",
        cls="DoS (call in loop)",
        det=["call-in-loop", "blocking-recipient", "unbounded-loop"],
        ver="0.8.26",
        fn="payDividends",
        shape="0.8 dividend token: payDividends pushes ether to every holder with transfer in one loop",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract DividendShares is Pausable {
    address public board;
    address[] public holders;
    mapping(address => uint256) public sharesOf;
    mapping(address => bool) private known;
    uint256 public totalShares;

    constructor() { board = msg.sender; }

    function issue(address to, uint256 amount) external {
        require(msg.sender == board, "board");
        if (!known[to]) { known[to] = true; holders.push(to); }
        sharesOf[to] += amount;
        totalShares += amount;
    }

    function payDividends() external payable whenNotPaused {
        require(msg.sender == board, "board");
        for (uint256 i = 0; i < holders.length; i++) {
            address h = holders[i];
            payable(h).transfer(msg.value * sharesOf[h] / totalShares);  //@
        }
    }
}
""",
        fix=[
            (
                "    uint256 public totalShares;\n",
                "    uint256 public totalShares;\n    mapping(address => uint256) public owed;\n",
            ),
            (
                "            payable(h).transfer(msg.value * sharesOf[h] / totalShares);  //@\n        }\n    }\n",
                "            owed[h] += msg.value * sharesOf[h] / totalShares;\n        }\n    }\n\n    function withdrawDividend() external {\n        uint256 a = owed[msg.sender];\n        owed[msg.sender] = 0;\n        payable(msg.sender).transfer(a);\n    }\n",
            ),
        ],
    ),
    dict(
        name="b5_raffle_refunds_old.sol",
        cls="DoS (call in loop)",
        det=["call-in-loop", "blocking-recipient", "unbounded-loop"],
        ver="0.5.17",
        fn="cancelRaffle",
        shape="0.5 raffle: cancel refunds each entrant with require(send) in a loop",
        src=r"""
pragma solidity ^0.5.17;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() public {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract Raffle is Pausable {
    address public host;
    address payable[] public entrants;
    uint256 public ticket = 0.01 ether;
    bool public cancelled;

    constructor() public { host = msg.sender; }

    function enter() external payable {
        require(!cancelled && msg.value == ticket, "ticket");
        entrants.push(msg.sender);
    }

    function cancelRaffle() external whenNotPaused {
        require(msg.sender == host && !cancelled, "host");
        cancelled = true;
        for (uint256 i = 0; i < entrants.length; i++) {
            require(entrants[i].send(ticket), "refund");  //@
        }
    }
}
""",
        fix=[
            (
                "    bool public cancelled;\n",
                "    bool public cancelled;\n    mapping(address => uint256) public refundable;\n",
            ),
            (
                "        entrants.push(msg.sender);\n",
                "        entrants.push(msg.sender);\n        refundable[msg.sender] += msg.value;\n",
            ),
            (
                '        for (uint256 i = 0; i < entrants.length; i++) {\n            require(entrants[i].send(ticket), "refund");  //@\n        }\n    }\n',
                '    }\n\n    function claimRefund() external {\n        require(cancelled, "open");\n        uint256 a = refundable[msg.sender];\n        refundable[msg.sender] = 0;\n        msg.sender.transfer(a);\n    }\n',
            ),
        ],
    ),
    dict(
        name="b5_order_queue_scan.sol",
        cls="DoS (unbounded loop)",
        det=["unbounded-loop", "unbounded-growth"],
        ver="0.8.26",
        fn="bestOffer",
        shape="0.8 marketplace: anyone can append offers; acceptBest scans the whole array every call",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract OfferBook {
    struct Offer { address bidder; uint256 amount; bool active; }

    address public seller;
    Offer[] public offers;
    bool public closed;

    constructor() { seller = msg.sender; }

    function makeOffer() external payable {
        require(!closed && msg.value > 0, "closed");
        offers.push(Offer(msg.sender, msg.value, true));
    }

    function bestOffer() public view returns (uint256 best) {
        uint256 top;
        for (uint256 i = 0; i < offers.length; i++) {  //@
            if (offers[i].active && offers[i].amount > top) { top = offers[i].amount; best = i; }
        }
    }

    function acceptBest() external {
        require(msg.sender == seller && !closed, "seller");
        uint256 id = bestOffer();
        closed = true;
        offers[id].active = false;
        payable(seller).transfer(offers[id].amount);
    }
}
""",
        fix=[
            ("    bool public closed;\n", "    bool public closed;\n    uint256 public constant MAX_OFFERS = 100;\n"),
            (
                '        require(!closed && msg.value > 0, "closed");\n',
                '        require(!closed && msg.value > 0, "closed");\n        require(offers.length < MAX_OFFERS, "full");\n',
            ),
        ],
    ),
    dict(
        name="b5_subscription_growth.sol",
        cls="DoS (unbounded growth)",
        det=["unbounded-growth", "unbounded-loop"],
        ver="0.8.26",
        fn="subscribe",
        shape="0.8 subscription list: any payer appends; renewAll loops over the list",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract Subscriptions is Pausable {
    struct Sub { address user; uint64 paidUntil; }

    address public provider;
    uint256 public fee = 0.001 ether;
    Sub[] public subs;
    uint256 public activeCount;

    constructor() { provider = msg.sender; }

    function subscribe() external payable whenNotPaused {
        require(msg.value >= fee, "fee");
        subs.push(Sub(msg.sender, uint64(block.timestamp + 30 days)));  //@
    }

    function refreshActive() external {
        uint256 n;
        for (uint256 i = 0; i < subs.length; i++) {
            if (subs[i].paidUntil > block.timestamp) n++;
        }
        activeCount = n;
    }
}
""",
        fix=[
            (
                '        require(msg.value >= fee, "fee");\n',
                '        require(msg.value >= fee, "fee");\n        require(subs.length < 1000, "full");\n',
            )
        ],
    ),
    dict(
        name="b5_king_of_hill.vy",
        cls="DoS (blocking recipient)",
        det=["blocking-recipient", "call-in-loop"],
        ver="0.4.3",
        fn="claim_throne",
        shape="Vyper 0.4 king-of-the-hill: previous king refunded with send, a reverting king blocks new claims",
        src=r"""
# pragma version ^0.4.0

king: public(address)
prize: public(uint256)
crowned_at: public(uint256)

event NewKing:
    king: indexed(address)
    amount: uint256


@deploy
@payable
def __init__():
    self.king = msg.sender
    self.prize = msg.value


@external
@payable
def claim_throne():
    assert msg.value > self.prize, "too low"
    old: address = self.king
    refund: uint256 = self.prize
    self.king = msg.sender
    self.prize = msg.value
    self.crowned_at = block.number
    send(old, refund)  #@
    log NewKing(king=msg.sender, amount=msg.value)
""",
        fix=[
            ("crowned_at: public(uint256)\n", "crowned_at: public(uint256)\nowed: public(HashMap[address, uint256])\n"),
            ("    send(old, refund)  #@\n", "    self.owed[old] += refund\n"),
            (
                "    log NewKing(king=msg.sender, amount=msg.value)\n",
                "    log NewKing(king=msg.sender, amount=msg.value)\n\n\n@external\ndef withdraw():\n    a: uint256 = self.owed[msg.sender]\n    self.owed[msg.sender] = 0\n    send(msg.sender, a)\n",
            ),
        ],
    ),
    dict(
        name="b5_auction_refund_block_old.sol",
        cls="DoS (blocking recipient)",
        det=["blocking-recipient", "call-in-loop"],
        ver="0.6.12",
        fn="bid",
        shape="0.6 auction: the outbid leader is refunded with require(call) inside bid",
        src=r"""
pragma solidity ^0.6.12;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() public {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract SealedLessAuction is Pausable {
    address payable public seller;
    address payable public leader;
    uint256 public top;
    uint256 public endBlock;

    constructor(uint256 blocks) public { seller = msg.sender; endBlock = block.number + blocks; }

    function bid() external payable whenNotPaused {
        require(block.number < endBlock && msg.value > top, "bid");
        if (leader != address(0)) {
            (bool ok, ) = leader.call{value: top}("");
            require(ok, "refund");  //@
        }
        leader = msg.sender;
        top = msg.value;
    }

    function finalize() external {
        require(block.number >= endBlock, "early");
        seller.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "    uint256 public endBlock;\n",
                "    uint256 public endBlock;\n    mapping(address => uint256) public pendingReturns;\n",
            ),
            (
                '            (bool ok, ) = leader.call{value: top}("");\n            require(ok, "refund");  //@\n',
                "            pendingReturns[leader] += top;\n",
            ),
            (
                "        seller.transfer(address(this).balance);\n",
                "        uint256 amt = top;\n        top = 0;\n        seller.transfer(amt);\n",
            ),
        ],
    ),
]
