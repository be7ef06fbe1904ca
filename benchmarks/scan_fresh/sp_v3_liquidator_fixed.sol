// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IV3Pool {
    function observe(uint32[] calldata secondsAgos)
        external view returns (int56[] memory tickCumulatives, uint160[] memory liquidityCumulatives);
}

interface ITickMath {
    function priceFromTick(int24 tick) external pure returns (uint256);
}

contract MarginAccounts {
    IV3Pool public immutable pool;
    ITickMath public immutable tickMath;
    mapping(address => uint256) public collateralWei;
    mapping(address => uint256) public debtUsd;

    constructor(IV3Pool _pool, ITickMath _tickMath) {
        pool = _pool;
        tickMath = _tickMath;
    }

    function priceUsd() internal view returns (uint256) {
        uint32[] memory ago = new uint32[](2);
        ago[0] = 1800;
        (int56[] memory cum, ) = pool.observe(ago);
        int24 meanTick = int24((cum[1] - cum[0]) / 1800);
        return tickMath.priceFromTick(meanTick);
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
