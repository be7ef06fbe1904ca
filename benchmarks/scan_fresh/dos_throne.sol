// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract Throne {
    address payable public king;
    uint256 public prize;

    constructor() payable {
        king = payable(msg.sender);
        prize = msg.value;
    }

    function claimThrone() external payable {
        require(msg.value > prize, "bid higher");
        (bool ok, ) = king.call{value: prize}("");
        require(ok, "refund failed");
        king = payable(msg.sender);
        prize = msg.value;
    }
}
