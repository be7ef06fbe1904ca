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

    constructor(IPairLike _lp) {
        lp = _lp;
    }

    function lpValue(uint256 amount) public view returns (uint256) {
        (uint112 r0, , ) = lp.getReserves();
        return (2 * uint256(r0) * amount) / lp.totalSupply();
    }

    function depositLp(uint256 amount) external {
        require(lp.transferFrom(msg.sender, address(this), amount), "pull");
        lpDeposited[msg.sender] += amount;
        bonusPoints[msg.sender] += lpValue(amount);
    }
}
