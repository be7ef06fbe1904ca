// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

contract FarmRewards {
    uint256 public rewardPerSecond;
    address public owner;
    mapping(address => uint256) public staked;
    mapping(address => uint256) public since;

    constructor(uint256 rps) {
        owner = msg.sender;
        rewardPerSecond = rps;
    }

    function stake() external payable {
        staked[msg.sender] += msg.value;
        since[msg.sender] = block.timestamp;
    }

    function pending(address user) public view returns (uint256 r) {
        unchecked {
            r = staked[user] * (block.timestamp - since[user]) * rewardPerSecond / 1e18;
        }
    }
}
