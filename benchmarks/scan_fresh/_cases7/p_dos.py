"""Set-7 denial of service: loops over caller-grown arrays and payments to a recipient a caller installs."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_presale_waitlist_allocate.sol",
        cls="DoS: unbounded loop",
        det=["unbounded-loop", "unbounded-growth"],
        ver="0.8.26",
        fn="allocate",
        shape="0.8 presale waitlist: join() is free and open to anyone, and allocate() walks the whole waitlist in one transaction; the fixed twin allocates in caller-sized batches from a cursor",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract PresaleWaitlist {
    address public organiser;
    uint256 public supply;
    bool public allocated;
    address[] public waitlist;
    mapping(address => bool) public joined;
    mapping(address => uint256) public allocation;

    event Joined(address indexed who, uint256 position);
    event Allocated(uint256 perHead);

    constructor(uint256 _supply) {
        organiser = msg.sender;
        supply = _supply;
    }

    function join() external {
        require(!allocated, "closed");
        require(!joined[msg.sender], "joined");
        joined[msg.sender] = true;
        waitlist.push(msg.sender);
        emit Joined(msg.sender, waitlist.length);
    }

    function waitlistLength() external view returns (uint256) {
        return waitlist.length;
    }

    function allocate() external {
        require(msg.sender == organiser, "organiser");
        require(!allocated && waitlist.length > 0, "done");
        allocated = true;
        uint256 n = waitlist.length;
        uint256 perHead = supply / n;
        for (uint256 i = 0; i < n; i++) {  //@
            allocation[waitlist[i]] = perHead;
        }
        emit Allocated(perHead);
    }
}
""",
        fix=[
            (
                "    bool public allocated;\n",
                "    bool public allocated;\n    uint256 public perHead;\n    uint256 public cursor;\n",
            ),
            (
                '    function allocate() external {\n        require(msg.sender == organiser, "organiser");\n        require(!allocated && waitlist.length > 0, "done");\n        allocated = true;\n        uint256 n = waitlist.length;\n        uint256 perHead = supply / n;\n        for (uint256 i = 0; i < n; i++) {  //@\n            allocation[waitlist[i]] = perHead;\n        }\n        emit Allocated(perHead);\n    }\n',
                '    function allocate(uint256 count) external {\n        require(msg.sender == organiser, "organiser");\n        require(waitlist.length > 0 && count > 0 && count <= 500, "batch");\n        if (!allocated) {\n            allocated = true;\n            perHead = supply / waitlist.length;\n            emit Allocated(perHead);\n        }\n        uint256 end = cursor + count;\n        if (end > waitlist.length) end = waitlist.length;\n        for (uint256 i = cursor; i < end; i++) {  //@\n            allocation[waitlist[i]] = perHead;\n        }\n        cursor = end;\n    }\n',
            ),
        ],
    ),
    dict(
        name="b7_farm_total_stake_scan.sol",
        cls="DoS: unbounded loop",
        det=["unbounded-loop", "unbounded-growth"],
        ver="0.6.12",
        fn="totalStake",
        shape="0.6 liquidity-mining farm: every new staker is pushed to an array and totalStake() sums it in a loop that notifyReward() depends on; the fixed twin keeps a running total",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function transferFrom(address f, address t, uint256 v) external returns (bool);
    function transfer(address t, uint256 v) external returns (bool);
}

