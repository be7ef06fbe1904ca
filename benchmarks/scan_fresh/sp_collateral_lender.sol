// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPair {
    function getReserves() external view returns (uint112 r0, uint112 r1, uint32 ts);
}

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract CollateralLender {
    IPair public immutable pair;
    IERC20 public immutable collateral;
    IERC20 public immutable stable;
    mapping(address => uint256) public deposited;
    mapping(address => uint256) public debt;

    constructor(IPair _pair, IERC20 _collateral, IERC20 _stable) {
        pair = _pair;
        collateral = _collateral;
        stable = _stable;
    }

    function depositCollateral(uint256 amount) external {
        require(collateral.transferFrom(msg.sender, address(this), amount), "pull");
        deposited[msg.sender] += amount;
    }

    function borrow(uint256 amount) external {
        (uint112 rCol, uint112 rStable, ) = pair.getReserves();
        uint256 value = (deposited[msg.sender] * rStable) / rCol;
        require((debt[msg.sender] + amount) * 150 <= value * 100, "undercollateralised");
        debt[msg.sender] += amount;
        require(stable.transfer(msg.sender, amount), "push");
    }
}
