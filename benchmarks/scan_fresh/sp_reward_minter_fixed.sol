// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

interface IPairLike {
    function getReserves() external view returns (uint112, uint112, uint32);
    function totalSupply() external view returns (uint256);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract LpBonus {
    IPairLike public immutable lp;
    mapping(address => uint256) public bonusPoints;
    mapping(address => uint256) public lpDeposited;

    uint256 public immutable pointsPerLp;

    constructor(IPairLike _lp, uint256 _pointsPerLp) {
        lp = _lp;
        pointsPerLp = _pointsPerLp;
    }

    function depositLp(uint256 amount) external {
        require(lp.transferFrom(msg.sender, address(this), amount), "pull");
        lpDeposited[msg.sender] += amount;
        bonusPoints[msg.sender] += amount * pointsPerLp;
    }
}
