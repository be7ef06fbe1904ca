// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPriceFeed {
    function latestPrice() external view returns (uint256 price, uint256 updatedAt);
}

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract CollateralLender {
    IPriceFeed public immutable feed;
    IERC20 public immutable collateral;
    IERC20 public immutable stable;
    mapping(address => uint256) public deposited;
    mapping(address => uint256) public debt;

    constructor(IPriceFeed _feed, IERC20 _collateral, IERC20 _stable) {
        feed = _feed;
        collateral = _collateral;
        stable = _stable;
    }

    function depositCollateral(uint256 amount) external {
        require(collateral.transferFrom(msg.sender, address(this), amount), "pull");
        deposited[msg.sender] += amount;
    }

    function borrow(uint256 amount) external {
        (uint256 price, uint256 updatedAt) = feed.latestPrice();
        require(block.timestamp - updatedAt < 1 hours, "stale");
        uint256 value = (deposited[msg.sender] * price) / 1e18;
        require((debt[msg.sender] + amount) * 150 <= value * 100, "undercollateralised");
        debt[msg.sender] += amount;
        require(stable.transfer(msg.sender, amount), "push");
    }
}
