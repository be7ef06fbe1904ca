// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IV3Pool {
    function slot0() external view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool);
}

contract MarginAccounts {
    IV3Pool public immutable pool;
    mapping(address => uint256) public collateralWei;
    mapping(address => uint256) public debtUsd;

    constructor(IV3Pool _pool) {
        pool = _pool;
    }

    function priceUsd() internal view returns (uint256) {
        (uint160 sqrtP, , , , , , ) = pool.slot0();
        return (uint256(sqrtP) * uint256(sqrtP) * 1e18) >> 192;
    }

    function deposit() external payable {
        collateralWei[msg.sender] += msg.value;
    }

    function borrow(uint256 usd) external {
        uint256 value = (collateralWei[msg.sender] * priceUsd()) / 1e18;
        require((debtUsd[msg.sender] + usd) * 150 <= value * 100, "collateral");
        debtUsd[msg.sender] += usd;
    }

    function liquidate(address account) external {
        uint256 value = (collateralWei[account] * priceUsd()) / 1e18;
        require(value * 100 < debtUsd[account] * 110, "healthy");
        uint256 seized = collateralWei[account];
        collateralWei[account] = 0;
        debtUsd[account] = 0;
        payable(msg.sender).transfer(seized);
    }
}
