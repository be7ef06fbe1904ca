"""Set-6 re-entrancy cases: classic, cross-function and token-hook shapes."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_eth_lending_collateral.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.8.26",
        fn="withdrawCollateral",
        shape="0.8 ETH-collateral lending desk: withdrawCollateral pays with call{value} before debiting the deposit; borrow() is guarded and updates state first",
        src=r"""
// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.26;

error NotRiskAdmin();
error Unhealthy(uint256 debt, uint256 limit);
error TransferFailed();

library WadMath {
    uint256 internal constant WAD = 1e18;
    function wmul(uint256 a, uint256 b) internal pure returns (uint256) { return a * b / WAD; }
}

abstract contract ReentrancyLock {
    uint256 private _status = 1;
    modifier lock() {
        require(_status == 1, "locked");
        _status = 2;
        _;
        _status = 1;
    }
}

contract EthCreditDesk is ReentrancyLock {
    using WadMath for uint256;

    address public riskAdmin;
    uint256 public ltvWad = 0.75e18;
    uint256 public ethPriceUsd = 3000e18;

    mapping(address => uint256) public collateralOf;
    mapping(address => uint256) public debtUsd;
    uint256 public totalCollateral;

    event Deposited(address indexed who, uint256 amount);
    event Withdrawn(address indexed who, uint256 amount);
    event Borrowed(address indexed who, uint256 usd);
    event PriceSet(uint256 price);

    constructor() { riskAdmin = msg.sender; }

    modifier onlyRisk() {
        if (msg.sender != riskAdmin) revert NotRiskAdmin();
        _;
    }

    function setPrice(uint256 p) external onlyRisk {
        ethPriceUsd = p;
        emit PriceSet(p);
    }

    function borrowLimit(address who) public view returns (uint256) {
        return collateralOf[who].wmul(ethPriceUsd).wmul(ltvWad);
    }

    function deposit() external payable {
        collateralOf[msg.sender] += msg.value;
        totalCollateral += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    function borrow(uint256 usd) external lock {
        uint256 limit = borrowLimit(msg.sender);
        if (debtUsd[msg.sender] + usd > limit) revert Unhealthy(debtUsd[msg.sender] + usd, limit);
        debtUsd[msg.sender] += usd;
        emit Borrowed(msg.sender, usd);
    }

    function repay(uint256 usd) external {
        debtUsd[msg.sender] -= usd;
    }

    function withdrawCollateral(uint256 amount) external {
        uint256 remaining = collateralOf[msg.sender] - amount;
        uint256 limit = remaining.wmul(ethPriceUsd).wmul(ltvWad);
        if (debtUsd[msg.sender] > limit) revert Unhealthy(debtUsd[msg.sender], limit);
        (bool ok, ) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
        collateralOf[msg.sender] = remaining;  //@
        totalCollateral -= amount;
        emit Withdrawn(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "    function withdrawCollateral(uint256 amount) external {\n",
                "    function withdrawCollateral(uint256 amount) external lock {\n",
            )
        ],
    ),
    dict(
        name="b6_staking_rewards_old.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.5.17",
        fn="exit",
        shape="0.5 staking pool: exit() transfers the ERC-20 stake to the user, then the reward in ETH via call, and only afterwards zeroes stake and reward",
        src=r"""
pragma solidity ^0.5.17;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a, "add");
        return c;
    }
    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b <= a, "sub");
        return a - b;
    }
    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        if (a == 0) return 0;
        uint256 c = a * b;
        require(c / a == b, "mul");
        return c;
    }
}

interface IStakeToken {
    function transferFrom(address from, address to, uint256 v) external returns (bool);
    function transfer(address to, uint256 v) external returns (bool);
}

contract Ownable {
    address public owner;
    constructor() public { owner = msg.sender; }
    modifier onlyOwner() { require(msg.sender == owner, "owner"); _; }
}

contract EthRewardStaking is Ownable {
    using SafeMath for uint256;

    IStakeToken public stakeToken;
    uint256 public rewardPerBlock;
    uint256 public lastBlock;
    uint256 public accPerShare;
    uint256 public totalStaked;

    mapping(address => uint256) public staked;
    mapping(address => uint256) public debt;

    event Staked(address indexed user, uint256 amount);
    event Exited(address indexed user, uint256 amount, uint256 reward);

    constructor(IStakeToken t, uint256 perBlock) public {
        stakeToken = t;
        rewardPerBlock = perBlock;
        lastBlock = block.number;
    }

    function () external payable {}

    function _update() internal {
        if (totalStaked == 0) { lastBlock = block.number; return; }
        uint256 blocks = block.number.sub(lastBlock);
        accPerShare = accPerShare.add(blocks.mul(rewardPerBlock).mul(1e12) / totalStaked);
        lastBlock = block.number;
    }

    function pending(address u) public view returns (uint256) {
        return staked[u].mul(accPerShare) / 1e12 - debt[u];
    }

    function stake(uint256 amount) external {
        _update();
        require(stakeToken.transferFrom(msg.sender, address(this), amount), "pull");
        staked[msg.sender] = staked[msg.sender].add(amount);
        totalStaked = totalStaked.add(amount);
        debt[msg.sender] = staked[msg.sender].mul(accPerShare) / 1e12;
        emit Staked(msg.sender, amount);
    }

    function exit() external {
        _update();
        uint256 amount = staked[msg.sender];
        uint256 reward = pending(msg.sender);
        require(stakeToken.transfer(msg.sender, amount), "push");
        (bool ok, ) = msg.sender.call.value(reward)("");
        require(ok, "reward");
        staked[msg.sender] = 0;  //@
        debt[msg.sender] = 0;
        totalStaked = totalStaked.sub(amount);
        emit Exited(msg.sender, amount, reward);
    }

    function setRate(uint256 perBlock) external onlyOwner {
        _update();
        rewardPerBlock = perBlock;
    }
}
""",
        fix=[
            (
                '        require(stakeToken.transfer(msg.sender, amount), "push");\n        (bool ok, ) = msg.sender.call.value(reward)("");\n        require(ok, "reward");\n        staked[msg.sender] = 0;  //@\n        debt[msg.sender] = 0;\n        totalStaked = totalStaked.sub(amount);\n',
                '        staked[msg.sender] = 0;\n        debt[msg.sender] = 0;\n        totalStaked = totalStaked.sub(amount);\n        require(stakeToken.transfer(msg.sender, amount), "push");\n        (bool ok, ) = msg.sender.call.value(reward)("");\n        require(ok, "reward");\n',
            )
        ],
    ),
]
