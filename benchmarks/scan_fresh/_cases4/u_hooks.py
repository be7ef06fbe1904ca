"""Set-4 token-hook re-entrancy cases in longer contracts: an NFT auction house and an ERC-777 fee stream."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_auction_house_721.sol",
        cls="re-entrancy (ERC-721 hook)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="settle",
        shape="NFT auction house: settle marks the auction settled, safe-transfers the piece, and only then zeroes the winner's bid, which withdrawBid pays once settled",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC721 {
    function safeTransferFrom(address from, address to, uint256 tokenId) external;
    function transferFrom(address from, address to, uint256 tokenId) external;
}

contract AuctionHouse {
    struct Auction {
        address seller;
        IERC721 nft;
        uint256 tokenId;
        uint64 endTime;
        address topBidder;
        uint256 topBid;
        bool settled;
    }

    uint16 public constant HOUSE_FEE_BPS = 250;
    address public immutable house;
    uint256 public auctionCount;
    mapping(uint256 => Auction) public auctions;
    mapping(uint256 => mapping(address => uint256)) public bidOf;
    mapping(address => uint256) public proceeds;

    event Created(uint256 indexed id, address seller, uint256 tokenId, uint64 endTime);
    event Bid(uint256 indexed id, address bidder, uint256 total);
    event BidWithdrawn(uint256 indexed id, address bidder, uint256 amount);
    event Settled(uint256 indexed id, address winner, uint256 price);

    constructor() {
        house = msg.sender;
    }

    function create(IERC721 nft, uint256 tokenId, uint64 duration) external returns (uint256 id) {
        nft.transferFrom(msg.sender, address(this), tokenId);
        id = ++auctionCount;
        auctions[id] = Auction(msg.sender, nft, tokenId, uint64(block.timestamp) + duration, address(0), 0, false);
        emit Created(id, msg.sender, tokenId, uint64(block.timestamp) + duration);
    }

    function bid(uint256 id) external payable {
        Auction storage a = auctions[id];
        require(block.timestamp < a.endTime, "ended");
        uint256 total = bidOf[id][msg.sender] + msg.value;
        require(total > a.topBid + a.topBid / 20, "too low");
        bidOf[id][msg.sender] = total;
        a.topBid = total;
        a.topBidder = msg.sender;
        emit Bid(id, msg.sender, total);
    }

    function withdrawBid(uint256 id) external {
        Auction storage a = auctions[id];
        require(msg.sender != a.topBidder || a.settled, "top bidder");
        uint256 amount = bidOf[id][msg.sender];
        bidOf[id][msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "refund");
        emit BidWithdrawn(id, msg.sender, amount);
    }

    function settle(uint256 id) external {
        Auction storage a = auctions[id];
        require(block.timestamp >= a.endTime && !a.settled, "not settleable");
        if (a.topBidder == address(0)) {
            a.settled = true;
            a.nft.transferFrom(address(this), a.seller, a.tokenId);
            return;
        }
        uint256 fee = a.topBid * HOUSE_FEE_BPS / 10_000;
        proceeds[house] += fee;
        proceeds[a.seller] += a.topBid - fee;
        a.settled = true;
        a.nft.safeTransferFrom(address(this), a.topBidder, a.tokenId);  //@
        bidOf[id][a.topBidder] = 0;  //@
        emit Settled(id, a.topBidder, a.topBid);
    }

    function claimProceeds() external {
        uint256 amount = proceeds[msg.sender];
        proceeds[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "proceeds");
    }

    function timeLeft(uint256 id) external view returns (uint256) {
        uint64 end = auctions[id].endTime;
        return block.timestamp >= end ? 0 : end - block.timestamp;
    }
}
""",
        fix=[
            (
                "        a.nft.safeTransferFrom(address(this), a.topBidder, a.tokenId);  //@\n        bidOf[id][a.topBidder] = 0;  //@\n",
                "        bidOf[id][a.topBidder] = 0;\n        a.nft.safeTransferFrom(address(this), a.topBidder, a.tokenId);\n",
            )
        ],
    ),
    dict(
        name="b4_fee_stream_777.sol",
        cls="re-entrancy (ERC-777 hook)",
        det=["reentrancy"],
        ver="0.7.6",
        fn="claim",
        shape="protocol fee stream paid in an ERC-777 token: claim sends before moving the member's checkpoint",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

interface IERC777 {
    function send(address to, uint256 amount, bytes calldata data) external;
    function balanceOf(address who) external view returns (uint256);
}

contract FeeStream {
    struct Member {
        uint128 weight;
        uint128 checkpoint;   // cumulative fees per weight already paid
    }

    IERC777 public immutable feeToken;
    address public council;
    uint256 public totalWeight;
    uint256 public cumulativePerWeight;   // 1e18 scaled
    uint256 public accounted;
    mapping(address => Member) public members;

    event MemberSet(address indexed who, uint256 weight);
    event FeesNotified(uint256 amount);
    event Claimed(address indexed who, uint256 amount);

    modifier onlyCouncil() {
        require(msg.sender == council, "council");
        _;
    }

    constructor(IERC777 token) {
        feeToken = token;
        council = msg.sender;
    }

    function _owed(Member memory m) internal view returns (uint256) {
        return uint256(m.weight) * (cumulativePerWeight - m.checkpoint) / 1e18;
    }

    function setMember(address who, uint128 weight) external onlyCouncil {
        Member storage m = members[who];
        require(_owed(m) == 0, "claim first");
        totalWeight = totalWeight - m.weight + weight;
        m.weight = weight;
        m.checkpoint = uint128(cumulativePerWeight);
        emit MemberSet(who, weight);
    }

    function notifyFees() external {
        uint256 bal = feeToken.balanceOf(address(this));
        uint256 fresh = bal - accounted;
        if (fresh == 0 || totalWeight == 0) return;
        cumulativePerWeight += fresh * 1e18 / totalWeight;
        accounted = bal;
        emit FeesNotified(fresh);
    }

    function owed(address who) external view returns (uint256) {
        return _owed(members[who]);
    }

    function claim() external {
        Member storage m = members[msg.sender];
        uint256 amount = _owed(m);
        require(amount > 0, "nothing");
        feeToken.send(msg.sender, amount, "");  //@
        m.checkpoint = uint128(cumulativePerWeight);  //@
        accounted -= amount;
        emit Claimed(msg.sender, amount);
    }

    function setCouncil(address next) external onlyCouncil {
        council = next;
    }
}
""",
        fix=[
            (
                '        feeToken.send(msg.sender, amount, "");  //@\n        m.checkpoint = uint128(cumulativePerWeight);  //@\n        accounted -= amount;\n',
                '        m.checkpoint = uint128(cumulativePerWeight);\n        accounted -= amount;\n        feeToken.send(msg.sender, amount, "");\n',
            )
        ],
    ),
]
