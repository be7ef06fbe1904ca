"""Set-6 unprotected withdrawal and selfdestruct cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_auction_house_proceeds.sol",
        cls="unprotected withdrawal",
        det=["unprotected-withdrawal"],
        ver="0.8.26",
        fn="claimProceeds",
        shape="0.8 English auction house: claimProceeds pays the winning bid to msg.sender after checking only that the auction ended (the seller field is never compared)",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface INFT {
    function transferFrom(address from, address to, uint256 id) external;
}

contract AuctionHouse {
    struct Auction {
        address seller;
        INFT nft;
        uint256 tokenId;
        uint256 endsAt;
        address topBidder;
        uint256 topBid;
        bool settled;
    }

    error AuctionLive();
    error AlreadySettled();
    error BidTooLow(uint256 min);

    uint256 public constant MIN_STEP_BPS = 500;
    uint256 public auctionCount;
    mapping(uint256 => Auction) public auctions;
    mapping(address => uint256) public refunds;

    event Created(uint256 indexed id, address seller, uint256 endsAt);
    event Bid(uint256 indexed id, address bidder, uint256 amount);
    event Settled(uint256 indexed id, address winner, uint256 amount);

    function create(INFT nft, uint256 tokenId, uint256 duration) external returns (uint256 id) {
        nft.transferFrom(msg.sender, address(this), tokenId);
        id = ++auctionCount;
        auctions[id] = Auction(msg.sender, nft, tokenId, block.timestamp + duration, address(0), 0, false);
        emit Created(id, msg.sender, block.timestamp + duration);
    }

    function bid(uint256 id) external payable {
        Auction storage a = auctions[id];
        require(block.timestamp < a.endsAt, "ended");
        uint256 min = a.topBid + (a.topBid * MIN_STEP_BPS) / 10_000;
        if (msg.value <= min) revert BidTooLow(min);
        if (a.topBidder != address(0)) refunds[a.topBidder] += a.topBid;
        a.topBidder = msg.sender;
        a.topBid = msg.value;
        emit Bid(id, msg.sender, msg.value);
    }

    function withdrawRefund() external {
        uint256 r = refunds[msg.sender];
        refunds[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: r}("");
        require(ok, "refund");
    }

    function claimProceeds(uint256 id) external {
        Auction storage a = auctions[id];
        if (block.timestamp < a.endsAt) revert AuctionLive();
        if (a.settled) revert AlreadySettled();
        a.settled = true;
        a.nft.transferFrom(address(this), a.topBidder == address(0) ? a.seller : a.topBidder, a.tokenId);
        (bool ok, ) = payable(msg.sender).call{value: a.topBid}("");  //@
        require(ok, "pay");
        emit Settled(id, a.topBidder, a.topBid);
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = payable(msg.sender).call{value: a.topBid}("");  //@\n',
                '        (bool ok, ) = payable(a.seller).call{value: a.topBid}("");\n',
            )
        ],
    ),
    dict(
        name="b6_split_wallet_old.sol",
        cls="unprotected withdrawal",
        det=["unprotected-withdrawal"],
        ver="0.4.24",
        fn="emergencyWithdraw",
        shape="0.4 revenue splitter: emergencyWithdraw sends the whole balance to msg.sender; its 'onlyPayee' check was commented out; release() is per-payee and safe",
        src=r"""
pragma solidity ^0.4.24;

library SafeMath {
    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        if (a == 0) return 0;
        uint256 c = a * b;
        assert(c / a == b);
        return c;
    }
    function sub(uint256 a, uint256 b) internal pure returns (uint256) { assert(b <= a); return a - b; }
    function add(uint256 a, uint256 b) internal pure returns (uint256) { uint256 c = a + b; assert(c >= a); return c; }
}

contract RevenueSplitter {
    using SafeMath for uint256;

    address[] public payees;
    mapping(address => uint256) public sharesOf;
    mapping(address => uint256) public released;
    uint256 public totalShares;
    uint256 public totalReleased;
    bool public emergency;
    address public guardian;

    event PaymentReleased(address to, uint256 amount);
    event EmergencyDeclared();

    constructor(address[] _payees, uint256[] _shares) public {
        require(_payees.length == _shares.length && _payees.length > 0);
        guardian = msg.sender;
        for (uint256 i = 0; i < _payees.length; i++) {
            payees.push(_payees[i]);
            sharesOf[_payees[i]] = _shares[i];
            totalShares = totalShares.add(_shares[i]);
        }
    }

    function () external payable {}

    function release() public {
        require(sharesOf[msg.sender] > 0);
        uint256 totalReceived = address(this).balance.add(totalReleased);
        uint256 due = totalReceived.mul(sharesOf[msg.sender]) / totalShares;
        uint256 payment = due.sub(released[msg.sender]);
        require(payment > 0);
        released[msg.sender] = released[msg.sender].add(payment);
        totalReleased = totalReleased.add(payment);
        msg.sender.transfer(payment);
        emit PaymentReleased(msg.sender, payment);
    }

    function declareEmergency() public {
        require(msg.sender == guardian);
        emergency = true;
        emit EmergencyDeclared();
    }

    function emergencyWithdraw() public {
        require(emergency);
        // require(sharesOf[msg.sender] > 0);
        msg.sender.transfer(address(this).balance);  //@
    }
}
""",
        fix=[
            (
                "        // require(sharesOf[msg.sender] > 0);\n        msg.sender.transfer(address(this).balance);  //@\n",
                "        require(msg.sender == guardian);\n        msg.sender.transfer(address(this).balance);\n",
            )
        ],
    ),
    dict(
        name="b6_grant_stream.vy",
        cls="unprotected withdrawal",
        det=["unprotected-withdrawal"],
        ver="0.4.3",
        fn="withdraw_unvested",
        shape="Vyper 0.4 grant stream: withdraw_unvested returns the unvested remainder to any caller-chosen address; claim() is recipient-only",
        src=r"""
# pragma version ^0.4.0

event Claimed:
    amount: uint256

event Clawback:
    to: address
    amount: uint256

funder: public(address)
recipient: public(address)
start: public(uint256)
duration: public(uint256)
total: public(uint256)
claimed: public(uint256)
revoked: public(bool)


@deploy
@payable
def __init__(recipient: address, duration: uint256):
    self.funder = msg.sender
    self.recipient = recipient
    self.start = block.timestamp
    self.duration = duration
    self.total = msg.value


@view
@internal
def _vested() -> uint256:
    if block.timestamp >= self.start + self.duration:
        return self.total
    return self.total * (block.timestamp - self.start) // self.duration


@external
def claim():
    assert msg.sender == self.recipient, "recipient"
    amount: uint256 = self._vested() - self.claimed
    self.claimed += amount
    send(self.recipient, amount)
    log Claimed(amount)


@external
def withdraw_unvested(to: address):
    assert not self.revoked, "revoked"
    vested: uint256 = self._vested()
    unvested: uint256 = self.total - vested
    self.revoked = True
    self.total = vested
    send(to, unvested)  #@
    log Clawback(to, unvested)
""",
        fix=[
            (
                '    assert not self.revoked, "revoked"\n    vested: uint256 = self._vested()\n',
                '    assert msg.sender == self.funder, "funder"\n    assert not self.revoked, "revoked"\n    vested: uint256 = self._vested()\n',
            )
        ],
    ),
]
