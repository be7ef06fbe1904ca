"""Set-7 pre-0.8 arithmetic: a price multiplication, a lock-time addition, a ticket subtraction."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_game_energy_shop.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.4.25",
        fn="buyEnergy",
        shape="0.4 game energy shop with no supply cap: buyEnergy(units) prices units * unitPrice unchecked, so a huge unit count wraps the cost to almost nothing",
        src=r"""
pragma solidity ^0.4.25;

contract EnergyShop {
    address public studio;
    uint256 public unitPrice = 0.0005 ether;
    mapping(address => uint256) public energy;
    mapping(address => uint256) public spent;

    event Bought(address indexed player, uint256 units, uint256 paid);
    event Used(address indexed player, uint256 units);
    event Gifted(address indexed from, address indexed to, uint256 units);

    constructor() public {
        studio = msg.sender;
    }

    function buyEnergy(uint256 units) public payable {
        uint256 cost = units * unitPrice;  //@
        require(msg.value == cost);
        energy[msg.sender] += units;
        emit Bought(msg.sender, units, msg.value);
    }

    function useEnergy(uint256 units) public {
        require(energy[msg.sender] >= units);
        energy[msg.sender] -= units;
        spent[msg.sender] += units;
        emit Used(msg.sender, units);
    }

    function gift(address to, uint256 units) public {
        require(energy[msg.sender] >= units);
        energy[msg.sender] -= units;
        energy[to] += units;
        emit Gifted(msg.sender, to, units);
    }

    function setPrice(uint256 p) public {
        require(msg.sender == studio);
        unitPrice = p;
    }

    function cashOut() public {
        require(msg.sender == studio);
        studio.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "        uint256 cost = units * unitPrice;  //@\n",
                "        uint256 cost = units * unitPrice;  //@\n        require(units == 0 || cost / units == unitPrice);\n",
            )
        ],
    ),
    dict(
        name="b7_vote_escrow_lock.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.6.12",
        fn="lock",
        shape="0.6 vote-escrow: lock(amount, weeksLocked) computes unlockAt = now + weeks * 1 weeks and weight = amount * weeks without bounds, so a huge week count wraps unlockAt to the near future with a giant weight",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function transferFrom(address f, address t, uint256 v) external returns (bool);
    function transfer(address t, uint256 v) external returns (bool);
}

contract VoteEscrow {
    struct Lock {
        uint256 amount;
        uint256 unlockAt;
        uint256 weight;
    }

    IERC20 public immutable gov;
    mapping(address => Lock) public locks;
    uint256 public totalWeight;

    event Locked(address indexed user, uint256 amount, uint256 weeksLocked, uint256 weight);
    event Unlocked(address indexed user, uint256 amount);

    constructor(IERC20 _gov) public {
        gov = _gov;
    }

    function lock(uint256 amount, uint256 weeksLocked) external {
        require(locks[msg.sender].amount == 0, "locked");
        require(amount > 0 && weeksLocked > 0, "zero");
        require(gov.transferFrom(msg.sender, address(this), amount), "pull");
        uint256 unlockAt = block.timestamp + weeksLocked * 1 weeks;  //@
        uint256 weight = amount * weeksLocked;  //@
        locks[msg.sender] = Lock(amount, unlockAt, weight);
        totalWeight += weight;
        emit Locked(msg.sender, amount, weeksLocked, weight);
    }

    function unlock() external {
        Lock memory l = locks[msg.sender];
        require(l.amount > 0, "none");
        require(block.timestamp >= l.unlockAt, "early");
        totalWeight -= l.weight;
        delete locks[msg.sender];
        require(gov.transfer(msg.sender, l.amount), "push");
        emit Unlocked(msg.sender, l.amount);
    }

    function votingPower(address user) external view returns (uint256) {
        if (block.timestamp >= locks[user].unlockAt) return 0;
        return locks[user].weight;
    }
}
""",
        fix=[
            (
                '        require(amount > 0 && weeksLocked > 0, "zero");\n',
                '        require(amount > 0 && weeksLocked > 0, "zero");\n        require(weeksLocked <= 208 && amount <= 1e36, "bounds");\n',
            )
        ],
    ),
    dict(
        name="b7_arcade_prize_counter.sol",
        cls="integer underflow",
        det=["integer-overflow"],
        ver="0.4.26",
        fn="claimPrize",
        shape="0.4 arcade prize counter: claimPrize checks tickets - cost >= 0 (always true for uint) and subtracts, so a player short of tickets wraps to a huge balance",
        src=r"""
pragma solidity ^0.4.26;

contract ArcadePrizeCounter {
    address public arcade;
    uint256 public creditPrice = 0.001 ether;
    mapping(address => uint256) public credits;
    mapping(address => uint256) public tickets;
    mapping(uint256 => uint256) public prizeCost;
    mapping(address => uint256) public prizesClaimed;

    event CreditsBought(address indexed player, uint256 amount);
    event Played(address indexed player, uint256 cost, uint256 won);
    event PrizeClaimed(address indexed player, uint256 prizeId, uint256 cost);

    constructor() public {
        arcade = msg.sender;
    }

    function setPrize(uint256 prizeId, uint256 cost) public {
        require(msg.sender == arcade);
        prizeCost[prizeId] = cost;
    }

    function buyCredits() public payable {
        require(msg.value >= creditPrice);
        credits[msg.sender] += msg.value / creditPrice;
        emit CreditsBought(msg.sender, msg.value / creditPrice);
    }

    function recordPlay(address player, uint256 cost, uint256 won) public {
        require(msg.sender == arcade);
        require(credits[player] >= cost);
        credits[player] -= cost;
        tickets[player] += won;
        emit Played(player, cost, won);
    }

    function claimPrize(uint256 prizeId) public {
        uint256 cost = prizeCost[prizeId];
        require(cost > 0);
        require(tickets[msg.sender] - cost >= 0);  //@
        tickets[msg.sender] -= cost;  //@
        prizesClaimed[msg.sender] += 1;
        emit PrizeClaimed(msg.sender, prizeId, cost);
    }
}
""",
        fix=[
            (
                "        require(tickets[msg.sender] - cost >= 0);  //@\n",
                "        require(tickets[msg.sender] >= cost);  //@\n",
            )
        ],
    ),
]
