// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract Throne {
    address payable public king;
    uint256 public prize;
    mapping(address => uint256) public refunds;

    constructor() payable {
        king = payable(msg.sender);
        prize = msg.value;
    }

    function claimThrone() external payable {
        require(msg.value > prize, "bid higher");
        refunds[king] += prize;
        king = payable(msg.sender);
        prize = msg.value;
    }

    function withdrawRefund() external {
        uint256 amount = refunds[msg.sender];
        refunds[msg.sender] = 0;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "withdraw");
    }
}
