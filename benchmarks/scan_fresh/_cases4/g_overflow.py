"""Set-4 integer wrap cases: pre-0.8 arithmetic without SafeMath and 0.8 `unchecked` blocks."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_payroll_token_old.sol",
        cls="integer overflow (pre-0.8)",
        det=["integer-overflow"],
        ver="0.4.24",
        fn="payroll",
        shape="0.4 token: payroll multiplies head count by amount without SafeMath, then checks the product",
        src=r"""
pragma solidity ^0.4.24;

contract PayrollToken {
    string public constant name = "Payroll Credit";
    string public constant symbol = "PAY";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    address public owner;
    bool public paused;

    mapping(address => uint256) balances;
    mapping(address => mapping(address => uint256)) allowed;

    event Transfer(address indexed from, address indexed to, uint256 value);

    modifier whenNotPaused() { require(!paused); _; }
    modifier onlyOwner() { require(msg.sender == owner); _; }

    constructor(uint256 _supply) public {
        owner = msg.sender;
        totalSupply = _supply;
        balances[msg.sender] = _supply;
    }

    function balanceOf(address who) public view returns (uint256) { return balances[who]; }

    function transfer(address _to, uint256 _value) public whenNotPaused returns (bool) {
        require(_to != address(0) && _value <= balances[msg.sender]);
        balances[msg.sender] = balances[msg.sender] - _value;
        balances[_to] = balances[_to] + _value;
        emit Transfer(msg.sender, _to, _value);
        return true;
    }

    function payroll(address[] _staff, uint256 _salary) public whenNotPaused returns (bool) {
        uint256 headcount = _staff.length;
        uint256 total = headcount * _salary;  //@
        require(headcount > 0 && headcount <= 50);
        require(_salary > 0 && balances[msg.sender] >= total);
        balances[msg.sender] = balances[msg.sender] - total;
        for (uint256 i = 0; i < headcount; i++) {
            balances[_staff[i]] = balances[_staff[i]] + _salary;
            emit Transfer(msg.sender, _staff[i], _salary);
        }
        return true;
    }

    function setPaused(bool p) public onlyOwner { paused = p; }
}
""",
        fix=[
            (
                "        uint256 total = headcount * _salary;  //@\n",
                "        require(_salary == 0 || headcount <= uint256(-1) / _salary);\n        uint256 total = headcount * _salary;\n",
            )
        ],
    ),
    dict(
        name="b4_arcade_points.sol",
        cls="integer overflow (pre-0.8)",
        det=["integer-overflow"],
        ver="0.5.17",
        fn="redeem",
        shape="0.5 arcade: a `balance - cost >= 0` check that is always true, then the subtraction wraps",
        src=r"""
pragma solidity ^0.5.17;

contract ArcadePoints {
    address public operator;
    mapping(address => uint256) public points;
    mapping(uint256 => uint256) public prizeCost;
    mapping(address => uint256[]) public redeemed;

    event Earned(address indexed player, uint256 pts);
    event Redeemed(address indexed player, uint256 prize);

    constructor() public {
        operator = msg.sender;
    }

    function award(address player, uint256 pts) external {
        require(msg.sender == operator, "operator");
        points[player] += pts;
        emit Earned(player, pts);
    }

    function setPrize(uint256 prize, uint256 cost) external {
        require(msg.sender == operator, "operator");
        prizeCost[prize] = cost;
    }

    function redeem(uint256 prize) external {
        uint256 cost = prizeCost[prize];
        require(cost > 0, "no prize");
        require(points[msg.sender] - cost >= 0, "points");  //@
        points[msg.sender] -= cost;  //@
        redeemed[msg.sender].push(prize);
        emit Redeemed(msg.sender, prize);
    }

    function gift(address to, uint256 pts) external {
        require(points[msg.sender] >= pts, "points");
        points[msg.sender] -= pts;
        points[to] += pts;
    }
}
""",
        fix=[
            (
                '        require(points[msg.sender] - cost >= 0, "points");  //@\n',
                '        require(points[msg.sender] >= cost, "points");\n',
            )
        ],
    ),
    dict(
        name="b4_perp_margin.sol",
        cls="integer overflow (unchecked)",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="removeMargin",
        shape="perp account: margin removal computes the remainder inside unchecked{}, so it wraps past the health check",
        src=r"""
// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface IOracle {
    function price() external view returns (uint256);
}

