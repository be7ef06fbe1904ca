"""Set-7 read-only re-entrancy: guarded state changers that finish their bookkeeping after an ETH call, read by a view."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_eth_usd_pool_lp_value.sol",
        cls="read-only reentrancy",
        det=["read-only-reentrancy"],
        ver="0.8.26",
        fn="lpValueInUsd",  # label fix (gap7): the view read mid-update; the marked line stays on the late write
        shape="0.8 ETH/USD liquidity pool whose lpValueInUsd() view lenders read: removeLiquidity (locked) lowers the reserves, sends ETH with call, and burns the LP supply only afterwards",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20Like {
    function transfer(address to, uint256 v) external returns (bool);
    function transferFrom(address f, address t, uint256 v) external returns (bool);
}

contract EthUsdLiquidityPool {
    IERC20Like public immutable usd;
    uint256 public ethReserve;
    uint256 public usdReserve;
    uint256 public totalLp;
    mapping(address => uint256) public lpOf;
    bool private busy;

    event Added(address indexed who, uint256 eth, uint256 usdAmount, uint256 lp);
    event Removed(address indexed who, uint256 eth, uint256 usdAmount, uint256 lp);

    modifier nonReentrant() {
        require(!busy, "busy");
        busy = true;
        _;
        busy = false;
    }

    constructor(IERC20Like _usd) {
        usd = _usd;
    }

    function lpValueInUsd() external view returns (uint256) {
        if (totalLp == 0) return 0;
        return (usdReserve * 2 * 1e18) / totalLp;
    }

    function addLiquidity(uint256 usdAmount) external payable nonReentrant {
        require(msg.value > 0 && usdAmount > 0, "zero");
        require(usd.transferFrom(msg.sender, address(this), usdAmount), "pull");
        uint256 minted = totalLp == 0 ? msg.value : (msg.value * totalLp) / ethReserve;
        ethReserve += msg.value;
        usdReserve += usdAmount;
        totalLp += minted;
        lpOf[msg.sender] += minted;
        emit Added(msg.sender, msg.value, usdAmount, minted);
    }

    function removeLiquidity(uint256 lp) external nonReentrant {
        require(lp > 0 && lpOf[msg.sender] >= lp, "lp");
        uint256 ethOut = (ethReserve * lp) / totalLp;
        uint256 usdOut = (usdReserve * lp) / totalLp;
        ethReserve -= ethOut;
        usdReserve -= usdOut;
        require(usd.transfer(msg.sender, usdOut), "push");
        (bool ok, ) = msg.sender.call{value: ethOut}("");
        require(ok, "eth");
        lpOf[msg.sender] -= lp;  //@
        totalLp -= lp;
        emit Removed(msg.sender, ethOut, usdOut, lp);
    }
}
""",
        fix=[
            (
                '        ethReserve -= ethOut;\n        usdReserve -= usdOut;\n        require(usd.transfer(msg.sender, usdOut), "push");\n        (bool ok, ) = msg.sender.call{value: ethOut}("");\n        require(ok, "eth");\n        lpOf[msg.sender] -= lp;  //@\n        totalLp -= lp;\n',
                '        ethReserve -= ethOut;\n        usdReserve -= usdOut;\n        lpOf[msg.sender] -= lp;\n        totalLp -= lp;\n        require(usd.transfer(msg.sender, usdOut), "push");\n        (bool ok, ) = msg.sender.call{value: ethOut}("");\n        require(ok, "eth");\n',
            )
        ],
    ),
    dict(
        name="b7_restaked_eth_rate.sol",
        cls="read-only reentrancy",
        det=["read-only-reentrancy"],
        ver="0.7.6",
        fn="exchangeRate",  # label fix (gap7): the view read mid-update; the marked line stays on the late write
        shape="0.7 restaked-ETH pool with an exchangeRate() view: unstake (locked) burns the shares, pays with call, and lowers totalPooledEther after the call",
        src=r"""
pragma solidity ^0.7.6;

contract RestakedEther {
    string public constant name = "Restaked Ether";
    address public operator;
    uint256 public totalPooledEther;
    uint256 public totalShares;
    mapping(address => uint256) public sharesOf;
    uint256 private lock = 1;

    event Staked(address indexed who, uint256 amount, uint256 shares);
    event Unstaked(address indexed who, uint256 amount, uint256 shares);

    modifier locked() {
        require(lock == 1, "lock");
        lock = 2;
        _;
        lock = 1;
    }

    constructor() {
        operator = msg.sender;
    }

    function exchangeRate() external view returns (uint256) {
        if (totalShares == 0) return 1e18;
        return totalPooledEther * 1e18 / totalShares;
    }

    function stake() external payable locked {
        require(msg.value > 0, "zero");
        uint256 shares = totalShares == 0 ? msg.value : msg.value * totalShares / totalPooledEther;
        totalShares += shares;
        sharesOf[msg.sender] += shares;
        totalPooledEther += msg.value;
        emit Staked(msg.sender, msg.value, shares);
    }

    function reportRewards() external payable {
        require(msg.sender == operator, "operator");
        totalPooledEther += msg.value;
    }

    function unstake(uint256 shares) external locked {
        require(shares > 0 && sharesOf[msg.sender] >= shares, "shares");
        uint256 amount = shares * totalPooledEther / totalShares;
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "eth");
        totalPooledEther -= amount;  //@
        emit Unstaked(msg.sender, amount, shares);
    }
}
""",
        fix=[
            (
                '        totalShares -= shares;\n        (bool ok, ) = msg.sender.call{value: amount}("");\n        require(ok, "eth");\n        totalPooledEther -= amount;  //@\n',
                '        totalShares -= shares;\n        totalPooledEther -= amount;\n        (bool ok, ) = msg.sender.call{value: amount}("");\n        require(ok, "eth");\n',
            )
        ],
    ),
]
