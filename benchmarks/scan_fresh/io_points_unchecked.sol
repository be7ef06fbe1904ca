// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

contract LoyaltyPoints {
    address public shop;
    mapping(address => uint256) public points;

    event Redeemed(address indexed who, uint256 points, uint256 reward);

    constructor() {
        shop = msg.sender;
    }

    function award(address customer, uint256 amount) external {
        require(msg.sender == shop, "shop");
        points[customer] += amount;
    }

    function redeem(uint256 amount) external {
        unchecked {
            points[msg.sender] -= amount;
        }
        emit Redeemed(msg.sender, amount, amount / 100);
    }
}
