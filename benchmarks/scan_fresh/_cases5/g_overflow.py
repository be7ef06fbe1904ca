"""Set-5 integer overflow: pre-0.8 arithmetic without SafeMath, 0.8 `unchecked`, narrowing casts."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_batch_payout_token_old.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.4.24",
        fn="batchTransfer",
        shape="0.4 token: batchTransfer multiplies count by value unchecked before the balance check",
        src=r"""
pragma solidity ^0.4.24;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) { uint256 c = a + b; require(c >= a); return c; }
    function sub(uint256 a, uint256 b) internal pure returns (uint256) { require(b <= a); return a - b; }
}

contract PayoutToken {
    using SafeMath for uint256;

    string public name = "Payout";
    uint8 public decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) public {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    function transfer(address to, uint256 value) public returns (bool) {
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(value);
        balanceOf[to] = balanceOf[to].add(value);
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function batchTransfer(address[] receivers, uint256 value) public returns (bool) {
        uint256 total = uint256(receivers.length) * value;  //@
        require(receivers.length > 0 && receivers.length <= 50);
        require(balanceOf[msg.sender] >= total);
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(total);
        for (uint256 i = 0; i < receivers.length; i++) {
            balanceOf[receivers[i]] = balanceOf[receivers[i]].add(value);
            emit Transfer(msg.sender, receivers[i], value);
        }
        return true;
    }
}
""",
        fix=[
            (
                "        uint256 total = uint256(receivers.length) * value;  //@\n",
                "        uint256 total = value;\n        for (uint256 k = 1; k < receivers.length; k++) total = total.add(value);\n",
            )
        ],
    ),
    dict(
        name="b5_timelock_wallet_old.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.5.17",
        fn="extendLock",
        shape="0.5 time-locked wallet: lock extension adds a user amount to the unlock time without a check",
        src=r"""
pragma solidity ^0.5.17;

contract TimeLockedWallet {
    struct Lock { uint256 amount; uint256 unlockAt; }

    mapping(address => Lock) public locks;

    event Locked(address who, uint256 amount, uint256 until);

    function lock(uint256 duration) external payable {
        Lock storage l = locks[msg.sender];
        require(l.amount == 0, "locked");
        require(duration >= 1 days, "short");
        l.amount = msg.value;
        l.unlockAt = block.timestamp + duration;
        emit Locked(msg.sender, msg.value, l.unlockAt);
    }

    function extendLock(uint256 extraSeconds) external {
        Lock storage l = locks[msg.sender];
        require(l.amount > 0, "none");
        l.unlockAt += extraSeconds;  //@
        emit Locked(msg.sender, l.amount, l.unlockAt);
    }

    function release() external {
        Lock storage l = locks[msg.sender];
        require(l.amount > 0 && block.timestamp >= l.unlockAt, "early");
        uint256 amount = l.amount;
        l.amount = 0;
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                "        l.unlockAt += extraSeconds;  //@\n",
                '        require(l.unlockAt + extraSeconds > l.unlockAt, "wrap");\n        l.unlockAt += extraSeconds;\n',
            )
        ],
    ),
    dict(
        name="b5_points_ledger_old.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.7.6",
        fn="_debit",
        shape="0.7 loyalty points: redeem subtracts in a helper without checking the balance first",
        src=r"""
pragma solidity ^0.7.6;

contract LoyaltyPoints {
    address public merchant;
    mapping(address => uint256) public points;
    mapping(address => uint256) public redeemed;
    uint256 public pointValueWei = 1e12;

    event Earned(address who, uint256 pts);
    event Redeemed(address who, uint256 pts);

    constructor() payable { merchant = msg.sender; }

    function earn(address who, uint256 pts) external {
        require(msg.sender == merchant, "merchant");
        points[who] += pts;
        emit Earned(who, pts);
    }

    function _debit(address who, uint256 pts) internal {
        points[who] = points[who] - pts;  //@
    }

    function redeem(uint256 pts) external {
        _debit(msg.sender, pts);
        redeemed[msg.sender] += pts;
        msg.sender.transfer(pts * pointValueWei);
        emit Redeemed(msg.sender, pts);
    }
}
""",
        fix=[
            (
                "        points[who] = points[who] - pts;  //@\n",
                '        require(points[who] >= pts, "points");\n        points[who] = points[who] - pts;\n',
            )
        ],
    ),
    dict(
        name="b5_stream_unchecked.sol",
        cls="integer overflow (unchecked)",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="withdrawFromStream",
        shape="0.8 payment stream: withdrawn amount subtracted inside unchecked from a caller-chosen value",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract PaymentStream {
    struct Stream { address sender; address recipient; uint256 deposit; uint256 start; uint256 stop; uint256 remaining; }

    mapping(uint256 => Stream) public streams;
    uint256 public nextStreamId = 1;

    event Withdrawn(uint256 indexed id, uint256 amount);

    function create(address recipient, uint256 duration) external payable returns (uint256 id) {
        require(duration > 0 && msg.value > 0, "args");
        id = nextStreamId++;
        streams[id] = Stream(msg.sender, recipient, msg.value, block.timestamp, block.timestamp + duration, msg.value);
    }

    function vested(uint256 id) public view returns (uint256) {
        Stream storage s = streams[id];
        if (block.timestamp >= s.stop) return s.deposit;
        return s.deposit * (block.timestamp - s.start) / (s.stop - s.start);
    }

    function withdrawFromStream(uint256 id, uint256 amount) external {
        Stream storage s = streams[id];
        require(msg.sender == s.recipient, "recipient");
        uint256 available = vested(id) - (s.deposit - s.remaining);
        require(amount <= available || amount <= s.deposit, "too much");
        unchecked {
            s.remaining -= amount;  //@
        }
        payable(s.recipient).transfer(amount);
        emit Withdrawn(id, amount);
    }
}
""",
        fix=[
            (
                '        require(amount <= available || amount <= s.deposit, "too much");\n',
                '        require(amount <= available, "too much");\n',
            )
        ],
    ),
    dict(
        name="b5_lean_token_allowance.sol",
        cls="integer overflow (unchecked)",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="transferFrom",
        shape="0.8 gas-lean token: allowance decremented inside unchecked without checking it covers the amount",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract LeanToken {
    string public constant name = "Lean";
    string public constant symbol = "LEAN";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 amount);
    event Approval(address indexed owner, address indexed spender, uint256 amount);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        balanceOf[msg.sender] -= amount;
        unchecked { balanceOf[to] += amount; }
        emit Transfer(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            unchecked {
                allowance[from][msg.sender] = allowed - amount;  //@
            }
        }
        balanceOf[from] -= amount;
        unchecked { balanceOf[to] += amount; }
        emit Transfer(from, to, amount);
        return true;
    }
}
""",
        fix=[
            (
                "            unchecked {\n                allowance[from][msg.sender] = allowed - amount;  //@\n            }\n",
                "            allowance[from][msg.sender] = allowed - amount;\n",
            )
        ],
    ),
    dict(
        name="b5_packed_orders_cast.sol",
        cls="integer overflow (narrowing cast)",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="reduceOrder",
        shape="0.8 order book: partial cancel subtracts uint96(amount) from the packed order but refunds the full amount",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract PackedOrderBook {
    struct Order { address maker; uint96 amount; uint64 price; uint32 expiry; }

    IERC20 public immutable base;
    Order[] public orders;

    event Placed(uint256 id, address maker, uint256 amount, uint256 price);
    event Reduced(uint256 id, uint256 amount);

    constructor(IERC20 _base) { base = _base; }

    function placeOrder(uint96 amount, uint64 price, uint32 expiry) external returns (uint256 id) {
        require(amount > 0 && expiry > block.timestamp, "args");
        require(base.transferFrom(msg.sender, address(this), amount), "pull");
        orders.push(Order(msg.sender, amount, price, expiry));
        id = orders.length - 1;
        emit Placed(id, msg.sender, amount, price);
    }

    function reduceOrder(uint256 id, uint256 amount) external {
        Order storage o = orders[id];
        require(o.maker == msg.sender, "maker");
        o.amount -= uint96(amount);  //@
        require(base.transfer(msg.sender, amount), "push");
        emit Reduced(id, amount);
    }
}
""",
        fix=[
            (
                "        o.amount -= uint96(amount);  //@\n",
                '        require(amount <= o.amount, "amount");\n        o.amount -= uint96(amount);\n',
            )
        ],
    ),
    dict(
        name="b5_vesting_cast_old.sol",
        cls="integer overflow (narrowing cast)",
        det=["integer-overflow"],
        ver="0.6.12",
        fn="addGrant",
        shape="0.6 vesting: grant start stored as uint32 and total as uint128 from unchecked uint256 inputs",
        src=r"""
pragma solidity ^0.6.12;

contract TeamVesting {
    struct Grant { uint128 total; uint128 claimed; uint32 start; uint32 duration; }

    address public admin;
    mapping(address => Grant) public grants;
    uint256 public committed;

    constructor() public payable { admin = msg.sender; }

    function addGrant(address who, uint256 total, uint256 start, uint256 duration) external {
        require(msg.sender == admin, "admin");
        require(committed + total <= address(this).balance, "funds");
        committed += total;
        grants[who] = Grant(uint128(total), 0, uint32(start), uint32(duration));  //@
    }

    function claimable(address who) public view returns (uint256) {
        Grant memory g = grants[who];
        if (block.timestamp <= g.start) return 0;
        uint256 elapsed = block.timestamp - g.start;
        uint256 vestedAmt = elapsed >= g.duration ? g.total : uint256(g.total) * elapsed / g.duration;
        return vestedAmt - g.claimed;
    }

    function claim() external {
        uint256 amount = claimable(msg.sender);
        grants[msg.sender].claimed += uint128(amount);
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                '        require(committed + total <= address(this).balance, "funds");\n',
                '        require(committed + total <= address(this).balance, "funds");\n        require(total < 2**128 && start < 2**32 && duration < 2**32 && duration > 0, "range");\n',
            )
        ],
    ),
]