contract PerpAccounts {
    struct Account {
        uint256 margin;      // quote units
        int256 size;         // base units, signed
        uint256 entryPrice;
    }

    uint256 public constant MAINTENANCE_BPS = 625;
    IERC20 public immutable quote;
    IOracle public immutable oracle;
    mapping(address => Account) public accounts;
    uint256 public insuranceFund;

    event MarginAdded(address indexed trader, uint256 amount);
    event MarginRemoved(address indexed trader, uint256 amount);
    event Resized(address indexed trader, int256 size, uint256 price);

    constructor(IERC20 _quote, IOracle _oracle) {
        quote = _quote;
        oracle = _oracle;
    }

    function addMargin(uint256 amount) external {
        require(quote.transferFrom(msg.sender, address(this), amount), "pull");
        accounts[msg.sender].margin += amount;
        emit MarginAdded(msg.sender, amount);
    }

    function removeMargin(uint256 amount) external {
        Account storage a = accounts[msg.sender];
        uint256 left;
        unchecked {
            left = a.margin - amount;  //@
        }
        require(left >= _required(a), "unhealthy");
        a.margin = left;
        require(quote.transfer(msg.sender, amount), "push");
        emit MarginRemoved(msg.sender, amount);
    }

    function resize(int256 newSize) external {
        Account storage a = accounts[msg.sender];
        uint256 p = oracle.price();
        a.size = newSize;
        a.entryPrice = p;
        require(a.margin >= _required(a), "unhealthy");
        emit Resized(msg.sender, newSize, p);
    }

    function _notional(Account storage a) internal view returns (uint256) {
        uint256 abs = a.size >= 0 ? uint256(a.size) : uint256(-a.size);
        return abs * oracle.price() / 1e18;
    }

    function _required(Account storage a) internal view returns (uint256) {
        return _notional(a) * MAINTENANCE_BPS / 10_000;
    }

    function liquidate(address trader) external {
        Account storage a = accounts[trader];
        uint256 need = _required(a);
        require(a.margin < need, "healthy");
        uint256 reward = a.margin / 20;
        unchecked {
            insuranceFund += a.margin - reward;
        }
        delete accounts[trader];
        require(quote.transfer(msg.sender, reward), "reward");
    }
}
""",
        fix=[
            (
                "        uint256 left;\n        unchecked {\n            left = a.margin - amount;  //@\n        }\n",
                '        require(amount <= a.margin, "margin");\n        uint256 left;\n        unchecked {\n            left = a.margin - amount;\n        }\n',
            )
        ],
    ),
    dict(
        name="b4_grant_allocation.sol",
        cls="integer overflow (unchecked)",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="delegateAllocation",
        shape="grant allocations handed on inside unchecked{} without checking the giver's allocation",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract GrantAllocation {
    address public immutable council;
    mapping(address => uint256) public allocation;
    mapping(address => uint256) public claimed;
    uint256 public totalAllocated;

    constructor() payable {
        council = msg.sender;
    }

    function allocate(address to, uint256 amount) external {
        require(msg.sender == council, "council");
        require(totalAllocated + amount <= address(this).balance, "funds");
        totalAllocated += amount;
        allocation[to] += amount;
    }

    function delegateAllocation(address to, uint256 amount) external {
        unchecked {
            allocation[msg.sender] -= amount;  //@
            allocation[to] += amount;
        }
    }

    function claim() external {
        uint256 due = allocation[msg.sender] - claimed[msg.sender];
        claimed[msg.sender] = allocation[msg.sender];
        payable(msg.sender).transfer(due);
    }
}
""",
        fix=[
            (
                "    function delegateAllocation(address to, uint256 amount) external {\n",
                '    function delegateAllocation(address to, uint256 amount) external {\n        require(allocation[msg.sender] - claimed[msg.sender] >= amount, "allocation");\n',
            )
        ],
    ),
    dict(
        name="b4_burnable_reward_token.sol",
        cls="integer overflow (pre-0.8)",
        det=["integer-overflow"],
        ver="0.6.12",
        fn="burnFrom",
        shape="0.6 token: burnFrom checks the balance but subtracts the allowance unchecked",
        src=r"""
pragma solidity ^0.6.12;

contract RewardToken {
    string public name = "Reward";
    string public symbol = "RWD";
    uint8 public decimals = 18;
    uint256 public totalSupply;
    address public minter;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor() public {
        minter = msg.sender;
    }

    function mint(address to, uint256 value) external {
        require(msg.sender == minter, "minter");
        require(totalSupply + value >= totalSupply, "supply");
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        require(balanceOf[msg.sender] >= value, "balance");
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function burnFrom(address from, uint256 value) external {
        require(balanceOf[from] >= value, "balance");
        allowance[from][msg.sender] -= value;  //@
        balanceOf[from] -= value;
        totalSupply -= value;
        emit Transfer(from, address(0), value);
    }
}
""",
        fix=[
            (
                "        allowance[from][msg.sender] -= value;  //@\n",
                '        require(allowance[from][msg.sender] >= value, "allowance");\n        allowance[from][msg.sender] -= value;\n',
            )
        ],
    ),
]
