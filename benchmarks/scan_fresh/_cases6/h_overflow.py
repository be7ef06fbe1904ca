"""Set-6 integer overflow / underflow cases (pre-0.8, `unchecked`, narrowing casts)."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_batch_gift_token.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.4.24",
        fn="batchGift",
        shape="0.4 ERC-20 with batchGift: total = count * value multiplies unchecked, so a huge value wraps total to a small number; transfer uses SafeMath",
        src=r"""
pragma solidity ^0.4.24;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256 c) { c = a + b; require(c >= a); }
    function sub(uint256 a, uint256 b) internal pure returns (uint256) { require(b <= a); return a - b; }
}

contract PausableToken {
    using SafeMath for uint256;

    string public name = "GiftCoin";
    string public symbol = "GIFT";
    uint8 public decimals = 18;
    uint256 public totalSupply;
    address public owner;
    bool public paused;

    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) public {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    modifier whenNotPaused() { require(!paused); _; }

    function setPaused(bool p) public {
        require(msg.sender == owner);
        paused = p;
    }

    function transfer(address to, uint256 value) public whenNotPaused returns (bool) {
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(value);
        balanceOf[to] = balanceOf[to].add(value);
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function batchGift(address[] recipients, uint256 value) public whenNotPaused returns (bool) {
        uint256 count = recipients.length;
        require(count > 0 && count <= 50);
        uint256 total = count * value;  //@
        require(value > 0 && balanceOf[msg.sender] >= total);
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(total);
        for (uint256 i = 0; i < count; i++) {
            balanceOf[recipients[i]] = balanceOf[recipients[i]].add(value);
            emit Transfer(msg.sender, recipients[i], value);
        }
        return true;
    }
}
""",
        fix=[
            (
                "        uint256 total = count * value;  //@\n",
                "        require(value <= uint256(-1) / count);\n        uint256 total = count * value;\n",
            )
        ],
    ),
    dict(
        name="b6_timelock_extend.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.6.12",
        fn="extendLock",
        shape="0.6 token timelock: extendLock adds a caller-chosen duration to unlockAt without SafeMath, so a huge extension wraps to the past and unlocks early",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function transferFrom(address, address, uint256) external returns (bool);
    function transfer(address, uint256) external returns (bool);
}

contract TokenTimelock {
    struct Lock {
        uint256 amount;
        uint256 unlockAt;
    }

    IERC20 public immutable token;
    uint256 public constant MIN_LOCK = 7 days;
    mapping(address => Lock) public locks;
    uint256 public totalLocked;

    event Locked(address indexed who, uint256 amount, uint256 unlockAt);
    event Extended(address indexed who, uint256 unlockAt);
    event Released(address indexed who, uint256 amount);

    constructor(IERC20 t) public { token = t; }

    function lock(uint256 amount, uint256 duration) external {
        require(duration >= MIN_LOCK && duration <= 4 * 365 days, "duration");
        require(locks[msg.sender].amount == 0, "exists");
        require(token.transferFrom(msg.sender, address(this), amount), "pull");
        locks[msg.sender] = Lock(amount, block.timestamp + duration);
        totalLocked += amount;
        emit Locked(msg.sender, amount, block.timestamp + duration);
    }

    function extendLock(uint256 extra) external {
        Lock storage l = locks[msg.sender];
        require(l.amount > 0, "none");
        l.unlockAt = l.unlockAt + extra;  //@
        emit Extended(msg.sender, l.unlockAt);
    }

    function release() external {
        Lock memory l = locks[msg.sender];
        require(l.amount > 0 && block.timestamp >= l.unlockAt, "locked");
        delete locks[msg.sender];
        totalLocked -= l.amount;
        require(token.transfer(msg.sender, l.amount), "push");
        emit Released(msg.sender, l.amount);
    }
}
""",
        fix=[
            (
                "        l.unlockAt = l.unlockAt + extra;  //@\n",
                '        require(extra <= 4 * 365 days, "extra");\n        uint256 next = l.unlockAt + extra;\n        require(next >= l.unlockAt, "overflow");\n        l.unlockAt = next;\n',
            )
        ],
    ),
    dict(
        name="b6_points_unchecked_redeem.sol",
        cls="integer underflow in unchecked",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="redeem",
        shape="0.8 loyalty points: redeem subtracts cost from points inside unchecked{} with no balance check; the loop-counter unchecked blocks are benign",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract LoyaltyPoints {
    struct Reward {
        uint128 cost;
        uint64 stock;
        bool active;
    }

    address public merchant;
    mapping(address => uint256) public points;
    mapping(uint256 => Reward) public rewards;
    mapping(address => uint256[]) private redeemed;
    uint256 public rewardCount;

    event Earned(address indexed who, uint256 amount);
    event Redeemed(address indexed who, uint256 rewardId);

    error OnlyMerchant();
    error OutOfStock();

    constructor() { merchant = msg.sender; }

    modifier onlyMerchant() {
        if (msg.sender != merchant) revert OnlyMerchant();
        _;
    }

    function addReward(uint128 cost, uint64 stock) external onlyMerchant returns (uint256 id) {
        id = rewardCount++;
        rewards[id] = Reward(cost, stock, true);
    }

    function award(address[] calldata who, uint256 each) external onlyMerchant {
        uint256 n = who.length;
        for (uint256 i; i < n; ) {
            points[who[i]] += each;
            emit Earned(who[i], each);
            unchecked { ++i; }
        }
    }

    function redeem(uint256 id) external {
        Reward storage r = rewards[id];
        require(r.active, "inactive");
        if (r.stock == 0) revert OutOfStock();
        unchecked {
            r.stock -= 1;
            points[msg.sender] -= r.cost;  //@
        }
        redeemed[msg.sender].push(id);
        emit Redeemed(msg.sender, id);
    }

    function history(address who) external view returns (uint256[] memory) {
        return redeemed[who];
    }
}
""",
        fix=[
            (
                '        require(r.active, "inactive");\n',
                '        require(r.active, "inactive");\n        require(points[msg.sender] >= r.cost, "points");\n',
            )
        ],
    ),
    dict(
        name="b6_perp_margin_cast.sol",
        cls="narrowing cast",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="addMargin",
        shape="0.8 perp margin account: addMargin stores uint96(amount) into a packed struct, truncating large deposits while the full amount was pulled; other casts go through a checked helper",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 {
    function transferFrom(address, address, uint256) external returns (bool);
    function transfer(address, uint256) external returns (bool);
}

library SafeCast {
    function toUint96(uint256 v) internal pure returns (uint96) {
        require(v <= type(uint96).max, "SafeCast: 96");
        return uint96(v);
    }
    function toInt128(int256 v) internal pure returns (int128) {
        require(v >= type(int128).min && v <= type(int128).max, "SafeCast: i128");
        return int128(v);
    }
}

contract PerpMargin {
    using SafeCast for uint256;
    using SafeCast for int256;

    struct Account {
        uint96 margin;
        int128 pnl;
        uint32 lastFunding;
    }

    IERC20 public immutable usd;
    address public clearing;
    mapping(address => Account) public accounts;

    event MarginAdded(address indexed trader, uint256 amount);
    event MarginRemoved(address indexed trader, uint256 amount);
    event PnlSettled(address indexed trader, int256 delta);

    constructor(IERC20 u, address c) {
        usd = u;
        clearing = c;
    }

    function addMargin(uint256 amount) external {
        require(usd.transferFrom(msg.sender, address(this), amount), "pull");
        Account storage a = accounts[msg.sender];
        a.margin += uint96(amount);  //@
        a.lastFunding = uint32(block.timestamp);
        emit MarginAdded(msg.sender, amount);
    }

    function settlePnl(address trader, int256 delta) external {
        require(msg.sender == clearing, "clearing");
        Account storage a = accounts[trader];
        a.pnl = (int256(a.pnl) + delta).toInt128();
        emit PnlSettled(trader, delta);
    }

    function removeMargin(uint256 amount) external {
        Account storage a = accounts[msg.sender];
        require(a.pnl >= 0, "negative pnl");
        a.margin -= amount.toUint96();
        require(usd.transfer(msg.sender, amount), "push");
        emit MarginRemoved(msg.sender, amount);
    }
}
""",
        fix=[("        a.margin += uint96(amount);  //@\n", "        a.margin += amount.toUint96();\n")],
    ),
]
