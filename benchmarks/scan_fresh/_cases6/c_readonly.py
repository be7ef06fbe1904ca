"""Set-6 read-only re-entrancy and 2300-gas stipend cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_lp_price_view.sol",
        cls="read-only reentrancy",
        det=["read-only-reentrancy"],
        ver="0.8.26",
        fn="lpPrice",  # label fix (gap6): the view read mid-update; the marked line stays on the late write
        shape="0.8 ETH/token pool: removeLiquidity sends ETH before burning LP supply; lpPrice() (read by lenders) sees reserves already reduced but supply not",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

interface IERC20 {
    function transfer(address to, uint256 v) external returns (bool);
    function transferFrom(address f, address t, uint256 v) external returns (bool);
}

contract LPToken {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function _mint(address to, uint256 v) internal {
        totalSupply += v;
        balanceOf[to] += v;
        emit Transfer(address(0), to, v);
    }

    function _burn(address from, uint256 v) internal {
        balanceOf[from] -= v;
        totalSupply -= v;
        emit Transfer(from, address(0), v);
    }
}

contract EthPairPool is LPToken {
    IERC20 public immutable token;
    uint256 public reserveEth;
    uint256 public reserveToken;
    bool private entered;

    modifier nonReentrant() {
        require(!entered, "reentrant");
        entered = true;
        _;
        entered = false;
    }

    constructor(IERC20 t) { token = t; }

    /// Value of one LP share in wei; integrators use it as collateral price.
    function lpPrice() external view returns (uint256) {
        if (totalSupply == 0) return 0;
        return (2 * reserveEth * 1e18) / totalSupply;
    }

    function addLiquidity(uint256 tokenAmount) external payable nonReentrant returns (uint256 minted) {
        require(token.transferFrom(msg.sender, address(this), tokenAmount), "pull");
        minted = totalSupply == 0 ? msg.value : (msg.value * totalSupply) / reserveEth;
        reserveEth += msg.value;
        reserveToken += tokenAmount;
        _mint(msg.sender, minted);
    }

    function removeLiquidity(uint256 lp) external nonReentrant {
        uint256 ethOut = (lp * reserveEth) / totalSupply;
        uint256 tokOut = (lp * reserveToken) / totalSupply;
        reserveEth -= ethOut;
        reserveToken -= tokOut;
        require(token.transfer(msg.sender, tokOut), "push");
        (bool ok, ) = payable(msg.sender).call{value: ethOut}("");
        require(ok, "eth");
        _burn(msg.sender, lp);  //@
    }
}
""",
        fix=[
            (
                '        reserveToken -= tokOut;\n        require(token.transfer(msg.sender, tokOut), "push");\n        (bool ok, ) = payable(msg.sender).call{value: ethOut}("");\n        require(ok, "eth");\n        _burn(msg.sender, lp);  //@\n',
                '        reserveToken -= tokOut;\n        _burn(msg.sender, lp);\n        require(token.transfer(msg.sender, tokOut), "push");\n        (bool ok, ) = payable(msg.sender).call{value: ethOut}("");\n        require(ok, "eth");\n',
            )
        ],
    ),
    dict(
        name="b6_vault_rate_view.sol",
        cls="read-only reentrancy",
        det=["read-only-reentrancy"],
        ver="0.7.6",
        fn="exchangeRate",  # label fix (gap6): the view read mid-update; the marked line stays on the late write
        shape="0.7 liquid-staking vault: unstake pays ETH then lowers totalPooled; exchangeRate() view read mid-call is inflated",
        src=r"""
pragma solidity ^0.7.6;

abstract contract Guarded {
    uint256 private g = 1;
    modifier guarded() {
        require(g == 1, "g");
        g = 2;
        _;
        g = 1;
    }
}

contract LiquidStake is Guarded {
    mapping(address => uint256) public sharesOf;
    uint256 public totalShares;
    uint256 public totalPooled;
    address public oracle;

    event Staked(address indexed who, uint256 eth, uint256 shares);
    event Unstaked(address indexed who, uint256 eth, uint256 shares);
    event Rewarded(uint256 amount);

    constructor() { oracle = msg.sender; }

    function exchangeRate() public view returns (uint256) {
        if (totalShares == 0) return 1e18;
        return totalPooled * 1e18 / totalShares;
    }

    function stake() external payable guarded {
        uint256 s = msg.value * 1e18 / exchangeRate();
        sharesOf[msg.sender] += s;
        totalShares += s;
        totalPooled += msg.value;
        emit Staked(msg.sender, msg.value, s);
    }

    function reportRewards() external payable {
        require(msg.sender == oracle, "oracle");
        totalPooled += msg.value;
        emit Rewarded(msg.value);
    }

    function unstake(uint256 s) external guarded {
        require(sharesOf[msg.sender] >= s, "shares");
        uint256 eth = s * exchangeRate() / 1e18;
        sharesOf[msg.sender] -= s;
        totalShares -= s;
        (bool ok, ) = msg.sender.call{value: eth}("");
        require(ok, "send");
        totalPooled -= eth;  //@
        emit Unstaked(msg.sender, eth, s);
    }
}
""",
        fix=[
            (
                '        totalShares -= s;\n        (bool ok, ) = msg.sender.call{value: eth}("");\n        require(ok, "send");\n        totalPooled -= eth;  //@\n',
                '        totalShares -= s;\n        totalPooled -= eth;\n        (bool ok, ) = msg.sender.call{value: eth}("");\n        require(ok, "send");\n',
            )
        ],
    ),
    dict(
        name="b6_tip_jar_transfer.sol",
        cls="reentrancy via transfer",
        det=["reentrancy-stipend", "reentrancy"],
        ver="0.4.26",
        fn="cashOut",
        shape="0.4 creator tip jar: cashOut uses transfer() to the creator and zeroes the tips afterwards",
        src=r"""
pragma solidity ^0.4.26;

contract Owned {
    address public owner;
    function Owned() public { owner = msg.sender; }
    modifier onlyOwner { require(msg.sender == owner); _; }
}

contract TipJar is Owned {
    struct Creator {
        address wallet;
        uint256 tips;
        bool listed;
    }

    mapping(bytes32 => Creator) public creators;
    uint256 public platformCut = 5;
    uint256 public platformBalance;

    event Listed(bytes32 handle, address wallet);
    event Tipped(bytes32 handle, address from, uint256 amount);
    event CashedOut(bytes32 handle, uint256 amount);

    function list(bytes32 handle) public {
        require(!creators[handle].listed);
        creators[handle] = Creator(msg.sender, 0, true);
        emit Listed(handle, msg.sender);
    }

    function tip(bytes32 handle) public payable {
        Creator storage c = creators[handle];
        require(c.listed && msg.value > 0);
        uint256 cut = msg.value * platformCut / 100;
        platformBalance += cut;
        c.tips += msg.value - cut;
        emit Tipped(handle, msg.sender, msg.value);
    }

    function cashOut(bytes32 handle) public {
        Creator storage c = creators[handle];
        require(msg.sender == c.wallet);
        require(c.tips > 0);
        c.wallet.transfer(c.tips);
        emit CashedOut(handle, c.tips);
        c.tips = 0;  //@
    }

    function takePlatform() public onlyOwner {
        uint256 amount = platformBalance;
        platformBalance = 0;
        owner.transfer(amount);
    }
}
""",
        fix=[
            (
                "        c.wallet.transfer(c.tips);\n        emit CashedOut(handle, c.tips);\n        c.tips = 0;  //@\n",
                "        uint256 amount = c.tips;\n        c.tips = 0;\n        c.wallet.transfer(amount);\n        emit CashedOut(handle, amount);\n",
            )
        ],
    ),
    dict(
        name="b6_payroll_send_order.sol",
        cls="reentrancy via send",
        det=["reentrancy-stipend", "reentrancy"],
        ver="0.5.17",
        fn="paySalary",
        shape="0.5 payroll: paySalary sends (checked) with send() and advances lastPaid after the send",
        src=r"""
pragma solidity ^0.5.17;

contract HR {
    address public hr;
    mapping(address => bool) public managers;

    constructor() public { hr = msg.sender; managers[msg.sender] = true; }

    modifier onlyManager() { require(managers[msg.sender], "manager"); _; }

    function setManager(address m, bool on) external {
        require(msg.sender == hr, "hr");
        managers[m] = on;
    }
}

contract Payroll is HR {
    struct Employee {
        address payable wallet;
        uint256 monthly;
        uint256 lastPaid;
        bool active;
    }

    uint256 constant PERIOD = 30 days;
    mapping(uint256 => Employee) public staff;
    uint256 public headcount;

    event Hired(uint256 id, address wallet, uint256 monthly);
    event Paid(uint256 id, uint256 amount);

    function () external payable {}

    function hire(address payable wallet, uint256 monthly) external onlyManager returns (uint256 id) {
        id = headcount++;
        staff[id] = Employee(wallet, monthly, now, true);
        emit Hired(id, wallet, monthly);
    }

    function fire(uint256 id) external onlyManager {
        staff[id].active = false;
    }

    function paySalary(uint256 id) external {
        Employee storage e = staff[id];
        require(e.active, "inactive");
        require(now >= e.lastPaid + PERIOD, "too soon");
        require(e.wallet.send(e.monthly), "send failed");
        e.lastPaid = e.lastPaid + PERIOD;  //@
        emit Paid(id, e.monthly);
    }
}
""",
        fix=[
            (
                '        require(e.wallet.send(e.monthly), "send failed");\n        e.lastPaid = e.lastPaid + PERIOD;  //@\n',
                '        e.lastPaid = e.lastPaid + PERIOD;\n        require(e.wallet.send(e.monthly), "send failed");\n',
            )
        ],
    ),
]