contract FarmRewards {
    IERC20 public lp;
    IERC20 public reward;
    address public admin;
    address[] public stakers;
    mapping(address => bool) public seen;
    mapping(address => uint256) public stakeOf;
    mapping(address => uint256) public debtOf;
    uint256 public accPerStake;

    constructor(IERC20 _lp, IERC20 _reward) public {
        lp = _lp;
        reward = _reward;
        admin = msg.sender;
    }

    function pending(address u) public view returns (uint256) {
        return stakeOf[u] * accPerStake / 1e18 - debtOf[u];
    }

    function stake(uint256 amount) external {
        require(amount > 0, "zero");
        uint256 due = pending(msg.sender);
        require(lp.transferFrom(msg.sender, address(this), amount), "pull");
        if (!seen[msg.sender]) {
            seen[msg.sender] = true;
            stakers.push(msg.sender);
        }
        stakeOf[msg.sender] += amount;
        debtOf[msg.sender] = stakeOf[msg.sender] * accPerStake / 1e18;
        if (due > 0) require(reward.transfer(msg.sender, due), "reward");
    }

    function totalStake() public view returns (uint256 total) {
        for (uint256 i = 0; i < stakers.length; i++) {  //@
            total += stakeOf[stakers[i]];
        }
    }

    function unstake(uint256 amount) external {
        require(amount > 0 && stakeOf[msg.sender] >= amount, "stake");
        uint256 due = pending(msg.sender);
        stakeOf[msg.sender] -= amount;
        debtOf[msg.sender] = stakeOf[msg.sender] * accPerStake / 1e18;
        require(lp.transfer(msg.sender, amount), "push");
        if (due > 0) require(reward.transfer(msg.sender, due), "reward");
    }

    function notifyReward(uint256 amount) external {
        require(msg.sender == admin, "admin");
        uint256 total = totalStake();
        require(total > 0, "no stake");
        require(reward.transferFrom(msg.sender, address(this), amount), "pull");
        accPerStake += amount * 1e18 / total;
    }
}
""",
        fix=[
            ("    uint256 public accPerStake;\n", "    uint256 public accPerStake;\n    uint256 public totalStaked;\n"),
            (
                "        stakeOf[msg.sender] += amount;\n",
                "        stakeOf[msg.sender] += amount;\n        totalStaked += amount;\n",
            ),
            (
                "        stakeOf[msg.sender] -= amount;\n",
                "        stakeOf[msg.sender] -= amount;\n        totalStaked -= amount;\n",
            ),
            (
                "    function totalStake() public view returns (uint256 total) {\n        for (uint256 i = 0; i < stakers.length; i++) {  //@\n            total += stakeOf[stakers[i]];\n        }\n    }\n",
                "    function totalStake() public view returns (uint256 total) {\n        total = totalStaked;  //@\n    }\n",
            ),
        ],
    ),
    dict(
        name="b7_pixel_billboard_takeover.sol",
        cls="DoS: reverting recipient",
        det=["blocking-recipient"],
        ver="0.8.26",
        fn="takeOver",
        shape="0.8 on-chain billboard: takeOver() must refund 90% to the current advertiser with transfer(); an advertiser contract that rejects ether holds the billboard for good. The fixed twin queues the refund",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract PixelBillboard {
    address payable public owner;
    address payable public advertiser;
    uint256 public paid;
    uint256 public pendingTotal;
    string public adText;
    mapping(address => uint256) public pendingRefund;

    event Takeover(address indexed advertiser, uint256 paid, string text);

    constructor() {
        owner = payable(msg.sender);
    }

    function takeOver(string calldata text) external payable {
        require(msg.value > 0 && msg.value >= (paid * 11) / 10, "outbid");
        address payable prev = advertiser;
        uint256 refund = (paid * 9) / 10;
        advertiser = payable(msg.sender);
        paid = msg.value;
        adText = text;
        if (prev != address(0)) {
            prev.transfer(refund);  //@
        }
        emit Takeover(msg.sender, msg.value, text);
    }

    function claimRefund() external {
        uint256 a = pendingRefund[msg.sender];
        pendingRefund[msg.sender] = 0;
        pendingTotal -= a;
        payable(msg.sender).transfer(a);
    }

    function withdrawFees() external {
        require(msg.sender == owner, "owner");
        owner.transfer(address(this).balance - pendingTotal - (paid * 9) / 10);
    }
}
""",
        fix=[
            (
                "            prev.transfer(refund);  //@\n",
                "            pendingRefund[prev] += refund;  //@\n            pendingTotal += refund;\n",
            )
        ],
    ),
    dict(
        name="b7_nft_resale_royalty.sol",
        cls="DoS: reverting recipient",
        det=["blocking-recipient"],
        ver="0.8.26",
        fn="buy",
        shape="0.8 NFT resale market: whoever mints a piece names its creator address, and every later buy() requires the royalty call to that address to succeed, so a rejecting creator contract freezes resales; the fixed twin credits royalties",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract ArtResaleMarket {
    struct Piece {
        address owner;
        address creator;
        uint256 askPrice;
    }

    uint256 public constant ROYALTY_BPS = 500;
    mapping(uint256 => Piece) public pieces;
    mapping(address => uint256) public royaltiesOwed;
    uint256 public nextId;

    event Minted(uint256 indexed id, address creator);
    event Listed(uint256 indexed id, uint256 price);
    event Sold(uint256 indexed id, address buyer, uint256 price);

    function mint(address creator) external returns (uint256 id) {
        id = nextId++;
        pieces[id] = Piece(msg.sender, creator, 0);
        emit Minted(id, creator);
    }

    function list(uint256 id, uint256 price) external {
        require(pieces[id].owner == msg.sender, "owner");
        pieces[id].askPrice = price;
        emit Listed(id, price);
    }

    function buy(uint256 id) external payable {
        Piece storage p = pieces[id];
        require(p.askPrice > 0 && msg.value == p.askPrice, "price");
        uint256 royalty = (msg.value * ROYALTY_BPS) / 10_000;
        address seller = p.owner;
        p.owner = msg.sender;
        p.askPrice = 0;
        (bool r, ) = p.creator.call{value: royalty}("");
        require(r, "royalty");  //@
        (bool s, ) = seller.call{value: msg.value - royalty}("");
        require(s, "seller");
        emit Sold(id, msg.sender, msg.value);
    }

    function claimRoyalties() external {
        uint256 a = royaltiesOwed[msg.sender];
        royaltiesOwed[msg.sender] = 0;
        payable(msg.sender).transfer(a);
    }
}
""",
        fix=[
            (
                '        (bool r, ) = p.creator.call{value: royalty}("");\n        require(r, "royalty");  //@\n',
                "        royaltiesOwed[p.creator] += royalty;  //@\n",
            )
        ],
    ),
]
