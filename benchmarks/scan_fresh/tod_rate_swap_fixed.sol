// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract TokenSale {
    address public owner;
    uint256 public tokensPerEth;
    mapping(address => uint256) public balanceOf;

    constructor(uint256 rate) {
        owner = msg.sender;
        tokensPerEth = rate;
    }

    function setRate(uint256 rate) external {
        require(msg.sender == owner, "owner");
        tokensPerEth = rate;
    }

    function buy(uint256 minTokens) external payable {
        uint256 amount = msg.value * tokensPerEth;
        require(amount >= minTokens, "slippage");
        balanceOf[msg.sender] += amount;
    }
}
